import { describe, expect, it } from 'vitest';
import { knownName, monthOf, parsePlanRows, textRows } from '../../electron/core/import/plan-import.js';

const known = {
  bodies: new Set(['市教育局', '市人大常委会财政经济工作委员会', '市人大常委会社会建设工作委员会', '市民政局']),
  appointees: new Set(['王五']),
};

describe('plan import', () => {
  it('splits each line by its own separator: tabs where a line has them, else “|”', () => {
    const rows = textRows('专项工作报告\t听取教育工作报告\t市教育局\n执法检查 | 检查食品安全法 | 市市场监督管理局\n\n');
    expect(rows).toEqual([
      { line: 1, cells: ['专项工作报告', '听取教育工作报告', '市教育局'] },
      { line: 2, cells: ['执法检查', '检查食品安全法', '市市场监督管理局'] },
    ]);
  });

  it('takes a short name for the one body whose full name ends with it, and keeps an ambiguous or unknown one as written', () => {
    const bodies = [...known.bodies];
    expect(knownName('财政经济工作委员会', bodies)).toBe('市人大常委会财政经济工作委员会');
    expect(knownName('教育局', bodies)).toBe('市教育局');
    expect(knownName('工作委员会', bodies)).toBe('工作委员会');
    expect(knownName('市水利局', bodies)).toBe('市水利局');
  });

  it('resolves names before saying which bodies are new, and explains a line it cannot split', () => {
    const rows = parsePlanRows(textRows('专项工作报告 | 听取教育工作报告 | 教育局、王五、市水利局 | 财政经济工作委员会 | 3月 |\n随便写的一行字'), known);
    expect(rows[0]!.fields).toEqual({ kind: 'special_report', title: '听取教育工作报告', subjectNames: ['市教育局', '王五', '市水利局'], leadName: '市人大常委会财政经济工作委员会', plannedMonth: 3, notes: null });
    expect(rows[0]!.newBodies).toEqual(['市水利局']);
    expect(rows[1]!.fields).toBeNull();
    expect(rows[1]!.errors).toEqual(['无法分列：请从表格中复制（各列以 Tab 分隔），或用“|”分隔各列：监督方式 | 监督事项 | 监督对象 | 牵头委员会 | 计划月份 | 备注']);
  });

  it('drops list numbering from a title and from the names of its subjects', () => {
    const rows = parsePlanRows(textRows('专项工作报告 | （四）听取教育工作报告 | 1.教育局、2.市民政局 | 财政经济工作委员会 | 3月 |'), known);
    expect(rows[0]!.fields).toMatchObject({ title: '听取教育工作报告', subjectNames: ['市教育局', '市民政局'] });
  });

  it('reads months as clerks write them', () => {
    expect(['3', '03月', '三月', '十二月', '12月份', '', '全年', '待定'].map((t) => monthOf(t)?.month)).toEqual([3, 3, 3, 12, 12, null, null, null]);
    expect(['13', '0', '第三季度'].map((t) => monthOf(t))).toEqual([null, null, null]);
  });
});

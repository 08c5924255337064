import { describe, expect, it } from 'vitest';
import { pastedLines, stripListNumber } from '../../shared/domain/text.js';

/** Pasted lists lose their numbering (issue 11, item 4): 「4 市城市管理局」 → 「市城市管理局」. */
describe('stripListNumber', () => {
  it('drops every numbering a Word or Excel list uses', () => {
    const numbered = [
      '4 市城市管理局',
      '4\t市城市管理局',
      '4. 市城市管理局',
      '4.市城市管理局',
      '4．市城市管理局',
      '4、市城市管理局',
      '4) 市城市管理局',
      '(4) 市城市管理局',
      '（4）市城市管理局',
      '（四）市城市管理局',
      '四、市城市管理局',
      '十二、市城市管理局',
      '①市城市管理局',
      '⑫ 市城市管理局',
      '⑷市城市管理局',
      '⒋市城市管理局',
      '❹市城市管理局',
      '４、市城市管理局',
      '１２　市城市管理局',
      '第四项：市城市管理局',
      '• 市城市管理局',
      '- 市城市管理局',
      '  4、  市城市管理局  ',
      '一、1. 市城市管理局',
      '1.（1）市城市管理局',
    ];
    for (const line of numbered) expect(stripListNumber(line), line).toBe('市城市管理局');
  });

  it('keeps names that only start with a number or a numeral', () => {
    const names = [
      '市城市管理局',
      '2026年民生实事项目',
      '2026 年度城区道路改造',
      '12345政务服务便民热线',
      '4.5亿元城区供水管网改造',
      '十一届人大以来的立法工作',
      '三农工作',
      '一网通办平台建设',
      '5G基站建设',
      '任命李明为市教育局局长',
      '-5℃以下防寒措施',
    ];
    for (const name of names) expect(stripListNumber(name), name).toBe(name);
  });

  it('leaves a line that is only a number empty or as it is', () => {
    expect(stripListNumber('4、')).toBe('');
    expect(stripListNumber('（四）')).toBe('');
    expect(stripListNumber('①')).toBe('');
    expect(stripListNumber('4')).toBe('4');
  });
});

describe('pastedLines', () => {
  it('splits on any line ending, strips numbering and drops blank lines', () => {
    expect(pastedLines('1. 市教育局\r\n2、市民政局\n\n  \r（三）市卫生健康委员会\n4 市城市管理局\n')).toEqual([
      '市教育局',
      '市民政局',
      '市卫生健康委员会',
      '市城市管理局',
    ]);
    expect(pastedLines('')).toEqual([]);
  });
});

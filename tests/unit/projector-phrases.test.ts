import { describe, expect, it } from 'vitest';
import { phrases, splitTail } from '../../renderer/projector/phrases.js';

/** Where long names may wrap on the room screen: between phrases, never leaving one character alone. */

const NAMES = [
  '市人力资源和社会保障局',
  '市发展和改革委员会',
  '市住房和城乡建设局',
  '市文化广电旅游局',
  '市市场监督管理局',
  '市卫生健康委员会',
  '关于批准2026年市级预算调整方案的决议（草案）',
  '洛阳市第十七届人民代表大会常务委员会',
  '中华人民共和国',
  '市中级人民法院',
  '张三、李四、王五',
  '市教育局',
  '局',
  '市局',
  '对九个部门研究处理审议意见情况的满意度测评',
];

describe('phrases of a name', () => {
  it('break before a conjunction, before a body suffix that ends the name, around 关于 and after 的', () => {
    expect(phrases('市人力资源和社会保障局')).toEqual(['市人力资源', '和社会保障局']);
    expect(phrases('市发展和改革委员会')).toEqual(['市发展', '和改革', '委员会']);
    expect(phrases('市市场监督管理局')).toEqual(['市市场', '监督管理局']);
    expect(phrases('市卫生健康委员会')).toEqual(['市卫生健康', '委员会']);
    expect(phrases('洛阳市第十七届人民代表大会常务委员会')).toEqual(['洛阳市第十七届', '人民代表大会常务委员会']);
    expect(phrases('关于批准2026年市级预算调整方案的决议（草案）')).toEqual(['关于', '批准2026年市级预算调整方案的', '决议', '（草案）']);
  });

  it('after 、 and before an opening bracket; never inside a number or a word like 共和国', () => {
    expect(phrases('张三、李四、王五')).toEqual(['张三、', '李四、', '王五']);
    expect(phrases('中华人民共和国')).toEqual(['中华人民共和国']);
    expect(phrases('2026年度计划（修订稿）')).toEqual(['2026年度计划', '（修订稿）']);
  });

  it('give the name back, and every phrase has at least two characters (none is a lone 局)', () => {
    for (const name of NAMES) {
      const parts = phrases(name);
      expect(parts.join(''), name).toBe(name);
      if (Array.from(name).length >= 2) for (const p of parts) expect(Array.from(p.replace(/[、（）()]/g, '')).length, `${name}: ${p}`).toBeGreaterThanOrEqual(2);
    }
    expect(phrases('局')).toEqual(['局']);
    expect(phrases('')).toEqual([]);
  });

  it('keep the last two characters together', () => {
    expect(splitTail('和社会保障局')).toEqual(['和社会保', '障局']);
    expect(splitTail('王五')).toEqual(['', '王五']);
    expect(splitTail('局')).toEqual(['', '局']);
  });
});

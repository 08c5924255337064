import { describe, expect, it } from 'vitest';
import { defaultSegmenter, phrases, splitTail, words, wrapName } from '../../renderer/projector/phrases.js';

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

  it('keep the last two characters together, with the punctuation after them and a digit run whole', () => {
    expect(splitTail('和社会保障局')).toEqual(['和社会保', '障局']);
    expect(splitTail('王五')).toEqual(['', '王五']);
    expect(splitTail('局')).toEqual(['', '局']);
    expect(splitTail('（市卫生健康委员会主任）')).toEqual(['（市卫生健康委员会', '主任）']);
    expect(splitTail('（草案）')).toEqual(['', '（草案）']);
    expect(splitTail('幼儿园20所')).toEqual(['幼儿园', '20所']);
    expect(splitTail('增长12.5%')).toEqual(['增长', '12.5%']);
  });
});

const PROJECTS = ['新建改扩建公办幼儿园20所', '城乡居民基本医疗保险财政补助提标', '老旧小区改造和社区养老服务设施建设'];
const CANDIDATES = ['陈静（市卫生健康委员会主任）', '刘洋（市人民检察院副检察长）'];
const textOf = (s: string) => Array.from(s).filter((c) => !/[\p{P}\s]/u.test(c));

describe('words of a phrase wider than the line', () => {
  it('Intl.Segmenter is there (Node 24, Chromium)', () => {
    expect(defaultSegmenter()).not.toBeNull();
  });

  it('break between words, never one character alone, a digit run with its unit', () => {
    expect(words('新建改扩建公办幼儿园20所')).toEqual(['新建改', '扩建', '公办', '幼儿园', '20所']);
    expect(words('城乡居民基本医疗保险财政补助提标')).toEqual(['城乡', '居民', '基本', '医疗', '保险', '财政', '补助', '提标']);
    expect(words('和社区养老服务设施建设')).toEqual(['和社区', '养老', '服务', '设施', '建设']);
    expect(words('（市卫生健康委员会主任）')).toEqual(['（市卫生', '健康', '委员会', '主任）']);
    expect(words('（市人民检察院副检察长）')).toEqual(['（市人民', '检察院', '副检察长）']);
    expect(words('4.5亿元GDP增长12.5%')).toEqual(['4.5亿元', 'GDP', '增长', '12.5%']);
  });

  it('phrases stay the first breaks: a project name without one is all words', () => {
    expect(phrases('老旧小区改造和社区养老服务设施建设')).toEqual(['老旧小区改造', '和社区养老服务设施建设']);
    expect(phrases('陈静（市卫生健康委员会主任）')).toEqual(['陈静', '（市卫生健康委员会主任）']);
    expect(phrases('城乡居民基本医疗保险财政补助提标')).toEqual(['城乡居民基本医疗保险财政补助提标']);
  });

  it('without Intl.Segmenter: pairs of characters, digit / Latin runs whole', () => {
    expect(words('新建改扩建公办幼儿园20所', null)).toEqual(['新建', '改扩', '建公', '办幼', '儿园', '20所']);
    expect(words('（市卫生健康委员会主任）', null)).toEqual(['（市卫', '生健', '康委', '员会', '主任）']);
    expect(words('批准2026年', null)).toEqual(['批准', '2026年']);
    expect(words('局', null)).toEqual(['局']);
    // A segmenter that does not give the text back is not trusted.
    expect(words('幼儿园20所', () => ['幼儿'])).toEqual(['幼儿', '园20所']);
  });

  it('a phrase of up to six characters is not broken into words: the breaks between phrases come first', () => {
    const words_ = (name: string) => wrapName(name).map((ws) => ws.map((w) => w.map((p) => p.text).join('')));
    expect(words_('市人力资源和社会保障局')).toEqual([['市人力资源'], ['和社会保障局']]);
    expect(words_('老旧小区改造和社区养老服务设施建设')).toEqual([['老旧小区改造'], ['和社区', '养老', '服务', '设施', '建设']]);
    expect(words_('陈静（市卫生健康委员会主任）')).toEqual([['陈静'], ['（市卫生', '健康', '委员会', '主任）']]);
  });

  for (const [label, segment] of [
    ['with Intl.Segmenter', defaultSegmenter()],
    ['without it', null],
  ] as const) {
    it(`every word holds two characters, the name comes back, runs and the tail are unbroken (${label})`, () => {
      for (const name of [...NAMES, ...PROJECTS, ...CANDIDATES, '4.5亿元GDP增长12.5%']) {
        const layout = wrapName(name, segment);
        expect(layout.flat(2).map((p) => p.text).join(''), name).toBe(name);
        for (const phrase of layout)
          for (const word of phrase) {
            const text = word.map((p) => p.text).join('');
            if (textOf(name).length >= 2) expect(textOf(text).length, `${name}: ${text}`).toBeGreaterThanOrEqual(2);
            // A digit / Latin run sits inside one unbroken piece.
            for (const m of text.matchAll(/[0-9A-Za-z.%]+/g)) expect(word.some((p) => p.nobr && p.text.includes(m[0])), `${name}: ${m[0]}`).toBe(true);
          }
        const last = layout.at(-1)!.at(-1)!.at(-1)!;
        expect(last.nobr, name).toBe(true);
        expect(name.endsWith(last.text) && textOf(last.text).length >= Math.min(2, textOf(name).length), `${name}: ${last.text}`).toBe(true);
      }
    });
  }
});

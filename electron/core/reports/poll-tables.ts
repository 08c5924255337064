import { DENOMINATOR_UNIT } from '../../../shared/domain/polls/labels.js';
import type { PollResult, SheetSummary } from '../../../shared/domain/polls/result.js';
import { VOTE_KIND_LABEL } from '../../../shared/domain/labels.js';
import type { TableColumn } from '../../../shared/domain/reports/official-doc.js';
import type { Cell, SheetColumn } from '../../../shared/domain/reports/workbook.js';
import { checkCode } from '../../../shared/domain/format.js';
import type { SealedPoll } from './sources.js';

/**
 * One sealed poll as the reports print it: the same figures for the document's table and the
 * spreadsheet's sheet, read only from the sealed result (never from ballots). A rate goes to
 * the spreadsheet as the printed value (68.97% → 0.6897), so Excel shows what the seal says;
 * the counts beside it allow exact arithmetic.
 */
export interface PollTable {
  kindLabel: string;
  /** One paragraph: voting method and the sheet counts. */
  facts: string;
  docColumns: TableColumn[];
  docRows: string[][];
  sheetColumns: SheetColumn[];
  sheetRows: Cell[][];
  /** The rule and its denominator, in words. */
  rule: string;
  warnings: string[];
}

/** "68.97%" → 0.6897; "—" → null. */
export function rateValue(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text);
  return m ? Number((Number(m[1]) / 100).toFixed(6)) : null;
}

/** What a ballot is called for each kind: 测评票, 评议票, 表决票, 票决票. */
const BALLOT_NAME: Record<PollResult['kind'], string> = { satisfaction: '测评票', scoring: '评议票', decision: '表决票', appointment: '表决票', selection: '票决票' };

export function sheetFacts(s: SheetSummary, anonymous: boolean, kind: PollResult['kind'] = 'decision'): string {
  const method = anonymous ? '无记名投票' : '记名投票';
  const ballot = BALLOT_NAME[kind];
  const parts = [`应到${s.serving}人，实到${s.present}人`];
  if (s.device !== undefined && s.paperReturned !== undefined) {
    parts.push(`收回${ballot}${s.returned}张（电子${s.device}张、纸质${s.paperReturned}张）`);
  } else {
    parts.push(`收回${ballot}${s.returned}张`);
  }
  parts.push(`有效票${s.valid}张，无效票${s.invalid}张${s.blank > 0 ? `（其中空白票${s.blank}张）` : ''}`);
  return `表决方式：${method}。${parts.join('；')}。`;
}

function denominatorWords(r: PollResult): string {
  const values = new Set<number>();
  for (const t of r.targets) if ('denominator' in t) values.add(t.denominator.value);
  const unit = DENOMINATOR_UNIT[r.denominator.kind];
  if (values.size === 1) return `计票基数为${r.denominator.label}（${[...values][0]}${unit}）`;
  return `计票基数为${r.denominator.label}（各测评对象分别计算）`;
}

const rank = (n: number | null): string => (n === null ? '—' : String(n));
const cnt = (count: number, rateText: string): string => `${count}\n${rateText}`;

/** Targets in the order of the sealed ranking (ties share a rank, then definition order). */
function inRankOrder<T extends { key: string }>(r: PollResult, targets: readonly T[]): T[] {
  if (r.ranking.length === 0) return [...targets];
  const pos = new Map(r.ranking.map((e, i) => [e.key, i]));
  return [...targets].sort((a, b) => (pos.get(a.key) ?? 1e9) - (pos.get(b.key) ?? 1e9));
}

export function pollTable(p: SealedPoll): PollTable {
  const r = p.result;
  const base = { kindLabel: VOTE_KIND_LABEL[r.kind], facts: sheetFacts(r.sheets, r.anonymous, r.kind), warnings: r.warnings };
  switch (r.kind) {
    case 'satisfaction': {
      const labels = r.targets[0]?.options.map((o) => o.label) ?? ['满意', '基本满意', '不满意'];
      const rows = inRankOrder(r, r.targets);
      return {
        ...base,
        rule: `评定规则：${r.rule.text}；${denominatorWords(r)}。`,
        docColumns: [
          { title: '名次', width: 1, align: 'center' },
          { title: '测评对象', width: 4, align: 'left' },
          ...labels.map((l) => ({ title: `${l}\n票数/比例`, width: 1.7, align: 'center' as const })),
          { title: '满意率', width: 1.6, align: 'center' },
          { title: '评定结果', width: 1.6, align: 'center' },
        ],
        docRows: rows.map((t) => [rank(t.rank), t.label, ...t.options.map((o) => cnt(o.count, o.rate.text)), t.satisfactionRate.text, t.verdict?.label ?? '不评定']),
        sheetColumns: [
          { header: '名次', kind: 'int' },
          { header: '测评对象', kind: 'text' },
          ...labels.flatMap((l) => [
            { header: `${l}（票）`, kind: 'int' as const },
            { header: `${l}（比例）`, kind: 'percent2' as const },
          ]),
          { header: '未填', kind: 'int' },
          { header: '无效', kind: 'int' },
          { header: '满意率（满意+基本满意）', kind: 'percent2' },
          { header: '计票基数', kind: 'int' },
          { header: '评定结果', kind: 'text' },
        ],
        sheetRows: rows.map((t) => [
          t.rank,
          t.label,
          ...t.options.flatMap((o) => [o.count, rateValue(o.rate.text)]),
          t.unfilled,
          t.invalid,
          rateValue(t.satisfactionRate.text),
          t.denominator.value,
          t.verdict?.label ?? '不评定',
        ]),
      };
    }
    case 'scoring': {
      const rows = inRankOrder(r, r.targets);
      return {
        ...base,
        rule: `计分规则：${r.rule.text}；${denominatorWords(r)}。`,
        docColumns: [
          { title: '名次', width: 1, align: 'center' },
          { title: '评议对象', width: 4, align: 'left' },
          { title: '有效评分', width: 1.4, align: 'center' },
          { title: '平均分', width: 1.4, align: 'center' },
          { title: '最高分', width: 1.4, align: 'center' },
          { title: '最低分', width: 1.4, align: 'center' },
          { title: '得分', width: 1.4, align: 'center' },
          { title: '等次', width: 1.6, align: 'center' },
        ],
        docRows: rows.map((t) => [rank(t.rank), t.label, String(t.stats.counted), t.stats.mean?.text ?? '—', t.stats.max?.text ?? '—', t.stats.min?.text ?? '—', t.score?.text ?? '—', t.grade?.label ?? '—']),
        sheetColumns: [
          { header: '名次', kind: 'int' },
          { header: '评议对象', kind: 'text' },
          { header: '有效评分（份）', kind: 'int' },
          { header: '未填', kind: 'int' },
          { header: '无效', kind: 'int' },
          { header: '平均分', kind: 'decimal2' },
          { header: '去掉最高最低后平均分', kind: 'decimal2' },
          { header: '最高分', kind: 'decimal2' },
          { header: '最低分', kind: 'decimal2' },
          { header: '得分', kind: 'decimal2' },
          { header: '等次', kind: 'text' },
        ],
        sheetRows: rows.map((t) => [
          t.rank,
          t.label,
          t.stats.counted,
          t.unfilled,
          t.invalid,
          t.stats.mean ? Number(t.stats.mean.text) : null,
          t.stats.trimmedMean ? Number(t.stats.trimmedMean.text) : null,
          t.stats.max ? Number(t.stats.max.text) : null,
          t.stats.min ? Number(t.stats.min.text) : null,
          t.score ? Number(t.score.text) : null,
          t.grade?.label ?? '—',
        ]),
      };
    }
    case 'decision':
    case 'appointment': {
      const labels = r.targets[0]?.options.map((o) => o.label) ?? ['赞成', '反对', '弃权'];
      return {
        ...base,
        rule: `表决规则：${r.rule.text}；${denominatorWords(r)}。`,
        docColumns: [
          { title: '序号', width: 1, align: 'center' },
          { title: r.kind === 'appointment' ? '任免事项' : '表决事项', width: 4.6, align: 'left' },
          ...labels.map((l) => ({ title: l, width: 1.2, align: 'center' as const })),
          { title: '未填/无效', width: 1.3, align: 'center' },
          { title: '通过所需', width: 1.3, align: 'center' },
          { title: '结果', width: 1.3, align: 'center' },
        ],
        docRows: r.targets.map((t, i) => [String(i + 1), t.persons.length > 0 ? `${t.label}（${t.persons.map((x) => x.label).join('、')}）` : t.label, ...t.options.map((o) => String(o.count)), String(t.unfilled + t.invalid), String(t.required), t.verdict.label]),
        sheetColumns: [
          { header: '序号', kind: 'int' },
          { header: r.kind === 'appointment' ? '任免事项' : '表决事项', kind: 'text' },
          ...labels.map((l) => ({ header: `${l}（票）`, kind: 'int' as const })),
          { header: '未填', kind: 'int' },
          { header: '无效', kind: 'int' },
          { header: '计票基数', kind: 'int' },
          { header: '通过所需赞成票', kind: 'int' },
          { header: '结果', kind: 'text' },
        ],
        sheetRows: r.targets.map((t, i) => [i + 1, t.label, ...t.options.map((o) => o.count), t.unfilled, t.invalid, t.denominator.value, t.required, t.verdict.label]),
      };
    }
    case 'selection': {
      const rows = inRankOrder(r, r.targets);
      const s = r.selection;
      return {
        ...base,
        rule: `票决规则：${r.rule.text}；应选${s.seats}项，当选${s.selected}项${s.runoffSeats > 0 ? `，另有${s.runoffSeats}项需在${s.runoffCandidates}个得票相同的项目中再次票决` : ''}${s.vacantSeats > 0 ? `，${s.vacantSeats}项空缺` : ''}。`,
        docColumns: [
          { title: '名次', width: 1, align: 'center' },
          { title: '项目', width: 5, align: 'left' },
          { title: '得票', width: 1.4, align: 'center' },
          { title: '得票率', width: 1.6, align: 'center' },
          { title: '结果', width: 1.8, align: 'center' },
        ],
        docRows: rows.map((t) => [rank(t.rank), t.label, String(t.votes), t.rate.text, t.stateLabel ?? '—']),
        sheetColumns: [
          { header: '名次', kind: 'int' },
          { header: '项目', kind: 'text' },
          { header: '得票', kind: 'int' },
          { header: '得票率（占有效票）', kind: 'percent2' },
          { header: '过半数', kind: 'text' },
          { header: '结果', kind: 'text' },
        ],
        sheetRows: rows.map((t) => [t.rank, t.label, t.votes, rateValue(t.rate.text), t.majority ? '是' : '否', t.stateLabel ?? '—']),
      };
    }
  }
}

/** The sentence every results document carries under the digest. */
export function digestSentence(digest: string, office = '办公厅'): string {
  return `封存校验码前16位为 ${checkCode(digest)}。核对方法：在会务系统的表决结果页面或会场大屏上核对校验码；也可由${office}使用会务系统的核验功能（npm run verify）以封存的选票重新计票，结果一致即为无误。`;
}

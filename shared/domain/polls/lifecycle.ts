/**
 * The poll lifecycle in one table: which actions each status allows, and when a poll closes
 * by itself. The core refuses by it; the console enables its buttons by it.
 */

export const POLL_STATUSES = ['draft', 'open', 'closed', 'released'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];
export const POLL_STATUS_LABEL: Record<PollStatus, string> = { draft: '草稿', open: '表决中', closed: '已结束（未公布）', released: '已公布' };
/** The status as a sentence subject: “…”尚未开始，不能… */
const STATUS_PHRASE: Record<PollStatus, string> = { draft: '尚未开始', open: '正在表决', closed: '已结束', released: '已公布' };

/** How a member took part: on a device, or with a paper sheet handed to them. */
export const VOTE_CHANNELS = ['device', 'paper'] as const;
export type VoteChannel = (typeof VOTE_CHANNELS)[number];

export const POLL_ACTIONS = {
  edit: { from: ['draft'], verb: '修改', hint: '已开始的表决不能修改，如需重新表决请另行表决' },
  delete: { from: ['draft'], verb: '删除', hint: null },
  open: { from: ['draft'], verb: '开始', hint: null },
  close: { from: ['open'], verb: '结束', hint: null },
  release: { from: ['closed'], verb: '公布', hint: null },
  newRound: { from: ['closed', 'released'], verb: '另行表决', hint: '需先结束本轮' },
  /** Hand out, take back and enter paper sheets. */
  paper: { from: ['open'], verb: '发放或录入纸质选票', hint: null },
  result: { from: ['closed', 'released'], verb: '查看结果', hint: '结果在结束并封存后才能查看' },
  verify: { from: ['closed', 'released'], verb: '核验', hint: null },
} as const satisfies Record<string, { from: readonly PollStatus[]; verb: string; hint: string | null }>;
export type PollAction = keyof typeof POLL_ACTIONS;

export function allows(status: PollStatus, action: PollAction): boolean {
  return (POLL_ACTIONS[action].from as readonly PollStatus[]).includes(status);
}

/** The Chinese refusal when `action` is not allowed in `status`, or null when it is. */
export function refusal(status: PollStatus, action: PollAction, title: string): string | null {
  if (allows(status, action)) return null;
  const a = POLL_ACTIONS[action];
  return `“${title}”${STATUS_PHRASE[status]}，不能${a.verb}${a.hint ? `（${a.hint}）` : ''}。`;
}

/** Where an open poll stands, counted from the roll and the paper sheets; never a choice. */
export interface RollCounts {
  /** Members entitled to vote (present when the poll opened) who are still present. */
  entitledPresent: number;
  /** Of those, the ones who voted on a device or were handed a paper sheet. */
  entitledPresentTookPart: number;
  /** Paper sheets handed out (to named members, plus any handed out before names were kept). */
  handedOut: number;
  /** Sheets entered at least once. */
  entered: number;
  /** Sheets entered but not yet counted (waiting for a second entry, or entries that disagree). */
  pendingSheets: number;
}

/**
 * Auto-close: every entitled member still present has voted on a device or been handed a
 * sheet, every sheet handed out has come back and been entered, and none is pending —
 * whichever channel came last.
 */
export function autoCloseDue(c: RollCounts): boolean {
  return c.entitledPresent > 0 && c.entitledPresentTookPart >= c.entitledPresent && c.entered >= c.handedOut && c.pendingSheets === 0;
}

/**
 * With fewer than this many members on paper, the clerk who types a sheet can tell whose it
 * is (docs/anonymity.md): the hand-out screen says so before the sheets are entered.
 */
export const FEW_PAPER_HOLDERS = 3;

export function paperAnonymityNotice(holders: number, anonymous: boolean): string | null {
  if (!anonymous || holders === 0 || holders >= FEW_PAPER_HOLDERS) return null;
  return `只有 ${holders} 人使用纸质选票：录入选票的工作人员能够据此知道其选择。如需保密，可请更多组成人员改用纸质选票，或将收回的选票混合后由其他工作人员录入。`;
}

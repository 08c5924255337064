import type { VoterErrorCode } from '../../../shared/api/voter-protocol.js';

/** An error a voter device is told about; its message is shown to the member as it is. */
export class VoterError extends Error {
  constructor(
    readonly code: VoterErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export const VOTER_ERRORS = {
  unauthorized: () => new VoterError('UNAUTHORIZED', '登录码无效。请核对签到卡上的登录码，或向工作人员求助。', 401),
  revoked: () => new VoterError('REVOKED', '这张签到卡已停用。请扫描新签到卡上的二维码，或输入新卡上的登录码；没有新卡请向会务工作人员领取。', 401),
  notPresent: () => new VoterError('NOT_PRESENT', '您尚未签到或已登记为缺席，不能投票。请向工作人员确认签到。', 403),
  notEntitled: () => new VoterError('NOT_ENTITLED', '本项表决开始时您尚未签到，不能参加本项表决；下一项表决开始后即可投票。', 403),
  paperSheet: () => new VoterError('PAPER_SHEET', '您已领取纸质选票，本项表决请在纸质选票上填写，交给工作人员。', 409),
  noOpenPoll: () => new VoterError('NO_OPEN_POLL', '当前没有正在进行的表决。', 409),
  pollClosed: () => new VoterError('POLL_CLOSED', '本项表决已经结束，不能再投票。', 409),
  alreadyVoted: () => new VoterError('ALREADY_VOTED', '您已投过票，每项表决只能投一次。', 409),
  invalidBallot: (detail: string) => new VoterError('INVALID_BALLOT', `选票内容有误：${detail}`, 400),
  badRequest: (detail: string) => new VoterError('BAD_REQUEST', `请求格式有误：${detail}`, 400),
  tooLarge: () => new VoterError('TOO_LARGE', '请求内容过大。', 413),
  rateLimited: () => new VoterError('RATE_LIMITED', '操作太频繁，请稍候几秒再试。', 429),
  notFound: () => new VoterError('NOT_FOUND', '未找到。', 404),
  internal: () => new VoterError('INTERNAL', '服务器暂时无法处理，请稍后重试（如正在投票，这张选票未被记录，请重新提交）。', 500),
} as const;

/**
 * The voter protocol over fetch (docs/voter-protocol.md). Paths are absolute: the app is
 * served under /vote/ and the API lives under /v1/ on the same listener.
 */

/** The host answered with `{error:{code,message}}`; `message` is Chinese (see memberMessage for what a member reads). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from Retry-After, or 0. */
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

/** No answer: the request may or may not have reached the host. */
export class NetworkError extends Error {}

const NO_ANSWER = '投票服务暂时没有应答，请稍后再试；如仍不行，请向会务工作人员求助。';
const NOT_SENT = '这张选票未能提交。请刷新页面，重新填写后再提交；如仍不行，请向会务工作人员求助。';

/**
 * What a member reads for an error. The host's messages for members (登录码无效, 已投过票, 表决已结束 …)
 * are plain and shown as they are; the ones for a broken request name fields and formats
 * (请求格式有误：receipt：…), which only matter to whoever wrote the client, so the member is
 * told instead what happened to the ballot and what to do.
 */
export function memberMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return '网络连接中断，请确认已连接会场的无线网络，然后再试。';
  switch (err.code) {
    case 'BAD_REQUEST':
    case 'INVALID_BALLOT':
    case 'TOO_LARGE':
      return NOT_SENT;
    case 'NOT_FOUND':
      return '没有找到这项表决，请刷新页面后再试。';
    case 'INTERNAL':
    case 'HTTP':
      return NO_ANSWER;
    default:
      return err.message;
  }
}

const TIMEOUT_MS = 15_000;

/** Whether trying the same request again later may succeed. */
export function retryable(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof ApiError && (err.status >= 500 || err.code === 'RATE_LIMITED'));
}

export function request<T>(method: 'GET' | 'POST', path: string, code: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Credential ${code}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // No AbortController before Chrome 66 / Safari 12.1: a late answer is simply ignored.
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new NetworkError('timeout'));
    }, TIMEOUT_MS);
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' }).then(
      (res) =>
        res.text().then(
          (text) => {
            let json: unknown = null;
            try {
              json = JSON.parse(text);
            } catch {
              // a proxy page or an empty answer
            }
            if (res.ok) return done(() => resolve(json as T));
            const e = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
            const retryAfter = Number(res.headers.get('Retry-After')) || 0;
            const message = e && typeof e.message === 'string' ? e.message : NO_ANSWER;
            done(() => reject(new ApiError(res.status, e && typeof e.code === 'string' ? e.code : 'HTTP', message, retryAfter)));
          },
          () => done(() => reject(new NetworkError('body'))),
        ),
      () => done(() => reject(new NetworkError('fetch'))),
    );
  });
}

/** Exponential backoff with jitter, so a room of devices does not retry in step. */
export function backoff(attempt: number, maxMs = 10_000): number {
  const base = Math.min(maxMs, 800 * Math.pow(2, attempt));
  return Math.round(base * (0.7 + Math.random() * 0.6));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

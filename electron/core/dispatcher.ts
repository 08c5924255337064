import type { z } from 'zod';
import '../../shared/api/zod-locale.js';
import { contract, isMethod, type Method, type Output, type ParsedInput } from '../../shared/api/contract.js';
import { AppError, type ErrorBody, type FieldIssue, type Result } from '../../shared/api/errors.js';
import type { CallContext } from './core-types.js';

/** One handler per contract method; a missing one is a compile error. */
export type Handlers = { [M in Method]: (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>> };

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(issues: FieldIssue[]): ErrorBody {
  const first = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}：${i.message}` : i.message))
    .join('；');
  return { code: 'VALIDATION', message: `输入有误：${first}`, issues };
}

function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * The only entry into the core. Validates input and output against the contract, runs
 * the handler, and turns every failure into an error envelope. Unknown errors are
 * logged with their stack and answered with a generic message.
 */
export function createDispatcher(handlers: Handlers, log: (line: string) => void) {
  return async function dispatch(method: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (typeof method !== 'string' || !isMethod(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的操作“${String(method).slice(0, 60)}”，请升级或重启程序后再试。` } };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) return { ok: false, error: validationError(issuesOf(parsed.error)) };
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, ctx);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log(`output of ${method} does not match the contract: ${out.error.message}`);
        return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误（返回数据不符合约定），请联系技术支持。' } };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      const code = sqliteCode(err);
      if (code?.startsWith('SQLITE_CONSTRAINT')) {
        return { ok: false, error: { code: 'CONFLICT', message: '保存失败：与已有记录冲突或引用的记录不存在，请刷新后再试。' } };
      }
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_FULL' || code === 'SQLITE_IOERR') {
        log(`${method} failed: ${code}`);
        return { ok: false, error: { code: 'INTERNAL', message: '数据库暂时无法写入（磁盘已满或被占用），本次操作未保存，请检查磁盘后重试。' } };
      }
      log(`${method} failed: ${(err as Error)?.stack ?? String(err)}`);
      return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误，本次操作未保存。请重试；如仍失败，请联系技术支持。' } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

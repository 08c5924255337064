/**
 * The one error family. Services throw AppError; the dispatcher turns everything else
 * into INTERNAL (logged with stack, never sent). Messages are Chinese and tell the user
 * what to do next; `code` is what code switches on.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'STATE',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'TOO_LARGE',
  'BAD_FILE',
  'DB_TOO_NEW',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, '' for the whole input. */
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/**
 * Exact arithmetic for tallies. Sums of floats depend on the order of the terms, and the
 * ballot store has no order, so every score, mean and rate is computed on BigInt fractions
 * and rounded once, half up, at the end.
 */

/** A non-negative-denominator fraction in lowest terms. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function q(n: bigint | number, d: bigint | number = 1n): Q {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('division by zero');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

export const ZERO: Q = q(0);
export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const sum = (xs: readonly Q[]): Q => xs.reduce(add, ZERO);

/** x rounded half up to hundredths, as an integer count of hundredths (x ≥ 0). */
export function hundredths(x: Q): bigint {
  return (200n * x.n + x.d) / (2n * x.d);
}

/** An integer count of hundredths as "85.00". */
export function fixed2(h: bigint): string {
  const neg = h < 0n;
  const a = neg ? -h : h;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/**
 * A JS number with at most two decimals as an exact count of hundredths, or null when it
 * has more decimals or is not finite (such input is rejected, never silently rounded).
 */
export function toHundredths(x: number): bigint | null {
  if (!Number.isFinite(x)) return null;
  const scaled = x * 100;
  const r = Math.round(scaled);
  if (!Number.isSafeInteger(r) || Math.abs(scaled - r) > 1e-6) return null;
  return BigInt(r);
}

/** A number with at most two decimals as an exact fraction (caller has validated it). */
export function fromDecimal(x: number): Q {
  const h = toHundredths(x);
  if (h === null) throw new RangeError(`not a two-decimal number: ${x}`);
  return q(h, 100n);
}

/** A rate printed with the exact fraction it came from. */
export interface Rate {
  num: number;
  den: number;
  /** "71.43%", rounded half up on exact integers; "—" when den is 0. */
  text: string;
}

/** num / den as a percentage to two decimals: 20 of 28 -> "71.43%", 1 of 8 -> "12.50%". */
export function rate(num: number, den: number): Rate {
  if (den <= 0) return { num, den, text: '—' };
  return { num, den, text: `${fixed2(hundredths(q(BigInt(num) * 100n, BigInt(den))))}%` };
}

/** Rate as a fraction for ranking by the printed value: hundredths of a percent. */
export function rateKey(r: Rate): bigint | null {
  return r.den > 0 ? hundredths(q(BigInt(r.num) * 100n, BigInt(r.den))) : null;
}

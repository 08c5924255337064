/** Tally version 1, frozen: Chinese numerals as its rule texts print them (三分之二). */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return '十' + (n % 10 === 0 ? '' : DIGITS[n % 10]!);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
    } else {
      if (zero && out) out += '零';
      zero = false;
      out += DIGITS[d]! + unit;
    }
  });
  return out;
}

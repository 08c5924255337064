/** Chinese numerals for meeting numbers: 12 -> 十二, 21 -> 二十一, 105 -> 一百零五. */
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

/**
 * 洛阳市第十七届人大常委会第十二次会议 (short) or 洛阳市第十七届人民代表大会常务委员会第十二次会议
 * (full, for documents). `place` is the committee's place (shared/domain/committee.ts); without
 * one the title starts with the term: 第十七届人大常委会第十二次会议.
 */
export function meetingTitle(termName: string, number: number, place = '', form: 'short' | 'full' = 'short'): string {
  return `${place}${termName}${form === 'full' ? '人民代表大会常务委员会' : '人大常委会'}第${chineseNumber(number)}次会议`;
}

/** The meeting's own part of its title, for narrow columns: 第二十七次会议. */
export function shortMeetingTitle(title: string): string {
  return /第[^第]+次会议$/.exec(title)?.[0] ?? title;
}

/** Dates in documents: Arabic numerals without zero padding (2024年3月5日). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** A rate to two decimals: 20 of 28 -> "71.43%". */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((part * 100) / whole).toFixed(2)}%`;
}

/** The short check code of a sealed digest, as the result screen and the projector show it: "3f2a 9c01 77be 4d10". */
export function checkCode(digest: string): string {
  return (digest.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ');
}

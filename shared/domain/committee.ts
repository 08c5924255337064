/**
 * The standing committee's own name, set once by the office (监督工作设置 → 本机关名称) and
 * printed in documents, meeting titles, sign-in cards, the projector and the voter page.
 * The level (county / city / province) is the term's; nothing here names a locality of its own.
 */
export const FULL_NAME_SUFFIX = '人民代表大会常务委员会';
export const SHORT_NAME_SUFFIX = '人大常委会';
export const OFFICES = ['办公厅', '办公室'] as const;
export type Office = (typeof OFFICES)[number];

export interface CommitteeName {
  /** 洛阳市人民代表大会常务委员会 */
  fullName: string;
  /** 洛阳市人大常委会 */
  shortName: string;
  /** 办公厅 (province, city) or 办公室 (county). */
  office: Office;
}

/** The place part of the name (洛阳市), or '' when the name is not set. */
export function committeePlace(c: CommitteeName | null | undefined): string {
  if (!c) return '';
  if (c.fullName.endsWith(FULL_NAME_SUFFIX)) return c.fullName.slice(0, -FULL_NAME_SUFFIX.length);
  if (c.shortName.endsWith(SHORT_NAME_SUFFIX)) return c.shortName.slice(0, -SHORT_NAME_SUFFIX.length);
  return '';
}

/** The short name, or the generic 人大常委会 before one is set. */
export function committeeShortName(c: CommitteeName | null | undefined): string {
  return c?.shortName || SHORT_NAME_SUFFIX;
}

/** The issuing office as signed under a document: 洛阳市人大常委会办公厅. */
export function issuingOffice(c: CommitteeName | null | undefined, level: 'county' | 'city' | 'province' = 'city'): string {
  return committeeShortName(c) + (c?.office ?? defaultOffice(level));
}

export function defaultOffice(level: 'county' | 'city' | 'province'): Office {
  return level === 'county' ? '办公室' : '办公厅';
}

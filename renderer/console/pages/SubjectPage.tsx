/** A body's or a person's history (stub). */
export function SubjectPage(_props: { kind: 'body' | 'appointee'; id: number }) {
  return null;
}

/** One review opinion (stub). */
export function OpinionPage(_props: { id: number }) {
  return null;
}

/** Draft a review opinion from an agenda item (stub). */
export function OpinionDraftPage(_props: { agendaItemId: number }) {
  return null;
}

/** The year's supervision plan (stub: filled in by the plan work). */
export function PlanPage(_props: { year: number | null }) {
  return null;
}

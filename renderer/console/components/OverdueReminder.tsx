/** The reminder of overdue opinions shown when the console opens (stub). */
export function OverdueReminder() {
  return null;
}

/** The ledger of review opinions (stub). */
export function LedgerPage() {
  return null;
}

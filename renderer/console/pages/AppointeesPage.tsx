/** The register of appointed persons (stub). */
export function AppointeesPage() {
  return null;
}

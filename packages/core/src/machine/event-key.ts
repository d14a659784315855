/**
 * The machine event key of a dossier event: its type, or `LegCompleted.<i>`
 * for a route leg (each leg is its own transition in the machine), or
 * `InterAgencyStarted.<mode>` (`sequential` | `parallel`: a `byMedium` route
 * enters the path of the mode chosen for the dossier's medium).
 */
export function eventKeyOf(e: { type: string; data: unknown }): string {
  if (e.type === 'LegCompleted') return `LegCompleted.${(e.data as { legIndex: number }).legIndex}`;
  if (e.type === 'InterAgencyStarted') return `InterAgencyStarted.${(e.data as { mode: string }).mode}`;
  return e.type;
}

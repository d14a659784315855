/**
 * The machine event key of a dossier event: its type, or `LegCompleted.<i>`
 * for a route leg (each leg is its own transition in the machine), or
 * `InterAgencyStarted.<mode>` (`sequential` | `parallel`: a `byMedium` route
 * enters the path of the mode chosen for the dossier's medium), or
 * `ReturnedForRework.<i>` (the step a return for rework goes back to).
 */
export function eventKeyOf(event: { type: string; data: unknown }): string {
  if (event.type === 'LegCompleted') return `LegCompleted.${(event.data as { legIndex: number }).legIndex}`;
  if (event.type === 'ReturnedForRework') return `ReturnedForRework.${(event.data as { to: { stepIndex: number } }).to.stepIndex}`;
  if (event.type === 'InterAgencyStarted') return `InterAgencyStarted.${(event.data as { mode: string }).mode}`;
  return event.type;
}

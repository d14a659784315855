/**
 * The machine event key of a dossier event: its type, or `LegCompleted.<i>`
 * for a route leg (each leg is its own transition in the machine).
 */
export function eventKeyOf(e: { type: string; data: unknown }): string {
  return e.type === 'LegCompleted' ? `LegCompleted.${(e.data as { legIndex: number }).legIndex}` : e.type;
}

import type { StateValue } from 'xstate';

/**
 * Canonical string of an XState state value: `received`,
 * `processing.appraisal`, `interAgency.{leg0.done,leg1.working}`.
 */
export function stateKeyOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [region, child] = entries[0]!;
    return child === undefined ? region : `${region}.${stateKeyOf(child as StateValue)}`;
  }
  return `{${entries
    .map(([k, v]) => (v === undefined ? k : `${k}.${stateKeyOf(v as StateValue)}`))
    .sort()
    .join(',')}}`;
}

/** Top-level state name of a state key: `processing.appraisal` → `processing`. */
export function topLevelOf(stateKey: string): string {
  const dot = stateKey.indexOf('.');
  return dot < 0 ? stateKey : stateKey.slice(0, dot);
}

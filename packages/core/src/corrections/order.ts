import type { StoredEvent } from '../store/types';
import { applyCorrections } from './apply';
import type { CorrectableType } from './correctable';

/** A correction's target in its dossier's stream and the events on either side of it, all at their corrected times. */
export interface CorrectionPlace {
  /** The target: the dossier's (one) event of the corrected type. */
  target: StoredEvent;
  /** The event just before the target in stream order, whatever its type; absent when the target is the first. */
  before?: StoredEvent;
  /** The event just after the target in stream order, whatever its type (a correction too); absent when the target is the last. */
  after?: StoredEvent;
}

/**
 * Where a correction of `type` sits in a dossier's history (pure): its target
 * and the target's neighbours in stream order, read from the corrected view
 * (`applyCorrections`), so that earlier corrections count at their corrected
 * times. `undefined` when the history has no event of that type. A corrected
 * time must lie within `[before, after]` (equal instants allowed): then the
 * corrected history keeps the dossier's order, as if entered right.
 *
 * @example
 * ```ts
 * const place = correctionPlace(await engine.history(dossierId), 'DossierResolved');
 * place?.before?.type; // 'SupplementProvided': the resolution cannot move before it
 * ```
 */
export function correctionPlace(history: readonly StoredEvent[], type: CorrectableType): CorrectionPlace | undefined {
  const view = applyCorrections(history);
  let i = view.length - 1;
  while (i >= 0 && view[i]!.type !== type) i--;
  if (i < 0) return undefined;
  return { target: view[i]!, ...(i > 0 ? { before: view[i - 1]! } : {}), ...(i + 1 < view.length ? { after: view[i + 1]! } : {}) };
}

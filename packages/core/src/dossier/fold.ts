import { freeze, produce, type Draft } from 'immer';
import { InvalidHistoryError } from '../errors';
import type { DossierEvent } from '../events/types';
import type { TransitionTable } from '../machine/compile';
import { eventKeyOf } from '../machine/event-key';
import { nationalStatusOf } from '../machine/national-status';
import { topLevelOf } from '../machine/state-key';
import { applyEventData } from './evolve';
import { initialDossierState, type DossierState } from './state';

/** Finds the compiled machine of a procedure version (the engine caches one per version). */
export type TableResolver = (procedure: { code: string; version: string }) => TransitionTable;

/** The procedure a dossier is pinned to: from its state, or from its first event. */
function procedureOf(d: Draft<DossierState>, e: DossierEvent): { code: string; version: string } | undefined {
  if (d.procedure) return d.procedure;
  const data = e.data as { procedure?: { code: string; version: string }; intake?: { procedure: { code: string; version: string } } };
  return data.procedure ?? data.intake?.procedure;
}

function step(d: Draft<DossierState>, e: DossierEvent, table: TransitionTable): void {
  const key = eventKeyOf(e);
  const next = table.states.get(d.state)?.next.get(key);
  if (next === undefined) throw new InvalidHistoryError(e.streamId, e.version, `${key} is not allowed in state '${d.state}' of ${table.machineId}`);
  const compiled = table.states.get(next)!;
  d.state = next;
  d.topLevel = topLevelOf(next);
  d.nationalStatus = nationalStatusOf(d.topLevel);
  d.terminal = compiled.tags.includes('terminal');
  applyEventData(d, e);
  d.version = e.version;
  d.lastEventAt = e.metadata.occurredAt;
}

function applyAll(d: Draft<DossierState>, events: readonly DossierEvent[], resolve: TableResolver): void {
  let table: TransitionTable | undefined;
  for (const e of events) {
    if (!table) {
      const proc = procedureOf(d, e);
      if (!proc) throw new InvalidHistoryError(e.streamId, e.version, `the first event (${e.type}) does not name a procedure`);
      table = resolve(proc);
    }
    step(d, e, table);
  }
}

/**
 * Fold a dossier's events into its state — the fast path. The machine's
 * transitions come from its compiled table (one map lookup per event), the
 * data from {@link applyEventData}.
 *
 * From scratch, the fold mutates a private fresh state (nobody else can see
 * it, so there is nothing to copy-on-write) and freezes the result; from an
 * existing (frozen, shared) state it evolves through immer's `produce`. Both
 * run the same `applyEventData`; a property test checks they agree.
 *
 * @example
 * ```ts
 * const state = foldDossier('dossier-0190…', events, engine.tableFor);
 * state.state; // 'processing.appraisal'
 * ```
 */
export function foldDossier(id: string, events: readonly DossierEvent[], resolve: TableResolver, from?: DossierState): DossierState {
  if (from) return produce(from, (d) => applyAll(d, events, resolve));
  const fresh = initialDossierState(id);
  applyAll(fresh as Draft<DossierState>, events, resolve);
  return freeze(fresh, true);
}

/** Apply one event to a state (incremental evolution). Equal to folding the whole history. */
export function evolveDossier(state: DossierState, event: DossierEvent, resolve: TableResolver): DossierState {
  return produce(state, (d) => applyAll(d, [event], resolve));
}

import { Immer, type Draft } from 'immer';

/**
 * A private immer instance (the application's own immer settings are left
 * alone). Auto-freeze is off: the fold freezes the state's containers itself,
 * the same way for both paths, without walking stored event payloads.
 */
const immer = new Immer({ autoFreeze: false });
import { InvalidHistoryError } from '../errors';
import type { DossierEvent } from '../events/types';
import type { CompiledState, TransitionTable } from '../machine/compile';
import { eventKeyOf } from '../machine/event-key';
import { applyEventData } from './evolve';
import { initialDossierState, type DossierState } from './state';

/** Finds the compiled machine of a procedure version (the engine caches one per version). */
export type TableResolver = (procedure: { code: string; version: string }) => TransitionTable;

/** The procedure a dossier is pinned to: from its state, or from its first event. */
function procedureOf(d: DossierState, e: DossierEvent): { code: string; version: string } | undefined {
  if (d.procedure) return d.procedure;
  const data = e.data as { procedure?: { code: string; version: string }; intake?: { procedure: { code: string; version: string } } };
  return data.procedure ?? data.intake?.procedure;
}

/** Apply one event: machine transition from `cur` (compiled), then the data. Returns the new compiled state. */
function step(d: Draft<DossierState>, e: DossierEvent, table: TransitionTable, cur: CompiledState | undefined): CompiledState {
  const key = eventKeyOf(e);
  const nextKey = cur?.next.get(key);
  if (nextKey === undefined) throw new InvalidHistoryError(e.streamId, e.version, `${key} is not allowed in state '${d.state}' of ${table.machineId}`);
  const next = table.states.get(nextKey)!;
  d.state = nextKey;
  d.topLevel = next.topLevel;
  d.nationalStatus = next.nationalStatus;
  d.terminal = next.terminal;
  applyEventData(d, e);
  d.version = e.version;
  d.lastEventAt = e.metadata.occurredAt;
  return next;
}

function applyAll(d: Draft<DossierState>, events: readonly DossierEvent[], resolve: TableResolver, base: DossierState): void {
  let table: TransitionTable | undefined;
  let cur: CompiledState | undefined;
  for (const e of events) {
    if (!table) {
      // Read the procedure from the base state, not the draft: reading a nested object through an immer draft creates a proxy.
      const proc = procedureOf(base, e);
      if (!proc) throw new InvalidHistoryError(e.streamId, e.version, `the first event (${e.type}) does not name a procedure`);
      table = resolve(proc);
      cur = table.states.get(base.state);
    }
    cur = step(d, e, table, cur);
  }
}

/**
 * Fold a dossier's events into its state — the fast path. The machine's
 * transitions come from its compiled table (one map lookup per event), the
 * data from {@link applyEventData}.
 *
 * From scratch, the fold mutates a private fresh state (nobody else can see
 * it, so there is nothing to copy-on-write) and freezes the result; from an
 * existing (frozen, shared) state it evolves through immer's `produce`
 * (structural sharing: untouched parts are the same objects). Both run the
 * same `applyEventData`; a property test checks they agree.
 *
 * @example
 * ```ts
 * const state = foldDossier('dossier-0190…', events, engine.tableFor);
 * state.state; // 'processing.appraisal'
 * ```
 */
export function foldDossier(id: string, events: readonly DossierEvent[], resolve: TableResolver, from?: DossierState): DossierState {
  if (from) return freezeState(immer.produce(from, (d) => applyAll(d, events, resolve, from)));
  const fresh = initialDossierState(id);
  applyAll(fresh as Draft<DossierState>, events, resolve, fresh);
  return freezeState(fresh);
}

/**
 * Freeze the containers the fold itself creates (the state, its arrays and
 * records). Event payloads referenced from the state are not walked: stored
 * events are immutable by contract (the in-memory store freezes them; the
 * SQL adapters parse fresh objects per read that nothing else holds).
 */
function freezeState(s: DossierState): DossierState {
  for (const k in s) {
    const v = (s as unknown as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) for (const x of v) if (typeof x === 'object' && x !== null) Object.freeze(x);
      Object.freeze(v);
    }
  }
  if (s.route) for (const l of s.route.legs) Object.freeze(l);
  Object.freeze(s.fees.requested);
  Object.freeze(s.fees.paid);
  return Object.freeze(s);
}

/** Apply one event to a state (incremental evolution, immer). Equal to folding the whole history. */
export function evolveDossier(state: DossierState, event: DossierEvent, resolve: TableResolver): DossierState {
  return freezeState(immer.produce(state, (d) => applyAll(d, [event], resolve, state)));
}

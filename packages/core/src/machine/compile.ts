import { initialTransition, transition, type AnyStateMachine, type StateValue } from 'xstate';
import type { ProcedureMachine } from './create-machine';
import { nationalStatusOf, type NationalStatus } from './national-status';
import { stateKeyOf, topLevelOf } from './state-key';

/** One reachable configuration of a machine, with its outgoing transitions. */
export interface CompiledState {
  key: string;
  value: StateValue;
  tags: readonly string[];
  /** Top-level state id, national status and terminal flag, computed once. */
  topLevel: string;
  nationalStatus: NationalStatus | null;
  terminal: boolean;
  /** event key → next state key */
  next: ReadonlyMap<string, string>;
}

/** A machine compiled into a transition table: folding is a map lookup per event. */
export interface TransitionTable {
  machineId: string;
  initial: string;
  states: ReadonlyMap<string, CompiledState>;
  /** Every event key the machine reacts to somewhere. */
  eventKeys: readonly string[];
}

/** All event types a machine mentions in any `on`. */
export function machineEventKeys(machine: AnyStateMachine): string[] {
  const keys = new Set<string>();
  const visit = (node: { on?: Record<string, unknown>; states?: Record<string, unknown> }) => {
    for (const key of Object.keys(node.on ?? {})) keys.add(key);
    for (const child of Object.values(node.states ?? {})) visit(child as never);
  };
  visit(machine.root as never);
  return [...keys].sort();
}

/**
 * Compile a machine into a {@link TransitionTable} by exploring every
 * reachable configuration with XState's own `transition()`: XState stays the
 * authority, the table is its cache. The machine must be context-free (its
 * transitions depend only on the state and the event key).
 *
 * @example
 * ```ts
 * const table = compileMachine(createProcedureMachine(p));
 * table.states.get('received')!.next.get('DossierTransferred'); // 'processing.appraisal'
 * ```
 */
export function compileMachine(input: AnyStateMachine | ProcedureMachine): TransitionTable {
  const machine = input as AnyStateMachine;
  const eventKeys = machineEventKeys(machine);
  const [init] = initialTransition(machine);
  const initialKey = stateKeyOf(init.value);
  const states = new Map<string, CompiledState>();
  const queue = [init];
  const seen = new Set([initialKey]);
  while (queue.length) {
    const snap = queue.shift()!;
    const key = stateKeyOf(snap.value);
    const next = new Map<string, string>();
    for (const ek of eventKeys) {
      const ev = { type: ek };
      if (!snap.can(ev)) continue;
      const [after] = transition(machine, snap, ev);
      const afterKey = stateKeyOf(after.value);
      next.set(ek, afterKey);
      if (!seen.has(afterKey)) {
        seen.add(afterKey);
        queue.push(after);
      }
    }
    const topLevel = topLevelOf(key);
    states.set(key, {
      key,
      value: snap.value,
      tags: Object.freeze([...snap.tags].sort()),
      topLevel,
      nationalStatus: nationalStatusOf(topLevel),
      terminal: snap.hasTag('terminal'),
      next,
    });
  }
  return { machineId: machine.id, initial: initialKey, states, eventKeys };
}

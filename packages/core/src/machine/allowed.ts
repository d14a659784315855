import { COMMAND_EVENTS, type CommandType } from '../commands/schemas';
import type { TransitionTable } from './compile';

/**
 * Does the machine allow `eventKey` in `stateKey`? `LegCompleted.*` matches
 * any leg; an event type matches its keyed variants (`InterAgencyStarted`
 * matches `InterAgencyStarted.sequential` and `.parallel`).
 */
export function allowsEvent(table: TransitionTable, stateKey: string, eventKey: string): boolean {
  const next = table.states.get(stateKey)?.next;
  if (!next) return false;
  if (next.has(eventKey)) return true;
  const prefix = eventKey.endsWith('.*') ? eventKey.slice(0, -1) : eventKey.includes('.') ? undefined : `${eventKey}.`;
  if (prefix === undefined) return false;
  for (const key of next.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * The commands the machine allows in a state (by each command's first event).
 * @example allowedCommands(table, 'received') // ['IssueApology', 'RequestSupplement', …]
 */
export function allowedCommands(table: TransitionTable, stateKey: string): CommandType[] {
  return (Object.keys(COMMAND_EVENTS) as CommandType[]).filter((c) => allowsEvent(table, stateKey, COMMAND_EVENTS[c][0]!));
}

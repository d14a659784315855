import { COMMAND_EVENTS, type CommandType } from '../commands/schemas';
import type { TransitionTable } from './compile';

/** Does the machine allow `eventKey` in `stateKey`? `LegCompleted.*` matches any leg. */
export function allowsEvent(table: TransitionTable, stateKey: string, eventKey: string): boolean {
  const next = table.states.get(stateKey)?.next;
  if (!next) return false;
  if (eventKey.endsWith('.*')) {
    const prefix = eventKey.slice(0, -1);
    for (const k of next.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
  return next.has(eventKey);
}

/**
 * The commands the machine allows in a state (by each command's first event).
 * @example allowedCommands(table, 'received') // ['IssueApology', 'RequestSupplement', …]
 */
export function allowedCommands(table: TransitionTable, stateKey: string): CommandType[] {
  return (Object.keys(COMMAND_EVENTS) as CommandType[]).filter((c) => allowsEvent(table, stateKey, COMMAND_EVENTS[c][0]!));
}

import { compileFastParse } from '../commands/fast-parse';
import { commandSchema, type Command, type CommandInput } from '../commands/schemas';
import { MotcuaError, RuleViolationError, ValidationError, fromZodIssues } from '../errors';
import { toVietnamInstant } from '../time';
import { safeParseInput, unreadable } from '../zod-parse';
import type { EngineClock } from './clock';

/** The years an engine's calendar computes, as the text bounds of canonical instants and local dates. */
export interface CalendarYears {
  from: number;
  to: number;
}

/**
 * The engine's validation of a command: its zod schema (`VALIDATION_FAILED`
 * with zod's issues), then what a schema cannot know — ids lower-cased, an
 * explicit time made canonical and inside the calendar's years, and not later
 * than the clock plus `futureTolerance` (`TIME_IN_FUTURE`); a field that means
 * nothing with the command's other values (a `gateway` on a payment not made
 * online, a `place` on a return not at the counter) and a rating that answers a
 * criterion twice are `VALIDATION_FAILED` naming the field. Returns the
 * validated command (a fresh object the engine may keep) or throws a
 * `MotcuaError`.
 */
export function commandValidator(years: CalendarYears, clock: EngineClock, futureTolerance: number): (input: CommandInput) => Command {
  // Canonical instants and local dates start with a four-digit year: in range iff `yearsFrom <= s < yearsAfter`, compared as text.
  const yearsFrom = String(years.from).padStart(4, '0');
  const yearsAfter = years.to >= 9999 ? '\uffff' : String(years.to + 1).padStart(4, '0');

  function checkYear(instantOrDay: string, path: string): void {
    if (instantOrDay < yearsFrom || instantOrDay >= yearsAfter)
      throw new ValidationError('Time outside the calendar', [
        { code: 'calendar_out_of_range', path: [path], message: `${instantOrDay.slice(0, 10)} is outside the years the engine's calendar computes (${years.from}–${years.to})` },
      ]);
  }

  return function validate(input: CommandInput): Command {
    const command = parseCommand(input);
    // One id, one dossier / command: upper- and lower-case forms of a uuid are the same id.
    if (HAS_UPPER.test(command.dossierId)) command.dossierId = command.dossierId.toLowerCase();
    if (HAS_UPPER.test(command.commandId)) command.commandId = command.commandId.toLowerCase();
    if (command.at !== undefined) {
      const at = (command.at = toVietnamInstant(command.at)); // the schema admits only instants of years 0000–9999
      checkYear(at, 'at');
      const limit = clock.futureLimit();
      if (at > limit)
        throw new RuleViolationError('TIME_IN_FUTURE', `The command's time ${at} is later than the engine's clock allows (${limit}, tolerance ${futureTolerance} ms)`, ['at']);
    }
    if (command.type === 'ReceiveDossier' && command.handedOverAt !== undefined) {
      const handedOverAt = (command.handedOverAt = toVietnamInstant(command.handedOverAt));
      checkYear(handedOverAt, 'handedOverAt');
      const limit = clock.futureLimit();
      if (handedOverAt > limit)
        throw new RuleViolationError('TIME_IN_FUTURE', `The hand-over time ${handedOverAt} is later than the engine's clock allows (${limit})`, ['handedOverAt']);
    }
    if (command.type === 'IssueApology') checkYear(command.newDueDate, 'newDueDate');
    else if (command.type === 'RequestConsultation') checkYear(command.deadline, 'deadline');
    else if (command.type === 'RecordFeePayment' && command.gateway !== undefined && command.method !== 'online')
      throw new ValidationError('Invalid command RecordFeePayment', [
        {
          code: 'not_applicable',
          path: ['gateway'],
          message: `a payment gateway is for an online payment; this one was made ${command.method === 'counter' ? 'at the counter' : 'by post'}`,
        },
      ]);
    else if (command.type === 'ReturnResult' && command.place !== undefined && command.method !== 'counter')
      throw new ValidationError('Invalid command ReturnResult', [
        { code: 'not_applicable', path: ['place'], message: `a place is where a counter return happens; this return is ${command.method === 'online' ? 'online' : 'by post'}` },
      ]);
    else if (command.type === 'Rate') checkRatings(command.ratings);
    return command;
  };
}

/** One rating answers each criterion (for each NĐ 118/2025 Đ33 content) once: a repeated answer is `VALIDATION_FAILED` on it (each answer counts in the satisfaction reports). */
function checkRatings(ratings: readonly { criterion: string; content?: string | undefined }[]): void {
  if (ratings.length < 2) return;
  const seen = new Set<string>();
  ratings.forEach((rating, index) => {
    const key = `${rating.criterion}\u0000${rating.content ?? ''}`;
    if (seen.has(key))
      throw new ValidationError('Invalid command Rate', [
        {
          code: 'duplicate',
          path: ['ratings', index, 'criterion'],
          message: `criterion '${rating.criterion}'${rating.content === undefined ? '' : ` (content ${rating.content})`} is answered more than once in this rating`,
        },
      ]);
    seen.add(key);
  });
}

/** A dossier id as the engine keys it: lower-case (a uuid in any letter case names one dossier). */
export function idOf(dossierId: string): string {
  if (typeof dossierId !== 'string' || dossierId.length === 0 || dossierId.length > 200)
    throw new ValidationError('Invalid dossier id', [{ code: 'invalid_type', path: ['dossierId'], message: 'expected a dossier id (uuid)' }]);
  return /[A-Z]/.test(dossierId) ? dossierId.toLowerCase() : dossierId;
}

const HAS_UPPER = /[A-F]/;

/** The fast parser of commands (exactly zod's output, or undefined: then zod decides). */
const fastParse = compileFastParse(commandSchema) ?? (() => undefined);

/** The command as its schema validates it; an input that throws while being read is unreadable (`VALIDATION_FAILED`). */
function parseCommand(input: CommandInput): Command {
  try {
    const fast = fastParse(input) as Command | undefined;
    if (fast) return fast;
    const parsed = safeParseInput(commandSchema, input);
    if (parsed.success) return parsed.data as Command;
    const type = input !== null && typeof input === 'object' ? (input as { type?: unknown }).type : undefined;
    // The type only when it is a short string: an object here could not even be turned into text.
    throw new ValidationError(typeof type === 'string' && type.length <= 40 ? `Invalid command ${type}` : 'Invalid command', fromZodIssues(parsed.error.issues));
  } catch (error) {
    if (error instanceof MotcuaError) throw error;
    throw unreadable(error, 'command');
  }
}

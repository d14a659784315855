import { InternalError } from '../errors';
import { MAX_INSTANT_MS, toVietnamInstant } from '../time';

/** The engine's readings of its clock (`EngineOptions.clock`). */
export interface EngineClock {
  /** Now as a canonical business instant (`…+07:00`): the time of a command without `at`. */
  now(): string;
  /** The latest business time accepted now: the clock plus `futureTolerance`. */
  futureLimit(): string;
  /** Now in UTC (`toISOString()`): the `recordedAt` of the events appended now. */
  recordedAt(): string;
}

/**
 * The clock of one engine. A clock that gives no valid `Date` is an internal
 * error (`INTERNAL`), never a time. Each reading formats its string once per
 * clock millisecond (many commands share one); the default clock is read
 * without allocating a `Date`.
 */
export function engineClock(clock: (() => Date) | undefined, futureTolerance: number): EngineClock {
  const clockMs: () => number = clock
    ? () => {
        const date = clock();
        return date instanceof Date ? date.getTime() : NaN;
      }
    : Date.now;
  const read = (): number => {
    const ms = clockMs();
    if (!(ms >= 0 || ms < 0)) throw new InternalError('The engine clock returned an invalid date', ms);
    return ms;
  };
  let limitMs = NaN;
  let limit = '';
  let recordedMs = NaN;
  let recorded = '';
  return {
    now: () => toVietnamInstant(read()),
    futureLimit() {
      const ms = read();
      if (ms !== limitMs) {
        limit = toVietnamInstant(Math.min(ms + futureTolerance, MAX_INSTANT_MS));
        limitMs = ms;
      }
      return limit;
    },
    recordedAt() {
      const ms = read();
      if (ms !== recordedMs) {
        recorded = new Date(ms).toISOString();
        recordedMs = ms;
      }
      return recorded;
    },
  };
}

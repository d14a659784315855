import { newEventId } from './ids';
import { compileFastParse } from '../commands/fast-parse';
import { COMMAND_EVENTS, commandSchema, type Command, type CommandInput, type CommandType } from '../commands/schemas';
import { vietnamCalendar, type WorkingCalendar } from '../deadlines';
import { decide, commandAllowed } from '../dossier/decide';
import { dossierCodeSequenceKey, formatDossierCode } from '../dossier/code';
import { foldDossier } from '../dossier/fold';
import { initialDossierState, type DossierState } from '../dossier/state';
import { CalendarError } from '@motcua/calendar';
import {
  ConcurrencyError,
  IdempotencyConflictError,
  InternalError,
  InvalidTransitionError,
  MotcuaError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  asMotcuaError,
  fromZodIssues,
} from '../errors';
import { EVENT_SCHEMA_VERSION } from '../events/schemas';
import type { DossierEvent } from '../events/types';
import { allowedCommands } from '../machine/allowed';
import { compileMachine, type TransitionTable } from '../machine/compile';
import { createProcedureMachine, type ProcedureMachine } from '../machine/create-machine';
import type { Catalog } from '../procedure/catalog';
import type { Procedure } from '../procedure/procedure';
import type { RulePack } from '../procedure/rule-pack';
import type { EventMetadata, EventStore, NewEvent } from '../store/types';
import { MAX_INSTANT_MS, instantMs, localDateOf, toVietnamInstant } from '../time';
import { commandFingerprint } from './fingerprint';
import { KeyedLock } from './keyed-lock';
import { StateCache, type CachedDossier } from './state-cache';

export interface EngineOptions {
  store: EventStore;
  catalog: Catalog;
  /** Deadline calendar; default `vietnamCalendar()` (state bodies). */
  calendar?: WorkingCalendar;
  /** Business clock for commands without `at`; default `() => new Date()`. */
  clock?: () => Date;
  /**
   * Retries of a command after a concurrency conflict with another process,
   * with jittered growing backoff (default 10): a conflict ends in a retry,
   * each on fresh state and, for a command without `at`, at a fresh time.
   */
  maxRetries?: number;
  /** Hydrated dossiers kept in memory (default 10,000; 0 disables). */
  cacheSize?: number;
  /**
   * How far a command's `at` (or `handedOverAt`) may lie ahead of the engine's
   * clock, in milliseconds (default 5 minutes; `Infinity` disables the check).
   * Later is refused with `RULE_VIOLATION` `TIME_IN_FUTURE`: an event in the
   * future would put every later command "before the last event".
   */
  futureTolerance?: number;
  /**
   * How a receipt on a non-working day (an online dossier on a Saturday)
   * counts for `workingDays` limits, per receiving unit: a value for every
   * unit, or a function of the unit code (`undefined`: the default). The
   * procedure's own `nonWorkingReceipt` wins; when both are absent,
   * `'nextDayIsStart'` (the next working day is the receipt day, not counted).
   *
   * @example
   * ```ts
   * createEngine({ store, catalog, nonWorkingReceipt: (unit) => (unit.startsWith('H56.') ? 'nextDayCounts' : undefined) });
   * ```
   */
  nonWorkingReceipt?: NonWorkingReceipt | ((unitCode: string) => NonWorkingReceipt | undefined);
}

/** Receipt on a non-working day: the next working day is the receipt day (`nextDayIsStart`) or already counts (`nextDayCounts`). */
export type NonWorkingReceipt = 'nextDayIsStart' | 'nextDayCounts';

export interface ExecuteResult {
  dossierId: string;
  streamId: string;
  /** State after the command. */
  state: DossierState;
  /** Events the command produced (the original ones on an idempotent repeat). */
  events: DossierEvent[];
  /** True when this command id had already been executed: nothing was appended. */
  duplicate: boolean;
}

/** The command engine over an event store. */
export interface Engine {
  /** Validate, load, decide, append (with the expected version, retrying conflicts), evolve. Idempotent by `commandId`. */
  execute(command: CommandInput): Promise<ExecuteResult>;
  /** Current state of a dossier; throws NOT_FOUND if it has no events. */
  get(dossierId: string): Promise<DossierState>;
  /** The dossier's events, oldest first. */
  history(dossierId: string): Promise<DossierEvent[]>;
  /** State as of a business instant (events with `occurredAt <=` it). */
  stateAt(dossierId: string, instant: Date | string): Promise<DossierState>;
  /** Commands the machine allows for the dossier now. */
  allowedCommands(dossierId: string): Promise<CommandType[]>;
  /**
   * Run `fn` (which executes commands on this engine) as one group commit when
   * the store supports it (`store.batch`), else just run it. If the batch
   * fails, nothing it appended persists and the engine's cache is dropped.
   * Commands acknowledged inside are durable only when the batch commits.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** Compiled machine of a procedure version (cached). */
  tableFor(procedure: { code: string; version: string }): TransitionTable;
  /** XState machine of a procedure version (cached). */
  machineFor(procedure: { code: string; version: string }): ProcedureMachine;
  readonly store: EventStore;
  readonly catalog: Catalog;
  readonly calendar: WorkingCalendar;
}

/** Stream id of a dossier. */
export const dossierStreamId = (dossierId: string): string => `dossier-${dossierId}`;

const INTAKE_COMMANDS: ReadonlySet<CommandType> = new Set(['SubmitOnline', 'ReceiveDossier', 'HandleInstantly', 'RequestIntakeSupplement', 'RefuseReception']);
const NEEDS_CODE: ReadonlySet<CommandType> = new Set(['ReceiveDossier', 'HandleInstantly']);

/**
 * Create the dossier engine.
 *
 * @example
 * ```ts
 * const engine = createEngine({ store: new InMemoryEventStore(), catalog });
 * const { state } = await engine.execute({
 *   type: 'ReceiveDossier', commandId: uuidv7(), dossierId: uuidv7(),
 *   actor: { id: 'cb-01', role: 'officer' }, procedureCode: '1.001193',
 *   unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã A' },
 *   applicant: { name: 'Nguyễn Văn A' }, channel: 'direct',
 * });
 * state.dossierCode; // '000.00.06.H56-231027-0001'
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const { store, catalog } = options;
  const calendar = options.calendar ?? vietnamCalendar();
  // The clock in ms (the default one without allocating a Date); NaN if the clock gives no valid Date.
  const userClock = options.clock;
  const clockMs: () => number = userClock
    ? () => {
        const d = userClock();
        return d instanceof Date ? d.getTime() : NaN;
      }
    : Date.now;
  const maxRetries = options.maxRetries ?? 10;
  const futureTolerance = options.futureTolerance ?? 5 * 60_000;
  const receiptRule = options.nonWorkingReceipt;
  const unitReceiptRule = (unitCode: string | undefined): NonWorkingReceipt | undefined =>
    typeof receiptRule === 'function' ? (unitCode === undefined ? undefined : receiptRule(unitCode)) : receiptRule;
  if (typeof futureTolerance !== 'number' || Number.isNaN(futureTolerance) || futureTolerance < 0)
    throw new ValidationError('Invalid engine options', [{ code: 'invalid_option', path: ['futureTolerance'], message: 'expected a number of milliseconds ≥ 0 (or Infinity)' }]);
  // The years the calendar computes (a `vietnamCalendar` says so; another calendar is trusted to 0000–9999, and its errors are still caught).
  const calYears = (calendar as { years?: { from: number; to: number } }).years;
  const years = { from: Math.max(0, calYears?.from ?? 0), to: Math.min(9999, calYears?.to ?? 9999) };
  // Canonical instants and local dates start with a four-digit year: in range iff `yearsFrom <= s < yearsAfter`, compared as text.
  const yearsFrom = String(years.from).padStart(4, '0');
  const yearsAfter = years.to >= 9999 ? '\uffff' : String(years.to + 1).padStart(4, '0');
  const cache = new StateCache(options.cacheSize ?? 10_000);
  const tables = new Map<string, TransitionTable>();
  const machines = new Map<string, ProcedureMachine>();
  const locks = new KeyedLock();

  const machineFor = (ref: { code: string; version: string }): ProcedureMachine => {
    const k = `${ref.code}@${ref.version}`;
    let m = machines.get(k);
    if (!m) machines.set(k, (m = createProcedureMachine(catalog.get(ref.code, ref.version))));
    return m;
  };
  const tableFor = (ref: { code: string; version: string }): TransitionTable => {
    const k = `${ref.code}@${ref.version}`;
    let t = tables.get(k);
    if (!t) tables.set(k, (t = compileMachine(machineFor(ref))));
    return t;
  };

  /**
   * Load a dossier: read the events appended since the cached version. (The
   * first attempt of a command skips this and trusts the cache, or an empty
   * dossier when nothing is cached: the append's expected-version check
   * catches any staleness, and a refusal decided on unverified state is
   * re-decided on fresh state before it is reported.)
   */
  async function load(streamId: string, dossierId: string): Promise<CachedDossier> {
    const cached = cache.get(streamId);
    const from = cached ? cached.state.version + 1 : 1;
    const { version, events } = await store.readStream(streamId, { fromVersion: from });
    if (cached && version === cached.state.version) return cached;
    if (cached && version < cached.state.version) {
      cache.delete(streamId);
      return load(streamId, dossierId);
    }
    const base: CachedDossier = cached ?? emptyDossier(dossierId);
    const evs = events as DossierEvent[];
    const entry: CachedDossier = { state: advance(dossierId, base, evs), commands: new Map(base.commands) };
    noteCommands(entry.commands, evs);
    cache.set(streamId, entry);
    return entry;
  }

  /** The state after new events: applied to the cached state (copy-on-write, see `foldDossier`). */
  function advance(dossierId: string, base: CachedDossier, added: DossierEvent[]): DossierState {
    return base.state.version === 0 ? foldDossier(dossierId, added, tableFor) : foldDossier(dossierId, added, tableFor, base.state);
  }

  function resolveProcedure(c: Command, s: DossierState, at: string): { procedure: Procedure; rulePack: RulePack } {
    const given = 'procedureCode' in c ? c.procedureCode : 'intake' in c ? c.intake?.procedureCode : undefined;
    if (s.procedure) {
      const procedure = catalog.get(s.procedure.code, s.procedure.version);
      if (given && given !== procedure.code)
        throw new ValidationError('Wrong procedure', [{ code: 'procedure_mismatch', path: ['procedureCode'], message: `the dossier is for ${procedure.code}, not ${given}` }]);
      return { procedure, rulePack: catalog.rulePack(s.rulePack!) };
    }
    if (!given) throw new ValidationError('Missing procedure', [{ code: 'invalid_type', path: ['procedureCode'], message: 'required for a new dossier' }]);
    const day = localDateOf(at);
    return { procedure: catalog.resolve(given, day), rulePack: catalog.rulePackAt(day) };
  }

  /** The engine's clock as a canonical instant (a clock that is not a valid `Date` is an internal error). */
  function now(): string {
    const ms = clockMs();
    if (!(ms >= 0 || ms < 0)) throw new InternalError('The engine clock returned an invalid date', ms);
    return toVietnamInstant(ms);
  }

  let limitClockMs = NaN;
  let limitInstant = '';
  /** Latest business time accepted now (clock + tolerance), formatted once per clock millisecond. */
  function futureLimit(): string {
    const ms = clockMs();
    if (ms !== limitClockMs) {
      if (!(ms >= 0 || ms < 0)) throw new InternalError('The engine clock returned an invalid date', ms);
      limitInstant = toVietnamInstant(Math.min(ms + futureTolerance, MAX_INSTANT_MS));
      limitClockMs = ms;
    }
    return limitInstant;
  }

  /** A business instant (canonical) the calendar can compute from: its local year inside the calendar's years. */
  function checkYear(instantOrDay: string, path: string): void {
    if (instantOrDay < yearsFrom || instantOrDay >= yearsAfter)
      throw new ValidationError('Time outside the calendar', [
        { code: 'calendar_out_of_range', path: [path], message: `${instantOrDay.slice(0, 10)} is outside the years the engine's calendar computes (${years.from}–${years.to})` },
      ]);
  }

  /** Validate a command: schema (fast path or zod), then what the schema cannot know (ids' letter case, the clock, the calendar's years). */
  function validate(input: CommandInput): Command {
    let c: Command;
    try {
      c = (fastParse(input) as Command | undefined) ?? parseCommand(input);
    } catch (e) {
      if (e instanceof MotcuaError) throw e;
      // A getter or proxy that throws while being read: the input is unreadable, not our bug.
      throw new ValidationError('Unreadable command', [{ code: 'unreadable_input', path: [], message: `reading the command threw ${e instanceof Error ? e.name : typeof e}` }]);
    }
    // One id, one dossier / command: upper- and lower-case forms of a uuid are the same id.
    if (HAS_UPPER.test(c.dossierId)) c.dossierId = c.dossierId.toLowerCase();
    if (HAS_UPPER.test(c.commandId)) c.commandId = c.commandId.toLowerCase();
    if (c.at !== undefined) {
      const at = (c.at = toVietnamInstant(c.at)); // the schema admits only instants of years 0000–9999
      checkYear(at, 'at');
      const limit = futureLimit();
      if (at > limit) throw new RuleViolationError('TIME_IN_FUTURE', `The command's time ${at} is later than the engine's clock allows (${limit}, tolerance ${futureTolerance} ms)`, ['at']);
    }
    if (c.type === 'ReceiveDossier' && c.handedOverAt !== undefined) {
      const h = (c.handedOverAt = toVietnamInstant(c.handedOverAt));
      checkYear(h, 'handedOverAt');
      const limit = futureLimit();
      if (h > limit) throw new RuleViolationError('TIME_IN_FUTURE', `The hand-over time ${h} is later than the engine's clock allows (${limit})`, ['handedOverAt']);
    }
    if (c.type === 'IssueApology') checkYear(c.newDueDate, 'newDueDate');
    else if (c.type === 'RequestConsultation') checkYear(c.deadline, 'deadline');
    return c;
  }

  async function execute(input: CommandInput): Promise<ExecuteResult> {
    // Every failure is a MotcuaError: anything else (a bug, a misbehaving store or calendar) becomes an InternalError with the cause.
    try {
      const c = validate(input);
      const streamId = dossierStreamId(c.dossierId);
      return await locks.run(streamId, () => executeValid(c, streamId));
    } catch (e) {
      throw asMotcuaError(e, 'engine.execute');
    }
  }

  async function executeValid(c: Command, streamId: string): Promise<ExecuteResult> {
    let dossierCode: string | undefined;
    let codeDay: string | undefined;
    let fresh = false;
    let hash: number | undefined;
    for (let attempt = 0; ; ) {
      // The first attempt trusts the cache without awaiting anything (see `load`).
      const entry = fresh ? await load(streamId, c.dossierId) : (cache.get(streamId) ?? emptyDossier(c.dossierId));
      const s = entry.state;
      // Business time: the command's own, or the clock's now — read on every attempt, after the state
      // it is decided on: a retry after losing a race to a later-stamped command is not "before the last event".
      const at = c.at ?? now();
      let bodies: ReturnType<typeof decide>;
      try {
        const done = entry.commands.get(c.commandId);
        if (done) {
          const { events } = await store.readStream(streamId, { fromVersion: done[0], toVersion: done[1] });
          const first = events[0] as DossierEvent | undefined;
          if (first) {
            // The same command id is the same command only with the same type and payload.
            const stored = (first.metadata as EventMetadata & { commandHash?: number }).commandHash;
            const same = stored !== undefined ? stored === (hash ??= commandFingerprint(c)) : first.type === COMMAND_EVENTS[c.type][0]!.split('.')[0];
            if (!same) throw new IdempotencyConflictError(c.commandId, streamId, { type: first.type, version: first.version });
          }
          return { dossierId: c.dossierId, streamId, state: s, events: events as DossierEvent[], duplicate: true };
        }
        if (c.expectedVersion !== undefined && c.expectedVersion !== s.version) throw new ConcurrencyError(streamId, c.expectedVersion, s.version);
        if (s.version === 0 && !INTAKE_COMMANDS.has(c.type)) throw new NotFoundError('Dossier', c.dossierId);
        const { procedure, rulePack } = resolveProcedure(c, s, at);
        const table = tableFor(procedure);
        if (!commandAllowed(table, s, c.type)) throw new InvalidTransitionError(c.type, s.state, allowedCommands(table, s.state));
        if (NEEDS_CODE.has(c.type) && (!dossierCode || codeDay !== localDateOf(at))) {
          // A dossier code is a number taken for good: take it only on verified state, for a command that has what acceptance needs.
          if (!fresh) {
            fresh = true;
            continue;
          }
          const intake = c as { unit?: { code: string }; applicant?: unknown; channel?: unknown };
          const missing = (['unit', 'applicant', 'channel'] as const).filter((k) => !intake[k] && !s[k]);
          if (missing.length)
            throw new ValidationError('Missing intake data for a new dossier', missing.map((m) => ({ code: 'invalid_type', path: [m], message: 'required when the dossier was not submitted before' })));
          const unitCode = intake.unit?.code ?? s.unit!.code;
          const day = localDateOf(at);
          dossierCode = formatDossierCode(unitCode, day, await store.nextSequence(dossierCodeSequenceKey(unitCode, day)), rulePack.dossierCodePattern);
          codeDay = day;
        }
        const nonWorkingReceipt = unitReceiptRule((c as { unit?: { code: string } }).unit?.code ?? s.unit?.code);
        bodies = decideChecked(c, s, { procedure, table, rulePack, calendar, at, ...(dossierCode ? { dossierCode } : {}), ...(nonWorkingReceipt ? { nonWorkingReceipt } : {}) });
      } catch (e) {
        // A refusal decided on unverified (cached or assumed-empty) state is checked again on fresh state.
        if (!fresh && e instanceof MotcuaError) {
          fresh = true;
          continue;
        }
        throw e;
      }
      const recordedAt = recordedNow();
      const commandHash = (hash ??= commandFingerprint(c));
      const newEvents: NewEvent[] = bodies.map((b) => ({
        type: b.type,
        data: b.data,
        metadata: {
          eventId: newEventId(),
          schemaVersion: EVENT_SCHEMA_VERSION[b.type],
          occurredAt: at,
          recordedAt,
          actor: c.actor,
          commandId: c.commandId,
          correlationId: c.correlationId ?? c.commandId,
          causationId: c.causationId ?? c.commandId,
          commandHash,
        } as EventMetadata,
      }));
      try {
        const res = await store.append(streamId, newEvents, { expectedVersion: s.version === 0 ? 'no_stream' : s.version });
        const stored = res.events as DossierEvent[];
        const next: CachedDossier = { state: advance(c.dossierId, entry, stored), commands: entry.commands };
        noteCommands(next.commands, stored); // safe to share: only successful appends add ids
        cache.set(streamId, next);
        return { dossierId: c.dossierId, streamId, state: next.state, events: stored, duplicate: res.duplicate };
      } catch (e) {
        cache.delete(streamId);
        if (e instanceof ConcurrencyError && c.expectedVersion === undefined) {
          if (!fresh) {
            fresh = true; // our view was stale, not a race: read and decide again at once
            continue;
          }
          if (attempt++ < maxRetries) {
            // Another process won the race: back off a little (jittered, growing) and decide again on fresh state.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
            continue;
          }
        }
        throw e;
      }
    }
  }

  async function history(dossierId: string): Promise<DossierEvent[]> {
    const { events } = await store.readStream(dossierStreamId(idOf(dossierId)));
    return events as DossierEvent[];
  }

  return {
    store,
    catalog,
    calendar,
    execute,
    tableFor,
    machineFor,
    history,
    async batch(fn) {
      if (!store.batch) return fn();
      try {
        return await store.batch(fn);
      } catch (e) {
        cache.clear();
        throw e;
      }
    },
    async get(dossierId) {
      dossierId = idOf(dossierId);
      const { state } = await load(dossierStreamId(dossierId), dossierId);
      if (state.version === 0) throw new NotFoundError('Dossier', dossierId);
      return state;
    },
    async stateAt(dossierId, instant) {
      dossierId = idOf(dossierId);
      let limit: number;
      try {
        limit = instantMs(toVietnamInstant(instant));
      } catch {
        throw new ValidationError('Invalid instant', [{ code: 'invalid_instant', path: ['instant'], message: 'expected a Date or an ISO-8601 instant with offset' }]);
      }
      const events = (await history(dossierId)).filter((e) => instantMs(e.metadata.occurredAt) <= limit);
      if (events.length === 0) throw new NotFoundError('Dossier state at that time', dossierId);
      return foldDossier(dossierId, events, tableFor);
    },
    async allowedCommands(dossierId) {
      const s = await this.get(dossierId);
      return allowedCommands(tableFor(s.procedure!), s.state);
    },
  };
}

const HAS_UPPER = /[A-F]/;

/** A dossier id as the engine keys it: lower-case (a uuid in any letter case names one dossier). */
function idOf(dossierId: string): string {
  if (typeof dossierId !== 'string' || dossierId.length === 0 || dossierId.length > 200)
    throw new ValidationError('Invalid dossier id', [{ code: 'invalid_type', path: ['dossierId'], message: 'expected a dossier id (uuid)' }]);
  return /[A-Z]/.test(dossierId) ? dossierId.toLowerCase() : dossierId;
}

/**
 * `decide`, with the calendar's own errors turned into what they mean for the
 * command: a time or date the calendar cannot compute from is the caller's
 * (VALIDATION_FAILED), a broken calendar invariant is ours (INTERNAL).
 */
function decideChecked(c: Command, s: DossierState, env: Parameters<typeof decide>[2]): ReturnType<typeof decide> {
  try {
    return decide(c, s, env);
  } catch (e) {
    if ((e instanceof CalendarError || (e as Error)?.name === 'CalendarError') && (e as CalendarError).code !== 'CALENDAR_INVARIANT') {
      const path = c.type === 'IssueApology' ? 'newDueDate' : 'at';
      const code = String((e as CalendarError).code).replace(/^CALENDAR_/, 'calendar_').toLowerCase();
      throw new ValidationError('The calendar cannot compute this', [{ code, path: [path], message: (e as Error).message }]);
    }
    throw e;
  }
}

/** The fast parser of commands (exactly zod's output, or undefined: then zod decides). */
const fastParse = compileFastParse(commandSchema) ?? (() => undefined);

function parseCommand(input: CommandInput): Command {
  const parsed = commandSchema.safeParse(input);
  if (!parsed.success) {
    const type = input !== null && typeof input === 'object' ? (input as { type?: unknown }).type : undefined;
    // The type only when it is a short string: an object here could not even be turned into text.
    throw new ValidationError(typeof type === 'string' && type.length <= 40 ? `Invalid command ${type}` : 'Invalid command', fromZodIssues(parsed.error.issues));
  }
  return parsed.data as Command;
}

const emptyDossier = (dossierId: string): CachedDossier => ({ state: initialDossierState(dossierId), commands: new Map() });

let lastRecordedMs = -1;
let lastRecorded = '';
/** `new Date().toISOString()`, formatted once per millisecond (many commands share one). */
function recordedNow(): string {
  const ms = Date.now();
  if (ms !== lastRecordedMs) {
    lastRecordedMs = ms;
    lastRecorded = new Date(ms).toISOString();
  }
  return lastRecorded;
}

function noteCommands(commands: Map<string, [number, number]>, events: readonly DossierEvent[]): void {
  for (const e of events) {
    const id = e.metadata.commandId;
    if (!id) continue;
    const r = commands.get(id);
    if (r) r[1] = e.version;
    else commands.set(id, [e.version, e.version]);
  }
}

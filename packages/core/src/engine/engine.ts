import { engineAuthorizer } from '../auth/check';
import { vietnamCalendar } from '../deadlines';
import { DEFAULT_DATE_HORIZONS, type DecideEnv } from '../dossier/decide';
import { foldDossier } from '../dossier/fold';
import { NotFoundError, ValidationError, asMotcuaError } from '../errors';
import type { DossierEvent } from '../events/types';
import { allowedCommands } from '../machine/allowed';
import { instantMs, toVietnamInstant } from '../time';
import { engineClock } from './clock';
import { commandPath } from './command-path';
import { tracedExecute } from '../telemetry/engine';
import type { TelemetrySpan } from '../telemetry/types';
import { Dossiers } from './dossiers';
import { GroupCommitter, type GroupCommitStore } from './group-commit';
import { KeyedLock } from './keyed-lock';
import { procedures } from './procedures';
import { dossierStreamId, type Engine, type EngineOptions, type ExecuteResult, type NonWorkingReceipt } from './types';
import { commandValidator, idOf } from './validate';

export { DOSSIER_STREAM_PREFIX, dossierIdOfStream, dossierStreamId } from './types';
export type { Engine, EngineOptions, ExecuteResult, NonWorkingReceipt } from './types';

/**
 * Create the dossier engine. It enforces the access policy on every command:
 * `DEFAULT_POLICY_2025` unless `options.policy` names another, or `'none'`
 * for a trusted import (`EngineOptions.policy`).
 *
 * @example
 * ```ts
 * const engine = createEngine({ store: new InMemoryEventStore(), catalog });
 * const { state } = await engine.execute({
 *   type: 'ReceiveDossier', commandId: uuidv7(), dossierId: uuidv7(),
 *   actor: { id: 'cb-01', role: 'receivingOfficer', unit: '000.00.06.H56' }, procedureCode: '1.001193',
 *   unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã A' },
 *   applicant: { name: 'Nguyễn Văn A' }, channel: 'direct',
 * });
 * state.dossierCode; // '000.00.06.H56-231027-0001'
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const { store, catalog } = options;
  const calendar = options.calendar ?? vietnamCalendar();
  const futureTolerance = options.futureTolerance ?? 5 * 60_000;
  if (typeof futureTolerance !== 'number' || Number.isNaN(futureTolerance) || futureTolerance < 0)
    throw new ValidationError('Invalid engine options', [{ code: 'invalid_option', path: ['futureTolerance'], message: 'expected a number of milliseconds ≥ 0 (or Infinity)' }]);
  const dateHorizons = horizonsOf(options.dateHorizons);
  const receiptRule = options.nonWorkingReceipt;
  const receiptRuleFor = (unitCode: string | undefined): NonWorkingReceipt | undefined =>
    typeof receiptRule === 'function' ? (unitCode === undefined ? undefined : receiptRule(unitCode)) : receiptRule;
  // The years the calendar computes (a `vietnamCalendar` says so; another calendar is trusted to 0000–9999, and its errors are still caught).
  const calYears = (calendar as { years?: { from: number; to: number } }).years;
  const years = { from: Math.max(0, calYears?.from ?? 0), to: Math.min(9999, calYears?.to ?? 9999) };

  const clock = engineClock(options.clock, futureTolerance);
  const validate = commandValidator(years, clock, futureTolerance);
  const procs = procedures(catalog);
  const dossiers = new Dossiers(store, procs.tableFor, options.cacheSize ?? 10_000);
  const authorize = engineAuthorizer(options.policy, () => clock.now().slice(0, 10));
  const telemetry = options.telemetry;
  // Group commit (EngineOptions.groupCommit): appends of concurrent commands share a transaction; not inside engine.batch (the store's batch is the transaction).
  let executing = 0;
  let batchDepth = 0;
  const committer =
    options.groupCommit !== false && typeof store.appendMany === 'function' ? new GroupCommitter(store as GroupCommitStore, options.groupCommit ?? {}, () => executing) : undefined;
  const run = commandPath({
    store,
    ...(committer ? { appender: { append: (streamId, events, appendOptions) => (batchDepth === 0 ? committer : store).append(streamId, events, appendOptions) } } : {}),
    dossiers,
    procedures: procs,
    clock,
    calendar,
    maxRetries: options.maxRetries ?? 10,
    receiptRuleFor,
    dateHorizons,
    ...(authorize ? { authorize } : {}),
    ...(telemetry ? { telemetry } : {}),
  });
  // Commands on one dossier run one after another within the process; different dossiers run freely.
  const locks = new KeyedLock();

  async function untracedExecute(input: Parameters<Engine['execute']>[0], span?: TelemetrySpan) {
    // Every failure is a MotcuaError: anything else (a bug, a misbehaving store, clock or calendar) becomes an InternalError with the cause.
    try {
      const command = validate(input);
      const streamId = dossierStreamId(command.dossierId);
      executing++;
      try {
        return await locks.run(streamId, () => run(command, streamId, span));
      } finally {
        executing--;
      }
    } catch (error) {
      throw asMotcuaError(error, 'engine.execute');
    }
  }
  // Without telemetry, `execute` is the plain function: observability costs nothing when off.
  const execute: Engine['execute'] = telemetry ? tracedExecute(telemetry, untracedExecute as (input: unknown, span: TelemetrySpan) => Promise<ExecuteResult>) : untracedExecute;

  async function history(dossierId: string): Promise<DossierEvent[]> {
    const { events } = await store.readStream(dossierStreamId(idOf(dossierId)));
    return events as DossierEvent[];
  }

  return {
    store,
    catalog,
    calendar,
    execute,
    tableFor: procs.tableFor,
    machineFor: procs.machineFor,
    history,
    async batch(fn) {
      if (!store.batch) return fn();
      batchDepth++;
      try {
        return await store.batch(fn);
      } catch (error) {
        dossiers.clear(); // nothing the batch appended persists: its cached states are gone
        throw error;
      } finally {
        batchDepth--;
      }
    },
    async get(dossierId) {
      dossierId = idOf(dossierId);
      const { state } = await dossiers.load(dossierStreamId(dossierId), dossierId);
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
      return foldDossier(dossierId, events, procs.tableFor);
    },
    async forget(dossierId) {
      const streamId = dossierStreamId(idOf(dossierId));
      await locks.run(streamId, async () => dossiers.drop(streamId));
    },
    async allowedCommands(dossierId) {
      const state = await this.get(dossierId);
      return allowedCommands(procs.tableFor(state.procedure!), state.state);
    },
  };
}

/** `EngineOptions.dateHorizons` with its defaults; a value that is not a whole number of days ≥ 0 (or `Infinity`) is a `VALIDATION_FAILED` naming it. */
function horizonsOf(option: EngineOptions['dateHorizons']): NonNullable<DecideEnv['dateHorizons']> {
  if (option === undefined) return DEFAULT_DATE_HORIZONS;
  const invalid = (path: (string | number)[], message: string) => new ValidationError('Invalid engine options', [{ code: 'invalid_option', path, message }]);
  if (option === null || typeof option !== 'object') throw invalid(['dateHorizons'], 'expected { consultationDeadlineDays?, rescheduleDays? }');
  const out = { ...DEFAULT_DATE_HORIZONS };
  for (const key of ['consultationDeadlineDays', 'rescheduleDays'] as const) {
    const days = option[key];
    if (days === undefined) continue;
    if (typeof days !== 'number' || !(days === Number.POSITIVE_INFINITY || (Number.isInteger(days) && days >= 0)))
      throw invalid(['dateHorizons', key], 'expected a whole number of days ≥ 0 (or Infinity)');
    out[key] = days;
  }
  return Object.freeze(out);
}

/**
 * Observability hooks (quan trắc): how the engine and the projection runner
 * report what they do — spans for `execute`, `append` and projection
 * catch-ups, counters for commands, conflicts, retries and projection events,
 * a histogram of command durations. Off by default: without
 * `EngineOptions.telemetry` (or `ProjectionRunnerOptions.telemetry`) none of
 * this code runs. Implementations: `otelTelemetry()` (`@motcua/core/otel`,
 * over the OpenTelemetry API) and `logTelemetry()` (structured log entries).
 * See docs/observability.md.
 */

/** Attribute values: what OpenTelemetry accepts (no nested objects). */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean>>;

/** Span names. */
export const SPANS = Object.freeze({
  /** One `engine.execute`, from the call to its result or refusal. */
  execute: 'motcua.execute',
  /** One append of a command's events to its dossier's stream (a child of `execute`; again on each retry). */
  append: 'motcua.append',
  /** One catch-up of a projection runner (start, `catchUp`, a live notice, `rebuild`). */
  project: 'motcua.project',
} as const);

/** Counter names (monotonic sums). */
export const COUNTERS = Object.freeze({
  /** Commands executed, by `motcua.command.type` and `motcua.outcome` (`appended`, `duplicate`, `refused`, `failed`). */
  commands: 'motcua.commands',
  /** Appends that lost the expected-version check, by `motcua.command.type` and `motcua.attempt` (`optimistic`: a stale cache; `verified`: another writer). */
  conflicts: 'motcua.conflicts',
  /** Retries after a lost race on verified state, by `motcua.command.type`. */
  retries: 'motcua.retries',
  /** Events a projection runner read and applied (or skipped), by `motcua.projection`. */
  projectionEvents: 'motcua.projection.events',
  /** Events a projection could not apply and skipped, by `motcua.projection`. */
  projectionSkipped: 'motcua.projection.skipped',
} as const);

/** Histogram names. */
export const HISTOGRAMS = Object.freeze({
  /** `engine.execute` duration in milliseconds, by `motcua.command.type` and `motcua.outcome`. */
  commandDuration: 'motcua.command.duration',
} as const);

/** A span name (one of {@link SPANS}). */
export type SpanName = (typeof SPANS)[keyof typeof SPANS];
/** A counter name (one of {@link COUNTERS}). */
export type CounterName = (typeof COUNTERS)[keyof typeof COUNTERS];
/** A histogram name (one of {@link HISTOGRAMS}). */
export type HistogramName = (typeof HISTOGRAMS)[keyof typeof HISTOGRAMS];

/**
 * A span in progress.
 *
 * @example
 * ```ts
 * declare const telemetry: Telemetry;
 * const span = telemetry.span('motcua.project', { 'motcua.projection': 'tt01' });
 * span.set({ 'motcua.events': 12 });
 * span.end();
 * ```
 */
export interface TelemetrySpan {
  /** Add attributes known after the start (outcome, events, retries). */
  set(attributes: TelemetryAttributes): void;
  /** Record the error the span ends with (a `MotcuaError`'s `code` included). */
  fail(error: unknown): void;
  /** End the span (once). */
  end(): void;
}

/**
 * Where the engine and the projection runner report spans and measurements.
 * Implement it to log, trace or measure with any tool; `otelTelemetry()` and
 * `logTelemetry()` are two implementations. Every method must be cheap and
 * must not throw (an exception from a hook propagates into the command).
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * const telemetry: Telemetry = {
 *   span: (name) => ({ set: () => undefined, fail: () => undefined, end: () => void seen.push(name) }),
 *   count: (name, value) => void seen.push(`${name} +${value}`),
 * };
 * ```
 */
export interface Telemetry {
  /** Start a span; `parent` is the span it belongs to (the `execute` span of an `append`), else the caller's current one. */
  span(name: SpanName, attributes: TelemetryAttributes, parent?: TelemetrySpan): TelemetrySpan;
  /** Add `value` to a counter. */
  count(name: CounterName, value: number, attributes: TelemetryAttributes): void;
  /** Record a value in a histogram (optional). */
  record?(name: HistogramName, value: number, attributes: TelemetryAttributes): void;
  /**
   * Run `fn` with `span` as the current span (optional; OpenTelemetry:
   * `context.with`), so spans of instrumented libraries it calls — a
   * database driver — are its children.
   */
  run?<T>(span: TelemetrySpan, fn: () => Promise<T>): Promise<T>;
}

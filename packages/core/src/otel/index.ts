/**
 * `@motcua/core/otel` — the engine's and the projection runner's telemetry
 * (`EngineOptions.telemetry`, `ProjectionRunnerOptions.telemetry`) reported
 * through the OpenTelemetry API. `@opentelemetry/api` is an optional peer
 * dependency: only this entry point imports it, so applications without it
 * are unaffected. Configure an OpenTelemetry SDK (exporters, sampling) as
 * usual; without one, the API's no-op tracer and meter are used.
 * See docs/observability.md.
 */
import { context, metrics, type Attributes, type Counter, type Histogram, type Meter, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { MotcuaError } from '../errors';
import { COUNTERS, type CounterName, HISTOGRAMS, type HistogramName, type Telemetry, type TelemetryAttributes, type TelemetrySpan } from '../telemetry/types';

/** The instrumentation scope name of the tracer and meter. */
export const INSTRUMENTATION_SCOPE = '@motcua/core';

/**
 * Options of {@link otelTelemetry}.
 *
 * @example
 * ```ts
 * declare const tracer: NonNullable<OtelTelemetryOptions['tracer']>; // e.g. trace.getTracer('one-stop-desk')
 * const options: OtelTelemetryOptions = { tracer }; // the meter: the global one
 * ```
 */
export interface OtelTelemetryOptions {
  /** Default: `trace.getTracer('@motcua/core')` from the global tracer provider. */
  tracer?: Tracer;
  /** Default: `metrics.getMeter('@motcua/core')` from the global meter provider. */
  meter?: Meter;
}

const DESCRIPTIONS: Record<CounterName, string> = {
  [COUNTERS.commands]: 'Commands executed, by command type and outcome (appended, duplicate, refused, failed)',
  [COUNTERS.conflicts]: 'Appends that lost the expected-version check, by command type and attempt (optimistic, verified)',
  [COUNTERS.retries]: 'Command retries after a lost append race, by command type',
  [COUNTERS.projectionEvents]: 'Events a projection runner read, by projection',
  [COUNTERS.projectionSkipped]: 'Events a projection could not apply and skipped, by projection',
};

/** A span of the adapter: the OpenTelemetry span inside. */
class OtelSpan implements TelemetrySpan {
  constructor(readonly span: Span) {}
  set(attributes: TelemetryAttributes): void {
    this.span.setAttributes(attributes as Attributes);
  }
  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof MotcuaError) this.span.setAttribute('motcua.error.code', error.code);
    this.span.recordException(error instanceof Error ? error : message);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  end(): void {
    this.span.end();
  }
}

/**
 * Telemetry over the OpenTelemetry API: spans `motcua.execute` (with its
 * `motcua.append` children), `motcua.project`; counters `motcua.commands`,
 * `motcua.conflicts`, `motcua.retries`, `motcua.projection.events`,
 * `motcua.projection.skipped`; the histogram `motcua.command.duration` (ms).
 * `execute` and `append` run with their span as the active context, so spans
 * of instrumented drivers (pg, …) are their children.
 *
 * @example
 * ```ts
 * import { otelTelemetry } from '@motcua/core/otel';
 * const telemetry = otelTelemetry();
 * const engine = createEngine({ store, catalog, telemetry });
 * const runner = createProjectionRunner({ store, projection, telemetry });
 * ```
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): Telemetry {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE);
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE);
  const counters = Object.fromEntries(Object.values(COUNTERS).map((n) => [n, meter.createCounter(n, { description: DESCRIPTIONS[n] })])) as Record<CounterName, Counter>;
  const histograms: Record<HistogramName, Histogram> = {
    [HISTOGRAMS.commandDuration]: meter.createHistogram(HISTOGRAMS.commandDuration, { description: 'engine.execute duration, by command type and outcome', unit: 'ms' }),
  };
  return {
    span(name, attributes, parent) {
      const ctx = parent instanceof OtelSpan ? trace.setSpan(context.active(), parent.span) : context.active();
      return new OtelSpan(tracer.startSpan(name, { attributes: attributes as Attributes }, ctx));
    },
    count(name, value, attributes) {
      counters[name].add(value, attributes as Attributes);
    },
    record(name, value, attributes) {
      histograms[name].record(value, attributes as Attributes);
    },
    run(span, fn) {
      return span instanceof OtelSpan ? context.with(trace.setSpan(context.active(), span.span), fn) : fn();
    },
  };
}

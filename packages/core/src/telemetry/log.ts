import { MotcuaError } from '../errors';
import type { CounterName, HistogramName, SpanName, Telemetry, TelemetryAttributes, TelemetrySpan } from './types';

/** One entry of {@link logTelemetry}: a span that ended, a counter increment or a measurement. */
export type TelemetryLogEntry =
  | { kind: 'span'; name: SpanName; durationMs: number; attributes: Record<string, string | number | boolean>; parent?: SpanName; error?: { code?: string; message: string } }
  | { kind: 'count'; name: CounterName; value: number; attributes: TelemetryAttributes }
  | { kind: 'measure'; name: HistogramName; value: number; attributes: TelemetryAttributes };

/**
 * Telemetry as structured log entries: each span when it ends (name,
 * duration, attributes, parent span name, error), each counter increment and
 * measurement, handed to `write` — e.g. one JSON line per entry.
 *
 * @example
 * ```ts
 * const engine = createEngine({ store, catalog, telemetry: logTelemetry((entry) => console.log(JSON.stringify(entry))) });
 * ```
 */
export function logTelemetry(write: (entry: TelemetryLogEntry) => void, now: () => number = () => performance.now()): Telemetry {
  return {
    span(name, attributes, parent) {
      const start = now();
      const attrs: Record<string, string | number | boolean> = { ...attributes };
      let error: { code?: string; message: string } | undefined;
      let ended = false;
      const span: TelemetrySpan & { name: SpanName } = {
        name,
        set: (more) => void Object.assign(attrs, more),
        fail: (thrown) => {
          error = thrown instanceof MotcuaError ? { code: thrown.code, message: thrown.message } : { message: thrown instanceof Error ? thrown.message : String(thrown) };
        },
        end: () => {
          if (ended) return;
          ended = true;
          const parentName = (parent as { name?: SpanName } | undefined)?.name;
          write({ kind: 'span', name, durationMs: now() - start, attributes: attrs, ...(parentName ? { parent: parentName } : {}), ...(error ? { error } : {}) });
        },
      };
      return span;
    },
    count: (name, value, attributes) => write({ kind: 'count', name, value, attributes }),
    record: (name, value, attributes) => write({ kind: 'measure', name, value, attributes }),
  };
}

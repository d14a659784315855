/**
 * Observability hooks (docs/observability.md) through the real OpenTelemetry
 * SDK with in-memory exporters: a command produces an `execute` span with its
 * `append` child and the expected attributes; a refusal is an error span;
 * a stale cache and a lost race increment the conflict and retry counters;
 * projection catch-ups produce spans and event counters.
 */
import { InMemorySpanExporter, BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { SpanStatusCode } from '@opentelemetry/api';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, createProjectionRunner, InMemoryEventStore, logTelemetry, type EventStore, type Projection, type TelemetryLogEntry } from '@motcua/core';
import { otelTelemetry } from '@motcua/core/otel';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, cmd, unit, vn } from './helpers';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

function otel() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = otelTelemetry({ tracer: tracerProvider.getTracer('test'), meter: meterProvider.getMeter('test') });
  /** Counter and histogram data points: `name` → [attributes, value][]. */
  async function metrics(): Promise<Record<string, [Record<string, unknown>, unknown][]>> {
    const { resourceMetrics } = await reader.collect();
    const out: Record<string, [Record<string, unknown>, unknown][]> = {};
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics as MetricData[]) out[m.descriptor.name] = m.dataPoints.map((p) => [p.attributes as Record<string, unknown>, p.value]);
    return out;
  }
  const spans = () => exporter.getFinishedSpans();
  return { telemetry, spans, metrics, shutdown: () => Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]) };
}
let current: ReturnType<typeof otel> | undefined;
afterEach(async () => {
  await current?.shutdown();
  current = undefined;
});

const receive = (id: string) => cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
const petition = (id: string, n: number) => cmd(id, { type: 'FilePetition', petitionId: `p-${n}`, content: 'Hỏi tiến độ', channel: 'hotline', at: vn('2024-03-04T10:00') });
const sum = (points: [Record<string, unknown>, unknown][] | undefined, where: Record<string, unknown>) =>
  (points ?? []).filter(([a]) => Object.entries(where).every(([k, v]) => a[k] === v)).reduce((s, [, v]) => s + (v as number), 0);
const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

describe('OpenTelemetry adapter: engine', () => {
  it('a command is an execute span with its append span as a child, attributes, and a count and duration', async () => {
    current = otel();
    const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), telemetry: current.telemetry, policy: 'none' });
    const id = uuidv7();
    await engine.execute(receive(id));
    const spans = current.spans();
    const [execute] = named(spans, 'motcua.execute');
    const [append] = named(spans, 'motcua.append');
    expect(spans.map((s) => s.name).sort()).toEqual(['motcua.append', 'motcua.execute']);
    expect(execute!.attributes).toMatchObject({
      'motcua.command.type': 'ReceiveDossier',
      'motcua.outcome': 'appended',
      'motcua.dossier.id': id,
      'motcua.events': 1,
      'motcua.dossier.version': 1,
    });
    expect(append!.attributes).toMatchObject({ 'motcua.command.type': 'ReceiveDossier', 'motcua.stream.id': `dossier-${id}`, 'motcua.events': 1, 'motcua.outcome': 'appended' });
    expect(append!.parentSpanContext?.spanId).toBe(execute!.spanContext().spanId);
    expect(append!.spanContext().traceId).toBe(execute!.spanContext().traceId);
    const m = await current.metrics();
    expect(sum(m['motcua.commands'], { 'motcua.command.type': 'ReceiveDossier', 'motcua.outcome': 'appended' })).toBe(1);
    expect(m['motcua.command.duration']).toHaveLength(1);
  });

  it('a refused command is an error span with its code, no append, counted as refused; hostile input does not make a new type', async () => {
    current = otel();
    const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), telemetry: current.telemetry, policy: 'none' });
    await expect(engine.execute(petition(uuidv7(), 1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(engine.execute({ type: 'DropTables', x: 1 } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const spans = current.spans();
    expect(named(spans, 'motcua.append')).toEqual([]);
    expect(spans.map((s) => [s.attributes['motcua.command.type'], s.attributes['motcua.outcome'], s.attributes['motcua.error.code'], s.status.code])).toEqual([
      ['FilePetition', 'refused', 'NOT_FOUND', SpanStatusCode.ERROR],
      ['invalid', 'refused', 'VALIDATION_FAILED', SpanStatusCode.ERROR],
    ]);
    expect(spans[0]!.events.map((e) => e.name)).toEqual(['exception']);
    const m = await current.metrics();
    expect(sum(m['motcua.commands'], { 'motcua.outcome': 'refused' })).toBe(2);
    expect(sum(m['motcua.commands'], { 'motcua.outcome': 'appended' })).toBe(0);
  });

  it('a stale cache is an optimistic conflict (no retry); a race lost on verified state is a verified conflict and a retry', async () => {
    current = otel();
    const store = new InMemoryEventStore();
    const other = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const engine = createEngine({ store, catalog: sampleCatalog(), telemetry: current.telemetry, policy: 'none' });
    const id = uuidv7();
    await engine.execute(receive(id)); // cached by `engine`
    await other.execute(petition(id, 1)); // … now stale
    await engine.execute(petition(id, 2)); // optimistic attempt conflicts, the verified one appends
    let m = await current.metrics();
    expect(sum(m['motcua.conflicts'], { 'motcua.attempt': 'optimistic', 'motcua.command.type': 'FilePetition' })).toBe(1);
    expect(sum(m['motcua.conflicts'], { 'motcua.attempt': 'verified' })).toBe(0);
    expect(sum(m['motcua.retries'], {})).toBe(0);

    // A real race: right before `racer`'s next append, `other` appends to the same dossier.
    let inject: (() => Promise<unknown>) | undefined;
    const racing: EventStore = Object.create(store);
    racing.append = async (...args) => {
      const f = inject;
      inject = undefined;
      if (f) await f();
      return store.append(...args);
    };
    const racer = createEngine({ store: racing, catalog: sampleCatalog(), telemetry: current.telemetry, cacheSize: 0, policy: 'none' });
    inject = () => other.execute(petition(id, 3));
    const r = await racer.execute(petition(id, 4));
    expect(r.state.version).toBe(5);
    m = await current.metrics();
    expect(sum(m['motcua.conflicts'], { 'motcua.attempt': 'verified' })).toBe(1);
    expect(sum(m['motcua.retries'], { 'motcua.command.type': 'FilePetition' })).toBe(1);
    const last = named(current.spans(), 'motcua.execute').at(-1)!;
    expect(last.attributes).toMatchObject({ 'motcua.retries': 1, 'motcua.outcome': 'appended' });
    const appends = named(current.spans(), 'motcua.append').filter((s) => s.parentSpanContext?.spanId === last.spanContext().spanId);
    expect(appends.map((s) => [s.attributes['motcua.outcome'], s.status.code])).toEqual([
      ['conflict', SpanStatusCode.ERROR],
      ['appended', SpanStatusCode.UNSET],
    ]);
  });
});

describe('OpenTelemetry adapter: projection runner', () => {
  const counting: Projection<number> = {
    name: 'counting',
    version: '1',
    init: () => 0,
    apply: (s, e) => {
      if ((e.data as { poison?: boolean }).poison) throw new Error('cannot apply');
      return s + 1;
    },
    toSnapshot: (s) => s,
    fromSnapshot: (s) => s as number,
  };
  const event = (data: object) => ({
    type: 'Noted',
    data,
    metadata: { eventId: uuidv7(), schemaVersion: 1, occurredAt: '2024-03-04T09:00:00.000+07:00', recordedAt: '2024-03-04T02:00:00.000Z' },
  });

  it('each catch-up is a project span with positions and events; events read and skipped are counted', async () => {
    current = otel();
    const store = new InMemoryEventStore();
    await store.append('s-1', [event({}), event({ poison: true }), event({})]);
    const runner = createProjectionRunner({ store, projection: counting, persist: false, telemetry: current.telemetry });
    await runner.catchUp();
    await store.append('s-1', [event({})]);
    await runner.catchUp();
    expect(runner.state).toBe(3);
    const spans = named(current.spans(), 'motcua.project');
    expect(spans.map((s) => s.attributes)).toEqual([
      { 'motcua.projection': 'counting', 'motcua.project.mode': 'catchUp', 'motcua.position.from': 0, 'motcua.position.to': 3, 'motcua.events': 3, 'motcua.events.skipped': 1 },
      { 'motcua.projection': 'counting', 'motcua.project.mode': 'catchUp', 'motcua.position.from': 3, 'motcua.position.to': 4, 'motcua.events': 1, 'motcua.events.skipped': 0 },
    ]);
    const m = await current.metrics();
    expect(sum(m['motcua.projection.events'], { 'motcua.projection': 'counting' })).toBe(4);
    expect(sum(m['motcua.projection.skipped'], { 'motcua.projection': 'counting' })).toBe(1);
  });
});

describe('logTelemetry', () => {
  it('writes each span when it ends (with its parent and error) and each count', async () => {
    const entries: TelemetryLogEntry[] = [];
    let t = 0;
    const engine = createEngine({
      store: new InMemoryEventStore(),
      catalog: sampleCatalog(),
      telemetry: logTelemetry(
        (e) => entries.push(e),
        () => (t += 5),
      ),
      policy: 'none',
    });
    const id = uuidv7();
    const first = receive(id);
    await engine.execute(first);
    await expect(engine.execute(first)).resolves.toMatchObject({ duplicate: true }); // the same command again
    await expect(engine.execute(petition(uuidv7(), 1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(
      entries.filter((e) => e.kind === 'span').map((e) => [e.name, e.kind === 'span' && e.parent, e.attributes['motcua.outcome'], e.kind === 'span' && e.error?.code]),
    ).toEqual([
      ['motcua.append', 'motcua.execute', 'appended', undefined],
      ['motcua.execute', undefined, 'appended', undefined],
      ['motcua.execute', undefined, 'duplicate', undefined],
      ['motcua.execute', undefined, 'refused', 'NOT_FOUND'],
    ]);
    expect(entries.filter((e) => e.kind === 'count').map((e) => e.attributes['motcua.outcome'])).toEqual(['appended', 'duplicate', 'refused']);
    expect(entries.find((e) => e.kind === 'span')).toMatchObject({ durationMs: 5 });
  });
});

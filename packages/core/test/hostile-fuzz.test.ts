/**
 * Issue #10 item 20: fuzz the engine with hostile commands (wrong types,
 * huge strings, odd dates, unicode, prototype keys, odd objects). Every
 * refusal is a MotcuaError with a known code (never a CalendarError,
 * TypeError or RangeError, never an INTERNAL one), a refusal appends
 * nothing, and what is accepted leaves every dossier readable: canonical
 * instants in time order, gap-free versions, the same state from a replay.
 *
 * `FUZZ_RUNS=40000 npx vitest run --project core test/hostile-fuzz.test.ts` for the long run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createEngine, InMemoryEventStore, MotcuaError, type CommandInput, type MotcuaErrorCode } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, officer, unit } from './helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6000);
const NOW = Date.parse('2024-06-03T02:00:00Z');
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;
/** Codes a hostile command may be refused with: the caller's fault, or the dossier's state. */
const EXPECTED: ReadonlySet<MotcuaErrorCode> = new Set([
  'VALIDATION_FAILED',
  'INVALID_TRANSITION',
  'RULE_VIOLATION',
  'NOT_FOUND',
  'UNKNOWN_PROCEDURE',
  'CONCURRENCY_CONFLICT',
  'IDEMPOTENCY_CONFLICT',
]);

const ODD_INSTANTS = [
  '2024-02-30T09:00:00+07:00',
  '2024-06-03T24:00:00+07:00',
  '9999-12-31T23:59:59-12:00',
  '+010000-01-01T18:59:59.+07:00',
  '+010000-01-01T18:59:59.000+07:00',
  '0000-01-01T00:00:00+07:00',
  '1899-12-31T23:59:59+07:00',
  '1900-01-01T00:00:00+07:00',
  '2199-12-31T23:59:59+07:00',
  '2099-01-01T09:00:00+07:00',
  '2024-06-03T09:04:59+07:00',
  '2024-06-03T09:05:01+07:00',
  '2024-06-03T08:00:00.123456789+07:00',
  '2024-06-03T08:00:00+23:59',
  '2024-06-03T08:00:00-23:59',
  '2024-06-03T01:00:00Z',
  '2024-06-03T01:00:00z',
  '2024-06-03 08:00:00+07:00',
  '2024-06-03',
  '',
  'NaN',
  'Invalid Date',
];
const ODD_DAYS = ['2027-02-31', '2024-02-29', '2023-02-29', '0000-01-01', '9999-12-31', '2199-12-31', '2200-01-01', '2024-06-08', '2024-06-10', '2024-13-01', '24-06-10', ''];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then', ''];

const hugeString = fc.constantFrom(1_000, 100_000, 3_000_000).chain((n) => fc.constantFrom('x', 'ễ', '😀', '\u0000', '\ud800').map((ch) => ch.repeat(n)));
const unicode = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('\u0000', '\ud800', '\udc00x', '\u202eabc', '😀', 'Nguyễn Văn A', '\ufeff', 'a\u0301'),
);
const oddNumber = fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 1e308, 2 ** 53, 0.5, Number.MAX_SAFE_INTEGER + 2);
const protoObject = fc.constantFrom(...PROTO_KEYS).map((k) => JSON.parse(`{${JSON.stringify(k)}: {"polluted": true}, "name": "x", "code": "X"}`) as unknown);
const oddObject = fc.constantFrom<unknown>(
  Object.create(null),
  Object.create({ name: 'inherited', code: 'X' }),
  new Date(NOW),
  new Map([['name', 'x']]),
  [1, 2, 3],
  [],
  () => 1,
  Symbol('s'),
  10n,
  new String('boxed'),
  Object.freeze({ name: 'frozen', code: 'X' }),
);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
    }),
  },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_INSTANTS, ...ODD_DAYS) },
  { weight: 2, arbitrary: unicode },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: oddNumber },
  { weight: 1, arbitrary: protoObject },
  { weight: 1, arbitrary: oddObject },
);

/** Plausible commands of every type, on one of a few dossiers (or a new one), before corruption. */
function templates(ids: string[]): fc.Arbitrary<Record<string, unknown>> {
  const intake = {
    procedureCode: fc.constantFrom('2.002030', '1.003003', '2.000815', '9.999999'),
    unit: fc.constant(unit),
    applicant: fc.constant(applicant),
    channel: fc.constantFrom('direct', 'online', 'postal'),
  };
  const bodies: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.record({ type: fc.constant('ReceiveDossier'), ...intake }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('SubmitOnline'), ...intake }),
    fc.record({ type: fc.constant('HandleInstantly'), ...intake }),
    fc.record({ type: fc.constant('RefuseReception'), reason: fc.constant('Không đủ'), intake: fc.record(intake) }),
    fc.record({ type: fc.constantFrom('TransferDossier', 'ProvideSupplement', 'StartInterAgency', 'Resolve', 'RequestWithdrawal', 'RecordPortalSync', 'ProvideIntakeSupplement') }),
    fc.record({ type: fc.constant('AssignOfficer'), officer: fc.constant({ id: 'cv-1' }) }),
    fc.record({ type: fc.constant('IssueApology'), reason: fc.constant('x'), lateUnit: fc.constant('SKHDT'), newDueDate: fc.constantFrom(...ODD_DAYS) }),
    fc.record({
      type: fc.constant('RequestConsultation'),
      consultationId: fc.constantFrom('c1', 'c2'),
      agency: fc.constant({ code: 'STNMT', name: 'Sở' }),
      content: fc.constant('x'),
      deadline: fc.constantFrom(...ODD_DAYS),
    }),
    fc.record({ type: fc.constant('RequestFee'), items: fc.constant([{ name: 'Lệ phí', amountVnd: 1000 }]) }),
    fc.record({ type: fc.constant('RecordFeePayment'), amountVnd: fc.nat(), method: fc.constant('online') }),
    fc.record({ type: fc.constant('CompleteLeg'), legIndex: fc.nat({ max: 4 }) }),
    fc.record({ type: fc.constant('ReturnResult'), method: fc.constant('counter') }),
    fc.record({ type: fc.constant('FilePetition'), petitionId: fc.constantFrom('p1', 'p2'), content: fc.constant('x'), channel: fc.constant('hotline') }),
    fc.record({ type: fc.constant('RequestSupplement'), items: fc.constant([{ name: 'Giấy' }]), reason: fc.constant('x') }),
  ];
  return fc
    .record({
      body: fc.oneof(...bodies),
      dossierId: fc.oneof(
        fc.constantFrom(...ids),
        fc.constantFrom(...ids).map((i) => i.toUpperCase()),
        fc.uuid(),
      ),
      commandId: fc.oneof(fc.uuid(), fc.constantFrom(...ids)),
      at: fc.option(
        fc.oneof(
          fc.constantFrom(...ODD_INSTANTS),
          fc.integer({ min: Date.parse('2024-06-03T01:00:00Z'), max: NOW + 600_000 }).map((t) => new Date(t).toISOString()),
        ),
        { nil: undefined },
      ),
    })
    .map(({ body, dossierId, commandId, at }) => ({ ...body, commandId, dossierId, actor: officer, ...(at === undefined ? {} : { at }) }));
}

/** Replace, delete or add something at a random place (paths index keys modulo their count). */
function corrupt(x: unknown, path: number[], junkValue: unknown, key: string): unknown {
  if (x === null || typeof x !== 'object' || path.length === 0) return junkValue;
  const keys = Object.keys(x);
  if (keys.length === 0) return junkValue;
  const k = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(x) ? ([...x] as never) : { ...(x as object) };
  const op = path[0]! % 6;
  if (path.length === 1 && op === 0) delete copy[k];
  else if (path.length === 1 && op === 1)
    Object.defineProperty(copy, key, { value: junkValue, enumerable: true, configurable: true, writable: true }); // own key, even `__proto__`
  else copy[k] = corrupt(copy[k], path.slice(1), junkValue, key);
  return copy;
}

const hostile = (ids: string[]) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(templates(ids), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), junk, fc.constantFrom(...PROTO_KEYS, 'handedOverAtt', 'extra'))
        .map(([c, p, j, k]) => corrupt(c, p, j, k)),
    },
    { weight: 4, arbitrary: templates(ids) }, // valid or nearly: the dossiers move on
    { weight: 1, arbitrary: junk }, // not even an object
  );

describe('#10.20 hostile commands', () => {
  it(`${RUNS} hostile commands: every refusal is a typed MotcuaError, appends nothing, and every dossier stays readable`, { timeout: 600_000 }, async () => {
    const store = new InMemoryEventStore();
    const catalog = sampleCatalog();
    const engine = createEngine({ store, catalog, clock: () => new Date(NOW), cacheSize: 50, policy: 'none' });
    const ids = Array.from({ length: 4 }, () => uuidv7());
    for (const [i, id] of ids.entries())
      await engine.execute({
        type: 'ReceiveDossier',
        commandId: uuidv7(),
        dossierId: id,
        actor: officer,
        procedureCode: i % 2 ? '1.003003' : '2.002030',
        unit,
        applicant,
        channel: 'direct',
        at: '2024-06-03T08:00:00+07:00',
      });
    const seen = new Map<string, number>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostile(ids), async (input) => {
        const before = await store.headPosition();
        let outcome: string;
        try {
          await engine.execute(input as CommandInput);
          accepted++;
          outcome = 'ok';
        } catch (e) {
          if (!(e instanceof MotcuaError)) throw new Error(`not a MotcuaError: ${(e as Error)?.name}: ${(e as Error)?.message}`);
          expect(EXPECTED.has(e.code), `${e.code}: ${e.message} (cause ${(e.cause as Error)?.stack})`).toBe(true);
          expect(Array.isArray(e.issues) && e.issues.every((i) => typeof i.code === 'string' && Array.isArray(i.path) && typeof i.message === 'string')).toBe(true);
          expect(typeof JSON.stringify(e)).toBe('string');
          // No getters here: an "unreadable" refusal would be a TypeError of our own, masked.
          expect(e.issues.some((i) => i.code === 'unreadable_input')).toBe(false);
          expect(await store.headPosition()).toBe(before);
          outcome = e.code === 'RULE_VIOLATION' ? `RULE_VIOLATION ${(e as unknown as { rule: string }).rule}` : e.code;
        }
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // Whatever was accepted left readable dossiers: canonical instants in order, versions 1…n, and a fresh engine folds the same state.
    const fresh = createEngine({ store, catalog, clock: () => new Date(NOW), policy: 'none' });
    const streams = new Set<string>();
    for await (const e of store.readAll()) streams.add(e.streamId);
    for (const streamId of streams) {
      const id = streamId.slice('dossier-'.length);
      expect(id).toBe(id.toLowerCase());
      const h = await engine.history(id);
      expect(h.map((e) => e.version)).toEqual(h.map((_, i) => i + 1));
      for (const [i, e] of h.entries()) {
        expect(e.metadata.occurredAt).toMatch(CANONICAL);
        if (i > 0) expect(e.metadata.occurredAt >= h[i - 1]!.metadata.occurredAt).toBe(true);
        expect(e.metadata.occurredAt <= '2024-06-03T09:05:00.000+07:00').toBe(true);
      }
      expect(await fresh.get(id)).toEqual(await engine.get(id));
      if (h.length) expect((await engine.stateAt(id, new Date(NOW + 600_000))).version).toBe(h.length);
    }
    expect(accepted).toBeGreaterThan(0);
    console.log(
      `hostile commands: ${RUNS} → ${[...seen]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}; ${streams.size} dossiers`,
    );
  });
});

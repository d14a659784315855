/**
 * Issue #10, acceptance at HEAD (bad input never corrupts or locks a dossier:
 * items 15–22), through `@motcua/core` with the default engine options (access
 * policy on) and actors with the policy's roles. Each expectation comes from
 * the issue's own example; every refusal is checked to append nothing.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, dossierStreamId, foldDossier, InMemoryEventStore, MotcuaError, ValidationError, type CommandInput, type DossierEvent, type EventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { ACTORS, APPLICANT, command, defaultEngine, receipt, rejection, UNIT, vn } from './issue-10-support';

const BUSINESS = '2.002030';

/** A dossier received Mon 04/03/2024 09:00 (business registration, due Thu 07/03). */
async function received(engine: ReturnType<typeof defaultEngine>['engine']): Promise<string> {
  const id = randomUUID();
  await engine.execute(command('reception', id, receipt(BUSINESS, vn('2024-03-04T09:00'))));
  return id;
}

describe('item 15 — an impossible calendar date is refused with VALIDATION_FAILED', () => {
  it('at = 2024-02-30T09:00:00+07:00 (February 2024 has 29 days) → VALIDATION_FAILED on `at`, nothing appended', async () => {
    const { engine, store } = defaultEngine();
    const id = randomUUID();
    const err = await rejection(engine.execute(command('reception', id, receipt(BUSINESS, '2024-02-30T09:00:00+07:00'))));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues!.some((i) => i.path.join('.') === 'at')).toBe(true);
    expect((await store.readStream(dossierStreamId(id))).events).toHaveLength(0);
  });
});

describe('item 15 (more impossible instants) — each is VALIDATION_FAILED on `at`', () => {
  // 2023 is not a leap year; April has 30 days; there is no month 13 nor hour 24:30.
  for (const at of ['2023-02-29T09:00:00+07:00', '2024-04-31T09:00:00+07:00', '2024-13-01T09:00:00+07:00', '2024-03-04T24:30:00+07:00', '2024-03-04T09:60:00+07:00']) {
    it(at, async () => {
      const { engine } = defaultEngine();
      const err = await rejection(engine.execute(command('reception', randomUUID(), receipt(BUSINESS, at))));
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.issues!.some((i) => i.path.join('.') === 'at')).toBe(true);
    });
  }
});

describe('item 16 — `at` in the future is refused (default tolerance 5 minutes) and never locks the dossier', () => {
  it('at in 2099 → RULE_VIOLATION TIME_IN_FUTURE; the next command at the present time still lands', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    const err = await rejection(engine.execute(command('reception', id, { type: 'TransferDossier', at: '2099-01-01T09:00:00.000+07:00' })));
    expect(err).toBeInstanceOf(MotcuaError);
    expect(err.code).toBe('RULE_VIOLATION');
    expect(err.rule).toBe('TIME_IN_FUTURE');
    expect((await engine.history(id)).length).toBe(1);
    const ok = await engine.execute(command('reception', id, { type: 'TransferDossier' })); // at = the engine's clock
    expect(ok.state.version).toBe(2);
  });
  it('with a fixed clock at Mon 04/03/2024 10:00: +4 min is accepted, +6 min refused; the tolerance is an option', async () => {
    const now = Date.parse('2024-03-04T10:00:00+07:00');
    const { engine } = defaultEngine({ clock: () => new Date(now) });
    const id = await received(engine);
    expect((await rejection(engine.execute(command('reception', id, { type: 'TransferDossier', at: vn('2024-03-04T10:06') })))).rule).toBe('TIME_IN_FUTURE');
    await engine.execute(command('reception', id, { type: 'TransferDossier', at: vn('2024-03-04T10:04') }));
    const lax = defaultEngine({ clock: () => new Date(now), futureTolerance: 60 * 60_000 }).engine;
    const id2 = await received(lax);
    await lax.execute(command('reception', id2, { type: 'TransferDossier', at: vn('2024-03-04T10:30') }));
  });
});

describe('item 17 — the same commandId with a different payload is IDEMPOTENCY_CONFLICT', () => {
  it('same id + same command → the first result again (nothing new); different payload or type → IDEMPOTENCY_CONFLICT', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    const first = command('reception', id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') });
    const r1 = await engine.execute(first);
    const again = await engine.execute(first);
    expect(again.events.map((e) => e.metadata.eventId)).toEqual(r1.events.map((e) => e.metadata.eventId));
    expect((await engine.history(id)).length).toBe(2);
    const payload = await rejection(engine.execute({ ...first, mode: 'electronic' } as CommandInput));
    expect(payload.code).toBe('IDEMPOTENCY_CONFLICT');
    const type = await rejection(engine.execute({ ...command('reception', id, { type: 'RequestWithdrawal', at: vn('2024-03-04T11:00') }), commandId: first.commandId }));
    expect(type.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await engine.history(id)).length).toBe(2);
  });
});

describe('item 18 — unknown fields in commands are refused, not stripped', () => {
  it('a misspelt optional field (`electronicResul`) → VALIDATION_FAILED naming it; nothing appended', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    const err = await rejection(engine.execute(command('reception', id, { type: 'TransferDossier', mdoe: 'paper', at: vn('2024-03-04T10:00') })));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(err.issues)).toContain('mdoe');
    expect((await engine.history(id)).length).toBe(1);
  });
});

describe('item 18 (nested) — an unknown key inside the applicant is refused too', () => {
  it('applicant.nmae → VALIDATION_FAILED; nothing appended', async () => {
    const { engine, store } = defaultEngine();
    const id = randomUUID();
    const err = await rejection(engine.execute(command('reception', id, { ...receipt(BUSINESS, vn('2024-03-04T09:00')), applicant: { ...APPLICANT, nmae: 'Nguyễn Văn Án' } })));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(err.issues)).toContain('nmae');
    expect((await store.readStream(dossierStreamId(id))).events).toHaveLength(0);
  });
});

describe('item 19 — ReceiveDossier without `unit` is a MotcuaError (VALIDATION_FAILED on `unit`), not a plain Error', () => {
  it('the engine answers a typed error naming `unit`; nothing appended', async () => {
    const { engine, store } = defaultEngine();
    const id = randomUUID();
    const { unit: _omit, ...noUnit } = receipt(BUSINESS, vn('2024-03-04T09:00')) as { unit: unknown };
    const err = await rejection(engine.execute(command('reception', id, noUnit)));
    expect(err).toBeInstanceOf(MotcuaError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues!.some((i) => i.path.join('.') === 'unit')).toBe(true);
    expect((await store.readStream(dossierStreamId(id))).events).toHaveLength(0);
  });
});

describe('item 20 — business time is bounded, sizes are bounded, UUID case is normalised, nothing but MotcuaError escapes', () => {
  it('at in year 10000 (both spellings) → VALIDATION_FAILED that says which years are accepted; nothing appended', async () => {
    const { engine, store } = defaultEngine({ futureTolerance: Number.POSITIVE_INFINITY }); // even with the future check off
    for (const at of ['+010000-01-01T18:59:59.000+07:00', '10000-01-01T00:00:00+07:00']) {
      const id = randomUUID();
      const err = await rejection(engine.execute(command('reception', id, receipt(BUSINESS, at))));
      expect(err.code, at).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(err.issues), at).toMatch(/\b(1900|0|9999|2199)\b/);
      expect((await store.readStream(dossierStreamId(id))).events).toHaveLength(0);
    }
  });
  it('newDueDate 2027-02-31 → VALIDATION_FAILED on newDueDate (not a thrown CalendarError)', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    const err = await rejection(engine.execute(command('leader', id, { type: 'IssueApology', reason: 'x', lateUnit: 'y', newDueDate: '2027-02-31', at: vn('2024-03-05T09:00') })));
    expect(err).toBeInstanceOf(MotcuaError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues!.some((i) => i.path.join('.') === 'newDueDate')).toBe(true);
  });
  it('a 20 MB applicant name → VALIDATION_FAILED on applicant.name; nothing appended', async () => {
    const { engine, store } = defaultEngine();
    const id = randomUUID();
    const err = await rejection(
      engine.execute(command('reception', id, { ...receipt(BUSINESS, vn('2024-03-04T09:00')), applicant: { ...APPLICANT, name: 'A'.repeat(20 * 1024 * 1024) } })),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.issues!.some((i) => i.path.join('.') === 'applicant.name')).toBe(true);
    expect((await store.readStream(dossierStreamId(id))).events).toHaveLength(0);
  });
  it('upper- and lower-case forms of one dossier id are one dossier', async () => {
    const { engine } = defaultEngine();
    const id = randomUUID();
    await engine.execute(command('reception', id.toUpperCase(), receipt(BUSINESS, vn('2024-03-04T09:00'))));
    const t = await engine.execute(command('reception', id.toLowerCase(), { type: 'TransferDossier', at: vn('2024-03-04T10:00') }));
    expect(t.state.version).toBe(2);
    expect((await engine.get(id.toUpperCase())).version).toBe(2);
    const again = await rejection(engine.execute(command('reception', id, receipt(BUSINESS, vn('2024-03-04T11:00')))));
    expect(again.code).not.toBe('INTERNAL'); // a second receipt of the same dossier is a typed refusal
    expect(again).toBeInstanceOf(MotcuaError);
  });
  it('a list of 10,000 components is refused (lists are bounded) and the upper-case form of a command id is the same command', async () => {
    const { engine } = defaultEngine();
    const big = await rejection(
      engine.execute(
        command('reception', randomUUID(), {
          ...receipt(BUSINESS, vn('2024-03-04T09:00')),
          components: Array.from({ length: 10_000 }, (_, i) => ({ code: `C${i}`, name: 'Giấy tờ' })),
        }),
      ),
    );
    expect(big.code).toBe('VALIDATION_FAILED');
    const id = await received(engine);
    const first = command('reception', id, { type: 'TransferDossier', at: vn('2024-03-04T10:00') });
    const r1 = await engine.execute(first);
    const r2 = await engine.execute({ ...first, commandId: first.commandId.toUpperCase() } as CommandInput);
    expect(r2.events.map((e) => e.metadata.eventId)).toEqual(r1.events.map((e) => e.metadata.eventId));
    expect((await engine.history(id)).length).toBe(2);
  });
  it('property: hostile commands (random types, fields, dates, sizes, ids) → only MotcuaError; a refusal appends nothing', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    const types = ['ReceiveDossier', 'TransferDossier', 'IssueApology', 'Resolve', 'RequestSupplement', 'ReturnResult', 'CompleteLeg', 'RecordFeePayment', 'Nope'];
    const hostileAt = fc.oneof(
      fc.constantFrom('2024-02-30T09:00:00+07:00', '+010000-01-01T18:59:59.+07:00', '-000001-01-01T00:00:00Z', '2024-03-05T25:00:00+07:00', '2024-03-05', '', 'NaN'),
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.anything(),
    );
    const field = fc.oneof(fc.anything(), fc.string({ maxLength: 5 }), fc.constantFrom('2027-02-31', '10000-01-01', 'A'.repeat(100_000)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        hostileAt,
        fc.dictionary(fc.constantFrom('newDueDate', 'legIndex', 'amountVnd', 'mode', 'method', 'unit', 'applicant', 'items', 'reason', 'lateUnit', 'extra'), field),
        fc.constantFrom(...Object.keys(ACTORS)),
        async (type, at, fields, who) => {
          const before = (await engine.history(id)).length;
          const input = { ...command(who as keyof typeof ACTORS, id, { type, ...fields }), at } as unknown as CommandInput;
          try {
            await engine.execute(input);
          } catch (error) {
            expect(error).toBeInstanceOf(MotcuaError);
            expect((error as MotcuaError).code).not.toBe('INTERNAL');
            expect((await engine.history(id)).length).toBe(before);
          }
        },
      ),
      { numRuns: 400, seed: 1010 },
    );
  });
});

describe('item 21 — concurrency conflicts end in a retry with a fresh time, not TIME_BEFORE_LAST_EVENT', () => {
  it('6 engines (as 6 processes) on one store, one forward clock, 5 petitions each on one dossier: all 30 land, in time order', async () => {
    const inner = new InMemoryEventStore();
    // The store yields a few turns before each call so that engines interleave (deterministic pattern, no timing).
    let turn = 0;
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        if (!['readStream', 'append', 'nextSequence'].includes(prop as string)) return v.bind(target);
        return async (...args: unknown[]) => {
          for (let n = turn++ % 4; n > 0; n--) await new Promise((r) => setImmediate(r));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as unknown as EventStore;
    let t = Date.parse('2024-06-03T01:00:00Z');
    const clock = () => new Date((t += 1000)); // every reading is later than the previous one
    const catalog = sampleCatalog();
    const engines = Array.from({ length: 6 }, () => createEngine({ store, catalog, clock })); // default options: policy on, 10 retries
    const id = randomUUID();
    await engines[0]!.execute({ ...command('reception', id, receipt(BUSINESS, vn('2024-06-03T08:00'))), at: undefined } as unknown as CommandInput);
    for (const e of engines) await e.get(id);
    const outcomes = await Promise.allSettled(
      engines.map(async (engine, i) => {
        for (let k = 0; k < 5; k++) await engine.execute(command('applicant', id, { type: 'FilePetition', petitionId: `p${i}-${k}`, content: 'Hỏi tiến độ', channel: 'portal' }));
      }),
    );
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : []))).toEqual([]);
    const h = await engines[0]!.history(id);
    expect(h.map((e) => e.version)).toEqual(h.map((_, i) => i + 1));
    expect(h.filter((e) => e.type === 'PetitionFiled')).toHaveLength(30);
    for (let i = 1; i < h.length; i++) expect(h[i]!.metadata.occurredAt >= h[i - 1]!.metadata.occurredAt).toBe(true);
  });
});

describe('item 22 — folding checks version continuity (INVALID_HISTORY)', () => {
  it('a stream whose versions skip (1, 2, 4) does not fold', async () => {
    const { engine } = defaultEngine();
    const id = await received(engine);
    await engine.execute(command('reception', id, { type: 'TransferDossier', at: vn('2024-03-04T10:00') }));
    await engine.execute(command('applicant', id, { type: 'FilePetition', petitionId: 'p1', content: 'Hỏi', channel: 'portal', at: vn('2024-03-04T11:00') }));
    await engine.execute(command('applicant', id, { type: 'FilePetition', petitionId: 'p2', content: 'Hỏi', channel: 'portal', at: vn('2024-03-04T12:00') }));
    const h = (await engine.history(id)) as DossierEvent[];
    const gap = h.filter((e) => e.version !== 3);
    expect(() => foldDossier(id, gap, engine.tableFor)).toThrow(expect.objectContaining({ code: 'INVALID_HISTORY' }));
    expect(() => foldDossier(id, h, engine.tableFor)).not.toThrow();
  });
});

void UNIT;

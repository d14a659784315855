/**
 * Issue #10, the engine's input path: no input can corrupt a dossier.
 * Impossible days, times the calendar cannot compute, times in the future,
 * reused command ids, unknown keys, missing intake data, huge strings and
 * the letter case of ids — each refused with a typed MotcuaError, appending
 * nothing, or (ids) normalised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  commandSchema,
  createEngine,
  IdempotencyConflictError,
  InMemoryEventStore,
  LIMITS,
  MotcuaError,
  RuleViolationError,
  ValidationError,
  type CommandInput,
  type Engine,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, officer, unit, vn } from './helpers';

const BUSINESS = '2.002030';
const NOW = Date.parse('2024-06-03T02:00:00Z'); // Mon 03/06/2024 09:00 in Hà Nội

function setup(opts: { now?: () => number; futureTolerance?: number } = {}) {
  const store = new InMemoryEventStore();
  const now = opts.now ?? (() => NOW);
  const engine = createEngine({
    store,
    catalog: sampleCatalog(),
    clock: () => new Date(now()),
    ...(opts.futureTolerance !== undefined ? { futureTolerance: opts.futureTolerance } : {}),
    policy: 'none',
  });
  return { store, engine };
}

const receive = (id: string, at = vn('2024-06-03T08:00')) => cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at });

/** The error `p` rejects with (fails the test if it resolves). */
async function refusal(p: Promise<unknown>): Promise<MotcuaError> {
  const r = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(r).toBeInstanceOf(MotcuaError);
  return r as MotcuaError;
}

async function received(engine: Engine) {
  const id = uuidv7();
  await engine.execute(receive(id));
  return id;
}

describe('#10.15 impossible calendar days are refused, not rolled over', () => {
  it('2024-02-30T09:00:00+07:00 → VALIDATION_FAILED on `at`, nothing appended', async () => {
    const { engine, store } = setup();
    const e = await refusal(engine.execute(receive(uuidv7(), '2024-02-30T09:00:00+07:00')));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues.map((i) => i.path.join('.'))).toContain('at');
    expect(await store.headPosition()).toBe(0);
  });

  it('property: a day past the end of its month, hour 24 or second 60, in any notation, is refused', async () => {
    const { engine, store } = setup();
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const bad = fc.oneof(
      // 29–31 of a month too short for it
      fc
        .tuple(fc.integer({ min: 2000, max: 2024 }), fc.constantFrom(2, 4, 6, 9, 11), fc.integer({ min: 29, max: 31 }))
        .filter(([y, m, d]) => d > new Date(Date.UTC(y, m, 0)).getUTCDate())
        .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}T09:00:00`),
      fc.integer({ min: 1, max: 28 }).map((d) => `2024-05-${pad(d)}T24:00:00`),
      fc.integer({ min: 1, max: 28 }).map((d) => `2024-05-${pad(d)}T10:00:60`),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.constantFrom('+07:00', 'Z', '.000+07:00', '-05:00'), async (local, zone) => {
        const e = await refusal(engine.execute(receive(uuidv7(), local + zone)));
        expect(e.code).toBe('VALIDATION_FAILED');
        expect(e.issues[0]!.path).toEqual(['at']);
      }),
      { numRuns: 200 },
    );
    expect(await store.headPosition()).toBe(0);
  });

  it('newDueDate 2027-02-31 and a consultation deadline 2024-04-31 are VALIDATION_FAILED', async () => {
    const { engine, store } = setup();
    const id = await received(engine);
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-06-03T08:30') }));
    const head = await store.headPosition();
    const a = await refusal(engine.execute(cmd(id, { type: 'IssueApology', reason: 'x', lateUnit: 'SKHDT', newDueDate: '2027-02-31', at: vn('2024-06-03T09:00') })));
    expect(a.code).toBe('VALIDATION_FAILED');
    expect(a.issues.map((i) => i.path.join('.'))).toEqual(['newDueDate']);
    const c = await refusal(
      engine.execute(
        cmd(id, {
          type: 'RequestConsultation',
          consultationId: 'c1',
          agency: { code: 'STNMT', name: 'Sở TNMT' },
          content: 'x',
          deadline: '2024-04-31',
          at: vn('2024-06-03T09:00'),
        }),
      ),
    );
    expect(c.code).toBe('VALIDATION_FAILED');
    expect(await store.headPosition()).toBe(head);
  });
});

describe('#10.16 a command time ahead of the clock is refused', () => {
  it('at in 2099 → RULE_VIOLATION TIME_IN_FUTURE on `at`; nothing appended; the dossier goes on', async () => {
    const { engine, store } = setup();
    const id = await received(engine);
    const e = await refusal(engine.execute(cmd(id, { type: 'TransferDossier', at: '2099-01-01T09:00:00+07:00' })));
    expect(e).toBeInstanceOf(RuleViolationError);
    expect((e as RuleViolationError).rule).toBe('TIME_IN_FUTURE');
    expect(e.issues[0]!.path).toEqual(['at']);
    expect(await store.headPosition()).toBe(1);
    // Not locked: a command at the clock's time still lands.
    expect((await engine.execute(cmd(id, { type: 'TransferDossier' }))).state.version).toBe(2);
  });

  it('property: accepted iff at most `futureTolerance` ahead of the clock (default 5 minutes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }), fc.integer({ min: -600_000, max: 3_600_000 }), async (tolerance, ahead) => {
        const { engine, store } = setup(tolerance === undefined ? {} : { futureTolerance: tolerance });
        const limit = tolerance ?? 300_000;
        const at = new Date(NOW + ahead).toISOString();
        const r = await engine.execute(receive(uuidv7(), at)).then(
          () => 'ok',
          (e: MotcuaError) => (e as RuleViolationError).rule ?? e.code,
        );
        expect(r).toBe(ahead <= limit ? 'ok' : 'TIME_IN_FUTURE');
        expect(await store.headPosition()).toBe(ahead <= limit ? 1 : 0);
      }),
      { numRuns: 150 },
    );
  });

  it('a postal hand-over time in the future is refused the same way', async () => {
    const { engine } = setup();
    const e = await refusal(engine.execute({ ...receive(uuidv7()), handedOverAt: '2030-01-01T09:00:00+07:00' } as CommandInput));
    expect((e as RuleViolationError).rule).toBe('TIME_IN_FUTURE');
    expect(e.issues[0]!.path).toEqual(['handedOverAt']);
  });

  it('a negative or NaN tolerance is refused when the engine is created', () => {
    expect(() => createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), futureTolerance: -1, policy: 'none' })).toThrow(ValidationError);
    expect(() => createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), futureTolerance: NaN, policy: 'none' })).toThrow(ValidationError);
  });
});

describe('#10.17 one command id, one command', () => {
  it('the same id with another payload or another type → IDEMPOTENCY_CONFLICT, nothing appended, on this engine and on another', async () => {
    const { engine, store } = setup();
    const id = await received(engine);
    const first = cmd(id, { type: 'FilePetition', petitionId: 'p1', content: 'Chậm', channel: 'hotline', at: vn('2024-06-03T09:00') });
    await engine.execute(first);
    const head = await store.headPosition();
    const payload = { ...first, content: 'Khác' } as CommandInput;
    const type = { type: 'TransferDossier', commandId: first.commandId, dossierId: id, actor: officer, at: vn('2024-06-03T09:00') } as CommandInput;
    const other = createEngine({ store, catalog: engine.catalog, clock: () => new Date(NOW), policy: 'none' });
    for (const e of [engine, other])
      for (const c of [payload, type]) {
        const err = await refusal(e.execute(c));
        expect(err).toBeInstanceOf(IdempotencyConflictError);
        expect(err.code).toBe('IDEMPOTENCY_CONFLICT');
        expect(err.httpStatus).toBe(409);
      }
    expect(await store.headPosition()).toBe(head);
  });

  it('the same command again — keys reordered, ids upper-cased, defaults spelt out, same instant in UTC — is a duplicate', async () => {
    const { engine, store } = setup();
    const id = uuidv7();
    const c = {
      type: 'ReceiveDossier',
      commandId: uuidv7(),
      dossierId: id,
      actor: officer,
      procedureCode: BUSINESS,
      unit,
      applicant,
      channel: 'direct',
      at: '2024-06-03T08:00:00+07:00',
    } as const;
    const a = await engine.execute(c);
    const again = {
      at: '2024-06-03T01:00:00.000Z',
      applicant: { ...applicant, kind: 'citizen' },
      channel: 'direct',
      unit,
      procedureCode: BUSINESS,
      actor: officer,
      dossierId: id.toUpperCase(),
      commandId: c.commandId.toUpperCase(),
      type: 'ReceiveDossier',
    } as CommandInput;
    for (const e of [engine, createEngine({ store, catalog: engine.catalog, clock: () => new Date(NOW), policy: 'none' })]) {
      const b = await e.execute(again);
      expect(b.duplicate).toBe(true);
      expect(b.events.map((x) => x.metadata.eventId)).toEqual(a.events.map((x) => x.metadata.eventId));
    }
    expect(await store.headPosition()).toBe(1);
  });

  it('a retry of a command without `at` is the same command, whatever the clock says now', async () => {
    let t = NOW;
    const { engine } = setup({ now: () => t });
    const id = await received(engine);
    const c = cmd(id, { type: 'TransferDossier' });
    await engine.execute(c);
    t += 60_000;
    expect((await engine.execute(c)).duplicate).toBe(true);
  });
});

describe('#10.18 unknown keys are refused', () => {
  it('a misspelt optional field, an extra nested key, `__proto__` and `constructor` → VALIDATION_FAILED unrecognized_keys', async () => {
    const { engine, store } = setup();
    const id = uuidv7();
    const base = receive(id);
    const cases: unknown[] = [
      { ...base, handedOverAtt: vn('2024-06-03T07:00') },
      { ...base, applicant: { ...applicant, adress: '1 Tràng Tiền' } },
      { ...base, actor: { ...officer, unitt: 'x' } },
      JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(base).slice(1)}`),
      { ...base, constructor: 'x' },
      Object.assign(Object.create({ inherited: 1 }), base),
    ];
    for (const c of cases) {
      const e = await refusal(engine.execute(c as CommandInput));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    }
    expect(await store.headPosition()).toBe(0);
  });
});

describe('#10.19 ReceiveDossier without the intake data', () => {
  it('without unit (new dossier) → VALIDATION_FAILED on unit, no dossier code taken', async () => {
    const { engine, store } = setup();
    const id = uuidv7();
    const { unit: _u, ...noUnit } = receive(id) as CommandInput & { unit: unknown };
    const e = await refusal(engine.execute(noUnit as CommandInput));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues.map((i) => i.path.join('.'))).toEqual(['unit']);
    const { applicant: _a, channel: _c, ...bare } = noUnit as Record<string, unknown>;
    const e2 = await refusal(engine.execute(bare as CommandInput));
    expect(e2.issues.map((i) => i.path.join('.')).sort()).toEqual(['applicant', 'channel', 'unit']);
    expect(await store.headPosition()).toBe(0);
    // The unit's sequence of the day is untouched: the next code is still 0001.
    expect((await engine.execute(receive(uuidv7()))).state.dossierCode).toBe(`${unit.code}-240603-0001`);
  });
});

describe('#10.20 business time is bounded; sizes are limited; ids are one case', () => {
  it('at in year 10000 (written in any notation) → VALIDATION_FAILED, nothing appended', async () => {
    const { engine, store } = setup({ futureTolerance: Infinity });
    for (const at of ['9999-12-31T23:59:59-12:00', '+010000-01-01T18:59:59.000+07:00', '10000-01-01T00:00:00Z']) {
      const e = await refusal(engine.execute(receive(uuidv7(), at)));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.issues[0]!.path).toEqual(['at']);
    }
    expect(await store.headPosition()).toBe(0);
  });

  it('an instant outside the calendar’s years → VALIDATION_FAILED that says so', async () => {
    const { engine, store } = setup({ futureTolerance: Infinity });
    for (const at of ['1899-12-31T09:00:00+07:00', '0001-01-01T09:00:00+07:00', '2200-01-02T09:00:00+07:00', '9999-12-31T09:00:00+07:00']) {
      const e = await refusal(engine.execute(receive(uuidv7(), at)));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.issues[0]).toMatchObject({ code: 'calendar_out_of_range', path: ['at'] });
      expect(e.issues[0]!.message).toContain('1900–2199');
    }
    // The last year the calendar covers: a due date past it is the calendar's refusal, still a VALIDATION_FAILED.
    const e = await refusal(engine.execute(receive(uuidv7(), '2199-12-31T09:00:00+07:00')));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues[0]!.path).toEqual(['at']);
    expect(await store.headPosition()).toBe(0);
  });

  it('newDueDate outside the calendar’s years → VALIDATION_FAILED, not a CalendarError', async () => {
    const { engine } = setup();
    const id = await received(engine);
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-06-03T08:30') }));
    for (const newDueDate of ['2300-01-02', '9999-12-31']) {
      const e = await refusal(engine.execute(cmd(id, { type: 'IssueApology', reason: 'x', lateUnit: 'SKHDT', newDueDate, at: vn('2024-06-03T09:00') })));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.issues[0]!.path).toEqual(['newDueDate']);
    }
  });

  it('a 20 MB applicant name, a NUL character or a lone surrogate → VALIDATION_FAILED', async () => {
    const { engine, store } = setup();
    for (const name of ['A'.repeat(20 * 1024 * 1024), 'A'.repeat(LIMITS.name + 1), 'Nguyễn\u0000Văn', 'Nguyễn \ud800']) {
      const e = await refusal(engine.execute({ ...receive(uuidv7()), applicant: { name } } as CommandInput));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.issues.map((i) => i.path.join('.'))).toEqual(['applicant.name']);
    }
    expect(await store.headPosition()).toBe(0);
    // At the limit, with any Unicode, it is accepted.
    const ok = await engine.execute({ ...receive(uuidv7()), applicant: { name: `${'Ng'.padEnd(LIMITS.name - 2, 'ễ')}😀` } } as CommandInput);
    expect(ok.state.applicant?.name).toHaveLength(LIMITS.name);
  });

  it('upper- and lower-case forms of a uuid are one dossier (and one command)', async () => {
    const { engine, store } = setup();
    const id = uuidv7();
    const r = await engine.execute(receive(id.toUpperCase()));
    expect(r.dossierId).toBe(id);
    expect(r.streamId).toBe(`dossier-${id}`);
    await engine.execute(cmd(id, { type: 'TransferDossier' }));
    expect((await engine.get(id.toUpperCase())).version).toBe(2);
    expect((await engine.history(id.toUpperCase())).map((e) => e.version)).toEqual([1, 2]);
    expect(new Set((await engine.history(id)).map((e) => e.metadata.commandId)).size).toBe(2);
    for (const e of await engine.history(id)) expect(e.metadata.commandId).toBe(e.metadata.commandId!.toLowerCase());
    expect(await store.headPosition()).toBe(2);
  });
});

describe('#10.20 a command that is not even readable', () => {
  it('a `type` that cannot be turned into text gets zod’s issues, not a TypeError (and not "unreadable")', async () => {
    const { engine, store } = setup();
    const e = await refusal(engine.execute({ ...receive(uuidv7()), type: Object.create(null) } as never));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues[0]!.path).toEqual(['type']);
    expect(e.message.startsWith('Invalid command:')).toBe(true);
    expect(await store.headPosition()).toBe(0);
  });

  it('a `length` without a prototype, where zod checks a length, gets zod’s issues (zod itself throws on it), nothing appended', async () => {
    const { engine, store } = setup();
    const id = uuidv7();
    // Found by the fast-parse property (1 input in ~170,000): zod 4's length checks compare `value.length` with a number.
    const hostile = { ...receive(id), applicant: { name: { length: Object.create(null) } } };
    expect(() => commandSchema.safeParse(hostile)).toThrow(TypeError); // zod's own behaviour, which the engine must not pass on
    const e = await refusal(engine.execute(hostile as never));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.path).toEqual(['applicant', 'name']);
    expect(e.issues.some((i) => i.code === 'invalid_type')).toBe(true);
    expect(e.issues.some((i) => i.code === 'unreadable_input')).toBe(false);
    expect(await store.headPosition()).toBe(0);
    // The same command with a proper name is accepted: the copy changed nothing else.
    await engine.execute(receive(id));
    expect((await engine.get(id)).version).toBe(1);
  });

  it('a getter that throws while the command is read → VALIDATION_FAILED unreadable_input', async () => {
    const { engine, store } = setup();
    const hostile = Object.defineProperty({ ...receive(uuidv7()) }, 'channel', {
      enumerable: true,
      get: () => {
        throw new RangeError('boom');
      },
    });
    const e = await refusal(engine.execute(hostile as CommandInput));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues[0]!.code).toBe('unreadable_input');
    expect(await store.headPosition()).toBe(0);
  });
});

/**
 * Event definitions (`events/*.ts`, `defineEvent`) and what is derived from
 * them; the first event added through them: DossierClosed / CloseDossier
 * (NĐ 118/2025 Đ19.5). The copy-on-write fold is held to immer's evolution on
 * random histories by the model test; the compile-time checks are in
 * `test/types/event-definition.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  DOSSIER_EVENT_TYPES,
  EVENTS,
  EVENT_LABELS,
  PARTS,
  RuleViolationError,
  InvalidTransitionError,
  eventSchemas,
  foldDossier,
  evolveDossier,
  initialDossierState,
  toVietnamInstant,
  type CommandBody,
} from '@motcua/core';
import { copyDossierState } from '../src/dossier/state';
import { cmd, applicant, newEngine, unit } from './helpers';

const LAND = '1.003003';
const DAY = 86_400_000;
const localDay = (ms: number) => toVietnamInstant(ms).slice(0, 10);
const daysBetween = (a: number, b: number) => (Date.parse(localDay(b)) - Date.parse(localDay(a))) / DAY;

describe('event definitions', () => {
  it('every event type has a schema, known parts and a label; the derived tables list every type', () => {
    expect(Object.keys(EVENTS)).toEqual([...DOSSIER_EVENT_TYPES]);
    expect(Object.keys(eventSchemas)).toEqual([...DOSSIER_EVENT_TYPES]);
    expect(Object.keys(EVENT_LABELS)).toEqual([...DOSSIER_EVENT_TYPES]);
    for (const [type, def] of Object.entries(EVENTS)) {
      expect(typeof def.schema.safeParse, type).toBe('function');
      for (const p of def.writes) expect(Object.keys(PARTS), `${type} writes ${p}`).toContain(p);
      expect(def.label.vi.length * def.label.en.length, type).toBeGreaterThan(0);
      expect(Object.isFrozen(def), type).toBe(true);
    }
  });

  it('the generated state copy has every field of the initial state, in order, with the same values', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (id, version) => {
        const s = { ...initialDossierState(id), version };
        const c = copyDossierState(s);
        expect(Object.keys(c)).toEqual(Object.keys(initialDossierState(id)));
        expect(c).toEqual(s);
        expect(c).not.toBe(s);
      }),
    );
  });
});

/** A dossier waiting for a supplement: after acceptance (Form 02 after appraisal) or at intake. Returns the notice time. */
async function waiting(engine: ReturnType<typeof newEngine>['engine'], id: string, atIntake: boolean, start: number): Promise<number> {
  const at = (ms: number) => toVietnamInstant(ms);
  const intake = { procedureCode: LAND, unit, applicant, channel: 'direct' as const };
  const steps: CommandBody[] = atIntake
    ? [{ type: 'RequestIntakeSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ', intake }]
    : [{ type: 'ReceiveDossier', ...intake }, { type: 'TransferDossier' }, { type: 'RequestSupplement', items: [{ name: 'Sơ đồ thửa đất' }], reason: 'Thiếu sơ đồ' }];
  let t = start;
  for (const body of steps) await engine.execute(cmd(id, { ...body, at: at((t += 60_000)) } as CommandBody));
  return t;
}

describe('DossierClosed (NĐ 118/2025 Đ19.5): closed after 15 days without the supplement', () => {
  it('property: CloseDossier is accepted exactly when the local day is more than 15 days after the notice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: 0, max: 23 * 60 }), async (atIntake, waitMinutes, startMinute) => {
        const { engine, store } = newEngine();
        const id = uuidv7();
        const notice = await waiting(engine, id, atIntake, Date.parse('2025-07-07T00:00:00Z') + startMinute * 60_000);
        const when = notice + waitMinutes * 60_000;
        const before = await store.headPosition();
        const closing = engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Quá 15 ngày không bổ sung', at: toVietnamInstant(when) }));
        if (daysBetween(notice, when) > 15) {
          const { state } = await closing;
          expect(state.topLevel).toBe('closed');
          expect(state.nationalStatus).toBe(8);
          expect(state.terminal).toBe(true);
          expect(state.closed).toEqual({ at: toVietnamInstant(when), reason: 'Quá 15 ngày không bổ sung' });
          const history = await engine.history(id);
          expect(foldDossier(id, history, engine.tableFor)).toEqual(state);
          let viaImmer = initialDossierState(id);
          for (const e of history) viaImmer = evolveDossier(viaImmer, e, engine.tableFor);
          expect(viaImmer).toEqual(state);
        } else {
          const err = await closing.then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(RuleViolationError);
          expect((err as RuleViolationError).rule).toBe('SUPPLEMENT_PERIOD_NOT_OVER');
          expect(await store.headPosition()).toBe(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a closed dossier is final: the supplement is refused, a rating and a petition are recorded', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const notice = await waiting(engine, id, false, Date.parse('2025-07-07T01:00:00Z'));
    const t = notice + 16 * DAY;
    await engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Không bổ sung', at: toVietnamInstant(t) }));
    await expect(engine.execute(cmd(id, { type: 'ProvideSupplement', at: toVietnamInstant(t + 60_000) }))).rejects.toBeInstanceOf(InvalidTransitionError);
    await engine.execute(cmd(id, { type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thai-do', level: 'hai-long' }], at: toVietnamInstant(t + 120_000) }));
    const r = await engine.execute(cmd(id, { type: 'FilePetition', petitionId: 'p1', content: 'Hỏi lý do', channel: 'hotline', at: toVietnamInstant(t + 180_000) }));
    expect(r.state.state).toBe('closed');
    expect(r.state.ratings).toHaveLength(1);
  });

  it('is refused where no supplement is awaited', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const t = Date.parse('2025-07-07T01:00:00Z');
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: toVietnamInstant(t) }));
    await expect(engine.execute(cmd(id, { type: 'CloseDossier', reason: 'x', at: toVietnamInstant(t + 30 * DAY) }))).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

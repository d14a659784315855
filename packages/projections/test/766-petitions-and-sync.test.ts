/**
 * Decision 766 indicators 1.4, 5.3 and 5.4 (docs/metrics.md §4):
 *
 * - 1.4 = dossiers received in the period with ≥1 `PortalSynced` / received, whenever the sync happened — also
 *   before the acceptance (an online submission is synced while `submitted`), within `lateEventWindowDays` of it.
 *   Before, a sync or petition made before `DossierAccepted` found no record and was dropped (`unattributed`).
 * - 5.3 = max(0, filed − answered late − repeated) / filed, over the petitions FILED in the period: a late answer
 *   counts against its petition's filing day. Before, every late answer given in the period was subtracted, whatever
 *   the period its petition was filed in.
 *
 * Expected values hand-computed from the rule; then a property against an independent oracle on random histories.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar, toLocalDate } from '@motcua/calendar';
import { createEngine, InMemoryEventStore, type StoredEvent } from '@motcua/core';
import { decision766, foldProjection, satisfactionProjection, satisfactionReport, timelinessProjection } from '@motcua/projections';
import { historyArb, runHistory, testCatalog, type DossierScript } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' };
const officer = { id: 'cv-01', role: 'officer', unit: unit.code };
const intake = (procedureCode: string, channel: 'online' | 'direct') => ({
  procedureCode,
  unit,
  applicant: { name: 'Nguyễn Văn An' },
  channel,
  components: [],
  usesPopulationData: false,
});

function world() {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, cacheSize: 0, policy: 'none' });
  const run = (id: string, body: object, at: string) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id, at: `${at}:00.000+07:00` } as never);
  const events = async () => {
    const all: StoredEvent[] = [];
    for await (const event of store.readAll()) all.push(event);
    return all;
  };
  return { run, events };
}

const march = { from: '2024-03-01', to: '2024-03-31' };
const april = { from: '2024-04-01', to: '2024-04-30' };

describe('766 1.4 / 5.3 / 5.4: a portal sync and a petition made before the acceptance', () => {
  async function history() {
    const w = world();
    const id = randomUUID();
    await w.run(id, { type: 'SubmitOnline', ...intake('2.002030', 'online') }, '2024-03-04T09:00');
    await w.run(id, { type: 'RecordPortalSync' }, '2024-03-04T10:00');
    await w.run(id, { type: 'FilePetition', petitionId: 'p1', content: 'Phản ánh', channel: 'portal' }, '2024-03-04T10:10');
    await w.run(id, { type: 'ReceiveDossier' }, '2024-03-04T11:00');
    await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T11:30');
    await w.run(id, { type: 'Resolve', electronicResult: true }, '2024-03-05T10:00');
    return w.events();
  }

  it('counts them for the dossier once accepted: 1.4 = 1/1 (6 points), 5.3 filed 1, 5.4 sees the petition; nothing unattributed', async () => {
    const events = await history();
    // The log really has the sync and the petition before the acceptance.
    const types = events.map((e) => e.type);
    expect(types.indexOf('PortalSynced')).toBeLessThan(types.indexOf('DossierAccepted'));
    expect(types.indexOf('PetitionFiled')).toBeLessThan(types.indexOf('DossierAccepted'));
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const [row] = decision766(state, { projection, catalog, ...march });
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 1, ratio: 1, points: 6 });
    // One petition filed in March, not answered (not late), not repeated: 1/1.
    expect(row!.indicators['5.3']).toMatchObject({ numerator: 1, denominator: 1, ratio: 1, points: 6 });
    // Resolved Tue 05/03, due Thu 07/03 (3 working days): early, so late rate 0; petition-or-dislike rate 1/1 → 1 − 1 = 0.
    expect(row!.indicators['5.4']).toMatchObject({ ratio: 0, points: 0 });
    expect(state.unattributed).toBe(0);
    expect(state.intake.size).toBe(0);
    // The snapshot round trip keeps the figures.
    const again = projection.fromSnapshot(JSON.parse(JSON.stringify(projection.toSnapshot(state))));
    expect(decision766(again, { projection, catalog, ...march })).toEqual(decision766(state, { projection, catalog, ...march }));
  });

  it('the satisfaction report counts the same petition: its petitions received = 5.3 filed', async () => {
    const events = await history();
    const projection = timelinessProjection({ calendar: cal });
    const [row] = decision766(foldProjection(projection, events), { projection, catalog, ...march });
    const satisfaction = satisfactionReport(foldProjection(satisfactionProjection(), events), { catalog, ...march });
    const received = satisfaction.reduce((sum, r) => sum + r.petitions.received, 0);
    expect(received).toBe(1);
    expect(row!.indicators['5.3'].denominator).toBe(received);
  });

  it('kept while the dossier is open across a snapshot (runner restart) between the sync and the acceptance', async () => {
    const events = await history();
    const projection = timelinessProjection({ calendar: cal });
    const cut = events.findIndex((e) => e.type === 'DossierAccepted');
    const before = foldProjection(projection, events.slice(0, cut));
    expect(before.intake.size).toBe(1);
    const restored = projection.fromSnapshot(JSON.parse(JSON.stringify(projection.toSnapshot(before))));
    for (const event of events.slice(cut)) projection.apply(restored, event);
    const [row] = decision766(restored, { projection, catalog, ...march });
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(row!.indicators['5.3']).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('a dossier synced while submitted, then refused at reception (Form 03), is not received: not in 1.4', async () => {
    const w = world();
    const refused = randomUUID();
    await w.run(refused, { type: 'SubmitOnline', ...intake('2.002030', 'online') }, '2024-03-04T09:00');
    await w.run(refused, { type: 'RecordPortalSync' }, '2024-03-04T10:00');
    await w.run(refused, { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền' }, '2024-03-04T11:00');
    const other = randomUUID();
    await w.run(other, { type: 'ReceiveDossier', ...intake('2.002030', 'direct') }, '2024-03-04T14:00');
    const events = await w.events();
    expect(events.some((e) => e.type === 'PortalSynced' && e.streamId === `dossier-${refused}`)).toBe(true);
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const [row] = decision766(state, { projection, catalog, ...march });
    // Received = accepted: only the other dossier, not synced.
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 0, denominator: 1, ratio: 0, points: 0 });
    expect(state.intake.has(`dossier-${refused}`)).toBe(false);
  });
});

describe('pre-acceptance facts: window and memory (lateEventWindowDays 3)', () => {
  it('a sync within the window before the acceptance counts, also after an older one; entries of dossiers never accepted are dropped by their latest day; a partition alone agrees', async () => {
    const w = world();
    const x = randomUUID();
    const z = randomUUID();
    const y = randomUUID();
    // X: submitted and synced Mon 04/03, synced again Wed 13/03, received Fri 15/03 14:00 (13/03 is 2 days before: counts).
    await w.run(x, { type: 'SubmitOnline', ...intake('2.002030', 'online') }, '2024-03-04T09:00');
    await w.run(x, { type: 'RecordPortalSync' }, '2024-03-04T10:00');
    // Z: submitted and synced 04/03, never received.
    await w.run(z, { type: 'SubmitOnline', ...intake('2.002030', 'online') }, '2024-03-04T11:00');
    await w.run(z, { type: 'RecordPortalSync' }, '2024-03-04T11:30');
    await w.run(x, { type: 'RecordPortalSync' }, '2024-03-13T10:00');
    // Y: received Fri 15/03 09:00: the fold's day moves to 15/03 and drops what is older than 15/03 − 3 − 7 = 05/03.
    await w.run(y, { type: 'ReceiveDossier', ...intake('2.002030', 'direct') }, '2024-03-15T09:00');
    await w.run(x, { type: 'ReceiveDossier' }, '2024-03-15T14:00');
    const events = await w.events();
    const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: 3 });
    const state = foldProjection(projection, events);
    const [row] = decision766(state, { projection, catalog, ...march });
    expect(row!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 2 });
    // X's sync of 04/03 (11 days before the acceptance) and Z's sync stay unattributed.
    expect(state.unattributed).toBe(2);
    expect(state.intake.has(`dossier-${z}`)).toBe(false);
    // X's stream folded alone (as a rebuild partition would): the same.
    const alone = foldProjection(
      projection,
      events.filter((e) => e.streamId === `dossier-${x}`),
    );
    const [aloneRow] = decision766(alone, { projection, catalog, ...march });
    expect(aloneRow!.indicators['1.4']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(alone.unattributed).toBe(1);
  });
});

describe('766 5.3: late answers count against the petitions filed in the period', () => {
  it('A filed 04/03 answered late 15/04, B filed 02/04 answered on time 03/04: April 1/1 (6 points), March 0/1 (0 points); 5.2 by answer day', async () => {
    const w = world();
    const a = randomUUID();
    const b = randomUUID();
    await w.run(a, { type: 'ReceiveDossier', ...intake('1.009994', 'direct') }, '2024-03-01T09:00');
    await w.run(a, { type: 'FilePetition', petitionId: 'pa', content: 'Phản ánh', channel: 'portal' }, '2024-03-04T09:00');
    await w.run(b, { type: 'ReceiveDossier', ...intake('1.009994', 'direct') }, '2024-04-01T09:00');
    await w.run(b, { type: 'FilePetition', petitionId: 'pb', content: 'Phản ánh', channel: 'portal' }, '2024-04-02T09:00');
    await w.run(b, { type: 'AnswerPetition', petitionId: 'pb', outcome: 'resolved' }, '2024-04-03T09:00');
    await w.run(a, { type: 'AnswerPetition', petitionId: 'pa', outcome: 'resolved' }, '2024-04-15T09:00');
    const events = await w.events();
    const answers = events.filter((e) => e.type === 'PetitionAnswered').map((e) => (e.data as { petitionId: string; late: boolean }).late);
    // 04/03 → 15/04 is more than 15 working days; 02/04 → 03/04 is one.
    expect(answers).toEqual([false, true]);
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const [apr] = decision766(state, { projection, catalog, ...april });
    // April: filed 1 (B), of it answered late 0, repeated 0 → 1/1.
    expect(apr!.indicators['5.3']).toMatchObject({ numerator: 1, denominator: 1, ratio: 1, points: 6 });
    // 5.2 stays on the answer day: two answers in April, one late → 1/2.
    expect(apr!.indicators['5.2']).toMatchObject({ numerator: 1, denominator: 2, ratio: 0.5, points: 3 });
    const [mar] = decision766(state, { projection, catalog, ...march });
    // March: filed 1 (A), answered late (in April) → max(0, 1 − 1 − 0) / 1 = 0.
    expect(mar!.indicators['5.3']).toMatchObject({ numerator: 0, denominator: 1, ratio: 0, points: 0 });
    expect(mar!.indicators['5.2']).toMatchObject({ numerator: 0, denominator: 0, ratio: null, points: null });
    // Split by month over both: the same figures.
    const split = decision766(state, { projection, catalog, from: '2024-03-01', to: '2024-04-30', splitBy: 'month' });
    expect(split.map((r) => r.indicators['5.3'].numerator)).toEqual([0, 1]);
    // A petition answered late after the record's end (within the window) still counts on its filing day.
    const snapshotted = projection.fromSnapshot(JSON.parse(JSON.stringify(projection.toSnapshot(state))));
    expect(decision766(snapshotted, { projection, catalog, ...march })).toEqual(decision766(state, { projection, catalog, ...march }));
  });

  it('a petition filed while open and answered late after the end (within the window) counts against its filing day, across a snapshot', async () => {
    const w = world();
    const id = randomUUID();
    await w.run(id, { type: 'ReceiveDossier', ...intake('2.002030', 'direct') }, '2024-03-04T09:00');
    await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T10:00');
    await w.run(id, { type: 'FilePetition', petitionId: 'p1', content: 'Phản ánh', channel: 'portal' }, '2024-03-04T11:00');
    await w.run(id, { type: 'Resolve', electronicResult: false }, '2024-03-05T10:00');
    await w.run(id, { type: 'AnswerPetition', petitionId: 'p1', outcome: 'resolved' }, '2024-04-15T09:00');
    const events = await w.events();
    expect(events.filter((e) => e.type === 'PetitionAnswered').map((e) => (e.data as { late: boolean }).late)).toEqual([true]);
    const projection = timelinessProjection({ calendar: cal });
    const cut = events.findIndex((e) => e.type === 'PetitionAnswered');
    expect(cut).toBeGreaterThan(events.findIndex((e) => e.type === 'DossierResolved'));
    const restored = projection.fromSnapshot(JSON.parse(JSON.stringify(projection.toSnapshot(foldProjection(projection, events.slice(0, cut))))));
    for (const event of events.slice(cut)) projection.apply(restored, event);
    for (const state of [foldProjection(projection, events), restored]) {
      const [mar] = decision766(state, { projection, catalog, ...march });
      // March: filed 1 (04/03, while open), answered late on 15/04 after the end (05/03) → max(0, 1 − 1 − 0) / 1 = 0.
      expect(mar!.indicators['5.3']).toMatchObject({ numerator: 0, denominator: 1, points: 0 });
      // April: no petition filed; 5.2 counts the late answer on its own day → 0/1.
      const [apr] = decision766(state, { projection, catalog, ...april });
      expect(apr!.indicators['5.3']).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
      expect(apr!.indicators['5.2']).toMatchObject({ numerator: 0, denominator: 1 });
      expect(state.tail.get(`dossier-${id}`)?.pets).toBeUndefined();
    }
  });

  it('a petition filed before the acceptance and answered late after it counts against its filing day', async () => {
    const w = world();
    const id = randomUUID();
    await w.run(id, { type: 'SubmitOnline', ...intake('1.009994', 'online') }, '2024-03-04T09:00');
    await w.run(id, { type: 'FilePetition', petitionId: 'p1', content: 'Phản ánh', channel: 'portal' }, '2024-03-04T10:00');
    await w.run(id, { type: 'ReceiveDossier' }, '2024-03-05T09:00');
    await w.run(id, { type: 'AnswerPetition', petitionId: 'p1', outcome: 'resolved' }, '2024-04-15T09:00');
    const events = await w.events();
    const answered = events.find((e) => e.type === 'PetitionAnswered');
    expect((answered!.data as { late: boolean }).late).toBe(true);
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, events);
    const [mar] = decision766(state, { projection, catalog, ...march });
    expect(mar!.indicators['5.3']).toMatchObject({ numerator: 0, denominator: 1 });
    const [apr] = decision766(state, { projection, catalog, ...april });
    expect(apr!.indicators['5.3']).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
    expect(apr!.indicators['5.2']).toMatchObject({ numerator: 0, denominator: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Property: 1.4's numerator and 5.3 against an independent oracle, straight from the rules, on random histories.

/** Scripts biased towards online submissions with syncs and petitions before the acceptance. */
const preAcceptanceArb: fc.Arbitrary<DossierScript[]> = fc
  .tuple(
    historyArb,
    fc.array(
      fc.record({
        procedure: fc.constantFrom('2.002030', '1.009994', '2.000815'),
        startMinutes: fc.integer({ min: 0, max: 30 * 1440 }),
        steps: fc.array(
          fc.record({
            choice: fc.nat(10_000),
            gapMinutes: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 6 * 1440 })),
            arg: fc.constant(0).chain(() => fc.nat(250).map((n) => n * 4)),
          }),
          { maxLength: 14 },
        ),
      }),
      { maxLength: 4 },
    ),
  )
  .map(([scripts, extra]) => [
    ...scripts,
    ...extra.map(
      (x): DossierScript => ({
        procedure: x.procedure,
        unit: 0,
        channel: 'online',
        intake: 'submit',
        startMinutes: x.startMinutes,
        components: [],
        usesPopulationData: false,
        // arg % 4 === 0: the rare commands (sync, petition, answer) are picked as often as the others.
        steps: x.steps,
      }),
    ),
  ]);

const dayNo = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const ENDS = new Set(['DossierResolved', 'ResolutionRefused', 'WithdrawalRequested', 'ProcessingStopped', 'DossierClosed']);

/**
 * Per dossier received (accepted) in the period: synced ⇔ ≥1 `PortalSynced` in its stream whose day is at most
 * `window` days before the acceptance day and at most `window` days after the end day — or after a return of the
 * result or a stop that came within the window (it restarts it) — or any time while open.
 * 5.3 per filing day: the petitions of accepted dossiers filed in the period (attributable by the same window), minus
 * the repeated ones (a further attributable petition of the dossier) and the others answered late (whenever,
 * attributable): each petition subtracted once.
 */
function oracle(events: readonly StoredEvent[], from: string, to: string, window: number) {
  const streams = new Map<string, StoredEvent[]>();
  for (const event of events) {
    let list = streams.get(event.streamId);
    if (!list) streams.set(event.streamId, (list = []));
    list.push(event);
  }
  let received = 0,
    synced = 0,
    filed = 0,
    lateOfFiled = 0,
    repeated = 0;
  for (const stream of streams.values()) {
    const accepted = stream.find((e) => e.type === 'DossierAccepted');
    if (!accepted) continue;
    const rDay = dayNo(toLocalDate(accepted.metadata.occurredAt));
    const end = stream.find((e) => ENDS.has(e.type));
    // The window after the end restarts at a return of the result or a stop within it (events in stream order).
    const anchorOf = new Map<StoredEvent, number>();
    let anchor = Infinity;
    for (const e of stream) {
      anchorOf.set(e, anchor);
      const d = dayNo(toLocalDate(e.metadata.occurredAt));
      if (e === end) anchor = d;
      else if (anchor !== Infinity && (e.type === 'ResultReturned' || e.type === 'ProcessingStopped') && d - anchor <= window) anchor = d;
    }
    const attributable = (e: StoredEvent) => {
      const d = dayNo(toLocalDate(e.metadata.occurredAt));
      const after = anchorOf.get(e)!;
      return rDay - d <= window && (after === Infinity || d - after <= window);
    };
    const inPeriod = (e: StoredEvent) => toLocalDate(e.metadata.occurredAt) >= from && toLocalDate(e.metadata.occurredAt) <= to;
    if (inPeriod(accepted)) {
      received++;
      if (stream.some((e) => e.type === 'PortalSynced' && attributable(e))) synced++;
    }
    let petitions = 0;
    for (const e of stream) {
      if (e.type !== 'PetitionFiled' || !attributable(e)) continue;
      const id = (e.data as { petitionId: string }).petitionId;
      if (inPeriod(e)) {
        filed++;
        const answer = stream.find((x) => x.type === 'PetitionAnswered' && (x.data as { petitionId: string }).petitionId === id);
        if (petitions > 0) repeated++;
        else if (answer && (answer.data as { late: boolean }).late && attributable(answer)) lateOfFiled++;
      }
      petitions++;
    }
  }
  return { received, synced, filed, ratio53: filed === 0 ? null : (filed - lateOfFiled - repeated) / filed };
}

describe('766 1.4 and 5.3 equal an oracle from the rules (random histories, syncs and petitions before and after the acceptance)', () => {
  it('wide and narrow late-event windows, any period', async () => {
    const dayArb = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));
    let preAcceptanceFacts = 0;
    await fc.assert(
      fc.asyncProperty(preAcceptanceArb, dayArb, dayArb, fc.constantFrom(100_000, 90, 3, 0), async (scripts, a, b, window) => {
        const { events } = await runHistory(scripts);
        for (const stream of new Set(events.map((e) => e.streamId))) {
          const list = events.filter((e) => e.streamId === stream);
          const at = list.findIndex((e) => e.type === 'DossierAccepted');
          if (at > 0) preAcceptanceFacts += list.slice(0, at).filter((e) => e.type === 'PortalSynced' || e.type === 'PetitionFiled').length;
        }
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: window });
        const state = foldProjection(projection, events);
        const rows = decision766(state, { projection, catalog, from, to });
        const expected = oracle(events, from, to, window);
        const row = rows[0];
        if (!row) {
          expect(expected.received).toBe(0);
          expect(expected.filed).toBe(0);
          return;
        }
        expect(row.indicators['1.4'].denominator).toBe(expected.received);
        expect(row.indicators['1.4'].numerator).toBe(expected.synced);
        expect(row.indicators['5.3'].denominator).toBe(expected.filed);
        if (expected.ratio53 === null) expect(row.indicators['5.3'].ratio).toBeNull();
        else expect(row.indicators['5.3'].ratio).toBeCloseTo(expected.ratio53, 4);
      }),
      { numRuns: 60 },
    );
    // The generator did exercise the bug's path.
    expect(preAcceptanceFacts).toBeGreaterThan(0);
  }, 180_000);
});

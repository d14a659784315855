/**
 * Upcasting (docs/events.md): old event versions are read as the current
 * shape. `DossierRated` went from version 1 (`like?: boolean`) to version 2
 * (`vote?: 'like' | 'dislike'`); the oracle below is that sentence, written
 * independently of the upcaster.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_SCHEMA_VERSION,
  createEngine,
  InMemoryEventStore,
  createProjectionRunner,
  eventSchemas,
  foldDossier,
  type DossierEvent,
  type EventMetadata,
  type Projection,
  type StoredEvent,
} from '@motcua/core';
import { storedEvent } from '@motcua/core/store-kit';
import { sampleCatalog } from '@motcua/core/samples';
import { isTooNew, needsUpcast, upcastEvent } from '../src/events/upcast';
import { cmd, newEngine, unit, applicant, vn } from './helpers';

const meta = (schemaVersion: number | undefined): EventMetadata =>
  ({
    eventId: uuidv7(),
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    occurredAt: '2024-03-11T08:05:00.000+07:00',
    recordedAt: '2024-03-11T01:05:00.000Z',
  }) as EventMetadata;

const v1Arb = fc.record(
  {
    channel: fc.constantFrom('paper', 'kiosk', 'online', 'survey', 'dvcqg'),
    ratings: fc.array(
      // `content` (NĐ 118 Đ33) was added to version 1 as an optional field: it passes through.
      fc.record({ criterion: fc.string({ minLength: 1 }), level: fc.string({ minLength: 1 }), content: fc.constantFrom('a', 'e', 'i') }, { requiredKeys: ['criterion', 'level'] }),
      { minLength: 1, maxLength: 4 },
    ),
    like: fc.boolean(),
  },
  { requiredKeys: ['channel', 'ratings'] },
);

/** The oracle: version 2 is version 1 with `like: true` written `vote: 'like'`, `false` → `'dislike'`, no `like` → no `vote`. */
function expectedV2(old: { channel: string; ratings: unknown[]; like?: boolean }) {
  const out: Record<string, unknown> = { channel: old.channel, ratings: old.ratings };
  if (old.like === true) out.vote = 'like';
  if (old.like === false) out.vote = 'dislike';
  return out;
}

function isDeeplyFrozen(v: unknown): boolean {
  return v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(isDeeplyFrozen));
}

describe('DossierRated version 2 and its upcaster', () => {
  it('the current version is 2; every other event type is still at 1', () => {
    expect(EVENT_SCHEMA_VERSION.DossierRated).toBe(2);
    expect(Object.entries(EVENT_SCHEMA_VERSION).filter(([, v]) => v !== 1)).toEqual([['DossierRated', 2]]);
  });

  it('any version-1 rating reads as the version-2 rating the oracle gives, valid under the current schema, deeply frozen', () => {
    fc.assert(
      fc.property(v1Arb, fc.constantFrom<number | undefined>(1, undefined), (old, written) => {
        const m = meta(written);
        const e = storedEvent('dossier-x', 7, 42, 'DossierRated', old, m);
        expect(e.data).toEqual(expectedV2(old));
        expect(eventSchemas.DossierRated.safeParse(e.data).success).toBe(true);
        expect(e.metadata).toEqual({ ...m, schemaVersion: 2 });
        expect({ streamId: e.streamId, version: e.version, position: e.position, type: e.type }).toEqual({ streamId: 'dossier-x', version: 7, position: 42, type: 'DossierRated' });
        expect(isDeeplyFrozen(e)).toBe(true);
      }),
    );
  });

  it('an event at the current version, a newer version, or of a version-1 type is handed out as the same objects (no copy)', () => {
    const cases: [string, unknown, EventMetadata][] = [
      ['DossierRated', Object.freeze({ channel: 'kiosk', ratings: [], vote: 'like' }), meta(2)],
      ['DossierRated', Object.freeze({ channel: 'kiosk', stars: 5 }), meta(3)],
      ['PortalSynced', Object.freeze({ portal: 'dvcqg', nationalStatus: 4 }), meta(1)],
      ['NotADossierEvent', Object.freeze({ like: true }), meta(1)],
    ];
    for (const [type, data, m] of cases) {
      const e = storedEvent('s', 1, 1, type, data, m);
      expect(e.data, type).toBe(data);
      expect(e.metadata, type).toBe(m);
    }
    expect(cases.map(([t, , m]) => needsUpcast(t, m))).toEqual([false, false, false, false]);
    expect(cases.map(([t, , m]) => isTooNew(t, m))).toEqual([false, true, false, false]);
  });

  it('an upcaster that cannot read the old data is INVALID_HISTORY naming the stream and version', () => {
    expect(() => upcastEvent('dossier-x', 3, 'DossierRated', { data: null, metadata: meta(1) })).toThrow(
      expect.objectContaining({ code: 'INVALID_HISTORY', message: expect.stringMatching(/dossier-x at version 3/) }),
    );
  });
});

describe('readers of dossier events', () => {
  async function ratedDossier() {
    const { engine, store } = newEngine();
    const id = uuidv7();
    // Refused at intake (Form 03): a state that accepts ratings, in one command.
    await engine.execute(
      cmd(id, { type: 'RefuseReception', reason: 'Không đủ điều kiện', intake: { procedureCode: '2.002030', unit, applicant, channel: 'direct' }, at: vn('2024-03-04T09:00') }),
    );
    return { engine, store, id };
  }

  it('the engine writes DossierRated at version 2 with the vote', async () => {
    const { engine, id } = await ratedDossier();
    const r = await engine.execute(cmd(id, { type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Hài lòng' }], like: false }));
    expect(r.events.map((e) => [e.metadata.schemaVersion, e.data])).toEqual([[2, { channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Hài lòng' }], vote: 'dislike' }]]);
    expect(r.state.ratings.at(-1)).toMatchObject({ channel: 'kiosk', like: false });
  });

  it('the fold reads a hand-built version-1 event as version 2 and refuses a version newer than it knows', async () => {
    const { engine, store, id } = await ratedDossier();
    const history = (await store.readStream(`dossier-${id}`)).events as DossierEvent[];
    const handBuilt = (data: unknown, schemaVersion: number) =>
      ({ streamId: `dossier-${id}`, version: history.length + 1, position: 99, type: 'DossierRated', data, metadata: meta(schemaVersion) }) as unknown as DossierEvent;
    const old = foldDossier(id, [...history, handBuilt({ channel: 'paper', ratings: [{ criterion: 'c', level: 'Hài lòng' }], like: true }, 1)], engine.tableFor);
    expect(old.ratings.at(-1)).toMatchObject({ channel: 'paper', like: true });
    const neutral = foldDossier(id, [...history, handBuilt({ channel: 'paper', ratings: [{ criterion: 'c', level: 'Hài lòng' }] }, 1)], engine.tableFor);
    expect(neutral.ratings.at(-1)).not.toHaveProperty('like');
    expect(() => foldDossier(id, [...history, handBuilt({ channel: 'paper', ratings: [], stars: 5 }, 3)], engine.tableFor)).toThrow(
      expect.objectContaining({ code: 'INVALID_HISTORY', message: expect.stringMatching(/schema version 3, newer than this code reads \(2\)/) }),
    );
  });

  it('a dossier with an event newer than the code cannot be loaded (INVALID_HISTORY), and nothing is appended to it', async () => {
    const { store, id } = await ratedDossier();
    await store.append(`dossier-${id}`, [{ type: 'DossierRated', data: { channel: 'kiosk', ratings: [], stars: 5 }, metadata: meta(3) }]);
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    await expect(engine.get(id)).rejects.toMatchObject({ code: 'INVALID_HISTORY' });
    const before = (await store.readStream(`dossier-${id}`)).version;
    await expect(engine.execute(cmd(id, { type: 'FilePetition', petitionId: 'p', content: 'x', channel: 'hotline' }))).rejects.toMatchObject({ code: 'INVALID_HISTORY' });
    expect((await store.readStream(`dossier-${id}`)).version).toBe(before);
  });

  it('the projection runner skips (and reports) an event newer than the code, and applies the rest', async () => {
    const store = new InMemoryEventStore();
    const rated = (schemaVersion: number, data: unknown) => ({ type: 'DossierRated', data, metadata: meta(schemaVersion) });
    await store.append('dossier-a', [
      rated(1, { channel: 'kiosk', ratings: [{ criterion: 'c', level: 'l' }], like: false }),
      rated(3, { channel: 'kiosk', stars: 5 }),
      rated(2, { channel: 'kiosk', ratings: [{ criterion: 'c', level: 'l' }], vote: 'like' }),
    ]);
    const votes: Projection<string[]> = {
      name: 'votes',
      version: '1',
      init: () => [],
      apply: (s, e: StoredEvent) => [...s, String((e.data as { vote?: string }).vote)],
      toSnapshot: (s) => s,
      fromSnapshot: (s) => s as string[],
    };
    const errors: Error[] = [];
    const runner = createProjectionRunner({ store, projection: votes, persist: false, onError: (e) => errors.push(e) });
    await runner.catchUp();
    expect(runner.state).toEqual(['dislike', 'like']);
    expect(runner.skipped.map((s) => [s.version, s.error.code])).toEqual([[2, 'INVALID_HISTORY']]);
    expect(errors).toHaveLength(1);
  });
});

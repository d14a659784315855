/**
 * A log written by the previous version of the schema (`fixtures/dossier-rated-v1.jsonl`,
 * written by `fixtures/write-dossier-rated-v1.ts` at commit 7846dd8f, when
 * `DossierRated` was version 1 with `like?: boolean`) is read by this code on
 * the in-memory store: every event as the current shape, every dossier folds,
 * and the engine goes on writing to them. Expected values come from the
 * fixture's own content (its `like` values, ratings and stream lengths).
 * SQLite and PostgreSQL read the same fixture in
 * `packages/projections/test/upcast-fixture.test.ts` (with a report).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createEngine, InMemoryEventStore, verifyHistory, type EventMetadata, type EventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';

interface Row {
  streamId: string;
  version: number;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}
const rows: Row[] = readFileSync(new URL('./fixtures/dossier-rated-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Row);

/** Append the fixture's rows in log order, each at its stream version. */
async function load(store: EventStore): Promise<void> {
  for (const r of rows) await store.append(r.streamId, [{ type: r.type, data: r.data, metadata: r.metadata }], { expectedVersion: r.version === 1 ? 'no_stream' : r.version - 1 });
}

/** What version 2 says a version-1 rating is: `like: true` → `vote: 'like'`, `false` → `'dislike'`, absent → absent. */
function asV2({ like, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return like === undefined ? rest : { ...rest, vote: like ? 'like' : 'dislike' };
}

describe('a log written by DossierRated version 1, read by the current code (in-memory store)', () => {
  it('the fixture is what it claims: version-1 ratings with every kind of vote', () => {
    const rated = rows.filter((r) => r.type === 'DossierRated');
    expect(rated.map((r) => r.metadata.schemaVersion)).toEqual([1, 1, 1, 1]);
    expect(rated.map((r) => r.data.like)).toEqual([true, undefined, false, true]);
    expect(rows.every((r) => r.metadata.schemaVersion === 1)).toBe(true);
  });

  it('every event reads as the current shape; everything else is as written', async () => {
    const store = new InMemoryEventStore();
    await load(store);
    const read = [];
    for await (const e of store.readAll()) read.push(e);
    expect(read.map((e) => [e.position, e.streamId, e.version, e.type])).toEqual(rows.map((r) => [r.position, r.streamId, r.version, r.type]));
    for (const [i, e] of read.entries()) {
      const r = rows[i]!;
      const { hash: _hash, ...metadata } = e.metadata as EventMetadata & { hash?: string };
      if (r.type === 'DossierRated') {
        expect(e.data).toEqual(asV2(r.data));
        expect(metadata).toEqual({ ...r.metadata, schemaVersion: 2 });
      } else {
        expect(e.data).toEqual(r.data);
        expect(metadata).toEqual(r.metadata);
      }
    }
    // The hash chain covers what was written (version 1), not the upcast shape: the log verifies.
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: rows.length });
  });

  it('every dossier folds to its stream length with the ratings the fixture recorded, and the engine goes on writing', async () => {
    const store = new InMemoryEventStore();
    await load(store);
    const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date('2024-03-20T03:00:00Z'), policy: 'none' });
    const streams = [...new Set(rows.map((r) => r.streamId))];
    for (const s of streams) {
      const id = s.slice('dossier-'.length);
      const state = await engine.get(id);
      const mine = rows.filter((r) => r.streamId === s);
      expect(state.version, s).toBe(mine.length);
      expect(state.ratings, s).toEqual(
        mine
          .filter((r) => r.type === 'DossierRated')
          .map((r) => ({ at: r.metadata.occurredAt, channel: r.data.channel, ratings: r.data.ratings, ...(r.data.like === undefined ? {} : { like: r.data.like }) })),
      );
    }
    // Dossier 2 (returned, rated once with a dislike) is rated again by the current code.
    const two = streams[1]!.slice('dossier-'.length);
    const r = await engine.execute({
      type: 'Rate',
      commandId: uuidv7(),
      dossierId: two,
      actor: { id: 'cb-01', role: 'officer' },
      channel: 'dvcqg',
      ratings: [{ criterion: 'thaiDo', level: 'Hài lòng' }],
      like: true,
    });
    expect(r.state.version).toBe(rows.filter((x) => x.streamId === streams[1]).length + 1);
    expect((await engine.history(two)).filter((e) => e.type === 'DossierRated').map((e) => [e.metadata.schemaVersion, (e.data as { vote?: string }).vote])).toEqual([
      [2, 'dislike'],
      [2, 'like'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { InMemoryEventStore, type StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { canonicalJson } from '../src/integrity/canonical';
import { createCheckpoint, generateCheckpointKeys, signCheckpoint, verifyCheckpoint } from '../src/integrity/checkpoint';
import { verifyHistory } from '../src/integrity/verify';

/** A store whose log is this array (a copy of a real one, tampered with as a database user could). */
const logOf = (events: readonly StoredEvent[]) => ({
  async *readAll(options: { to?: number } = {}) {
    yield* [...events].sort((a, b) => a.position - b.position).filter((e) => e.position <= (options.to ?? Number.POSITIVE_INFINITY));
  },
});
const at = (e: StoredEvent) => ({ streamId: e.streamId, version: e.version, position: e.position });
const withData = (e: StoredEvent, data: unknown): StoredEvent => ({ ...e, data: data as StoredEvent['data'] });

/** A real in-memory log of `streams` streams with events appended in a random interleaving. */
async function realLog(order: number[]): Promise<StoredEvent[]> {
  const store = new InMemoryEventStore();
  for (const [i, s] of order.entries()) await store.append(`dossier-${s}`, [makeTestEvent('Step', { i, note: `bước ${i}` })]);
  return [...store.allEvents()];
}
const orderArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 30 });

describe('canonical JSON', () => {
  it('is the JSON round trip with every object key sorted (property; oracle: parse, then write keys sorted)', () => {
    const sorted = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(sorted).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${sorted((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true }), (v) => {
        let json: string | undefined;
        try {
          json = JSON.stringify(v);
        } catch {
          return; // BigInt, cycles: refused before hashing
        }
        expect(canonicalJson(v)).toBe(json === undefined ? 'null' : sorted(JSON.parse(json)));
      }),
    );
  });

  it('sorts integer-like keys as text (JavaScript would put them first, jsonb by length)', () => {
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: undefined })).toBe('{"10":"x","9":"y","b":1}');
  });
});

describe('verifyHistory on a tampered log (in memory)', () => {
  it('an untouched log verifies, with its events counted and none unchained', async () => {
    const log = await realLog([0, 1, 0, 2, 1, 0]);
    expect(await verifyHistory(logOf(log))).toMatchObject({ ok: true, events: 6, unchained: 0, head: { position: 6 } });
  });

  it('an edit of any event (data, type, stream, metadata) is named at that event (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), fc.constantFrom('data', 'type', 'actor', 'recordedAt'), async (order, pick, what) => {
        const log = await realLog(order);
        const k = pick % log.length;
        const e = log[k]!;
        const meta = e.metadata as Record<string, unknown>;
        log[k] =
          what === 'data'
            ? withData(e, { ...(e.data as object), note: 'sửa' })
            : what === 'type'
              ? { ...e, type: 'Other' }
              : {
                  ...e,
                  metadata: { ...meta, ...(what === 'actor' ? { actor: { id: 'x', role: 'admin' } } : { recordedAt: '2020-01-01T00:00:00.000Z' }) } as StoredEvent['metadata'],
                };
        const r = await verifyHistory(logOf(log));
        expect(r).toMatchObject({ ok: false, reason: 'hash', firstBroken: at(e) });
      }),
      { numRuns: 60 },
    );
  });

  it('a deleted event is named at the next event of its stream; the last one of a stream only by a checkpoint (property)', async () => {
    const keys = generateCheckpointKeys();
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const log = await realLog(order);
        const signed = signCheckpoint(await createCheckpoint(logOf(log)), keys.privateKey);
        const k = pick % log.length;
        const gone = log[k]!;
        const next = log.find((e) => e.streamId === gone.streamId && e.version === gone.version + 1);
        log.splice(k, 1);
        const plain = await verifyHistory(logOf(log));
        if (next) expect(plain).toMatchObject({ ok: false, reason: 'version', firstBroken: at(next) });
        else expect(plain.ok).toBe(true);
        const held = await verifyHistory(logOf(log), { checkpoints: [signed], publicKey: keys.publicKey });
        expect(held.ok).toBe(false);
        if (next) expect(held.firstBroken).toEqual(at(next));
        else expect(held).toMatchObject({ reason: 'truncated', firstBroken: log.length > 0 ? at(log[0]!) : { streamId: '', version: 0, position: 1 } });
      }),
      { numRuns: 60 },
    );
  });

  it('two events of one stream swapped in the log are named at the earlier position (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orderArb, fc.nat(), async (order, pick) => {
        const log = await realLog(order);
        const stream = log[pick % log.length]!.streamId;
        const mine = log.flatMap((e, i) => (e.streamId === stream ? [i] : []));
        fc.pre(mine.length >= 2);
        const [i, j] = [mine[0]!, mine[mine.length - 1]!];
        const [a, b] = [log[i]!, log[j]!];
        log[i] = { ...b, position: a.position };
        log[j] = { ...a, position: b.position };
        expect(await verifyHistory(logOf(log))).toMatchObject({ ok: false, reason: 'version', firstBroken: { streamId: stream, version: b.version, position: a.position } });
      }),
      { numRuns: 60 },
    );
  });

  it('an event inserted with a forged hash is named; a hash stripped is named', async () => {
    const log = await realLog([0, 1, 0, 1]);
    const fake: StoredEvent = { ...log[1]!, position: 2.5, version: 2, streamId: 'dossier-0', metadata: { ...log[1]!.metadata, eventId: 'fake', hash: 'f'.repeat(64) } };
    expect(await verifyHistory(logOf([...log, fake]))).toMatchObject({ ok: false, reason: 'hash', firstBroken: { streamId: 'dossier-0', version: 2, position: 2.5 } });
    const { hash: _h, ...bare } = log[2]!.metadata as Record<string, unknown>;
    const stripped = log.map((e, i) => (i === 2 ? { ...e, metadata: bare as StoredEvent['metadata'] } : e));
    expect(await verifyHistory(logOf(stripped))).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: at(log[2]!) });
  });

  it('events of different streams reordered with every hash intact: caught by the checkpoint, not before', async () => {
    const keys = generateCheckpointKeys();
    const log = await realLog([0, 1, 2, 3]);
    const signed = signCheckpoint(await createCheckpoint(logOf(log)), keys.privateKey);
    const swapped = [{ ...log[1]!, position: 1 }, { ...log[0]!, position: 2 }, log[2]!, log[3]!];
    expect((await verifyHistory(logOf(swapped))).ok).toBe(true); // each stream is intact: order across streams needs the checkpoint
    expect(await verifyHistory(logOf(swapped), { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({
      ok: false,
      reason: 'checkpoint',
      firstBroken: { streamId: 'dossier-1', version: 1, position: 1 },
    });
  });

  it('events written before hashing are counted as unchained; an unhashed event after hashed ones is broken', async () => {
    const log = await realLog([0, 1, 0]);
    const bare = (e: StoredEvent): StoredEvent => {
      const { hash: _h, ...m } = e.metadata as Record<string, unknown>;
      return { ...e, metadata: m as StoredEvent['metadata'] };
    };
    // an old log: the first two events unhashed; the third (dossier-0 v2) links to no stored hash
    const store = new InMemoryEventStore();
    const old = [bare(log[0]!), bare(log[1]!)];
    const appended = await store.append('dossier-0', [makeTestEvent('Step', { i: 2 })], { expectedVersion: 'any' });
    const third: StoredEvent = { ...appended.events[0]!, version: 2, position: 3 };
    // the appended event was linked as version 1 of a new stream; build the oracle link for version 2 after an unhashed event
    const { contentDigest, linkHash } = await import('../src/integrity/chain');
    const relinked = linkHash(null, 2, contentDigest('dossier-0', third.type, third.data, third.metadata));
    const mixed = [...old, { ...third, metadata: { ...third.metadata, hash: relinked } as StoredEvent['metadata'] }];
    expect(await verifyHistory(logOf(mixed))).toMatchObject({ ok: true, events: 3, unchained: 2 });
    expect(await verifyHistory(logOf(mixed), { requireHashes: true })).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: at(old[0]!) });
    expect(await verifyHistory(logOf([log[0]!, bare(log[1]!)]))).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: at(log[1]!) });
  });
});

describe('upcast events', () => {
  it('an event read as a newer schema version verifies against what was written (DossierRated v1 → v2)', async () => {
    const store = new InMemoryEventStore();
    const v1 = makeTestEvent('DossierRated', { channel: 'kiosk', ratings: [{ criterion: 'c', level: 'Hài lòng' }], like: false }, { schemaVersion: 1 });
    await store.append('dossier-1', [v1, makeTestEvent('PetitionFiled', { petitionId: 'p', content: 'x', channel: 'web' })]);
    const [read] = (await store.readStream('dossier-1')).events;
    expect(read!.data).toMatchObject({ vote: 'dislike' }); // handed out upcast
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 2 });
  });
});

describe('signed checkpoints', () => {
  it('sign and verify with Ed25519; any changed field or another key fails; verifyHistory refuses a bad signature', async () => {
    const keys = generateCheckpointKeys();
    const other = generateCheckpointKeys();
    const log = await realLog([0, 1, 0]);
    const cp = await createCheckpoint(logOf(log), { issuer: 'H21', now: new Date('2026-11-30T10:00:00Z') });
    // oracle for the root: the log chain written out by hand
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    let root = sha('motcua-log/1');
    for (const e of log) root = sha(`motcua-log/1\n${root}\n${e.position}\n${JSON.stringify(e.streamId)}\n${e.version}\n${e.metadata.hash}`);
    expect(cp).toEqual({ format: 'motcua-checkpoint/1', upTo: 3, events: 3, root, createdAt: '2026-11-30T10:00:00.000Z', issuer: 'H21' });
    const signed = signCheckpoint(cp, keys.privateKey);
    const exported = JSON.parse(JSON.stringify(signed));
    expect(verifyCheckpoint(exported, keys.publicKey)).toBe(true);
    expect(verifyCheckpoint(exported, other.publicKey)).toBe(false);
    for (const change of [{ upTo: 4 }, { events: 2 }, { root: '0'.repeat(64) }, { createdAt: '2026-12-01T00:00:00.000Z' }, { issuer: 'H22' }]) {
      expect(verifyCheckpoint({ ...exported, ...change }, keys.publicKey)).toBe(false);
    }
    await expect(verifyHistory(logOf(log), { checkpoints: [{ ...signed, events: 2 }], publicKey: keys.publicKey })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await verifyHistory(logOf(log), { checkpoints: [signed], publicKey: keys.publicKey })).toMatchObject({ ok: true, checkpointsVerified: 1 });
  });

  it('refuses to checkpoint a log that does not verify', async () => {
    const log = await realLog([0, 0]);
    log[0] = withData(log[0]!, { changed: true });
    await expect(createCheckpoint(logOf(log))).rejects.toMatchObject({ code: 'STORE_CORRUPTED' });
  });

  it('a checkpoint part-way (upTo) is held against the log prefix; later events are still checked', async () => {
    const keys = generateCheckpointKeys();
    const log = await realLog([0, 1, 0, 1, 2]);
    const day1 = signCheckpoint(await createCheckpoint(logOf(log), { upTo: 3 }), keys.privateKey);
    expect(day1.events).toBe(3);
    expect(await verifyHistory(logOf(log), { checkpoints: [day1], publicKey: keys.publicKey })).toMatchObject({ ok: true, events: 5, checkpointsVerified: 1 });
    const edited = log.map((e, i) => (i === 4 ? withData(e, { x: 1 }) : e));
    expect(await verifyHistory(logOf(edited), { checkpoints: [day1], publicKey: keys.publicKey })).toMatchObject({ ok: false, reason: 'hash', firstBroken: at(log[4]!) });
  });
});

/**
 * The one-hash link format `motcua-event/2` (bulk imports): its content text
 * is the canonical JSON of the event assembled from separately serialised
 * parts, its hash is one SHA-256 over the documented framing, and
 * `verifyHistory` accepts it beside format 1 and still names a tampered event.
 * Oracles: `canonicalJson` of the whole array, and SHA-256 from node:crypto
 * over the framing written out here from the documented format.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { canonicalJson } from '../src/integrity/canonical';
import { metadataWithoutHash } from '../src/integrity/chain';
import { contentText, linkHash2 } from '../src/integrity/chain-v2';
import { verifyHistory } from '../src/integrity/verify';

const json = fc.jsonValue();
const metadataArb = fc.dictionary(fc.string(), json).map((m) => ({ ...m, eventId: 'e' }));

describe('format 2: content text', () => {
  it('assembled from canonical parts equals canonicalJson of the whole event (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.anything({ withNullPrototype: true }), metadataArb, (streamId, type, data, metadata) => {
        let whole: string;
        try {
          whole = canonicalJson([streamId, type, data, metadata]);
        } catch {
          return; // not JSON (a BigInt): refused before hashing
        }
        expect(contentText(canonicalJson(streamId), canonicalJson(type), canonicalJson(data), canonicalJson(metadata))).toBe(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('is one SHA-256 over tag, previous hash, version and content (oracle: node:crypto over the documented framing)', () => {
    fc.assert(
      fc.property(fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }), fc.integer({ min: 1, max: 1e9 }), fc.string(), (previous, version, content) => {
        const oracle = createHash('sha256')
          .update(`motcua-event/2\n${previous ?? ''}\n${version}\n${content}`, 'utf8')
          .digest('hex');
        expect(linkHash2(previous, version, content)).toBe(oracle);
      }),
    );
  });
});

/** A log written as an importer writes it: every event hashed in format 2. */
function importedLog(streams: readonly { id: string; data: unknown[] }[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  let position = 0;
  for (const stream of streams) {
    let previous: string | null = null;
    stream.data.forEach((data, i) => {
      const metadata = { eventId: `${stream.id}-${i}`, actor: { id: 'cb-01' } };
      const hash: string = linkHash2(previous, i + 1, canonicalJson([stream.id, 'Step', data, metadata]));
      previous = hash;
      out.push({ streamId: stream.id, version: i + 1, position: ++position, type: 'Step', data, metadata: { ...metadata, hash } } as unknown as StoredEvent);
    });
  }
  return out;
}
const logOf = (events: readonly StoredEvent[]) => ({
  async *readAll() {
    yield* events;
  },
});
const streamsArb = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1 }), data: fc.array(fc.dictionary(fc.string(), json), { minLength: 1, maxLength: 6 }) }), {
  selector: (s) => s.id,
  minLength: 1,
  maxLength: 4,
});

describe('verifyHistory on format-2 events', () => {
  it('an untouched imported log verifies (property)', async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, async (streams) => {
        const log = importedLog(streams);
        expect(await verifyHistory(logOf(log))).toMatchObject({ ok: true, events: log.length, unchained: 0 });
      }),
    );
  });

  it('a changed event of an imported log is named (property)', async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, fc.nat(), async (streams, pick) => {
        const log = importedLog(streams);
        const victim = log[pick % log.length]!;
        const changed = log.map((e) => (e === victim ? ({ ...e, data: { ...(e.data as object), tampered: true } } as StoredEvent) : e));
        expect(await verifyHistory(logOf(changed))).toMatchObject({
          ok: false,
          reason: 'hash',
          firstBroken: { streamId: victim.streamId, version: victim.version, position: victim.position },
        });
      }),
    );
  });

  it('a format-2 hash does not pass as format 1 and vice versa: the tag separates them', async () => {
    const [event] = importedLog([{ id: 'dossier-1', data: [{ a: 1 }] }]);
    const content = canonicalJson(['dossier-1', 'Step', event!.data, metadataWithoutHash(event!.metadata)]);
    const v1 = createHash('sha256')
      .update(`motcua-event/1\n\n1\n${createHash('sha256').update(content).digest('hex')}`)
      .digest('hex');
    expect(v1).not.toBe((event!.metadata as { hash: string }).hash);
    // the same event carrying a format-1 hash verifies too (appends write format 1)
    const asV1 = { ...event!, metadata: { ...event!.metadata, hash: v1 } } as StoredEvent;
    expect(await verifyHistory(logOf([asV1]))).toMatchObject({ ok: true, events: 1 });
  });
});

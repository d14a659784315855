/**
 * The pure parts of the national reader, without a server: `mergeByTime`
 * (fast-check: the merge is a permutation of the inputs, keeps every
 * province's own order whatever its timestamps, and is in time order when
 * each province is) and `serverOptions` (the options a restart reuses).
 */
import type { StoredEvent } from '@motcua/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serverOptions } from '../src/cluster';
import { mergeByTime, type NationalEvent } from '../src/national-log';

const instant = (minute: number) => new Date(Date.UTC(2021, 2, 1) + minute * 60_000).toISOString().replace('Z', '+07:00'); // fixed-width text, compares as time

function event(province: string, position: number, minute: number): NationalEvent {
  const stored = { streamId: `dossier-${province}-${position}`, version: 1, position, type: 'X', data: {}, metadata: { occurredAt: instant(minute) } };
  return { province, nationalXid: String(position), event: stored as unknown as StoredEvent };
}

/** A province's events in batches of the given sizes (as `readProvince` yields them). */
async function* batches(events: NationalEvent[], size: number): AsyncIterable<NationalEvent[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

async function collect(source: AsyncIterable<NationalEvent>): Promise<NationalEvent[]> {
  const out: NationalEvent[] = [];
  for await (const e of source) out.push(e);
  return out;
}

const provinceArb = (sorted: boolean) =>
  fc
    .record({ minutes: fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 40 }), batch: fc.integer({ min: 1, max: 7 }) })
    .map(({ minutes, batch }) => ({ minutes: sorted ? [...minutes].sort((a, b) => a - b) : minutes, batch }));

describe('mergeByTime', () => {
  it('is a permutation that keeps each province in its own order, whatever the timestamps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(provinceArb(false), { minLength: 1, maxLength: 4 }), async (provinces) => {
        const inputs = provinces.map((p, i) => p.minutes.map((m, k) => event(`p${i}`, k + 1, m)));
        const merged = await collect(mergeByTime(inputs.map((events, i) => batches(events, provinces[i]!.batch))));
        expect(merged.length).toBe(inputs.flat().length);
        for (const [i, events] of inputs.entries()) expect(merged.filter((e) => e.province === `p${i}`)).toEqual(events);
      }),
    );
  });

  it('gives time order over the union when every province is in time order (ties: the earlier source first)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(provinceArb(true), { minLength: 1, maxLength: 4 }), async (provinces) => {
        const inputs = provinces.map((p, i) => p.minutes.map((m, k) => event(`p${i}`, k + 1, m)));
        const merged = await collect(mergeByTime(inputs.map((events, i) => batches(events, provinces[i]!.batch))));
        // oracle: a stable sort of the concatenation by minute (sources in order, each in its own order)
        const expected = inputs
          .flat()
          .sort((a, b) => (a.event.metadata.occurredAt < b.event.metadata.occurredAt ? -1 : a.event.metadata.occurredAt > b.event.metadata.occurredAt ? 1 : 0));
        expect(merged.map((e) => [e.province, e.event.position])).toEqual(expected.map((e) => [e.province, e.event.position]));
      }),
    );
  });

  it('ends on empty sources', async () => {
    expect(await collect(mergeByTime([batches([], 3), batches([], 1)]))).toEqual([]);
  });
});

describe('serverOptions', () => {
  it('keeps the -c options of postmaster.opts and drops the data directory', () => {
    const opts = '/usr/lib/postgresql/15/bin/postgres "-D" "/tmp/motcua-pg-x/data" "-c" "listen_addresses=127.0.0.1" "-c" "port=5433" "-c" "wal_level=logical"\n';
    expect(serverOptions(opts)).toBe('-c listen_addresses=127.0.0.1 -c port=5433 -c wal_level=logical');
  });
});

/**
 * Crypto-shredding and the reports (issue #14 item 4): erasing subjects
 * changes no report. For random histories on a store that encrypts personal
 * data, the 06a, Decision 766, TT 01/2018, satisfaction and reception
 * reports (and the projections' states behind them) computed after erasing a
 * random set of dossiers' subjects equal those computed before; the erased
 * dossiers read redacted, the others as written. The oracle is the report
 * before the erasure — an independent claim, since the erasure changes what
 * every reader sees in the erased events.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventStore, InMemoryEventStore, InMemoryKeyStore, REDACTED, type StoredEvent, protectPersonalData } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import {
  decision766,
  foldProjection,
  receptionProjection,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  tt01Projection,
  tt01Report,
} from '@motcua/projections';
import { createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';
import { historyArb, runHistory, testCatalog } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();

async function read(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

function reports(events: readonly StoredEvent[]) {
  const period = { catalog, from: '2024-03-01', to: '2025-03-31' };
  const p = timelinessProjection({ calendar: cal });
  const t = foldProjection(p, events);
  const tt = tt01Projection({ calendar: cal });
  const s = satisfactionProjection();
  const r = receptionProjection({ calendar: cal });
  return {
    r06a: report06a(t, { projection: p, ...period }),
    r766: decision766(t, { projection: p, ...period }),
    tt01: tt01Report(foldProjection(tt, events), { ...period, by: 'official' }),
    tt01Agency: tt01Report(foldProjection(tt, events), { ...period, by: 'agency' }),
    satisfaction: satisfactionReport(foldProjection(s, events), period),
    states: [p, tt, s, r].map((x) => JSON.stringify(x.toSnapshot(foldProjection(x as never, events) as never))),
  };
}

const applicantName = (e: StoredEvent): string | undefined => {
  const d = e.data as { applicant?: { name: string }; intake?: { applicant: { name: string } } };
  return d.applicant?.name ?? d.intake?.applicant.name;
};

describe('reports unchanged by erasure', () => {
  it('06a, 766, TT 01, satisfaction and reception are equal before and after erasing random subjects', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), async (scripts, pick) => {
        const store = protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() });
        await runHistory(scripts, store);
        const before = await read(store);
        const streams = [...new Set(before.map((e) => e.streamId))];
        const erased = new Set(streams.filter((_, i) => pick[i % pick.length]));
        const expected = reports(before);
        for (const s of erased) await store.eraseSubject(s, { reason: 'request' });
        const after = await read(store);
        expect(reports(after)).toEqual(expected);
        // and the erasure did happen: the erased dossiers' applicants read redacted, the others as written
        for (const e of after) {
          const name = applicantName(e);
          if (name !== undefined) expect(name).toBe(erased.has(e.streamId) ? REDACTED : 'Nguyễn Văn An');
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('on a SQLite file: the same, after reopening the file, and the name is nowhere in the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          historyArb.map((h) => h[0]!),
          { minLength: 2, maxLength: 6 },
        ),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        async (scripts, pick) => {
          const dir = mkdtempSync(join(tmpdir(), 'motcua-privacy-'));
          const filename = join(dir, 'events.db');
          try {
            const open = async () => {
              const inner = await createSqliteEventStore({ filename });
              return protectPersonalData(inner, { keys: createSqliteKeyStore(inner.db) });
            };
            let store = await open();
            await runHistory(scripts, store);
            const before = await read(store);
            expect(before.length).toBeGreaterThan(0);
            const expected = reports(before);
            const streams = [...new Set(before.map((e) => e.streamId))];
            const erased = new Set(streams.filter((_, i) => pick[i % pick.length]));
            for (const s of erased) await store.eraseSubject(s, { reason: 'request' });
            await store.close();
            expect(readFileSync(filename).includes(Buffer.from('Nguyễn Văn An'))).toBe(false);
            store = await open();
            const after = await read(store);
            expect(reports(after)).toEqual(expected);
            for (const e of after) {
              const name = applicantName(e);
              if (name !== undefined) expect(name).toBe(erased.has(e.streamId) ? REDACTED : 'Nguyễn Văn An');
            }
            await store.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);
});

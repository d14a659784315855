/**
 * DossierClosed (NĐ 118/2025 Đ19.5: the supplement was not provided within
 * 15 days of the notice) is reported in its own 06a bucket (`other.closed`,
 * issue #12 item 2) and otherwise like ProcessingStopped: two histories that
 * differ only in closing versus stopping give the same reports except that
 * one 06a counter moves from `stopped` to `closed`.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, type Engine, type StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { foldProjection, report06a, satisfactionProjection, satisfactionReport, timelinessProjection, tt01Projection, tt01Report } from '@motcua/projections';
import { UNITS, testCatalog } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();
const actor = { id: 'cv-01', role: 'officer' };
const all = (engine: Engine): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

/**
 * Business registration received Mon 07/07/2025 (closure exists only under NĐ 118/2025), supplement requested Wed 09/07,
 * then closed or stopped on Mon 28/07 (the 15 days ended on Thu 24/07).
 */
async function history(end: 'CloseDossier' | 'StopProcessing'): Promise<StoredEvent[]> {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog, cacheSize: 0, policy: 'none' });
  const id = randomUUID();
  const run = (body: object, at: string) => engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at } as never);
  await run({ type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[0], applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' }, '2025-07-07T09:00:00.000+07:00');
  await run({ type: 'TransferDossier', mode: 'electronic' }, '2025-07-07T14:00:00.000+07:00');
  await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2025-07-09T09:00:00.000+07:00');
  await run({ type: end, reason: 'Không bổ sung trong 15 ngày' }, '2025-07-28T09:00:00.000+07:00');
  return all(engine);
}

describe('DossierClosed is reported in its own bucket, otherwise like ProcessingStopped', () => {
  it('06a moves the dossier from `other.stopped` to `other.closed`; TT 01 and satisfaction reports are the same as for a stop', async () => {
    const closed = await history('CloseDossier');
    const stopped = await history('StopProcessing');
    expect(closed.at(-1)!.type).toBe('DossierClosed');
    const period = { catalog, from: '2025-07-01', to: '2025-07-31' };
    const p = timelinessProjection({ calendar: cal });
    const [july] = report06a(foldProjection(p, closed), { projection: p, ...period });
    expect(july!.other).toEqual({ total: 1, refused: 0, withdrawn: 0, stopped: 0, closed: 1, waitingForCitizen: 0 });
    const [julyStopped] = report06a(foldProjection(p, stopped), { projection: p, ...period });
    expect(julyStopped!.other).toEqual({ total: 1, refused: 0, withdrawn: 0, stopped: 1, closed: 0, waitingForCitizen: 0 });
    expect({ ...july!, other: undefined }).toEqual({ ...julyStopped!, other: undefined });
    const t = tt01Projection({ calendar: cal });
    expect(tt01Report(foldProjection(t, closed), { ...period, by: 'official' })).toEqual(tt01Report(foldProjection(t, stopped), { ...period, by: 'official' }));
    const s = satisfactionProjection();
    expect(satisfactionReport(foldProjection(s, closed), period)).toEqual(satisfactionReport(foldProjection(s, stopped), period));
  });
});

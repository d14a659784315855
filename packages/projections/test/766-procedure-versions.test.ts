/**
 * Decision 766 indicator 4.5a counts procedures (thủ tục hành chính), and a
 * procedure is its code: a new version of it (here 1.003003, version 2 from
 * 01/07/2025) is the same procedure. In the sample catalog only 1.001193
 * (birth registration) is connected to the population database.
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { decision766, foldProjection, timelinessProjection } from '@motcua/projections';
import { runHistory, testCatalog } from './support/generate';

const catalog = testCatalog();
const projection = timelinessProjection({ calendar: vietnamCalendar() });
/** A dossier received at 09:00 on the day `days` after Fri 01/03/2024. */
const received = (procedure: string, days: number) => ({
  procedure,
  unit: 0,
  channel: 'direct' as const,
  intake: 'receive' as const,
  startMinutes: days * 1440 + 60,
  components: [],
  usesPopulationData: false,
  steps: [],
});

describe('766 indicator 4.5a: procedures, not procedure versions', () => {
  it('1.003003 received under version 1 (Mon 30/06/2025) and version 2 (Wed 02/07/2025), and 1.001193: 2 procedures, 1 connected', async () => {
    const { events } = await runHistory([received('1.003003', 486), received('1.003003', 488), received('1.001193', 488)]);
    const versions = events.filter((e) => e.type === 'DossierAccepted').map((e) => (e.data as { procedure: { code: string; version: string } }).procedure);
    expect(versions).toEqual([
      { code: '1.003003', version: '1' },
      { code: '1.003003', version: '2' },
      { code: '1.001193', version: '1' },
    ]);
    const state = foldProjection(projection, events);
    const [total] = decision766(state, { projection, catalog, from: '2025-06-01', to: '2025-07-31' });
    expect(total!.indicators['4.5a']).toMatchObject({ numerator: 1, denominator: 2 });
    const byProcedure = decision766(state, { projection, catalog, from: '2025-06-01', to: '2025-07-31', groupBy: ['procedure'] });
    expect(byProcedure.map((row) => [row.group.procedure, row.indicators['4.5a'].numerator, row.indicators['4.5a'].denominator])).toEqual(
      expect.arrayContaining([
        ['1.003003', 0, 1],
        ['1.001193', 1, 1],
      ]),
    );
  });
});

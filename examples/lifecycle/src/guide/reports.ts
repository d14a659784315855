import { vietnamCalendar } from '@motcua/calendar';
import type { Catalog, EventStore } from '@motcua/core';
import { createProjectionRunner, decision766, report06a, table06a, timelinessProjection, toCsv } from '@motcua/projections';

/**
 * Form 06a per receiving unit and the Decision 766 indicators for a period.
 * The runner keeps its state and checkpoint in the store (one atomic write), so
 * the next call reads only the events appended since.
 */
export async function periodReports(store: EventStore, catalog: Catalog, from: string, to: string) {
  const projection = timelinessProjection({ calendar: vietnamCalendar() });
  const runner = createProjectionRunner({ store, projection });
  await runner.catchUp();
  const rows06a = report06a(runner.state, { projection, catalog, from, to, groupBy: ['unit'] });
  const [total06a] = report06a(runner.state, { projection, catalog, from, to });
  const [indicators766] = decision766(runner.state, { projection, catalog, from, to });
  const csv = toCsv(table06a(rows06a, 'en'));
  return { rows06a, total06a, indicators766, csv };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineContract } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';

engineContract('sqlite (temp file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sqlite-engine-'));
  return { store: await createSqliteEventStore({ filename: join(dir, 'events.db') }), teardown: async () => rmSync(dir, { recursive: true, force: true }) };
});

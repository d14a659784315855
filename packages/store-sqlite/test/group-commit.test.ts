import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupCommitContract } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';

groupCommitContract('sqlite (temp file, synchronous FULL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sqlite-group-'));
  return { store: await createSqliteEventStore({ filename: join(dir, 'events.db') }), teardown: async () => rmSync(dir, { recursive: true, force: true }) };
});

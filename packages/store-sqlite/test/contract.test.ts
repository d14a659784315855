import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';

eventStoreContract('sqlite (temp file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sqlite-'));
  const filename = join(dir, 'events.db');
  return {
    store: await createSqliteEventStore({ filename }),
    reopen: () => createSqliteEventStore({ filename }),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

eventStoreContract('sqlite (:memory:, synchronous NORMAL)', async () => ({
  store: await createSqliteEventStore({ filename: ':memory:', synchronous: 'NORMAL' }),
}));

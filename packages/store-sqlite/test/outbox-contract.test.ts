import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxStoreContract } from '@motcua/core/testkit';
import { createSqliteEventStore, createSqliteOutboxStore } from '@motcua/store-sqlite';

outboxStoreContract('sqlite (temp file, the relay reading the same file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-outbox-'));
  const filename = join(dir, 'events.db');
  const log = await createSqliteEventStore({ filename });
  const others: { close(): Promise<void> }[] = [];
  return {
    log,
    outbox: createSqliteOutboxStore(log),
    second: async () => {
      const other = await createSqliteEventStore({ filename });
      others.push(other);
      return createSqliteOutboxStore(other);
    },
    teardown: async () => {
      for (const other of others) await other.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

outboxStoreContract('sqlite (:memory:)', async () => {
  const log = await createSqliteEventStore({ filename: ':memory:' });
  return { log, outbox: createSqliteOutboxStore(log) };
});

/**
 * `pnpm verify` — check a motcua event log for tampering, make and sign
 * checkpoints (issue #14 item 3; docs/security.md).
 *
 *   pnpm verify --db desk.sqlite                       verify the hash chains (exit 1 if broken)
 *   pnpm verify --pg postgres://… [--schema motcua]    the same on PostgreSQL
 *   pnpm verify --db desk.sqlite --checkpoints cp-1.json,cp-2.json --public-key province.pub.pem
 *   pnpm verify checkpoint --db desk.sqlite --private-key province.key.pem [--issuer H21] [--up-to N] > cp.json
 *   pnpm verify keygen --out keys/                     a new Ed25519 pair (province.key.pem, province.pub.pem)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createCheckpoint, generateCheckpointKeys, signCheckpoint, verifyHistory, type EventStore, type SignedCheckpoint } from '@motcua/core';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { createSqliteEventStore } from '@motcua/store-sqlite';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    checkpoints: { type: 'string' },
    'public-key': { type: 'string' },
    'private-key': { type: 'string' },
    issuer: { type: 'string' },
    'up-to': { type: 'string' },
    'require-hashes': { type: 'boolean' },
    out: { type: 'string' },
  },
});
const command = positionals[0] ?? 'verify';

async function open(): Promise<{ store: EventStore; close: () => Promise<void> }> {
  if (values.db) {
    const store = await createSqliteEventStore({ filename: values.db, migrate: false, pollIntervalMs: 0 });
    return { store, close: () => store.close() };
  }
  if (values.pg) {
    const pool = new pg.Pool({ connectionString: values.pg, max: 2 });
    pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`)); // an idle client's error would otherwise end the process
    const store = await createPostgresEventStore({ pool, migrate: false, listen: false, pollIntervalMs: 0, ...(values.schema ? { schema: values.schema } : {}) });
    return {
      store,
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  }
  throw new Error('say which log: --db file.sqlite or --pg postgres://…');
}

async function main(): Promise<number> {
  if (command === 'keygen') {
    const dir = values.out ?? '.';
    mkdirSync(dir, { recursive: true });
    const keys = generateCheckpointKeys();
    writeFileSync(join(dir, 'province.key.pem'), keys.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'province.pub.pem'), keys.publicKey);
    console.log(`wrote ${join(dir, 'province.key.pem')} (keep it off the database server) and ${join(dir, 'province.pub.pem')}`);
    return 0;
  }
  const { store, close } = await open();
  try {
    if (command === 'checkpoint') {
      if (!values['private-key']) throw new Error('checkpoint needs --private-key key.pem');
      const cp = await createCheckpoint(store, {
        ...(values.issuer ? { issuer: values.issuer } : {}),
        ...(values['up-to'] ? { upTo: Number(values['up-to']) } : {}),
      });
      console.log(JSON.stringify(signCheckpoint(cp, readFileSync(values['private-key'], 'utf8')), null, 2));
      return 0;
    }
    if (command !== 'verify') throw new Error(`unknown command ${command} (verify, checkpoint, keygen)`);
    const checkpoints = (values.checkpoints?.split(',') ?? []).filter(Boolean).map((f) => JSON.parse(readFileSync(f, 'utf8')) as SignedCheckpoint);
    const result = await verifyHistory(store, {
      ...(checkpoints.length > 0 ? { checkpoints } : {}),
      ...(values['public-key'] ? { publicKey: readFileSync(values['public-key'], 'utf8') } : {}),
      ...(values['require-hashes'] ? { requireHashes: true } : {}),
    });
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`verify: ${error.message}`);
    process.exit(2);
  },
);

/**
 * The one-stop desk: an HTTP service and web page over the motcua engine.
 *
 *   pnpm --filter @motcua/example-one-stop-desk start [--db FILE] [--pg URL] [--port N] [--host H] [--seed-demo N] [--portal simulated]
 *
 * SQLite by default (`--db`, default ./one-stop-desk.db); PostgreSQL with
 * `--pg URL` or `DATABASE_URL`. Listens on 127.0.0.1:8080 by default
 * (`--port 0` picks a free port) and prints `listening on <url>`.
 * `--portal simulated` starts a simulated national portal (a real HTTP server
 * on 127.0.0.1) and runs the outbox relay that sends it every status change;
 * `--outbox-keep-days N` lets that relay prune the messages it finished more
 * than N days ago (every 6 hours; default: never).
 */
import { parseArgs } from 'node:util';
import {
  createEngine,
  DEFAULT_POLICY_2025,
  eraseExpiredPersonalData,
  MotcuaError,
  protectPersonalData,
  type DossierListTable,
  type OutboxStore,
  type ProtectedEventStore,
} from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createSqliteDossierList, createSqliteEventStore, createSqliteKeyStore, createSqliteOutboxStore } from '@motcua/store-sqlite';
import { createDeskApp } from './app';
import { deskCatalog } from './catalog';
import { createCodeIndex } from './code-index';
import { readFileSync } from 'node:fs';
import { randomSecret } from './auth/session';
import type { DeskUser } from './auth/users';
import { DEMO_ACCOUNTS, demoUsers, seedDemo } from './seed';
import { listen } from './server';
import { startDeskPortal } from './portal/start';
import { deskDossierList } from './worklist/desk-list';

const USAGE = 'usage: one-stop-desk [--db FILE] [--pg URL] [--port N] [--host HOST] [--seed-demo N] [--portal simulated] [--portal-failure-rate R] [--outbox-keep-days N]';

function args() {
  try {
    const { values } = parseArgs({
      options: {
        db: { type: 'string' },
        pg: { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'seed-demo': { type: 'string' },
        portal: { type: 'string' },
        'portal-failure-rate': { type: 'string', default: '0.05' },
        'outbox-keep-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
    const seed = values['seed-demo'] === undefined ? 0 : Number(values['seed-demo']);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed-demo must be a whole number, got ${values['seed-demo']}`);
    if (values.portal !== undefined && values.portal !== 'simulated') throw new Error(`--portal takes 'simulated', got ${values.portal}`);
    const failureRate = Number(values['portal-failure-rate']);
    if (!(failureRate >= 0 && failureRate < 1)) throw new Error(`--portal-failure-rate must be in [0, 1), got ${values['portal-failure-rate']}`);
    const keepDays = values['outbox-keep-days'] === undefined ? undefined : Number(values['outbox-keep-days']);
    if (keepDays !== undefined && !(Number.isFinite(keepDays) && keepDays >= 0)) throw new Error(`--outbox-keep-days must be a number ≥ 0, got ${values['outbox-keep-days']}`);
    return {
      db: values.db ?? 'one-stop-desk.db',
      pg: values.pg ?? process.env.DATABASE_URL,
      port,
      host: values.host,
      seed,
      portal: values.portal === 'simulated',
      failureRate,
      keepDays,
      help: values.help ?? false,
    };
  } catch (error) {
    console.error(`one-stop-desk: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** The store, and the tables of the same database the desk keeps beside it: the dossier list (worklists) and the outbox (portal sync). */
interface OpenStore {
  store: ProtectedEventStore;
  label: string;
  dossierList: DossierListTable | Promise<DossierListTable>;
  outbox: () => OutboxStore;
  close: () => Promise<void>;
}

async function openStore(opts: ReturnType<typeof args>): Promise<OpenStore> {
  if (opts.pg) {
    const [{ default: pg }, { createPostgresEventStore, createPostgresKeyStore, createPostgresDossierList, createPostgresOutboxStore }] = await Promise.all([
      import('pg'),
      import('@motcua/store-postgres'),
    ]);
    const pool = new pg.Pool({ connectionString: opts.pg, max: 10 });
    pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`));
    const inner = await createPostgresEventStore({ pool });
    // Personal data encrypted per dossier, the keys beside the events (docs/security.md, "Personal data").
    const store = protectPersonalData(inner, { keys: await createPostgresKeyStore({ pool }) });
    return {
      store,
      label: 'PostgreSQL',
      dossierList: createPostgresDossierList({ store: inner, schema: 'motcua' }),
      outbox: () => createPostgresOutboxStore(pool, { schema: 'motcua' }),
      close: async () => (await store.close(), await pool.end()),
    };
  }
  const inner = await createSqliteEventStore({ filename: opts.db });
  const store = protectPersonalData(inner, { keys: createSqliteKeyStore(inner.db) });
  return { store, label: `SQLite ${opts.db}`, dossierList: createSqliteDossierList(inner), outbox: () => createSqliteOutboxStore(inner), close: () => store.close() };
}

const opts = args();
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
try {
  const { store, label, close, dossierList: listTable, outbox } = await openStore(opts);
  // People act through this engine: the default access policy checks every command against the signed-in actor.
  const engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), policy: DEFAULT_POLICY_2025 });
  if (opts.seed > 0) {
    const started = performance.now();
    // The demo history is a trusted import (one officer plays every step): an engine with authorization turned off writes it.
    const seeded = await seedDemo(createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), policy: 'none' }), { count: opts.seed });
    console.log(`seeded ${seeded.dossiers} dossiers (${seeded.commands} commands) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const codeIndex = createCodeIndex(store);
  await codeIndex.start();
  // Accounts: DESK_USERS_FILE (JSON [{ username, passwordHash (bcrypt), actor: { id, role, unit, name } }]), else the demo accounts.
  const usersFile = process.env.DESK_USERS_FILE;
  const users: DeskUser[] = usersFile ? (JSON.parse(readFileSync(usersFile, 'utf8')) as DeskUser[]) : await demoUsers(10);
  if (!usersFile) console.log(`demo accounts (set DESK_USERS_FILE for real ones): ${DEMO_ACCOUNTS.map((a) => `${a.username}/${a.password} (${a.actor.role})`).join(', ')}`);
  const sessionSecret = process.env.DESK_SESSION_SECRET ?? randomSecret();
  if (!process.env.DESK_SESSION_SECRET) console.log('DESK_SESSION_SECRET not set: a random one (sessions and receipt look-up tokens end with this process)');
  // The worklists' table, caught up now (a first start reads the whole log) and before every query.
  const dossierList = deskDossierList({ engine, table: listTable });
  await dossierList.catchUp();
  const portal = opts.portal
    ? await startDeskPortal({ store, outbox: outbox(), failureRate: opts.failureRate, ...(opts.keepDays !== undefined ? { keepDays: opts.keepDays } : {}) })
    : undefined;
  if (portal) console.log(`portal: simulated national portal on ${portal.url} (failure rate ${opts.failureRate}); the outbox relay sends it every status change`);
  const app = createDeskApp({
    engine,
    codeIndex,
    policy: DEFAULT_POLICY_2025,
    dossierList,
    ...(portal ? { portal: portal.portal } : {}),
    auth: { users, sessionSecret, ...(process.env.DESK_LOOKUP_SECRET ? { lookupSecret: process.env.DESK_LOOKUP_SECRET } : {}) },
  });
  // Retention (docs/security.md): erase the personal data of dossiers ended more than DEFAULT_RETENTION ago, at start and daily.
  const retention = async () => {
    const { erased } = await eraseExpiredPersonalData({ store, engines: [engine] });
    if (erased.length > 0) console.log(`retention: erased the personal data of ${erased.length} dossier(s)`);
  };
  await retention();
  const retentionTimer = setInterval(() => void retention().catch((e: unknown) => console.error('retention:', e)), 24 * 3_600_000);
  retentionTimer.unref();
  const server = await listen(app, { port: opts.port, host: opts.host });
  console.log(`one-stop desk on ${label}, ${codeIndex.size} dossier codes`);
  console.log(`listening on ${server.url}`);
  const shutdown = async () => {
    await server.close().catch(() => undefined);
    await codeIndex.stop();
    await portal?.stop();
    await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
} catch (error) {
  console.error(error instanceof MotcuaError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
}

/**
 * @motcua/store-postgres/testkit — start a throwaway PostgreSQL server from
 * the local binaries (initdb + pg_ctl) for tests, examples and benchmarks.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Options of {@link startTestPostgres}.
 *
 * @example
 * ```ts
 * const server = await startTestPostgres({ durable: true, settings: { autovacuum: 'off' } });
 * ```
 */
export interface TestPostgresOptions {
  /** Directory with initdb/pg_ctl/postgres; default: `$PG_BIN`, else the newest /usr/lib/postgresql/<n>/bin. */
  binDir?: string;
  /** Database to create (default `motcua_test`). */
  database?: string;
  /** fsync and synchronous_commit on (default false: faster tests; benchmarks of durable appends should pass true). */
  durable?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

/**
 * A running throwaway server.
 *
 * @example
 * ```ts
 * const server: TestPostgres = await startTestPostgres();
 * const pool = new pg.Pool({ connectionString: server.url });
 * ```
 */
export interface TestPostgres {
  /** Connection string for the created database, e.g. `postgres://postgres@127.0.0.1:54012/motcua_test`. */
  url: string;
  port: number;
  /** Temp directory with the data directory, socket and log (removed by `stop()`). */
  directory: string;
  /** Connection string of the same server for any other database name. */
  urlFor(database: string): string;
  /** Stop the server and delete its data directory. */
  stop(): Promise<void>;
}

/**
 * Start a PostgreSQL server in a temp directory on 127.0.0.1 with a free port
 * (socket directory inside the temp dir), create a database and return its
 * URL. Runs initdb/pg_ctl as the `postgres` OS user when running as root.
 * Throws (never skips) if the server cannot start.
 *
 * @example
 * ```ts
 * import { startTestPostgres } from '@motcua/store-postgres/testkit';
 * const server = await startTestPostgres();
 * const pool = new pg.Pool({ connectionString: server.url });
 * // …
 * await pool.end();
 * await server.stop();
 * ```
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = options.binDir ?? process.env.PG_BIN ?? findBinDir();
  const database = options.database ?? 'motcua_test';
  const root = mkdtempSync(join(tmpdir(), 'motcua-pg-'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const user = osUser();
  if (user) chownSync(root, user.uid, user.gid);
  const run = (cmd: string, args: string[]) => {
    try {
      execFileSync(join(bin, cmd), args, { cwd: root, stdio: 'pipe', ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    } catch (error) {
      const failure = error as { stderr?: Buffer; stdout?: Buffer; message: string };
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${cmd} failed: ${failure.message}\n${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}\n${serverLog}`);
    }
  };
  let started = false;
  let watchdog: ChildProcess | undefined;
  const stop = async () => {
    if (started) {
      started = false;
      process.removeListener('exit', stopOnExit);
      watchdog?.kill();
      watchdog = undefined;
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
      } catch {
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  const stopOnExit = () => {
    try {
      execFileSync(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], { stdio: 'ignore', ...(user ? { uid: user.uid, gid: user.gid } : {}) });
      rmSync(root, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const durable = options.durable ?? false;
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      port,
      unix_socket_directories: root,
      max_connections: 200,
      fsync: durable ? 'on' : 'off',
      synchronous_commit: durable ? 'on' : 'off',
      full_page_writes: durable ? 'on' : 'off',
      ...options.settings,
    };
    const serverOptions = Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${String(v)}`)
      .join(' ');
    run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions]);
    started = true;
    process.once('exit', stopOnExit);
    watchdog = startWatchdog(join(bin, 'pg_ctl'), data, root, user);
    const urlFor = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
    const admin = new pg.Client({ connectionString: urlFor('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }
    return { url: urlFor(database), port, directory: root, urlFor, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * A server must never outlive the process that started it, whatever the
 * outcome: a normal exit runs the 'exit' hook, but a test runner killing its
 * worker (timeout, interrupt, crash) does not. A tiny detached shell watches
 * this process and, once it is gone, stops the server (immediate mode) and
 * removes its directory. `stop()` kills the watchdog.
 */
function startWatchdog(pgCtl: string, data: string, root: string, user: { uid: number; gid: number } | undefined): ChildProcess | undefined {
  const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const pid = process.pid;
  // kill -0 fails with EPERM when the watchdog runs as another user: /proc tells then.
  const script = `while kill -0 ${pid} 2>/dev/null || [ -d /proc/${pid} ]; do sleep 1; done; ${shellQuote(pgCtl)} stop -D ${shellQuote(data)} -m immediate -w >/dev/null 2>&1; rm -rf ${shellQuote(root)}`;
  try {
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore', ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    child.on('error', () => undefined);
    child.unref();
    return child;
  } catch {
    return undefined; // best effort: the exit hook and stop() remain
  }
}

function findBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin); set PG_BIN');
  return join(base, versions[0]!, 'bin');
}

/** initdb refuses to run as root: run the server as the `postgres` OS user then. */
function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root and there is no `postgres` OS user to run initdb/postgres as');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

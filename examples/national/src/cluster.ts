/**
 * Local PostgreSQL clusters for the national demonstration: a provincial
 * cluster (`wal_level=logical`, so it can publish) or the national one, from
 * the testkit's throwaway servers, plus a stop/start that keeps the data
 * directory (the testkit's `stop()` removes it), to restart a subscriber.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';

/** A throwaway cluster that can be stopped and started again with its data. */
export interface LocalCluster {
  readonly server: TestPostgres;
  /** `host=127.0.0.1 port=… dbname=… user=postgres`: what a subscription connects with. */
  readonly conninfo: string;
  /** Stop the server (fast shutdown), keeping its data directory. */
  halt(): void;
  /** Start it again on the same port with the same settings. */
  resume(): void;
  /** Stop and delete (the testkit's `stop`). */
  destroy(): Promise<void>;
}

/**
 * Start a cluster on 127.0.0.1. `publisher: true` sets `wal_level=logical`
 * (a publication needs it); fsync stays as the testkit's default unless
 * `durable`.
 *
 * @example
 * ```ts
 * const province = await startCluster({ publisher: true });
 * const national = await startCluster({ publisher: false });
 * ```
 */
export async function startCluster(options: { publisher: boolean; durable?: boolean }): Promise<LocalCluster> {
  const settings: Record<string, string | number> = { autovacuum: 'off', track_commit_timestamp: 'on', max_worker_processes: 16, max_logical_replication_workers: 8 };
  if (options.publisher) Object.assign(settings, { wal_level: 'logical', max_wal_senders: 10, max_replication_slots: 10 });
  const server = await startTestPostgres({ settings, durable: options.durable ?? false });
  const data = join(server.directory, 'data');
  const bin = binDir();
  const user = postgresUser();
  const pgCtl = (args: string[]) => execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'pipe', cwd: server.directory, ...(user ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  let savedOptions = '';
  return {
    server,
    conninfo: `host=127.0.0.1 port=${server.port} dbname=${new URL(server.url).pathname.slice(1)} user=postgres`,
    halt() {
      savedOptions = serverOptions(readFileSync(join(data, 'postmaster.opts'), 'utf8'));
      pgCtl(['stop', '-D', data, '-m', 'fast', '-w', '-t', '120']);
    },
    resume() {
      pgCtl(['start', '-D', data, '-l', join(server.directory, 'server.log'), '-w', '-t', '120', '-o', savedOptions]);
    },
    destroy: () => server.stop(),
  };
}

/** The `-c name=value` options of a running server, from its `postmaster.opts` (the data directory left out). */
export function serverOptions(postmasterOpts: string): string {
  const args = [...postmasterOpts.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-D') {
      i++;
      continue;
    }
    kept.push(args[i]!);
  }
  return kept.join(' ');
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL binaries in /usr/lib/postgresql/*/bin; set PG_BIN');
  return join(base, versions[0]!, 'bin');
}

/** The server runs as the `postgres` OS user when we are root (as the testkit does). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) };
}

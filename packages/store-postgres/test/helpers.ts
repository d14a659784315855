import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore, type PostgresStoreOptions } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';

declare module 'vitest' {
  interface ProvidedContext {
    pgUrl: string;
  }
}

let counter = 0;

/** A schema name unique to this test process. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

/** A pool for a test file. */
export function makePool(url: string, max = 30): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined); // idle-client errors (server restarts in tests) must not crash the runner
  return pool;
}

/** Await a promise expected to reject; return the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error & { code?: string }) => e,
  );
}

/** Collect an async iterable. */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

/** What {@link ownTestServer} gives a test file. */
export interface OwnTestServer {
  readonly server: TestPostgres;
  readonly pool: pg.Pool;
  /** A store on the file's pool, closed in `afterAll`. */
  open(schema: string, options?: Partial<PostgresStoreOptions>): Promise<PostgresEventStore>;
  /** Close these stores too in `afterAll` (stores created by hand). */
  track(...opened: PostgresEventStore[]): void;
}

/**
 * A throwaway PostgreSQL server of the test file's own (for tests that hold
 * transactions open or restart connections: the xid8 read horizon is
 * cluster-wide, so they must not share the contract's server), with a pool and
 * `open` for stores. `afterAll` closes the stores, ends the pool (abandoned
 * after 5 s if it hangs) and stops the server on every outcome.
 */
export function ownTestServer(poolSize = 30): OwnTestServer {
  let server: TestPostgres | undefined;
  let pool: pg.Pool | undefined;
  const stores: PostgresEventStore[] = [];
  beforeAll(async () => {
    server = await startTestPostgres({ settings: { autovacuum: 'off' } });
    pool = makePool(server.url, poolSize);
  });
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    try {
      await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
    } finally {
      await server?.stop();
    }
  });
  return {
    get server() {
      return server!;
    },
    get pool() {
      return pool!;
    },
    async open(schema, options = {}) {
      const store = await createPostgresEventStore({ pool: pool!, schema, ...options });
      stores.push(store);
      return store;
    },
    /** Close these stores too in `afterAll` (stores created by hand). */
    track(...opened) {
      stores.push(...opened);
    },
  };
}

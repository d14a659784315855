import pg from 'pg';

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

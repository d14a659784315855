/**
 * Vitest globalSetup of the store-postgres test project: starts a throwaway
 * PostgreSQL server (initdb in a temp dir, 127.0.0.1, free port) and provides
 * its URL as `inject('pgUrl')`. Fails loudly — never skips — if it cannot start.
 * The server is stopped by the teardown; if the run ends any other way (a
 * crash, a kill, an interrupt) the testkit's exit hook and watchdog stop it.
 */
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../packages/store-postgres/src/testkit/index';

declare module 'vitest' {
  interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server;
  try {
    // autovacuum off: an auto-ANALYZE is a short write transaction, and readers wait for every
    // older in-flight transaction of the cluster (xid8 snapshot rule), which would make
    // "read right after append" assertions racy.
    server = await startTestPostgres({ settings: { autovacuum: 'off' } });
  } catch (error) {
    throw new Error(`store-postgres tests need a real PostgreSQL server and it could not start: ${(error as Error).message}`, { cause: error });
  }
  project.provide('pgUrl', server.url);
  return () => server.stop();
}

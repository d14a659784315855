/**
 * The event-store contract (bộ kiểm thử hợp đồng): one suite of vitest tests
 * that every {@link EventStore} adapter runs unchanged, in the style of
 * Emmett's store tests. It needs `vitest` and `fast-check` (optional peer
 * dependencies of `@motcua/core`). The parts live in `store-contract/`, one
 * file per concept.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../store/types';
import { globalLogContract } from './store-contract/global-log';
import { immutabilityContract } from './store-contract/immutability';
import { integrityContract } from './store-contract/integrity';
import { rolesContract } from './store-contract/roles';
import { streamContract } from './store-contract/streams';
import type { ContractContext, StoreFixture } from './store-contract/support';
import { upcastContract } from './store-contract/upcast';
import { writeContract } from './store-contract/writes';

export { makeTestEvent } from './store-contract/support';
export type { StoreFixture } from './store-contract/support';

/**
 * Register the event-store contract tests for one adapter. Each test gets a
 * fresh store from `factory`; the suite closes it and calls `teardown`.
 * Durability tests run only when the fixture has `reopen`.
 *
 * @example
 * ```ts
 * import { eventStoreContract } from '@motcua/core/testkit';
 * eventStoreContract('sqlite', async () => {
 *   const dir = mkdtempSync(join(tmpdir(), 'motcua-'));
 *   const filename = join(dir, 'events.db');
 *   return {
 *     store: await createSqliteEventStore({ filename }),
 *     reopen: () => createSqliteEventStore({ filename }),
 *     teardown: async () => rmSync(dir, { recursive: true, force: true }),
 *   };
 * });
 * ```
 */
export function eventStoreContract(name: string, factory: () => Promise<StoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;
    const opened: EventStore[] = [];

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      opened.push(store);
    });

    afterEach(async () => {
      for (const openedStore of opened.splice(0)) await openedStore.close();
      await fixture.teardown?.();
    });

    /** Close the current store and open the same storage again; false when the adapter has no `reopen`. */
    async function reopen(): Promise<boolean> {
      if (!fixture.reopen) return false;
      await store.close();
      store = await fixture.reopen();
      opened.push(store);
      return true;
    }

    const context: ContractContext = {
      get store() {
        return store;
      },
      get fixture() {
        return fixture;
      },
      reopen,
    };
    streamContract(context);
    writeContract(context);
    globalLogContract(context);
    immutabilityContract(context);
    rolesContract(context);
    upcastContract(context);
    integrityContract(context);
  });
}

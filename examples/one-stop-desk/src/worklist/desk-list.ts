/**
 * The desk's dossier list (danh sách hồ sơ): the read model of
 * `@motcua/core` (docs/worklists.md) in a table of the store's own database,
 * kept by `followDossierList` and caught up before every query, so a list
 * shows every command already answered.
 */
import { followDossierList, type DossierListPage, type DossierListQuery, type DossierListTable, type Engine, type EventStore } from '@motcua/core';

/** The dossier list as the desk uses it. */
export interface DeskDossierList {
  /** One page (filters, search, sort, keyset cursor) after catching the table up to the head of the log. */
  list(query: DossierListQuery): Promise<DossierListPage>;
  /** Bring the table up to the head of the log. */
  catchUp(): Promise<number>;
  /** Stop following the log. */
  stop(): Promise<void>;
}

/**
 * A dossier list over `table`, following `store` and loading states with `engine.get`.
 * `table` may be a promise (PostgreSQL creates its table asynchronously).
 *
 * @example
 * ```ts
 * import { createSqliteDossierList, createSqliteEventStore } from '@motcua/store-sqlite';
 * declare const store: Awaited<ReturnType<typeof createSqliteEventStore>>;
 * const list = deskDossierList({ engine, table: createSqliteDossierList(store) });
 * const page = await list.list({ filter: { name: 'nguyen van an' }, limit: 20 });
 * ```
 */
export function deskDossierList(options: { engine: Engine; table: DossierListTable | Promise<DossierListTable>; store?: EventStore }): DeskDossierList {
  const store = options.store ?? options.engine.store;
  const ready = Promise.resolve(options.table).then((table) => ({
    table,
    follower: followDossierList({ store, table, load: (id) => options.engine.get(id), calendar: options.engine.calendar }),
  }));
  ready.catch(() => undefined); // reported by the first query
  return {
    async list(query) {
      const { table, follower } = await ready;
      await follower.catchUp();
      return table.list(query);
    },
    async catchUp() {
      return (await ready).follower.catchUp();
    },
    async stop() {
      await (await ready).follower.stop();
    },
  };
}

/**
 * The default table of an engine's SQLite store (`motcua_dossier_list` in the
 * store's own file), found by the store's shape; undefined for any other store
 * (pass `dossierList` to `createDeskApp`, e.g. over `createPostgresDossierList`;
 * without one the worklist pages say the list is not configured).
 */
export function defaultDossierList(engine: Engine): DeskDossierList | undefined {
  const store = engine.store as unknown as { db?: unknown };
  if (store.db === undefined) return undefined;
  const table = import('@motcua/store-sqlite').then(({ createSqliteDossierList }) => createSqliteDossierList(store as never));
  return deskDossierList({ engine, table });
}

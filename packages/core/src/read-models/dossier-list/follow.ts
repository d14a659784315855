import type { WorkingCalendar } from '../../deadlines';
import type { DossierState } from '../../dossier/state';
import { DOSSIER_STREAM_PREFIX, dossierIdOfStream } from '../../engine/types';
import type { EventStore } from '../../store/types';
import type { DossierListPage, DossierListQuery, WorklistKind, WorklistScope } from './query';
import { dossierListRow, type DossierListRow } from './row';

/** A dossier list kept in tables of a store's database (`@motcua/store-sqlite`, `@motcua/store-postgres`). */
export interface DossierListTable {
  /** Global position of the last event reflected in the rows (0 = none). */
  checkpoint(): Promise<number>;
  /** Upsert `rows` and set the checkpoint to `position`, in one transaction. */
  write(rows: readonly DossierListRow[], position: number): Promise<void>;
  /** One page of the list: filters, search, sort, keyset pagination. A bad query is a `ValidationError`. */
  list(query?: DossierListQuery): Promise<DossierListPage>;
  /** A worklist page at `now` (an instant); see `worklistFilter`. Sorted by due date. */
  worklist(scope: WorklistScope, kind: WorklistKind, now: string, page?: { limit?: number; after?: string }): Promise<DossierListPage>;
  /** The row of one dossier, if any. */
  get(dossierId: string): Promise<DossierListRow | undefined>;
  /** Every row, by dossier id (for checks and exports). */
  all(): Promise<DossierListRow[]>;
  /**
   * Erase the applicant's personal data from the dossier's row (name, folded
   * name, ID number set to NULL). Call it when a subject is erased
   * (crypto-shredding): the log's values are unreadable then, the row's must go too.
   */
  forget(dossierId: string): Promise<void>;
  /** Delete every row and the checkpoint (before a rebuild). */
  clear(): Promise<void>;
}

/** Options of {@link followDossierList}. */
export interface DossierListFollowerOptions {
  /** The log to follow (a `protectPersonalData` store reads decrypted applicants). */
  store: EventStore;
  table: DossierListTable;
  /** A dossier's current state (e.g. `engine.get`, on the same store). */
  load: (dossierId: string) => Promise<DossierState>;
  /**
   * The deadline calendar (give the engine's, `engine.calendar`; default `vietnamCalendar()`): a limit in working
   * hours is passed from the first working instant after its due (`DossierListRow.overdueFromMs`).
   */
  calendar?: WorkingCalendar;
  /** Events per read batch = per transaction (default 1,000). */
  batchSize?: number;
  /** Live catch-up failed (retried on the next append). Default: ignore. */
  onError?: (error: Error) => void;
}

/** A running dossier-list follower. */
export interface DossierListFollower {
  /** Bring the table up to the head of the log; returns the position reached. */
  catchUp(): Promise<number>;
  /** Catch up, then follow live appends. */
  start(): Promise<void>;
  /** Stop following (waits for an in-flight catch-up). */
  stop(): Promise<void>;
  /** Clear the table and replay the whole log. */
  rebuild(): Promise<number>;
}

/**
 * Keep a {@link DossierListTable} equal to a fold of the log: per batch of the
 * global log (dossier streams only), the dossiers touched are loaded (their
 * full state, e.g. by `engine.get`) and their rows upserted together with the
 * checkpoint in one transaction. A crash replays from the checkpoint; a row is
 * a function of its dossier's state, so replaying is harmless.
 *
 * @example
 * ```ts nocheck
 * const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
 * await follower.start();
 * const page = await table.worklist({ officer: 'cv-01' }, 'overdue', new Date().toISOString());
 * ```
 */
export function followDossierList(options: DossierListFollowerOptions): DossierListFollower {
  const { store, table, load, calendar } = options;
  const batchSize = options.batchSize ?? 1000;
  let chain: Promise<unknown> = Promise.resolve();
  let following = false;
  let queued = false;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  async function catchUpNow(): Promise<number> {
    let position = await table.checkpoint();
    const head = await store.headPosition();
    if (head <= position) return position;
    for await (const batch of store.readBatches({ after: position, to: head, batchSize, streamPrefix: DOSSIER_STREAM_PREFIX })) {
      const ids = new Set<string>();
      for (const event of batch) if (event.position <= head) ids.add(dossierIdOfStream(event.streamId));
      const rows: DossierListRow[] = [];
      for (const id of ids) rows.push(dossierListRow(await load(id), calendar));
      position = Math.min(head, batch[batch.length - 1]!.position);
      await table.write(rows, position);
    }
    if (position < head) await table.write([], head); // the tail of the log held no dossier events
    return head;
  }

  const onAppended = (): void => {
    if (!following || queued) return;
    queued = true;
    void serial(async () => {
      queued = false;
      return following ? catchUpNow() : 0;
    }).catch((error: unknown) => options.onError?.(error as Error));
  };

  return {
    catchUp: () => serial(catchUpNow),
    async start() {
      if (!following) {
        following = true;
        store.notifications.on('appended', onAppended);
      }
      await serial(catchUpNow);
    },
    async stop() {
      following = false;
      store.notifications.off('appended', onAppended);
      await chain;
    },
    rebuild: () =>
      serial(async () => {
        await table.clear();
        return catchUpNow();
      }),
  };
}

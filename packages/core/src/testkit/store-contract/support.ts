import { expect } from 'vitest';
import { v7 } from 'uuid';
import { ConcurrencyError, MotcuaError } from '../../errors';
import type { EventStore, NewEvent } from '../../store/types';

/**
 * What the contract's factory returns for each test: a fresh, empty store.
 *
 * @example
 * ```ts
 * const fixture: StoreFixture = { store: new InMemoryEventStore() };
 * ```
 */
export interface StoreFixture {
  /** A new, empty store. The suite closes it (and any reopened store) itself. */
  store: EventStore;
  /** Clean up what the factory created (temp files, schemas). Called after the store is closed. */
  teardown?: () => Promise<void>;
  /** Open the same underlying storage again (called after the current store was closed); enables the durability tests. */
  reopen?: () => Promise<EventStore>;
}

/**
 * Build a valid {@link NewEvent} for tests: uuid v7 event id, schema version 1,
 * a fixed business time in Asia/Ho_Chi_Minh and the current recording time.
 *
 * @example
 * ```ts
 * await store.append('dossier-1', [makeTestEvent('DossierReceived', { code: 'H21.65-220914-0011' })]);
 * ```
 */
export function makeTestEvent<Type extends string, Data = Record<string, unknown>>(type: Type, data?: Data, metadata: Partial<NewEvent['metadata']> = {}): NewEvent<Type, Data> {
  return {
    type,
    data: (data ?? {}) as Data,
    metadata: {
      eventId: v7(),
      schemaVersion: 1,
      occurredAt: '2024-10-27T08:30:00+07:00',
      recordedAt: new Date().toISOString(),
      ...metadata,
    },
  };
}

/**
 * What each part of the contract suite sees: the current test's store (a
 * fresh one per test, replaced by {@link ContractContext.reopen}) and fixture.
 */
export interface ContractContext {
  readonly store: EventStore;
  readonly fixture: StoreFixture;
  /** Close the current store and open the same storage again; false when the adapter has no `reopen`. */
  reopen(): Promise<boolean>;
}

/**
 * `headPosition()` promises the read horizon, not the last commit: once an
 * acknowledged position is readable, a store with no other writer reports it.
 */
export async function readableHead(store: EventStore, position: number): Promise<number> {
  await store.waitUntilReadable(position, { timeoutMs: 30_000 });
  return store.headPosition();
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export async function expectCode(promise: Promise<unknown>, code: string): Promise<MotcuaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} error`).toBeInstanceOf(MotcuaError);
  expect((error as MotcuaError).code).toBe(code);
  return error as MotcuaError;
}

export async function expectConflict(promise: Promise<unknown>): Promise<ConcurrencyError> {
  const error = await expectCode(promise, 'CONCURRENCY_CONFLICT');
  expect(error).toBeInstanceOf(ConcurrencyError);
  return error as ConcurrencyError;
}

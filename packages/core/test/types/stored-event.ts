/**
 * Type-level tests of the store port (checked by `tsc --noEmit`; tsconfig.json
 * includes packages/*\/test). Stored events are history: every part of them,
 * arrays included, is read-only in the types, as it is frozen at run time
 * (issue #11 item 3). Each `@ts-expect-error` line must fail to compile.
 */
import type { StoredEvent } from '@motcua/core';

type Leg = { agency: string; due?: { date: string } };
declare const started: StoredEvent<'InterAgencyStarted', { legs: Leg[] }>;

export function mutations(): void {
  // @ts-expect-error stored data is read-only
  started.data.legs[0]!.agency = 'SXD';
  // @ts-expect-error a stored array is a read-only array: no push
  started.data.legs.push({ agency: 'SXD' });
  // @ts-expect-error nor index assignment
  started.data.legs[0] = { agency: 'SXD' };
  // @ts-expect-error nested objects too
  started.data.legs[0]!.due!.date = '2024-10-29';
  // @ts-expect-error metadata as well
  started.metadata.occurredAt = '2024-10-29T08:00:00.000+07:00';
  // reading is fine
  const agencies: readonly string[] = started.data.legs.map((leg) => leg.agency);
  void agencies;
}

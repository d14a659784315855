/**
 * Type-level tests of event definitions, checked by `npx tsc -p tsconfig.json
 * --noEmit` (tsconfig.json includes packages/*\/test). Each `@ts-expect-error`
 * marks a mistake that must not compile: if it ever compiles, the directive
 * itself becomes an error. Nothing here runs.
 */
import { z } from 'zod';
import { defineEvent, unknownEventType, type DossierEventType, type EvolveTarget } from '@motcua/core';

const schema = z.object({ amountVnd: z.number().int().min(0) });
const label = { vi: 'Nộp phí', en: 'Fee paid' };

// A complete definition compiles.
export const complete = defineEvent({ schema, writes: ['fees.paid'], evolve: (d, data, at) => void d.fees.paid.push({ at, amountVnd: data.amountVnd, method: 'counter' }), label });

// Writing a container the definition does not declare in `writes`.
export const undeclaredWrite = defineEvent({
  schema,
  writes: [],
  // @ts-expect-error d.fees.paid is read-only without 'fees.paid' in writes
  evolve: (d, data, at) => void d.fees.paid.push({ at, amountVnd: data.amountVnd, method: 'counter' }),
  label,
});

// Declaring one part does not open another.
export const wrongPart = defineEvent({
  schema,
  writes: ['fees.requested'],
  // @ts-expect-error 'fees.requested' does not make fees.paid writable
  evolve: (d, data, at) => void d.fees.paid.push({ at, amountVnd: data.amountVnd, method: 'counter' }),
  label,
});

// Writing inside an element of a list declared for appending only.
export const appendOnly = defineEvent({
  schema: z.object({}),
  writes: ['petitions'],
  evolve: (d, _data, at) => {
    // @ts-expect-error 'petitions' appends; writing an element needs 'petitions.each'
    d.petitions[0]!.answeredAt = at;
  },
  label,
});

// A part that does not exist.
// @ts-expect-error 'fees' is not a part (parts are listed in dossier/thaw.ts PARTS)
export const unknownPart = defineEvent({ schema, writes: ['fees'], evolve: () => {}, label });

// The fields the fold owns.
export const foldOwned = defineEvent({
  schema,
  writes: [],
  evolve: (d) => {
    // @ts-expect-error the machine state is the fold's, not an event's
    d.state = 'closed';
  },
  label,
});

// A definition without a label, without evolve, without writes, without a schema.
// @ts-expect-error label is missing
export const noLabel = defineEvent({ schema, writes: [], evolve: () => {} });
// @ts-expect-error evolve is missing
export const noEvolve = defineEvent({ schema, writes: [], label });
// @ts-expect-error writes is missing
export const noWrites = defineEvent({ schema, evolve: () => {}, label });
// @ts-expect-error schema is missing
export const noSchema = defineEvent({ writes: [], evolve: () => {}, label });

// `evolve` sees the event's data as its schema says.
export const wrongData = defineEvent({
  schema,
  writes: [],
  // @ts-expect-error the schema has no `reason`
  evolve: (d, data, at) => void (d.closed = { at, reason: data.reason }),
  label,
});

// A switch on event types that forgets one does not compile.
export function forgetsOne(type: DossierEventType): number {
  switch (type) {
    case 'DossierClosed':
      return 1;
    default:
      // @ts-expect-error every other event type still reaches `default`
      return unknownEventType(type, 0);
  }
}

// An evolve target with no parts: top-level fields assignable, containers not.
export function topLevelOnly(d: EvolveTarget): void {
  d.officer = { id: 'cv-1' };
  // @ts-expect-error containers are read-only without a declared part
  d.ratings.push({ at: '', channel: 'kiosk', ratings: [] });
}

/**
 * Type-level tests of versioned event definitions (docs/events.md), checked
 * by `npx tsc -p tsconfig.json --noEmit`. Each `@ts-expect-error` marks a
 * mistake that must not compile. Nothing here runs.
 */
import { z } from 'zod';
import { defineEvent } from '@motcua/core';

const label = { vi: 'Nộp phí', en: 'Fee paid' };
const v3 = z.object({ amount: z.object({ vnd: z.number().int() }) });
type V1 = { amountVnd: number };
type V2 = { amount: number };

// Version 1 needs no upcaster.
export const plain = defineEvent({ schema: v3, writes: [], evolve: () => undefined, label });

// Version 3 with both upcasters, the last one returning the current shape, compiles.
export const complete = defineEvent({
  version: 3,
  schema: v3,
  upcast: { 1: (old: V1): V2 => ({ amount: old.amountVnd }), 2: (old: V2) => ({ amount: { vnd: old.amount } }) },
  writes: [],
  evolve: () => undefined,
  label,
});

export const missingStep = defineEvent({
  version: 3,
  schema: v3,
  // @ts-expect-error the upcaster of version 2 is missing
  upcast: { 1: (old: V1): V2 => ({ amount: old.amountVnd }) },
  writes: [],
  evolve: () => undefined,
  label,
});

export const lastStepWrongShape = defineEvent({
  version: 2,
  schema: v3,
  // @ts-expect-error the last upcaster must return the current schema's shape
  upcast: { 1: (old: V1) => ({ amount: old.amountVnd }) },
  writes: [],
  evolve: () => undefined,
  label,
});

// @ts-expect-error a version above 1 without upcasters
export const noUpcasters = defineEvent({ version: 2, schema: v3, writes: [], evolve: () => undefined, label });

// @ts-expect-error upcasters on a version-1 event
export const upcastOnV1 = defineEvent({ schema: v3, upcast: { 1: (old: V1) => old }, writes: [], evolve: () => undefined, label });

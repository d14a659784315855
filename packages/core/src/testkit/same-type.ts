/**
 * `true` when A and B are assignable to each other and have the same keys at
 * every depth (an optional field one side lacks is caught too): the check
 * that keeps a zod schema written for export (JSON Schema, OpenAPI) in step
 * with the TypeScript type it describes.
 *
 * @example
 * ```ts
 * import type { Same } from '@motcua/core/testkit';
 * const inStep: Same<{ a?: string }, { a?: string }> = true;
 * // const drifted: Same<{ a?: string }, { a?: string; b?: number }> = true; // type error: false
 * ```
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;

type SameKeys<A, B> = A extends readonly unknown[]
  ? true
  : A extends object
    ? B extends object
      ? [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
        ? { [K in keyof A & keyof B]-?: SameKeys<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B] extends true
          ? true
          : false
        : false
      : false
    : true;

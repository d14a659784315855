/**
 * The form an event was written in, for events a store hands out upcast
 * (read as a newer schema version, `events/upcast.ts`): the hash covers what
 * was written, so `verifyHistory` checks that, not the upcast shape.
 */
interface Written {
  readonly data: unknown;
  readonly metadata: object;
}

const forms = new WeakMap<object, Written>();

/**
 * Record what an upcast event looked like when written (called by `storedEvent`).
 *
 * @example
 * ```ts
 * declare const upcast: object, original: { data: unknown; metadata: object };
 * rememberWritten(upcast, original);
 * ```
 */
export function rememberWritten(event: object, written: Written): void {
  forms.set(event, written);
}

/**
 * The data and metadata as written: the upcast event's original, or the event itself.
 *
 * @example
 * ```ts
 * declare const e: { data: unknown; metadata: object };
 * const { data, metadata } = writtenForm(e);
 * ```
 */
export function writtenForm(event: { readonly data: unknown; readonly metadata: object }): Written {
  return forms.get(event) ?? event;
}

import type { AppendContext } from './append';
import { quoteSchema } from './schema';
import type { Statements } from './sql';

/** Cheap 32-bit FNV-1a hash for advisory-lock class ids (stable across processes). */
function lockClass(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * What a store's appends need (`append.ts`): its statements, quoted schema,
 * prepared-statement prefix, the advisory-lock classes of its streams and of
 * its append critical section, and where NOTIFY goes.
 *
 * @example
 * ```ts
 * import { statements } from './sql';
 * const ctx = appendContextFor('motcua', statements('"motcua"'), { channel: 'motcua_motcua', mode: 'auto', instance: 'a1' });
 * ```
 */
export function appendContextFor(schema: string, sql: Statements, notify: { channel: string; mode: AppendContext['notify']; instance: string }): AppendContext {
  return {
    sql,
    schema: quoteSchema(schema),
    prefix: `motcua_${schema}`,
    streamLockClass: lockClass(`motcua-stream:${schema}`),
    appendLockClass: lockClass(`motcua-append:${schema}`),
    channel: notify.channel,
    notify: notify.mode,
    inFlight: 0,
    instance: notify.instance,
  };
}

/**
 * The fingerprint of a validated command, stored on its events
 * (`metadata.commandHash`): the same command id coming back with another
 * type or payload is an `IDEMPOTENCY_CONFLICT`, not a silent duplicate.
 *
 * A validated command is built by the parser in schema order (zod and the
 * fast parser alike), so walking it in key order is canonical: the same
 * command gives the same fingerprint whatever the key order of the input,
 * the letter case of its ids (lower-cased by the engine) or the notation of
 * its `at` (made canonical), and with defaults filled in. What counts: the
 * type and every field as JSON would hold it (a key set to `undefined` is
 * absent), except `commandId` and `dossierId` (equal by construction where
 * fingerprints are compared) and `expectedVersion` (a retry may carry a newer
 * one).
 *
 * The walk hashes values directly (no JSON text is built): it runs on every
 * command, so it must be cheap (about half a microsecond per command here,
 * against two for a hash of its JSON text). The result is a safe integer: 32
 * bits of a murmur3-style hash, and the number of code units hashed (mod
 * 2^21) above them. It guards against mistakes (a reused id with another
 * payload slips through about once in 4 billion), not against a forged
 * collision. A different algorithm must be stored under another metadata key.
 */
export function commandFingerprint(command: object): number {
  acc = 0x9747b28c;
  units = 0;
  const c = command as Record<string, unknown>;
  for (const k in c) {
    const v = c[k];
    if (v === undefined || k === 'commandId' || k === 'dossierId' || k === 'expectedVersion') continue;
    key(k);
    value(v);
  }
  let h = acc ^ units;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (units % 0x200000) * 0x100000000 + (h >>> 0);
}

// The running state of one walk (the walk is synchronous: no re-entrance).
let acc = 0;
let units = 0;

function mix(k: number): void {
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const h = acc ^ k;
  acc = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/**
 * A key, cheaply: its length and three of its characters. Keys come in schema
 * order, so this only has to tell apart which of a schema's keys are present;
 * the values that follow carry the payload.
 */
function key(k: string): void {
  const n = k.length;
  mix((n << 24) ^ (k.charCodeAt(0) << 16) ^ (k.charCodeAt(n > 1 ? 1 : 0) << 8) ^ k.charCodeAt(n - 1));
}

function str(s: string): void {
  const n = s.length;
  mix(0x40000000 | n);
  units += n;
  let i = 0;
  for (; i + 1 < n; i += 2) mix((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1));
  if (i < n) mix(s.charCodeAt(i));
}

function value(v: unknown): void {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      if ((v | 0) === v) {
        mix(1);
        mix(v);
      } else {
        mix(2);
        str(String(v));
      }
      return;
    case 'boolean':
      return mix(v ? 3 : 4);
    case 'object': {
      if (v === null) return mix(5);
      if (Array.isArray(v)) {
        mix(6);
        mix(v.length);
        for (let i = 0; i < v.length; i++) v[i] === undefined ? mix(5) : value(v[i]); // JSON writes undefined in an array as null
        return;
      }
      mix(7);
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (x === undefined) continue;
        key(k);
        value(x);
      }
      return mix(8);
    }
    default:
      return; // functions, symbols: JSON leaves them out (a validated command has none)
  }
}

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
  const fields = command as Record<string, unknown>;
  for (const name in fields) {
    const field = fields[name];
    if (field === undefined || name === 'commandId' || name === 'dossierId' || name === 'expectedVersion') continue;
    key(name);
    value(field);
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
function key(name: string): void {
  const length = name.length;
  mix((length << 24) ^ (name.charCodeAt(0) << 16) ^ (name.charCodeAt(length > 1 ? 1 : 0) << 8) ^ name.charCodeAt(length - 1));
}

function str(text: string): void {
  const length = text.length;
  mix(0x40000000 | length);
  units += length;
  let i = 0;
  for (; i + 1 < length; i += 2) mix((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1));
  if (i < length) mix(text.charCodeAt(i));
}

function value(input: unknown): void {
  switch (typeof input) {
    case 'string':
      return str(input);
    case 'number':
      if ((input | 0) === input) {
        mix(1);
        mix(input);
      } else {
        mix(2);
        str(String(input));
      }
      return;
    case 'boolean':
      return mix(input ? 3 : 4);
    case 'object': {
      if (input === null) return mix(5);
      if (Array.isArray(input)) {
        mix(6);
        mix(input.length);
        for (let i = 0; i < input.length; i++) input[i] === undefined ? mix(5) : value(input[i]); // JSON writes undefined in an array as null
        return;
      }
      mix(7);
      const fields = input as Record<string, unknown>;
      for (const name in fields) {
        const field = fields[name];
        if (field === undefined) continue;
        key(name);
        value(field);
      }
      return mix(8);
    }
    default:
      return; // functions, symbols: JSON leaves them out (a validated command has none)
  }
}

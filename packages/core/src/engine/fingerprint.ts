/**
 * The fingerprint of a validated command, stored on its events
 * (`metadata.commandHash`): the same command id coming back with another
 * type or payload is an `IDEMPOTENCY_CONFLICT`, not a silent duplicate.
 *
 * A validated command is built by the parser in schema order (zod and the
 * fast parser alike), so its JSON text is canonical: the same command gives
 * the same text whatever the key order or letter case of the ids it came
 * with, and defaults are filled in. `expectedVersion` is left out (a retry
 * may carry a newer one); everything else (type, payload, `at`, actor,
 * correlation) counts. 64 bits of a non-cryptographic hash: this guards
 * against mistakes, not against someone forging a collision.
 */
export const FINGERPRINT_VERSION = '1';

export function commandFingerprint(command: { expectedVersion?: number }): string {
  let json: string;
  if (command.expectedVersion === undefined) json = JSON.stringify(command);
  else {
    const { expectedVersion: _ignored, ...rest } = command;
    json = JSON.stringify(rest);
  }
  let h1 = 0xdeadbeef ^ json.length;
  let h2 = 0x41c6ce57 ^ json.length;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${FINGERPRINT_VERSION}:${(h2 >>> 0).toString(16).padStart(8, '0')}${(h1 >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * The citizen's look-up by dossier code (tra cứu hồ sơ): dossier codes are
 * sequential and printed, so a code alone must not open a dossier. The
 * applicant proves he holds it with a second factor — the ID number given at
 * intake, or the look-up token printed on the receipt (Form 01) — and gets
 * only what he needs: status, due date, whether the result is ready. No
 * name, ID number, phone or address (personal data, NĐ 13/2023).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NATIONAL_STATUS_LABELS, type Catalog, type DossierState, type NationalStatus } from '@motcua/core';
import { effectiveDue } from './dossier-view';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base 32: no I, L, O, U

/**
 * The look-up token of a dossier: 10 characters of HMAC-SHA256(secret,
 * dossier id) in Crockford base 32, shown as `XXXXX-XXXXX`. Derived, so
 * nothing is stored; a new secret changes every token.
 *
 * @example
 * ```ts
 * lookupToken('a secret of 32 bytes or more ……', '0193…'); // 'K3F9Q-7ZC2M'
 * ```
 */
export function lookupToken(secret: string, dossierId: string): string {
  const mac = createHmac('sha256', secret).update(`lookup:${dossierId}`).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[mac[i]! % 32];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Equal without leaking where they differ (both sides hashed to the same length first). */
function same(a: string, b: string): boolean {
  const h = (s: string) => createHmac('sha256', 'compare').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** Normalise what a citizen types: upper case, no spaces or dashes. */
const normal = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();

/**
 * Whether the second factor matches the dossier: its applicant's ID number,
 * or its look-up token.
 *
 * @example
 * ```ts
 * declare const s: DossierState;
 * holdsDossier(s, 'secret', { idNumber: '001085000111' });
 * ```
 */
export function holdsDossier(s: DossierState, secret: string, proof: { idNumber?: string | undefined; token?: string | undefined }): boolean {
  const id = s.applicant?.idNumber;
  const byId = proof.idNumber !== undefined && id !== undefined && id !== '' && same(normal(proof.idNumber), normal(id));
  const byToken = proof.token !== undefined && same(normal(proof.token), normal(lookupToken(secret, s.id)));
  return byId || byToken;
}

/**
 * What the citizen sees: no personal data.
 *
 * @example
 * ```ts
 * declare const s: DossierState, catalog: Catalog;
 * const view = publicView(s, catalog); // { dossierCode, procedure, status, receivedAt, due, resultReady, returned }
 * ```
 */
export function publicView(s: DossierState, catalog: Catalog) {
  let procedure: string | null = null;
  if (s.procedure) {
    try {
      procedure = catalog.get(s.procedure.code, s.procedure.version).name.vi;
    } catch {
      procedure = s.procedure.code;
    }
  }
  const due = effectiveDue(s);
  return {
    dossierCode: s.dossierCode ?? null,
    procedure,
    status: s.nationalStatus === null ? null : { code: s.nationalStatus, ...NATIONAL_STATUS_LABELS[s.nationalStatus as NationalStatus] },
    receivedAt: s.acceptedAt ?? null,
    due: due ? { date: due.date } : null,
    resultReady: s.resolution !== undefined && s.resolution !== null && !s.returned,
    returned: Boolean(s.returned),
  };
}

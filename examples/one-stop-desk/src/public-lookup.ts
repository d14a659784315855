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
function same(left: string, right: string): boolean {
  const digest = (s: string) => createHmac('sha256', 'compare').update(s).digest();
  return timingSafeEqual(digest(left), digest(right));
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
export function holdsDossier(state: DossierState, secret: string, proof: { idNumber?: string | undefined; token?: string | undefined }): boolean {
  const id = state.applicant?.idNumber;
  const byId = proof.idNumber !== undefined && id !== undefined && id !== '' && same(normal(proof.idNumber), normal(id));
  const byToken = proof.token !== undefined && same(normal(proof.token), normal(lookupToken(secret, state.id)));
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
export function publicView(state: DossierState, catalog: Catalog) {
  let procedure: string | null = null;
  if (state.procedure) {
    try {
      procedure = catalog.get(state.procedure.code, state.procedure.version).name.vi;
    } catch {
      procedure = state.procedure.code;
    }
  }
  const due = effectiveDue(state);
  return {
    dossierCode: state.dossierCode ?? null,
    procedure,
    status: state.nationalStatus === null ? null : { code: state.nationalStatus, ...NATIONAL_STATUS_LABELS[state.nationalStatus as NationalStatus] },
    receivedAt: state.acceptedAt ?? null,
    due: due ? { date: due.date } : null,
    resultReady: state.resolution !== undefined && state.resolution !== null && !state.returned,
    returned: Boolean(state.returned),
  };
}

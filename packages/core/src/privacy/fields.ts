import type { DossierEventType } from '../events/schemas';

/**
 * The personal data (dữ liệu cá nhân, NĐ 13/2023/NĐ-CP Đ2) each event type
 * carries in its `data`, as paths: `a.b` a nested field, `a.*` every element
 * of a list. A `Record` over every event type, so a new event type does not
 * compile until someone decides what in it is personal (docs/security.md,
 * "Personal data in each event"). A field the engine builds from personal
 * data is personal too (`DossierResolved.resultDocumentCode` embeds the
 * applicant's ID number). Officers' names and ids are not listed: they are
 * the office's record of who acted, not the applicant's data. A field added
 * here is protected in the events written from then on; those written
 * before keep it in clear.
 */
export const PERSONAL_FIELDS: Readonly<Record<DossierEventType, readonly string[]>> = deepFreeze({
  DossierSubmitted: applicant('applicant'),
  IntakeSupplementRequested: applicant('intake.applicant'),
  IntakeSupplementProvided: [],
  ReceptionRefused: applicant('intake.applicant'),
  DossierAccepted: applicant('applicant'),
  DossierTransferred: [],
  OfficerAssigned: [],
  StepAssigned: [],
  StepForwarded: [],
  ReturnedForRework: [],
  VerificationRecorded: ['place', 'participants.*', 'content'],
  ConsultationRequested: [],
  ConsultationAnswered: [],
  SupplementRequested: [],
  SupplementProvided: [],
  FeeRequested: [],
  FeePaid: [],
  InterAgencyStarted: [],
  LegCompleted: [],
  ApologyIssued: [],
  // The description of the change is the applicant's free text (it may name people, addresses).
  DossierAmended: ['description'],
  WithdrawalRequested: ['reason'],
  ProcessingStopped: [],
  DossierClosed: [],
  // The electronic result's document code is the applicant's ID number + the result type (NĐ 118/2025 Đ22.4).
  DossierResolved: ['resultDocumentCode'],
  ResolutionRefused: [],
  EarlyReturnNotified: [],
  ResultReturned: ['receiver'],
  ResultErrorReported: ['description'],
  ResultCorrected: [],
  DossierRated: [],
  PetitionFiled: ['content'],
  PetitionAnswered: [],
  PortalSynced: [],
  EventCorrected: [],
});

/** The applicant's personal fields under `at` (name, ID number, phone, e-mail, address; `kind` is not personal). */
function applicant(at: string): string[] {
  return ['name', 'idNumber', 'phone', 'email', 'address'].map((f) => `${at}.${f}`);
}

function deepFreeze<T extends object>(object: T): T {
  for (const child of Object.values(object)) Object.freeze(child);
  return Object.freeze(object);
}

/**
 * Fields that read as absent, not as the redaction mark, once erased: the
 * applicant's ID number is what the access policy compares an applicant's
 * sign-in with, so an erased one must match nobody.
 */
export const DROPPED_WHEN_ERASED: ReadonlySet<string> = new Set(['idNumber']);

/** The role whose `metadata.actor` (`id` = ID number, `name`) is the applicant's personal data. */
export const APPLICANT_ROLE = 'applicant';

/**
 * The concrete paths (`applicant.name`, `participants.0`) of `data` that hold
 * a string at one of `patterns`, in pattern order.
 *
 * @example
 * ```ts
 * personalPaths({ participants: ['An', 'Bình'], place: 'Thôn 3' }, ['place', 'participants.*']); // ['place', 'participants.0', 'participants.1']
 * ```
 */
export function personalPaths(data: unknown, patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const pattern of patterns) walk(data, pattern.split('.'), 0, '', out);
  return out;
}

function walk(node: unknown, parts: readonly string[], depth: number, prefix: string, out: string[]): void {
  if (depth === parts.length) {
    if (typeof node === 'string') out.push(prefix);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const part = parts[depth]!;
  const join = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
  if (part === '*') {
    if (Array.isArray(node)) for (let k = 0; k < node.length; k++) walk(node[k], parts, depth + 1, join(String(k)), out);
    return;
  }
  if (Object.hasOwn(node, part)) walk((node as Record<string, unknown>)[part], parts, depth + 1, join(part), out);
}

/**
 * A copy of `data` (plain JSON) with the string at each of `paths` replaced
 * by `replace(path, value)`, called in `paths` order; `undefined` removes the
 * field (from an object). Only the objects and arrays on the paths are
 * copied: everything else is shared with the input, which is not modified.
 *
 * @example
 * ```ts
 * mapPaths({ applicant: { name: 'An' } }, ['applicant.name'], () => 'x'); // { applicant: { name: 'x' } }
 * ```
 */
export function mapPaths(data: unknown, paths: readonly string[], replace: (path: string, value: string) => string | undefined): unknown {
  if (paths.length === 0 || typeof data !== 'object' || data === null) return data;
  const made = new Set<object>();
  const copy = (source: object): Record<string, unknown> => {
    if (made.has(source)) return source as Record<string, unknown>;
    const copied = (Array.isArray(source) ? [...source] : { ...source }) as Record<string, unknown>;
    made.add(copied);
    return copied;
  };
  const root = copy(data);
  for (const path of paths) {
    const parts = path.split('.');
    let node: Record<string, unknown> = root;
    let ok = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const child = node[parts[i]!];
      if (typeof child !== 'object' || child === null) {
        ok = false;
        break;
      }
      node = node[parts[i]!] = copy(child);
    }
    const last = parts[parts.length - 1]!;
    if (!ok || typeof node[last] !== 'string') continue;
    const next = replace(path, node[last] as string);
    if (next === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = next ?? '';
  }
  return root;
}

/**
 * Freeze `value` and what it holds, stopping at what is frozen already (the
 * parts {@link mapPaths} shared with a stored, frozen event).
 *
 * @example
 * ```ts
 * const e = freezeFresh({ a: { b: 1 } }); // Object.isFrozen(e.a) === true
 * ```
 */
export function freezeFresh<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freezeFresh(child);
  }
  return value;
}

// The citizen-notification route: which events tell the applicant something, as payloads without personal data (pure).
import type { OutboxRoute } from '../outbox/types';
import type { StoredEvent } from '../store/types';

/** The destination name of citizen notifications. */
export const CITIZEN_DESTINATION = 'citizen';

/** A missing item as the applicant reads it (tên giấy tờ, ghi chú). */
export interface MissingItem {
  name: string;
  note?: string;
}

/**
 * What a citizen notification says, by kind. No personal data: the name and
 * the address (phone, e-mail) are read through the privacy layer when the
 * message is sent, so the outbox table never holds them and an erased
 * applicant gets nothing.
 */
export type CitizenNotice =
  /** Receipt (Form 01): dossier code, day received, appointment day (local dates `yyyy-mm-dd`). */
  | { kind: 'receipt'; dossierCode: string; receivedDate: string; appointmentDate: string; unitName: string }
  /** Supplement needed (Form 02): at intake (no code yet) or after appraisal (the time limit restarts). */
  | { kind: 'supplement'; stage: 'intake' | 'appraisal'; items: MissingItem[]; reason: string }
  /** Apology and new date (Form 04) or, under NĐ 118/2025, an extension request. */
  | { kind: 'apology'; form: 'apology' | 'extension'; originalDate: string; newDate: string; reason: string; lateUnit: string }
  /** The result is ready (status 9, granted). */
  | { kind: 'result-ready'; electronicResult: boolean; readyDate: string }
  /** Refused after appraisal, with the written reason. */
  | { kind: 'refused'; reason: string; date: string };

/** The local day (Asia/Ho_Chi_Minh, UTC+7, no daylight saving) of an instant, `yyyy-mm-dd`. */
export function vietnamDate(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
}

const items = (list: readonly { name: string; note?: string | undefined }[]): MissingItem[] =>
  list.map((item) => (item.note === undefined ? { name: item.name } : { name: item.name, note: item.note }));

/**
 * The notice an event gives the applicant, if any (pure).
 *
 * @example
 * ```ts
 * const notice = citizenNoticeOf(event); // e.g. { kind: 'receipt', dossierCode: 'H21.65-241027-0001', … } for a DossierAccepted
 * ```
 */
export function citizenNoticeOf(event: StoredEvent): CitizenNotice | undefined {
  const data = event.data as Record<string, unknown>;
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'DossierAccepted': {
      const accepted = data as { dossierCode: string; due: { date: string }; unit: { name: string } };
      return { kind: 'receipt', dossierCode: accepted.dossierCode, receivedDate: vietnamDate(at), appointmentDate: accepted.due.date, unitName: accepted.unit.name };
    }
    case 'IntakeSupplementRequested':
    case 'SupplementRequested': {
      const request = data as { items: { name: string; note?: string }[]; reason: string };
      return { kind: 'supplement', stage: event.type === 'SupplementRequested' ? 'appraisal' : 'intake', items: items(request.items), reason: request.reason };
    }
    case 'ApologyIssued': {
      const apology = data as { reason: string; lateUnit: string; originalDue: { date: string }; newDue: { date: string }; form?: 'apology' | 'extension' };
      return {
        kind: 'apology',
        form: apology.form ?? 'apology',
        originalDate: apology.originalDue.date,
        newDate: apology.newDue.date,
        reason: apology.reason,
        lateUnit: apology.lateUnit,
      };
    }
    case 'DossierResolved':
      return { kind: 'result-ready', electronicResult: (data as { electronicResult: boolean }).electronicResult === true, readyDate: vietnamDate(at) };
    case 'ResolutionRefused':
      return { kind: 'refused', reason: (data as { reason: string }).reason, date: vietnamDate(at) };
    default:
      return undefined;
  }
}

/**
 * The outbox route of citizen notifications (thông báo cho công dân),
 * destination `'citizen'`: receipt with dossier code and appointment date,
 * supplement needed (what is missing), apology and new date, result ready,
 * refusal. Deliver with {@link createCitizenTransport}.
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({
 *   log: store,
 *   outbox: new InMemoryOutboxStore(),
 *   routes: [citizenRoute()],
 *   transports: { citizen: createCitizenTransport({ log: store, channels: [consoleChannel()] }) },
 * });
 * ```
 */
export function citizenRoute(): OutboxRoute {
  return {
    destination: CITIZEN_DESTINATION,
    messagesFor(event) {
      const notice = citizenNoticeOf(event);
      return notice ? [{ kind: notice.kind, payload: notice }] : [];
    },
  };
}

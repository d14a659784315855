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
  | { kind: 'refused'; reason: string; date: string }
  /** Refused at reception (Form 03), with the reason: never accepted, so no dossier code. */
  | { kind: 'reception-refused'; reason: string; date: string }
  /** Processing stopped (status 8; TT 03/2025 Form 05, "Thông báo dừng giải quyết hồ sơ"), with the reason. */
  | { kind: 'stopped'; reason: string; date: string }
  /** Closed: the supplement was not completed in time (NĐ 118/2025 Đ19.5); `periodEnded` the last day the applicant had (absent in older logs). */
  | { kind: 'closed'; reason: string; date: string; periodEnded?: string };

/** The local day (Asia/Ho_Chi_Minh, UTC+7, no daylight saving) of an instant, `yyyy-mm-dd`. */
export function vietnamDate(instant: string): string {
  return new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);
}

const items = (list: readonly { name: string; note?: string | undefined }[]): MissingItem[] =>
  list.map((item) => (item.note === undefined ? { name: item.name } : { name: item.name, note: item.note }));

/**
 * The notice an event gives the applicant, if any (pure). One event at a
 * time: the `receipt` and `result-ready` of a dossier handled at once
 * (`HandleInstantly`, NĐ 61/2018 Đ17.4) are made here too, and dropped when
 * sent ({@link createCitizenTransport}), which sees the whole command.
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
    // Form 03 (NĐ 61/2018 Đ17; NĐ 118/2025 Đ17): an online dossier gets its one notice of the reception check (domain §3.1.2).
    case 'ReceptionRefused':
      return { kind: 'reception-refused', reason: (data as { reason: string }).reason, date: vietnamDate(at) };
    // Status 8; TT 03/2025/TT-VPCP Form 05 "Thông báo dừng giải quyết hồ sơ" (domain §3.4), e.g. at the applicant's request (NĐ 118/2025 Đ21).
    case 'ProcessingStopped':
      return { kind: 'stopped', reason: (data as { reason: string }).reason, date: vietnamDate(at) };
    // NĐ 118/2025 Đ19.5: the supplement was not completed within 15 days (or the sector's period) of the notice.
    case 'DossierClosed': {
      const closed = data as { reason: string; periodEnded?: string };
      return { kind: 'closed', reason: closed.reason, date: vietnamDate(at), ...(closed.periodEnded ? { periodEnded: closed.periodEnded } : {}) };
    }
    // NĐ 118/2025 Đ21: the applicant amends the online dossier through the portal, which acknowledges it there; the
    // status and the due date do not change, so there is nothing new to tell.
    case 'DossierAmended':
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The outbox route of citizen notifications (thông báo cho công dân),
 * destination `'citizen'`: receipt with dossier code and appointment date,
 * supplement needed (what is missing), apology and new date, result ready,
 * refusal (after appraisal or at reception), processing stopped, dossier
 * closed. Deliver with {@link createCitizenTransport}: a route sees one event
 * at a time, so the transport is what leaves out the receipt and the "result
 * ready" of a dossier handled at once (NĐ 61/2018 Đ17.4).
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

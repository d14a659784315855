// The citizen transport: reads the applicant's contact through the privacy layer at send time, renders the text, sends on one channel.
import { supplementPeriodDays } from '../dossier/law-rules';
import type { OutboxMessage, OutboxTransport } from '../outbox/types';
import { ENCRYPTED_MARK, REDACTED } from '../privacy/protect';
import type { Catalog } from '../procedure/catalog';
import type { Procedure } from '../procedure/procedure';
import { packLookup } from '../procedure/rule-pack';
import type { EventLog, StoredEvent } from '../store/types';
import { type Contact, consoleChannel, type NotificationChannel } from './channels';
import { type CitizenNotice, vietnamDate } from './route';
import { renderNotice } from './templates';

/** A dossier's applicant contact and code as the log reads now. */
export interface DossierContact {
  contact: Contact;
  dossierCode?: string;
  /** The applicant's personal data is erased (crypto-shredded): nothing may be sent. */
  erased: boolean;
}

/**
 * Why a notification was not sent: the applicant is `erased`; has `no-address`
 * on any channel; or it is the receipt or "result ready" of a dossier
 * handled at once (`instant`: the same command returned the result, NĐ 61/2018
 * Đ17.4 "no receipt unless asked").
 */
export type SuppressedReason = 'erased' | 'no-address' | 'instant';

/** Options of {@link createCitizenTransport}. */
export interface CitizenTransportOptions {
  /** The log to read contacts from: the `protectPersonalData` store, so personal data reads decrypted, or redacted once erased. */
  log: Pick<EventLog, 'readStream'>;
  /** In order of preference: a message goes out on the first channel the applicant has an address for (default: the console). */
  channels?: readonly NotificationChannel[];
  /** A notification was not sent (erased applicant, no address on any channel, or a dossier handled at once); the message counts as delivered. */
  onSuppressed?: (message: OutboxMessage, reason: SuppressedReason) => void;
  /**
   * The engine's catalog: with it a supplement notice under a rule pack that
   * closes uncompleted dossiers (NĐ 118/2025 Đ19.5) gives the last day to
   * complete the dossier, from the pack and the procedure's own period.
   * Without it (or when the dossier's pack or procedure is not in it) the
   * notice gives no day rather than a possibly wrong one.
   */
  catalog?: Pick<Catalog, 'get' | 'rulePacks'>;
}

const usable = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value !== REDACTED && value !== ENCRYPTED_MARK ? value : undefined);

/**
 * The applicant's contact (name, phone, e-mail) and the dossier code, from
 * the dossier's events as `log` reads them. With the privacy layer an erased
 * applicant reads `[đã xoá]`: `erased` is then true and `contact` empty.
 *
 * @example
 * ```ts
 * const { contact, dossierCode, erased } = await dossierContact(store, 'dossier-0190f2a0-0000-7000-8000-000000000001');
 * ```
 */
export async function dossierContact(log: Pick<EventLog, 'readStream'>, streamId: string): Promise<DossierContact> {
  const { events } = await log.readStream(streamId);
  return contactOf(events);
}

function contactOf(events: readonly StoredEvent[]): DossierContact {
  let applicant: Record<string, unknown> | undefined;
  let dossierCode: string | undefined;
  for (const event of events) {
    const data = event.data as Record<string, unknown> & { intake?: { applicant?: Record<string, unknown> } };
    if (event.type === 'DossierAccepted' && typeof data.dossierCode === 'string') dossierCode = data.dossierCode;
    const found = (data.applicant as Record<string, unknown> | undefined) ?? data.intake?.applicant;
    if (found && typeof found === 'object') applicant = found;
  }
  if (!applicant) return { contact: {}, ...(dossierCode ? { dossierCode } : {}), erased: false };
  const erased = applicant.name === REDACTED || applicant.phone === REDACTED || applicant.email === REDACTED;
  const contact: Contact = {};
  if (!erased) {
    const name = usable(applicant.name);
    const phone = usable(applicant.phone);
    const email = usable(applicant.email);
    if (name) contact.name = name;
    if (phone) contact.phone = phone;
    if (email) contact.email = email;
  }
  return { contact, ...(dossierCode ? { dossierCode } : {}), erased };
}

/**
 * The outbox transport of destination `'citizen'` ({@link citizenRoute}):
 * at send time it reads the applicant's contact through the privacy layer,
 * renders the Vietnamese text and sends it on the first channel the
 * applicant has an address for. An erased applicant gets nothing (the
 * message is delivered as suppressed), so no text with their data is ever
 * made. One channel per message: a retry never sends twice on two channels.
 *
 * @example
 * ```ts
 * const transport = createCitizenTransport({
 *   log: store,
 *   channels: [smsChannel({ send: async (to, text) => console.log(to, text) }), fileChannel('notifications.jsonl')],
 *   onSuppressed: (message, reason) => console.warn(message.id, reason),
 * });
 * ```
 */
export function createCitizenTransport(options: CitizenTransportOptions): OutboxTransport {
  const channels = options.channels ?? [consoleChannel()];
  const packOf = options.catalog ? packLookup(options.catalog.rulePacks) : undefined;
  return {
    async deliver(message, signal) {
      const { events } = await options.log.readStream(message.streamId);
      const { contact, dossierCode, erased } = contactOf(events);
      if (erased) return options.onSuppressed?.(message, 'erased');
      const notice = message.payload as CitizenNotice;
      const event = events.find((e) => e.position === message.position);
      if ((notice.kind === 'receipt' || notice.kind === 'result-ready') && event && handledAtOnce(events, event)) return options.onSuppressed?.(message, 'instant');
      const supplementDeadline = notice.kind === 'supplement' && event && packOf ? closureDay(events, event, packOf, options.catalog!) : undefined;
      for (const channel of channels) {
        const to = channel.addressOf(contact);
        if (to === undefined) continue;
        const text = renderNotice(notice, {
          ...(contact.name ? { name: contact.name } : {}),
          ...(dossierCode ? { dossierCode } : {}),
          ...(supplementDeadline ? { supplementDeadline } : {}),
        });
        return channel.send(to, text, message, signal);
      }
      options.onSuppressed?.(message, 'no-address');
    },
  };
}

/**
 * NĐ 61/2018 Đ17.4 (instant procedures: no receipt unless asked): the event
 * came from a command that also returned the result (`HandleInstantly`
 * accepts, resolves and returns in one append), so the applicant already
 * holds the result: no receipt, no "come and collect it". The command is the
 * event's `commandId`; the append is atomic, so its `ResultReturned` is in the
 * stream whenever the message is. Events without a `commandId` (written by
 * hand, not by the engine) are never taken for one command.
 */
function handledAtOnce(events: readonly StoredEvent[], event: StoredEvent): boolean {
  const command = event.metadata.commandId;
  return command !== undefined && events.some((e) => e.type === 'ResultReturned' && e.metadata.commandId === command);
}

const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The last day to complete a supplement before the dossier is closed (NĐ
 * 118/2025 Đ19.5): the notice's local day + the period (calendar days, the
 * notice day not counted), as `CloseDossier` and the deadline watcher count
 * it; the period from the pack the dossier is pinned to (its first event) and
 * the procedure's own `supplementPeriodDays`. Undefined when the pack closes
 * no dossier (NĐ 61/2018) or the pack or procedure is unknown to the catalog.
 */
function closureDay(events: readonly StoredEvent[], notice: StoredEvent, packOf: ReturnType<typeof packLookup>, catalog: Pick<Catalog, 'get'>): string | undefined {
  let pin: { rulePack?: string; procedure?: { code: string; version: string } } | undefined;
  for (const event of events) {
    const data = event.data as { rulePack?: string; procedure?: { code: string; version: string }; intake?: { rulePack?: string; procedure?: { code: string; version: string } } };
    const intake = data.intake ?? data;
    if (intake.rulePack !== undefined) {
      pin = intake;
      break;
    }
  }
  const pack = packOf(pin?.rulePack);
  if (!pack || !pin?.procedure) return undefined;
  let procedure: Procedure;
  try {
    procedure = catalog.get(pin.procedure.code, pin.procedure.version);
  } catch {
    return undefined; // not in this catalog: no day rather than the pack's, which the procedure may override
  }
  const days = supplementPeriodDays(procedure, pack);
  return days === undefined ? undefined : addDays(vietnamDate(notice.metadata.occurredAt), days);
}

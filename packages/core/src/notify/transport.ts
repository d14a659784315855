// The citizen transport: reads the applicant's contact through the privacy layer at send time, renders the text, sends on one channel.
import type { OutboxMessage, OutboxTransport } from '../outbox/types';
import { ENCRYPTED_MARK, REDACTED } from '../privacy/protect';
import type { EventLog } from '../store/types';
import { type Contact, consoleChannel, type NotificationChannel } from './channels';
import type { CitizenNotice } from './route';
import { renderNotice } from './templates';

/** A dossier's applicant contact and code as the log reads now. */
export interface DossierContact {
  contact: Contact;
  dossierCode?: string;
  /** The applicant's personal data is erased (crypto-shredded): nothing may be sent. */
  erased: boolean;
}

/** Why a notification was not sent. */
export type SuppressedReason = 'erased' | 'no-address';

/** Options of {@link createCitizenTransport}. */
export interface CitizenTransportOptions {
  /** The log to read contacts from: the `protectPersonalData` store, so personal data reads decrypted, or redacted once erased. */
  log: Pick<EventLog, 'readStream'>;
  /** In order of preference: a message goes out on the first channel the applicant has an address for (default: the console). */
  channels?: readonly NotificationChannel[];
  /** A notification was not sent (erased applicant, or no address on any channel); the message counts as delivered. */
  onSuppressed?: (message: OutboxMessage, reason: SuppressedReason) => void;
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
  return {
    async deliver(message, signal) {
      const { contact, dossierCode, erased } = await dossierContact(options.log, message.streamId);
      if (erased) return options.onSuppressed?.(message, 'erased');
      for (const channel of channels) {
        const to = channel.addressOf(contact);
        if (to === undefined) continue;
        const text = renderNotice(message.payload as CitizenNotice, {
          ...(contact.name ? { name: contact.name } : {}),
          ...(dossierCode ? { dossierCode } : {}),
        });
        return channel.send(to, text, message, signal);
      }
      options.onSuppressed?.(message, 'no-address');
    },
  };
}

// Delivery channels of citizen notifications: console and JSONL file by default, SMS / e-mail / Zalo OA over the user's own client.
import { appendFile } from 'node:fs/promises';
import type { OutboxMessage } from '../outbox/types';

/** The applicant's contact as read through the privacy layer (fields absent when unknown or erased). */
export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

/**
 * Your own client of a messaging service (an SMS gateway, an SMTP or
 * e-mail API, the Zalo OA API): motcua never depends on one. Throw to fail
 * the attempt (it is retried).
 *
 * @example
 * ```ts
 * const client: MessageClient = { send: async (to, text) => void (await fetch('https://sms.example.invalid/send', { method: 'POST', body: JSON.stringify({ to, text }) })) };
 * ```
 */
export interface MessageClient {
  send(to: string, text: string, signal?: AbortSignal): Promise<void>;
}

/** One way to reach an applicant: where (from the contact) and how. */
export interface NotificationChannel {
  readonly name: string;
  /** The address this channel uses, or undefined when the applicant has none for it. */
  addressOf(contact: Contact): string | undefined;
  send(to: string, text: string, message: OutboxMessage, signal: AbortSignal): Promise<void>;
}

const fromClient = (name: string, client: MessageClient, addressOf: (contact: Contact) => string | undefined): NotificationChannel => ({
  name,
  addressOf,
  send: (to, text, _message, signal) => client.send(to, text, signal),
});

/**
 * SMS through your gateway client, to the applicant's phone.
 *
 * @example
 * ```ts
 * const sms = smsChannel({ send: async (to, text) => console.log('SMS', to, text) });
 * ```
 */
export const smsChannel = (client: MessageClient): NotificationChannel => fromClient('sms', client, (contact) => contact.phone);

/**
 * E-mail through your client, to the applicant's address.
 *
 * @example
 * ```ts
 * const email = emailChannel({ send: async (to, text) => console.log('mail', to, text) });
 * ```
 */
export const emailChannel = (client: MessageClient): NotificationChannel => fromClient('email', client, (contact) => contact.email);

/**
 * Zalo OA (ZNS, addressed by phone number) through your client.
 *
 * @example
 * ```ts
 * const zalo = zaloChannel({ send: async (phone, text) => console.log('ZNS', phone, text) });
 * ```
 */
export const zaloChannel = (client: MessageClient): NotificationChannel => fromClient('zalo', client, (contact) => contact.phone);

/**
 * Writes each notification as one line (for development and demos); reaches
 * every applicant (the address is the phone, the e-mail or `-`).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const channel = consoleChannel((line) => lines.push(line));
 * ```
 */
export function consoleChannel(write: (line: string) => void = (line) => console.log(line)): NotificationChannel {
  return {
    name: 'console',
    addressOf: (contact) => contact.phone ?? contact.email ?? '-',
    send: async (to, text, message) => write(`[${message.kind}] → ${to}: ${text}`),
  };
}

/**
 * Appends each notification to a JSONL file: `{ id, kind, streamId, to, text, at }`
 * per line (a receiver deduplicates by `id`). Reaches every applicant.
 *
 * @example
 * ```ts
 * const channel = fileChannel('/var/log/motcua/notifications.jsonl');
 * ```
 */
export function fileChannel(path: string, clock: () => Date = () => new Date()): NotificationChannel {
  return {
    name: 'file',
    addressOf: (contact) => contact.phone ?? contact.email ?? '-',
    send: (to, text, message) =>
      appendFile(path, `${JSON.stringify({ id: message.id, kind: message.kind, streamId: message.streamId, to, text, at: clock().toISOString() })}\n`, 'utf8'),
  };
}

/**
 * The adapter interface for the national portal's API (Cổng DVCQG), and an
 * HTTP implementation. The wire protocol is the simulated portal's (the real
 * portal's API is not public [U]); an adapter for the real one implements
 * {@link PortalClient} (docs/integration.md, "Writing an adapter").
 */
import type { ErrorIssue } from '@motcua/core';
import { PortalRejectedError, PortalUnavailableError } from './errors';
import type { PortalDossierRecord } from './record';
import type { PortalStatusUpdate } from './update';

/** The portal's answer to an accepted update. */
export interface PortalAck {
  /** True when the portal had already received this idempotency key (nothing applied again). */
  duplicate: boolean;
  /** When the portal received it (its clock, ISO-8601 UTC). */
  receivedAt: string;
}

/** One item's outcome in a batch: acknowledged, or refused (HTTP-like `status` and issues). */
export type PortalBatchResult = ({ ok: true } & PortalAck) | { ok: false; status: number; issues: ErrorIssue[] };

/** What a portal adapter does: send one status update (idempotent by key) and read back what the portal holds. */
export interface PortalClient {
  /**
   * Send one update. Resolves once the portal acknowledged it. Rejects with
   * `PortalUnavailableError` (retry) or `PortalRejectedError` (will not
   * succeed as it is). The portal must apply a key at most once.
   */
  sendStatus(update: PortalStatusUpdate, options: { idempotencyKey: string; signal?: AbortSignal }): Promise<PortalAck>;
  /**
   * Send many updates in one request (optional: an adapter without it sends
   * one by one). One result per item, in order: an acknowledgement, or the
   * item's rejection. Rejects as a whole (every item to retry) like `sendStatus`.
   */
  sendStatusBatch?(items: readonly { update: PortalStatusUpdate; idempotencyKey: string }[], options?: { signal?: AbortSignal }): Promise<PortalBatchResult[]>;
  /** What the portal holds about one dossier, or undefined if it does not know it (an answer without a record: `PortalUnavailableError`). */
  getDossier(dossierId: string, options?: { signal?: AbortSignal }): Promise<PortalDossierRecord | undefined>;
  /** Every dossier the portal holds (for reconciliation); an answer without the list is `PortalUnavailableError`. */
  listDossiers(options?: { signal?: AbortSignal }): Promise<PortalDossierRecord[]>;
}

/** Options of {@link createHttpPortalClient}. */
export interface HttpPortalClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Bearer token sent on every request. */
  token: string;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Give up on one request after this many ms (default 10,000): a timeout is `PortalUnavailableError`. */
  timeoutMs?: number;
}

/**
 * A {@link PortalClient} over HTTP: `PUT /api/v1/dossiers/:id/status` with an
 * `Idempotency-Key` header, `POST /api/v1/status-batch` (items with their
 * keys), `GET /api/v1/dossiers/:id`, `GET /api/v1/dossiers`.
 *
 * @example
 * ```ts
 * import { createHttpPortalClient } from '@motcua/portal';
 * const client = createHttpPortalClient({ baseUrl: 'http://127.0.0.1:8080', token: 'secret' });
 * await client.sendStatus(
 *   { dossierId: 'd-1', version: 2, eventType: 'DossierAccepted', occurredAt: '2025-07-01T08:00:00+07:00', status: 2 },
 *   { idempotencyKey: 'dvcqg/0190f2a0-0000-7000-8000-000000000001/0' },
 * );
 * ```
 */
export function createHttpPortalClient(options: HttpPortalClientOptions): PortalClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(method: string, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<{ status: number; json: unknown }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: combined,
      });
    } catch (error) {
      const why = timeout.aborted ? `timed out after ${timeoutMs} ms` : signal?.aborted ? 'aborted' : String((error as Error).message ?? error);
      throw new PortalUnavailableError(`Portal ${method} ${path}: ${why}`, undefined, { cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new PortalUnavailableError(`Portal ${method} ${path}: the answer was cut off`, response.status, { cause: error });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status >= 500 || response.status === 429) throw new PortalUnavailableError(`Portal ${method} ${path}: HTTP ${response.status}`, response.status);
    if (response.status >= 400 && response.status !== 404) {
      const issues = (json as { issues?: ErrorIssue[] } | undefined)?.issues;
      throw new PortalRejectedError(`Portal ${method} ${path}: HTTP ${response.status}`, response.status, Array.isArray(issues) ? issues : []);
    }
    return { status: response.status, json };
  }

  return {
    async sendStatus(update, { idempotencyKey, signal }) {
      const { status, json } = await request('PUT', `/api/v1/dossiers/${encodeURIComponent(update.dossierId)}/status`, update, { 'idempotency-key': idempotencyKey }, signal);
      if (status === 404) throw new PortalRejectedError(`Portal PUT status of ${update.dossierId}: HTTP 404`, 404);
      const ack = json as Partial<PortalAck> | undefined;
      if (typeof ack?.receivedAt !== 'string') throw new PortalUnavailableError(`Portal PUT status of ${update.dossierId}: no acknowledgement in the answer`, status);
      return { duplicate: ack.duplicate === true, receivedAt: ack.receivedAt };
    },
    async sendStatusBatch(items, { signal } = {}) {
      const body = { items: items.map((item) => ({ key: item.idempotencyKey, update: item.update })) };
      const { status, json } = await request('POST', '/api/v1/status-batch', body, {}, signal);
      const results = (json as { results?: PortalBatchResult[] } | undefined)?.results;
      if (status !== 200 || !Array.isArray(results) || results.length !== items.length)
        throw new PortalUnavailableError(`Portal POST status-batch: no result per item in the answer`, status);
      return results;
    },
    async getDossier(dossierId, { signal } = {}) {
      const { status, json } = await request('GET', `/api/v1/dossiers/${encodeURIComponent(dossierId)}`, undefined, {}, signal);
      if (status === 404) return undefined;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PortalUnavailableError(`Portal GET dossier ${dossierId}: no record in the answer`, status);
      return json as PortalDossierRecord;
    },
    async listDossiers({ signal } = {}) {
      const { status, json } = await request('GET', '/api/v1/dossiers', undefined, {}, signal);
      const dossiers = (json as { dossiers?: unknown } | undefined)?.dossiers;
      if (status === 404) throw new PortalRejectedError('Portal GET dossiers: HTTP 404', 404);
      if (!Array.isArray(dossiers)) throw new PortalUnavailableError('Portal GET dossiers: no list of records in the answer', status);
      return dossiers as PortalDossierRecord[];
    },
  };
}

/**
 * A simulated national portal (Cổng DVCQG giả lập): a real HTTP server
 * (node:http) speaking the protocol of {@link createHttpPortalClient}. It can
 * be slow, fail (HTTP 500 without applying), time out (never answer; the
 * update is applied or not, at random) and lose acknowledgements (applies,
 * then answers 503, so the sender sends a duplicate). It records updates by
 * idempotency key (a key is applied once) and keeps what it was told per
 * dossier, in arrival order. Randomness is seeded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { NotFoundError } from '@motcua/core';
import type { AddressInfo } from 'node:net';
import { decodePortalRecord, encodePortalRecord } from './compact';
import { applyPortalUpdate, type PortalDossierRecord } from './record';
import { portalStatusUpdateSchema, type PortalStatusUpdate } from './update';

/** Options of {@link startSimulatedPortal}. Rates are probabilities in [0, 1] per request. */
export interface SimulatedPortalOptions {
  /** Seed of the portal's random choices (default 1). */
  seed?: number;
  /** Answer HTTP 500 without applying. */
  failureRate?: number;
  /** Never answer (the client times out); the update is applied with probability 1/2. */
  timeoutRate?: number;
  /** Apply, then answer 503: the acknowledgement is lost and the sender retries, so a duplicate arrives. */
  duplicateRate?: number;
  /** Delay before answering, in ms: a number, or a uniform range. Default 0. */
  latencyMs?: number | { min: number; max: number };
  /**
   * Keep every update received per dossier (default true); false saves memory in large simulations: each record is
   * then kept as one short string (`encodePortalRecord`), and reconciliation cannot name missed or reordered updates.
   */
  history?: boolean;
  /** The bearer token the portal expects (default `'simulated-portal-token'`). */
  token?: string;
  /** Listen address (default 127.0.0.1, a free port). */
  host?: string;
  port?: number;
}

/** What the simulated portal counted. */
export interface SimulatedPortalStats {
  requests: number;
  /** Distinct updates applied (by idempotency key). */
  applied: number;
  /** Requests whose key had already been applied (answered 200 `duplicate: true`, applied once). */
  duplicates: number;
  failures: number;
  timeouts: number;
  lostAcks: number;
  rejected: number;
}

/** A running simulated portal. */
export interface SimulatedPortal {
  /** Base URL for {@link createHttpPortalClient}. */
  readonly url: string;
  readonly token: string;
  /** What the portal holds, per dossier. */
  records(): PortalDossierRecord[];
  record(dossierId: string): PortalDossierRecord | undefined;
  stats(): SimulatedPortalStats;
  /** Tamper with a dossier's record (tests of reconciliation: a corrupted code at the portal). An unknown dossier is `NotFoundError`. */
  corrupt(dossierId: string, patch: Partial<Pick<PortalDossierRecord, 'status' | 'legalDue' | 'rescheduledDue' | 'dueAt' | 'version'>>): void;
  /** Change the fault rates while running (e.g. stop failing so a test can drain). */
  setFaults(faults: Pick<SimulatedPortalOptions, 'failureRate' | 'timeoutRate' | 'duplicateRate' | 'latencyMs'>): void;
  /** Stop listening and drop the requests held open. */
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_BODY = 64 * 1024 * 1024;
const MAX_BATCH = 50_000;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Start a simulated national portal on a free local port.
 *
 * @example
 * ```ts
 * import { createHttpPortalClient, startSimulatedPortal } from '@motcua/portal';
 * const portal = await startSimulatedPortal({ seed: 7, failureRate: 0.2, timeoutRate: 0.05, duplicateRate: 0.1, latencyMs: { min: 0, max: 20 } });
 * const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 500 });
 * console.log(portal.stats().requests);
 * await portal.close();
 * ```
 */
export async function startSimulatedPortal(options: SimulatedPortalOptions = {}): Promise<SimulatedPortal> {
  const random = seeded(options.seed ?? 1);
  const token = options.token ?? 'simulated-portal-token';
  const faults = { failureRate: 0, timeoutRate: 0, duplicateRate: 0, latencyMs: 0 as SimulatedPortalOptions['latencyMs'], ...options };
  const records = recordTable(options.history ?? true);
  /** Idempotency key → when it was first received (ms since the epoch: a number, not a string, per key). */
  const applied = new Map<string, number>();
  const stats: SimulatedPortalStats = { requests: 0, applied: 0, duplicates: 0, failures: 0, timeouts: 0, lostAcks: 0, rejected: 0 };
  const held = new Set<ServerResponse>();

  const latency = (): number => {
    const value = faults.latencyMs ?? 0;
    return typeof value === 'number' ? value : value.min + random() * (value.max - value.min);
  };

  /** Apply one update under its key, once (a key seen before is a duplicate). */
  function applyOnce(key: string, update: PortalStatusUpdate): { duplicate: boolean; receivedAt: string } {
    const seen = applied.get(key);
    if (seen !== undefined) {
      stats.duplicates++;
      return { duplicate: true, receivedAt: new Date(seen).toISOString() };
    }
    const now = Date.now();
    const receivedAt = new Date(now).toISOString();
    applied.set(key, now);
    records.set(update.dossierId, applyPortalUpdate(records.current(update.dossierId), update, key, receivedAt, options.history ?? true));
    stats.applied++;
    return { duplicate: false, receivedAt };
  }

  /** The fault drawn for one request: answer 500, hold it (time out), lose the acknowledgement, or none. */
  function drawFault(): 'fail' | 'timeout' | 'lostAck' | undefined {
    const draw = random();
    const failure = faults.failureRate ?? 0;
    const timeout = failure + (faults.timeoutRate ?? 0);
    if (draw < failure) return 'fail';
    if (draw < timeout) return 'timeout';
    if (draw < timeout + (faults.duplicateRate ?? 0)) return 'lostAck';
    return undefined;
  }

  function hold(response: ServerResponse): void {
    stats.timeouts++;
    held.add(response);
    response.on('close', () => held.delete(response));
  }

  async function postBatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    if (text === undefined) {
      stats.rejected++;
      return send(response, 413, { code: 'TOO_LARGE', issues: [] });
    }
    let body: { items?: unknown };
    try {
      body = JSON.parse(text) as { items?: unknown };
    } catch {
      stats.rejected++;
      return send(response, 400, { code: 'BAD_JSON', issues: [{ code: 'invalid_json', path: [], message: 'body is not JSON' }] });
    }
    if (!Array.isArray(body?.items) || body.items.length > MAX_BATCH) {
      stats.rejected++;
      return send(response, 400, { code: 'VALIDATION_FAILED', issues: [{ code: 'invalid_type', path: ['items'], message: `expected an array of at most ${MAX_BATCH} items` }] });
    }
    const fault = drawFault();
    if (fault === 'fail') {
      stats.failures++;
      return send(response, 500, { code: 'INTERNAL', message: 'simulated failure' });
    }
    const applyAll = () =>
      (body.items as unknown[]).map((item) => {
        const { key, update } = (item ?? {}) as { key?: unknown; update?: unknown };
        const parsed = portalStatusUpdateSchema.safeParse(update);
        if (typeof key !== 'string' || key.length === 0 || key.length > 300 || !parsed.success) {
          stats.rejected++;
          const issues = parsed.success
            ? [{ code: 'required', path: ['key'], message: 'idempotency key required' }]
            : parsed.error.issues.map((issue) => ({ code: issue.code, path: issue.path.map(String), message: issue.message }));
          return { ok: false as const, status: 400, issues };
        }
        return { ok: true as const, ...applyOnce(key, parsed.data) };
      });
    if (fault === 'timeout') {
      if (random() < 0.5) applyAll();
      return hold(response);
    }
    const results = applyAll();
    if (fault === 'lostAck') {
      stats.lostAcks++;
      return send(response, 503, { code: 'UNAVAILABLE', message: 'simulated lost acknowledgement' });
    }
    send(response, 200, { results });
  }

  async function putStatus(request: IncomingMessage, response: ServerResponse, dossierId: string): Promise<void> {
    const key = request.headers['idempotency-key'];
    const text = await readBody(request);
    if (typeof key !== 'string' || key.length === 0 || key.length > 300) {
      stats.rejected++;
      return send(response, 400, { code: 'IDEMPOTENCY_KEY_REQUIRED', issues: [{ code: 'required', path: ['Idempotency-Key'], message: 'header required' }] });
    }
    if (text === undefined) {
      stats.rejected++;
      return send(response, 413, { code: 'TOO_LARGE', issues: [] });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      stats.rejected++;
      return send(response, 400, { code: 'BAD_JSON', issues: [{ code: 'invalid_json', path: [], message: 'body is not JSON' }] });
    }
    const parsed = portalStatusUpdateSchema.safeParse(body);
    if (!parsed.success || parsed.data.dossierId !== dossierId) {
      stats.rejected++;
      const issues = parsed.success
        ? [{ code: 'mismatch', path: ['dossierId'], message: 'the body names another dossier than the path' }]
        : parsed.error.issues.map((issue) => ({ code: issue.code, path: issue.path.map(String), message: issue.message }));
      return send(response, 400, { code: 'VALIDATION_FAILED', issues });
    }
    const fault = drawFault();
    if (fault === 'fail') {
      stats.failures++;
      return send(response, 500, { code: 'INTERNAL', message: 'simulated failure' });
    }
    if (fault === 'timeout') {
      if (random() < 0.5) applyOnce(key, parsed.data);
      return hold(response);
    }
    const ack = applyOnce(key, parsed.data);
    if (fault === 'lostAck') {
      stats.lostAcks++;
      return send(response, 503, { code: 'UNAVAILABLE', message: 'simulated lost acknowledgement' });
    }
    send(response, 200, ack);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    stats.requests++;
    const wait = latency();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (request.headers.authorization !== `Bearer ${token}`) {
      stats.rejected++;
      request.resume();
      return send(response, 401, { code: 'UNAUTHORISED', issues: [] });
    }
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    const status = /^\/api\/v1\/dossiers\/([^/]+)\/status$/.exec(url.pathname);
    const one = /^\/api\/v1\/dossiers\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'PUT' && status) return putStatus(request, response, decodeURIComponent(status[1]!));
    if (request.method === 'POST' && url.pathname === '/api/v1/status-batch') return postBatch(request, response);
    request.resume();
    if (request.method === 'GET' && one) {
      const record = records.get(decodeURIComponent(one[1]!));
      return record ? send(response, 200, record) : send(response, 404, { code: 'NOT_FOUND', issues: [] });
    }
    if (request.method === 'GET' && url.pathname === '/api/v1/dossiers') return send(response, 200, { dossiers: records.all() });
    send(response, 404, { code: 'NOT_FOUND', issues: [] });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { code: 'INTERNAL', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    token,
    records: () => records.all(),
    record: (dossierId) => records.get(dossierId),
    stats: () => ({ ...stats }),
    corrupt(dossierId, patch) {
      const record = records.get(dossierId);
      if (!record) throw new NotFoundError('Dossier at the simulated portal', dossierId);
      records.set(dossierId, { ...record, ...patch, history: record.history });
    },
    setFaults(next) {
      Object.assign(faults, next);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of held) response.destroy();
        held.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The portal's records by dossier: `get` and `all` hand out copies the caller may keep or change. */
interface RecordTable {
  get(dossierId: string): PortalDossierRecord | undefined;
  /** The record to apply an update to (not copied: `applyPortalUpdate` makes a new one). */
  current(dossierId: string): PortalDossierRecord | undefined;
  set(dossierId: string, record: PortalDossierRecord): void;
  all(): PortalDossierRecord[];
}

/** With history: the record objects (copied on the way out). Without: one short string per dossier (`encodePortalRecord`). */
function recordTable(history: boolean): RecordTable {
  if (history) {
    const objects = new Map<string, PortalDossierRecord>();
    return {
      get: (dossierId) => {
        const record = objects.get(dossierId);
        return record ? structuredClone(record) : undefined;
      },
      current: (dossierId) => objects.get(dossierId),
      set: (dossierId, record) => void objects.set(dossierId, record),
      all: () => [...objects.values()].map((record) => structuredClone(record)),
    };
  }
  const strings = new Map<string, string>();
  return {
    get: (dossierId) => {
      const text = strings.get(dossierId);
      return text === undefined ? undefined : decodePortalRecord(dossierId, text);
    },
    current(dossierId) {
      return this.get(dossierId);
    },
    set: (dossierId, record) => void strings.set(dossierId, encodePortalRecord(record)),
    all: () => [...strings].map(([dossierId, text]) => decodePortalRecord(dossierId, text)),
  };
}

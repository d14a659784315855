/**
 * Support for the issue #10 acceptance tests: the engine a new user gets
 * (`createEngine({ store, catalog })`, the default access policy
 * DEFAULT_POLICY_2025 in force), and actors with the roles that policy gives
 * (docs/security.md) — no `policy: 'none'`.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, InMemoryEventStore, type CommandInput, type Engine, type EngineOptions, type EventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';

/** The receiving one-stop unit (Bộ phận Một cửa). */
export const UNIT = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
export const APPLICANT = { name: 'Nguyễn Văn An', idNumber: '001090000001', phone: '0912000001' };

/** One actor per role of DEFAULT_POLICY_2025; all belong to the receiving unit, which also handles the dossier (no transfer `to`). */
export const ACTORS = {
  reception: { id: 'cb-01', role: 'receivingOfficer', unit: UNIT.code },
  specialist: { id: 'cv-01', role: 'specialist', unit: UNIT.code },
  leader: { id: 'ld-01', role: 'leader', unit: UNIT.code },
  applicant: { id: APPLICANT.idNumber, role: 'applicant' },
} as const;
export type ActorName = keyof typeof ACTORS;

/** Staff of another agency (after a transfer, the handling agency is the procedure's agency, e.g. `SKHDT`). */
export const staff = (role: 'specialist' | 'leader' | 'divisionHead' | 'partner', agency: string) => ({ id: `${role}-${agency}`, role, unit: agency });

/** `YYYY-MM-DDTHH:MM` (Vietnam time) → canonical instant. */
export const vn = (local: string) => `${local}:00.000+07:00`;

/** A default engine (policy on) over `store` (default: a new in-memory store). */
export function defaultEngine(options: Partial<EngineOptions> = {}): { engine: Engine; store: EventStore } {
  const store = options.store ?? new InMemoryEventStore();
  return { store, engine: createEngine({ catalog: sampleCatalog(), ...options, store }) };
}

/** A command for `dossierId` issued by `who`, with a fresh command id. */
export function command(who: ActorName, dossierId: string, body: Record<string, unknown>): CommandInput {
  return { actor: ACTORS[who], commandId: randomUUID(), dossierId, ...body } as unknown as CommandInput;
}

/** The body of a counter receipt (Form 01) of `procedureCode` at `at`. */
export function receipt(procedureCode: string, at: string): Record<string, unknown> {
  return { type: 'ReceiveDossier', procedureCode, unit: UNIT, applicant: APPLICANT, channel: 'direct', at };
}

/** Await a promise expected to reject; return what it rejected with. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; rule?: string; issues?: { path: (string | number)[]; message: string; code?: string }[] }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error & { code?: string }) => e,
  );
}

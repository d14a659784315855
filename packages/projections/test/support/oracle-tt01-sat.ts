/** Brute-force TT 01/2018 scores and satisfaction counts (separate from the projection code). */
import type { Catalog, StoredEvent } from '@motcua/core';
import { classifyResolved, toLocalDate, type Due, type TimeLimit } from '@motcua/calendar';
import { dossiersOf, endedTimeliness, endOf, policyFor, type OracleEnv } from './oracle';

const r1 = (x: number) => Math.round((x + Number.EPSILON) * 10) / 10;
const inP = (d: string, q: { from: string; to: string }) => d >= q.from && d <= q.to;

export function oracleTt01(events: readonly StoredEvent[], q: { from: string; to: string; by: 'official' | 'agency' }, catalog: Catalog, env: OracleEnv) {
  const sums = new Map<string, Record<number, number[]>>();
  for (const f of dossiersOf(events)) {
    const end = endOf(f);
    if (!end || (end.type !== 'DossierResolved' && end.type !== 'ResolutionRefused')) continue;
    if (!inP(toLocalDate(end.metadata.occurredAt), q)) continue;
    const before = f.events.filter((e) => e.version < end.version);
    const assigned = before.filter((e) => e.type === 'OfficerAssigned').at(-1);
    const official = assigned ? (assigned.data as { officer: { id: string } }).officer.id : (end.metadata.actor?.id ?? 'unknown');
    const key = q.by === 'official' ? official : catalog.get(f.procedure, f.version).agency.code;
    const k = endedTimeliness(f, end, { clock: 'legal', due: 'original' }, env);
    const steps: number[] = [];
    const transferDue = (f.events.find((e) => e.type === 'DossierAccepted')!.data as { transferDue: Due }).transferDue;
    let legDue: (Due | undefined)[] = [];
    let legBudget: TimeLimit[] = [];
    let completed = new Set<number>();
    for (const e of before) {
      if (e.type === 'DossierTransferred') steps.push((e.data as { late: boolean }).late ? 0 : toLocalDate(e.metadata.occurredAt) < transferDue.date ? 2 : 1);
      if (e.type === 'InterAgencyStarted') {
        const legs = (e.data as { legs: { due?: Due; budget: TimeLimit }[] }).legs;
        legDue = legs.map((l) => l.due);
        legBudget = legs.map((l) => l.budget);
        completed = new Set();
      }
      if (e.type === 'LegCompleted') {
        const d = e.data as { legIndex: number; late: boolean; nextLegDue?: Due };
        const due = legDue[d.legIndex];
        // A leg is late by the same policy as the dossier's clock (byLimit: working time for budgets in working hours), recomputed here, not read from the flag.
        const late = due ? classifyResolved(e.metadata.occurredAt, due, { policy: policyFor({ limit: legBudget[d.legIndex]! }, env.policy), calendar: env.cal }) === 'late' : false;
        if (late !== d.late) throw new Error(`leg late flag ${d.late} disagrees with the rule (${late}) in ${f.id}`);
        if (late) steps.push(0);
        else if (due) steps.push(toLocalDate(e.metadata.occurredAt) < due.date ? 2 : 1);
        if (d.nextLegDue) legDue[d.legIndex + 1] = d.nextLegDue;
        completed.add(d.legIndex);
      }
    }
    // Index 2, a leg still open when the dossier ends (a refusal during the route): past its due day, that agency took
    // longer than its limit (TT 01 Đ13: longer → 0); by its due day it has not yet overrun, and scores nothing.
    legDue.forEach((due, i) => {
      if (due && !completed.has(i) && toLocalDate(end.metadata.occurredAt) > due.date) steps.push(0);
    });
    const contacts = f.events.filter((e) => e.type === 'IntakeSupplementRequested').length + before.filter((e) => e.type === 'SupplementRequested').length;
    const petition = before.some((e) => e.type === 'PetitionFiled');
    const s = sums.get(key) ?? { 1: [], 2: [], 3: [], 4: [], 7: [] };
    s[1]!.push(k === 'early' ? 2 : k === 'onTime' ? 1 : 0);
    if (steps.length) s[2]!.push(Math.min(...steps));
    s[3]!.push(contacts === 0 ? 2 : contacts === 1 ? 1 : 0);
    s[4]!.push(f.channel === 'direct' ? 1 : 2);
    s[7]!.push(petition ? 0 : k === 'early' ? 2 : 1);
    sums.set(key, s);
  }
  const out = new Map<string, Record<number, number>>();
  for (const [key, s] of sums) {
    const idx: Record<number, number> = {};
    for (const [i, list] of Object.entries(s)) if (list.length) idx[Number(i)] = r1(list.reduce((a, b) => a + b, 0) / list.length);
    out.set(key, idx);
  }
  return out;
}

export function oracleSatisfaction(
  events: readonly StoredEvent[],
  q: { from: string; to: string; groupBy: readonly ('unit' | 'agency' | 'procedure' | 'official')[] },
  catalog: Catalog,
) {
  const rows = new Map<string, { ratings: Record<string, number>; likes: number; dislikes: number; filed: number; answered: number; late: number }>();
  // Every dossier stream the one-stop unit dealt with: accepted, or refused at intake (a citizen may rate a refusal, NĐ 61 Đ29–31).
  const streams = new Map<string, StoredEvent[]>();
  for (const e of events) if (e.streamId.startsWith('dossier-')) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  type Intake = { procedure: { code: string; version: string }; unit: { code: string } };
  for (const evs of streams.values()) {
    let det: Intake | undefined;
    let official = 'unknown';
    let closed = false;
    for (const e of evs) {
      if (!closed && ['DossierSubmitted', 'IntakeSupplementRequested', 'ReceptionRefused', 'DossierAccepted'].includes(e.type)) {
        const d = e.data as Intake & { intake?: Intake };
        const here = e.type === 'DossierSubmitted' || e.type === 'DossierAccepted' ? d : d.intake;
        if (here) det = here;
        if (det) official = e.type === 'DossierSubmitted' ? 'unknown' : (e.metadata.actor?.id ?? 'unknown'); // a citizen is no official
      }
      if (e.type === 'OfficerAssigned' && !closed) official = (e.data as { officer: { id: string } }).officer.id;
      if (e.type === 'ResultReturned' || e.type === 'ProcessingStopped' || e.type === 'ReceptionRefused') closed = true;
      if (!det || !['DossierRated', 'PetitionFiled', 'PetitionAnswered'].includes(e.type) || !inP(toLocalDate(e.metadata.occurredAt), q)) continue;
      const f = { unit: det.unit.code, procedure: det.procedure.code, version: det.procedure.version };
      const all = { unit: f.unit, agency: catalog.get(f.procedure, f.version).agency.code, procedure: f.procedure, official };
      const key = JSON.stringify(q.groupBy.map((g) => all[g]));
      const r = rows.get(key) ?? { ratings: {}, likes: 0, dislikes: 0, filed: 0, answered: 0, late: 0 };
      rows.set(key, r);
      if (e.type === 'DossierRated') {
        const d = e.data as { ratings: { level: string }[]; vote?: 'like' | 'dislike' };
        for (const x of d.ratings) r.ratings[x.level] = (r.ratings[x.level] ?? 0) + 1;
        if (d.vote === 'like') r.likes++;
        if (d.vote === 'dislike') r.dislikes++;
      } else if (e.type === 'PetitionFiled') r.filed++;
      else {
        r.answered++;
        if ((e.data as { late: boolean }).late) r.late++;
      }
    }
  }
  return rows;
}

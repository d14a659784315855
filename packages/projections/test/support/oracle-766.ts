/** Brute-force Decision 766 indicators (separate from the projection code). */
import type { Catalog, StoredEvent } from '@motcua/core';
import { toLocalDate, type WorkingCalendar } from '@motcua/calendar';
import { dossiersOf, endedTimeliness, endOf, groupOf, pendingReading, type GroupDim, type OracleEnv } from './oracle';

export interface Oracle766 {
  group: Record<string, string>;
  num: Record<string, number>;
  den: Record<string, number>;
  ratio: Record<string, number | null>;
}

const inP = (d: string, from: string, to: string) => d >= from && d <= to;

export function oracle766(
  events: readonly StoredEvent[],
  q: { from: string; to: string; groupBy: readonly GroupDim[] },
  catalog: Catalog,
  env: OracleEnv & { cal: WorkingCalendar },
): Oracle766[] {
  const rows = new Map<string, Oracle766 & { procs: Map<string, boolean> }>();
  const row = (group: Record<string, string>) => {
    const k = JSON.stringify(group);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { group, num: {}, den: {}, ratio: {}, procs: new Map() }));
    return r;
  };
  const inc = (o: Record<string, number>, k: string, n = 1) => (o[k] = (o[k] ?? 0) + n);
  // 2.1 (F766): every dossier handled in the period (received, or carried over and not ended before it) on the KPI clock;
  // an end in the period (resolved, refused, withdrawn, stopped) is measured at the end, otherwise the dossier is read at the end of the period.
  const kpiClockSel = { clock: 'kpi', due: 'original' } as const;
  for (const f of dossiersOf(events)) {
    const rd = toLocalDate(f.acceptedAt);
    if (rd > q.to) continue;
    const end = endOf(f);
    const ed = end ? toLocalDate(end.metadata.occurredAt) : undefined;
    if (ed !== undefined && ed < q.from) continue;
    const r = row(groupOf(f, catalog, q.groupBy));
    inc(r.den, '2.1');
    let ok: boolean;
    if (end && ed! <= q.to) ok = endedTimeliness(f, end, kpiClockSel, env) !== 'late';
    else ok = !pendingReading(f, `${q.to}T23:59:59.999+07:00`, kpiClockSel, env).overdue;
    inc(r.num, '2.1', ok ? 1 : 0);
    inc(r.num, 'late', ok ? 0 : 1);
  }
  for (const f of dossiersOf(events)) {
    const day = toLocalDate(f.acceptedAt);
    const group = groupOf(f, catalog, q.groupBy);
    const p = catalog.get(f.procedure, f.version);
    const afterAcceptance = f.events.slice(f.events.findIndex((e) => e.type === 'DossierAccepted'));
    // Petitions by event day, from the whole stream: a petition filed while the dossier was submitted or at the intake
    // supplement stage is the accepted dossier's too (766: petitions received; the satisfaction report counts it).
    let petitions = 0;
    for (const e of f.events) {
      const d = toLocalDate(e.metadata.occurredAt);
      if (e.type === 'PetitionFiled') {
        if (inP(d, q.from, q.to)) {
          const r = row(group);
          inc(r.den, '5.3');
          // 5.3: a late answer (whenever given) counts against the petitions filed in the period, on the filing day;
          // each petition is subtracted once (a repeated one answered late too).
          const id = (e.data as { petitionId: string }).petitionId;
          const answer = f.events.find((x) => x.type === 'PetitionAnswered' && (x.data as { petitionId: string }).petitionId === id);
          if (petitions > 0) inc(r.num, 'repeated');
          else if (answer && (answer.data as { late: boolean }).late) inc(r.num, 'filedAnsweredLate');
        }
        petitions++;
      }
      if (e.type === 'PetitionAnswered' && inP(d, q.from, q.to)) {
        const r = row(group);
        inc(r.den, '5.2');
        if ((e.data as { late: boolean }).late) inc(r.num, 'answeredLate');
        else inc(r.num, '5.2');
      }
    }
    if (!inP(day, q.from, q.to)) continue;
    const r = row(group);
    const end = endOf(f);
    const resolved = afterAcceptance.find((e) => e.type === 'DossierResolved');
    const eResult = resolved ? (resolved.data as { electronicResult: boolean }).electronicResult : false;
    // 1.4: ≥1 PortalSynced anywhere in the stream, before the acceptance too (an online submission is synced while submitted).
    const synced = f.events.some((e) => e.type === 'PortalSynced');
    const paidOnline = afterAcceptance.some((e) => e.type === 'FeePaid' && (e.data as { method: string }).method === 'online');
    const dislike = afterAcceptance.some((e) => e.type === 'DossierRated' && (e.data as { vote?: string }).vote === 'dislike');
    const paper = p.resultKind === 'paper';
    const feeBearing = p.fees.some((x) => x.amountVnd > 0);
    const allDigitised = f.components.length > 0 && f.components.every((c) => c.digitised);
    inc(r.den, 'received');
    if (synced) inc(r.num, '1.4');
    if (f.channel === 'online' || (paper && eResult)) inc(r.num, 'online');
    if (feeBearing) {
      inc(r.den, '3.6');
      if (paidOnline) inc(r.num, '3.6');
    }
    if (paper) {
      inc(r.den, '4.1');
      if (eResult) inc(r.num, '4.1');
    }
    if (allDigitised && (paper || eResult)) inc(r.num, '4.2');
    if (f.components.some((c) => c.reused)) inc(r.num, '4.3');
    if (f.components.some((c) => c.fromCitizenStore)) inc(r.num, '4.4');
    if (f.usesPopulationData) inc(r.num, '4.5b');
    if (petitions > 0 || dislike) inc(r.num, 'petOrDislike');
    r.procs.set(`${f.procedure}@${f.version}`, p.populationDataConnected);
    if (end && (end.type === 'DossierResolved' || end.type === 'ResolutionRefused')) {
      inc(r.num, '2.2', env.cal.workingDaysBetween(day, toLocalDate(end.metadata.occurredAt)));
      inc(r.den, '2.2');
    }
  }
  const out: Oracle766[] = [];
  for (const r of rows.values()) {
    const n = (k: string) => r.num[k] ?? 0;
    const d = (k: string) => r.den[k] ?? 0;
    const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
    const received = d('received');
    const handled = d('2.1');
    r.ratio['1.4'] = ratio(n('1.4'), received);
    r.ratio['2.1'] = ratio(n('2.1'), handled);
    r.ratio['2.2'] = ratio(n('2.2'), d('2.2'));
    r.ratio['3.3'] = received === 0 ? null : (n('online') / received) * (n('1.4') / received);
    r.ratio['3.6'] = ratio(n('3.6'), d('3.6'));
    r.ratio['4.1'] = ratio(n('4.1'), d('4.1'));
    for (const k of ['4.2', '4.3', '4.4', '4.5b']) r.ratio[k] = ratio(n(k), received);
    r.ratio['4.5a'] = ratio([...r.procs.values()].filter(Boolean).length, r.procs.size);
    r.ratio['5.2'] = ratio(n('5.2'), d('5.2'));
    r.ratio['5.3'] = d('5.3') === 0 ? null : (d('5.3') - n('filedAnsweredLate') - n('repeated')) / d('5.3');
    r.ratio['5.4'] = handled === 0 || received === 0 ? null : Math.max(0, 1 - (n('late') / handled + n('petOrDislike') / received));
    out.push({ group: r.group, num: r.num, den: r.den, ratio: r.ratio });
  }
  return out;
}

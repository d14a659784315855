/**
 * The plan of one dossier: the commands a citizen and the officers issue,
 * with their business times, drawn from the dossier's own seeded random
 * stream and the procedure's profile (catalog.ts). Durations are fixed at
 * arrival from the *base* catalog, so the what-if replay (shorter limits)
 * meets the same citizens and the same work; only the due dates the engine
 * computes — and so lateness and apologies — change.
 *
 * The common paths are short on purpose: an instant procedure is one
 * `HandleInstantly` command; a same-day civil-status dossier is receive,
 * transfer, resolve, return.
 */
import { computeDue, type Calendar } from '@motcua/calendar';
import { effectiveLimit, RULE_PACK_2025, SUPPLEMENT_PERIOD_DAYS, type CommandBody, type DossierState, type Procedure } from '@motcua/core';
import { CLOSE, CUTOFF, OPEN, dayOf, instantOf, minuteOf, msAt } from './clock';
import { chance, geometric, intBetween, numberedUuid, pick, rng, type Rng } from './random';
import type { Arrival } from './workload';

/** Who issues a command. */
export type Role = 'officer' | 'citizen' | 'system';

/** One planned command. */
export interface PlannedStep {
  /** Business time (ms). */
  at: number;
  role: Role;
  body: CommandBody;
}

/** How the dossier was planned (for tests and statistics). */
export interface DossierPlan {
  dossierId: string;
  arrival: Arrival;
  channel: 'direct' | 'online' | 'postal';
  steps: PlannedStep[];
  /** Planned resolution time (ms) if the dossier is planned to be resolved. */
  resolveAt?: number;
  /** The officers would apologise and reschedule (Form 04) if the dossier is going to be late. */
  willApologise: boolean;
  /** Citizen and officer actor ids. */
  citizen: { id: string; role: string; name: string };
  officer: { id: string; role: string; unit: string };
}

/** Context shared by all plans of a run. */
export interface PlanContext {
  seed: number;
  /** Deadline calendar (officers' working days). */
  cal: Calendar;
  /** Reception calendar (counter open days, incl. Saturday mornings). */
  reception: Calendar;
  /** Digitisation level at a date: share of components scanned (766 group 4). */
  digitisation: (day: string) => number;
  /** Share of finished dossiers whose status reaches DVCQG (766 indicator 1.4). */
  syncRate: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Đức', 'Thu', 'Ngọc', 'Quang', 'Thanh', 'Hữu', 'Hồng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Lan', 'Linh', 'Mai', 'Nam', 'Phương', 'Quân', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Yến'];
const CRITERIA = ['Thời gian giải quyết', 'Thái độ, tác phong của cán bộ', 'Công khai, minh bạch'];
const SUPPLEMENT_ITEMS = [
  'Bản sao Giấy chứng nhận quyền sử dụng đất',
  'Sơ đồ thửa đất có xác nhận của UBND xã',
  'Bản vẽ thiết kế',
  'Giấy tờ chứng minh nơi cư trú',
  'Văn bản ủy quyền',
];

/** Next officer working minute at or after `ms` (deadline calendar, 07:30–11:30, 13:30–16:45). */
export function officerTime(ms: number, cal: Calendar): number {
  let day = dayOf(ms);
  let minute = minuteOf(ms);
  for (;;) {
    if (cal.isWorkingDay(day)) {
      if (minute < OPEN) return msAt(day, OPEN);
      if (minute >= 11 * 60 + 30 && minute < 13 * 60 + 30) return msAt(day, 13 * 60 + 30);
      if (minute <= CLOSE) return msAt(day, minute);
    }
    day = cal.nextWorkingDay(day);
    minute = 0;
  }
}

/** A time on a working day, between two minutes of the day, at or after `notBefore`. */
function onDay(random: Rng, day: string, lo: number, hi: number, notBefore: number, cal: Calendar): number {
  const time = Math.max(msAt(day, intBetween(random, lo, Math.max(lo, hi))), notBefore + 60_000);
  return officerTime(time, cal);
}

/** A reception time (counter open) at or after `ms`, `days` reception days later. */
function citizenComes(random: Rng, ms: number, days: number, reception: Calendar): number {
  let day = dayOf(ms);
  if (days > 0 || !reception.isWorkingDay(day)) day = reception.addWorkingDays(day, Math.max(days, 1));
  const session = reception.sessionsOn(day)[0];
  const hi = session ? Number(session[1].slice(0, 2)) * 60 + Number(session[1].slice(3, 5)) - 10 : 11 * 60;
  const time = msAt(day, intBetween(random, 7 * 60 + 30, Math.min(hi, 16 * 60 + 30)));
  return Math.max(time, ms + 60_000);
}

/**
 * Plan one dossier.
 * @example const plan = planDossier(arrival, ctx); plan.steps[0]?.body.type; // 'ReceiveDossier'
 */
export function planDossier(arrival: Arrival, ctx: PlanContext): DossierPlan {
  const random = rng(ctx.seed, 'dossier', arrival.index);
  const { cal, reception } = ctx;
  const procedure: Procedure = arrival.sim.procedure;
  const prof = arrival.sim.profile;
  const dossierId = numberedUuid(random, arrival.index); // unique by its arrival number, whatever the 32-bit seed
  const name = `${pick(random, FAMILY)} ${pick(random, MIDDLE)} ${pick(random, GIVEN)}`;
  const idNumber = `001${intBetween(random, 0, 3)}${String(intBetween(random, 0, 99)).padStart(2, '0')}${String(intBetween(random, 0, 999_999)).padStart(6, '0')}`;
  const citizen = { id: `cd-${idNumber}`, role: 'citizen', name };
  const officer = { id: `cb-${arrival.unit.code}-${intBetween(random, 1, arrival.unit.kind === 'commune' ? 3 : 8)}`, role: 'officer', unit: arrival.unit.code };
  const unit = { code: arrival.unit.code, name: arrival.unit.name };
  const applicant = { name, idNumber };
  const dig = ctx.digitisation(arrival.day);
  const components = (procedure.components.length ? procedure.components : [{ code: 'DON', name: 'Đơn đề nghị' }]).map((component) => {
    const digitised = chance(random, dig);
    return { code: component.code, name: component.name, form: 'copy' as const, digitised, reused: digitised && chance(random, 0.35), fromCitizenStore: false };
  });
  const usesPopulationData = procedure.populationDataConnected && chance(random, Math.min(0.9, dig + 0.2));
  const onlineOk = procedure.onlineLevel !== 'none' && !procedure.instant;
  const channel = onlineOk && chance(random, prof.online) ? 'online' : chance(random, prof.postal) && !procedure.instant ? 'postal' : 'direct';
  if (channel === 'online') for (const component of components) component.fromCitizenStore = chance(random, 0.3);
  // Reception regardless of administrative boundaries (NĐ 118/2025 Đ14.2): received here for another commune's procedure.
  const competent = arrival.competentUnit ? { competentUnit: { code: arrival.competentUnit.code, name: arrival.competentUnit.name } } : {};
  const intake = { procedureCode: procedure.code, unit, applicant, channel, components, usesPopulationData, ...competent } as const;
  const steps: PlannedStep[] = [];
  const plan: DossierPlan = { dossierId, arrival: arrival, channel, steps, willApologise: false, citizen, officer };
  let time = msAt(arrival.day, arrival.minute);
  const add = (at: number, role: Role, body: CommandBody): number => {
    const when = Math.max(at, (steps[steps.length - 1]?.at ?? 0) + 60_000);
    steps.push({ at: when, role, body });
    return when;
  };
  const finish = (at: number) => {
    if (chance(random, ctx.syncRate)) add(at + intBetween(random, 5, 120) * 60_000, 'system', { type: 'RecordPortalSync', portal: 'dvcqg' } as CommandBody);
  };
  const rate = (at: number, late: boolean) => {
    const online = channel === 'online';
    if (!chance(random, online ? 0.25 : procedure.instant ? 0.04 : 0.1)) return at;
    const happy = late ? 0.35 : 0.93;
    const level = () => (chance(random, happy) ? (chance(random, 0.55) ? 'Rất hài lòng' : 'Hài lòng') : 'Không hài lòng');
    const ratings = CRITERIA.slice(0, online ? 3 : 2).map((criterion) => ({ criterion, level: level() }));
    const like = online ? chance(random, happy) : undefined;
    return add(at + intBetween(random, 1, 30) * 60_000, 'citizen', {
      type: 'Rate',
      channel: online ? 'dvcqg' : 'kiosk',
      ratings,
      ...(like !== undefined ? { like } : {}),
    } as CommandBody);
  };
  const petition = (at: number, late: boolean) => {
    if (!chance(random, late ? 0.03 : 0.002)) return at;
    const filed = add(at + intBetween(random, 1, 10) * 86_400_000, 'citizen', {
      type: 'FilePetition',
      petitionId: `${dossierId.slice(0, 8)}-1`,
      content: late ? 'Hồ sơ giải quyết chậm so với giấy hẹn' : 'Đề nghị hướng dẫn rõ thành phần hồ sơ',
      channel: chance(random, 0.6) ? 'dvcqg' : 'hotline',
    } as CommandBody);
    const answerDay = cal.addWorkingDays(dayOf(filed), chance(random, 0.9) ? intBetween(random, 2, 14) : intBetween(random, 16, 25));
    return add(onDay(random, answerDay, OPEN, CLOSE, filed, cal), 'officer', {
      type: 'AnswerPetition',
      petitionId: `${dossierId.slice(0, 8)}-1`,
      outcome: chance(random, 0.8) ? 'resolved' : 'rejected',
    } as CommandBody);
  };

  // ——— Instant procedures (chứng thực): one command ———
  if (procedure.instant) {
    if (chance(random, prof.intakeRefusal)) {
      finish(add(time, 'officer', { type: 'RefuseReception', reason: 'Bản chính giấy tờ bị tẩy xóa, sửa chữa', intake } as CommandBody));
      return plan;
    }
    const done = add(time + intBetween(random, 3, 25) * 60_000, 'officer', {
      type: 'HandleInstantly',
      ...intake,
      electronicResult: chance(random, dig * 0.5),
      returnMethod: 'counter',
    } as CommandBody);
    finish(petition(rate(done, false), false));
    return plan;
  }

  // ——— Intake ———
  if (channel === 'online') {
    time = add(time, 'citizen', { type: 'SubmitOnline', ...intake } as CommandBody);
    // Officers check online submissions within 8 working hours (2025 directives; most the same or next day).
    time = officerTime(time + intBetween(random, 20, 360) * 60_000, cal);
  }
  const direct = channel !== 'online';
  const introduce = direct ? { intake } : {};
  if (chance(random, prof.intakeRefusal * (direct ? 1 : 4))) {
    finish(add(time, 'officer', { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền giải quyết', ...introduce } as CommandBody));
    return plan;
  }
  if (chance(random, prof.intakeSupplement * (direct ? 1 : 2))) {
    time = add(time, 'officer', {
      type: 'RequestIntakeSupplement',
      items: [{ name: pick(random, SUPPLEMENT_ITEMS) }],
      reason: 'Hồ sơ chưa đầy đủ thành phần theo quy định',
      ...introduce,
    } as CommandBody);
    if (chance(random, 0.15)) return plan; // never comes back: not accepted, not counted
    if (direct) time = citizenComes(random, time, intBetween(random, 1, 6), reception);
    else {
      time = add(time + intBetween(random, 60, 5 * 1440) * 60_000, 'citizen', { type: 'ProvideIntakeSupplement' } as CommandBody);
      time = officerTime(time + intBetween(random, 20, 300) * 60_000, cal);
    }
  }
  const receiveBody = direct
    ? { type: 'ReceiveDossier', ...intake, ...(channel === 'postal' ? { handedOverAt: instantOf(time - intBetween(random, 1, 3) * 86_400_000) } : {}) }
    : // Online: the submission carries the intake; components and population-data use are repeated because
      // core's ReceiveDossier defaults them (components: [], usesPopulationData: false) over the submission's.
      { type: 'ReceiveDossier', components, usesPopulationData };
  const received = add(time, 'officer', receiveBody as CommandBody);
  const receivedDay = dayOf(received);
  // The rule pack in force at receipt (the engine pins the dossier to it): NĐ 61/2018 until 30/06/2025, NĐ 118/2025 after.
  const under2025 = receivedDay >= RULE_PACK_2025.validFrom;

  // ——— Transfer (NĐ 61 Đ18: same day, after 15:00 the next working morning) ———
  const recvMin = minuteOf(received);
  let tr =
    recvMin <= CUTOFF && cal.isWorkingDay(receivedDay)
      ? officerTime(received + intBetween(random, 10, 60) * 60_000, cal)
      : onDay(random, cal.addWorkingDays(receivedDay, 1), OPEN, 9 * 60 + 30, received, cal);
  if (chance(random, 0.02)) tr = onDay(random, cal.addWorkingDays(dayOf(tr), 1), 13 * 60 + 30, CLOSE, tr, cal); // late transfer
  time = add(tr, 'officer', { type: 'TransferDossier', mode: direct ? 'paper' : 'electronic' } as CommandBody);

  // ——— Post-acceptance supplement: the legal clock restarts on completion (Đ19.4) ———
  let clockStart = received;
  const limit = effectiveLimit(procedure);
  if (chance(random, prof.supplement)) {
    const reqDay = cal.addWorkingDays(receivedDay, chance(random, 0.85) ? intBetween(random, 1, 3) : intBetween(random, 4, 6));
    time = add(onDay(random, reqDay, OPEN, CLOSE, time, cal), 'officer', {
      type: 'RequestSupplement',
      items: [{ name: pick(random, SUPPLEMENT_ITEMS) }],
      reason: 'Cần bổ sung, hoàn thiện hồ sơ sau thẩm định',
    } as CommandBody);
    if (chance(random, 0.1)) {
      if (under2025) {
        // NĐ 118/2025 Đ19.5: not completed within 15 days of the notice → the one-stop officer closes the dossier.
        const closeAt = officerTime(msAt(dayOf(msAt(dayOf(time), 12 * 60) + (SUPPLEMENT_PERIOD_DAYS + 1) * 86_400_000), OPEN + intBetween(random, 0, 120)), cal);
        finish(rate(add(closeAt, 'officer', { type: 'CloseDossier', reason: 'Quá 15 ngày không bổ sung, hoàn thiện hồ sơ (Điều 19.5 NĐ 118/2025)' } as CommandBody), false));
        return plan;
      }
      // Never completed: the officers stop processing after a while.
      const stopDay = cal.addWorkingDays(dayOf(time), intBetween(random, 15, 30));
      finish(
        rate(
          add(onDay(random, stopDay, OPEN, CLOSE, time, cal), 'officer', {
            type: 'StopProcessing',
            reason: 'Quá hạn bổ sung hồ sơ',
            cause: 'supplementNotProvided',
          } as CommandBody),
          false,
        ),
      );
      return plan;
    }
    time = add(citizenComes(random, time, intBetween(random, 1, 10), reception), 'citizen', { type: 'ProvideSupplement' } as CommandBody);
    time = officerTime(time, cal);
    clockStart = time;
    // A second request (counts as late on the KPI clock, F766) — not under NĐ 118/2025 (one request only, Đ11.2c, Đ16.3, Đ17.2a).
    if (chance(random, 0.08) && !under2025) {
      const req2 = add(onDay(random, cal.addWorkingDays(dayOf(time), intBetween(random, 1, 2)), OPEN, CLOSE, time, cal), 'officer', {
        type: 'RequestSupplement',
        items: [{ name: pick(random, SUPPLEMENT_ITEMS) }],
        reason: 'Bổ sung lần hai',
      } as CommandBody);
      time = add(citizenComes(random, req2, intBetween(random, 1, 5), reception), 'citizen', { type: 'ProvideSupplement' } as CommandBody);
      time = officerTime(time, cal);
      clockStart = time;
    }
  }

  // ——— When the work is done: early, on the due day, or late ———
  const due = computeDue(instantOf(clockStart), limit.unit === 'sameDay' ? { unit: 'sameDay', cutoff: limit.cutoff ?? procedure.sameDayCutoff ?? '15:00' } : limit, cal).date;
  const startDay = dayOf(clockStart);
  const roll = random.next();
  let resolveDay: string;
  if (roll < prof.late) {
    const extra = 1 + geometric(random, limit.unit === 'workingDays' ? Math.max(0.5, limit.value * 0.15) : 0.3);
    resolveDay = cal.addWorkingDays(due, extra);
  } else if (roll < prof.late + prof.early && due > startDay) {
    const span = cal.workingDaysBetween(startDay, due);
    resolveDay = cal.addWorkingDays(startDay, intBetween(random, span > 1 ? 1 : 0, Math.max(0, span - 1)));
  } else resolveDay = due;
  if (resolveDay < dayOf(time)) resolveDay = dayOf(time);
  let resolveAt = onDay(random, resolveDay, resolveDay === dayOf(time) ? minuteOf(time) + 15 : 8 * 60, CLOSE, time, cal);

  // Withdrawal (status 7 → 8) somewhere in the processing.
  if (chance(random, prof.withdrawal)) {
    const withdrawalAt = add(time + Math.max(60_000, (resolveAt - time) * random.next() * 0.8), 'citizen', {
      type: 'RequestWithdrawal',
      reason: 'Công dân xin rút hồ sơ',
    } as CommandBody);
    finish(
      add(officerTime(withdrawalAt + intBetween(random, 30, 1440) * 60_000, cal), 'officer', {
        type: 'StopProcessing',
        reason: 'Theo đề nghị rút hồ sơ của công dân',
        cause: 'withdrawal',
      } as CommandBody),
    );
    return plan;
  }

  // ——— Inter-agency route ———
  const route = procedure.route;
  if (route) {
    const start = add(officerTime(time + intBetween(random, 30, 240) * 60_000, cal), 'officer', { type: 'StartInterAgency' } as CommandBody);
    const startDay2 = dayOf(start);
    const span = Math.max(0, cal.workingDaysBetween(startDay2, resolveDay) - 1);
    const budgets = route.legs.map((l) => (l.budget.unit === 'workingDays' ? l.budget.value : 1));
    const total = budgets.reduce((a2, b) => a2 + b, 0);
    const ends: { leg: number; at: number }[] = [];
    let cum = 0;
    route.legs.forEach((_l, legIndex) => {
      cum += budgets[legIndex]!;
      const offsetDays =
        route.mode === 'sequential'
          ? Math.round((span * cum) / total)
          : Math.round(span * (budgets[legIndex]! / Math.max(...budgets)) * (legIndex === 0 ? 1 : 0.5 + random.next() * 0.5));
      ends.push({ leg: legIndex, at: onDay(random, cal.addWorkingDays(startDay2, offsetDays), 9 * 60, CLOSE, start, cal) });
    });
    if (route.mode === 'parallel') ends.sort((x, y) => x.at - y.at || x.leg - y.leg);
    for (const end of ends) time = add(end.at, 'officer', { type: 'CompleteLeg', legIndex: end.leg, result: 'Hoàn thành phần việc' } as CommandBody);
  }

  // ——— Refusal after appraisal (written reason, status 9), then the refusal is handed back ———
  if (chance(random, prof.refusal)) {
    const at = add(Math.max(resolveAt, time + 60_000), 'officer', { type: 'RefuseResolution', reason: 'Hồ sơ không đủ điều kiện giải quyết theo quy định' } as CommandBody);
    finish(
      petition(
        add(citizenComes(random, at, intBetween(random, 0, 3), reception), 'officer', { type: 'ReturnResult', method: channel === 'online' ? 'online' : 'counter' } as CommandBody),
        true,
      ),
    );
    return plan;
  }

  // ——— Fees and financial obligations (status 6) ———
  const feeTotal = procedure.fees.reduce((n, f) => n + f.amountVnd, 0);
  if (feeTotal > 0 && (prof.feeAt === 'result' || channel === 'online')) {
    const req = add(officerTime(Math.max(time + intBetween(random, 10, 120) * 60_000, route ? 0 : time + (resolveAt - time) * 0.5), cal), 'officer', {
      type: 'RequestFee',
      items: procedure.fees.map((f) => ({ name: f.name, amountVnd: f.amountVnd })),
    } as CommandBody);
    const online = chance(random, channel === 'online' ? 0.7 : 0.15);
    const quick = limit.unit === 'sameDay';
    let paid = online
      ? req + intBetween(random, 5, quick ? 90 : 1440) * 60_000
      : quick
        ? req + intBetween(random, 10, 60) * 60_000
        : citizenComes(random, req, intBetween(random, 0, 2), reception);
    // Most citizens pay before the result is due; the rest push the resolution later.
    if (paid >= resolveAt && chance(random, 0.85)) paid = Math.max(req + 10 * 60_000, resolveAt - intBetween(random, 20, 90) * 60_000);
    time = add(paid, 'citizen', {
      type: 'RecordFeePayment',
      amountVnd: feeTotal,
      method: online ? 'online' : 'counter',
      ...(online ? { gateway: chance(random, 0.75) ? 'dvcqg' : 'local' } : {}),
    } as CommandBody);
    if (resolveAt <= time) resolveAt = officerTime(time + intBetween(random, 30, 180) * 60_000, cal);
  }

  // ——— Resolution and return ———
  plan.willApologise = chance(random, limit.unit === 'sameDay' ? 0.2 : 0.6);
  const electronicResult = procedure.resultKind !== 'paper' || chance(random, dig * 0.6);
  const resolved = add(Math.max(resolveAt, time + 60_000), 'officer', { type: 'Resolve', electronicResult } as CommandBody);
  plan.resolveAt = resolved;
  const late = dayOf(resolved) > due;
  let back = resolved;
  if (dayOf(resolved) < due && chance(random, 0.25))
    back = add(resolved + 5 * 60_000, 'officer', { type: 'NotifyEarlyReturn', channel: pick(random, ['sms', 'phone', 'portal'] as const) } as CommandBody);
  const onlineReturn = channel === 'online' && procedure.resultKind !== 'paper';
  const returnAt = onlineReturn
    ? back + intBetween(random, 5, 60) * 60_000
    : limit.unit === 'sameDay'
      ? back + intBetween(random, 10, 90) * 60_000
      : citizenComes(random, back, chance(random, 0.6) ? 0 : intBetween(random, 1, 4), reception);
  const returned = add(returnAt, 'officer', { type: 'ReturnResult', method: onlineReturn ? 'online' : channel === 'postal' ? 'postal' : 'counter' } as CommandBody);
  finish(petition(rate(returned, late), late));
  return plan;
}

/**
 * The apology and new appointment (Form 04, NĐ 61 Đ19.9) the officers issue
 * for a dossier that is going to be late, decided against the due date the
 * *engine* computed (so the what-if, with shorter limits, apologises more).
 * Returns the step to run before `nextAt`, or undefined (decide again after
 * the next step).
 */
export function apologyStep(plan: DossierPlan, state: DossierState, now: number, nextAt: number, cal: Calendar): PlannedStep | undefined {
  if (!plan.willApologise || state.apology || plan.resolveAt === undefined || !state.due) return undefined;
  if (!['received', 'processing', 'interAgency', 'feeRequested'].includes(state.topLevel)) return undefined;
  const dueDay = state.due.legal.date;
  const resolveDay = dayOf(plan.resolveAt);
  if (resolveDay <= dueDay) return undefined;
  let at = msAt(cal.subtractWorkingDays(dueDay, 1), 16 * 60);
  if (at <= now) at = now + 20 * 60_000; // late apology (flagged lateApology by the engine)
  if (at >= nextAt) return undefined;
  const newDueDate = cal.isWorkingDay(resolveDay) ? resolveDay : cal.nextWorkingDay(resolveDay);
  const leg = state.route?.legs.find((l) => !l.completedAt && l.role === 'participant') ?? state.route?.legs.find((l) => !l.completedAt);
  return {
    at,
    role: 'officer',
    body: {
      type: 'IssueApology',
      reason: 'Hồ sơ phải xác minh, lấy ý kiến thêm',
      lateUnit: leg?.agency.name ?? state.unit?.name ?? 'Cơ quan giải quyết',
      newDueDate,
    } as CommandBody,
  };
}

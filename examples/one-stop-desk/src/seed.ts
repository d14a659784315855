import { v7 as uuidv7 } from 'uuid';
import type { WorkingCalendar } from '@motcua/calendar';
import { localDateOf, toVietnamInstant, type CommandInput, type Engine, type Procedure } from '@motcua/core';
import { hashPassword, type DeskActor, type DeskUser } from './auth/users';
import { DESK_UNITS } from './catalog';

/** Options of {@link seedDemo}. */
export interface SeedOptions {
  /** Number of dossiers. */
  count: number;
  /** Nothing happens after this instant (default now): later steps are left undone, so recent dossiers stay open. */
  now?: Date;
  /** Receipts are spread over this many days before `now` (default 180). */
  days?: number;
  /** PRNG seed (default 766): the same seed and `now` give the same story. */
  seed?: number;
}

/** What {@link seedDemo} did. */
export interface SeedResult {
  dossiers: number;
  commands: number;
  /** Dossier codes issued, in order. */
  codes: string[];
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Quang', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Phương', 'Sơn', 'Trang', 'Tuấn', 'Yến'];
const OFFICERS = [
  { id: 'cb-mc-01', role: 'receivingOfficer', unit: DESK_UNITS[0].code, name: 'Lê Thị Hoa' },
  { id: 'cb-mc-02', role: 'receivingOfficer', unit: DESK_UNITS[0].code, name: 'Phạm Văn Long' },
  { id: 'cb-mc-03', role: 'receivingOfficer', unit: DESK_UNITS[1].code, name: 'Đỗ Minh Châu' },
];

/**
 * Demo accounts of the desk (one per role of the default policy that works
 * at a desk), with their passwords in clear: for a demo on a laptop only.
 * A real desk loads bcrypt hashes (`DESK_USERS_FILE`, docs/security.md).
 */
export const DEMO_ACCOUNTS: readonly { username: string; password: string; actor: DeskActor }[] = [
  // the one-stop unit (receives, transfers, returns)
  { username: 'tiepnhan', password: 'motcua-tiepnhan', actor: { id: 'cb-mc-01', role: 'receivingOfficer', unit: DESK_UNITS[0].code, name: 'Lê Thị Hoa' } },
  // the Sở Tài chính, which handles business registration (deskCatalog)
  { username: 'chuyenvien', password: 'motcua-chuyenvien', actor: { id: 'cv-01', role: 'specialist', unit: 'STC', name: 'Trần Quốc Bảo' } },
  { username: 'truongphong', password: 'motcua-truongphong', actor: { id: 'tp-01', role: 'divisionHead', unit: 'STC', name: 'Ngô Thị Thu' } },
  { username: 'lanhdao', password: 'motcua-lanhdao', actor: { id: 'ld-01', role: 'leader', unit: 'STC', name: 'Vũ Đức Thắng' } },
  // the commune, which handles birth registration, certified copies and building permits
  { username: 'chuyenvienxa', password: 'motcua-chuyenvienxa', actor: { id: 'cv-xa-01', role: 'specialist', unit: 'UBND-XA', name: 'Phạm Thu Hằng' } },
  // the commune's head of division and chairman: the review and signature steps of household business registration
  { username: 'truongphongxa', password: 'motcua-truongphongxa', actor: { id: 'tp-xa-01', role: 'divisionHead', unit: 'UBND-XA', name: 'Đinh Văn Phúc' } },
  { username: 'chutichxa', password: 'motcua-chutichxa', actor: { id: 'ct-xa-01', role: 'leader', unit: 'UBND-XA', name: 'Hoàng Minh Tuấn' } },
  // the system administrator: retries or gives up on updates the national portal never accepted (/desk/portal)
  { username: 'quantri', password: 'motcua-quantri', actor: { id: 'qt-01', role: 'admin', unit: DESK_UNITS[0].code, name: 'Lý Văn Sơn' } },
  // read-only inspector
  { username: 'thanhtra', password: 'motcua-thanhtra', actor: { id: 'tt-01', role: 'auditor', unit: DESK_UNITS[0].code, name: 'Bùi Minh Khoa' } },
];

/**
 * The demo accounts with bcrypt-hashed passwords (`cost` 12 by default; tests use 4).
 *
 * @example
 * ```ts
 * const users = await demoUsers();
 * ```
 */
export async function demoUsers(cost = 12): Promise<DeskUser[]> {
  return Promise.all(DEMO_ACCOUNTS.map(async (account) => ({ username: account.username, passwordHash: await hashPassword(account.password, cost), actor: account.actor })));
}

/** mulberry32: a small deterministic PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: string, minutes: number): string => `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000+07:00`;

/**
 * Run `count` dossiers through the engine (public API only) with realistic
 * business times over the last months: receipts on working days, transfers,
 * some supplement requests and apologies, most results early or on time and
 * some late, returns and ratings. Steps that would happen after `now` are
 * not executed, so the most recent dossiers are still being processed (some
 * overdue). Deterministic for a given seed and `now`.
 *
 * @example await seedDemo(engine, { count: 200 });
 */
export async function seedDemo(engine: Engine, options: SeedOptions): Promise<SeedResult> {
  const rnd = prng(options.seed ?? 766);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const cal = engine.calendar;
  const nowIso = toVietnamInstant(options.now ?? new Date());
  const today = localDateOf(nowIso);
  const span = options.days ?? 180;
  const procedures = engine.catalog.list().filter((p) => p.validFrom <= today && (p.validTo === undefined || today <= p.validTo));
  const weights: Record<string, number> = { '1.001193': 3, '2.000815': 2, '2.002030': 2, '1.009994': 2, '1.003003': 2 };
  const bag = procedures.flatMap((p) => Array<Procedure>(weights[p.code] ?? 1).fill(p));
  const result: SeedResult = { dossiers: 0, commands: 0, codes: [] };

  for (let i = 0; i < options.count; i++) {
    const procedure = pick(bag);
    let day = cal.addWorkingDays(dateMinus(today, Math.floor(rnd() * span) + 1), 0);
    if (day >= today) day = previousWorkingDay(cal, today); // always before today: every receipt is in the past
    const received = at(day, 450 + Math.floor(rnd() * 540)); // 07:30–16:30
    if (received > nowIso) continue;
    const dossierId = uuidv7();
    const officer = pick(OFFICERS);
    const unit = pick(DESK_UNITS);
    const applicant = { name: `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`, phone: `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` };
    const channel = rnd() < 0.35 ? 'online' : rnd() < 0.9 ? 'direct' : 'postal';
    let last = received;
    const run = async (body: Record<string, unknown>, when: string): Promise<boolean> => {
      const time = when < last ? last : when;
      if (time > nowIso) return false;
      last = time;
      const executed = await engine.execute({ ...body, at: time, actor: officer, commandId: uuidv7(), dossierId } as CommandInput);
      result.commands++;
      if (executed.state.dossierCode && !result.codes.includes(executed.state.dossierCode)) result.codes.push(executed.state.dossierCode);
      return true;
    };
    const intake = {
      procedureCode: procedure.code,
      unit,
      applicant,
      channel,
      components: (procedure.components ?? []).map((c) => ({ code: c.code, name: c.name, form: 'copy', digitised: rnd() < 0.7 })),
    };
    result.dossiers++;
    if (procedure.instant) {
      await run({ type: 'HandleInstantly', ...intake, electronicResult: rnd() < 0.3 }, received);
      if (rnd() < 0.5) await run(rating(rnd, false), at(day, 990));
      continue;
    }
    await run({ type: 'ReceiveDossier', ...intake }, received);
    const state = () => engine.get(dossierId);
    const transferDay = received.slice(11, 16) >= '15:00' ? cal.nextWorkingDay(day) : day;
    if (
      !(await run(
        { type: 'TransferDossier', mode: channel === 'online' ? 'electronic' : 'paper' },
        transferDay === day ? at(day, minutesOf(received) + 20 + Math.floor(rnd() * 60)) : at(transferDay, 480),
      ))
    )
      continue;
    if (rnd() < 0.12 && procedure.timeLimit.statutory.unit === 'workingDays') {
      const asked = cal.addWorkingDays(transferDay, 1);
      if (!(await run({ type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ tùy thân có chứng thực' }], reason: 'Thiếu giấy tờ theo quy định' }, at(asked, 600)))) continue;
      if (!(await run({ type: 'ProvideSupplement' }, at(cal.addWorkingDays(asked, 1 + Math.floor(rnd() * 4)), 540)))) continue;
    }
    // A few dossiers stall with an officer (still open; overdue once their due date passes).
    if (rnd() < 0.05) continue;
    const due = (await state()).due!.legal.date;
    const start = localDateOf(last);
    const roll = rnd();
    let resolveDay: string;
    let late = false;
    if (roll < 0.5 && cal.workingDaysBetween(start, due) >= 1) resolveDay = cal.addWorkingDays(start, Math.floor(rnd() * cal.workingDaysBetween(start, due)));
    else if (roll < 0.86) resolveDay = due;
    else {
      late = true;
      resolveDay = cal.addWorkingDays(due, 1 + Math.floor(rnd() * 4));
    }
    if (late && rnd() < 0.4 && cal.workingDaysBetween(start, due) >= 2) {
      const when = at(previousWorkingDay(cal, due), 900);
      if (when > last && !(await run({ type: 'IssueApology', reason: 'Chờ ý kiến cơ quan phối hợp', lateUnit: procedure.agency.name, newDueDate: resolveDay }, when))) continue;
    }
    const resolvedAt = at(resolveDay, resolveDay === localDateOf(last) ? Math.min(Math.max(minutesOf(last) + 30, 600), 1430) : 540 + Math.floor(rnd() * 420));
    // The internal approval route (specialist → head → leader signs) before the result, all forwarded by the resolution time.
    let forwarded = true;
    for (const _step of procedure.approvalRoute?.steps ?? []) if (!(forwarded = await run({ type: 'ForwardStep' }, resolvedAt))) break;
    if (!forwarded) continue;
    if (rnd() < 0.03) {
      await run({ type: 'RefuseResolution', reason: 'Hồ sơ không đủ điều kiện theo quy định' }, resolvedAt);
      continue;
    }
    if (!(await run({ type: 'Resolve', electronicResult: rnd() < 0.4 }, resolvedAt))) continue;
    if (!(await run({ type: 'ReturnResult', method: channel === 'online' ? 'online' : 'counter' }, at(cal.addWorkingDays(resolveDay, Math.floor(rnd() * 2)), 1000)))) continue;
    if (rnd() < 0.65) await run(rating(rnd, late), at(localDateOf(last), Math.min(minutesOf(last) + 10, 1430)));
  }
  return result;
}

function rating(rnd: () => number, late: boolean): Record<string, unknown> {
  const level = () => {
    const draw = rnd() + (late ? 0.35 : 0);
    return draw < 0.45 ? 'Rất hài lòng' : draw < 0.9 ? 'Hài lòng' : 'Không hài lòng';
  };
  const ratings = [
    { criterion: 'Thời gian giải quyết', level: level() },
    { criterion: 'Thái độ cán bộ', level: level() },
  ];
  return { type: 'Rate', channel: rnd() < 0.5 ? 'kiosk' : 'online', ratings, like: !ratings.some((r) => r.level === 'Không hài lòng') };
}

const minutesOf = (iso: string): number => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

function dateMinus(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

function previousWorkingDay(cal: WorkingCalendar, day: string): string {
  let date = dateMinus(day, 1);
  while (!cal.isWorkingDay(date)) date = dateMinus(date, 1);
  return date;
}

/**
 * The workload: which one-stop units receive dossiers, how many, and when.
 * Arrivals fall only on the units' reception days (Monday–Friday plus
 * Saturday morning, never on holidays or inside the Tết window) and follow
 * the volumes of the brief (§9): Gia Lâm district, Hà Nội, 16/12/2020 –
 * 31/05/2021 — 12,989 dossiers at the district, 61,494 at its 22 communes;
 * Lạng Sơn province 2021 – mid-2024 — 2,182,152 dossiers.
 */
import { receptionCalendar, type Calendar } from '@motcua/calendar';
import { SIM_PROCEDURES, type SimProcedure, type UnitKind } from './catalog';
import { intBetween, rng, weighted, type Rng } from './random';

/** A receiving one-stop unit (Bộ phận Một cửa), TT 10/2016 code. */
export interface SimUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Relative volume among units of the same kind. */
  weight: number;
  /** First and last day the unit receives dossiers (absent: always). District units end on 30/06/2025. */
  validFrom?: string;
  validTo?: string;
}

/** A named workload: units, default period and volume. */
export interface Scale {
  id: 'gia-lam' | 'lang-son' | 'gia-lam-2025';
  name: string;
  from: string;
  to: string;
  dossiers: number;
  /** Share of the dossiers per kind of unit. */
  share: Partial<Record<UnitKind, number>>;
  units: readonly SimUnit[];
  /**
   * From this day (two-tier local government, 01/07/2025) the share of
   * unit kinds no longer in force (district) is received by the units still
   * in force (the communes), with the same procedure mix; and a share of the
   * commune dossiers are received at one commune for a procedure of another
   * (reception regardless of administrative boundaries, NĐ 118/2025 Đ14.2).
   */
  twoTier?: { from: string; crossBoundaryShare: number };
}

const GIA_LAM_COMMUNES = [
  'Thị trấn Trâu Quỳ',
  'Thị trấn Yên Viên',
  'Xã Bát Tràng',
  'Xã Cổ Bi',
  'Xã Dương Hà',
  'Xã Dương Quang',
  'Xã Dương Xá',
  'Xã Đa Tốn',
  'Xã Đặng Xá',
  'Xã Đình Xuyên',
  'Xã Đông Dư',
  'Xã Kiêu Kỵ',
  'Xã Kim Lan',
  'Xã Kim Sơn',
  'Xã Lệ Chi',
  'Xã Ninh Hiệp',
  'Xã Phù Đổng',
  'Xã Phú Thị',
  'Xã Trung Mầu',
  'Xã Văn Đức',
  'Xã Yên Thường',
  'Xã Yên Viên',
];
/** Rough relative population weights (towns and large communes receive more). */
const GIA_LAM_WEIGHTS = [2.2, 1.6, 1.1, 1.0, 0.9, 0.8, 1.3, 1.2, 1.0, 1.0, 0.5, 1.1, 0.5, 0.9, 1.0, 1.5, 0.9, 0.7, 0.6, 0.8, 0.9, 1.0];

const LANG_SON_DISTRICTS = ['Thành phố Lạng Sơn', 'Tràng Định', 'Văn Lãng', 'Văn Quan', 'Bình Gia', 'Bắc Sơn', 'Hữu Lũng', 'Chi Lăng', 'Cao Lộc', 'Lộc Bình', 'Đình Lập'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Gia Lâm (Hà Nội): one district unit and 22 commune units. Unit codes follow
 * TT 10/2016 (`000.<commune>.<district>.H26`); the district number 20 is
 * illustrative, H26 is Hà Nội.
 */
export const GIA_LAM: Scale = {
  id: 'gia-lam',
  name: 'Huyện Gia Lâm, Hà Nội',
  from: '2020-12-16',
  to: '2021-05-31',
  dossiers: 12_989 + 61_494,
  share: { district: 12_989 / 74_483, commune: 61_494 / 74_483 },
  units: [
    { code: '000.00.20.H26', name: 'Bộ phận Một cửa UBND huyện Gia Lâm', kind: 'district', weight: 1 },
    ...GIA_LAM_COMMUNES.map((name, communeIndex) => ({
      code: `000.${pad2(communeIndex + 1)}.20.H26`,
      name: `Bộ phận Một cửa UBND ${name.replace('Thị trấn', 'thị trấn').replace('Xã', 'xã')}`,
      kind: 'commune' as const,
      weight: GIA_LAM_WEIGHTS[communeIndex]!,
    })),
  ],
};

/**
 * Lạng Sơn: the provincial public-service centre, 11 district units and four
 * commune units per district (a sample of its ~200 communes carrying their
 * volume). H42 and the unit numbers are illustrative TT 10/2016 codes.
 * The level split (province 30 %, district 25 %, commune 45 %) is an assumption.
 */
export const LANG_SON: Scale = {
  id: 'lang-son',
  name: 'Tỉnh Lạng Sơn',
  from: '2021-01-01',
  to: '2024-06-30',
  dossiers: 2_182_152,
  share: { province: 0.3, district: 0.25, commune: 0.45 },
  units: [
    { code: '000.00.01.H42', name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn', kind: 'province', weight: 1 },
    ...LANG_SON_DISTRICTS.flatMap((district, districtIndex) => [
      {
        code: `000.00.${pad2(districtIndex + 2)}.H42`,
        name: `Bộ phận Một cửa ${districtIndex === 0 ? district : `huyện ${district}`}`,
        kind: 'district' as const,
        weight: districtIndex === 0 ? 2 : 1,
      },
      ...[1, 2, 3, 4].map((commune) => ({
        code: `000.${pad2(commune)}.${pad2(districtIndex + 2)}.H42`,
        name: `Bộ phận Một cửa xã số ${commune}, ${district}`,
        kind: 'commune' as const,
        weight: commune === 1 ? 1.5 : 1,
      })),
    ]),
  ],
};

/**
 * The new communes that took over Gia Lâm district on 01/07/2025 (Hà Nội's
 * two-tier rearrangement [S]; the list and the split of the old communes are
 * illustrative [U]). Codes are illustrative TT 10/2016-style codes.
 */
const GIA_LAM_2025_COMMUNES = ['Xã Gia Lâm', 'Xã Thuận An', 'Xã Bát Tràng', 'Xã Phù Đổng'];
const GIA_LAM_2025_WEIGHTS = [1.4, 1.2, 0.7, 1.0];

/**
 * Gia Lâm through 2025: the district and its 22 communes until 30/06/2025,
 * then four commune public-service centres (Trung tâm phục vụ hành chính công
 * xã) receiving the district's procedures too (two-tier local government).
 * 5 % of the commune dossiers after the change are for a procedure of
 * another commune (NĐ 118/2025 Đ14.2) [U: share assumed]. Volume: 40,000
 * dossiers, about a quarter of Gia Lâm's 2020–2021 rate (74,483 in 5.5
 * months ≈ 160,000 a year) so the year runs in about a minute; pass
 * `--dossiers 160000` for the full rate.
 */
export const GIA_LAM_2025: Scale = {
  id: 'gia-lam-2025',
  name: 'Gia Lâm, Hà Nội, 2025 (huyện → xã)',
  from: '2025-01-01',
  to: '2025-12-31',
  dossiers: 40_000,
  share: GIA_LAM.share,
  units: [
    ...GIA_LAM.units.map((u) => ({ ...u, validTo: '2025-06-30' })),
    ...GIA_LAM_2025_COMMUNES.map((name, communeIndex) => ({
      code: `000.${pad2(61 + communeIndex)}.00.H26`,
      name: `Trung tâm phục vụ hành chính công ${name.replace('Xã', 'xã')}`,
      kind: 'commune' as const,
      weight: GIA_LAM_2025_WEIGHTS[communeIndex]!,
      validFrom: '2025-07-01',
    })),
  ],
  twoTier: { from: '2025-07-01', crossBoundaryShare: 0.05 },
};

/** Named scales for `--scale`. */
export const SCALES: Readonly<Record<Scale['id'], Scale>> = { 'gia-lam': GIA_LAM, 'lang-son': LANG_SON, 'gia-lam-2025': GIA_LAM_2025 };

/** One arriving dossier: where, when, which procedure; `index` seeds its own random stream. */
export interface Arrival {
  index: number;
  unit: SimUnit;
  sim: SimProcedure;
  /** Local date and the minute of the day it arrives at the counter (or is submitted online). */
  day: string;
  minute: number;
  /** The competent unit when the dossier is for another unit's procedure (NĐ 118/2025 Đ14.2); absent: the receiving unit. */
  competentUnit?: SimUnit;
}

/**
 * Relative load of a reception day: Saturday mornings are light, Mondays
 * heavy, the week before Tết and the days after it busy (brief §9 gives no
 * daily profile; these factors are assumptions).
 */
export function dayFactor(day: string, cal: Calendar): number {
  const wk = new Date(`${day}T00:00:00Z`).getUTCDay();
  let factor = wk === 6 ? 0.35 : wk === 1 ? 1.15 : wk === 5 ? 0.95 : 1;
  // Before/after a long closure (Tết): the last 5 reception days before, the first 5 after.
  const prev = cal.previousWorkingDay(day);
  const gapBefore = (Date.parse(day) - Date.parse(prev)) / 86_400_000;
  if (gapBefore >= 5) factor *= 1.4;
  return factor;
}

/** Reception days (counter open) between two local dates, inclusive. */
export function receptionDays(from: string, to: string, cal: Calendar = receptionCalendar()): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    if (cal.isWorkingDay(date)) out.push(date);
  }
  return out;
}

/** Options of {@link arrivals}. */
export interface ArrivalOptions {
  scale: Scale;
  dossiers: number;
  from: string;
  to: string;
  seed: number;
  reception?: Calendar;
}

/**
 * Exactly `dossiers` arrivals spread over the reception days of the period,
 * in time order, generated lazily day by day (the Lạng Sơn scale never holds
 * all of them in memory). The count of each (day, unit) cell is its expected
 * share, rounded by systematic sampling with a seeded offset.
 */
export function* arrivals(options: ArrivalOptions): Generator<Arrival> {
  const cal = options.reception ?? receptionCalendar();
  const days = receptionDays(options.from, options.to, cal);
  if (days.length === 0) return;
  const kinds = (Object.keys(options.scale.share) as UnitKind[]).filter((k) => options.scale.units.some((u) => u.kind === k));
  const shareSum = kinds.reduce((n, k) => n + options.scale.share[k]!, 0);
  const factors = days.map((d) => dayFactor(d, cal));
  const factorSum = factors.reduce((a, b) => a + b, 0);
  const random = rng(options.seed, 'arrivals');
  // A separate stream for cross-boundary draws, so scales without them keep their arrivals.
  const rc = rng(options.seed, 'cross-boundary');
  const eras = new Map<string, Era>();
  let cum = random.next();
  let index = 0;
  for (let di = 0; di < days.length; di++) {
    const day = days[di]!;
    const active = options.scale.units.filter(
      (activeUnit) => (activeUnit.validFrom === undefined || activeUnit.validFrom <= day) && (activeUnit.validTo === undefined || day <= activeUnit.validTo),
    );
    const eraKey = active.map((u) => u.code).join(',');
    let era = eras.get(eraKey);
    if (!era) eras.set(eraKey, (era = eraOf(active, kinds, options.scale, shareSum)));
    const cross = options.scale.twoTier && day >= options.scale.twoTier.from ? options.scale.twoTier.crossBoundaryShare : 0;
    const sessions = cal.sessionsOn(day);
    const today: Arrival[] = [];
    for (const [unit, share] of era.unitShare) {
      const expected = (options.dossiers * share * factors[di]!) / factorSum;
      const count = Math.floor(cum + expected) - Math.floor(cum);
      cum += expected;
      const menu = era.menus.get(unit.kind)!;
      for (let i = 0; i < count; i++) {
        const sim = weighted(random, menu, (m) => m.weight).sim;
        const arrival: Arrival = { index: 0, unit, sim, day, minute: minuteIn(random, sessions) };
        if (cross > 0 && !sim.procedure.instant && rc.next() < cross) {
          const others = active.filter((u) => u.kind === unit.kind && u !== unit);
          if (others.length) arrival.competentUnit = others[Math.floor(rc.next() * others.length)]!;
        }
        today.push(arrival);
      }
    }
    today.sort((a, b) => a.minute - b.minute || (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
    for (const arrival of today) {
      if (index >= options.dossiers) return;
      arrival.index = index++;
      yield arrival;
    }
  }
}

/** The receiving units in force on a day, their shares, and each kind's procedure menu. */
interface Era {
  unitShare: Map<SimUnit, number>;
  menus: Map<UnitKind, { sim: SimProcedure; weight: number }[]>;
}

/**
 * Shares and menus for a set of units in force. A kind with no unit in force
 * (districts after 30/06/2025) hands its share and its procedure mix to the
 * communes: each kind's procedures keep the volume they had.
 */
function eraOf(active: readonly SimUnit[], kinds: readonly UnitKind[], scale: Scale, shareSum: number): Era {
  const live = kinds.filter((k) => active.some((u) => u.kind === k));
  const gone = kinds.filter((k) => !live.includes(k));
  const heir: UnitKind | undefined = live.includes('commune') ? 'commune' : live[0];
  const unitShare = new Map<SimUnit, number>();
  const menus = new Map<UnitKind, { sim: SimProcedure; weight: number }[]>();
  for (const kind of live) {
    const from = kind === heir ? [kind, ...gone] : [kind];
    const kindShare = from.reduce((n, x) => n + scale.share[x]!, 0) / shareSum;
    const us = active.filter((u) => u.kind === kind);
    const weightSum = us.reduce((n, u) => n + u.weight, 0);
    for (const kindUnit of us) unitShare.set(kindUnit, (kindShare * kindUnit.weight) / weightSum);
    // Menu weight: each source kind's procedure mix, scaled to that kind's share.
    const menu = new Map<SimProcedure, number>();
    for (const sourceKind of from) {
      const procs = SIM_PROCEDURES.filter((s) => (s.profile.weight[sourceKind] ?? 0) > 0);
      const total = procs.reduce((n, s) => n + s.profile.weight[sourceKind]!, 0);
      for (const simProcedure of procs)
        menu.set(
          simProcedure,
          (menu.get(simProcedure) ?? 0) +
            (from.length === 1 ? simProcedure.profile.weight[sourceKind]! : (scale.share[sourceKind]! * simProcedure.profile.weight[sourceKind]!) / total),
        );
    }
    menus.set(
      kind,
      [...menu].map(([sim, weight]) => ({ sim, weight })),
    );
  }
  return { unitShare, menus };
}

/** A minute of the day inside the sessions, mornings busier than afternoons. */
function minuteIn(random: Rng, sessions: readonly (readonly [string, string])[]): number {
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const ss = sessions.length ? sessions : ([['07:30', '11:30']] as const);
  const session = weighted(random, ss, (x) => (toMin(x[0]) < 12 * 60 ? 1.4 : 1) * (toMin(x[1]) - toMin(x[0])));
  return intBetween(random, toMin(session[0]), toMin(session[1]) - 5);
}

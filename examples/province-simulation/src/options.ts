/**
 * Command-line options of the simulation (`pnpm demo …`), parsed with
 * `node:util` parseArgs. Bad options throw {@link UsageError}; the CLI prints
 * its message and exits with code 2.
 */
import { parseArgs } from 'node:util';
import { receptionDays, SCALES, type Scale } from './workload';

/** Validated options. */
export interface SimOptions {
  scale: Scale;
  dossiers: number;
  from: string;
  to: string;
  seed: number;
  store: 'sqlite' | 'postgres' | 'memory';
  /** SQLite file (default: a new file in a temporary directory). */
  db?: string;
  /** PostgreSQL connection string (default `$DATABASE_URL`, else a temporary server). */
  url?: string;
  /** PostgreSQL schema (default `motcua_sim`). */
  schema: string;
  json: boolean;
  /** Cut every working-day limit by this percentage and replay the same history. */
  whatIf?: number;
  lang: 'vi' | 'en';
  /** Progress bar / lines on stderr (default true). */
  progress: boolean;
  help: boolean;
}

/** A bad command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Usage text. */
export const USAGE = `usage: pnpm demo [options]

Simulates a one-stop (một cửa) system and prints what a provincial office reports.

  --dossiers N        number of dossiers (default: the scale's volume for the period)
  --from YYYY-MM-DD   first day (default 2020-12-16; lang-son: 2021-01-01)
  --to YYYY-MM-DD     last day  (default 2021-05-31; lang-son: 2024-06-30)
  --seed N            random seed (default 2021); same seed, same report
  --store KIND        sqlite (default) | memory | postgres
  --db FILE           SQLite file (default: a new temporary file); must be new or empty
  --url URL           PostgreSQL server for --store postgres (default $DATABASE_URL, else a temporary server)
  --schema NAME       PostgreSQL schema (default motcua_sim); must be new or empty
  --scale NAME        gia-lam (default: Gia Lâm district, ~74,000 dossiers in 5.5 months)
                      lang-son (Lạng Sơn province, ~2.18 million dossiers in 3.5 years)
  --what-if PERCENT   also replay the same history with every time limit cut by PERCENT
  --json              machine-readable report on stdout
  --lang vi|en        report language (default vi)
  --no-progress       no progress output on stderr
  -h, --help          this help`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The simulated units are four-level-era one-stop units: TT 01/2018 in force → district units abolished. */
export const EARLIEST = '2019-01-06';
export const LATEST = '2025-06-30';

function date(name: string, v: string): string {
  if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got '${v}'`);
  if (v < EARLIEST || v > LATEST) throw new UsageError(`--${name} ${v} is outside ${EARLIEST} … ${LATEST} (TT 01/2018 in force … district one-stop units abolished on 01/07/2025)`);
  return v;
}

function integer(name: string, v: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(v.replace(/_/g, ''))) throw new UsageError(`--${name} must be an integer, got '${v}'`);
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}, got ${v}`);
  return n;
}

/**
 * Parse and validate the command line.
 * @example parseOptions(['--dossiers', '5000', '--store', 'memory']).dossiers; // 5000
 */
export function parseOptions(argv: readonly string[]): SimOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        dossiers: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        seed: { type: 'string' },
        store: { type: 'string' },
        db: { type: 'string' },
        url: { type: 'string' },
        schema: { type: 'string' },
        scale: { type: 'string' },
        'what-if': { type: 'string' },
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        progress: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const scaleName = values.scale ?? 'gia-lam';
  if (!(scaleName in SCALES)) throw new UsageError(`--scale must be one of ${Object.keys(SCALES).join(', ')}, got '${scaleName}'`);
  const scale = SCALES[scaleName as keyof typeof SCALES];
  const from = values.from !== undefined ? date('from', values.from) : scale.from;
  const to = values.to !== undefined ? date('to', values.to) : scale.to;
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const store = values.store ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'memory' && store !== 'postgres') throw new UsageError(`--store must be sqlite, memory or postgres, got '${store}'`);
  if (values.db !== undefined && store !== 'sqlite') throw new UsageError('--db is for --store sqlite');
  if ((values.url !== undefined || values.schema !== undefined) && store !== 'postgres') throw new UsageError('--url and --schema are for --store postgres');
  if (values.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(values.schema)) throw new UsageError(`--schema must be a lower-case SQL identifier, got '${values.schema}'`);
  const lang = values.lang ?? 'vi';
  if (lang !== 'vi' && lang !== 'en') throw new UsageError(`--lang must be vi or en, got '${lang}'`);
  let whatIf: number | undefined;
  if (values['what-if'] !== undefined) {
    const v = values['what-if'].replace(/%$/, '');
    whatIf = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || !(whatIf >= 0 && whatIf <= 90)) throw new UsageError(`--what-if must be a percentage between 0 and 90, got '${values['what-if']}'`);
  }
  let dossiers: number;
  if (values.dossiers !== undefined) dossiers = integer('dossiers', values.dossiers, 1, 50_000_000);
  else if (from === scale.from && to === scale.to) dossiers = scale.dossiers;
  else {
    // The scale's volume per reception day over the chosen period.
    const perDay = scale.dossiers / receptionDays(scale.from, scale.to).length;
    dossiers = Math.max(1, Math.round(perDay * receptionDays(from, to).length));
  }
  if (receptionDays(from, to).length === 0) throw new UsageError(`no reception day between ${from} and ${to}`);
  return {
    scale,
    dossiers,
    from,
    to,
    seed: values.seed !== undefined ? integer('seed', values.seed, 0, 2 ** 32 - 1) : 2021,
    store,
    ...(values.db !== undefined ? { db: values.db } : {}),
    ...(values.url !== undefined ? { url: values.url } : {}),
    schema: values.schema ?? 'motcua_sim',
    json: values.json,
    ...(whatIf !== undefined ? { whatIf } : {}),
    lang,
    progress: values.progress,
    help: values.help,
  };
}

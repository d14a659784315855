/**
 * Command-line options of the simulation (`pnpm demo …`), read with
 * `node:util` parseArgs and validated with a zod schema. Bad options throw
 * {@link UsageError} naming every bad option (`--dossiers must be an integer,
 * got 'many'; --lang must be vi or en, got 'fr'`); the CLI prints its message
 * and exits with code 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { receptionDays, SCALES, type Scale } from './workload';

/** Validated options. */
export interface SimOptions {
  scale: Scale;
  dossiers: number;
  from: string;
  to: string;
  seed: number;
  store: 'sqlite' | 'postgres' | 'memory';
  /** SQLite file the user names (kept after the run). Default: a new file in a temporary directory, deleted at exit. */
  db?: string;
  /** Keep the temporary SQLite file after the run (its path is printed). */
  keepDb: boolean;
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
  --from YYYY-MM-DD   first day (default 2020-12-16; lang-son: 2021-01-01; gia-lam-2025: 2025-01-01)
  --to YYYY-MM-DD     last day  (default 2021-05-31; lang-son: 2024-06-30; gia-lam-2025: 2025-12-31)
  --seed N            random seed (default 2021); same seed, same report
  --store KIND        sqlite (default) | memory | postgres
  --db FILE           SQLite file to write and keep; must be new or empty
                      (default: a temporary file, deleted when the run ends, also on error or Ctrl-C)
  --keep-db           keep the temporary SQLite file and print its path
  --url URL           PostgreSQL server for --store postgres (default $DATABASE_URL, else a temporary server)
  --schema NAME       PostgreSQL schema (default motcua_sim); must be new or empty
  --scale NAME        gia-lam (default: Gia Lâm district, ~74,000 dossiers in 5.5 months)
                      lang-son (Lạng Sơn province, ~2.18 million dossiers in 3.5 years)
                      gia-lam-2025 (Gia Lâm in 2025: district units until 30/06, commune centres from 01/07)
  --what-if PERCENT   also replay the same history with every time limit cut by PERCENT
  --json              machine-readable report on stdout (pnpm demo --json > report.json)
  --lang vi|en        report language (default vi)
  --no-progress       no progress output on stderr
  -h, --help          this help`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The simulated units are four-level-era one-stop units: TT 01/2018 in force → district units abolished. */
export const EARLIEST = '2019-01-06';
/** Last day of the scales of district units (gia-lam, lang-son): district one-stop units were abolished on 01/07/2025. */
export const LATEST = '2025-06-30';
/** Last day of a scale that crosses into two-tier local government (gia-lam-2025: communes from 01/07/2025): the end of 2025. */
export const LATEST_TWO_TIER = '2025-12-31';
/** The last day a scale can simulate. */
export const latestFor = (scale: Pick<Scale, 'twoTier'>): string => (scale.twoTier ? LATEST_TWO_TIER : LATEST);

// Each option's message is completed with the option's name: `--<name> <message>`.
const date = z.string().transform((value, ctx) => {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    ctx.addIssue({ code: 'custom', message: `must be a date YYYY-MM-DD, got '${value}'` });
  else if (value < EARLIEST || value > LATEST_TWO_TIER)
    ctx.addIssue({ code: 'custom', message: `${value} is outside ${EARLIEST} … ${LATEST_TWO_TIER} (TT 01/2018 in force … the end of 2025)` });
  return value;
});

const integer = (min: number, max: number) =>
  z.string().transform((value, ctx) => {
    const digits = value.replace(/_/g, '');
    const numeric = Number(digits);
    if (!/^-?\d+$/.test(digits)) ctx.addIssue({ code: 'custom', message: `must be an integer, got '${value}'` });
    else if (!Number.isSafeInteger(numeric) || numeric < min || numeric > max)
      ctx.addIssue({ code: 'custom', message: `must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}, got ${value}` });
    return numeric;
  });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { error: (iss) => `must be ${message}, got '${String(iss.input)}'` });

const percentage = z.string().transform((raw, ctx) => {
  const number = raw.replace(/%$/, '');
  const numeric = Number(number);
  if (!/^\d+(\.\d+)?$/.test(number) || !(numeric >= 0 && numeric <= 90)) ctx.addIssue({ code: 'custom', message: `must be a percentage between 0 and 90, got '${raw}'` });
  return numeric;
});

const scaleNames = Object.keys(SCALES) as [Scale['id'], ...Scale['id'][]];

/** The options as parseArgs gives them (strings and booleans), checked field by field, then together. */
const optionsSchema = z
  .object({
    scale: oneOf(scaleNames, `one of ${scaleNames.join(', ')}`).default('gia-lam'),
    dossiers: integer(1, 50_000_000).optional(),
    from: date.optional(),
    to: date.optional(),
    seed: integer(0, 2 ** 32 - 1).default(2021),
    store: oneOf(['sqlite', 'memory', 'postgres'], 'sqlite, memory or postgres').default('sqlite'),
    db: z.string().min(1, { error: 'must name a file' }).optional(),
    'keep-db': z.boolean(),
    url: z.string().optional(),
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: (iss) => `must be a lower-case SQL identifier, got '${String(iss.input)}'` })
      .optional(),
    'what-if': percentage.optional(),
    json: z.boolean(),
    lang: oneOf(['vi', 'en'], 'vi or en').default('vi'),
    progress: z.boolean(),
    help: z.boolean(),
  })
  .transform((options, ctx): SimOptions => {
    const scale = SCALES[options.scale];
    const from = options.from ?? scale.from;
    const to = options.to ?? scale.to;
    const problem = (path: string | undefined, message: string) => ctx.addIssue({ code: 'custom', path: path === undefined ? [] : [path], message });
    if (from > to) problem('from', `${from} is after --to ${to}`);
    // District one-stop units were abolished on 01/07/2025: only a scale with the communes that took over runs past it.
    const latest = latestFor(scale);
    for (const [name, day] of [
      ['from', options.from],
      ['to', options.to],
    ] as const)
      if (day !== undefined && day <= LATEST_TWO_TIER && day > latest)
        problem(name, `${day} is after ${latest}: the ${options.scale} scale's district units were abolished on 01/07/2025 (--scale gia-lam-2025 runs to ${LATEST_TWO_TIER})`);
    if (options.db !== undefined && options.store !== 'sqlite') problem('db', 'is for --store sqlite');
    if (options['keep-db'] && options.store !== 'sqlite') problem('keep-db', 'is for --store sqlite');
    if (options.url !== undefined && options.store !== 'postgres') problem('url', 'is for --store postgres');
    if (options.schema !== undefined && options.store !== 'postgres') problem('schema', 'is for --store postgres');
    const days = from <= to ? receptionDays(from, to).length : 0;
    if (from <= to && days === 0) problem(undefined, `no reception day between ${from} and ${to}`);
    let dossiers = options.dossiers;
    if (dossiers === undefined) {
      if (from === scale.from && to === scale.to) dossiers = scale.dossiers;
      else {
        // The scale's volume per reception day over the chosen period.
        const perDay = scale.dossiers / receptionDays(scale.from, scale.to).length;
        dossiers = Math.max(1, Math.round(perDay * days));
      }
    }
    return {
      scale,
      dossiers,
      from,
      to,
      seed: options.seed,
      store: options.store,
      ...(options.db !== undefined ? { db: options.db } : {}),
      keepDb: options['keep-db'],
      ...(options.url !== undefined ? { url: options.url } : {}),
      schema: options.schema ?? 'motcua_sim',
      json: options.json,
      ...(options['what-if'] !== undefined ? { whatIf: options['what-if'] } : {}),
      lang: options.lang,
      progress: options.progress,
      help: options.help,
    };
  });

/** `--dossiers must be an integer, got 'many'; --lang must be vi or en, got 'fr'` */
const describeIssues = (issues: readonly z.core.$ZodIssue[]): string => issues.map((i) => (i.path.length ? `--${String(i.path[0])} ${i.message}` : i.message)).join('; ');

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
        'keep-db': { type: 'boolean', default: false },
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
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues));
  return parsed.data;
}

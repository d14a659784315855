/**
 * Type-checks the code examples (issue #11 item 11): every ```ts block of
 * README.md and docs/*.md, and every ```ts block of a JSDoc `@example` in
 * packages/*\/src and examples/*\/src. `pnpm check:examples`; exits 1 and lists each error at its
 * line in the doc or source file.
 *
 * Each example becomes a file under `.examples-check/` (gitignored), so the
 * `@motcua/*` path aliases of tsconfig.base.json resolve as in the packages:
 *
 * - the example's own `import` lines are kept; every other export of
 *   @motcua/core, /calendar, /projections, /store-sqlite and /store-postgres is
 *   in scope, as if imported (JSDoc examples usually leave imports out);
 * - the rest runs inside an `async` function (top-level `await` works, and the
 *   example's own declarations shadow the prelude's);
 * - the names examples use without defining them (`engine`, `store`, `cal`,
 *   `rows` …) are declared in {@link PRELUDE} — unused ones are fine;
 * - relative imports resolve from the source file's folder; a docs block that
 *   means another folder says so on the line before its fence:
 *   `<!-- check-examples: relative-to examples/one-stop-desk -->`.
 *
 * One-line `@example expr` tags are checked the same way. Deliberate
 * fragments opt out with ```ts nocheck or a `// @check-skip` comment; use
 * sparingly.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.examples-check');

/**
 * Modules whose exports every example sees, as if imported (first one wins on
 * a name clash). A JSDoc example also sees everything its own file exports,
 * before these.
 */
const AUTO_IMPORTS = [
  '@motcua/core',
  '@motcua/calendar',
  '@motcua/projections',
  '@motcua/store-sqlite',
  '@motcua/store-postgres',
  '@motcua/core/testkit',
  '@motcua/calendar/testkit',
  '@motcua/store-postgres/testkit',
  '@motcua/core/samples',
];
/** Other imports every example sees: [local name, module, imported name]. */
const EXTRA_IMPORTS: [string, string, string][] = [
  ['z', 'zod', 'z'],
  ['fc', 'fast-check', 'default'],
  ['uuidv7', 'uuid', 'v7'],
  ['pg', 'pg', 'default'],
  ['Database', 'better-sqlite3', 'default'],
  ['join', 'node:path', 'join'],
  ['tmpdir', 'node:os', 'tmpdir'],
  ['mkdtempSync', 'node:fs', 'mkdtempSync'],
  ['rmSync', 'node:fs', 'rmSync'],
];

/** Names examples use without defining them, one declaration a line. */
const PRELUDE = `
declare const engine: Engine;
declare const store: EventStore;
declare const catalog: Catalog;
declare const cal: Calendar;
declare const calendar: Calendar;
declare const procedure: Procedure;
declare const state: DossierState;
declare const event: DossierEvent;
declare const events: DossierEvent[];
declare const command: Command;
declare const id: string;
declare const dossierId: string;
declare const input: unknown;
declare const rows: Report06aRow[];
declare const projection: ReturnType<typeof timelinessProjection>;
declare const runner: ProjectionRunner<TimelinessState>;
declare const db: SqliteDatabase;
declare const pool: pg.Pool;
declare const client: pg.PoolClient;
declare const e: DossierEvent;
declare const checkpoint: number;
declare function apply(event: { position: number; type: string }): void;
declare const p: Procedure;
declare const landProcedure: Procedure;
declare const birth: Procedure;
declare const businessRegistration: Procedure;
declare const cmd: CommandInput;
declare const commands: CommandInput[];
declare const env: DecideEnv;
declare const unit: { code: string; name: string };
declare const applicant: { name: string; idNumber?: string; phone?: string };
declare const filename: string;
declare const due: Due;
declare const asOf: string;
declare const leg: Leg;
declare const source: Iterable<ImportStream>;
declare const legacyDossiers: { id: string; events: ImportStream['events'] }[];
declare function notify(...args: unknown[]): void;
declare const res: { status(code: number): { json(body: unknown): void } };
declare const intake: Record<string, unknown>;
declare function serve(options: { fetch: (request: Request) => Response | Promise<Response>; port?: number; hostname?: string }): unknown;
`;
/** Per-folder or per-file replacements of, or additions to, the prelude (a store package's `store` is its own store; a report's `runner` runs its projection). */
const PRELUDE_BY_FOLDER: Record<string, string> = {
  'packages/store-sqlite/': 'declare const store: SqliteEventStore;',
  'packages/store-postgres/': 'declare const store: PostgresEventStore;',
  'packages/calendar/': 'declare const input: KpiInput;',
  'packages/calendar/src/legs.ts': 'declare const input: KpiInput;\ndeclare const route: Route;',
  'packages/core/src/machine/allowed.ts': 'declare const table: Parameters<typeof allowedCommands>[0];',
  'packages/core/src/procedure/levels.ts': 'declare const procedures: Procedure[];\ndeclare const myLevel: (typeof DEFAULT_LEVELS)[number];',
  'packages/core/src/store/append-checks.ts': 'declare const streamId: string;\ndeclare const expected: number;\ndeclare const cause: unknown;',
  'packages/projections/src/control-slip/': 'declare const runner: ProjectionRunner<ControlSlipState>;',
  'packages/projections/src/reception/': 'declare const runner: ProjectionRunner<ReceptionState>;',
  'packages/projections/src/satisfaction/': 'declare const runner: ProjectionRunner<SatisfactionState>;',
  'packages/projections/src/tt01/': 'declare const runner: ProjectionRunner<Tt01State>;',
  'packages/projections/src/export.ts': 'declare const state: TimelinessState;\ndeclare const query: Report06aQuery;',
  'packages/projections/src/timeliness/group.ts': 'declare const dims: Parameters<typeof groupAccumulators>[0];\ndeclare const accs: Parameters<typeof groupAccumulators>[1];',
  'examples/one-stop-desk/src/receipt.ts': 'declare const c: { html(html: string): Response };',
  'examples/one-stop-desk/src/server.ts': 'declare function createDeskApp(options: { engine: Engine }): Parameters<typeof listen>[0];',
  'examples/province-simulation/src/render.ts': 'declare const report: Parameters<typeof renderReport>[0];',
  'examples/province-simulation/src/report-thread.ts': 'declare const from: string;\ndeclare const to: string;',
  'examples/province-simulation/src/report.ts': "declare const runner: ProjectionRunner<ReturnType<ReturnType<typeof reportProjection>['init']>>;",
  'examples/province-simulation/src/run.ts': "declare const GIA_LAM: Parameters<typeof runSimulation>[0]['scale'];",
  'examples/province-simulation/src/simulate.ts': "declare const GIA_LAM: Parameters<typeof simulate>[0]['scale'];",
  'examples/province-simulation/src/scenario.ts': 'declare const arrival: Parameters<typeof planDossier>[0];\ndeclare const ctx: Parameters<typeof planDossier>[1];',
};

interface Example {
  /** Repo-relative source file. */
  file: string;
  /** 1-based line of the example's first code line in `file`. */
  line: number;
  code: string;
  /** Folder relative imports resolve from (absolute). */
  base: string;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : [],
  );

const SKIP_LINE = /\/\/\s*@check-skip\b/;

function fromMarkdown(path: string): Example[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\b(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const code = lines
      .slice(start, end)
      .map((l) => l.slice(open[1]!.length))
      .join('\n');
    const marker = /<!--\s*check-examples:\s*relative-to\s+(\S+)\s*-->/.exec(lines[i - 1] ?? '') ?? /<!--\s*check-examples:\s*relative-to\s+(\S+)\s*-->/.exec(lines[i - 2] ?? '');
    if (!/\bnocheck\b/.test(open[3]!) && !SKIP_LINE.test(code))
      out.push({ file: relative(ROOT, path), line: start + 1, code, base: marker ? join(ROOT, marker[1]!) : dirname(path) });
    i = end;
  }
  return out;
}

function fromJsDoc(path: string): Example[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A one-line `@example expr` (in a block comment or a one-line `/** … @example expr */`).
    const inline = /^\s*(?:\/\*\*.*?|\*\s*)@example\s+(\S.*?)\s*(?:\*\/\s*)?$/.exec(lines[i]!);
    if (inline && !inline[1]!.startsWith('```')) {
      if (!SKIP_LINE.test(inline[1]!)) out.push({ file: relative(ROOT, path), line: i + 1, code: inline[1]!, base: dirname(path) });
      continue;
    }
    if (!/^\s*\*\s*@example\s*$/.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*\*\s*$/.test(lines[j]!)) j++;
    const open = /^\s*\*\s?```(ts|typescript)\b(.*)$/.exec(lines[j] ?? '');
    if (!open) continue;
    const start = j + 1;
    let end = start;
    while (end < lines.length && !/^\s*\*\s?```\s*$/.test(lines[end]!) && !/\*\//.test(lines[end]!)) end++;
    const code = lines
      .slice(start, end)
      .map((l) => l.replace(/^\s*\*( |$)/, ''))
      .join('\n');
    if (!/\bnocheck\b/.test(open[2]!) && !SKIP_LINE.test(code)) out.push({ file: relative(ROOT, path), line: start + 1, code, base: dirname(path) });
    i = end;
  }
  return out;
}

const examples: Example[] = [
  ...[
    join(ROOT, 'README.md'),
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(ROOT, 'docs', f)),
  ].flatMap(fromMarkdown),
  ...['packages', 'examples']
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir)).flatMap((p) => {
        try {
          return walk(join(ROOT, dir, p, 'src'));
        } catch {
          return [];
        }
      }),
    )
    .sort()
    .flatMap(fromJsDoc),
];

const base = ts.getParsedCommandLineOfConfigFile(
  join(ROOT, 'tsconfig.base.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
)!;
const options: ts.CompilerOptions = { ...base.options, noEmit: true, allowImportingTsExtensions: true, declaration: false, sourceMap: false };
// Packages the root does not depend on (zod, uuid, hono …) resolve from the first workspace folder that does.
const workspaceModules = ['packages', 'examples'].flatMap((d) => readdirSync(join(ROOT, d)).map((p) => join(ROOT, d, p, 'node_modules')));
const paths: Record<string, string[]> = { ...base.options.paths };
for (const dir of workspaceModules) {
  let names: string[];
  try {
    names = readdirSync(dir).flatMap((n) => (n.startsWith('@') ? readdirSync(join(dir, n)).map((m) => `${n}/${m}`) : [n]));
  } catch {
    continue;
  }
  for (const n of names)
    if (!n.startsWith('@motcua/') && !n.startsWith('@types/') && !n.startsWith('.') && !paths[n] && !existsSync(join(ROOT, 'node_modules', n))) {
      paths[n] = [join(dir, n)];
      paths[`${n}/*`] = [join(dir, n, '*')];
    }
}
options.paths = paths;
const host = ts.createCompilerHost(options);

// The names each auto-imported package exports (values and types).
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const probe = join(OUT, '__exports.ts');
/** Import specifier of a file from the generated folder. */
const fromOut = (file: string): string => {
  const r = relative(OUT, file).replace(/\\/g, '/').replace(/\.ts$/, '');
  return r.startsWith('.') ? r : `./${r}`;
};
const ownFiles = [...new Set(examples.filter((e) => !e.file.endsWith('.md')).map((e) => join(ROOT, e.file)))];
const modules = [...AUTO_IMPORTS, ...ownFiles.map(fromOut)];
writeFileSync(probe, modules.map((m, i) => `import * as m${i} from '${m}';\nexport { m${i} };`).join('\n'));
const probeProgram = ts.createProgram([probe], options, host);
const checker = probeProgram.getTypeChecker();
/** Module → its exports: name → is a value. */
const exportsOf = new Map<string, Map<string, boolean>>();
const probeFile = probeProgram.getSourceFile(probe)!;
for (const [i, m] of modules.entries()) {
  const decl = probeFile.statements.filter(ts.isImportDeclaration)[i]!;
  const sym = checker.getSymbolAtLocation(decl.moduleSpecifier);
  if (!sym) throw new Error(`cannot resolve ${m}`);
  const names = new Map<string, boolean>();
  for (const e of checker.getExportsOfModule(sym)) {
    if (e.name === 'default') continue;
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    names.set(e.name, (target.flags & ts.SymbolFlags.Value) !== 0);
  }
  exportsOf.set(m, names);
}

interface Generated {
  path: string;
  example: Example;
  /** Generated line (0-based) → line in the example's file (1-based), or undefined for prelude lines. */
  origin: (number | undefined)[];
}

const generated: Generated[] = examples.map((example, n) => {
  const path = join(OUT, `${String(n).padStart(3, '0')}-${example.file.replace(/[^A-Za-z0-9]+/g, '_')}-${example.line}.ts`);
  const sf = ts.createSourceFile('x.ts', example.code, ts.ScriptTarget.ES2022, true);
  const codeLines = example.code.split('\n');
  const own = new Set<string>();
  const imports: { text: string; line: number }[] = [];
  for (const st of sf.statements) {
    // `declare` lines of the example (what the reader brings) go to the module scope, like imports.
    if (ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
      const from = sf.getLineAndCharacterOfPosition(st.getStart()).line;
      const to = sf.getLineAndCharacterOfPosition(st.getEnd()).line;
      imports.push({ text: codeLines.slice(from, to + 1).join('\n'), line: from });
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) own.add(d.name.text);
        }
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) own.add(st.name.text);
      for (let k = from; k <= to; k++) codeLines[k] = '';
      continue;
    }
    if (!ts.isImportDeclaration(st)) continue;
    const clause = st.importClause;
    if (clause?.name) own.add(clause.name.text);
    if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) own.add(clause.namedBindings.name.text);
    if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const el of clause.namedBindings.elements) own.add(el.name.text);
    const from = sf.getLineAndCharacterOfPosition(st.getStart()).line;
    const to = sf.getLineAndCharacterOfPosition(st.getEnd()).line;
    let text = codeLines.slice(from, to + 1).join('\n');
    const spec = (st.moduleSpecifier as ts.StringLiteral).text;
    if (spec.startsWith('.')) {
      let target = relative(OUT, resolve(example.base, spec)).replace(/\\/g, '/');
      if (!target.startsWith('.')) target = `./${target}`;
      text = text.replace(/(['"])\.{1,2}\/[^'"]*\1/, `'${target}'`);
    }
    imports.push({ text, line: from });
    for (let k = from; k <= to; k++) codeLines[k] = '';
  }
  // Auto-imports: the example's own file first, then AUTO_IMPORTS, then EXTRA_IMPORTS; never a name the example imports or declares at its top.
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) own.add(d.name.text);
      }
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) own.add(st.name.text);
  }
  const taken = new Set(own);
  const byModule = new Map<string, string[]>();
  const add = (m: string, text: string) => byModule.set(m, [...(byModule.get(m) ?? []), text]);
  for (const m of [...(example.file.endsWith('.md') ? [] : [fromOut(join(ROOT, example.file))]), ...AUTO_IMPORTS])
    for (const [name, value] of exportsOf.get(m)!)
      if (!taken.has(name)) {
        taken.add(name);
        add(m, value ? name : `type ${name}`);
      }
  const defaults: string[] = [];
  for (const [local, m, name] of EXTRA_IMPORTS) {
    if (taken.has(local)) continue;
    taken.add(local);
    if (name === 'default') defaults.push(`import ${local} from '${m}';`);
    else add(m, name === local ? local : `${name} as ${local}`);
  }
  let prelude = PRELUDE;
  for (const [folder, lines] of Object.entries(PRELUDE_BY_FOLDER))
    if (example.file.startsWith(folder))
      for (const line of lines.split('\n')) {
        const declared = new RegExp(`^declare (const|function) ${/^declare (?:const|function) (\w+)/.exec(line)![1]}\\b.*$`, 'm');
        prelude = declared.test(prelude) ? prelude.replace(declared, line) : `${prelude}${line}\n`;
      }
  prelude = prelude
    .split('\n')
    .filter((l) => {
      const m = /^declare (?:const|function) (\w+)/.exec(l);
      return !m || !own.has(m[1]!);
    })
    .join('\n');
  const out: string[] = [];
  const origin: (number | undefined)[] = [];
  const emit = (text: string, from?: number) =>
    text.split('\n').forEach((l, k) => {
      out.push(l);
      origin.push(from === undefined ? undefined : example.line + from + k);
    });
  emit(`// ${example.file}:${example.line}`);
  for (const [m, names] of byModule) emit(`import { ${names.join(', ')} } from '${m}';`);
  for (const d of defaults) emit(d);
  for (const imp of imports) emit(imp.text, imp.line);
  emit(prelude);
  emit('export async function __example(): Promise<void> {');
  codeLines.forEach((l, k) => emit(l, k));
  emit('}');
  writeFileSync(path, `${out.join('\n')}\n`);
  return { path, example, origin };
});

const program = ts.createProgram(
  generated.map((g) => g.path),
  options,
  host,
  probeProgram,
);
const byPath = new Map(generated.map((g) => [resolve(g.path), g]));
const problems: string[] = [];
const diagnostics = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...generated.flatMap((g) => {
    const sf = program.getSourceFile(g.path)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  }),
];
for (const d of diagnostics) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  const g = d.file ? byPath.get(resolve(d.file.fileName)) : undefined;
  if (!d.file || !g) {
    problems.push(`${d.file ? relative(ROOT, d.file.fileName) : '(global)'}: TS${d.code}: ${message}`);
    continue;
  }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const at = g.origin[line];
  problems.push(`${g.example.file}:${at ?? `${g.example.line} (prelude line ${line + 1} of ${relative(ROOT, g.path)})`}: TS${d.code}: ${message}`);
}

const files = new Set(examples.map((e) => e.file)).size;
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\ncheck:examples: ${problems.length} error(s) in ${examples.length} examples from ${files} files (generated files in ${relative(ROOT, OUT)}/)`);
  process.exit(1);
}
console.log(`check:examples: ${examples.length} examples from ${files} files type-check`);

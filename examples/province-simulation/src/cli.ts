/**
 * The command line: parse options, open the store, simulate, print the
 * report (text or JSON). Exit codes: 0 done, 1 failed, 2 bad options;
 * on Ctrl-C / SIGTERM it ends by that signal (a shell shows 130 / 143). Only the report goes to stdout
 * (`pnpm demo --json > report.json` is valid JSON); progress and notes go
 * to stderr. A temporary database is deleted on every way out.
 */
import { MotcuaError } from '@motcua/core';
import { parseOptions, USAGE, UsageError, type SimOptions } from './options';
import { renderPortalSync } from './portal-sync';
import { progressReporter } from './progress';
import { renderReport } from './render';
import type { Progress } from './run';
import { simulate, type SimulationResult } from './simulate';
import { openStore, type OpenedStore } from './stores';

/** Text after the report: the run, and the what-if comparison. */
export function renderSummary(outcome: SimulationResult, storeDescription: string, lang: 'vi' | 'en'): string {
  const vi = lang === 'vi';
  const formatCount = (x: number) => x.toLocaleString(vi ? 'vi-VN' : 'en');
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const out = [
    '',
    vi
      ? `Mô phỏng: ${formatCount(outcome.run.dossiers)} hồ sơ, ${formatCount(outcome.run.commands)} lệnh, ${formatCount(outcome.run.events)} sự kiện trên ${storeDescription} — chạy ${seconds(outcome.run.wallMs)} s, dựng báo cáo ${seconds(outcome.run.projectionMs)} s (${formatCount(outcome.run.commandsPerSecond)} lệnh/s). Hạt giống ${outcome.input.seed}.`
      : `Simulated ${formatCount(outcome.run.dossiers)} dossiers, ${formatCount(outcome.run.commands)} commands, ${formatCount(outcome.run.events)} events on ${storeDescription} — run ${seconds(outcome.run.wallMs)} s, reports ${seconds(outcome.run.projectionMs)} s (${formatCount(outcome.run.commandsPerSecond)} commands/s). Seed ${outcome.input.seed}.`,
    vi
      ? `Thư xin lỗi và hẹn lại (Mẫu 04): ${formatCount(outcome.run.apologies.issued)}, trong đó ${formatCount(outcome.run.apologies.late)} gửi muộn.`
      : `Apologies and new appointments (Form 04): ${formatCount(outcome.run.apologies.issued)}, ${formatCount(outcome.run.apologies.late)} of them late.`,
  ];
  if (outcome.portalSync) out.push(renderPortalSync(outcome.portalSync, lang));
  if (outcome.run.failures.length)
    out.push(`${vi ? 'Lệnh bị từ chối' : 'Refused commands'}: ${outcome.run.failures.map((f) => `${f.type} ${f.code} ×${f.count} (${f.example})`).join('; ')}`);
  if (outcome.whatIf) {
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)} %`);
    out.push(
      vi
        ? `Giả định cắt giảm ${outcome.whatIf.cutPercent} % thời hạn giải quyết, cùng lịch sử: tỷ lệ trước hạn và đúng hạn ${pct(outcome.whatIf.onTimeRate)} (thực tế mô phỏng ${pct(outcome.report.onTimeRate)}); chỉ số 2.1: ${outcome.whatIf.points21 ?? '—'}/20 điểm (so với ${outcome.report.decision766?.indicators['2.1'].points ?? '—'}).`
        : `What if every time limit were cut by ${outcome.whatIf.cutPercent} %, same history: early or on-time rate ${pct(outcome.whatIf.onTimeRate)} (simulated: ${pct(outcome.report.onTimeRate)}); indicator 2.1: ${outcome.whatIf.points21 ?? '—'}/20 points (vs ${outcome.report.decision766?.indicators['2.1'].points ?? '—'}).`,
    );
  }
  return out.join('\n');
}

/**
 * Run the CLI; resolves to the exit code.
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], open: (options: SimOptions) => Promise<OpenedStore> = openStore): Promise<number> {
  let options: SimOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`motcua simulation: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let opened: OpenedStore | undefined;
  // Ctrl-C, SIGTERM or an exit that skips `finally` (process.exit elsewhere): delete the temporary database synchronously.
  const discard = () => opened?.discard();
  const onSignal = (signal: NodeJS.Signals) => {
    discard();
    process.stderr.write(`\nmotcua simulation: interrupted (${signal})${opened?.kept ? `; the database is at ${opened.kept}` : ''}\n`);
    // Re-raise with the default action: the process ends now, killed by the signal (a shell shows 130 / 143),
    // even while the report thread is busy (process.exit would wait for it).
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', discard);
  try {
    opened = await open(options);
    const bars = options.progress ? { run: progressReporter(options.lang === 'vi' ? 'mô phỏng' : 'simulating'), whatIf: progressReporter('what-if') } : undefined;
    const result = await simulate(options, opened.store, {
      ...(bars ? { onProgress: (p: Progress, phase: 'run' | 'what-if') => (phase === 'run' ? bars.run : bars.whatIf).update(p) } : {}),
      ...(opened.sqliteFile ? { sqliteFile: opened.sqliteFile } : {}),
    });
    bars?.run.done();
    if (options.whatIf !== undefined) bars?.whatIf.done();
    if (options.json) process.stdout.write(`${JSON.stringify({ ...result, store: opened.description, database: opened.kept ?? null }, null, 2)}\n`);
    else {
      const names = new Map(options.scale.units.map((u) => [u.code, u.name]));
      process.stdout.write(`${renderReport(result.report, names, options.lang)}\n${renderSummary(result, opened.description, options.lang)}\n`);
    }
    return result.run.failures.length ? 1 : 0;
  } catch (error) {
    process.stderr.write(`\nmotcua simulation: ${error instanceof MotcuaError ? `${error.code}: ${error.message}` : (error as Error).message}\n`);
    return 1;
  } finally {
    try {
      await opened?.close();
    } finally {
      opened?.discard();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', discard);
      if (opened?.kept) process.stderr.write(`motcua simulation: the SQLite database is kept at ${opened.kept}\n`);
    }
  }
}

/**
 * Progress of a rebuild (or any long read of the log) and a one-line
 * progress bar for a terminal: percentage, events per second, ETA.
 */

/** One progress report. */
export interface RebuildProgress {
  /** Global position reached by the reader. */
  position: number;
  /** Head position the rebuild goes up to. */
  head: number;
  /** Events read so far. */
  events: number;
  /** Since the start. */
  elapsedMs: number;
  /** Events read per second since the start. */
  eventsPerSecond: number;
  /** 0 … 1 (by position). */
  fraction: number;
  /** Estimated seconds left (null before the first batch). */
  etaSeconds: number | null;
  phase: 'read' | 'merge' | 'save' | 'done';
}

/**
 * The numbers of a progress report at `position` of `head`.
 * @example progressAt({ position: 50, head: 100, events: 50, elapsedMs: 1000, phase: 'read' }).etaSeconds; // 1
 */
export function progressAt(input: { position: number; head: number; events: number; elapsedMs: number; phase: RebuildProgress['phase'] }): RebuildProgress {
  const fraction = input.head <= 0 ? 1 : Math.min(1, input.position / input.head);
  const eventsPerSecond = input.elapsedMs > 0 ? (input.events * 1000) / input.elapsedMs : 0;
  const etaSeconds = fraction > 0 && input.elapsedMs > 0 ? ((1 - fraction) / fraction) * (input.elapsedMs / 1000) : null;
  return { ...input, fraction, eventsPerSecond, etaSeconds };
}

/**
 * A progress line: bar, percentage, events/s, ETA.
 * @example formatProgress(progressAt({ position: 50, head: 100, events: 50, elapsedMs: 1000, phase: 'read' })); // '[##########----------]  50.0%  50 ev/s  ETA 1s  read'
 */
export function formatProgress(progress: RebuildProgress, width = 20): string {
  const filled = Math.round(progress.fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = `${(progress.fraction * 100).toFixed(1).padStart(5)}%`;
  const rate = progress.eventsPerSecond >= 10_000 ? `${Math.round(progress.eventsPerSecond / 1000)}k ev/s` : `${Math.round(progress.eventsPerSecond)} ev/s`;
  const eta = progress.etaSeconds === null ? 'ETA ?' : `ETA ${Math.round(progress.etaSeconds)}s`;
  return `${bar} ${pct}  ${rate}  ${eta}  ${progress.phase}`;
}

/**
 * An `onProgress` that redraws one line on a terminal stream (default stderr) at most every `everyMs`
 * (default 200 ms on a terminal, 2 s otherwise).
 * @example await rebuildProjections({ log: store, onProgress: progressBar() });
 */
export function progressBar(stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr, everyMs?: number): (progress: RebuildProgress) => void {
  // Redrawn in place on a terminal; one line every 2 s into a log file.
  const interval = everyMs ?? (stream.isTTY ? 200 : 2000);
  let last = -Infinity;
  return (progress) => {
    const now = performance.now();
    const final = progress.phase === 'done';
    if (!final && now - last < interval) return;
    last = now;
    const line = formatProgress(progress);
    stream.write(stream.isTTY ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
}

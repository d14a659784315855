/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal,
 * otherwise a line every 10 % (CI logs stay short).
 */
import type { Progress } from './run';

/** A progress reporter for {@link runSimulation}'s `onProgress`. */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): { update(progress: Progress): void; done(): void } {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  const line = (progress: Progress) => {
    const rate = progress.elapsedMs > 0 ? Math.round((progress.commands / progress.elapsedMs) * 1000) : 0;
    return `${(progress.fraction * 100).toFixed(0).padStart(3)} % ${progress.day}  ${progress.dossiers.toLocaleString('en')} dossiers  ${progress.commands.toLocaleString('en')} commands  ${rate.toLocaleString('en')} cmd/s  ${(progress.elapsedMs / 1000).toFixed(1)} s`;
  };
  return {
    update(progress) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && progress.fraction < 1) return;
        lastDraw = now;
        const width = 24;
        const filled = Math.round(progress.fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line(progress)}\x1b[K`);
      } else {
        const tenth = Math.floor(progress.fraction * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${label} ${line(progress)}\n`);
        }
      }
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal,
 * otherwise a line every 10 % (CI logs stay short).
 */
import type { Progress } from './run';

/** A progress reporter for {@link runSimulation}'s `onProgress`. */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; done(): void } {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  const line = (p: Progress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.commands / p.elapsedMs) * 1000) : 0;
    return `${(p.fraction * 100).toFixed(0).padStart(3)} % ${p.day}  ${p.dossiers.toLocaleString('en')} dossiers  ${p.commands.toLocaleString('en')} commands  ${rate.toLocaleString('en')} cmd/s  ${(p.elapsedMs / 1000).toFixed(1)} s`;
  };
  return {
    update(p) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.fraction < 1) return;
        lastDraw = now;
        const width = 24;
        const filled = Math.round(p.fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line(p)}\x1b[K`);
      } else {
        const tenth = Math.floor(p.fraction * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${label} ${line(p)}\n`);
        }
      }
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}

import type { EventEmitter } from 'eventemitter3';
import type { StoreNotificationEvents } from '@motcua/core';
import { dataVersionOf, headOf } from './statements';
import type { Statements } from './statements';

/**
 * Cross-process notices: on a timer, when another connection has committed
 * (`PRAGMA data_version` moved), announce the new events this instance did
 * not write itself, one notice per run of consecutive positions of a stream.
 *
 * @example
 * ```ts nocheck
 * const poller = new LogPoller(statements, store.notifications, 1000);
 * poller.own(first, last); // after each local commit
 * ```
 */
export class LogPoller {
  private readonly timer: ReturnType<typeof setInterval>;
  private polledUpTo: number;
  private lastDataVersion: number;
  private readonly ownRanges: [number, number][] = [];

  constructor(
    private readonly statements: Statements,
    private readonly notifications: EventEmitter<StoreNotificationEvents>,
    intervalMs: number,
    /** The typed store error of a failed poll (reported on `notifications` `'error'`). */
    private readonly mapError: (error: unknown) => unknown = (error) => error,
  ) {
    this.polledUpTo = headOf(statements);
    this.lastDataVersion = dataVersionOf(statements);
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref?.();
  }

  /** Positions this instance wrote (and announced itself). */
  own(first: number, last: number): void {
    this.ownRanges.push([first, last]);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    try {
      const dataVersion = dataVersionOf(this.statements);
      const head = headOf(this.statements);
      if (dataVersion === this.lastDataVersion && head <= this.polledUpTo) return;
      this.lastDataVersion = dataVersion;
      const rows = this.statements.positionsSince.all(this.polledUpTo, head) as [number, string][];
      this.polledUpTo = head;
      const own = this.ownRanges.splice(0);
      const isOwn = (p: number) => own.some(([f, l]) => p >= f && p <= l);
      let run: { streamId: string; first: number; last: number } | undefined;
      const flush = () => {
        if (run) this.notifications.emit('appended', { streamId: run.streamId, firstPosition: run.first, lastPosition: run.last });
        run = undefined;
      };
      for (const [position, streamId] of rows) {
        if (isOwn(position)) {
          flush();
          continue;
        }
        if (run && run.streamId === streamId && run.last === position - 1) run.last = position;
        else {
          flush();
          run = { streamId, first: position, last: position };
        }
      }
      flush();
    } catch (error) {
      if (this.notifications.listenerCount('error') > 0) this.notifications.emit('error', this.mapError(error) as Error);
    }
  }
}

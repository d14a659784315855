/**
 * The server side of `importEvents` on one or two connections ("lanes").
 *
 * One COPY stream is bound by its server backend's single core (parsing the
 * jsonb, the heap and WAL writes, the index entries). With a second connection
 * the rows are cut into segments, in log order; a share of the segments is
 * COPY'd by the helper connection into UNLOGGED staging tables (one per
 * segment, created and filled in one transaction with `FREEZE`, then committed:
 * the jsonb is parsed there, on the second backend), while the import's own
 * transaction, on the main connection, COPYs the other segments straight into
 * `events` and inserts each staged one with `INSERT … SELECT … ORDER BY ord`
 * (the parsed values are copied, not parsed again) — every segment in order.
 * So every event still enters `events` in the import's one transaction, in log
 * order: one xid, gap-free positions, all or nothing. The staging tables hold
 * no event the store reads; they are dropped when the import ends (committed
 * or rolled back). A process killed mid-import leaves them behind
 * (`import_stage_*` in the store's schema, unlogged: emptied by a server crash),
 * never a partial import.
 */
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The columns every import row carries, in the COPY text's order. */
export const IMPORT_COLUMNS = '(stream_id, version, type, event_id, data, metadata)';

/** A FIFO whose reader awaits the next item; `end()` finishes it, `fail()` makes the reader throw. */
class Queue<T> {
  private readonly items: T[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  push(item: T): void {
    this.items.push(item);
    this.notify();
  }
  end(): void {
    this.ended = true;
    this.notify();
  }
  fail(error: Error): void {
    this.error ??= error;
    this.notify();
  }
  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.error) throw this.error;
      if (this.items.length > 0) yield this.items.shift()!;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

interface Segment {
  readonly index: number;
  readonly staged: boolean;
  /** `import_stage_<id>_<index>` for a staged segment. */
  readonly table: string;
  readonly pieces: Queue<string>;
  /** Resolved when the helper committed the staging table (staged segments only). */
  committed: Promise<void>;
  resolveCommitted: () => void;
}

/**
 * Options of {@link ImportLanes}.
 * @example const options: LaneOptions = { main: await pool.connect(), helper: await pool.connect(), schema: '"motcua"', segmentEvents: 25_000, stagedShare: 0.5 };
 */
export interface LaneOptions {
  /** The import's connection, inside its transaction (which holds the append lock). */
  main: PoolClient;
  /** The second connection (staging tables, its own short transactions); none: one COPY on `main`. */
  helper?: PoolClient;
  /** The quoted schema. */
  schema: string;
  /** Events per segment (default 25,000). */
  segmentEvents?: number;
  /** Share of the segments staged by the helper (0…1, default 0.5). */
  stagedShare?: number;
  /** Text buffered ahead of the lanes before `room()` waits, in UTF-16 code units (default 2 Mi with one lane, 64 Mi with two). */
  maxBuffered?: number;
}

const PIECE = 1 << 20;

/**
 * Rows in, COPY out, on one or two lanes (see the module comment).
 * @example
 * ```ts
 * const main = await pool.connect(); // inside the import's transaction
 * const lanes = new ImportLanes({ main, helper: await pool.connect(), schema: '"motcua"' });
 * lanes.add('dossier-1\t1\tNoted\tid-1\t{}\t{}\n');
 * await lanes.room();
 * await lanes.finish();
 * ```
 */
export class ImportLanes {
  private readonly segments = new Queue<Segment>();
  private readonly stagedSegments = new Queue<Segment>();
  private readonly tables: string[] = [];
  private readonly segmentEvents: number;
  private readonly stagedShare: number;
  private readonly maxBuffered: number;
  private readonly id = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  private readonly running: Promise<void>[] = [];
  private readonly copies = new Set<NodeJS.WritableStream & { destroy(error?: Error): void }>();
  private current: Segment | undefined;
  private piece = '';
  private ord = 0;
  private count = 0;
  private buffered = 0;
  private failure: Error | undefined;
  private roomWaiter: (() => void) | undefined;
  private opened = 0;
  /** Rejects with the first lane error (the main lane may be waiting on a staging commit). */
  private readonly failed: Promise<never>;
  private rejectFailed: (error: Error) => void = () => undefined;

  constructor(private readonly options: LaneOptions) {
    this.segmentEvents = options.segmentEvents ?? 25_000;
    this.stagedShare = options.helper ? Math.min(1, Math.max(0, options.stagedShare ?? 0.5)) : 0;
    // One lane: little ahead of the COPY (text held longer is promoted to the old generation: 2 MiB measured ~15 % less
    // client CPU than 64 MiB). Two: about two segments, so the helper stages one while the main lane copies another.
    this.maxBuffered = options.maxBuffered ?? (options.helper ? 64 << 20 : 2 << 20);
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => undefined);
    this.running.push(this.guard(this.mainLane()));
    if (options.helper) this.running.push(this.guard(this.helperLane(options.helper)));
  }

  /** The staging tables created so far (to drop after the import's transaction ends). */
  get stagingTables(): readonly string[] {
    return this.tables;
  }

  /** One COPY text row (ending in a newline), in log order. */
  add(row: string): void {
    if (!this.current) this.current = this.open();
    this.piece += this.current.staged ? `${this.ord++}\t${row}` : row;
    if (this.piece.length >= PIECE) this.push();
    if (++this.count >= this.segmentEvents && this.stagedShare > 0) {
      this.push();
      this.current.pieces.end();
      this.current = undefined;
    }
  }

  /** Waits while too much text is buffered ahead of the lanes; throws a lane's error. */
  async room(): Promise<void> {
    while (!this.failure && this.buffered > this.maxBuffered) await new Promise<void>((resolve) => (this.roomWaiter = resolve));
    if (this.failure) throw this.failure;
  }

  /** Every row sent and ingested by the import's transaction (not committed); throws a lane's error. */
  async finish(): Promise<void> {
    this.push();
    this.current?.pieces.end();
    this.current = undefined;
    this.segments.end();
    this.stagedSegments.end();
    await Promise.all(this.running);
    if (this.failure) throw this.failure;
  }

  /** Stop both lanes (a COPY in flight is failed: the server drops what it received) and wait for them. */
  async abort(error: Error): Promise<void> {
    this.fail(error);
    await Promise.all(this.running);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.rejectFailed(this.failure);
    this.segments.fail(error);
    this.stagedSegments.fail(error);
    this.current?.pieces.fail(error);
    for (const copy of this.copies) copy.destroy(error);
    this.wakeRoom();
  }

  private async guard(lane: Promise<void>): Promise<void> {
    try {
      await lane;
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private wakeRoom(): void {
    const wake = this.roomWaiter;
    this.roomWaiter = undefined;
    wake?.();
  }

  private open(): Segment {
    const index = this.opened++;
    // Segment k is staged when the staged share's running total crosses an integer there (0.5: every other one).
    const staged = this.stagedShare > 0 && Math.floor((index + 1) * this.stagedShare) > Math.floor(index * this.stagedShare);
    let resolveCommitted = (): void => undefined;
    const committed = new Promise<void>((resolve) => (resolveCommitted = resolve));
    const segment: Segment = { index, staged, table: `import_stage_${this.id}_${index}`, pieces: new Queue<string>(), committed, resolveCommitted };
    this.count = 0;
    this.ord = 0;
    this.segments.push(segment);
    if (staged) this.stagedSegments.push(segment);
    return segment;
  }

  private push(): void {
    if (!this.piece || !this.current) return;
    this.buffered += this.piece.length;
    this.current.pieces.push(this.piece);
    this.piece = '';
  }

  /** COPY a segment's pieces as they come; `buffered` shrinks as the stream takes them. */
  private async copyPieces(client: PoolClient, sql: string, segment: Segment): Promise<void> {
    const copy = client.query(copyFrom(sql));
    this.copies.add(copy);
    let failed: Error | undefined;
    const done = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', (error: Error) => reject((failed ??= error)));
    });
    done.catch(() => undefined);
    try {
      for await (const piece of segment.pieces) {
        // A connection that died between two pieces: its error, not the stream's write on a closed socket (a TypeError).
        if (failed) throw failed;
        let more: boolean;
        try {
          more = copy.write(piece);
        } catch (error) {
          throw failed ?? error;
        }
        this.buffered -= piece.length;
        this.wakeRoomIfBelow();
        if (!more) await Promise.race([new Promise((resolve) => copy.once('drain', resolve)), done]);
      }
      copy.end();
      await done;
    } catch (error) {
      copy.destroy(error as Error);
      await done.catch(() => undefined);
      throw error;
    } finally {
      this.copies.delete(copy);
    }
  }

  private wakeRoomIfBelow(): void {
    if (this.buffered <= this.maxBuffered) this.wakeRoom();
  }

  /** The import's transaction: each segment in order, straight from COPY or from its staging table. */
  private async mainLane(): Promise<void> {
    const { main, schema } = this.options;
    for await (const segment of this.segments) {
      if (!segment.staged) {
        await this.copyPieces(main, `COPY ${schema}.events ${IMPORT_COLUMNS} FROM STDIN`, segment);
        continue;
      }
      await Promise.race([segment.committed, this.failed]);
      await main.query(`INSERT INTO ${schema}.events ${IMPORT_COLUMNS} SELECT stream_id, version, type, event_id, data, metadata FROM ${schema}.${segment.table} ORDER BY ord`);
    }
  }

  /** The helper: a staging table per staged segment, created, filled (FREEZE) and committed in one transaction. */
  private async helperLane(helper: PoolClient): Promise<void> {
    const { schema } = this.options;
    for await (const segment of this.stagedSegments) {
      this.tables.push(segment.table);
      await helper.query('BEGIN');
      await helper.query(
        `CREATE UNLOGGED TABLE ${schema}.${segment.table} (ord integer NOT NULL, stream_id text NOT NULL, version integer NOT NULL, type text NOT NULL, event_id text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`,
      );
      await this.copyPieces(helper, `COPY ${schema}.${segment.table} (ord, stream_id, version, type, event_id, data, metadata) FROM STDIN (FREEZE)`, segment);
      await helper.query('COMMIT');
      segment.resolveCommitted();
    }
  }
}

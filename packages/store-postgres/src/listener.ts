import type { Pool, PoolClient } from 'pg';

/** Callbacks of a {@link PgListener}. */
export interface PgListenerHandlers {
  onPayload(payload: string): void;
  /** Called after each (re)connect once LISTEN is active: catch up on what may have been missed. */
  onListening(): void;
  onError(error: Error): void;
}

/**
 * A dedicated pool client running `LISTEN channel`. On a connection error
 * it releases the broken client and reconnects with backoff (up to 5 s
 * between attempts) until stopped. Released on `stop()`.
 */
export class PgListener {
  private client: PoolClient | undefined;
  private onClientError: ((error: Error) => void) | undefined;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly handlers: PgListenerHandlers,
  ) {}

  /** Connect and LISTEN in the background; a failed attempt is reported (`onError`) and retried with backoff until stopped. */
  begin(): void {
    this.connect().catch((error: Error) => {
      this.handlers.onError(error);
      this.schedule();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.detach(client);
    try {
      await client.query(`UNLISTEN "${this.channel}"`);
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    const onError = (error: Error) => this.broken(client, error);
    client.on('error', onError);
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload) this.handlers.onPayload(msg.payload);
    });
    try {
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      client.removeListener('error', onError);
      client.removeAllListeners('notification');
      client.release(error as Error);
      throw error;
    }
    if (this.stopped) {
      // Stopped while LISTEN was on its way (`stop()` does not wait for a pool that may have no client to give): the
      // connection goes back to the pool listening to nothing.
      client.removeAllListeners('notification');
      try {
        await client.query(`UNLISTEN "${this.channel}"`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      } finally {
        client.removeListener('error', onError);
      }
      return;
    }
    this.client = client;
    this.onClientError = onError;
    this.attempts = 0;
    this.handlers.onListening();
  }

  private broken(client: PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.detach(client);
    client.on('error', () => undefined); // a dying connection may report again (e.g. FATAL, then "terminated")
    client.release(error);
    this.handlers.onError(error);
    this.schedule();
  }

  private detach(client: PoolClient): void {
    client.removeAllListeners('notification');
    if (this.onClientError) client.removeListener('error', this.onClientError);
    this.onClientError = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = Math.min(5_000, 100 * 2 ** this.attempts++);
    this.retry = setTimeout(() => this.begin(), delay);
    this.retry.unref?.();
  }
}

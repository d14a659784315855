import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/** A listening desk server. */
export interface DeskServer {
  /** Base URL, e.g. `http://127.0.0.1:43817`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve a desk app over HTTP with `@hono/node-server`. Port 0 picks a free
 * port; the host defaults to 127.0.0.1 (loopback only).
 *
 * @example const { url, close } = await listen(createDeskApp({ engine }), { port: 0 });
 */
export function listen(app: { fetch: Parameters<typeof serve>[0]['fetch'] }, options: { port?: number; host?: string } = {}): Promise<DeskServer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, (info: AddressInfo) => {
        const shown = host.includes(':') ? `[${host}]` : host;
        resolve({
          url: `http://${shown}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((e) => (e ? fail(e) : done()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      });
      server.once('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}

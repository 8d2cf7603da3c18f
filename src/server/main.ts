// Listens for HTTP and shuts down gracefully: on SIGINT/SIGTERM stop accepting, let requests in
// flight finish (bounded), then close the database so a PGlite folder is always left consistent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema } from '../api/schema.js';
import { compiledQueries } from '../api/sql-compiler.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import { createRequestListener } from './json-post.js';

export interface ServeOptions {
  store: Store;
  logger: Logger;
  host: string;
  port: number;
  production: boolean;
  /** Origins whose pages may call the API from a browser (CORS_ORIGINS). */
  corsOrigins?: readonly string[];
  /** Answer plain JSON POSTs without yoga's Fetch-API adaptation (default true). */
  httpFastPath?: boolean;
  /** How long requests in flight may take to finish after a shutdown signal. */
  drainSeconds?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, drains, closes the store. Safe to call more than once. */
  stop(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { store, logger } = options;
  const app = createApp(options);
  const compiled = compiledQueries(schema, store.db, store.predicates, { logger });
  const server = createServer(options.httpFastPath === false ? app : createRequestListener(app, compiled));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drain = setTimeout(() => server.closeAllConnections(), (options.drainSeconds ?? 10) * 1000);
      await closed;
      clearTimeout(drain);
      await store.close();
      logger.info('server stopped, database closed');
    })();
    return stopping;
  };
  return { server, url, stop };
}

/** Stops the server on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function stopOnSignals(running: RunningServer, logger: Logger): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(130);
    received = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

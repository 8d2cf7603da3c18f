// Listens for HTTP and shuts down gracefully: on SIGINT/SIGTERM stop accepting, close idle keep-alive
// connections, answer the requests in flight with `Connection: close` and let them finish (bounded),
// refuse requests that still arrive on open connections, then close the database so no query runs
// on a closed database and a PGlite folder is always left consistent; the threads that read ingested
// documents end before the database closes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, Server as netServer } from 'node:net';
import type { DatabaseTarget } from '../config.js';
import { createExtractPool } from '../ingest/extract-pool.js';
import type { Logger } from '../logger.js';
import { recordServer } from '../store/database.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import { openGraphEvents, type ServerEvents } from './events.js';
import { createRequestListener } from './http-front.js';
import type { MetricsServer } from './metrics.js';
import type { TracingSettings } from './tracing.js';

export interface ServeOptions {
  store: Store;
  logger: Logger;
  host: string;
  port: number;
  production: boolean;
  /** Origins whose pages may call the API from a browser (CORS_ORIGINS). */
  corsOrigins?: readonly string[];
  /** Answer GraphQL requests through the node:http front, without yoga's Fetch-API adaptation (default true). */
  httpFastPath?: boolean;
  /** How long one request's statements may run altogether (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** How long requests in flight may take to finish after a shutdown signal. */
  drainSeconds?: number;
  /** Serve Prometheus metrics at /metrics on this port of `host` (0: any free port); null: off. */
  metricsPort?: number | null;
  /** Export OpenTelemetry traces over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT); null: off. */
  tracing?: TracingSettings | null;
  /** The IRI base exports name entities under (TALKGRAPH_IRI_BASE). */
  iriBase?: string;
  /** Every operation and export needs a valid API token (READ_REQUIRES_TOKEN). */
  readRequiresToken?: boolean;
  /** Mutations per minute per API token (MUTATION_RATE_LIMIT). */
  mutationRateLimit?: number;
  /** Exports streamed at once (EXPORTS_AT_ONCE). */
  exportsAtOnce?: number;
  /**
   * Where mutations announce changes and subscriptions listen (openGraphEvents, src/server/events.ts);
   * in process when not given. Closed by stop(), like the store.
   */
  events?: ServerEvents;
  /** The store's database: on a PGlite folder, the server notes its URL beside the folder's lock. */
  database?: DatabaseTarget;
  /** Worker threads ingestDocument reads documents on (INGEST_WORKERS; default 1). */
  ingestWorkers?: number;
  /** How long reading one document may take before ingestDocument refuses it (INGEST_TIMEOUT_MS). */
  ingestTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Where Prometheus metrics are served, when they are on. */
  metricsUrl?: string;
  /** Stops accepting, drains, closes the store. Safe to call more than once. */
  stop(): Promise<StopReport>;
}

export interface StopReport {
  /** Requests still in flight when the drain limit ran out, whose connections were closed under them. */
  cut: number;
}

/**
 * After a shutdown signal, how long idle keep-alive connections stay open so that requests already
 * sent on them are read and refused (503, `Connection: close`) rather than reset unread.
 */
const refuseArrivingMs = 100;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { store, logger } = options;
  const events = options.events ?? (await openGraphEvents({ logger }));
  // prom-client and the OpenTelemetry SDK are loaded only when they are on.
  const metrics = options.metricsPort == null ? undefined : await import('./metrics.js');
  const meter = metrics && new metrics.Metrics();
  const tracing = options.tracing ? (await import('./tracing.js')).startTracing(options.tracing) : undefined;
  const plugins = [meter?.plugin(), tracing?.plugin()].filter((plugin) => plugin !== undefined);
  // Documents are read on worker threads, started on the first ingest; closed by stop().
  const extraction = createExtractPool({
    threads: options.ingestWorkers,
    timeoutMs: options.ingestTimeoutMs,
  });
  meter?.observeReaders(extraction.readerMemory);
  const app = createApp({ ...options, plugins, events: events.events, extraction });
  let listener = options.httpFastPath === false ? app : createRequestListener(app, options.corsOrigins);
  const unobserved: (() => void)[] = [];
  if (meter) {
    unobserved.push(meter.observe(store.db));
    listener = meter.instrument(listener);
  }
  if (tracing) {
    unobserved.push(tracing.observe(store.db));
    listener = tracing.instrument(listener);
  }
  const stopObserving = async () => {
    for (const stop of unobserved) stop();
    await tracing?.shutdown();
  };
  let metricsServer: MetricsServer | undefined;
  try {
    if (metrics && meter) {
      metricsServer = await metrics.serveMetrics(meter, options.metricsPort ?? 0, options.host);
    }
  } catch (error) {
    await stopObserving();
    await events.close();
    await extraction.close();
    throw error;
  }
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  let closeIdle = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (closing) {
      refuse(res);
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // A response whose headers left before the shutdown kept its connection: closed once idle.
      if (closeIdle) server.closeIdleConnections();
    });
    listener(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await metricsServer?.close();
    await stopObserving();
    await events.close();
    await extraction.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;
  // `talkgraph ingest` refused this folder names the server to send documents to instead.
  const forgetServer =
    options.database?.backend === 'pglite' && options.database.dataDir
      ? recordServer(options.database.dataDir, `http://${clientHost(address)}:${address.port}`)
      : () => {};

  let stopping: Promise<StopReport> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      closing = true;
      forgetServer();
      // Subscriptions last as long as their clients want: they end now (their SSE streams complete),
      // so that they do not hold the drain up to its limit.
      events.endSubscriptions();
      // Stop listening; http.Server's own close() would also reset idle keep-alive connections at
      // once, and with them any request already on its way (in the socket's buffer, not yet read):
      // its client would see a reset after sending. Those are read and refused first.
      const closed = new Promise<void>((resolve) => netServer.prototype.close.call(server, () => resolve()));
      // Clients must not send another request on a connection that is about to close.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const idle = setTimeout(() => {
        closeIdle = true;
        server.closeIdleConnections();
      }, refuseArrivingMs);
      let cut = 0;
      const drain = setTimeout(
        () => {
          cut = inFlight.size;
          server.closeAllConnections();
        },
        (options.drainSeconds ?? 10) * 1000,
      );
      await closed;
      clearTimeout(drain);
      clearTimeout(idle);
      // No request is left to read a document for; a read cut by the drain limit ends here.
      await extraction.close();
      await store.close();
      await events.close();
      await stopObserving();
      await metricsServer?.close();
      if (cut > 0) {
        logger.error({ cut }, 'drain limit reached: requests in flight were cut, database closed');
      } else {
        logger.info('server stopped, database closed');
      }
      return { cut };
    })();
    return stopping;
  };
  return { server, url, metricsUrl: metricsServer?.url, stop };
}

/** Where a client on this machine reaches the server: a loopback address for a wildcard bind. */
function clientHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/**
 * A request that arrived on an open connection after the shutdown began: not run, and the connection
 * closes, so the client retries on a new one (to another instance).
 */
function refuse(res: ServerResponse): void {
  res.writeHead(503, {
    'content-type': 'text/plain; charset=utf-8',
    connection: 'close',
    'retry-after': '0',
  });
  res.end('shutting down');
}

/**
 * Stops the server on SIGINT/SIGTERM, then exits: 0 when every request drained, 1 when the drain
 * limit cut some. A second signal exits at once.
 */
export function stopOnSignals(running: RunningServer, logger: Logger): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(130);
    received = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      ({ cut }) => process.exit(cut > 0 ? 1 : 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

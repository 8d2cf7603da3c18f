// Prometheus metrics (prom-client): GraphQL requests by operation and outcome, their latency and SQL
// statements, the database's statements, and the process's own metrics. Served as text at /metrics on
// a port of its own (METRICS_PORT), never on the API's. Loaded only when METRICS_PORT is set.
//
// Requests are observed at the HTTP listener, not in yoga: the JSON fast path (json-post.ts) and the
// compiled SQL path answer most queries without yoga's request hooks or graphql's execute. Each
// request's record lives in an AsyncLocalStorage, which the envelop plugin (operation name, errors)
// and the statement listener (SQL per request) find it through.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ReaderMemory } from '../ingest/extract-pool.js';
import type { Database } from '../store/database.js';
import { isGraphqlRequest } from './app.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

interface RequestRecord {
  /** The operation's name; "anonymous" when it has none, unset while no document was parsed. */
  operation?: string;
  /** The answer carries errors (parse, validation or execution). */
  failed: boolean;
  statements: number;
}

/**
 * Operation names are the client's choice: past this many distinct names, further ones are counted
 * as "other" so that a client cannot grow the series without bound.
 */
const operationNamesKept = 100;

export class Metrics {
  readonly registry = new Registry();
  private readonly current = new AsyncLocalStorage<RequestRecord>();
  private readonly operationNames = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly requestStatements: Histogram<'operation'>;
  private readonly statements: Counter<'outcome'>;
  private readonly statementDuration: Histogram;
  private readonly statementsInFlight: Gauge;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'talkgraph_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome (success or error)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'talkgraph_graphql_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its answer being sent',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.requestStatements = new Histogram({
      name: 'talkgraph_graphql_request_sql_statements',
      help: 'SQL statements sent while answering one GraphQL request',
      labelNames: ['operation'],
      buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100],
      registers,
    });
    this.statements = new Counter({
      name: 'talkgraph_sql_statements_total',
      help: 'SQL statements sent to the database, by outcome (success or error)',
      labelNames: ['outcome'],
      registers,
    });
    this.statementDuration = new Histogram({
      name: 'talkgraph_sql_statement_duration_seconds',
      help: 'Time a SQL statement took, waiting for a pooled connection included',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.statementsInFlight = new Gauge({
      name: 'talkgraph_sql_statements_in_flight',
      help: 'SQL statements sent and not yet answered (queued for a pooled connection included)',
      registers,
    });
  }

  /**
   * The document readers' memory, as the last worker to read a document reported it: their heaps
   * are not the process's (nodejs_heap_size_used_bytes is the serving thread's).
   */
  observeReaders(memory: () => ReaderMemory | null): void {
    const gauges = [
      ['heapUsed', 'talkgraph_reader_heap_used_bytes', 'Heap used by the document-reading worker threads'],
      ['external', 'talkgraph_reader_external_memory_bytes', 'Memory outside the heap held by those threads'],
    ] as const;
    for (const [of, name, help] of gauges)
      new Gauge({
        name,
        help: `${help}, as last reported after a document`,
        registers: [this.registry],
        collect() {
          const last = memory();
          if (last) this.set(last[of]);
        },
      });
  }

  /** The listener, with each request to /graphql counted and timed. */
  instrument(listener: Listener): Listener {
    return (req, res) => {
      if (!isGraphqlRequest(req.url)) {
        listener(req, res);
        return;
      }
      const started = process.hrtime.bigint();
      const record: RequestRecord = { failed: false, statements: 0 };
      res.once('close', () => {
        const operation = this.operationLabel(record.operation);
        const ok = res.writableFinished && res.statusCode < 400 && !record.failed;
        const labels = { operation, outcome: ok ? 'success' : 'error' };
        this.requests.inc(labels);
        this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        this.requestStatements.observe({ operation }, record.statements);
      });
      this.current.run(record, () => listener(req, res));
    };
  }

  /** An envelop plugin noting the request's operation name and whether its answer has errors. */
  plugin(): Plugin {
    const current = this.current;
    return {
      onParse({ context }) {
        const record = current.getStore();
        if (!record) return;
        const operationName = (context as { params?: { operationName?: string | null } }).params
          ?.operationName;
        return ({ result }) => {
          if (!result || result instanceof Error) {
            record.failed = true;
            return;
          }
          record.operation = getOperationAST(result, operationName)?.name?.value ?? 'anonymous';
        };
      },
      onValidate() {
        const record = current.getStore();
        if (!record) return;
        return ({ valid }) => {
          if (!valid) record.failed = true;
        };
      },
      onExecute() {
        const record = current.getStore();
        if (!record) return;
        return {
          onExecuteDone({ result }) {
            if ('errors' in result && result.errors?.length) record.failed = true;
          },
        };
      },
    };
  }

  /** Counts and times the database's statements; returns a function that stops. */
  observe(db: Database): () => void {
    return db.onStatement(() => {
      const record = this.current.getStore();
      if (record) record.statements++;
      this.statementsInFlight.inc();
      const end = this.statementDuration.startTimer();
      return (error) => {
        end();
        this.statementsInFlight.dec();
        this.statements.inc({ outcome: error === undefined ? 'success' : 'error' });
      };
    });
  }

  private operationLabel(name: string | undefined): string {
    if (name === undefined) return 'none';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= operationNamesKept) return 'other';
    this.operationNames.add(name);
    return name;
  }
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the registry as Prometheus text at GET /metrics; anything else is 404. */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

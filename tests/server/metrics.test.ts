// Prometheus metrics: on their own port when METRICS_PORT is set, counting requests by operation and
// outcome, timing them and counting their SQL statements; with it unset, nothing serves them.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

const post = (url: string, query: string, operationName?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });

/** The value of one sample line (`name{labels} value`), or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const shown = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => shown.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe.each(backends)('metrics on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(async () => {
    await dispose?.();
  });

  const serve = (options: { metricsPort?: number | null; httpFastPath?: boolean }) =>
    startServer({
      store: { ...store, close: async () => {} },
      logger,
      host: '127.0.0.1',
      port: 0,
      production: true,
      ...options,
    });

  describe.each([true, false])('with the fast path %s', (httpFastPath) => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await serve({ metricsPort: 0, httpFastPath });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('counts requests by operation and outcome, times them and counts their SQL statements', async () => {
      expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(server.metricsUrl as string).port).not.toBe(new URL(server.url).port);
      for (let i = 0; i < 3; i++) {
        expect((await post(server.url, 'query GraphStats { stats { nodes triples } }')).status).toBe(200);
      }
      await post(server.url, 'query A { stats { nodes } } query B { stats { triples } }', 'B');
      const failed = await post(server.url, 'query Broken { stats { noSuchField } }');
      expect((await failed.json()).errors).toBeDefined();

      const response = await fetch(server.metricsUrl as string);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      const requests = 'talkgraph_graphql_requests_total';
      expect(sample(text, requests, { operation: 'GraphStats', outcome: 'success' })).toBe(3);
      expect(sample(text, requests, { operation: 'B', outcome: 'success' })).toBe(1);
      expect(sample(text, requests, { operation: 'Broken', outcome: 'error' })).toBe(1);
      const latency = 'talkgraph_graphql_request_duration_seconds_bucket';
      expect(sample(text, latency, { operation: 'GraphStats', outcome: 'success', le: '+Inf' })).toBe(3);
      expect(text).toContain('# TYPE talkgraph_graphql_request_duration_seconds histogram');
      // Each stats query reads the database at least once.
      const perRequest = 'talkgraph_graphql_request_sql_statements_sum';
      expect(sample(text, perRequest, { operation: 'GraphStats' })).toBeGreaterThanOrEqual(3);
      expect(sample(text, 'talkgraph_sql_statements_total', { outcome: 'success' })).toBeGreaterThanOrEqual(
        3,
      );
      expect(text).toMatch(/^talkgraph_sql_statements_in_flight 0$/m);
      // prom-client's process metrics.
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      // Nothing else is served on the metrics port, and the API's port has no /metrics.
      expect((await fetch(new URL('/graphql', server.metricsUrl))).status).toBe(404);
      expect((await fetch(new URL('/metrics', server.url))).status).toBe(404);
    });
  });

  it('serves nothing when METRICS_PORT is unset', async () => {
    expect(loadConfig({}).metricsPort).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: 'on' })).toThrow(/METRICS_PORT: expected an integer/);
    const server = await serve({ metricsPort: loadConfig({}).metricsPort });
    try {
      expect(server.metricsUrl).toBeUndefined();
      const response = await fetch(new URL('/metrics', server.url));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('talkgraph_graphql_requests_total');
    } finally {
      await server.stop();
    }
  });
});

describe("the reader's memory", () => {
  it('is shown apart from the serving thread’s, once the reader has reported it', async () => {
    const { Metrics } = await import('../../src/server/metrics.js');
    const meter = new Metrics();
    let reported: { heapUsed: number; external: number } | null = null;
    meter.observeReaders(() => reported);
    // Before the first document: 0 (no reader has started).
    expect(await meter.registry.metrics()).toMatch(/^talkgraph_reader_heap_used_bytes 0$/m);
    reported = { heapUsed: 61_000_000, external: 4_200_000 };
    const text = await meter.registry.metrics();
    expect(text).toMatch(/^talkgraph_reader_heap_used_bytes 61000000$/m);
    expect(text).toMatch(/^talkgraph_reader_external_memory_bytes 4200000$/m);
  });
});

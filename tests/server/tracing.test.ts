// OpenTelemetry tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, one query is one trace whose request
// span holds parse, validate and execute spans, and the SQL statements beneath execute.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

/** Keeps its spans when the server's tracing shuts down (InMemorySpanExporter forgets them). */
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe.each(backends)('tracing on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('reads OTEL_EXPORTER_OTLP_ENDPOINT, and traces nothing without it', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'talkgraph',
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: expected an http\(s\) URL/,
    );
  });

  it.each([
    ['through yoga', false],
    ['through the fast path', true],
  ])(
    'traces one query %s: parse, validate, execute and its SQL under one request span',
    async (_, httpFastPath) => {
      const exporter = new KeptSpans();
      const server = await startServer({
        store: { ...store, close: async () => {} },
        logger: pino({ level: 'silent' }),
        host: '127.0.0.1',
        port: 0,
        production: true,
        httpFastPath,
        tracing: { endpoint: 'http://127.0.0.1:9', serviceName: 'talkgraph-test', exporter },
      });
      // The caller's trace is continued.
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      try {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
          body: JSON.stringify({ query: 'query Stats { stats { nodes triples kinds { kind count } } }' }),
        });
        expect(response.status).toBe(200);
        expect((await response.json()).errors).toBeUndefined();
      } finally {
        await server.stop(); // exports what is batched
      }
      const spans = exporter.getFinishedSpans();
      const named = (name: string) => spans.filter((span) => span.name === name);
      const [request] = named('POST /graphql');
      expect(request).toBeDefined();
      const root = request as ReadableSpan;
      expect(root.spanContext().traceId).toBe(traceId);
      expect(root.resource.attributes['service.name']).toBe('talkgraph-test');
      expect(root.attributes['http.response.status_code']).toBe(200);
      for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
      for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
        expect(named(phase).map(parentOf), phase).toContain(idOf(root));
      }
      const executeIds = new Set(named('graphql.execute').map(idOf));
      const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(executeIds).toContain(parentOf(statement));
        expect(statement.attributes['db.query.text']).toMatch(/select/i);
      }
    },
  );
});

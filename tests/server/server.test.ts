import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

describe.each(backends)('the HTTP server on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    server = await startServer({
      store: { ...store, close: async () => {} }, // the test disposes of the store itself
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const url = (path: string) => new URL(path, server.url).toString();

  it('says it is alive on /health and ready on /ready', async () => {
    expect((await fetch(url('/health'))).status).toBe(200);
    expect((await fetch(url('/ready'))).status).toBe(200);
  });

  it('answers a GraphQL query over HTTP', async () => {
    const response = await fetch(url('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { nodes triples predicates { predicate count } } }' }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.stats.nodes).toBe(0);
    expect(body.data.stats.predicates.map((p: { predicate: string }) => p.predicate)).toContain('works_at');
  });

  it('serves GraphiQL with no external asset, and the example query', async () => {
    const response = await fetch(url('/graphql'), { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Talkgraph');
    expect(html).toMatch(/graphiql/i);
    // Offline: no script, stylesheet or font fetched from elsewhere.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
    expect(html).toContain('GraphAtAGlance');
  });

  it('reports /ready as failing when the database stops answering', async () => {
    const broken = await startServer({
      store: {
        ...store,
        db: { ...store.db, query: () => Promise.reject(new Error('gone')) },
        close: async () => {},
      },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
    });
    try {
      expect((await fetch(new URL('/ready', broken.url))).status).toBe(503);
      expect((await fetch(new URL('/health', broken.url))).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});

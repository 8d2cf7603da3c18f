// Browsers: only the origins in CORS_ORIGINS get answers they can read, never an arbitrary origin
// with credentials, and only JSON bodies are executed (a form post from any page is refused, 415).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentCorsOrigins, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { sampleGraphFacts, writeFacts } from '../support/graph.js';

const query = '{ stats { nodes } }';

describe('CORS_ORIGINS', () => {
  it('defaults to none in production and to this machine in development', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadConfig({}).corsOrigins).toEqual(developmentCorsOrigins);
    expect(developmentCorsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
  });

  it('reads a comma-separated list and refuses "*" and paths', () => {
    expect(
      loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://App.example.org/, http://localhost:*' })
        .corsOrigins,
    ).toEqual(['https://app.example.org', 'http://localhost:*']);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: .*"\*"/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
  });
});

describe.each(backends)('requests from browsers on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let production: RunningServer;
  let development: RunningServer;

  const start = (corsOrigins: readonly string[], httpFastPath = true) =>
    startServer({
      store: { ...store, close: async () => {} },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      corsOrigins,
      httpFastPath,
    });

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    production = await start(
      loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.org' }).corsOrigins,
    );
    development = await start(loadConfig({}).corsOrigins);
  });
  afterAll(async () => {
    await production?.stop();
    await development?.stop();
    await dispose?.();
  });

  const postFrom = (server: RunningServer, origin: string, contentType = 'application/json') =>
    fetch(server.url, {
      method: 'POST',
      headers: { origin, 'content-type': contentType },
      body: JSON.stringify({ query }),
    });

  it('answers an allowed origin with its own origin and credentials', async () => {
    const response = await postFrom(production, 'https://app.example.org');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await response.json()).data.stats.nodes).toBeGreaterThan(0);
  });

  it('never reflects another origin, with or without credentials', async () => {
    for (const server of [production, development]) {
      const response = await postFrom(server, 'https://evil.example');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(server.url, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('allows pages on localhost in development, on any port, and not in production', async () => {
    const local = await postFrom(development, 'http://localhost:5173');
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const preflight = await fetch(development.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(
      (await postFrom(production, 'http://localhost:5173')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    // Not a look-alike host.
    const lookAlike = await postFrom(development, 'http://localhost.evil.example:80');
    expect(lookAlike.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers GraphiQL in the browser: a same-origin POST', async () => {
    const ownOrigin = new URL(production.url).origin;
    const response = await postFrom(production, ownOrigin);
    expect(response.status).toBe(200);
    expect((await response.json()).data.stats.nodes).toBeGreaterThan(0);
  });

  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(query)}`],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query })}\r\n--x--\r\n`,
    ],
    ['text/plain', JSON.stringify({ query })],
    ['application/graphql', query],
  ])('refuses a %s body with 415 without running it', async (contentType, body) => {
    for (const server of [production, await start([], false)]) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      expect(response.status).toBe(415);
      const answer = await response.json();
      expect(answer.data).toBeUndefined();
      expect(answer.errors[0].message).toMatch(
        /POST bodies must be application\/json or application\/graphql-response\+json/,
      );
      if (server !== production) await server.stop();
    }
  });

  it('runs application/json and application/graphql-response+json bodies, and GET queries', async () => {
    for (const contentType of ['application/json; charset=utf-8', 'application/graphql-response+json']) {
      const response = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(200);
      expect((await response.json()).data.stats.nodes).toBeGreaterThan(0);
    }
    const get = await fetch(`${production.url}?query=${encodeURIComponent(query)}`);
    expect(get.status).toBe(200);
    expect((await get.json()).data.stats.nodes).toBeGreaterThan(0);
  });
});

// The server answers GraphQL requests through its node:http front, without yoga's Fetch-API
// adaptation (src/server/http-front.ts). Whatever a client sends (plain JSON POSTs, the headers
// GraphQL client libraries send, browser requests with an Origin, GETs), the answer must be exactly
// the one yoga itself gives, and an answer with errors is executed once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type App, createApp } from '../../src/server/app.js';
import { createRequestListener } from '../../src/server/http-front.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { sampleGraphFacts, writeFacts } from '../support/graph.js';

const talkId = Buffer.from('Talk:1').toString('base64url');

/** Requests a client might send to /graphql: headers and a raw body, or a GET's query string. */
const requests: Record<string, { headers?: Record<string, string>; body?: string; search?: string }> = {
  'a query with variables': {
    body: JSON.stringify({
      query: 'query($slug: String!) { speaker(slug: $slug) { name talks { totalCount nodes { title } } } }',
      variables: { slug: 'zoe-nunez' },
    }),
  },
  'one of several named operations': {
    body: JSON.stringify({
      query: 'query A { stats { nodes } } query B { topics(first: 2) { nodes { name } } }',
      operationName: 'B',
    }),
  },
  'a content type with a charset': {
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ query: '{ __typename }' }),
  },
  'a field that does not exist': { body: JSON.stringify({ query: '{ speaker { nope } }' }) },
  'a syntax error': { body: JSON.stringify({ query: '{ stats { nodes ' }) },
  'a malformed id': { body: JSON.stringify({ query: '{ node(id: "???") { id } }' }) },
  'an unknown id': { body: JSON.stringify({ query: `{ node(id: "${talkId}0") { id } }` }) },
  'a page too large': { body: JSON.stringify({ query: '{ talks(first: 1000) { totalCount } }' }) },
  'too many aliases': {
    body: JSON.stringify({
      query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    }),
  },
  'a missing operation name': {
    body: JSON.stringify({ query: 'query A { __typename } query B { __typename }' }),
  },
  'malformed JSON': { body: '{"query": ' },
  'a JSON array': { body: JSON.stringify([{ query: '{ __typename }' }]) },
  'a parameter GraphQL does not have': { body: JSON.stringify({ query: '{ __typename }', extra: 1 }) },
  'a query that is not a string': { body: JSON.stringify({ query: 7 }) },
  'variables that are not an object': { body: JSON.stringify({ query: '{ __typename }', variables: [1] }) },
  'a body over the size limit': {
    body: JSON.stringify({ query: `{ __typename }${' '.repeat(70_000)}` }),
  },
  'a cross-origin request': {
    headers: { origin: 'https://example.org' },
    body: JSON.stringify({ query: '{ stats { nodes } }' }),
  },
  'a GraphQL-over-HTTP accept header': {
    headers: { accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ speaker { nope } }' }),
  },
  'Apollo Client’s headers': {
    headers: { accept: 'application/graphql-response+json,application/json;q=0.9' },
    body: JSON.stringify({ query: '{ speaker(slug: "zoe-nunez") { name } }', variables: {} }),
  },
  'urql’s accept header': {
    headers: {
      accept:
        'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
    },
    body: JSON.stringify({ query: '{ topics(first: 2) { nodes { name } } }' }),
  },
  'a browser page on an allowed origin': {
    headers: {
      origin: 'http://localhost:5173',
      accept: 'application/graphql-response+json, application/json',
      'sec-fetch-mode': 'cors',
      referer: 'http://localhost:5173/',
    },
    body: JSON.stringify({ query: '{ speaker(slug: "zoe-nunez") { name talks { totalCount } } }' }),
  },
  'a browser page on an allowed origin, with an error': {
    headers: { origin: 'http://localhost:5173', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ node(id: "???") { id } }' }),
  },
  'a body sent as application/graphql-response+json': {
    headers: { 'content-type': 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ topic(slug: "raft") { name } }' }),
  },
  'an accept header nothing JSON satisfies': {
    headers: { accept: 'text/plain' },
    body: JSON.stringify({ query: '{ __typename }' }),
  },
  'JSON in another charset': {
    headers: { accept: 'application/json; charset=iso-8859-1' },
    body: JSON.stringify({ query: '{ __typename }' }),
  },
  'a GET': {
    search: `?query=${encodeURIComponent('query($slug: String!) { speaker(slug: $slug) { name } }')}&variables=${encodeURIComponent('{"slug":"zoe-nunez"}')}`,
  },
  'a GET from a browser page with Apollo’s accept header': {
    headers: {
      origin: 'http://localhost:5173',
      accept: 'application/graphql-response+json,application/json;q=0.9',
    },
    search: `?query=${encodeURIComponent('{ topics(first: 1) { nodes { name } } }')}`,
  },
  'a GET with an error': { search: `?query=${encodeURIComponent('{ node(id: "???") { id } }')}` },
  'a GET with variables that are not JSON': {
    search: `?query=${encodeURIComponent('{ __typename }')}&variables=%7B`,
  },
  'a GET without a query': { search: '?operationName=A' },
  'a GET asking for HTML (GraphiQL)': { headers: { accept: 'text/html' }, search: '' },
};

/** The Fetch-API request for one of the requests above. */
function requestInit(name: string): { search: string; init: RequestInit } {
  const { headers, body, search } = requests[name] as (typeof requests)[string];
  if (search !== undefined) return { search, init: { method: 'GET', headers: { ...headers } } };
  return {
    search: '',
    init: { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body },
  };
}

const corsOrigins = ['http://localhost:*'];

describe.each(backends)('JSON POSTs on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let yoga: App;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    server = await startServer({
      store: { ...store, close: async () => {} }, // the test closes the store itself
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      corsOrigins,
    });
    yoga = createApp({ store, logger: createLogger('silent'), production: true, corsOrigins });
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const answer = async (response: Response) => ({
    status: response.status,
    contentType: response.headers.get('content-type'),
    cors: ['allow-origin', 'allow-credentials', 'allow-methods', 'vary'].map((name) =>
      response.headers.get(name === 'vary' ? name : `access-control-${name}`),
    ),
    // Compared as JSON values: a compiled query's JSON is spaced as Postgres writes it.
    body: await response.text().then((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }),
  });

  it.each(Object.keys(requests))('answers %s exactly as yoga does', async (name) => {
    const { search, init } = requestInit(name);
    const served = await answer(await fetch(server.url + search, init));
    const reference = await answer(await yoga.fetch(`http://127.0.0.1/graphql${search}`, init));
    expect(served).toEqual(reference);
  });

  it('executes an answer with errors once: the same statements as yoga alone', async () => {
    // A bad id beside a good lookup: the compiled SQL leaves it to the resolvers, who run once.
    const query = `{ a: speaker(slug: "zoe-nunez") { name } b: node(id: "???") { id } }`;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    };
    const count = async (send: () => Promise<Response> | Response) => {
      let statements = 0;
      const stop = store.db.onStatement(() => {
        statements++;
        return undefined;
      });
      try {
        const body = (await (await send()).json()) as { errors?: unknown[] };
        expect(body.errors).toHaveLength(1);
      } finally {
        stop();
      }
      return statements;
    };
    const served = await count(() => fetch(server.url, init));
    const reference = await count(() => yoga.fetch('http://127.0.0.1/graphql', init));
    expect(served).toBe(reference);
    expect(served).toBeGreaterThan(0);
  });

  it('answers a query with data, a JSON content type and its length', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ speaker(slug: "zoe-nunez") { name } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toEqual({ data: { speaker: { name: 'Zoë Núñez' } } });
  });

  it('keeps serving after a client disconnects mid-request', async () => {
    const { connect } = await import('node:net');
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n');
        socket.end('content-length: 100\r\n\r\n{"query":');
        socket.on('close', () => resolve());
        socket.resume();
      });
    });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe.each(backends)('the front takes every client’s requests on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let url: string;
  let close: () => Promise<void>;
  /** Requests the front handed to yoga. */
  let handedToYoga = 0;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    const app = createApp({ store, logger: createLogger('silent'), production: true, corsOrigins });
    // The app as the front sees it, counting what it is handed.
    const counted = new Proxy(app, {
      apply: (target, self, args) => {
        handedToYoga++;
        return Reflect.apply(target, self, args);
      },
      get: (target, key) =>
        key === 'fetch'
          ? (...args: Parameters<App['fetch']>) => {
              handedToYoga++;
              return target.fetch(...args);
            }
          : Reflect.get(target, key),
    });
    const server = createServer(createRequestListener(counted, corsOrigins));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close?.();
    await dispose?.();
  });

  const taken = [
    'a query with variables',
    'Apollo Client’s headers',
    'urql’s accept header',
    'a browser page on an allowed origin',
    'a browser page on an allowed origin, with an error',
    'a body sent as application/graphql-response+json',
    'a GET',
    'a GET from a browser page with Apollo’s accept header',
    'a GET with an error',
    'a malformed id',
  ];
  it.each(taken)('answers %s itself, with one execution', async (name) => {
    const { search, init } = requestInit(name);
    handedToYoga = 0;
    let statements = 0;
    const stop = store.db.onStatement(() => {
      statements++;
      return undefined;
    });
    try {
      const response = await fetch(url + search, init);
      expect(response.status).toBeLessThan(500);
      await response.text();
    } finally {
      stop();
    }
    expect(handedToYoga).toBe(0);
    // Compiled shapes are one statement whatever the transport.
    if (!name.includes('error') && !name.includes('malformed')) expect(statements).toBe(1);
  });
});

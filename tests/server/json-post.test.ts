// The server answers plain JSON POSTs without yoga's Fetch-API adaptation (src/server/json-post.ts).
// Whatever a client sends, the answer must be exactly the one yoga itself gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type App, createApp } from '../../src/server/app.js';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { sampleGraphFacts, serve, writeFacts } from '../support/graph.js';

const talkId = Buffer.from('Talk:1').toString('base64url');

/** Requests a client might send to /graphql: headers and a raw body. */
const requests: Record<string, { headers?: Record<string, string>; body: string }> = {
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
};

describe.each(backends)('JSON POSTs on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let yoga: App;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    server = await serve(store);
    yoga = createApp({ store, logger: createLogger('silent'), production: true });
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const answer = async (response: Response) => ({
    status: response.status,
    contentType: response.headers.get('content-type'),
    cors: response.headers.get('access-control-allow-origin'),
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
    const { headers, body } = requests[name] as (typeof requests)[string];
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
    const served = await answer(await fetch(server.url, init));
    const reference = await answer(await yoga.fetch('http://127.0.0.1/graphql', init));
    expect(served).toEqual(reference);
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

// No request can stall the server: a document whose fragments expand exponentially is refused in
// time linear in its size, and a body over the size limit is refused once that many bytes have
// arrived, whether or not it says how long it is; through the JSON fast path and through yoga alike.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { sampleGraphFacts, serve, writeFacts } from '../support/graph.js';

/** `fragment F1 on Talk { ...F0 ...F0 }` up to F`depth`: under 1 KB that expands to 2^depth fields. */
function doublingFragments(depth: number): string {
  let text = `{ talks(first: 1) { nodes { ...F${depth} } } }\nfragment F0 on Talk { title }\n`;
  for (let i = 1; i <= depth; i++) text += `fragment F${i} on Talk { ...F${i - 1} ...F${i - 1} }\n`;
  return text;
}

const nestedQuery = `{
  speakers(first: 3) { nodes { ...SpeakerTalks } }
}
fragment SpeakerTalks on Speaker {
  name
  talks(first: 5) { nodes { ...TalkTopics event { name year } } }
}
fragment TalkTopics on Talk { title topics { confidence topic { name } } }`;

/**
 * POSTs `chunks` chunks of `chunkBytes` with `Transfer-Encoding: chunked` (no Content-Length), as
 * fast as the server takes them; resolves with the status and body of the answer, whenever it comes.
 */
function postChunked(url: string, chunks: number, chunkBytes: number, contentType = 'application/json') {
  return new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
    let sentBytes = 0;
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        body += text;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes }));
    });
    // Once the server has answered it may close the connection while the client still writes.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    const chunk = Buffer.alloc(chunkBytes, ' ');
    const writeMore = () => {
      while (sentBytes < chunks * chunkBytes) {
        if (req.destroyed) return;
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    req.write('{"query": "{ __typename }"');
    writeMore();
  });
}

describe.each(backends)('requests that could stall the server on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  /** The same app without the JSON fast path: every request through yoga's own handling. */
  let yogaServer: RunningServer;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    server = await serve(store);
    yogaServer = await startServer({
      store: { ...store, close: async () => {} },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      httpFastPath: false,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await yogaServer?.stop();
    await dispose?.();
  });

  const post = async (query: string, to = server) => {
    const response = await fetch(to.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
  };

  it('refuses 24 fragments that each spread the previous one twice, counting them without expanding them', async () => {
    const query = doublingFragments(24);
    expect(query.length).toBeLessThan(1_000);
    for (const to of [server, yogaServer]) {
      const body = await post(query, to);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0].message).toMatch(/16777218 fields .* limit of 2000/);
    }
  });

  it('refuses a document with more fragment spreads than the limit', async () => {
    const spreads = Array.from({ length: 101 }, () => '...T').join(' ');
    const body = await post(`{ talks(first: 1) { nodes { ${spreads} } } } fragment T on Talk { title }`);
    expect(body.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0].message).toMatch(/101 fragment spreads/);
  });

  it('refuses a chunked 20 MB body with 413, and keeps answering', async () => {
    for (const to of [server, yogaServer]) {
      const answer = await postChunked(to.url, 20, 1024 * 1024);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).errors[0].message).toMatch(/exceeds the limit of 65536/);
      // Refused long before the whole body was sent.
      expect(answer.sentBytes).toBeLessThan(20 * 1024 * 1024);
      const body = await post('{ stats { nodes } }', to);
      expect(body.errors).toBeUndefined();
      expect(body.data.stats.nodes).toBeGreaterThan(0);
    }
  });

  it('still accepts a chunked body under the limit', async () => {
    const query = JSON.stringify({ query: '{ stats { nodes } }' });
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (text) => {
          body += text;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (const part of [query.slice(0, 10), query.slice(10)]) req.write(part);
      req.end();
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).data.stats.nodes).toBeGreaterThan(0);
  });

  it('still answers a nested query that uses fragments', async () => {
    const body = await post(nestedQuery);
    expect(body.errors).toBeUndefined();
    expect(body.data.speakers.nodes.length).toBeGreaterThan(0);
    const talks = body.data.speakers.nodes.flatMap((s: { talks: { nodes: unknown[] } }) => s.talks.nodes);
    expect(talks.length).toBeGreaterThan(0);
  });
});

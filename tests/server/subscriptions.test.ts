// Live updates through the real server: SSE subscribers see what mutations change, filtered by kind
// and event; with REDIS_URL, what one instance commits reaches the subscribers of another.
import { randomBytes } from 'node:crypto';
import { createServer, type Server, Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTalkgraphError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { openGraphEvents, type ServerEvents } from '../../src/server/events.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { openStore } from '../../src/store/store.js';
import { createToken } from '../../src/store/tokens.js';
import { createTestDatabase, createTestStore, type TestDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { sseMessages } from '../support/sse.js';

const quillfield = `Quillfield Data Summit 2022

Streaming Joins in Practice
Speaker: Ada Quint

Columnar Storage Without Tears
Speaker: Bram Oyelaran
`;
const brambleton = `Brambleton Cloud Days 2023

Scheduling at Scale
Speaker: Tomas Reyes
`;
const marlowe = `Marlowe Systems Week 2024

Backpressure Everywhere
Speaker: Ines Halvorsen
`;

const crowd = `Crowdfield Meetup 2025

Fan-out Without Tears
Speaker: Ilse Marrow
`;

const wexford = `Wexford Data Days 2025

Idempotent Consumers
Speaker: Oona Brack
`;

/** One SSE subscription: its `next` payloads in arrival order, with when each arrived. */
interface Subscription {
  next(timeoutMs?: number): Promise<{ payload: { data?: Record<string, any>; errors?: any[] } }>;
  /** Resolves when the server ends the stream (event: complete, or the connection closes). */
  ended: Promise<void>;
  close(): void;
}

/** Subscribes over SSE as graphql-sse's "distinct connections" mode does (POST, or GET as EventSource). */
async function subscribe(url: string, query: string, method: 'POST' | 'GET' = 'POST'): Promise<Subscription> {
  const aborter = new AbortController();
  const target = method === 'GET' ? `${url}?query=${encodeURIComponent(query)}` : url;
  const response = await fetch(target, {
    method,
    signal: aborter.signal,
    headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify({ query }) : undefined,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const arrived: { payload: any }[] = [];
  let wake: () => void = () => {};
  let endStream: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    endStream = resolve;
  });
  (async () => {
    try {
      for await (const { event, data } of sseMessages(
        response.body as unknown as AsyncIterable<Uint8Array>,
      )) {
        if (event === 'next' && data) arrived.push({ payload: JSON.parse(data) });
        if (event === 'complete') endStream();
        wake();
      }
    } catch {}
    endStream();
    wake();
  })();
  return {
    ended,
    close: () => aborter.abort(),
    // How long to wait for an event before failing: a budget for a busy machine, not a speed claim.
    next: async (timeoutMs = 30_000) => {
      const deadline = performance.now() + timeoutMs;
      while (arrived.length === 0) {
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms on ${query}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 50));
        });
      }
      return arrived.shift() as { payload: any };
    },
  };
}

async function graphql(url: string, secret: string | null, query: string, variables: object = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const ingestMutation = `mutation Ingest($name: String!, $content: String!) {
  ingestDocument(input: { name: $name, content: $content }) {
    document { id name }
    summary { status talks }
    userErrors { field message code }
  }
}`;

async function ingest(url: string, secret: string, name: string, content: string) {
  const { ingestDocument } = await graphql(url, secret, ingestMutation, { name, content });
  expect(ingestDocument.userErrors).toEqual([]);
  return ingestDocument as {
    document: { id: string; name: string };
    summary: { status: string; talks: number };
  };
}

const silent = createLogger('silent');

describe('live updates over SSE on one server (PGlite)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let secret: string;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore('pglite'));
    ({ secret } = await createToken(store.db, 'live-updates', 'admin'));
    server = await startServer({
      store: { ...store, close: async () => {} }, // the test disposes of the store itself
      logger: silent,
      host: '127.0.0.1',
      port: 0,
      production: true,
    });
    await ingest(server.url, secret, 'quillfield.txt', quillfield);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('delivers graphChanged after a mutation to the subscribers of its kinds only', async () => {
    const speakers = await subscribe(
      server.url,
      'subscription { graphChanged(kinds: ["speaker"]) { operation changeId kinds entityIds entities { label } } }',
    );
    // Browsers' EventSource asks with GET.
    const talks = await subscribe(
      server.url,
      'subscription { graphChanged(kinds: ["talk"]) { operation kinds entities { label } } }',
      'GET',
    );
    try {
      const { speakers: found } = await graphql(
        server.url,
        null,
        '{ speakers(filter: { text: "Ada Quint" }) { nodes { id name } } }',
      );
      const ada = found.nodes[0];
      expect(ada?.name).toBe('Ada Quint');
      const { addAlias } = await graphql(
        server.url,
        secret,
        'mutation($id: ID!) { addAlias(input: { entity: $id, alias: "A. Quint" }) { entity { id } userErrors { message code } } }',
        { id: ada.id },
      );
      expect(addAlias.userErrors).toEqual([]);
      await ingest(server.url, secret, 'brambleton.txt', brambleton);

      const alias = (await speakers.next()).payload.data?.graphChanged;
      expect(alias.operation).toBe('addAlias');
      expect(alias.kinds).toEqual(['speaker']);
      expect(alias.entityIds).toEqual([ada.id]);
      expect(alias.entities).toEqual([{ label: 'Ada Quint' }]);
      expect(alias.changeId).toMatch(/^[A-Za-z0-9_-]+$/);
      // The talk subscriber skipped the alias: its first change is the ingest, with its new talk.
      const ingested = (await talks.next()).payload.data?.graphChanged;
      expect(ingested.operation).toBe('ingestDocument');
      expect(ingested.kinds).toContain('talk');
      expect(ingested.entities).toContainEqual({ label: 'Scheduling at Scale' });
    } finally {
      speakers.close();
      talks.close();
    }
  });

  it('serves more than ten subscribers in one process without a leak warning, each getting the event', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const streams = await Promise.all(
      Array.from({ length: 12 }, () => subscribe(server.url, 'subscription { documentIngested { name } }')),
    );
    try {
      await ingest(server.url, secret, 'crowd.txt', crowd);
      for (const stream of streams)
        expect((await stream.next()).payload.data?.documentIngested).toEqual({ name: 'crowd.txt' });
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      for (const stream of streams) stream.close();
      process.off('warning', onWarning);
    }
  });

  it('answers every event in full on a stream open longer than the request limit', async () => {
    // Two servers on one store and one event bus: the subscriber's has a 100 ms request limit.
    const shared = await openGraphEvents({ logger: silent });
    const options = { logger: silent, host: '127.0.0.1', port: 0, production: true, events: shared };
    const listening = await startServer({
      ...options,
      store: { ...store, close: async () => {} },
      requestTimeoutMs: 100,
    });
    const writing = await startServer({ ...options, store: { ...store, close: async () => {} } });
    try {
      const ingested = await subscribe(
        listening.url,
        'subscription { documentIngested { document { id name } } }',
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 300)); // the stream outlives the limit
        const { document } = await ingest(writing.url, secret, 'wexford.txt', wexford);
        const { payload } = await ingested.next();
        expect(payload.errors).toBeUndefined();
        expect(payload.data?.documentIngested).toEqual({ document });
      } finally {
        ingested.close();
      }
    } finally {
      await listening.stop();
      await writing.stop();
    }
  });

  it('follows one event, and refuses an id that is not an Event', async () => {
    const { events } = await graphql(server.url, null, '{ events(first: 10) { nodes { id name } } }');
    const brambletonEvent = events.nodes.find((e: { name: string }) => e.name.startsWith('Brambleton'));
    expect(brambletonEvent).toBeDefined();
    const following = await subscribe(
      server.url,
      `subscription { graphChanged(event: "${brambletonEvent.id}") { operation eventIds entities { label } } }`,
    );
    try {
      // Another event's document first: not for this subscriber.
      await ingest(server.url, secret, 'marlowe.txt', marlowe);
      await ingest(
        server.url,
        secret,
        'brambleton.txt',
        `${brambleton}\nLeases and Fencing Tokens\nSpeaker: Tomas Reyes\n`,
      );
      const change = (await following.next()).payload.data?.graphChanged;
      expect(change.eventIds).toContain(brambletonEvent.id);
      expect(change.entities).toContainEqual({ label: 'Leases and Fencing Tokens' });
      expect(change.entities).not.toContainEqual({ label: 'Backpressure Everywhere' });
    } finally {
      following.close();
    }

    for (const [args, message] of [
      ['event: "not an id"', /not a Talkgraph id/],
      [`event: "${Buffer.from('Talk:1').toString('base64url')}"`, /not an Event/],
      ['kinds: ["talks"]', /unknown "talks"/],
      ['kinds: []', /at least one kind/],
    ] as const) {
      const refused = await subscribe(server.url, `subscription { graphChanged(${args}) { operation } }`);
      const { payload } = await refused.next();
      expect(payload.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
      expect(payload.errors?.[0]?.message).toMatch(message);
      await refused.ended;
    }
  });

  it('delivers documentIngested with the document and its counts', async () => {
    const documents = await subscribe(
      server.url,
      'subscription { documentIngested { document { id name } name status format talks added removed } }',
    );
    try {
      const { document } = await ingest(
        server.url,
        secret,
        'quillfield-2.txt',
        quillfield.replace('2022', '2025'),
      );
      const event = (await documents.next()).payload.data?.documentIngested;
      expect(event).toMatchObject({
        document,
        name: 'quillfield-2.txt',
        status: 'added',
        talks: 2,
        removed: 0,
      });
      expect(event.added).toBeGreaterThan(0);
    } finally {
      documents.close();
    }
  });

  it('answers subscriptions asked for with any Accept that takes a stream, through the HTTP front', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const query = 'subscription { documentIngested { name } }';
      const target = method === 'GET' ? `${server.url}?query=${encodeURIComponent(query)}` : server.url;
      const aborter = new AbortController();
      const response = await fetch(target, {
        method,
        signal: aborter.signal,
        headers: { accept: '*/*', 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ query }) : undefined,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      aborter.abort();
    }
  });

  it('ends open subscriptions when the server stops, which then drains at once', async () => {
    const { store: own, dispose: disposeOwn } = await createTestStore('pglite');
    const stopping = await startServer({
      store: own,
      logger: silent,
      host: '127.0.0.1',
      port: 0,
      production: true,
      // A drain limit far beyond any busy machine's delay: stopping at once is told from waiting for it.
      drainSeconds: 120,
    });
    try {
      const open = await subscribe(stopping.url, 'subscription { graphChanged { operation } }');
      const started = performance.now();
      expect(await stopping.stop()).toEqual({ cut: 0 });
      await open.ended;
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      await disposeOwn();
    }
  });
});

describe('REDIS_URL at start', () => {
  it('fails clearly when Redis does not answer, naming the URL without its password', async () => {
    const port = await freePort();
    const started = performance.now();
    const error = await openGraphEvents({
      logger: silent,
      redisUrl: `redis://talkgraph:hunter2@127.0.0.1:${port}/0`,
      waitSeconds: 1,
    }).catch((e: unknown) => e);
    expect(isTalkgraphError(error) && error.code).toBe('DATABASE_UNAVAILABLE');
    const message = (error as Error).message;
    expect(message).toContain(`REDIS_URL redis://talkgraph:***@127.0.0.1:${port}/0`);
    expect(message).toMatch(/ECONNREFUSED.*after waiting 1 s/);
    expect(message).not.toContain('hunter2');
    // It retried for the wait, then gave up (the promise settled).
    expect(performance.now() - started).toBeGreaterThan(900);
  });
});

// ---- Several instances, through Redis ----------------------------------------------------------

const redisUrl = process.env.TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
const serverDatabase = Boolean(process.env.TEST_DATABASE_URL?.trim());
const redisAnswers = await redisReachable(redisUrl);
if (serverDatabase && !redisAnswers) {
  const message = `Redis at ${redisUrl} does not answer: the tests of several instances cannot run (start redis-server, or set TEST_REDIS_URL)`;
  // CI must prove live updates across instances: never skipped silently.
  if (process.env.CI) throw new Error(message);
  console.warn(`left out: ${message}`);
}

describe.runIf(serverDatabase && redisAnswers)(
  'two server instances on one Postgres database and one Redis',
  () => {
    // Channels of this run only: other runs on the same Redis neither see nor disturb them.
    const channelPrefix = `talkgraph-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
    let database: TestDatabase;
    const stores: Store[] = [];
    const servers: RunningServer[] = [];
    let probe: Redis;
    let secret: string;

    const startInstance = async (store: Store, events: ServerEvents) =>
      startServer({ store, logger: silent, host: '127.0.0.1', port: 0, production: true, events });

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      probe = new Redis(redisUrl, { lazyConnect: true });
      await probe.connect();
      for (let i = 0; i < 2; i++) {
        const store = await openStore(database.target);
        stores.push(store);
        const events = await openGraphEvents({ logger: silent, redisUrl, channelPrefix });
        servers.push(await startInstance(store, events));
      }
      ({ secret } = await createToken(stores[0]!.db, 'instance-1', 'admin'));
    });
    afterAll(async () => {
      for (const server of servers) await server.stop(); // closes its store and its Redis connections
      await database?.drop();
      probe?.disconnect();
    });

    /** Redis knows of `count` subscribers of the topic (the SSE subscription reached Redis). */
    async function subscribers(topic: string, count: number) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const [, n] = (await probe.pubsub('NUMSUB', `${channelPrefix}${topic}`)) as [string, number];
        if (n === count) return;
        if (Date.now() > deadline) throw new Error(`${topic}: ${n} subscribers in Redis, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it('a document ingested through one instance reaches a subscriber of the other', async () => {
      const [one, two] = servers as [RunningServer, RunningServer];
      const ingested = await subscribe(
        two.url,
        'subscription { documentIngested { document { id name } name status talks } }',
      );
      const changed = await subscribe(
        two.url,
        'subscription { graphChanged(kinds: ["talk"]) { operation entities { label } } }',
      );
      try {
        await subscribers('documentIngested', 1);
        await subscribers('graphChanged', 1);
        const { document } = await ingest(one.url, secret, 'quillfield.txt', quillfield);
        const [first, second] = [await ingested.next(), await changed.next()];
        expect(first.payload.errors).toBeUndefined();
        expect(first.payload.data?.documentIngested).toEqual({
          document,
          name: 'quillfield.txt',
          status: 'added',
          talks: 2,
        });
        expect(second.payload.data?.graphChanged.operation).toBe('ingestDocument');
        expect(second.payload.data?.graphChanged.entities).toContainEqual({
          label: 'Streaming Joins in Practice',
        });
      } finally {
        ingested.close();
        changed.close();
      }
      // The subscribers left: so did their Redis subscriptions.
      await subscribers('documentIngested', 0);
      await subscribers('graphChanged', 0);
    });

    it('keeps serving when the Redis connection is lost, and delivers again once it is back', async () => {
      const proxy = await tcpProxy(new URL(redisUrl));
      const lines: string[] = [];
      const logger = pino(
        { level: 'info' },
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(String(chunk));
            done();
          },
        }),
      ) as Logger;
      const url = new URL(redisUrl);
      url.host = `127.0.0.1:${proxy.port}`;
      const events = await openGraphEvents({ logger, redisUrl: url.toString(), channelPrefix });
      const store = await openStore(database.target);
      const three = await startServer({
        store,
        logger,
        host: '127.0.0.1',
        port: 0,
        production: true,
        events,
      });
      try {
        proxy.cut();
        await waitFor(() => lines.some((line) => line.includes('lost the connection to Redis')));
        // Mutations through it still answer (their events are not delivered, and that is logged).
        await ingest(three.url, secret, 'marlowe.txt', marlowe);
        expect((await fetch(new URL('/health', three.url))).status).toBe(200);
        proxy.resume();
        await waitFor(() => lines.some((line) => line.includes('reconnected to Redis')));
        const listening = await subscribe(three.url, 'subscription { documentIngested { name } }');
        try {
          await subscribers('documentIngested', 1);
          await ingest(servers[0]!.url, secret, 'brambleton.txt', brambleton);
          // The event of the ingest during the cut comes late or never: its publish waits through a
          // few reconnection attempts, which a slow machine can outlast. What is asserted is that
          // events flow again.
          let event = (await listening.next()).payload.data?.documentIngested;
          if (event?.name === 'marlowe.txt') event = (await listening.next()).payload.data?.documentIngested;
          expect(event).toEqual({ name: 'brambleton.txt' });
        } finally {
          listening.close();
        }
      } finally {
        await three.stop();
        proxy.close();
      }
    });
  },
);

async function redisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy to Redis that can drop every connection and refuse new ones (a Redis that went away)
 * until resumed: the server's connection is lost the way a network or a restart loses it.
 */
async function tcpProxy(target: URL) {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    resume() {
      refusing = false;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

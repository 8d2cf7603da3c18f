// The API answers queries only: a mutation or a subscription is a client's mistake, answered with
// a 4xx and a GraphQL error that says so, never a 500 with a stack in the server's error log.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

describe.each(backends)('operations other than queries on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const servers: RunningServer[] = [];
  /** Warnings and errors the servers logged. */
  const logged: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    for (const httpFastPath of [true, false]) {
      servers.push(
        await startServer({
          store: { ...store, close: async () => {} },
          logger,
          host: '127.0.0.1',
          port: 0,
          production: true,
          httpFastPath,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await dispose?.();
  });

  const post = (server: RunningServer, query: string, accept = 'application/json', operationName?: string) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query, operationName }),
    });

  it.each([
    ['mutation', 'mutation { x }'],
    ['subscription', 'subscription { x }'],
  ])('answers a %s POST with 400 and a clear error, logging no error', async (kind, query) => {
    for (const server of servers) {
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const response = await post(server, query, accept);
        expect(response.status).toBe(400);
        const body = await response.json();
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([
          expect.objectContaining({
            message: `this API has no ${kind}s: it answers queries only`,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        ]);
      }
    }
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('answers a mutation sent with GET with 405, a subscription with 400', async () => {
    const get = (query: string) => fetch(`${servers[0]?.url}?query=${encodeURIComponent(query)}`);
    expect((await get('mutation { x }')).status).toBe(405);
    const subscription = await get('subscription { x }');
    expect(subscription.status).toBe(400);
    expect((await subscription.json()).errors[0].message).toMatch(/no subscriptions/);
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('still answers queries, named or not', async () => {
    for (const server of servers) {
      const response = await post(server, 'query Q { __typename }');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });
});

// Operations other than the queries the front answers: a mutation or subscription field the schema
// lacks, a mutation over GET, a subscription a client cannot stream, are the client's mistakes,
// answered with a 4xx or a GraphQL error that says so, never a 500 with a stack in the error log.
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
  ])('answers a %s the schema lacks as a validation error, logging no error', async (kind, query) => {
    const root = kind === 'mutation' ? 'Mutation' : 'Subscription';
    for (const server of servers) {
      // As for every validation error: 200 for application/json, 400 for graphql-response+json.
      for (const [accept, status] of [
        ['application/json', 200],
        ['application/graphql-response+json', 400],
      ] as const) {
        const response = await post(server, query, accept);
        expect(response.status).toBe(status);
        const body = await response.json();
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([
          expect.objectContaining({
            message: `Cannot query field "x" on type "${root}".`,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        ]);
      }
    }
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('answers a mutation sent with GET with 405, and a subscription asked for as JSON with 406', async () => {
    const get = (query: string) => fetch(`${servers[0]?.url}?query=${encodeURIComponent(query)}`);
    expect(
      (await get('mutation { addAlias(input: { entity: "x", alias: "y" }) { entity { id } } }')).status,
    ).toBe(405);
    // A subscription streams (Server-Sent Events): a client that accepts only JSON cannot have it.
    for (const server of servers) {
      const response = await post(server, 'subscription { graphChanged { operation } }');
      expect(response.status).toBe(406);
    }
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

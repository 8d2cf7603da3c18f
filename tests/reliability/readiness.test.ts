// /ready says whether the database answers without telling the world why not: in production a
// generic 503 (the detail goes to the log), in development the database's own error.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

const secret = 'connect ECONNREFUSED 10.1.2.3:5432 for user "talkgraph_admin"';

describe.each(backends)('/ready when the database stops answering on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const logged: { level: number; msg: string; err?: { message: string } }[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(async () => {
    await dispose?.();
  });

  const withBrokenDatabase = async (production: boolean, test: (server: RunningServer) => Promise<void>) => {
    const server = await startServer({
      store: {
        ...store,
        db: { ...store.db, query: () => Promise.reject(new Error(secret)) },
        close: async () => {},
      },
      logger: pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) }),
      host: '127.0.0.1',
      port: 0,
      production,
    });
    try {
      await test(server);
    } finally {
      await server.stop();
    }
  };

  it('answers 503 with a generic body in production, and logs the detail', async () => {
    await withBrokenDatabase(true, async (server) => {
      const response = await fetch(new URL('/ready', server.url));
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(body).toBe('database unavailable');
      expect(body).not.toContain('10.1.2.3');
      expect(logged.at(-1)?.err?.message).toBe(secret);
      expect((await fetch(new URL('/health', server.url))).status).toBe(200);
    });
  });

  it('shows the database error in development', async () => {
    await withBrokenDatabase(false, async (server) => {
      const response = await fetch(new URL('/ready', server.url));
      expect(response.status).toBe(503);
      expect(await response.text()).toBe(secret);
    });
  });

  it('answers 200 when the database answers', async () => {
    const server = await startServer({
      store: { ...store, close: async () => {} },
      logger: pino({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      production: true,
    });
    try {
      expect((await fetch(new URL('/ready', server.url))).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

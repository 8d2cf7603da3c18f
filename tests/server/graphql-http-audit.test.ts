// The GraphQL over HTTP spec (https://graphql.github.io/graphql-over-http/), checked by graphql-http's
// own server audits against the real server: every client shape a conforming client may send gets a
// conforming answer, whichever path answers it (the JSON fast path, src/server/json-post.ts, or
// graphql-yoga), and with the fast path off (HTTP_FAST_PATH=off) as well.
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { sampleGraphFacts, writeFacts } from '../support/graph.js';

/** One line per audit that did not pass: its id, name, status, the reason graphql-http gives. */
function describeFailures(results: AuditResult[]): string[] {
  return results.flatMap((result) =>
    result.status === 'error' || result.status === 'warn'
      ? [`${result.id} ${result.name} (${result.status}, HTTP ${result.response.status}): ${result.reason}`]
      : [],
  );
}

describe.each(backends)('GraphQL over HTTP audits on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
  });
  afterAll(async () => {
    await dispose?.();
  });

  describe.each([
    ['with the JSON fast path (the default)', true],
    ['through graphql-yoga alone (HTTP_FAST_PATH=off)', false],
  ])('%s', (_, httpFastPath) => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({
        store: { ...store, close: async () => {} }, // the store outlives both servers
        logger: createLogger('silent'),
        host: '127.0.0.1',
        port: 0,
        production: true,
        httpFastPath,
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('passes every graphql-http server audit: no errors, no warnings', async () => {
      const audits = serverAudits({ url: server.url, fetchFn: fetch });
      // One after another, as graphql-http's auditServer runs them: each request on its own.
      const results: AuditResult[] = [];
      for (const audit of audits) results.push(await audit.fn());
      expect(results.length).toBeGreaterThan(0);
      const failures = describeFailures(results);
      expect(failures, `graphql-http audits that failed:\n${failures.join('\n')}`).toEqual([]);
    });
  });
});

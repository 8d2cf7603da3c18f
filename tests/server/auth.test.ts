// API tokens at the server (docs/curation.md, "Tokens"): mutations need a token with their scope,
// `changes` needs admin, refused tokens are logged without the token, mutations are rate-limited per
// token, and READ_REQUIRES_TOKEN closes reading (on the node:http front, through yoga, and for
// exports) while anonymous reads without it never touch the token table.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/server/app.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { createToken, hashSecret, revokeToken } from '../../src/store/tokens.js';
import { backends, createTestStore } from '../support/databases.js';
import { graphql, sampleGraphFacts, writeFacts } from '../support/graph.js';

const addAlias = `mutation AddAlias($entity: ID!, $alias: String!) {
  addAlias(input: { entity: $entity, alias: $alias }) { entity { id } userErrors { field message code } }
}`;
const changes = 'query Changes { changes(first: 5) { totalCount } }';
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const codeOf = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.[0]?.extensions?.code;

describe.each(backends)('API tokens on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const logged: string[] = [];
  const secrets: Record<'admin' | 'curate' | 'ingest' | 'burst' | 'batch' | 'revoked', string> = {} as never;
  let speaker: string;
  const alias = (headers: Record<string, string>, name = 'Another Name') =>
    graphql(server, addAlias, { entity: speaker, alias: name }, headers);

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'sample.md', sampleGraphFacts());
    for (const [name, scope] of [
      ['admin', 'admin'],
      ['curate', 'curate'],
      ['ingest', 'ingest'],
      ['burst', 'curate'],
      ['batch', 'curate'],
      ['revoked', 'curate'],
    ] as const) {
      secrets[name] = (await createToken(store.db, name, scope)).secret;
    }
    await revokeToken(store.db, 'revoked');
    server = await startServer({
      store: { ...store, close: async () => {} }, // the test disposes of the store itself
      logger: pino({ level: 'warn' }, { write: (line: string) => logged.push(line) }),
      host: '127.0.0.1',
      port: 0,
      production: true,
      mutationRateLimit: 3,
    });
    const { data } = await graphql(server, '{ speakers(first: 1) { nodes { id } } }');
    speaker = data.speakers.nodes[0].id;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('a mutation without a token is UNAUTHENTICATED, and changes nothing', async () => {
    const response = await alias({});
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    expect(response.errors[0].message).toMatch(/needs an API token/);
    expect(response.data?.addAlias ?? null).toBeNull();
  });

  it('an unknown, revoked or malformed token is UNAUTHENTICATED, logged with the reason and never the token', async () => {
    const unknown = 'tg_thisTokenWasNeverCreatedAnywhere0000';
    const cases = [
      [bearer(unknown), 'unknown token', unknown],
      [bearer(secrets.revoked), 'revoked token', secrets.revoked],
      [{ authorization: `Basic ${secrets.curate}` }, 'malformed Authorization header', secrets.curate],
      [bearer('not-even-ours'), 'not a Talkgraph token', 'not-even-ours'],
    ] as const;
    for (const [headers, reason, secret] of cases) {
      logged.length = 0;
      const response = await alias(headers);
      expect(codeOf(response), reason).toBe('UNAUTHENTICATED');
      const lines = logged.filter((line) => line.includes('API token refused'));
      expect(lines, reason).toHaveLength(1);
      const entry = JSON.parse(lines[0] as string);
      expect(entry).toMatchObject({ level: 40, reason, operation: 'AddAlias', operationType: 'mutation' });
      expect(entry.client).toMatch(/127\.0\.0\.1/);
      expect(lines[0]).not.toContain(secret);
      expect(lines[0]).not.toContain(hashSecret(secret));
    }
  });

  it('an ingest token may not curate (FORBIDDEN); curate and admin tokens may', async () => {
    const forbidden = await alias(bearer(secrets.ingest));
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(forbidden.errors[0].message).toMatch(/"ingest" \(scope ingest\) may not/);
    for (const scope of ['curate', 'admin'] as const) {
      const allowed = await alias(bearer(secrets[scope]), `Alias by ${scope}`);
      expect(allowed.errors, scope).toBeUndefined();
      expect(allowed.data.addAlias).toEqual({ entity: { id: speaker }, userErrors: [] });
    }
  });

  it('the audit trail (changes) needs an admin token', async () => {
    expect(codeOf(await graphql(server, changes))).toBe('UNAUTHENTICATED');
    expect(codeOf(await graphql(server, changes, {}, bearer(secrets.curate)))).toBe('FORBIDDEN');
    expect(codeOf(await graphql(server, changes, {}, bearer(secrets.revoked)))).toBe('UNAUTHENTICATED');
    const admin = await graphql(server, changes, {}, bearer(secrets.admin));
    expect(admin.errors).toBeUndefined();
    expect(admin.data.changes.totalCount).toBeGreaterThanOrEqual(2);
  });

  it('a token that sends more mutations a minute than MUTATION_RATE_LIMIT is RATE_LIMITED; other tokens are not', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await alias(bearer(secrets.burst), `Burst ${i}`);
      expect(response.errors, `mutation ${i + 1}`).toBeUndefined();
    }
    const limited = await alias(bearer(secrets.burst), 'Burst 4');
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    // 429, as HTTP clients and proxies expect of a rate limit.
    expect(limited.status).toBe(429);
    expect(limited.errors[0].message).toMatch(
      /"burst" would send more than 3 mutations this minute.*retry in \d+ s/,
    );
    const [written] = await store.db.query<{ n: number }>(
      `select count(*)::int as n from change where actor = 'burst'`,
    );
    expect(written?.n).toBe(3);
    // Reads are not limited, and another token keeps its own allowance.
    expect((await graphql(server, changes, {}, bearer(secrets.burst))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await alias(bearer(secrets.admin), 'Not limited')).errors).toBeUndefined();
  });

  it('takes the rate limit for a whole request before any of its mutations runs: all are applied or none', async () => {
    const aliases = (names: string[]) =>
      graphql(
        server,
        `mutation Batch($entity: ID!) { ${names
          .map(
            (name, i) =>
              `m${i}: addAlias(input: { entity: $entity, alias: "${name}" }) { userErrors { code } }`,
          )
          .join(' ')} }`,
        { entity: speaker },
        bearer(secrets.batch),
      );
    const applied = async () =>
      (await store.db.query<{ n: number }>(`select count(*)::int as n from change where actor = 'batch'`))[0]
        ?.n;
    // More at once than a minute allows: refused as it stands, never partly applied.
    const tooMany = await aliases(['A', 'B', 'C', 'D']);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors[0].message).toMatch(/holds 4 mutations, more than the 3/);
    expect(await applied()).toBe(0);

    expect((await aliases(['Batch One', 'Batch Two'])).errors).toBeUndefined();
    expect(await applied()).toBe(2);
    // Two more need two of the one left: both fields refused, neither applied.
    const over = await aliases(['Batch Three', 'Batch Four']);
    expect(over.status).toBe(429);
    expect(
      new Set(over.errors.map((error: { extensions: { code: string } }) => error.extensions.code)),
    ).toEqual(new Set(['RATE_LIMITED']));
    expect(over.errors[0].message).toMatch(/nothing in this request was applied/);
    expect(await applied()).toBe(2);
    expect((await aliases(['Batch Three'])).errors).toBeUndefined();
  });

  it('reading without a token stays open and sends no statement to the token table', async () => {
    const statements: string[] = [];
    const stop = store.db.onStatement((text) => {
      statements.push(text);
    });
    try {
      const response = await graphql(server, '{ speaker(slug: "zoe-nunez") { name talks { totalCount } } }');
      expect(response.errors).toBeUndefined();
      expect(response.data.speaker.name).toBeTruthy();
    } finally {
      stop();
    }
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((text) => text.includes('api_token'))).toEqual([]);
  });

  it('looks a token up once for a request whose body is over the small limit', async () => {
    const statements: string[] = [];
    const stop = store.db.onStatement((text) => {
      statements.push(text);
    });
    try {
      // Over 64 KiB: the token is checked before the body is read, then the body is counted, then
      // the request runs; all three ask the same lookup.
      const response = await graphql(
        server,
        'query Padded($pad: String) { __typename speaker(slug: $pad) { name } }',
        { pad: 'x'.repeat(100_000) },
        bearer(secrets.ingest),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ __typename: 'Query', speaker: null });
    } finally {
      stop();
    }
    expect(statements.filter((text) => text.includes('api_token'))).toHaveLength(1);
  });

  it('a token records when it was last used, writing at most about once a minute', async () => {
    const lastUsed = async () =>
      (
        await store.db.query<{ at: Date | null }>(
          `select last_used_at as at from api_token where name = 'admin'`,
        )
      )[0]?.at;
    await store.db.query(
      `update api_token set last_used_at = now() - interval '5 minutes' where name = 'admin'`,
    );
    const before = await lastUsed();
    await graphql(server, changes, {}, bearer(secrets.admin));
    const touched = await lastUsed();
    expect(new Date(touched as Date).getTime()).toBeGreaterThan(new Date(before as Date).getTime());
    await graphql(server, changes, {}, bearer(secrets.admin));
    expect(await lastUsed()).toEqual(touched);
  });
});

describe.each(backends)('READ_REQUIRES_TOKEN on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let front: RunningServer;
  let yogaOnly: RunningServer;
  let app: App;
  let reader: string;
  const query = 'query Stats { stats { nodes } }';
  const logged: string[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'sample.md', sampleGraphFacts());
    reader = (await createToken(store.db, 'reader', 'ingest')).secret;
    const options = {
      store: { ...store, close: async () => {} },
      logger: pino({ level: 'warn' }, { write: (line: string) => logged.push(line) }),
      host: '127.0.0.1',
      port: 0,
      production: true,
      readRequiresToken: true,
    };
    front = await startServer(options);
    yogaOnly = await startServer({ ...options, httpFastPath: false });
    app = createApp(options);
  }, 120_000);
  afterAll(async () => {
    await front?.stop();
    await yogaOnly?.stop();
    await dispose?.();
  });

  /** The same query over POST and GET, to a server. */
  async function ask(server: RunningServer, headers: Record<string, string> = {}) {
    const posted = await graphql(server, query, undefined, headers);
    const url = new URL(server.url);
    url.searchParams.set('query', query);
    const got = await fetch(url, { headers: { accept: 'application/json', ...headers } });
    return [posted, { ...(await got.json()), status: got.status }];
  }

  it('refuses anonymous queries with UNAUTHENTICATED on the node:http front and through yoga', async () => {
    logged.length = 0;
    for (const [name, server] of [
      ['front', front],
      ['yoga', yogaOnly],
    ] as const) {
      for (const response of await ask(server)) {
        expect(codeOf(response), name).toBe('UNAUTHENTICATED');
        expect(response.errors[0].message).toMatch(/requires an API token/);
        expect(response.data ?? null, name).toBeNull();
      }
    }
    const fetched = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(codeOf(await fetched.json())).toBe('UNAUTHENTICATED');
    // A refusal is the client's answer, not a server fault: nothing at error level.
    expect(logged.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });

  it('names no schema field in validation errors ("Did you mean …?") to clients it has not verified', async () => {
    for (const server of [front, yogaOnly]) {
      const misspelt = await graphql(server, '{ statz { nodes } }');
      expect(misspelt.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(misspelt.errors[0].message).toBe('Cannot query field "statz" on type "Query".');
    }
  });

  it('refuses an anonymous subscription (Server-Sent Events)', async () => {
    const leave = new AbortController();
    const response = await fetch(front.url, {
      method: 'POST',
      signal: leave.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { documentIngested { __typename } }' }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    leave.abort();
    const event = JSON.parse(/^data: (.*)$/m.exec(text)?.[1] as string);
    expect(codeOf(event)).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked or unknown token, and logs it', async () => {
    logged.length = 0;
    const [posted] = await ask(front, bearer('tg_unknownunknownunknownunknown'));
    expect(codeOf(posted)).toBe('UNAUTHENTICATED');
    const entry = JSON.parse(logged.find((line) => line.includes('API token refused')) as string);
    expect(entry).toMatchObject({ reason: 'unknown token', operation: 'Stats', operationType: 'query' });
    expect(JSON.stringify(logged)).not.toContain('tg_unknownunknown');
  });

  it('answers a token of any scope, on both paths', async () => {
    for (const server of [front, yogaOnly]) {
      for (const response of await ask(server, bearer(reader))) {
        expect(response.errors).toBeUndefined();
        expect(response.data.stats.nodes).toBeGreaterThan(0);
      }
    }
  });

  it('closes the event exports too', async () => {
    const { data } = await graphql(
      front,
      '{ events(first: 1) { nodes { slug } } }',
      undefined,
      bearer(reader),
    );
    const path = `/export/${data.events.nodes[0].slug}.ics`;
    const anonymous = await fetch(new URL(path, front.url));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const withToken = await fetch(new URL(path, front.url), { headers: bearer(reader) });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('BEGIN:VCALENDAR');
  });
});

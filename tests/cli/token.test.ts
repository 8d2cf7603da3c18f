// `talkgraph token create|list|revoke`, and the local admin token `talkgraph start` creates
// (docs/curation.md, "Tokens"): a secret is printed once and stored only as its hash; a revoked
// token is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { localTokenPath } from '../../src/cli/local-token.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/store.js';
import { hashSecret } from '../../src/store/tokens.js';
import { runCli, startCli } from '../support/cli.js';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.js';

const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-token-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The `changes` query (admin only) sent with a token, answered by an app on the database. */
async function changesWith(db: TestDatabase, secret: string) {
  const store = await openStore(db.target);
  try {
    const app = createApp({ store, logger: pino({ level: 'silent' }), production: true });
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ changes(first: 1) { totalCount } }' }),
    });
    return (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
  } finally {
    await store.close();
  }
}

async function tokenRows(db: TestDatabase) {
  const store = await openStore(db.target);
  try {
    return await store.db.query<{ name: string; hash: string; row: string }>(
      'select name, hash, row_to_json(api_token)::text as row from api_token order by name',
    );
  } finally {
    await store.close();
  }
}

describe.each(backends)('talkgraph token on %s', (backend) => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.drop();
  });
  const cli = (args: string[]) => runCli(args, { env: { DATABASE_URL: db.url }, cwd: scratch });

  it('create prints the secret once; the database keeps only its hash; list never shows it; revoke refuses it', async () => {
    db = await createTestDatabase(backend, { folder: join(scratch, `db-${backend}`) });
    const created = await cli(['token', 'create', '--name', 'ops', '--scope', 'admin']);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    const [secret, ...rest] = created.stdout.trim().split('\n');
    expect(secret).toMatch(/^tg_[A-Za-z0-9_-]{32}$/);
    expect(rest.join('\n')).toMatch(/cannot be shown again/);
    expect(rest.join('\n')).not.toContain(secret);

    const [row, ...others] = await tokenRows(db);
    expect(others).toEqual([]);
    expect(row?.hash).toBe(hashSecret(secret as string));
    expect(row?.row).not.toContain(secret);
    expect(row?.row).not.toContain((secret as string).slice(3));

    expect((await changesWith(db, secret as string)).errors).toBeUndefined();

    const listed = await cli(['token', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^name\s+scope\s+created\s+last used\s+revoked$/m);
    expect(listed.stdout).toMatch(
      /^ops\s+admin\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+\d{4}-\d\d-\d\d \S+\s+no$/m,
    );
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain(row?.hash);

    const revoked = await cli(['token', 'revoke', 'ops']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked the token "ops"/);
    const json = JSON.parse((await cli(['token', 'list', '--json'])).stdout);
    expect(json).toEqual([
      expect.objectContaining({ name: 'ops', scope: 'admin', revokedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(json)).not.toContain(row?.hash);

    const refused = await changesWith(db, secret as string);
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an unknown scope', ['create', '--name', 'x', '--scope', 'root'], /argument 'root' is invalid/],
    ['no scope', ['create', '--name', 'x'], /option '--scope <scope>' not specified/],
    [
      'a name taken already',
      ['create', '--name', 'ops', '--scope', 'curate'],
      /a token named "ops" exists already/,
    ],
    ['a name with spaces', ['create', '--name', 'my token', '--scope', 'curate'], /token name "my token"/],
    ['revoking an unknown name', ['revoke', 'nobody'], /no token named "nobody"/],
  ])('%s is one line on stderr, exit 2', async (_name, args, problem) => {
    db ??= await createTestDatabase(backend, { folder: join(scratch, `db-${backend}`) });
    const result = await cli(['token', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^talkgraph: /);
    expect(result.stderr).toMatch(problem);
  });
});

describe('the local admin token', () => {
  it('lives in the PGlite folder’s parent, or in ./.talkgraph for a server', () => {
    expect(localTokenPath({ database: { backend: 'pglite', dataDir: '/srv/tg/db' } })).toBe(
      '/srv/tg/local-admin-token',
    );
    expect(localTokenPath({ database: { backend: 'postgres', url: 'postgres://h/db' } }, '/work')).toBe(
      '/work/.talkgraph/local-admin-token',
    );
  });

  it('start creates it once, prints it once, keeps it in a file only its owner reads; later starts print where it is', async () => {
    // An empty, migrated folder (a new folder's initdb is migrate's test, tests/cli/cli.test.ts).
    const folder = join(scratch, 'started', 'db');
    mkdirSync(join(scratch, 'started'));
    await createTestDatabase('pglite', { folder });
    const env = { DATABASE_URL: `pglite:${folder}` };
    const file = join(scratch, 'started', 'local-admin-token');
    const start = async () => {
      const started = await startCli(['start', '--port', '0'], /local admin token.*\n/i, {
        env,
        timeoutMs: 90_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // the rest of the message
      const output = started.output();
      const url = /serving (http:\/\/\S+)/.exec(output)?.[1] as string;
      return { started, output, url };
    };

    const first = await start();
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret).toMatch(/^tg_/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.output).toContain(
      `TALKGRAPH_TOKEN=${secret} npm run cli -- ingest --server ${new URL(first.url).origin}`,
    );
    expect(first.output.split(secret).length - 1).toBe(2); // the token line and the example, nothing else
    const answer = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ changes(first: 1) { totalCount } }' }),
    });
    expect((await answer.json()).errors).toBeUndefined();
    first.started.child.kill('SIGTERM');
    expect(await first.started.exited).toBe(0);

    const second = await start();
    expect(second.output).not.toContain(secret);
    expect(second.output).toContain(`The local admin token is in ${file}`);
    second.started.child.kill('SIGTERM');
    expect(await second.started.exited).toBe(0);

    expect((await runCli(['token', 'revoke', 'local-admin'], { env })).code).toBe(0);
    const third = await start();
    expect(third.output).not.toContain(secret);
    expect(third.output).toMatch(/"local-admin" was revoked; for a new one, create an admin token with/);
    third.started.child.kill('SIGTERM');
    expect(await third.started.exited).toBe(0);
  }, 300_000);
});

// `talkgraph ingest --server URL` against a real server on a PGlite folder, and plain `talkgraph
// ingest` on that folder while the server holds it, which names the --server command to use.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/store.js';
import { createToken } from '../../src/store/tokens.js';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';

describe('talkgraph ingest with a running server', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-ingest-server-'));
  const folder = join(scratch, 'db');
  const target: DatabaseTarget = { backend: 'pglite', dataDir: folder };
  let server: RunningServer;
  let base: string;
  let ingestToken: string;
  let curateToken: string;

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { cwd: scratch, env: { TALKGRAPH_TOKEN: ingestToken, ...env } });

  const query = async (text: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text }),
    });
    return ((await response.json()) as { data: any }).data;
  };

  beforeAll(async () => {
    mkdirSync(join(scratch, 'docs'));
    writeFileSync(
      join(scratch, 'docs', 'lantern.txt'),
      'Lanternfish Infra Camp 2022\n\nSharding by Moonlight\nSpeakers: Odile Marchetti and Bram Oosterhuis\n\nThe Quiet Pager\nSpeaker: Keziah Abernathy\n',
    );
    writeFileSync(
      join(scratch, 'docs', 'tidewater.md'),
      '# Tidewater Web Gathering 2023\n\n- **Caching at the Shoreline** — Ilse Drummond\n- **Forms That Forgive** — Tomasz Wierzbicki\n',
    );
    writeFileSync(join(scratch, 'prose.txt'), 'A paragraph about nothing in particular, naming no talk.\n');
    writeFileSync(
      join(scratch, 'export.nq'),
      '<https://talkgraph.dev/id/a> <https://talkgraph.dev/id/b> "c" .\n',
    );
    const store = await openStore(target);
    ingestToken = (await createToken(store.db, 'cli-loader', 'ingest')).secret;
    curateToken = (await createToken(store.db, 'cli-curator', 'curate')).secret;
    server = await startServer({
      store,
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      database: target,
    });
    base = new URL(server.url).origin;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('sends every document to the server and prints the table a local ingest prints', async () => {
    const { code, stdout, stderr } = await cli(['ingest', '--server', base, 'docs/']);
    expect(stderr).toMatch(/^docs\/lantern\.txt: added \(text\), 2 talks, \+\d+ -0 facts$/m);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^document\s+status\s+talks\s+skipped\s+speakers\s+topics\s+facts added\s+facts removed$/m,
    );
    expect(stdout).toMatch(/^docs\/lantern\.txt\s+added\s+2\s+0\s+3\s/m);
    expect(stdout).toMatch(/^docs\/tidewater\.md\s+added\s+2\s+0\s+2\s/m);
    const data = await query('{ talks(first: 10) { totalCount } stats { documents } }');
    expect(data).toEqual({ talks: { totalCount: 4 }, stats: { documents: 2 } });

    // Again: the same bytes, so unchanged (the server got the file's own bytes, as a local ingest reads them).
    const again = await cli(['ingest', '--server', `${base}/graphql`, 'docs/lantern.txt']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^docs\/lantern\.txt\s+unchanged\s/m);
  });

  it('passes --dry-run, --format and --event through, and reports rejected documents one line each', async () => {
    const dry = await cli([
      'ingest',
      '--server',
      base,
      '--dry-run',
      '--event',
      'Pier Summit 2021',
      'docs/lantern.txt',
    ]);
    expect(dry.code).toBe(0);
    const [extracted] = JSON.parse(dry.stdout);
    expect(extracted).toMatchObject({ name: 'docs/lantern.txt', event: { name: 'Pier Summit' } });
    expect(extracted.talks).toHaveLength(2);

    const stdin = await runCli(
      ['ingest', '--server', base, '--format', 'listing', '--name', 'piped.txt', '-'],
      {
        cwd: scratch,
        env: { TALKGRAPH_TOKEN: ingestToken },
        input: 'Driftwood DevDays 2020\n\nBuilding on Sand\nSpeaker: Wendeline Osei\n',
      },
    );
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toMatch(/^piped\.txt\s+added\s+1\s+0\s+1\s/m);

    const mixed = await cli(['ingest', '--server', base, 'prose.txt', 'docs/tidewater.md', 'missing.txt']);
    expect(mixed.code).toBe(4);
    expect(mixed.stdout).toMatch(/^prose\.txt\s+failed\s/m);
    expect(mixed.stdout).toMatch(/^docs\/tidewater\.md\s+unchanged\s/m);
    expect(mixed.stderr).toMatch(/^talkgraph: prose\.txt: .+$/m);
    expect(mixed.stderr).toMatch(/^talkgraph: missing\.txt: no such file or folder$/m);
    const data = await query('{ talks(first: 10) { totalCount } }');
    expect(data.talks.totalCount).toBe(5); // the dry run wrote nothing; stdin's one talk was added
  });

  it('a bad token, a token without the ingest scope and an unreachable server end the run with one line', async () => {
    const bad = await cli(['ingest', '--server', base, 'docs/lantern.txt'], { TALKGRAPH_TOKEN: 'tg_wrong' });
    expect(bad.code).toBe(6);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `talkgraph: server ${base}: the API token is unknown or revoked`,
    ]);
    const curate = await cli(['ingest', '--server', base, 'docs/lantern.txt'], {
      TALKGRAPH_TOKEN: curateToken,
    });
    expect(curate.code).toBe(6);
    expect(curate.stderr).toMatch(
      /^talkgraph: server .*: ingestDocument: the token "cli-curator" \(scope curate\) may not do this$/m,
    );
    const closed = await freePort();
    const unreachable = await cli(['ingest', '--server', `http://127.0.0.1:${closed}`, 'docs/lantern.txt']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /^talkgraph: cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is talkgraph serve running there\?$/m,
    );
    const withoutToken = await runCli(['ingest', '--server', base, 'docs/lantern.txt'], {
      cwd: scratch,
      env: { TALKGRAPH_TOKEN: '' },
    });
    expect(withoutToken.code).toBe(6);
    expect(withoutToken.stderr).toContain('TALKGRAPH_TOKEN');
  });

  it('without TALKGRAPH_TOKEN sends the local admin token kept beside the database folder', async () => {
    writeFileSync(join(scratch, 'local-admin-token'), `${ingestToken}\n`);
    try {
      const { code, stdout } = await runCli(['ingest', '--server', base, 'docs/lantern.txt'], {
        cwd: scratch,
        env: { DATABASE_URL: `pglite:${folder}` },
      });
      expect(code).toBe(0);
      expect(stdout).toMatch(/^docs\/lantern\.txt\s+unchanged\s/m);
    } finally {
      rmSync(join(scratch, 'local-admin-token'));
    }
  });

  it('refuses what it cannot send: N-Quads and --all-or-nothing', async () => {
    const nquads = await cli(['ingest', '--server', base, 'export.nq']);
    expect(nquads.code).toBe(2);
    expect(nquads.stderr).toMatch(/--server does not take N-Quads \(export\.nq\)/);
    const batch = await cli(['ingest', '--server', base, '--all-or-nothing', 'docs/']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/--all-or-nothing does not apply with --server/);
  });

  it('plain ingest on the folder the server holds names the command to send the documents instead', async () => {
    const env = { DATABASE_URL: `pglite:${folder}` };
    const held = await runCli(['ingest', '--format', 'listing', 'docs/lantern.txt', 'prose.txt'], {
      cwd: scratch,
      env,
    });
    expect(held.code).toBe(3);
    expect(held.stderr.trim()).toBe(
      `talkgraph: db is in use by the server at ${base} (process ${process.pid}); send the documents to it instead: ` +
        `talkgraph ingest --server ${base} --format listing docs/lantern.txt prose.txt ` +
        '(token: TALKGRAPH_TOKEN, or the local admin token in local-admin-token)',
    );
    // Other commands keep the generic message.
    const stats = await runCli(['stats'], { cwd: scratch, env });
    expect(stats.code).toBe(3);
    expect(stats.stderr).toMatch(/is in use by process \d+; stop it or use another DATABASE_URL/);
  });
});

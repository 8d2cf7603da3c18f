import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, runCli, startCli } from '../support/cli.js';
import { backends, createTestDatabase } from '../support/databases.js';

const journal = JSON.parse(
  readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8'),
) as {
  entries: { tag: string }[];
};
const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('talkgraph --help', () => {
  it('lists the commands, and every command has its own help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = ['migrate', 'schema', 'serve', 'start', 'stats'];
    for (const name of commands) expect(top.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    for (const name of commands) {
      const help = await runCli([name, '--help']);
      expect(help.code, name).toBe(0);
      expect(help.stdout).toContain(`Usage: talkgraph ${name}`);
    }
  });
});

describe('a reader that stops early (`talkgraph … | head`)', () => {
  it('ends the command quietly with exit 0, no EPIPE crash', async () => {
    const child = spawn(process.execPath, [binPath, 'ingest', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The pipe closes before the command writes: its first write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('usage errors', () => {
  const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

  it.each([
    ['an unknown --format', ['ingest', '--format', 'bogus', 'x'], /argument 'bogus' is invalid/],
    ['a missing argument', ['ingest'], /missing required argument 'inputs'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['stats', '--frobnicate'], /unknown option '--frobnicate'/],
    ['an option without its value', ['serve', '--port'], /option '-p, --port <port>' argument missing/],
    [
      'a one-value option given twice',
      ['token', 'create', '--name', 'x', '--scope', 'curate', '--scope', 'ingest'],
      /option '--scope <scope>' given more than once/,
    ],
  ])('%s exits 2 with one line naming the problem', async (_name, args, problem) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^talkgraph: /);
    expect(result.stderr).toMatch(problem);
  });

  it('--version and -V print the version from package.json, exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      expect(result.code, flag).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });
});

describe('bad database configuration', () => {
  it('a malformed DATABASE_URL is one line naming the problem, exit 2', async () => {
    const result = await runCli(['stats'], { env: { DATABASE_URL: 'mysql://root@localhost/db' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL: unsupported value "mysql:"/);
  });

  it('an unreachable server is one line naming the server, exit 3, no stack trace', async () => {
    const result = await runCli(['stats'], {
      env: { DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/nowhere' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:1.*ECONNREFUSED/);
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  // The wait it reports is the bound; wall-clock time on a busy machine is for benchmarks, not tests.
  it('serve waits a bounded time for the database, then gives up', async () => {
    const result = await runCli(['serve', '--wait', '1', '--port', '0'], {
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/after waiting 1 s/);
  });
});

describe('a database password is never printed', () => {
  it('serve failing to reach the server names it without the password', async () => {
    const result = await runCli(['serve', '--wait', '0', '--port', '0'], {
      env: {
        DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/nowhere?password=secret',
        LOG_LEVEL: 'info',
      },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('postgres://someone:***@127.0.0.1:1/nowhere?password=***');
    expect(result.stderr).not.toContain('secret');
  });

  it.skipIf(!backends.includes('postgres'))(
    'serve on a Postgres server announces it without the password (needs TEST_DATABASE_URL)',
    async () => {
      const db = await createTestDatabase('postgres');
      try {
        // The test server's own password, if any, is replaced: the point is a password in the URL
        // (trust authentication ignores it). Not `?password=`: the driver would send it to the server
        // as a setting, which it refuses.
        const url = new URL(db.url);
        url.password = 'secret';
        const server = await startCli(['serve', '--port', '0'], /Talkgraph is serving (http:\/\/\S+).*\n/, {
          env: { DATABASE_URL: url.toString(), LOG_LEVEL: 'info' },
          timeoutMs: 100_000,
        });
        // Answering also means the signal handlers are in place before the SIGTERM below.
        expect((await fetch(new URL('/ready', server.match[1]))).status).toBe(200);
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(server.output()).toMatch(/ on postgres(ql)?:\/\/[^:\s]*:\*\*\*@\S+\/talkgraph_test_\w+\n/);
        expect(server.output()).toMatch(/"msg":"serving"/);
        expect(server.output()).not.toContain('secret');
      } finally {
        await db.drop();
      }
    },
    // A fresh database is migrated first, which takes a while on a busy machine.
    120_000,
  );
});

describe.each(backends)('talkgraph on %s', (backend) => {
  it('migrate applies the migrations once, then reports the database up to date', async () => {
    const db = await createTestDatabase(backend, {
      folder: join(scratch, `migrate-${backend}`),
      empty: true,
    });
    try {
      const first = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
      expect(first.stderr).toBe('');
      const count = journal.entries.length;
      expect(first.stdout).toContain(`applied ${count} migration(s) to `);
      expect(first.stdout).toContain(journal.entries.map((e) => e.tag).join(', '));
      const second = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
      expect(second.stdout).toMatch(
        new RegExp(`is up to date \\(${count} migration\\(s\\) applied before\\)`),
      );
      const stats = await runCli(['stats', '--json'], { env: { DATABASE_URL: db.url } });
      expect(stats.code).toBe(0);
      const parsed = JSON.parse(stats.stdout);
      expect(parsed).toMatchObject({ nodes: 0, triples: 0, documents: 0 });
      expect(parsed.kinds.map((k: { kind: string }) => k.kind)).toContain('speaker');
      expect(parsed.predicates.map((p: { predicate: string }) => p.predicate)).toContain('has_speaker');
      const table = await runCli(['stats'], { env: { DATABASE_URL: db.url } });
      expect(table.stdout).toMatch(/^triples\s+0$/m);
    } finally {
      await db.drop();
    }
  });
});

describe('serve on a PGlite folder', () => {
  it('answers, then shuts down cleanly on SIGTERM and leaves a folder that opens again', async () => {
    // A migrated, empty folder: making one (5 s of PGlite's initdb) is migrate's test, not this one.
    const folder = join(scratch, 'served');
    await createTestDatabase('pglite', { folder });
    const env = { DATABASE_URL: `pglite:${folder}` };
    const server = await startCli(['serve', '--port', '0'], /serving (http:\/\/\S+)/, { env });
    const url = server.match[1] as string;
    const ready = await fetch(new URL('/ready', url));
    expect(ready.status).toBe(200);
    // A second process must not open the same folder while the first has it.
    const second = await runCli(['stats'], { env });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/is in use by process \d+/);
    // The same folder reached through a symbolic link is the same folder.
    const link = join(scratch, 'served-link');
    symlinkSync(folder, link);
    const throughLink = await runCli(['stats'], { env: { DATABASE_URL: `pglite:${link}` } });
    expect(throughLink.code).toBe(3);
    expect(throughLink.stderr).toMatch(/is in use by process \d+/);
    expect(throughLink.stderr).not.toContain('[object Object]');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(`${folder}.lock`)).toBe(false);
    const reopened = await runCli(['stats', '--json'], { env });
    expect(reopened.code).toBe(0);
    expect(JSON.parse(reopened.stdout).nodes).toBe(0);
  });
});

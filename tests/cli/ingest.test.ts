import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partialExitCode } from '../../src/cli/run.js';
import { maxDocumentBytes } from '../../src/ingest/document-source.js';
import { runCli, startCli } from '../support/cli.js';
import { backends, createTestDatabase } from '../support/databases.js';
import { seedsDir, sharedAvailable } from '../support/seeds.js';

const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-ingest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// One talk with its byline.
const good = `Pine Summit 2021

Raft in Production by Ada Quinn

Running a five-node cluster for three years taught us more about consensus than any paper did.
`;

/** A folder with one good document and every kind of bad one. */
function badInputs(): string {
  const dir = join(scratch, `inputs-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a-good.txt'), good);
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  writeFileSync(
    join(dir, 'latin1.txt'),
    Buffer.from('Caf\xe9 Summit 2020\n\nTalk\n\nAbstract about caf\xe9s.\n\nJos\xe9 Ruiz\n', 'latin1'),
  );
  writeFileSync(join(dir, 'huge.txt'), 'x'.repeat(maxDocumentBytes + 1));
  writeFileSync(
    join(dir, 'notalks.txt'),
    'Dear all,\n\nthe meeting moved to Thursday. Please bring snacks and your laptop.\n',
  );
  return dir;
}

describe.each(backends)('talkgraph ingest on %s', (backend) => {
  it('ingests good documents, refuses each bad one with its reason, exits non-zero, writes nothing for them', async () => {
    const db = await createTestDatabase(backend, { folder: join(scratch, `bad-${backend}`) });
    try {
      const dir = badInputs();
      const unreadable = join(dir, 'locked.txt');
      writeFileSync(unreadable, good);
      chmodSync(unreadable, 0o000);
      const result = await runCli(['ingest', dir, join(dir, 'missing.txt')], {
        env: { DATABASE_URL: db.url },
        cwd: dir,
      });
      // Some documents went in and others did not: the exit code of a partial run.
      expect(result.code).toBe(partialExitCode);
      const errors = result.stderr
        .split('\n')
        .filter((l) => l.startsWith('talkgraph: ') && !l.includes('warning'));
      const reasons = Object.fromEntries(errors.map((l) => [l.slice(11).split(':')[0], l]));
      expect(reasons['empty.txt']).toMatch(/is empty/);
      expect(reasons['binary.txt']).toMatch(/looks binary/);
      expect(reasons['latin1.txt']).toMatch(/not valid UTF-8/);
      expect(reasons['huge.txt']).toMatch(/over the 5 MiB limit/);
      expect(reasons['notalks.txt']).toMatch(/no talk found/);
      expect(reasons['missing.txt']).toMatch(/no such file/);
      if (process.getuid?.() !== 0) expect(reasons['locked.txt']).toMatch(/cannot be read/); // root reads anything
      expect(result.stdout).toMatch(/^a-good\.txt\s+added\s+1\s+0\s+1\b/m);
      const stats = JSON.parse((await runCli(['stats', '--json'], { env: { DATABASE_URL: db.url } })).stdout);
      const root = process.getuid?.() === 0; // root reads the unreadable file: the same talk, another document
      expect(stats.documents).toBe(root ? 2 : 1);
      expect(stats.kinds.find((k: { kind: string }) => k.kind === 'talk').count).toBe(1);
    } finally {
      await db.drop();
    }
  });

  it('--all-or-nothing writes nothing when any document is bad', async () => {
    const db = await createTestDatabase(backend, { folder: join(scratch, `aon-${backend}`) });
    try {
      const dir = badInputs();
      const result = await runCli(
        ['ingest', '--all-or-nothing', join(dir, 'a-good.txt'), join(dir, 'notalks.txt')],
        {
          env: { DATABASE_URL: db.url },
        },
      );
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/nothing was written \(--all-or-nothing\)/);
      const stats = JSON.parse((await runCli(['stats', '--json'], { env: { DATABASE_URL: db.url } })).stdout);
      expect(stats.documents).toBe(0);
      expect(stats.triples).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it.runIf(sharedAvailable)('reads the seeds, then says a second run changed nothing', async () => {
    const db = await createTestDatabase(backend, { folder: join(scratch, `seeds-${backend}`) });
    try {
      const first = await runCli(['ingest', seedsDir], { env: { DATABASE_URL: db.url } });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/000_\S+\s+added\s+17\s+0\s+18\b/);
      expect(first.stdout).toMatch(/001_\S+\s+added\s+7\s+0\s+8\b/);
      const second = await runCli(['ingest', seedsDir], { env: { DATABASE_URL: db.url } });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/000_\S+\s+unchanged\s+17\s+0\s+18\s+\d+\s+0\s+0/);
      expect(second.stderr).toMatch(/unchanged since the last ingest/);
    } finally {
      await db.drop();
    }
  });
});

describe('talkgraph ingest without a database', () => {
  it('--dry-run prints what it would extract as JSON and writes nothing', async () => {
    const folder = join(scratch, 'dry');
    const result = await runCli(['ingest', '--dry-run', '-', '--name', 'pine.txt'], {
      env: { DATABASE_URL: `pglite:${folder}` },
      input: good,
    });
    expect(result.code).toBe(0);
    const [doc] = JSON.parse(result.stdout);
    expect(doc).toMatchObject({
      name: 'pine.txt',
      format: 'text',
      event: { name: 'Pine Summit', year: 2021 },
    });
    expect(doc.talks[0]).toMatchObject({ title: 'Raft in Production', speakers: [{ name: 'Ada Quinn' }] });
    expect(doc.talks[0].topics.map((t: { slug: string }) => t.slug)).toContain('consensus');
    const { existsSync } = await import('node:fs');
    expect(existsSync(folder)).toBe(false);
  });

  it('--format forces a layout, and an unknown one is refused', async () => {
    const forced = await runCli(['ingest', '--dry-run', '--format', 'json', '-'], { input: good });
    expect(forced.code).toBe(4);
    expect(forced.stderr).toMatch(/stdin: is not valid JSON/);
    const unknown = await runCli(['ingest', '--format', 'pdf', '-'], { input: good });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(
      /Allowed choices are auto, markdown, html, org, asciidoc, rst, latex, mediawiki, text, json, yaml, csv, xml, ical, pretalx, frab, pentabarf, sessionize, listing, recap, markdown-listing, markdown-recap, nquads/,
    );
  });
});

describe('the sample data', () => {
  it('start loads it into an empty database; serve does not', async () => {
    // Empty, migrated folders (a new folder's initdb is migrate's test, tests/cli/cli.test.ts).
    const folder = join(scratch, 'started');
    await createTestDatabase('pglite', { folder });
    const env = { DATABASE_URL: `pglite:${folder}` };
    const started = await startCli(['start', '--port', '0'], /serving (http:\/\/\S+)/, { env });
    const response = await fetch(started.match[1] as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { documents } talks { totalCount } }' }),
    });
    const { data } = await response.json();
    expect(data.stats.documents).toBe(4);
    expect(data.talks.totalCount).toBeGreaterThanOrEqual(30);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);

    const empty = join(scratch, 'served-empty');
    await createTestDatabase('pglite', { folder: empty });
    const served = await startCli(['serve', '--port', '0'], /serving (http:\/\/\S+)/, {
      env: { DATABASE_URL: `pglite:${empty}` },
    });
    const stats = await fetch(served.match[1] as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { documents } }' }),
    });
    expect((await stats.json()).data.stats.documents).toBe(0);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });
});

const seedsOnPostgres = backends.includes('postgres') && sharedAvailable;
describe.runIf(seedsOnPostgres)('concurrent ingests on the Postgres server', () => {
  it('two processes ingesting the same document end with one copy of each fact', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const env = { DATABASE_URL: db.url };
      await runCli(['migrate'], { env });
      const both = await Promise.all([
        runCli(['ingest', seedsDir], { env }),
        runCli(['ingest', seedsDir], { env }),
      ]);
      for (const run of both) expect(run.code, run.stderr).toBe(0);
      const stats = JSON.parse((await runCli(['stats', '--json'], { env })).stdout);
      expect(stats.documents).toBe(2);
      expect(stats.kinds.find((k: { kind: string }) => k.kind === 'talk').count).toBe(24);
      // The store's unique indexes make duplicates impossible; the counts must match one ingest.
      const single = await createTestDatabase('postgres');
      try {
        await runCli(['ingest', seedsDir], { env: { DATABASE_URL: single.url } });
        const once = JSON.parse(
          (await runCli(['stats', '--json'], { env: { DATABASE_URL: single.url } })).stdout,
        );
        expect(stats.triples).toBe(once.triples);
        expect(stats.nodes).toBe(once.nodes);
      } finally {
        await single.drop();
      }
    } finally {
      await db.drop();
    }
  });
});

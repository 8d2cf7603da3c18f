// Everyday documents written for these tests in layouts a new user brings: what the reader gets
// right, exactly, and — where it misses — that nothing wrong is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partialExitCode } from '../../src/cli/run.js';
import { runCli } from '../support/cli.js';
import { affiliations, readFixture, talks } from '../support/reading.js';
import { fixturesDir } from '../support/seeds.js';

const read = (file: string) => readFixture('reader', file);

describe('documents a new user brings', () => {
  it('a meetup page of "**Title** by Name (Company)" bullets with an abstract line under each', () => {
    const doc = read('meetup-bullets.md');
    expect(talks(doc)).toEqual([
      ['Profiling Without Tears', ['Maren Solberg']],
      ['Generics in Anger', ['Tobias Okafor']],
      ['Testing the Untestable', ['Priya Raman']],
      ['Building a Tiny Database', ['Elif Aksoy']],
    ]);
    expect(affiliations(doc)).toEqual([
      'Maren Solberg @ Fjordline',
      'Tobias Okafor @ Quillstack',
      'Priya Raman @ Loomhouse',
    ]);
    expect(doc.talks[0]?.abstract).toMatch(/goroutine leak/);
  });

  it('a blog recap names talks in quotes and italics in its sentences; what it reads is right', () => {
    const doc = read('blog-recap.md');
    const written = [
      ['Shipping Fast Without Breaking Things', ['Hannah Okonkwo']],
      ['A Gentle Introduction to Property Testing', ['Rafael Mendes']],
      ['Observability for Small Teams', ['Ines Kowalczyk']],
    ];
    // Every talk read is one the recap names, with its speaker; the third ("X presented «Title»")
    // is not found yet (docs/ingest.md#known-limits).
    for (const talk of talks(doc)) expect(written).toContainEqual(talk);
    expect(doc.talks.length).toBeGreaterThanOrEqual(2);
  });

  it('recaps in Spanish and Portuguese: «title» with "corrió a cargo de", "presentó", "apresentou"', () => {
    expect(talks(read('recap-es.md'))).toEqual([
      ['Limpieza de datos a escala', ['Lucía Bermúdez']],
      ['Modelos interpretables para todos', ['Andrés Quintana']],
    ]);
    expect(talks(read('recap-pt.md'))).toEqual([
      ['Arquitetura orientada a eventos', ['Beatriz Cavalcanti']],
      ['Testes de contrato na prática', ['Rodrigo Albuquerque']],
    ]);
  });

  it('a JSON programme whose type "other" marks a community hour still reads the talks', () => {
    const doc = read('type-other.json');
    expect(talks(doc)).toEqual(
      expect.arrayContaining([
        ['Designing Calm Interfaces', ['Yuki Tanabe']],
        ['Accessibility Audits That Stick', ['Owen Price']],
      ]),
    );
  });
});

describe('a folder is read as one set', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-set-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('sessions that name speakers by id in one file, the speakers in another', async () => {
    const folder = join(fixturesDir, 'reader', 'linked-data');
    const result = await runCli(['ingest', '--dry-run', folder]);
    expect(result.code, result.stderr).toBe(0);
    const documents = JSON.parse(result.stdout) as {
      name: string;
      note?: string;
      talks?: { title: string; speakers: { name: string }[] }[];
    }[];
    const sessions = documents.find((d) => d.name.endsWith('sessions.json'));
    expect(sessions?.talks?.map((t) => [t.title, t.speakers.map((s) => s.name)])).toEqual([
      ['Zero-Downtime Deploys', ['Aino Lahtinen']],
      ['Rust for Data Engineers', ['Chidi Okeke', 'Valentina Rossi']],
      ['Fuzzing Your Parsers', ['Valentina Rossi']],
    ]);
    // The people file serves the sessions: read, with no talks of its own, and said so.
    expect(documents.find((d) => d.name.endsWith('people.yaml'))?.note).toMatch(/no talks of its own/);
  });

  it('some documents written and others refused: exit code 7, each failure named', async () => {
    const db = `pglite:${join(scratch, 'db')}`;
    const folder = join(fixturesDir, 'reader', 'linked-data');
    const missing = join(scratch, 'missing.md');
    const result = await runCli(['ingest', folder, missing], { env: { DATABASE_URL: db } });
    expect(result.code).toBe(partialExitCode);
    expect(result.stderr).toMatch(/missing\.md: no such file/);
    expect(result.stderr).toMatch(/1 document written, 1 not \(exit code 7\)/);
    expect(result.stdout).toMatch(/sessions\.json\s+added\s+3\s+0\s+3\b/);
  });
});

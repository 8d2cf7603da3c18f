import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleDataDir } from '../../src/ingest/sample-data.js';
import { openStore } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.js';

const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const samples = readdirSync(sampleDataDir).sort();
const [first, second, third, fourth] = samples.map((file) => join(sampleDataDir, file));

/**
 * Every fact with what it carries and which document states it, as comparable strings. Two databases
 * that read one document read it at different times: `when` false leaves that out.
 */
async function factSet(db: TestDatabase, when = true): Promise<string[]> {
  const store = await openStore(db.target);
  try {
    const rows = await store.db.query<Record<string, unknown>>(
      `select s.kind || '/' || s.slug as subject, p.name as predicate,
              coalesce(o.kind || '/' || o.slug, t.object_value) as object, t.position, t.qualifier,
              ts.confidence, ts.span_start, ts.span_end, d.name as document, d.sha256,
              ${when ? 'd.ingested_at::text' : 'null'} as ingested_at
         from triple_source ts join triple t on t.id = ts.triple_id join predicate p on p.id = t.predicate_id
         join node s on s.id = t.subject_id left join node o on o.id = t.object_id
         join document d on d.node_id = ts.document_id`,
    );
    return rows.map((row) => JSON.stringify(row)).sort();
  } finally {
    await store.close();
  }
}

describe.each(backends)('talkgraph export and N-Quads ingest on %s', (backend) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });
  async function database(name: string) {
    const db = await createTestDatabase(backend, { folder: join(scratch, `${name}-${backend}`) });
    databases.push(db);
    return db;
  }
  const cli = (db: TestDatabase, args: string[], input?: string) =>
    runCli(args, { env: { DATABASE_URL: db.url }, input, cwd: scratch });
  const stats = async (db: TestDatabase) => JSON.parse((await cli(db, ['stats', '--json'])).stdout);

  it('an export ingested into an empty database gives the same stats and facts; ingesting it again changes nothing', async () => {
    const a = await database('a');
    expect((await cli(a, ['ingest', first as string, second as string, third as string])).code).toBe(0);
    const file = join(scratch, `a-${backend}.nq`);
    const exported = await cli(a, ['export', '--out', file]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(readdirSync(scratch).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const b = await database('b');
    const ingested = await cli(b, ['ingest', file]);
    expect(ingested.code).toBe(0);
    expect(await stats(b)).toEqual(await stats(a));
    expect(await factSet(b)).toEqual(await factSet(a));

    const again = await cli(b, ['ingest', '--format', 'nquads', file]);
    expect(again.code).toBe(0);
    const statuses = again.stdout
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(/\s+/)[1]);
    expect(statuses).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await stats(b)).toEqual(await stats(a));
  }, 600_000);

  it('cat a.nq c.nq | talkgraph ingest - yields the union of two databases with overlapping documents', async () => {
    const a = await database('union-a');
    const c = await database('union-c');
    expect((await cli(a, ['ingest', first as string, second as string])).code).toBe(0);
    expect((await cli(c, ['ingest', second as string, third as string, fourth as string])).code).toBe(0);
    const aText = (await cli(a, ['export'])).stdout;
    const cText = (await cli(c, ['export', '--format', 'nquads'])).stdout;

    const d = await database('union-d');
    // No --format: standard input is recognised as N-Quads by its first line.
    const result = await cli(d, ['ingest', '-'], aText + cText);
    expect(result.code).toBe(0);
    const union = [...new Set([...(await factSet(a, false)), ...(await factSet(c, false))])].sort();
    expect(await factSet(d, false)).toEqual(union);
    expect((await stats(d)).documents).toBe(4);
  }, 600_000);

  it('refuses bad N-Quads with the line and the problem, exit code 4, and writes nothing', async () => {
    const a = await database('bad-source');
    expect((await cli(a, ['ingest', first as string])).code).toBe(0);
    const good = (await cli(a, ['export'])).stdout;
    // A real export's line 8 is the first entity's class: each bad input breaks one line of it.
    const lines = good.split('\n');
    const at = 7;
    const vocab = 'https://talkgraph.dev/id/vocab/';
    const swap = (line: string) => [...lines.slice(0, at), line, ...lines.slice(at + 1)].join('\n');
    const graph = lines[0]?.split(' ').at(-2) as string;
    const year = lines.find((l) => l.includes(`${vocab}year>`));
    expect(year).toBeDefined();
    const bad: [string, string, RegExp][] = [
      ['syntax.nq', swap('<https://talkgraph.dev/id/event/x> <broken'), /syntax\.nq:8: not N-Quads/],
      [
        'foreign.nq',
        swap(
          `<https://elsewhere.example/event/x> <${vocab}year> "2021"^^<http://www.w3.org/2001/XMLSchema#integer> ${graph} .`,
        ),
        /foreign\.nq:8: the subject <https:\/\/elsewhere\.example\/event\/x> is not an entity IRI under https:\/\/talkgraph\.dev\/id\//,
      ],
      [
        'predicate.nq',
        swap((year as string).replace(`${vocab}year>`, `${vocab}attendance>`)),
        /predicate\.nq:8: unknown predicate <https:\/\/talkgraph\.dev\/id\/vocab\/attendance>/,
      ],
      [
        'literal.nq',
        swap((year as string).replace(/"\d+"/, '"twenty"')),
        /literal\.nq:8: "year": "twenty" is not a integer/,
      ],
    ];
    const d = await database('bad-target');
    for (const [name, text, message] of bad) {
      writeFileSync(join(scratch, name), text);
      const result = await cli(d, ['ingest', name]);
      expect(result.code, name).toBe(4);
      expect(result.stderr).toMatch(message);
    }
    // And standard input, which has no name to go by.
    const stdin = await cli(d, ['ingest', '--format', 'nquads', '-'], swap('<a> <b> <c> <d> <e> .'));
    expect(stdin.code).toBe(4);
    expect(stdin.stderr).toMatch(/stdin:8: not N-Quads/);
    const empty = await stats(d);
    expect({ nodes: empty.nodes, triples: empty.triples, documents: empty.documents }).toEqual({
      nodes: 0,
      triples: 0,
      documents: 0,
    });
  }, 600_000);

  it('export --event writes that event only; an unknown event exits 2 naming it and leaves no file', async () => {
    const a = await database('event');
    expect((await cli(a, ['ingest', first as string, third as string])).code).toBe(0);
    const store = await openStore(a.target);
    const events = await store.db.query<{ slug: string }>(
      `select slug from node where kind = 'event' order by slug`,
    );
    await store.close();
    expect(events.length).toBeGreaterThanOrEqual(2);
    const slug = events[0]?.slug as string;
    const result = await cli(a, ['export', '--event', slug]);
    expect(result.code).toBe(0);
    const quads = new Parser({ format: 'N-Quads' }).parse(result.stdout);
    const eventsNamed = new Set(
      quads.filter((q) => q.subject.value.includes('/id/event/')).map((q) => q.subject.value),
    );
    expect([...eventsNamed]).toEqual([`https://talkgraph.dev/id/event/${slug}`]);

    const missing = await cli(a, ['export', '--event', 'no-such-event', '--out', 'gone.nq']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no event with slug "no-such-event"/);
    expect(existsSync(join(scratch, 'gone.nq'))).toBe(false);
    expect(readdirSync(scratch).filter((f) => f.includes('gone.nq'))).toEqual([]);
  }, 600_000);
});

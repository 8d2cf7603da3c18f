import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, generate } from '../../bench/gen.js';
import { notesMarker, type Results, renderBenchmarks, renderReport, wayNames } from '../../bench/stats.js';

const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-bench-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the corpus generator', () => {
  it('is deterministic, and its extraction check reports precision and recall', () => {
    const a = generate({ talks: 150, seed: 3, out: join(scratch, 'a') });
    const b = generate({ talks: 150, seed: 3, out: join(scratch, 'b') });
    expect(readFileSync(join(scratch, 'a', 'truth.json'), 'utf8')).toBe(
      readFileSync(join(scratch, 'b', 'truth.json'), 'utf8'),
    );
    expect(a.reduce((n, d) => n + d.talks.length, 0)).toBe(150);
    for (const doc of a) expect(doc.talks.length).toBeLessThanOrEqual(80);
    expect(new Set(a.map((d) => d.layout))).toEqual(new Set(['listing', 'recap']));
    const report = check(join(scratch, 'a'), b);
    expect(report.talks.recall).toBe(1);
    expect(report.speakers.precision).toBe(1);
    expect(report.speakers.recall).toBe(1);
    for (const value of [report.topics.precision, report.topics.recall]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});

/** A run's results as bench/run.ts writes them, with the figures given for each way. */
function results(figures: Record<string, { plain: number; client: number; browser: number }>): Results {
  const measured = (rps: number) => ({ rps, p50: 2, p99: 9, errors: 0, rssMb: 150 });
  const byWay = (way: 'client' | 'browser') =>
    Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, measured(f[way])]));
  return {
    date: '2026-11-30T10:00:00.000Z',
    command: 'npm run bench -- --talks 10000',
    machine: { cpus: '2 × Test CPU', memoryGb: 8, node: 'v20.19.0', os: 'Linux 6' },
    postgres: '15.20',
    talks: 10_000,
    runs: 3,
    durationSeconds: 5,
    connections: 16,
    api: Object.fromEntries(
      Object.entries(figures).map(([name, f]) => [name, { ...measured(f.plain), statements: 1 }]),
    ),
    ways: { client: byWay('client'), browser: byWay('browser') },
    corsOrigins: 'http://localhost:5173',
    requestHeaders: {
      plain: [{ sender: 'no Accept', headers: { 'content-type': 'application/json' } }],
      client: [{ sender: 'Apollo Client 3', headers: { accept: '*/*', 'content-type': 'application/json' } }],
      browser: [{ sender: 'Chrome', headers: { origin: 'http://localhost:5173' } }],
    },
    raw: { Q1: { rps: 2000, p50: 1, p99: 3, errors: 0 } },
    oneClient: {
      Q4: { rps: 300, p50: 2, p99: 6, errors: 0 },
      Q5: { rps: 90, p50: 10, p99: 25, errors: 0 },
      Q6: { rps: 310, p50: 2, p99: 7, errors: 0 },
    },
  };
}

describe('the benchmark report', () => {
  it('shows every query three ways: req/s, p50 and p99 each, against the plain figure and raw SQL', () => {
    const report = renderReport(
      results({
        ceiling: { plain: 20000, client: 19000, browser: 5000 },
        Q1: { plain: 1000, client: 950, browser: 400 },
      }),
    );
    expect(report).toContain('### Three ways of sending the same requests');
    expect(report).toContain(
      '| query | plain req/s | p50 / p99 ms | clients req/s | p50 / p99 ms | / plain | browser req/s | p50 / p99 ms | / plain | / raw: plain · clients · browser | errors: plain · clients · browser |',
    );
    // Q1: clients at 95% of plain, the browser at 40%; against raw SQL's 2,000 req/s 50%, 48%, 20%.
    expect(report).toContain(
      '| Q1 | 1000 | 2 / 9 | 950 | 2 / 9 | 95% | 400 | 2 / 9 | 40% | 50% · 48% · 20% | 0 · 0 · 0 |',
    );
    // No raw SQL for the ceiling.
    expect(report).toContain(
      '| ceiling | 20000 | 2 / 9 | 19000 | 2 / 9 | 95% | 5000 | 2 / 9 | 25% | — | 0 · 0 · 0 |',
    );
    expect(report).toContain('(started with `CORS_ORIGINS=http://localhost:5173`)');
    // What each way sent is listed from the results, not restated.
    expect(report).toContain('- client, Apollo Client 3: `accept: */*`, `content-type: application/json`');
    expect(report).toContain('- browser, Chrome: `origin: http://localhost:5173`');
  });

  it('shows search (Q5) from one client beside related talks (Q4) and paths (Q6)', () => {
    const report = renderReport(results({ Q1: { plain: 1000, client: 1000, browser: 1000 } }));
    expect(report).toContain(
      'The same related-talks (Q4), search (Q5) and path (Q6) requests from one client, so that latency is not queueing behind 15 other connections:',
    );
    expect(report).toContain('| Q5 | 90 | 10 | 25 | 0 |');
  });

  it('renders a run from before the three ways without their table', () => {
    const old = results({ Q1: { plain: 1000, client: 1000, browser: 1000 } });
    delete old.ways;
    delete old.requestHeaders;
    expect(renderReport(old)).not.toContain('Three ways');
    expect(wayNames).toEqual(['plain', 'client', 'browser']);
  });

  it("docs/benchmarks.md's generated part is what the report makes of bench/results-*.json", () => {
    const sizes = readdirSync(join(root, 'bench'))
      .filter((name) => /^results-\d+\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(join(root, 'bench', name), 'utf8')) as Results);
    expect(sizes.length).toBeGreaterThan(0);
    const doc = readFileSync(join(root, 'docs/benchmarks.md'), 'utf8');
    expect(doc).toContain(notesMarker);
    expect(doc.slice(0, doc.indexOf(notesMarker))).toBe(renderBenchmarks(sizes));
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('npm run bench -- --smoke', () => {
  it('runs end to end and writes well-formed figures', () => {
    const out = join(scratch, 'smoke');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--smoke', '--only', 'ingest,api,raw', '--out', out],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.talks).toBe(300);
    expect(results.ingest.talksPerSecond).toBeGreaterThan(0);
    expect(results.ingest.triples).toBeGreaterThan(1000);
    for (const name of ['ceiling', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']) {
      expect(results.api[name].rps, name).toBeGreaterThan(0);
      expect(results.api[name].errors, name).toBe(0);
      expect(Number.isInteger(results.api[name].statements), name).toBe(true);
    }
    for (const name of ['Q1', 'Q2', 'Q3', 'Q4', 'floor'])
      expect(results.raw[name].rps, name).toBeGreaterThan(0);
    // Every query the other two ways too, against the same server: a client library's headers, a
    // cross-origin browser page's.
    for (const way of ['client', 'browser'])
      for (const name of ['ceiling', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']) {
        expect(results.ways[way][name].rps, `${way} ${name}`).toBeGreaterThan(0);
        expect(results.ways[way][name].errors, `${way} ${name}`).toBe(0);
      }
    expect(results.requestHeaders.browser[0].headers.origin).toBe(results.corsOrigins);
    // Related talks, search and paths from one client too: their latency without queueing.
    for (const name of ['Q4', 'Q5', 'Q6']) {
      expect(results.oneClient[name].p99, name).toBeGreaterThan(0);
      expect(results.oneClient[name].errors, name).toBe(0);
    }
    // The transport ceiling before (yoga's adapter) and the bare node:http floor, in the same run.
    for (const name of ['fastPath', 'yogaAdapter', 'plainHttp']) {
      expect(results.transport[name].rps, name).toBeGreaterThan(0);
      expect(results.transport[name].errors, name).toBe(0);
    }
    expect(results.api.Q1.statements).toBeLessThanOrEqual(10);
  }, 300_000);
});

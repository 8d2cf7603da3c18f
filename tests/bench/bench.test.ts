import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, generate } from '../../bench/gen.js';

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
    // Related talks and paths from one client too: their latency without queueing.
    for (const name of ['Q4', 'Q6']) {
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

// `npm run bench [-- --talks 10000] [--only ingest,api,raw,pglite] [--runs 3] [--duration 5] [--smoke]`
// Generates a corpus, ingests it through the real CLI into a fresh database on the Postgres server
// (DATABASE_URL), starts the real server in production mode and drives it over HTTP with autocannon
// at 16 connections, runs hand-written single SQL statements for the same data as the limit, and
// measures the embedded default (PGlite). Writes bench/results-<talks>.json and docs/benchmarks.md,
// which shows every size measured so far (10,000 and 100,000 talks), one section each.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createLogger } from '../src/logger.js';
import { startServer as startServerInProcess } from '../src/server/main.js';
import { PredicateRegistry } from '../src/store/predicates.js';
import { openStore } from '../src/store/store.js';
import { generate } from './gen.js';
import { type BenchContext, queries, rawQueries } from './queries.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    talks: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string', default: 'ingest,api,raw,pglite' },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const smoke = values.smoke as boolean;
const talks = smoke ? 300 : Number(values.talks);
const runs = smoke ? 1 : Number(values.runs);
const duration = smoke ? 1 : Number(values.duration);
const connections = Number(values.connections);
const only = new Set((values.only as string).split(','));
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/talkgraph.js');
const outDir =
  (values.out as string | undefined) ??
  (smoke ? mkdtempSync(join(os.tmpdir(), 'talkgraph-bench-')) : join(root, 'bench/out'));
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith('postgres')) {
  process.stderr.write(
    'bench: set DATABASE_URL to a Postgres server, e.g. postgres://postgres@127.0.0.1:5432/postgres\n',
  );
  process.exit(2);
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** A fresh database on the server for this run. */
async function freshDatabase(baseName: string): Promise<string> {
  // A smoke run (CI, tests) may run beside a full one: its database gets a name of its own.
  const name = smoke ? `${baseName}_${process.pid}` : baseName;
  const admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; ms: number; peakRssMb: number; out: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    });
    let out = '';
    let peak = 0;
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    const poll = setInterval(() => {
      peak = Math.max(peak, rssMb(child.pid));
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, ms: performance.now() - started, peakRssMb: round(peak), out });
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function startServer(
  env: Record<string, string>,
  args = [bin, env.START ? 'start' : 'serve', '--port', '0'],
): Promise<{ child: ChildProcess; url: string; readyMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] as string, readyMs: performance.now() - started });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One autocannon run over rotating request bodies; `pid`'s peak RSS is watched meanwhile. */
async function load(
  url: string,
  bodies: string[],
  seconds: number,
  pid?: number,
  clients = connections,
): Promise<LoadResult & { peakRssMb: number }> {
  let next = 0;
  let peak = rssMb(pid);
  const poll = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 100);
  const result = await autocannon({
    url,
    connections: clients,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          request.body = bodies[next++ % bodies.length] as string;
          return request;
        },
      },
    ],
  });
  clearInterval(poll);
  const badStatus = result.non2xx;
  return {
    peakRssMb: round(peak),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + badStatus,
  };
}

/** The same data through one hand-written SQL statement per request, at the same concurrency. */
async function rawLoad(
  url: string,
  sql: string,
  params: unknown[][],
  seconds: number,
  settings: Record<string, string> = {},
): Promise<LoadResult> {
  const client = postgres(url, { max: connections, onnotice: () => {}, connection: settings });
  await client.unsafe(sql, params[0] as never[]); // prepare
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await client.unsafe(sql, params[next++ % params.length] as never[], { prepare: true });
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  await client.end();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    errors,
  };
}

/** Medians of `runs` load runs, with the server's peak RSS over all of them. */
async function measure(url: string, bodies: string[], pid?: number, clients = connections) {
  const measured: (LoadResult & { peakRssMb: number })[] = [];
  for (let r = 0; r < runs; r++) measured.push(await load(url, bodies, duration, pid, clients));
  return {
    rps: round(median(measured.map((m) => m.rps))),
    p50: round(median(measured.map((m) => m.p50)), 2),
    p99: round(median(measured.map((m) => m.p99)), 2),
    errors: measured.reduce((a, m) => a + m.errors, 0),
    rssMb: Math.max(...measured.map((m) => m.peakRssMb)),
  };
}

async function main() {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      memoryGb: round(os.totalmem() / 1024 ** 3),
      node: process.version,
      os: `${os.type()} ${os.release()}`,
    },
    talks,
    runs,
    durationSeconds: duration,
    connections,
  };
  log(`generating ${talks} talks`);
  const corpus = join(outDir, `corpus-${talks}`);
  generate({ talks, seed: Number(values.seed), out: corpus });
  const dbUrl = await freshDatabase(`talkgraph_bench_${talks}`);
  const pg = postgres(dbUrl, { max: 2, onnotice: () => {} });
  results.postgres = (await pg`show server_version`)[0]?.server_version;

  if (only.has('ingest') || only.has('api') || only.has('raw')) {
    log('ingesting through the CLI');
    const migrated = await run(['migrate'], { DATABASE_URL: dbUrl });
    if (migrated.code !== 0) throw new Error(migrated.out);
    const ingest = await run(['ingest', join(corpus, 'documents')], { DATABASE_URL: dbUrl });
    if (ingest.code !== 0) throw new Error(ingest.out.slice(-2000));
    const [{ triples }] = (await pg`select count(*)::int as triples from triple`) as unknown as [
      { triples: number },
    ];
    results.ingest = {
      seconds: round(ingest.ms / 1000, 2),
      talksPerSecond: Math.round(talks / (ingest.ms / 1000)),
      triples,
      triplesPerSecond: Math.round(triples / (ingest.ms / 1000)),
      peakRssMb: ingest.peakRssMb,
    };
    log(`ingest: ${JSON.stringify(results.ingest)}`);
  }

  // Ids to rotate through, so that no single row stays hot in every cache.
  const ids = async (kind: string, limit: number, order = 'random()') =>
    (await pg.unsafe(`select id from node where kind = $1 order by ${order} limit $2`, [kind, limit])).map(
      (r) => Number(r.id),
    );
  const talkIds = await ids('talk', 500);
  const speakerIds = await ids('speaker', 500);
  const topicIds = (
    await pg.unsafe(`select object_id as id from triple where predicate_id = (select id from predicate where name = 'has_topic')
      group by object_id order by count(*) desc offset 5 limit 200`)
  ).map((r) => Number(r.id));
  const words = [
    'consensus',
    'tracing',
    'databases',
    'goroutines',
    'kubernetes',
    'security',
    'testing',
    'rust',
    'caching',
    'garbage',
  ];

  const statements: Record<string, number> = {};
  if (only.has('api')) {
    // Statements per request, counted in-process over the same database, through the same HTTP
    // handling as the measured server (compiled queries included).
    const store = await openStore({ backend: 'postgres', url: dbUrl });
    const counting = await startServerInProcess({
      store,
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
    });
    const context = { talkIds, speakerIds, topicIds, words };
    for (const [name, query] of Object.entries(queries)) {
      let count = 0;
      const stopCounting = store.db.onStatement(() => {
        count++;
      });
      const response = await fetch(counting.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: query.body(context, 0),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      stopCounting();
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      statements[name] = count;
    }
    await counting.stop();

    log('starting the server');
    const server = await startServer({ DATABASE_URL: dbUrl });
    const api: Record<string, LoadResult & { statements: number; rssMb: number }> = {};
    for (const [name, query] of Object.entries(queries)) {
      const bodies = Array.from({ length: 200 }, (_, i) => query.body(context, i));
      api[name] = {
        ...(await measure(server.url, bodies, server.child.pid)),
        statements: statements[name] ?? 0,
      };
      log(`${name}: ${JSON.stringify(api[name])}`);
    }
    // Latency without queueing: 16 connections on two shared cores measure throughput as much as
    // latency (p99 ≈ connections / req/s), so the latency targets are also measured from one client.
    const oneClient: Record<string, LoadResult & { rssMb: number }> = {};
    for (const name of ['Q4', 'Q6']) {
      const query = queries[name];
      if (!query) continue;
      const bodies = Array.from({ length: 200 }, (_, i) => query.body(context, i));
      oneClient[name] = await measure(server.url, bodies, server.child.pid, 1);
      log(`${name} from one client: ${JSON.stringify(oneClient[name])}`);
    }
    results.oneClient = oneClient;
    await stop(server.child);
    results.api = api;

    // The same trivial query through yoga's own HTTP adapter (the fast path off), and through
    // graphql-js behind a bare node:http handler: what the ceiling was, and the floor under it.
    const trivial = [queries.ceiling?.body(context, 0) as string];
    const transport: Record<string, LoadResult & { rssMb: number }> = {
      fastPath: api.ceiling as LoadResult & { rssMb: number },
    };
    const yogaOnly = await startServer({ DATABASE_URL: dbUrl, HTTP_FAST_PATH: 'off' });
    transport.yogaAdapter = await measure(yogaOnly.url, trivial, yogaOnly.child.pid);
    await stop(yogaOnly.child);
    const plain = await startServer({}, ['--import', 'tsx', join(root, 'bench/plain-http.ts')]);
    transport.plainHttp = await measure(plain.url, trivial, plain.child.pid);
    await stop(plain.child);
    log(`transport: ${JSON.stringify(transport)}`);
    results.transport = transport;
  }

  if (only.has('raw')) {
    const raw: Record<string, LoadResult> = {};
    const predicates = await PredicateRegistry.load({
      query: async <Row>(text: string) => (await pg.unsafe(text)) as Row[],
    });
    for (const [name, query] of Object.entries(rawQueries(predicates))) {
      const params = Array.from({ length: 200 }, (_, i) =>
        query.params({ talkIds, speakerIds, topicIds, words }, i),
      );
      const measured: LoadResult[] = [];
      for (let r = 0; r < runs; r++)
        measured.push(await rawLoad(dbUrl, query.sql, params, duration, query.settings));
      raw[name] = {
        rps: round(median(measured.map((m) => m.rps))),
        p50: round(median(measured.map((m) => m.p50)), 2),
        p99: round(median(measured.map((m) => m.p99)), 2),
        errors: measured.reduce((a, m) => a + m.errors, 0),
      };
      log(`raw ${name}: ${JSON.stringify(raw[name])}`);
    }
    results.raw = raw;
  }
  await pg.end();

  if (only.has('pglite')) results.pglite = await measurePglite();
  // A run leaves nothing behind on the server.
  const admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${new URL(dbUrl).pathname.slice(1)} with (force)`);
  await admin.end();

  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (!smoke) {
    writeFileSync(join(root, `bench/results-${talks}.json`), `${JSON.stringify(results, null, 2)}\n`);
    // Hand-written findings below the marker survive each new run.
    const reportPath = join(root, 'docs/benchmarks.md');
    let notes = '';
    try {
      const previous = readFileSync(reportPath, 'utf8');
      const at = previous.indexOf(notesMarker);
      if (at >= 0) notes = previous.slice(at);
    } catch {}
    const sizes = readdirSync(join(root, 'bench'))
      .flatMap((name) => (/^results-\d+\.json$/.test(name) ? [join(root, 'bench', name)] : []))
      .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
      .sort((a, b) => Number(a.talks) - Number(b.talks));
    const report = ['# Benchmarks', '', ...sizes.map(renderReport)].join('\n');
    writeFileSync(reportPath, report + (notes || `${notesMarker}\n`));
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

/**
 * The embedded default: cold start (empty folder → serving the sample data), warm start, and Q1–Q4
 * latency from one client (PGlite answers one statement at a time) on the seeds and on a corpus of
 * at most 10,000 talks, each read in through the CLI.
 */
async function measurePglite() {
  const folder = mkdtempSync(join(os.tmpdir(), 'talkgraph-pglite-'));
  try {
    const env = { DATABASE_URL: `pglite:${join(folder, 'db')}`, START: '1' };
    const cold = await startServer(env);
    await stop(cold.child);
    const warm = await startServer(env);
    await stop(warm.child);
    const result: Record<string, unknown> = {
      coldStartMs: Math.round(cold.readyMs),
      warmStartMs: Math.round(warm.readyMs),
    };
    log(`pglite: ${JSON.stringify(result)}`);
    const seeds = join(root, '../shared/seeds');
    if (existsSync(seeds)) result.seeds = await pgliteLatency(join(folder, 'seeds'), seeds, 0);
    const size = Math.min(talks, 10_000);
    const corpus = join(outDir, `corpus-${size}`);
    if (!existsSync(corpus)) generate({ talks: size, seed: Number(values.seed), out: corpus });
    result.corpus = await pgliteLatency(join(folder, 'corpus'), join(corpus, 'documents'), size);
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function pgliteLatency(dataDir: string, documents: string, size: number) {
  const env = { DATABASE_URL: `pglite:${dataDir}` };
  const ingest = await run(['ingest', documents], env);
  if (ingest.code !== 0) throw new Error(ingest.out.slice(-2000));
  const server = await startServer(env);
  try {
    const context = await contextOverHttp(server.url);
    const result: Record<string, unknown> = {
      talks: size || context.talkIds.length,
      ingestSeconds: round(ingest.ms / 1000, 2),
      ingestPeakRssMb: ingest.peakRssMb,
    };
    for (const name of pgliteQueries) {
      const query = queries[name] as (typeof queries)[string];
      const bodies = Array.from({ length: 200 }, (_, i) => query.body(context, i));
      result[name] = await measure(server.url, bodies, server.child.pid, 1);
    }
    log(`pglite ${documents}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stop(server.child);
  }
}

/** Ids to rotate through, asked of the API itself (a PGlite folder has one process at a time). */
async function contextOverHttp(url: string): Promise<BenchContext> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ talks(first: 100) { nodes { id } } speakers(first: 100) { nodes { id } }
                topics(first: 100) { nodes { id } } }`,
    }),
  });
  const { data } = (await response.json()) as {
    data: Record<'talks' | 'speakers' | 'topics', { nodes: { id: string }[] }>;
  };
  const ids = (list: { nodes: { id: string }[] }) =>
    list.nodes.map(({ id }) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]));
  return {
    talkIds: ids(data.talks),
    speakerIds: ids(data.speakers),
    topicIds: ids(data.topics),
    words: ['consensus'],
  };
}

const pgliteQueries = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
type PgliteSet = { talks: number; ingestSeconds: number; ingestPeakRssMb: number } & Record<
  (typeof pgliteQueries)[number],
  LoadResult & { rssMb: number }
>;

const notesMarker = '<!-- findings: kept across runs -->';

function renderReport(results: Record<string, unknown>): string {
  const r = results as {
    date: string;
    command: string;
    machine: Record<string, unknown>;
    postgres: string;
    talks: number;
    runs: number;
    durationSeconds: number;
    connections: number;
    ingest?: Record<string, number>;
    api?: Record<string, LoadResult & { statements: number; rssMb: number }>;
    oneClient?: Record<string, LoadResult>;
    raw?: Record<string, LoadResult>;
    transport?: Record<string, LoadResult & { rssMb: number }>;
    pglite?: {
      coldStartMs: number;
      warmStartMs: number;
      seeds?: PgliteSet;
      corpus?: PgliteSet;
    };
  };
  const lines = [
    `## ${r.talks.toLocaleString('en')} talks`,
    '',
    `Measured ${r.date.slice(0, 10)} with \`${r.command}\` on ${r.machine.cpus}, ${r.machine.memoryGb} GiB, ${r.machine.os}, Node ${r.machine.node}, PostgreSQL ${r.postgres}. Load generator, server and database share the machine. Figures are medians of ${r.runs} runs of ${r.durationSeconds} s at ${r.connections} connections, over ${r.talks.toLocaleString('en')} synthetic talks (\`npm run gen\`).`,
    '',
  ];
  if (r.ingest) {
    lines.push(
      '### Ingest',
      '',
      '| talks/s | triples/s | seconds | triples | peak RSS |',
      '|---|---|---|---|---|',
    );
    lines.push(
      `| ${r.ingest.talksPerSecond} | ${r.ingest.triplesPerSecond} | ${r.ingest.seconds} | ${r.ingest.triples} | ${r.ingest.peakRssMb} MB |`,
      '',
    );
  }
  if (r.api) {
    lines.push(
      '### API over HTTP',
      '',
      '| query | req/s | p50 ms | p99 ms | errors | SQL statements/request | raw SQL req/s | API / raw | server RSS |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const [name, m] of Object.entries(r.api)) {
      const raw = r.raw?.[name];
      const ratio = raw ? `${Math.round((m.rps / raw.rps) * 100)}%` : '—';
      lines.push(
        `| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.statements} | ${raw?.rps ?? '—'} | ${ratio} | ${m.rssMb} MB |`,
      );
    }
    const ceiling = r.api.ceiling?.rps;
    if (ceiling && r.api.Q1)
      lines.push(
        '',
        `Q1 reaches ${Math.round((r.api.Q1.rps / ceiling) * 100)}% of the transport ceiling (\`{ __typename }\`, ${ceiling} req/s).`,
      );
    if (ceiling && r.raw?.Q1 && r.raw.floor)
      lines.push(
        '',
        `The raw-SQL limit for Q1 is ${Math.round((r.raw.Q1.rps / ceiling) * 100)}% of the ceiling; a statement that does nothing (\`select $1::int\`), through the same client at the same concurrency, runs at ${r.raw.floor.rps} req/s (${Math.round((r.raw.floor.rps / ceiling) * 100)}% of the ceiling).`,
      );
    if (r.oneClient && Object.keys(r.oneClient).length > 0) {
      lines.push(
        '',
        'The same related-talks (Q4) and path (Q6) requests from one client, so that latency is not queueing behind 15 other connections:',
        '',
        '| query | req/s | p50 ms | p99 ms | errors |',
        '|---|---|---|---|---|',
      );
      for (const [name, m] of Object.entries(r.oneClient))
        lines.push(`| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} |`);
    }
    lines.push('');
  }
  if (r.transport) {
    const t = r.transport;
    const row = (what: string, m?: LoadResult & { rssMb: number }) =>
      m
        ? `| ${what} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.rssMb} MB |`
        : `| ${what} | — | | | | |`;
    lines.push(
      '### Transport ceiling',
      '',
      'The same trivial query, `{ __typename }`, with no database work, in the same run:',
      '',
      '| server | req/s | p50 ms | p99 ms | errors | RSS |',
      '|---|---|---|---|---|---|',
      row(
        'graphql-js behind a bare `node:http` handler (`bench/plain-http.ts`: no limits, no masking)',
        t.plainHttp,
      ),
      row('Talkgraph through yoga’s Fetch-API adapter (`HTTP_FAST_PATH=off`, before)', t.yogaAdapter),
      row('Talkgraph with the JSON fast path (the default, after)', t.fastPath),
      '',
    );
  }
  if (r.pglite) {
    lines.push(
      '### Embedded default (PGlite)',
      '',
      '| cold start (empty folder → serving the sample data) | warm start |',
      '|---|---|',
    );
    lines.push(`| ${r.pglite.coldStartMs} ms | ${r.pglite.warmStartMs} ms |`, '');
    const sets = [
      ['the seeds', r.pglite.seeds],
      ['synthetic corpus', r.pglite.corpus],
    ] as const;
    if (sets.some(([, set]) => set)) {
      lines.push(
        'Latency from one client (PGlite runs one statement at a time), after ingesting through the CLI:',
        '',
        '| data | talks | ingest s | Q1 p50 / p99 ms | Q2 p50 / p99 ms | Q3 p50 / p99 ms | Q4 p50 / p99 ms | server RSS |',
        '|---|---|---|---|---|---|---|---|',
      );
      for (const [what, set] of sets) {
        if (!set) continue;
        const q = (name: (typeof pgliteQueries)[number]) => `${set[name].p50} / ${set[name].p99}`;
        const rss = Math.max(...pgliteQueries.map((name) => set[name].rssMb));
        lines.push(
          `| ${what} | ${set.talks} | ${set.ingestSeconds} | ${q('Q1')} | ${q('Q2')} | ${q('Q3')} | ${q('Q4')} | ${rss} MB |`,
        );
      }
      lines.push('');
    }
  }
  lines.push(
    `The raw numbers are in [\`bench/results-${r.talks}.json\`](../bench/results-${r.talks}.json).`,
    '',
  );
  return lines.join('\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

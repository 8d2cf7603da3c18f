// `npm run bench [-- --talks 10000] [--only ingest,api,raw,pglite] [--runs 3] [--duration 5] [--smoke]`
// Generates a corpus, ingests it through the real CLI into a fresh database on the Postgres server
// (DATABASE_URL), starts the real server in production mode and drives it over HTTP with autocannon
// at 16 connections, runs hand-written single SQL statements for the same data as the limit, and
// measures the embedded default (PGlite). Every API query is sent three ways against the same server:
// plain (content-type only), with the headers GraphQL client libraries send, and as a browser page
// on another origin sends it (`requestHeaders` below). Writes <out>/results.json; a run at 10,000
// or 100,000 talks (not --smoke) also writes bench/results-<talks>.json and docs/benchmarks.md,
// which shows every such size measured so far, one section each.
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
import { residentBytes } from '../tests/support/cli.js';
import { generate } from './gen.js';
import { type BenchContext, queries, rawQueries } from './queries.js';
import {
  type HeaderSet,
  type LoadResult,
  type Measured,
  median,
  notesMarker,
  pgliteQueries,
  type Results,
  renderBenchmarks,
  type WayName,
  wayNames,
} from './stats.js';

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

/** The sizes whose results are kept in bench/ and shown in docs/benchmarks.md; others stay in <out>. */
const canonicalSizes = [10_000, 100_000];

/** The page origin the browser way calls from, allowed by the measured server (CORS_ORIGINS). */
const pageOrigin = 'http://localhost:5173';
const json = { 'content-type': 'application/json' };
/**
 * The headers each way sends with the JSON body. Clients: each library's defaults for a query
 * (its fetch adds nothing the server reads); they take turns request by request. Browser: what
 * Chrome sends for `fetch(url, { method: 'POST', headers: { 'content-type': 'application/json',
 * accept } })` from a page on another site (its CORS preflight is cached, max-age 600 s).
 */
const requestHeaders: Record<WayName, HeaderSet[]> = {
  plain: [{ sender: 'no Accept', headers: json }],
  client: [
    // selectHttpOptionsAndBody.ts's defaultHeaders in 3.x; 4.x names the response types.
    { sender: 'Apollo Client 3', headers: { accept: '*/*', ...json } },
    {
      sender: 'Apollo Client 4',
      headers: { accept: 'application/graphql-response+json,application/json;q=0.9', ...json },
    },
    // @urql/core's makeFetchOptions (4.x and later) for a query.
    {
      sender: 'urql',
      headers: {
        accept:
          'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
        ...json,
      },
    },
    {
      sender: 'graphql-request 7',
      headers: { accept: 'application/graphql-response+json, application/json', ...json },
    },
  ],
  browser: [
    {
      sender: `Chrome on a page at ${pageOrigin}`,
      headers: {
        accept: 'application/graphql-response+json, application/json',
        'accept-encoding': 'gzip, deflate, br, zstd',
        'accept-language': 'en-GB,en;q=0.9',
        ...json,
        origin: pageOrigin,
        referer: `${pageOrigin}/`,
        'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24"',
        'sec-ch-ua-mobile': '?0',
        'sec-ch-ua-platform': '"Linux"',
        'sec-fetch-dest': 'empty',
        'sec-fetch-mode': 'cors',
        // localhost and 127.0.0.1 are different sites.
        'sec-fetch-site': 'cross-site',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
    },
  ],
};

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

const rssMb = (pid: number | undefined) => (pid ? residentBytes(pid) / 1024 / 1024 : 0);

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

/**
 * One autocannon run over rotating request bodies, and rotating header sets; `pid`'s peak RSS is
 * watched meanwhile.
 */
async function load(
  url: string,
  bodies: string[],
  seconds: number,
  pid?: number,
  clients = connections,
  headerSets: HeaderSet[] = requestHeaders.plain,
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
    requests: [
      {
        setupRequest: (request) => {
          // A copy: autocannon writes each request's content-length into the object it is given.
          request.headers = { ...(headerSets[next % headerSets.length] as HeaderSet).headers };
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

/** Medians of load runs, with the server's peak RSS over all of them. */
function summarize(measured: (LoadResult & { peakRssMb: number })[]): Measured {
  return {
    rps: round(median(measured.map((m) => m.rps))),
    p50: round(median(measured.map((m) => m.p50)), 2),
    p99: round(median(measured.map((m) => m.p99)), 2),
    errors: measured.reduce((a, m) => a + m.errors, 0),
    rssMb: Math.max(...measured.map((m) => m.peakRssMb)),
  };
}

/** Medians of `runs` load runs, with the server's peak RSS over all of them. */
async function measure(url: string, bodies: string[], pid?: number, clients = connections) {
  const measured: (LoadResult & { peakRssMb: number })[] = [];
  for (let r = 0; r < runs; r++) measured.push(await load(url, bodies, duration, pid, clients));
  return summarize(measured);
}

/**
 * The same bodies sent each way, `runs` times, the ways taking turns within each run (each run
 * starting with the next way) so that a machine that slows down mid-run weighs on all of them alike.
 */
async function measureWays(url: string, bodies: string[], pid?: number): Promise<Record<WayName, Measured>> {
  const measured = Object.fromEntries(
    wayNames.map((way) => [way, [] as (LoadResult & { peakRssMb: number })[]]),
  );
  for (let r = 0; r < runs; r++)
    for (let w = 0; w < wayNames.length; w++) {
      const way = wayNames[(r + w) % wayNames.length] as WayName;
      measured[way]?.push(await load(url, bodies, duration, pid, connections, requestHeaders[way]));
    }
  return Object.fromEntries(wayNames.map((way) => [way, summarize(measured[way] ?? [])])) as Record<
    WayName,
    Measured
  >;
}

/**
 * Before measuring, each header set once: a complete answer with no errors, and for the browser the
 * CORS answers a page needs (the preflight, and the origin allowed on the response), or the figures
 * would be of requests a real client could not use.
 */
async function checkWays(url: string, body: string): Promise<void> {
  for (const way of wayNames) {
    for (const set of requestHeaders[way]) {
      const response = await fetch(url, { method: 'POST', headers: set.headers, body });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
      const what = `${way} (${set.sender})`;
      if (response.status !== 200 || answer.errors || !answer.data)
        throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
      const origin = set.headers.origin;
      if (!origin) continue;
      if (response.headers.get('access-control-allow-origin') !== origin)
        throw new Error(`${what}: the answer does not allow ${origin}; is it in CORS_ORIGINS?`);
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'accept,content-type',
        },
      });
      await preflight.arrayBuffer();
      if (!preflight.ok || preflight.headers.get('access-control-allow-origin') !== origin)
        throw new Error(`${what}: the CORS preflight was answered ${preflight.status} without ${origin}`);
    }
  }
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
    const server = await startServer({ DATABASE_URL: dbUrl, CORS_ORIGINS: pageOrigin });
    results.corsOrigins = pageOrigin;
    results.requestHeaders = requestHeaders;
    await checkWays(server.url, queries.Q1?.body(context, 0) as string);
    // Warm-up, not recorded: every query every way, so that no way pays for the JIT, the caches
    // and the compiled statements on the first one measured.
    const everyBody = Object.values(queries).flatMap((query) =>
      Array.from({ length: 20 }, (_, i) => query.body(context, i)),
    );
    const everyWay = wayNames.flatMap((way) => requestHeaders[way]);
    await load(server.url, everyBody, Math.min(duration, 3), undefined, connections, everyWay);
    const api: Record<string, Measured & { statements: number }> = {};
    const ways: Record<'client' | 'browser', Record<string, Measured>> = { client: {}, browser: {} };
    for (const [name, query] of Object.entries(queries)) {
      const bodies = Array.from({ length: 200 }, (_, i) => query.body(context, i));
      const measured = await measureWays(server.url, bodies, server.child.pid);
      api[name] = { ...measured.plain, statements: statements[name] ?? 0 };
      ways.client[name] = measured.client;
      ways.browser[name] = measured.browser;
      log(`${name}: ${JSON.stringify(measured)}`);
    }
    results.ways = ways;
    // Latency without queueing: 16 connections on two shared cores measure throughput as much as
    // latency (p99 ≈ connections / req/s), so the latency targets are also measured from one client.
    const oneClient: Record<string, Measured> = {};
    for (const name of ['Q4', 'Q5', 'Q6']) {
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
    const transport: Record<string, Measured> = {
      fastPath: api.ceiling as Measured,
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
  if (smoke || !canonicalSizes.includes(talks)) {
    log(
      `results in ${join(outDir, 'results.json')} (only ${canonicalSizes.join(' and ')} talks update bench/ and docs/)`,
    );
  } else {
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
      .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Results);
    writeFileSync(reportPath, renderBenchmarks(sizes) + (notes || `${notesMarker}\n`));
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

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

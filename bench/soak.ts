// `npm run soak -- [--seconds 60] [--clients 12] [--faults] [--log-level error] [--admin-url …]
// [--redis-url …]`: mixed load against one `talkgraph serve` process on a scratch Postgres database
// for a set time — reads, searches, subscribers, exports whose clients read slowly or vanish,
// re-ingests of documents that share speakers — with, given --faults, one fault every 12 s in turn:
// the database stalled for 3 s, the database gone for 3 s (every connection cut and new ones
// refused, as a restart looks to its clients), Redis gone for 3 s; each behind a TCP proxy.
// Then the invariants (docs/reliability.md, "Soak"): the server still running, no "Unexpected
// error.", 503s only while a fault was on, the graph equal to the same final documents ingested one
// by one, every subscriber given every ingest once (but those made while Redis was gone), the
// server's memory back within 20% of its start. Prints a report; exits 1 when an invariant fails.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { decodeDocument } from '../src/ingest/document-source.js';
import { extractSource } from '../src/ingest/extract.js';
import { storeExtraction } from '../src/ingest/ingest.js';
import { openStore, type Store } from '../src/store/store.js';
import { createToken } from '../src/store/tokens.js';
import { residentBytes, startCli } from '../tests/support/cli.js';
import { ControlledProxy } from '../tests/support/controlled-proxy.js';
import { freePort } from '../tests/support/ports.js';
import { sseMessages } from '../tests/support/sse.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '12' },
    faults: { type: 'boolean', default: false },
    /** The server's log level (its errors name what an "Unexpected error." was). */
    'log-level': { type: 'string', default: 'silent' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    /** Live updates through this Redis (behind a proxy that --faults stops); none: in process. */
    'redis-url': { type: 'string', default: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const documents = 12;
const speakers = [
  'Ada Quint (Acme Cloud)',
  'Brian Stone (Harbor Labs)',
  'Chen Xu (Acme Cloud)',
  'Dana Reyes',
];
/** One meetup's listing; every version names the same speakers, in other pairs. */
function listing(index: number, version: number): string {
  const talks = Array.from({ length: 8 }, (_, t) => {
    const names = new Set([speakers[(index + t) % 4], speakers[(index + t + version) % 4]]);
    return `Talk ${index}.${t} on Streams v${version % 3}\nSpeaker: ${[...names].join(', ')}\n`;
  });
  return `Soak Systems Meetup 2024\n\n${talks.join('\n')}`;
}

interface Sample {
  kind: string;
  ms: number;
  /** "ok", an error code, or "HTTP <status>". */
  outcome: string;
  at: number;
}
const samples: Sample[] = [];
type FaultKind = 'database stalled' | 'database gone' | 'Redis gone';
const faultKinds: FaultKind[] = ['database stalled', 'database gone', 'Redis gone'];
const faults: { kind: FaultKind; from: number; to: number }[] = [];
let unhandled = 0;
process.on('unhandledRejection', () => {
  unhandled += 1;
});

async function scratchDatabase(adminUrl: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `talkgraph_soak_${process.pid}_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function facts(store: Store): Promise<string[]> {
  const rows = await store.db.query<{ fact: string }>(
    `select concat_ws(' ', s.kind, s.slug, p.name, o.kind, o.slug, t.object_value) as fact
       from triple t join node s on s.id = t.subject_id join predicate p on p.id = t.predicate_id
       left join node o on o.id = t.object_id where s.kind <> 'document'`,
  );
  return rows.map((row) => row.fact).sort();
}

const percentile = (values: number[], p: number) =>
  values.length === 0
    ? 0
    : ([...values].sort((a, b) => a - b)[
        Math.min(values.length - 1, Math.floor(values.length * p))
      ] as number);

/** The shortest run whose memory floors are judged. */
const minSecondsForMemory = 300;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function main() {
  const metricsPort = await freePort();
  const soakDb = await scratchDatabase(values['admin-url'] as string);
  const referenceDb = await scratchDatabase(values['admin-url'] as string);
  const proxy = new ControlledProxy(soakDb.url.hostname, Number(soakDb.url.port || 5432));
  await proxy.start();
  const viaProxy = new URL(soakDb.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const redisUrl = new URL(values['redis-url'] as string);
  const redisProxy = new ControlledProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  await redisProxy.start();
  const redisViaProxy = new URL(redisUrl);
  redisViaProxy.host = `127.0.0.1:${redisProxy.port}`;
  // Migrated, with an admin token, before the server starts; read directly at the end.
  const store = await openStore({ backend: 'postgres', url: soakDb.url.toString() });
  const { secret } = await createToken(store.db, 'soak', 'admin');
  // The server in a process of its own, so that its memory is measured apart from the clients'.
  const serve = await startCli(['serve', '--host', '127.0.0.1', '--port', '0'], /serving (http:\/\/\S+)/, {
    env: {
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: redisViaProxy.toString(),
      NODE_ENV: 'production',
      LOG_LEVEL: values['log-level'] as string,
      // Its heap and external memory, to tell a JavaScript leak from buffers or the allocator.
      METRICS_PORT: String(metricsPort),
    },
  });
  const serverPid = serve.child.pid as number;
  // What the server's /metrics say of its memory, and how the report names each reading.
  const memoryReadings = {
    used: ['nodejs_heap_size_used_bytes', 'heap used'],
    external: ['nodejs_external_memory_bytes', 'external'],
    // The reader's worker thread has a heap of its own, not in the serving thread's figures.
    readerUsed: ['talkgraph_reader_heap_used_bytes', 'reader heap used'],
    readerExternal: ['talkgraph_reader_external_memory_bytes', 'reader external'],
  } as const;
  type Reading = keyof typeof memoryReadings;
  const heap = async (): Promise<Partial<Record<Reading, number>>> => {
    try {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return Object.fromEntries(
        Object.entries(memoryReadings).map(([reading, [metric]]) => [reading, value(metric)]),
      );
    } catch {
      return {};
    }
  };
  let serverExit: number | null | 'running' = 'running';
  serve.exited.then((code) => {
    serverExit = code;
  });
  for (const stream of [serve.child.stdout, serve.child.stderr])
    stream?.on('data', (chunk: Buffer) => {
      if (values['log-level'] !== 'silent') process.stderr.write(chunk);
    });
  const server = { url: serve.match[1] as string };
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const record = (kind: string, from: number, outcome: string) =>
    samples.push({ kind, ms: performance.now() - from, outcome, at: Date.now() });

  async function graphql(kind: string, query: string, variables?: object, token?: string) {
    const from = performance.now();
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as {
        data?: { ingestDocument?: { summary?: { status: string } } } | null;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const error = body.errors?.[0];
      record(
        kind,
        from,
        error ? (error.extensions?.code ?? error.message) : response.ok ? 'ok' : `HTTP ${response.status}`,
      );
      return body;
    } catch (error) {
      record(kind, from, `client: ${(error as Error).name}`);
      return {};
    }
  }

  // The documents' first versions, then subscribers that count what is ingested from now on.
  const ingestMutation = `mutation ($name: String!, $content: String!) {
    ingestDocument(input: { name: $name, content: $content }) { summary { status } userErrors { code } } }`;
  const version = new Array<number>(documents).fill(1);
  for (let i = 0; i < documents; i++)
    await graphql('ingest', ingestMutation, { name: `meetup-${i}.txt`, content: listing(i, 1) }, secret);
  const subscriberCounts: number[] = [];
  const subscriberAborts: AbortController[] = [];
  for (let s = 0; s < 4; s++) {
    const abort = new AbortController();
    subscriberAborts.push(abort);
    subscriberCounts.push(0);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { documentIngested { name status } }' }),
      signal: abort.signal,
    });
    (async () => {
      try {
        for await (const { event, data } of sseMessages(
          response.body as unknown as AsyncIterable<Uint8Array>,
        ))
          if (event === 'next' && data?.includes('"documentIngested"'))
            subscriberCounts[s] = (subscriberCounts[s] ?? 0) + 1;
      } catch {
        // aborted at the end
      }
    })();
  }
  await new Promise((resolve) => setTimeout(resolve, 500));

  let ingested = 0;
  const ingestTimes: { sent: number; answered: number }[] = [];
  const running = () => Date.now() < deadline;
  const exportUrl = new URL('/export/soak-systems-meetup-2024.nq', server.url);
  const loops: Promise<void>[] = [];
  for (let c = 0; c < clients; c++) {
    const role = c % 6;
    loops.push(
      (async () => {
        for (let n = 0; running(); n++) {
          if (role === 0) {
            // A writer: the next version of one document.
            const i = (c * 7 + n) % documents;
            const next = (version[i] as number) + 1;
            const sent = Date.now();
            const body = await graphql(
              'ingest',
              ingestMutation,
              { name: `meetup-${i}.txt`, content: listing(i, next) },
              secret,
            );
            if (body.data?.ingestDocument?.summary) {
              version[i] = next;
              ingested += 1;
              ingestTimes.push({ sent, answered: Date.now() });
            }
          } else if (role === 1) {
            // An export: every other client reads a little, then vanishes.
            const from = performance.now();
            const abort = new AbortController();
            try {
              const response = await fetch(exportUrl, { signal: abort.signal });
              const reader = (response.body as ReadableStream<Uint8Array>).getReader();
              if (n % 2 === 0) {
                await reader.read();
                abort.abort();
                record('export (left)', from, response.status === 200 ? 'ok' : `HTTP ${response.status}`);
              } else {
                while (!(await reader.read()).done);
                record('export', from, response.status === 200 ? 'ok' : `HTTP ${response.status}`);
              }
            } catch (error) {
              record('export', from, `client: ${(error as Error).name}`);
            }
          } else if (role === 2) {
            await graphql('search', `{ search(text: "streams", first: 5) { __typename } }`);
          } else {
            await graphql(
              'read',
              `{ talks(first: 10) { nodes { title speakers { name affiliations { __typename } }
                 topics { topic { label } } relatedTalks(first: 3) { score talk { title } } } } }`,
            );
          }
        }
      })(),
    );
  }
  if (values.faults)
    loops.push(
      (async () => {
        for (let f = 0; running(); f++) {
          await new Promise((resolve) => setTimeout(resolve, 12_000));
          if (!running()) break;
          const kind = faultKinds[f % faultKinds.length] as FaultKind;
          const from = Date.now();
          if (kind === 'database stalled') proxy.stall();
          else await (kind === 'database gone' ? proxy : redisProxy).stop();
          await new Promise((resolve) => setTimeout(resolve, 3000));
          if (kind === 'database stalled') proxy.forward();
          else await (kind === 'database gone' ? proxy : redisProxy).start();
          faults.push({ kind, from, to: Date.now() });
        }
      })(),
    );
  // The server's memory each second. Under load it climbs a few MB a second and drops at each major
  // collection, so one sample says little: what would show a leak is the floor it drops back to.
  // The start is the lowest in the first third of the run once warmed up (10 s: every kind of
  // request served, the reader's thread loaded), the end the lowest in the last third.
  type MemorySample = { at: number; bytes: number } & Partial<Record<Reading, number>>;
  const rss: MemorySample[] = [];
  const sampler = setInterval(async () => {
    const sample = { at: Date.now(), bytes: residentBytes(serverPid) };
    rss.push({ ...sample, ...(await heap()) });
  }, 1000);
  await Promise.all(loops);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the last events reach the subscribers
  clearInterval(sampler);
  for (const abort of subscriberAborts) abort.abort();
  const third = (seconds * 1000) / 3;
  /** The lowest reading of `of` in the first third (once warmed up) and in the last third. */
  const floors = (of: Exclude<keyof MemorySample, 'at'>) => {
    const lowest = (from: number, to: number) =>
      Math.min(
        ...rss.filter((r) => r.at >= from && r.at <= to && (r[of] ?? 0) > 0).map((r) => r[of] as number),
      );
    return [
      lowest(started + Math.min(10_000, third), started + third),
      lowest(started + 2 * third, Number.POSITIVE_INFINITY),
    ] as const;
  };
  const [rssStart, rssEnd] = floors('bytes');
  const heapFloors = (Object.keys(memoryReadings) as Reading[]).map((of) => {
    const [start, end] = floors(of);
    return `${memoryReadings[of][1]} ${mb(start)} → ${mb(end)}`;
  });

  // The reference: each document's last version, ingested one by one into a database of its own.
  const reference = await openStore({ backend: 'postgres', url: referenceDb.url.toString() });
  for (let i = 0; i < documents; i++) {
    const doc = decodeDocument(`meetup-${i}.txt`, new TextEncoder().encode(listing(i, version[i] as number)));
    await reference.db.transaction((tx) =>
      storeExtraction(tx, reference.predicates, doc, extractSource(doc, {})),
    );
  }
  const [soakFacts, referenceFacts] = [await facts(store), await facts(reference)];
  await reference.close();
  const stillRunning = serverExit === 'running';
  serve.child.kill('SIGTERM');
  const exitCode = await serve.exited;
  await proxy.stop();
  await redisProxy.stop();
  await soakDb.drop();
  await referenceDb.drop();

  // The report.
  const byKind = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byKind.get(sample.kind);
    if (list) list.push(sample);
    else byKind.set(sample.kind, [sample]);
  }
  console.log(
    `soak: ${seconds} s, ${clients} clients, faults ${values.faults ? 'on' : 'off'}; ${samples.length} requests`,
  );
  for (const [kind, list] of byKind) {
    const outcomes = new Map<string, number>();
    for (const s of list) outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
    const ms = list.map((s) => s.ms);
    console.log(
      `  ${kind.padEnd(14)} ${String(list.length).padStart(6)}  p50 ${percentile(ms, 0.5).toFixed(0)} ms  p99 ${percentile(ms, 0.99).toFixed(0)} ms  ${[...outcomes].map(([o, k]) => `${o} ${k}`).join(', ')}`,
    );
  }
  console.log(`  server memory floors, first third → last third: ${heapFloors.join(', ')}`);
  console.log(
    `  server RSS: at launch ${mb(rss[0]?.bytes ?? 0)}, floor in the first third ${mb(rssStart)}, peak ${mb(Math.max(...rss.map((r) => r.bytes)))}, floor in the last third ${mb(rssEnd)}, end ${mb(rss.at(-1)?.bytes ?? 0)}`,
  );
  console.log(
    `  faults: ${faultKinds.map((kind) => `${kind} ${faults.filter((f) => f.kind === kind).length}`).join(', ')}`,
  );
  const databaseFaults = faults.filter((f) => f.kind !== 'Redis gone');
  const inFault = (at: number) => databaseFaults.some((f) => at >= f.from - 500 && at <= f.to + 3000);
  const unavailableOutside = samples.filter(
    (s) => s.outcome === 'DATABASE_UNAVAILABLE' && !inFault(s.at),
  ).length;
  const unexpected = samples.filter((s) => /Unexpected|INTERNAL/.test(s.outcome)).length;
  // Where the 503s outside the faults fell: after which fault, how long after it ended.
  const outside = new Map<string, number>();
  for (const sample of samples) {
    if (sample.outcome !== 'DATABASE_UNAVAILABLE' || inFault(sample.at)) continue;
    const last = faults.filter((f) => f.to <= sample.at).at(-1);
    const key = last ? `${last.kind} +${Math.floor((sample.at - last.to) / 1000)} s` : 'before any fault';
    outside.set(key, (outside.get(key) ?? 0) + 1);
  }
  if (outside.size > 0)
    console.log(`  503s outside the faults: ${[...outside].map(([k, n]) => `${n} after ${k}`).join(', ')}`);
  // While Redis is gone, live updates are not delivered (docs/curation.md, "Several instances"):
  // the ingests committed then (or a second either side) may be missing, and none may come twice.
  const redisFaults = faults.filter((f) => f.kind === 'Redis gone');
  const duringRedisFault = ingestTimes.filter(({ sent, answered }) =>
    redisFaults.some((f) => answered >= f.from - 1000 && sent <= f.to + 1000),
  ).length;
  const checks: [string, boolean, string][] = [
    [
      'the server ran throughout and stopped cleanly',
      stillRunning && exitCode === 0,
      stillRunning ? `exit ${exitCode} on SIGTERM` : `exited with ${serverExit} during the run`,
    ],
    ['no unhandled rejection', unhandled === 0, `${unhandled}`],
    ['no "Unexpected error."', unexpected === 0, `${unexpected}`],
    ['503s only while a fault was on', unavailableOutside === 0, `${unavailableOutside} outside`],
    [
      'the graph equals the last versions ingested one by one',
      JSON.stringify(soakFacts) === JSON.stringify(referenceFacts),
      `${soakFacts.length} facts vs ${referenceFacts.length}`,
    ],
    [
      'every subscriber got every ingest once (but those while Redis was gone)',
      subscriberCounts.every((count) => count <= ingested && count >= ingested - duringRedisFault),
      `${subscriberCounts.join(', ')} of ${ingested}, ${duringRedisFault} near a Redis fault`,
    ],
  ];
  // A floor means something only over several collections: a short run (CI's) reports memory but
  // does not judge it (its first third may hold no collection at all).
  if (seconds >= minSecondsForMemory)
    checks.push([
      'the server’s memory back within 20% of its start (the floors between collections)',
      Number.isFinite(rssStart) && Number.isFinite(rssEnd) && rssEnd <= rssStart * 1.2,
      `${mb(rssStart)} → ${mb(rssEnd)}`,
    ]);
  else console.log(`  --   memory not judged: runs under ${minSecondsForMemory} s hold too few collections`);
  for (const [name, ok, detail] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${detail})`);
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

await main();

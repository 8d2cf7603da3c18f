// `npm run soak -- [--seconds 60] [--clients 12] [--faults] [--log-level error] [--admin-url …]`:
// mixed load against one server on a scratch Postgres database for a set time — reads, searches,
// subscribers, exports whose clients read slowly or vanish, re-ingests of documents that share
// speakers — with, given --faults, the database stalled behind a TCP proxy for 3 s every 15 s.
// Then the invariants (docs/reliability.md, "Soak"): no "Unexpected error.", 503s only while a fault
// was on, the graph equal to the same final documents ingested one by one, every subscriber given
// every ingest once, memory back near its start. Prints a report; exits 1 when an invariant fails.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { decodeDocument } from '../src/ingest/document-source.js';
import { extractSource } from '../src/ingest/extract.js';
import { storeExtraction } from '../src/ingest/ingest.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/server/main.js';
import { openStore, type Store } from '../src/store/store.js';
import { createToken } from '../src/store/tokens.js';
import { ControlledProxy } from '../tests/support/controlled-proxy.js';
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
const faults: { from: number; to: number }[] = [];
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

async function main() {
  const soakDb = await scratchDatabase(values['admin-url'] as string);
  const referenceDb = await scratchDatabase(values['admin-url'] as string);
  const proxy = new ControlledProxy(soakDb.url.hostname, Number(soakDb.url.port || 5432));
  await proxy.start();
  const viaProxy = new URL(soakDb.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const store = await openStore({ backend: 'postgres', url: viaProxy.toString() });
  const server = await startServer({
    store,
    logger: createLogger(values['log-level'] as Parameters<typeof createLogger>[0]),
    host: '127.0.0.1',
    port: 0,
    production: true,
  });
  const { secret } = await createToken(store.db, 'soak', 'admin');
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
            const body = await graphql(
              'ingest',
              ingestMutation,
              { name: `meetup-${i}.txt`, content: listing(i, next) },
              secret,
            );
            if (body.data?.ingestDocument?.summary) {
              version[i] = next;
              ingested += 1;
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
        while (running()) {
          await new Promise((resolve) => setTimeout(resolve, 12_000));
          if (!running()) break;
          const from = Date.now();
          proxy.stall();
          await new Promise((resolve) => setTimeout(resolve, 3000));
          proxy.forward();
          faults.push({ from, to: Date.now() });
        }
      })(),
    );
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
  await Promise.all(loops);
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the last events reach the subscribers
  for (const abort of subscriberAborts) abort.abort();

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
  await server.stop();
  await proxy.stop();
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
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  console.log(
    `  RSS: start ${mb(rss[0] ?? 0)}, peak ${mb(Math.max(...rss))}, end ${mb(rss[rss.length - 1] ?? 0)}`,
  );
  const inFault = (at: number) => faults.some((f) => at >= f.from - 500 && at <= f.to + 3000);
  const unavailableOutside = samples.filter(
    (s) => s.outcome === 'DATABASE_UNAVAILABLE' && !inFault(s.at),
  ).length;
  const unexpected = samples.filter((s) => /Unexpected|INTERNAL/.test(s.outcome)).length;
  const checks: [string, boolean, string][] = [
    ['no unhandled rejection', unhandled === 0, `${unhandled}`],
    ['no "Unexpected error."', unexpected === 0, `${unexpected}`],
    ['503s only while a fault was on', unavailableOutside === 0, `${unavailableOutside} outside`],
    [
      'the graph equals the last versions ingested one by one',
      JSON.stringify(soakFacts) === JSON.stringify(referenceFacts),
      `${soakFacts.length} facts vs ${referenceFacts.length}`,
    ],
    [
      'every subscriber got every ingest once',
      subscriberCounts.every((count) => count === ingested),
      `${subscriberCounts.join(', ')} of ${ingested}`,
    ],
  ];
  for (const [name, ok, detail] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${detail})`);
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
}

await main();

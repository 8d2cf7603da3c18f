// `npm run bench:merge [-- --talks 5000] [--runs 15]`: how long mergeEntities takes for a speaker
// with 100 talks (the bar: under 100 ms), and splitEntity undoing it, end to end over HTTP
// against the real server, in a graph of --talks other talks with their related-talk lists stored;
// and how long the server then takes, in the background, to recompute the lists the merge marked.
// The database is DATABASE_URL when it names a Postgres server (a fresh database is created and
// dropped), else the embedded default (PGlite in memory).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import type { DatabaseTarget } from '../src/config.js';
import { refreshRelatedTalkLists } from '../src/graph/related-talks.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/server/main.js';
import type { Fact, FactNode } from '../src/store/facts.js';
import { slugify } from '../src/store/slug.js';
import { openStore, type Store } from '../src/store/store.js';
import { createToken } from '../src/store/tokens.js';
import { writeDocument } from '../src/store/write-document.js';
import { random } from './gen.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: { talks: { type: 'string', default: '5000' }, runs: { type: 'string', default: '15' } },
});
const talks = Number(values.talks);
const runs = Number(values.runs);

const node = (kind: string, label: string): FactNode => ({ kind, slug: slugify(label), label });

async function write(store: Store, name: string, facts: Fact[]) {
  const sha256 = randomBytes(32).toString('hex');
  await store.db.transaction((tx) =>
    writeDocument(tx, store.predicates, { name, sha256, format: 'listing', bytes: 1 }, facts),
  );
}

/** Talks at events of 50, each with a speaker drawn from 2,000 and 3 topics drawn from 300. */
function talkFacts(title: string, event: FactNode, speaker: FactNode, rand: () => number): Fact[] {
  const talk = node('talk', title);
  return [
    { subject: talk, predicate: 'presented_at', object: { node: event } },
    { subject: talk, predicate: 'has_speaker', object: { node: speaker }, position: 1 },
    ...[0, 1, 2].map((i) => ({
      subject: talk,
      predicate: 'has_topic',
      object: { node: node('topic', `topic ${Math.floor(rand() * 300) + i}`) },
      confidence: 0.5 + rand() / 2,
    })),
  ];
}

async function database(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres'))
    return { target: { backend: 'pglite', dataDir: null }, drop: async () => {} };
  const name = `talkgraph_merge_bench_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    target: { backend: 'postgres', url: target.toString() },
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const { target, drop } = await database();
const store = await openStore(target);
try {
  const rand = random(7);
  for (let start = 0; start < talks; start += 50) {
    const event = node('event', `Bench Conf ${start / 50}`);
    const facts: Fact[] = [];
    for (let i = start; i < Math.min(talks, start + 50); i++)
      facts.push(
        ...talkFacts(`Talk ${i}`, event, node('speaker', `Speaker ${Math.floor(rand() * 2000)}`), rand),
      );
    await write(store, `events/${start / 50}.txt`, facts);
  }
  // One person under two spellings, each with 100 talks, in two documents.
  for (const [doc, name] of [
    ['ada.txt', 'Ada Lovelace'],
    ['lovelace.txt', 'A. Lovelace'],
  ] as const) {
    const event = node('event', `${name} Days`);
    const facts: Fact[] = [];
    for (let i = 0; i < 100; i++)
      facts.push(...talkFacts(`${name} talk ${i}`, event, node('speaker', name), rand));
    await write(store, doc, facts);
  }
  await refreshRelatedTalkLists(store.db, store.predicates);
  await store.db.query('vacuum analyze');
  const { secret } = await createToken(store.db, 'bench', 'curate');
  const server = await startServer({
    store: { ...store, close: async () => {} },
    logger: createLogger('silent'),
    host: '127.0.0.1',
    port: 0,
    production: true,
  });
  const [ada, other] = await Promise.all(
    ['ada-lovelace', 'a-lovelace'].map(async (slug) => {
      const [row] = await store.db.query<{ id: number }>(
        `select id from node where kind = 'speaker' and slug = $1`,
        [slug],
      );
      return Buffer.from(`Speaker:${row?.id}`).toString('base64url');
    }),
  );
  const send = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { userErrors: unknown[] }>;
      errors?: unknown;
    };
    const elapsed = performance.now() - started;
    const payload = body.data && Object.values(body.data)[0];
    if (body.errors || !payload || payload.userErrors.length > 0) throw new Error(JSON.stringify(body));
    return elapsed;
  };
  // What a curator waits for is the mutation; the lists of the talks it touched are recomputed
  // in the background afterwards (src/server/app.ts). Each run starts once that is done, and the
  // time it took is reported too.
  const settled = async () => {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (;;) {
      const [row] = await store.db.query<{ n: number }>(
        'select count(*)::int as n from related_talk_list where state > 0',
      );
      if (!row?.n) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const merges: number[] = [];
  const splits: number[] = [];
  const refreshes: number[] = [];
  for (let run = 0; run < runs + 2; run++) {
    const merge = await send(
      'mutation ($into: ID!, $from: [ID!]!) { mergeEntities(input: { into: $into, from: $from }) { entity { id } userErrors { message } } }',
      { into: ada, from: [other] },
    );
    const mergeRefresh = await settled();
    const split = await send(
      'mutation ($id: ID!) { splitEntity(input: { id: $id }) { entity { id } userErrors { message } } }',
      { id: other },
    );
    await settled();
    // The first two warm the server up (plans, JIT).
    if (run >= 2) {
      merges.push(merge);
      splits.push(split);
      refreshes.push(mergeRefresh);
    }
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const p90 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.9)] as number;
  process.stdout.write(
    `${JSON.stringify(
      {
        database: target.backend,
        talks: talks + 200,
        runs,
        mergeMs: { median: round(median(merges)), p90: round(p90(merges)) },
        splitMs: { median: round(median(splits)), p90: round(p90(splits)) },
        listsRecomputedAfterMergeMs: { median: round(median(refreshes)), p90: round(p90(refreshes)) },
      },
      null,
      2,
    )}\n`,
  );
  await server.stop();
} finally {
  await store.close();
  await drop();
}

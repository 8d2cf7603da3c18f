// Small graphs written straight through the store (no parser), for API and graph tests, and a
// running server over them.
import type { Fact, FactNode } from '../../src/ingest/facts.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/server/app.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import { slugify } from '../../src/store/slug.js';
import type { Store } from '../../src/store/store.js';
import { writeDocument } from '../../src/store/write-document.js';

export const n = (kind: string, label: string): FactNode => ({ kind, slug: slugify(label), label });

export interface TalkSpec {
  title: string;
  event: FactNode;
  position: number;
  speakers: FactNode[];
  topics?: [FactNode, number][];
  abstract?: string;
  mentions?: FactNode[];
}

export function talkFacts(spec: TalkSpec): Fact[] {
  const talk = { kind: 'talk', slug: `${slugify(spec.title)}-${spec.event.slug}`, label: spec.title };
  return [
    { subject: talk, predicate: 'presented_at', object: { node: spec.event }, position: spec.position },
    ...spec.speakers.map((speaker, i) => ({
      subject: talk,
      predicate: 'has_speaker',
      object: { node: speaker },
      position: i + 1,
    })),
    ...(spec.topics ?? []).map(([topic, confidence]) => ({
      subject: talk,
      predicate: 'has_topic',
      object: { node: topic },
      confidence,
    })),
    ...(spec.abstract ? [{ subject: talk, predicate: 'abstract', object: { value: spec.abstract } }] : []),
    ...(spec.mentions ?? []).map((m) => ({ subject: talk, predicate: 'mentions', object: { node: m } })),
  ];
}

/** Writes facts as one document, the way ingest does. */
export async function writeFacts(store: Store, name: string, facts: Fact[]): Promise<void> {
  const sha256 = (name.replace(/[^a-f0-9]/g, '') + 'a'.repeat(64)).slice(0, 64);
  await store.db.transaction((tx) =>
    writeDocument(tx, store.predicates, { name, sha256, format: 'listing', bytes: 100 }, facts),
  );
}

export const people = {
  zoe: n('speaker', 'Zoë Núñez'),
  ravi: n('speaker', 'Ravi Iyer'),
  mia: n('speaker', 'Mia Chen'),
  olu: n('speaker', 'Olúwaseun Adé'),
};
export const topics = {
  consensus: n('topic', 'consensus'),
  raft: n('topic', 'Raft'),
  tracing: n('topic', 'tracing'),
  wasm: n('topic', 'WebAssembly'),
};
export const events = {
  summit: n('event', 'Lakeside Summit 2021'),
  meetup: n('event', 'River Meetup 2023'),
};
export const acme = n('organization', 'Acme Cloud');

/**
 * Two events, five talks, four speakers (one with an accent-laden name and a handle, two sharing a
 * talk), topics shared across events, one organization.
 */
export function sampleGraphFacts(): Fact[] {
  const { zoe, ravi, mia, olu } = people;
  const { consensus, raft, tracing, wasm } = topics;
  return [
    { subject: events.summit, predicate: 'year', object: { value: '2021' } },
    { subject: events.summit, predicate: 'city', object: { value: 'Chicago' } },
    { subject: events.meetup, predicate: 'year', object: { value: '2023' } },
    { subject: zoe, predicate: 'handle', object: { value: 'zoenu' } },
    { subject: zoe, predicate: 'alias', object: { value: 'Zo' } },
    { subject: zoe, predicate: 'works_at', object: { node: acme }, qualifier: 'engineer' },
    { subject: ravi, predicate: 'works_at', object: { node: acme }, qualifier: 'founder' },
    ...talkFacts({
      title: 'Rafting Through Consensus',
      event: events.summit,
      position: 1,
      speakers: [zoe, ravi],
      topics: [
        [consensus, 0.9],
        [raft, 0.8],
      ],
      abstract: 'How leader election and log replication keep replicas in agreement.',
    }),
    ...talkFacts({
      title: 'Tracing Requests Across Services',
      event: events.summit,
      position: 2,
      speakers: [mia],
      topics: [[tracing, 0.95]],
      abstract: 'Distributed tracing with spans and context propagation.',
    }),
    ...talkFacts({
      title: 'WebAssembly at the Edge',
      event: events.summit,
      position: 3,
      speakers: [olu],
      topics: [[wasm, 0.9]],
    }),
    ...talkFacts({
      title: 'Raft, Revisited',
      event: events.meetup,
      position: 1,
      speakers: [zoe],
      topics: [
        [raft, 0.9],
        [consensus, 0.6],
      ],
      abstract: 'Membership changes and snapshots in a replicated log.',
    }),
    ...talkFacts({
      title: 'Observing Consensus',
      event: events.meetup,
      position: 2,
      speakers: [mia, zoe],
      topics: [
        [tracing, 0.7],
        [consensus, 0.7],
      ],
    }),
  ];
}

export async function serve(store: Store, production = true): Promise<RunningServer> {
  return startServer({
    store: { ...store, close: async () => {} }, // the test closes the store itself
    logger: createLogger('silent'),
    host: '127.0.0.1',
    port: 0,
    production,
    // Reading a large document on a busy machine may pass the 60 s production cap; tests of the
    // cap set their own.
    ingestTimeoutMs: 600_000,
  });
}

export interface GraphQLResponse {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string }; path?: unknown[] }[] & any;
}

/** POSTs an operation over HTTP, as a client would (with `headers`, e.g. an API token). */
export async function graphql(
  server: RunningServer,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse & { data: any }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { ...body, status: response.status, data: body.data };
}

/**
 * The same as `graphql`, answered by the resolvers alone: through graphql-yoga's own request
 * handling, with compiled SQL off.
 */
export async function graphqlThroughResolvers(
  store: Store,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse & { data: any }> {
  const app = createApp({ store, logger: createLogger('silent'), production: true, compiledSql: false });
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { ...body, status: response.status, data: body.data };
}

// search(text:, kinds:, first:) over a graph of its own: what users rely on (typos in names, accents,
// words of abstracts with a snippet, the kinds filter, names before aliases before abstracts), the
// bounded candidate sets (a word more talks use than are proposed), aliases following their facts,
// and the same answers on PGlite and the Postgres server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../src/ingest/facts.js';
import type { RunningServer } from '../../src/server/main.js';
import { search, talksPerWord } from '../../src/store/search.js';
import type { Store } from '../../src/store/store.js';
import { writeDocument } from '../../src/store/write-document.js';
import { backends, createTestStore } from '../support/databases.js';
import { graphql, n, serve, talkFacts, writeFacts } from '../support/graph.js';

const ingrid = n('speaker', 'Ingrid Solberg');
const eleonore = n('speaker', 'Éléonore Dufrène');
const tomasz = n('speaker', 'Tomasz Wróbel');
const kestrelTopic = n('topic', 'Kestrel');
const streams = n('topic', 'stream processing');
const harbor = n('event', 'Harborfront Data Week 2024');
const quarry = n('event', 'Quarry Street Meetup 2025');

/** Three speakers (one with accents, one with an alias and a handle), two events, five talks. */
function searchGraph(options: { withAlias: boolean }): Fact[] {
  return [
    ...(options.withAlias
      ? [{ subject: tomasz, predicate: 'alias', object: { value: 'Kestrel' } } satisfies Fact]
      : []),
    { subject: tomasz, predicate: 'handle', object: { value: 'twrobel' } },
    ...talkFacts({
      title: 'Exactly Once, Eventually',
      event: harbor,
      position: 1,
      speakers: [ingrid],
      topics: [[streams, 0.9]],
      abstract: 'Checkpointing stream operators without stopping the world, and what barriers cost.',
    }),
    ...talkFacts({
      title: 'Windows Over Late Data',
      event: harbor,
      position: 2,
      speakers: [eleonore],
      topics: [[streams, 0.8]],
      abstract: 'Watermarks, late events and the windows that wait for them.',
    }),
    ...talkFacts({
      title: 'Birds of Prey in the Data Center',
      event: quarry,
      position: 1,
      speakers: [tomasz],
      topics: [[kestrelTopic, 0.7]],
      abstract: 'Why we named our scheduler kestrel, and how it hovers over idle machines.',
    }),
    ...talkFacts({
      title: 'Stream Joins in Practice',
      event: quarry,
      position: 2,
      speakers: [ingrid, eleonore],
      topics: [[streams, 0.9]],
      abstract: 'Joining two unbounded streams with state that expires.',
    }),
  ];
}

/** A new version of the search graph's document, as a re-ingest writes it. */
async function rewrite(store: Store, sha256: string, facts: Fact[]): Promise<void> {
  await store.db.transaction((tx) =>
    writeDocument(
      tx,
      store.predicates,
      { name: 'search/graph.txt', sha256, format: 'listing', bytes: 100 },
      facts,
    ),
  );
}

describe.each(backends)('search on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  type Hit = { score: number; snippet: string | null; entity: { kind: string; label: string } };
  const hits = async (text: string, options: { kinds?: string[]; first?: number } = {}): Promise<Hit[]> => {
    const { data, errors } = await graphql(
      server,
      'query($t: String!, $k: [String!], $f: Int) { search(text: $t, kinds: $k, first: $f) { score snippet entity { kind label } } }',
      { t: text, k: options.kinds, f: options.first },
    );
    expect(errors).toBeUndefined();
    return data.search;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await rewrite(store, 'a'.repeat(64), searchGraph({ withAlias: true }));
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('finds a speaker whose name is typed with a typo', async () => {
    expect((await hits('ingrd solberg'))[0]?.entity).toEqual({ kind: 'speaker', label: 'Ingrid Solberg' });
    expect((await hits('tomas wrobel'))[0]?.entity.label).toBe('Tomasz Wróbel');
  });

  it('ignores accents and case on both sides', async () => {
    for (const text of ['eleonore dufrene', 'ÉLÉONORE DUFRÈNE', 'Eléonore Dufrene']) {
      const [top] = await hits(text);
      expect(top?.entity).toEqual({ kind: 'speaker', label: 'Éléonore Dufrène' });
      expect(top?.score).toBe(1);
    }
  });

  it('finds a talk by the words of its abstract, stemmed, with the words marked in the snippet', async () => {
    const [top] = await hits('checkpoint barriers');
    expect(top?.entity).toEqual({ kind: 'talk', label: 'Exactly Once, Eventually' });
    expect(top?.score).toBeGreaterThan(0);
    expect(top?.score).toBeLessThan(0.6);
    expect(top?.snippet).toContain('<b>Checkpointing</b>');
    expect(top?.snippet).toContain('<b>barriers</b>');
  });

  it('finds a talk by the words of its title', async () => {
    const [top] = await hits('late data windows');
    expect(top?.entity).toEqual({ kind: 'talk', label: 'Windows Over Late Data' });
    expect(top?.snippet).toBe('<b>Windows</b> Over <b>Late</b> <b>Data</b>');
  });

  it('finds a talk whose title is misspelt, through the known word closest to it', async () => {
    const [top] = await hits('windos late');
    expect(top?.entity).toEqual({ kind: 'talk', label: 'Windows Over Late Data' });
  });

  it('keeps to the kinds asked for', async () => {
    const topicsOnly = await hits('stream', { kinds: ['topic'] });
    expect(topicsOnly.map((h) => h.entity)).toEqual([{ kind: 'topic', label: 'stream processing' }]);
    const talksOnly = await hits('stream', { kinds: ['talk'] });
    expect(talksOnly.length).toBeGreaterThan(0);
    expect(new Set(talksOnly.map((h) => h.entity.kind))).toEqual(new Set(['talk']));
    expect(await hits('kestrel', { kinds: ['organization'] })).toEqual([]);
  });

  it('ranks a name above an alias above an abstract', async () => {
    const found = await hits('kestrel');
    expect(found.map((h) => [h.entity.kind, h.entity.label, h.score])).toEqual([
      ['topic', 'Kestrel', 1],
      ['speaker', 'Tomasz Wróbel', 0.9],
      ['talk', 'Birds of Prey in the Data Center', expect.any(Number)],
    ]);
    expect(found[1]?.snippet).toBe('<b>Kestrel</b>');
    expect(found[2]?.score).toBeLessThan(0.6);
    expect(found[2]?.snippet).toContain('<b>kestrel</b>');
    expect((await hits('twrobel'))[0]?.entity.label).toBe('Tomasz Wróbel'); // a handle
  });

  it('orders hits by score, then by entity, and honours first', async () => {
    const found = await hits('stream', { first: 3 });
    expect(found).toHaveLength(3);
    const all = await hits('stream', { first: 100 });
    expect(all.slice(0, 3)).toEqual(found);
    const scores = all.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('forgets an alias once no document states it', async () => {
    const before = (await hits('kestrel')).map((h) => h.entity.kind);
    expect(before).toContain('speaker');
    await rewrite(store, 'b'.repeat(64), searchGraph({ withAlias: false }));
    const after = await hits('kestrel');
    expect(after.map((h) => h.entity.kind)).toEqual(['topic', 'talk']);
    expect((await hits('twrobel'))[0]?.entity.label).toBe('Tomasz Wróbel'); // the handle stays
    await rewrite(store, 'c'.repeat(64), searchGraph({ withAlias: true }));
    expect((await hits('kestrel')).map((h) => h.entity.kind)).toEqual(['topic', 'speaker', 'talk']);
  });
});

describe.each(backends)('search over a word many talks use, on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const talks = Math.max(120, talksPerWord * 3); // more than a page of 100 and than one word proposes

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    const event = n('event', 'Gravel Conf 2022');
    const facts: Fact[] = [];
    for (let i = 1; i <= talks; i++) {
      facts.push(
        ...talkFacts({
          title: `Session ${i}`,
          event,
          position: i,
          speakers: [n('speaker', `Speaker Number ${i}`)],
          // Talks 7 and 50 use the word most; every other talk once.
          abstract:
            i === 7 || i === 50
              ? 'Compaction, compaction and more compaction: the compaction story.'
              : `Notes on compaction, part ${i}.`,
        }),
      );
    }
    await writeFacts(store, 'search/many.txt', facts);
  }, 60_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('answers a full page, the talks that use the word most first', async () => {
    const found = await search(store.db, store.predicates, 'compaction', { first: 10 });
    expect(found).toHaveLength(10);
    expect(
      found
        .slice(0, 2)
        .map((h) => h.label)
        .sort(),
    ).toEqual(['Session 50', 'Session 7']);
    expect(found[0]?.score).toBeGreaterThan(found[2]?.score as number);
    const scores = found.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(found.every((h) => h.kind === 'talk' && h.snippet?.includes('<b>compaction</b>'))).toBe(true);
  });

  it('answers pages of up to 100', async () => {
    const found = await search(store.db, store.predicates, 'compaction', { first: 100 });
    expect(found).toHaveLength(100);
    expect(new Set(found.map((h) => h.id)).size).toBe(100);
  });
});

describe.runIf(backends.includes('postgres'))('search on PGlite and on the Postgres server', () => {
  const stores: { store: Store; dispose: () => Promise<void> }[] = [];
  beforeAll(async () => {
    for (const backend of ['pglite', 'postgres'] as const) {
      const created = await createTestStore(backend);
      await writeFacts(created.store, 'search/graph.txt', searchGraph({ withAlias: true }));
      stores.push(created);
    }
  }, 60_000);
  afterAll(async () => {
    for (const { dispose } of stores) await dispose();
  });

  it('gives the same answers', async () => {
    const questions: [string, { kinds?: string[]; first: number }][] = [
      ['ingrd solberg', { first: 10 }],
      ['eleonore dufrene', { first: 10 }],
      ['kestrel', { first: 10 }],
      ['kestrel', { kinds: ['talk', 'speaker'], first: 10 }],
      ['stream', { first: 100 }],
      ['stream', { kinds: ['topic'], first: 5 }],
      ['checkpoint barriers', { first: 10 }],
      ['late data windows', { first: 2 }],
      ['windos late', { first: 10 }],
      ['twrobel', { first: 10 }],
      ['"late events" -joins', { first: 10 }],
      ['data or joins', { first: 10 }],
    ];
    for (const [text, options] of questions) {
      const [embedded, server] = await Promise.all(
        stores.map(({ store }) => search(store.db, store.predicates, text, options)),
      );
      const shape = (found: typeof embedded) => found?.map(({ id: _id, ...hit }) => hit);
      expect(shape(server), text).toEqual(shape(embedded));
      expect(embedded?.length, text).toBeGreaterThan(0);
    }
  });
});

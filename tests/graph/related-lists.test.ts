// Related talks stored at ingest (docs/ranking.md, "Stored lists"): the stored lists are the live
// ranking's, kept so by each ingest run, also when documents arrive in another order, add talks that
// share evidence with older ones, or replace what an earlier version said.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  liveRelatedTalks,
  type RelatedTalk,
  refreshRelatedTalkLists,
  relatedTalksKept,
} from '../../src/graph/related-talks.js';
import type { Fact, FactNode } from '../../src/ingest/facts.js';
import { mergeNodes, splitNode } from '../../src/store/merge.js';
import { readRelatedTalkLists } from '../../src/store/related-talk-lists.js';
import { openStore, type Store } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { backends, createTestDatabase, createTestStore } from '../support/databases.js';
import { graphql, n, sampleGraphFacts, serve, talkFacts, writeFacts } from '../support/graph.js';

/**
 * `count` documents of 10 talks, each document an event: speakers, topics and abstract words drawn
 * with a skew (a few common, a long tail), some speakers on several talks and in organizations, so
 * that every kind of evidence links talks across documents.
 */
const talksPerDocument = 10;

function corpus(count = 8): { name: string; facts: Fact[] }[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const skewed = <T>(list: readonly T[]) => list[Math.floor(list.length * random() ** 2)] as T;
  const speakers = Array.from({ length: 60 }, (_, i) => n('speaker', `Speaker ${i}`));
  const topicNodes = Array.from({ length: 40 }, (_, i) => n('topic', `subject ${i}`));
  const organizations = Array.from({ length: 8 }, (_, i) => n('organization', `Org ${i}`));
  const words = Array.from({ length: 80 }, (_, i) => `term${String.fromCharCode(97 + (i % 26))}${i}`);
  const documents: { name: string; facts: Fact[] }[] = [];
  for (let d = 0; d < count; d++) {
    const event = n('event', `Gathering ${d} 2024`);
    const facts: Fact[] = [];
    for (let i = 0; i < talksPerDocument; i++) {
      const people = [...new Set([skewed(speakers), ...(random() < 0.1 ? [skewed(speakers)] : [])])];
      const tags = [...new Set([skewed(topicNodes), skewed(topicNodes)])];
      const abstract = Array.from({ length: 6 + Math.floor(random() * 10) }, () => skewed(words)).join(' ');
      facts.push(
        ...talkFacts({
          title: `Session ${d}-${i} ${skewed(words)}`,
          event,
          position: i + 1,
          speakers: people,
          topics: tags.map((t): [FactNode, number] => [t, Math.round((0.5 + random() / 2) * 100) / 100]),
          abstract,
        }),
      );
      for (const person of people)
        if (random() < 0.3)
          facts.push({ subject: person, predicate: 'works_at', object: { node: skewed(organizations) } });
    }
    documents.push({ name: `gathering-${d}.txt`, facts });
  }
  return documents;
}

async function talkIds(store: Store): Promise<number[]> {
  const rows = await store.db.query<{ id: number }>(`select id from node where kind = 'talk' order by id`);
  return rows.map((row) => Number(row.id));
}

/** Every talk's stored list (null when it has none up to date) and its live ranking, the full kept length. */
async function storedAndLive(store: Store) {
  const ids = await talkIds(store);
  return store.db.transaction(async (tx) => {
    const stored = await readRelatedTalkLists(tx, ids, relatedTalksKept);
    const live = await liveRelatedTalks(tx, store.predicates, ids, relatedTalksKept);
    const rows = new Map<number, RelatedTalk[]>(ids.map((id) => [id, []]));
    for (const row of stored.rows) {
      const reasons = (typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons) as {
        kind: RelatedTalk['reasons'][number]['kind'];
        weight: number;
        via: number | null;
        terms: string[] | null;
      }[];
      rows.get(Number(row.source))?.push({
        talk: { id: Number(row.id), kind: row.kind, slug: row.slug, label: row.label },
        score: Number(row.score),
        reasons: reasons.map((r) => ({
          kind: r.kind,
          weight: Number(r.weight),
          via: r.via === null ? null : Number(r.via),
          terms: r.terms,
        })),
      });
    }
    return ids.map((id) => ({
      id,
      stored: stored.known.has(id) ? (rows.get(id) ?? []) : null,
      live: live.get(id) ?? [],
    }));
  });
}

/** The talks whose stored list is missing or differs from the live ranking in any talk, score or reason. */
async function differing(store: Store): Promise<number[]> {
  const all = await storedAndLive(store);
  const bad = all.filter((t) => !sameList(t.stored, t.live));
  if (bad[0] && process.env.DEBUG_LISTS) {
    const b = bad[0];
    const i = (b.stored ?? []).findIndex((s, k) => JSON.stringify(s) !== JSON.stringify(b.live[k]));
    console.log(
      JSON.stringify({ i, stored: b.stored?.[i], live: b.live[i], ls: b.stored?.length, ll: b.live.length }),
    );
  }
  return bad.map((t) => t.id);
}

/**
 * Same talks in the same order, with the same reasons. Scores and weights are compared to 1e-9:
 * a sum of text weights may be added up in another order when the ranking statement runs for a
 * different batch of talks, which changes its last bit.
 */
function sameList(stored: RelatedTalk[] | null, live: RelatedTalk[]): boolean {
  if (!stored || stored.length !== live.length) return false;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return stored.every((s, i) => {
    const l = live[i] as RelatedTalk;
    return (
      s.talk.id === l.talk.id &&
      s.talk.slug === l.talk.slug &&
      close(s.score, l.score) &&
      s.reasons.length === l.reasons.length &&
      s.reasons.every((r, k) => {
        const o = l.reasons[k];
        return o && r.kind === o.kind && r.via === o.via && close(r.weight, o.weight);
      })
    );
  });
}

const orders: [string, (docs: ReturnType<typeof corpus>) => ReturnType<typeof corpus>][] = [
  ['in order', (docs) => docs],
  ['reversed', (docs) => [...docs].reverse()],
  ['interleaved', (docs) => [...docs.filter((_, i) => i % 2 === 1), ...docs.filter((_, i) => i % 2 === 0)]],
];

describe.each(backends)('stored related-talk lists on %s', (backend) => {
  const disposers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const dispose of disposers) await dispose();
  });
  const freshStore = async () => {
    const { store, dispose } = await createTestStore(backend);
    disposers.push(dispose);
    return store;
  };

  it.each(orders)(
    'equal the live ranking after an ingest run of several documents (%s)',
    async (_, order) => {
      const store = await freshStore();
      for (const { name, facts } of order(corpus())) await writeFacts(store, name, facts);
      const result = await refreshRelatedTalkLists(store.db, store.predicates);
      expect(result.recomputed).toBe(8 * talksPerDocument);
      expect(await differing(store)).toEqual([]);
      // Every list is full where the graph allows: 80 talks, each linked to far more than a page.
      const lists = await storedAndLive(store);
      expect(lists.every((t) => t.stored && t.stored.length > 0)).toBe(true);
      // Nothing is left to do.
      expect(await refreshRelatedTalkLists(store.db, store.predicates)).toEqual({
        recomputed: 0,
        neighbours: 0,
      });
    },
    120_000,
  );

  it.each(orders.slice(0, 2))(
    'stay the live ranking, but for weights as the graph grows, with one ingest run per document (%s)',
    async (_, order) => {
      const store = await freshStore();
      // 110 talks in a first run, then one run per document of 10 talks (two, in either order): each
      // grows the graph by less than talkCountDrift, so only the lists the document changed are recomputed.
      const documents = corpus(13);
      for (const { name, facts } of documents.slice(0, 11)) await writeFacts(store, name, facts);
      await refreshRelatedTalkLists(store.db, store.predicates);
      for (const { name, facts } of order(documents.slice(11))) {
        await writeFacts(store, name, facts);
        // Marked by the write: the document's talks, and every list that names one of them.
        const marked = (
          await store.db.query<{ id: number }>('select talk_id as id from related_talk_list where state > 0')
        ).map((row) => Number(row.id));
        expect(marked.length).toBeGreaterThanOrEqual(talksPerDocument);
        const run = await refreshRelatedTalkLists(store.db, store.predicates);
        // Also lists computed when the graph was over 10% smaller than now (talkCountDrift).
        expect(run.recomputed).toBeGreaterThanOrEqual(marked.length);
        const lists = await storedAndLive(store);
        const exact = new Set(lists.filter((t) => sameList(t.stored, t.live)).map((t) => t.id));
        // What the run recomputed is exact; the other lists keep rarities and idfs from a graph up
        // to talkCountDrift smaller (docs/ranking.md): in this corpus, almost all are exact too.
        expect(marked.filter((id) => !exact.has(id))).toEqual([]);
        expect(exact.size).toBeGreaterThan(0.9 * lists.length);
      }
    },
    300_000,
  );

  it('a new talk that shares a rare topic enters the older talk’s list, and its list names the older talk', async () => {
    const store = await freshStore();
    const documents = corpus();
    for (const { name, facts } of documents) await writeFacts(store, name, facts);
    await refreshRelatedTalkLists(store.db, store.predicates);
    const rare = n('topic', 'tidal computing');
    const event = n('event', 'Late Gathering 2025');
    const older = talkFacts({
      title: 'Tides of Compute',
      event,
      position: 1,
      speakers: [n('speaker', 'Lone Voice')],
      topics: [[rare, 0.9]],
    });
    await writeFacts(store, 'older.txt', older);
    await refreshRelatedTalkLists(store.db, store.predicates);
    const [{ id: olderId }] = (await store.db.query<{ id: number }>(
      `select id from node where kind = 'talk' and label = 'Tides of Compute'`,
    )) as [{ id: number }];
    const listOf = async (id: number) => (await storedAndLive(store)).find((t) => t.id === id);

    await writeFacts(
      store,
      'newer.txt',
      talkFacts({
        title: 'Moon Tides',
        event: n('event', 'Later Gathering 2026'),
        position: 1,
        speakers: [n('speaker', 'Other Voice')],
        topics: [[rare, 0.8]],
      }),
    );
    // Written, not yet refreshed: the older talk's list is not marked (it names no talk the
    // document changed), so until the run's refresh it does not have the new talk yet.
    const before = await listOf(olderId);
    expect(before?.live[0]?.talk.label).toBe('Moon Tides');
    expect(before?.stored?.map((r) => r.talk.label)).not.toContain('Moon Tides');
    const refreshed = await refreshRelatedTalkLists(store.db, store.predicates);
    expect(refreshed.neighbours).toBeGreaterThan(0);
    const after = await listOf(olderId);
    expect(after?.stored?.[0]?.talk.label).toBe('Moon Tides');
    expect(after?.stored?.[0]?.reasons[0]?.kind).toBe('SHARED_TOPIC');
    expect(sameList(after?.stored ?? null, after?.live ?? [])).toBe(true);
  }, 120_000);

  it('re-ingesting a changed document recomputes its talks’ lists and the lists that name them', async () => {
    const store = await freshStore();
    const documents = corpus();
    for (const { name, facts } of documents) await writeFacts(store, name, facts);
    const shared = n('topic', 'shared rarity');
    const event = n('event', 'Revised Gathering 2025');
    const version = (second: boolean) => [
      ...talkFacts({
        title: 'First Revision Talk',
        event,
        position: 1,
        speakers: [n('speaker', 'Rev One')],
        topics: [[shared, 0.9]],
      }),
      ...talkFacts({
        title: 'Second Revision Talk',
        event,
        position: 2,
        speakers: [n('speaker', 'Rev Two')],
        topics: second ? [] : [[shared, 0.9]],
        abstract: second ? 'termb1 termc2 termd3 terme4 termf5 termg6' : undefined,
      }),
      // Dropped from the second version: its talk disappears from the graph.
      ...(second
        ? []
        : talkFacts({
            title: 'Withdrawn Talk',
            event,
            position: 3,
            speakers: [n('speaker', 'Rev Three')],
            topics: [[shared, 0.9]],
          })),
    ];
    await writeFacts(store, 'revised.txt', version(false));
    await refreshRelatedTalkLists(store.db, store.predicates);
    const first = async () => (await storedAndLive(store)).find((t) => t.id === firstId);
    const [{ id: firstId }] = (await store.db.query<{ id: number }>(
      `select id from node where kind = 'talk' and label = 'First Revision Talk'`,
    )) as [{ id: number }];
    const labels = (list: RelatedTalk[] | null | undefined) =>
      (list ?? []).slice(0, 2).map((r) => r.talk.label);
    expect(labels((await first())?.stored)).toEqual(['Second Revision Talk', 'Withdrawn Talk']);

    // The same name, new content (writeFacts derives the hash from the name: another name's hash).
    await store.db.transaction(async (tx) => {
      const { writeDocument } = await import('../../src/store/write-document.js');
      await writeDocument(
        tx,
        store.predicates,
        { name: 'revised.txt', sha256: 'b'.repeat(64), format: 'listing', bytes: 100 },
        version(true),
      );
    });
    const marked = (
      await store.db.query<{ id: number }>('select talk_id as id from related_talk_list where state > 0')
    ).map((row) => Number(row.id));
    expect(marked).toContain(firstId);
    const result = await refreshRelatedTalkLists(store.db, store.predicates);
    expect(result.recomputed).toBe(marked.length);
    const after = await first();
    expect(labels(after?.stored)).not.toContain('Withdrawn Talk');
    const second = after?.stored?.find((r) => r.talk.label === 'Second Revision Talk');
    expect(second?.reasons.map((r) => r.kind)).not.toContain('SHARED_TOPIC');
    // Every list the new version marked is the live ranking again. (The others keep rarities from
    // a graph with one more talk: docs/ranking.md.)
    const wrong = await differing(store);
    expect(marked.filter((id) => wrong.includes(id))).toEqual([]);
  }, 120_000);

  it('a database from before stored lists answers from the live ranking, the same answers, until refresh-related fills them', async () => {
    const store = await freshStore();
    await writeFacts(store, 'graph.txt', sampleGraphFacts());
    for (const { name, facts } of corpus().slice(0, 3)) await writeFacts(store, name, facts);
    // What migration 0021 leaves: an empty table.
    await store.db.query('delete from related_talk_list');
    const server = await serve(store);
    try {
      const ids = await talkIds(store);
      const query = (id: number) =>
        `{ talk(id: "${Buffer.from(`Talk:${id}`).toString('base64url')}") { relatedTalks(first: 10) { score talk { title } reasons { kind weight } } } }`;
      const answer = async (id: number) => {
        let statements = 0;
        const stop = store.db.onStatement(() => {
          statements++;
        });
        try {
          const { data, errors } = await graphql(server, query(id));
          expect(errors).toBeUndefined();
          // Scores to 9 decimals: a sum's last bit follows how many talks one statement ranked.
          return {
            data: JSON.stringify(data, (_, v) => (typeof v === 'number' ? v.toFixed(9) : v)),
            statements,
          };
        } finally {
          stop();
        }
      };
      const sample = ids.filter((_, i) => i % 7 === 0);
      const before = new Map<number, unknown>();
      for (const id of sample) {
        const { data, statements } = await answer(id);
        before.set(id, data);
        // The compiled statement, which finds no stored list and leaves the talk to the resolvers;
        // then the talk, the (missing) stored list, the live ranking.
        expect(statements).toBe(4);
      }
      // An ingest run recomputes only what it changed: lists that were never stored stay missing.
      expect(await refreshRelatedTalkLists(store.db, store.predicates)).toEqual({
        recomputed: 0,
        neighbours: 0,
      });
      // `talkgraph refresh-related` computes them.
      const filled = await refreshRelatedTalkLists(store.db, store.predicates, { missing: true });
      expect(filled.recomputed).toBe(ids.length);
      expect(await differing(store)).toEqual([]);
      for (const id of sample) {
        const { data, statements } = await answer(id);
        expect(data).toEqual(before.get(id));
        // One compiled statement: the talk and its stored list, joined to the related talks' nodes.
        expect(statements).toBe(1);
      }
      // A talk that a new document tells more about is ranked live again until the next refresh.
      const [last] = sample.slice(-1) as [number];
      const [talk] = (await store.db.query<{ kind: string; slug: string; label: string }>(
        'select kind, slug, label from node where id = $1',
        [last],
      )) as [{ kind: string; slug: string; label: string }];
      await writeFacts(store, 'addendum.txt', [
        { subject: talk, predicate: 'abstract', object: { value: 'terma0 termb1 termc2 termd3' } },
      ]);
      expect((await answer(last)).statements).toBe(4);
      await refreshRelatedTalkLists(store.db, store.predicates);
      expect((await answer(last)).statements).toBe(1);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it.each(['speaker', 'topic'])(
    'a merge of two %ss, and its split, leave every list the live ranking after a refresh',
    async (kind) => {
      const store = await freshStore();
      for (const { name, facts } of corpus(4)) await writeFacts(store, name, facts);
      await refreshRelatedTalkLists(store.db, store.predicates);
      // The two entities of the kind with the most talks: the merge changes the most pairs.
      const [into, from] = await store.db.query<{ id: number }>(
        `select n.id from node n join triple t on t.object_id = n.id where n.kind = $1
          group by n.id order by count(*) desc, n.id limit 2`,
        [kind],
      );
      await store.db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `insert into change (actor, operation) values ('test', 'mergeEntities') returning id`,
        );
        await mergeNodes(tx, store.predicates, Number(row?.id), Number(into?.id), [Number(from?.id)]);
      });
      // Only the lists of talks that point at the survivor were marked, none that merely name one.
      const marked = await store.db.query<{ id: number }>(
        'select talk_id as id from related_talk_list where state > 0',
      );
      const pointing = await store.db.query<{ id: number }>(
        'select distinct subject_id as id from triple where object_id = $1',
        [into?.id],
      );
      expect(marked.map((r) => Number(r.id)).sort()).toEqual(pointing.map((r) => Number(r.id)).sort());
      await refreshRelatedTalkLists(store.db, store.predicates);
      expect(await differing(store)).toEqual([]);
      await store.db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `insert into change (actor, operation) values ('test', 'splitEntity') returning id`,
        );
        await splitNode(tx, store.predicates, Number(row?.id), Number(from?.id));
      });
      await refreshRelatedTalkLists(store.db, store.predicates);
      expect(await differing(store)).toEqual([]);
    },
    120_000,
  );

  it('the API’s pages are the first entries of the stored list, reasons and all', async () => {
    const store = await freshStore();
    await writeFacts(store, 'graph.txt', sampleGraphFacts());
    for (const { name, facts } of corpus().slice(0, 2)) await writeFacts(store, name, facts);
    await refreshRelatedTalkLists(store.db, store.predicates);
    const server = await serve(store);
    try {
      const lists = await storedAndLive(store);
      for (const { id, stored } of lists.filter((_, i) => i % 5 === 0)) {
        for (const first of [1, 5, 100]) {
          const { data, errors } = await graphql(
            server,
            `query($id: ID!, $first: Int) { talk(id: $id) { relatedTalks(first: $first) {
               score talk { slug } reasons { kind weight terms via { id } } } } }`,
            { id: Buffer.from(`Talk:${id}`).toString('base64url'), first },
          );
          expect(errors).toBeUndefined();
          const got = (
            data as {
              talk: {
                relatedTalks: {
                  score: number;
                  talk: { slug: string };
                  reasons: { terms: string[] | null }[];
                }[];
              };
            }
          ).talk.relatedTalks;
          expect(got.map((r) => [r.talk.slug, r.score])).toEqual(
            (stored ?? []).slice(0, first).map((r) => [r.talk.slug, r.score]),
          );
          // A text reason's shared words come from the stored list too.
          expect(got.map((r) => r.reasons.map((x) => x.terms))).toEqual(
            (stored ?? []).slice(0, first).map((r) => r.reasons.map((x) => x.terms)),
          );
        }
      }
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe.each(backends)('talkgraph ingest keeps the stored lists on %s', (backend) => {
  const folder = mkdtempSync(join(os.tmpdir(), 'talkgraph-related-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('after each run, every list equals the live ranking, and replacing a document updates them', async () => {
    const db = await createTestDatabase(backend, backend === 'pglite' ? { folder: join(folder, 'db') } : {});
    const samples = join(folder, 'samples');
    cpSync(new URL('../../data/samples/', import.meta.url), samples, { recursive: true });
    const files = readdirSync(samples).sort();
    try {
      const env = { env: { DATABASE_URL: db.url } };
      // Two runs: half the samples, then the rest.
      for (const part of [files.slice(0, 2), files.slice(2)]) {
        const run = await runCli(['ingest', ...part.map((f) => join(samples, f))], env);
        expect(run.stderr).not.toMatch(/talkgraph: /);
        expect(run.code).toBe(0);
        await expectListsLive(db.target);
      }
      // A document replaced: its first talk's title changes.
      const changed = join(samples, files[0] as string);
      const text = readFileSync(changed, 'utf8');
      writeFileSync(changed, text.replace(/\b(\w{5,})\b/, 'Rewritten'));
      expect((await runCli(['ingest', changed], env)).code).toBe(0);
      await expectListsLive(db.target);
      const refresh = await runCli(['refresh-related'], env);
      expect(refresh.stdout).toMatch(/related talks: 0 lists computed/);
    } finally {
      await db.drop();
    }
  }, 240_000);
});

async function expectListsLive(target: Parameters<typeof openStore>[0]): Promise<void> {
  const store = await openStore(target);
  try {
    expect(await differing(store)).toEqual([]);
  } finally {
    await store.close();
  }
}

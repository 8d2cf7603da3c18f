import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relatedTalksKept, relatedTalksStatement } from '../../src/graph/related-talks.js';
import type { Fact } from '../../src/ingest/facts.js';
import type { RunningServer } from '../../src/server/main.js';
import { saveRelatedTalkLists } from '../../src/store/related-talk-lists.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { graphql, graphqlThroughResolvers, n, serve, talkFacts, writeFacts } from '../support/graph.js';

// The hot path of the API issue: a five-level traversal whose result grows with the graph.
const traversal = `{
  speakers(first: 20) { nodes { name talks { nodes { title topics { topic { name
    talks(first: 10) { nodes { title speakers { name } } } } } } } } }
}`;

/** A deterministic graph: `talks` talks over 40 events, skewed speakers and topics, some pairs. */
function syntheticGraph(talks: number): Fact[][] {
  const documents: Fact[][] = [];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const skewed = (size: number) => Math.floor(size * random() ** 2); // small indexes are common
  const speakers = Array.from({ length: Math.max(20, talks / 4) }, (_, i) => n('speaker', `Speaker ${i}`));
  const topics = Array.from({ length: 300 }, (_, i) => n('topic', `topic ${i}`));
  const perDocument = Math.max(1, Math.floor(talks / 40));
  for (let d = 0; d * perDocument < talks; d++) {
    const event = n('event', `Event ${d}`);
    const facts: Fact[] = [];
    for (let i = 0; i < perDocument && d * perDocument + i < talks; i++) {
      const people = [speakers[skewed(speakers.length)]];
      if (random() < 0.05) people.push(speakers[skewed(speakers.length)]);
      const tags = [...new Set([skewed(topics.length), skewed(topics.length), skewed(topics.length)])];
      facts.push(
        ...talkFacts({
          title: `Talk ${d}-${i}`,
          event,
          position: i + 1,
          speakers: [...new Set(people)] as NonNullable<(typeof people)[number]>[],
          topics: tags.map((t) => [topics[t] as NonNullable<(typeof topics)[number]>, 0.5 + random() / 2]),
        }),
      );
    }
    documents.push(facts);
  }
  return documents;
}

describe.each(backends)('SQL statements per operation on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    server = await serve(store);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  /** Statements for one operation, through the server or through the resolvers alone (yoga). */
  async function statementsFor(query: string, via: 'server' | 'resolvers' = 'server'): Promise<number> {
    let count = 0;
    const stop = store.db.onStatement(() => {
      count++;
    });
    try {
      const { errors, data } =
        via === 'server' ? await graphql(server, query) : await graphqlThroughResolvers(store, query);
      expect(errors?.[0]?.message).toBeUndefined();
      expect(Object.values(data as object).every(Boolean)).toBe(true);
    } finally {
      stop();
    }
    return count;
  }

  it('are bounded by the shape of the query, not by the size of the graph', async () => {
    const documents = syntheticGraph(10_000);
    await writeFacts(store, 'small.txt', (documents[0] ?? []).slice(0, 60));
    const small = await statementsFor(traversal);
    for (const [i, facts] of documents.entries()) await writeFacts(store, `synthetic-${i}.txt`, facts);
    const [{ talks }] = (await store.db.query<{ talks: number }>(
      `select count(*) as talks from node where kind = 'talk'`,
    )) as [{ talks: number }];
    expect(talks).toBe(10_000);
    const large = await statementsFor(traversal);
    // Whatever the size of the graph, one statement per list level: the speakers, their talks (with
    // the talks' topics, read ahead in the same statement), each topic's talks (with their speakers).
    // A small graph may need fewer, since a node already read in the request is not read again.
    expect(large).toBeLessThanOrEqual(3);
    expect(small).toBeLessThanOrEqual(large);
    // A talk's detail: compiled into one statement (src/api/sql-compiler.ts); through the resolvers,
    // the talk with its event, speakers and topics in one statement, the event's year in a second.
    const [{ id }] = (await store.db.query<{ id: number }>(
      `select id from node where kind = 'talk' order by id desc limit 1`,
    )) as [{ id: number }];
    const talk = Buffer.from(`Talk:${id}`).toString('base64url');
    const detail = `{ talk(id: "${talk}") { title abstract event { name year }
        speakers { name } topics { confidence topic { name } } } }`;
    expect(await statementsFor(detail)).toBe(1);
    expect(await statementsFor(detail, 'resolvers')).toBe(2);
    // A topic with its 50 most confident talks and their speakers: the topic and the page in one
    // statement, the speakers read ahead in it.
    const [{ topic }] = (await store.db.query<{ topic: number }>(
      `select object_id as topic from triple where predicate_id = (select id from predicate where name = 'has_topic')
        group by object_id order by count(*) desc limit 1`,
    )) as [{ topic: number }];
    const topicId = Buffer.from(`Topic:${topic}`).toString('base64url');
    const topicPage = `{ topic(id: "${topicId}") { name talks(first: 50) { nodes { title speakers { name } } } } }`;
    expect(await statementsFor(topicPage)).toBe(1);
    expect(await statementsFor(topicPage, 'resolvers')).toBe(1);
    // From one speaker down five levels: one statement compiled, one per list level otherwise.
    const [{ speaker }] = (await store.db.query<{ speaker: number }>(
      `select id as speaker from node where kind = 'speaker' order by id limit 1`,
    )) as [{ speaker: number }];
    const fromSpeaker = `{ speaker(id: "${Buffer.from(`Speaker:${speaker}`).toString('base64url')}") { name
      talks { nodes { title topics { topic { name talks(first: 10) { nodes { title speakers { name } } } } } } } } }`;
    expect(await statementsFor(fromSpeaker)).toBe(1);
    expect(await statementsFor(fromSpeaker, 'resolvers')).toBeLessThanOrEqual(3);
    // The root list at the top of the same traversal is compiled too: one statement.
    expect(await statementsFor(traversal)).toBe(1);
    // A talk's related talks (Q4), its stored list read in the same statement (stored here for
    // this talk alone; an ingest run stores every talk's).
    await store.db.transaction((tx) =>
      saveRelatedTalkLists(tx, relatedTalksStatement(store.predicates), [id], relatedTalksKept),
    );
    const related = `{ talk(id: "${talk}") { relatedTalks(first: 10) { score talk { title } reasons { kind weight } } } }`;
    expect(await statementsFor(related)).toBe(1);
    // Search (Q5): one statement through its resolver.
    expect(await statementsFor('{ search(text: "topic", first: 10) { score entity { label } } }')).toBe(1);
  }, 300_000);
});

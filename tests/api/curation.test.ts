// Curation through the API (docs/curation.md): merges and splits, retractions, curated facts and
// labels, topic tags, the audit trail; every bad input a userError with nothing written; and
// corrections that outlive the next ingest of the documents they correct.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import type { Fact } from '../../src/store/facts.js';
import type { Store } from '../../src/store/store.js';
import { createToken } from '../../src/store/tokens.js';
import { writeDocument } from '../../src/store/write-document.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';
import {
  events,
  graphql,
  graphqlThroughResolvers,
  n,
  people,
  sampleGraphFacts,
  serve,
  talkFacts,
  topics,
  writeFacts,
} from '../support/graph.js';

/** A second spelling of Zoë Núñez, as another document writes her name. */
const zNunez = n('speaker', 'Z. Núñez');
const beginners = talkFacts({
  title: 'Consensus for Beginners',
  event: events.meetup,
  position: 3,
  speakers: [zNunez],
  topics: [[topics.consensus, 0.8]],
});

/** Writes (or replaces, when `version` changes) a document, the way ingest does. */
async function ingest(store: Store, name: string, facts: Fact[], version = 1) {
  const sha256 = createHash('sha256').update(`${name}@${version}`).digest('hex');
  return store.db.transaction((tx) =>
    writeDocument(tx, store.predicates, { name, sha256, format: 'listing', bytes: 100 }, facts),
  );
}

describe.each(backends)('curation on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let curator: Record<string, string>;
  let admin: Record<string, string>;
  const gql = (query: string, variables?: Record<string, unknown>, headers = curator) =>
    graphql(server, query, variables, headers);
  const count = async (table: string) =>
    Number((await store.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n);
  const idOf = async (kind: string, slug: string) => {
    const [row] = await store.db.query<{ id: number }>('select id from node where kind = $1 and slug = $2', [
      kind,
      slug,
    ]);
    const typename = {
      speaker: 'Speaker',
      talk: 'Talk',
      topic: 'Topic',
      event: 'Event',
      organization: 'Organization',
    }[kind] as string;
    return row ? Buffer.from(`${typename}:${row.id}`).toString('base64url') : null;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });
  beforeEach(async () => {
    await resetGraph(store.db);
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    await ingest(store, 'meetup-extra.txt', beginners);
    curator = { authorization: `Bearer ${(await createToken(store.db, 'curator', 'curate')).secret}` };
    admin = { authorization: `Bearer ${(await createToken(store.db, 'admin', 'admin')).secret}` };
  });

  const merge = `mutation ($into: ID!, $from: [ID!]!, $note: String) {
    mergeEntities(input: { into: $into, from: $from, note: $note }) {
      entity { id label aliases } userErrors { field message code } } }`;
  const talksOf = `query ($id: ID!) { node(id: $id) { id ... on Speaker { name talks { nodes { title } } }
    ... on Entity { aliases mergedFrom { id label mergedInto { id label } } } } }`;

  it('merges two spellings of a speaker: facts, aliases and the old id all lead to the survivor', async () => {
    const zoe = (await idOf('speaker', 'zoe-nunez')) as string;
    const old = (await idOf('speaker', 'z-nunez')) as string;
    const { data } = await gql(merge, { into: zoe, from: [old], note: 'same person' });
    expect(data.mergeEntities.userErrors).toEqual([]);
    expect(data.mergeEntities.entity).toMatchObject({ id: zoe, label: 'Zoë Núñez' });
    expect(data.mergeEntities.entity.aliases).toContain('Z. Núñez');

    // node(id: old) answers the survivor, with the merge visible, compiled and through resolvers alike.
    for (const query of [talksOf, talksOf.replace('aliases', 'aliases __typename')]) {
      const { data: read } = await gql(query, { id: old });
      expect(read.node.id).toBe(zoe);
      expect(read.node.talks.nodes.map((t: { title: string }) => t.title)).toContain(
        'Consensus for Beginners',
      );
      expect(read.node.mergedFrom).toEqual([
        { id: old, label: 'Z. Núñez', mergedInto: { id: zoe, label: 'Zoë Núñez' } },
      ]);
    }
    const { data: bySlug } = await gql(
      `{ speaker(slug: "z-nunez") { id } old: speaker(id: "${old}") { id } }`,
    );
    expect(bySlug).toEqual({ speaker: { id: zoe }, old: { id: zoe } });
    // A filter by the merged id is a filter by the survivor, compiled and through the resolvers alike.
    const filtered = `query ($id: ID!) { talks(first: 10, filter: { speaker: $id }) { totalCount } }`;
    const bySurvivor = (await gql(filtered, { id: zoe })).data.talks.totalCount;
    expect(bySurvivor).toBe(4);
    expect((await gql(filtered, { id: old })).data.talks.totalCount).toBe(bySurvivor);
    expect((await graphqlThroughResolvers(store, filtered, { id: old })).data.talks.totalCount).toBe(
      bySurvivor,
    );
    const { data: list } = await gql('{ speakers(first: 20) { totalCount nodes { name } } }');
    expect(list.speakers.nodes.map((s: { name: string }) => s.name)).not.toContain('Z. Núñez');
    // Merging into the id that went is refused, and the answer says so of `into`.
    const ravi = (await idOf('speaker', 'ravi-iyer')) as string;
    const intoGone = (await gql(merge, { into: old, from: [ravi] })).data.mergeEntities.userErrors;
    expect(intoGone).toEqual([
      {
        field: ['input', 'into'],
        message: '"Z. Núñez" was merged into "Zoë Núñez" already',
        code: 'BAD_USER_INPUT',
      },
    ]);

    // A new version of the document that spelled her so adds to the survivor; no duplicate comes back.
    await ingest(
      store,
      'meetup-extra.txt',
      [
        ...beginners,
        ...talkFacts({ title: 'Quorum Reads', event: events.meetup, position: 4, speakers: [zNunez] }),
      ],
      2,
    );
    expect(await idOf('speaker', 'z-nunez')).toBeNull();
    const { data: after } = await gql(talksOf, { id: zoe });
    expect(after.node.talks.nodes.map((t: { title: string }) => t.title)).toEqual(
      expect.arrayContaining(['Consensus for Beginners', 'Quorum Reads', 'Raft, Revisited']),
    );
  });

  it('splits a merge back: the entity returns with its id and its facts, the alias goes', async () => {
    const zoe = (await idOf('speaker', 'zoe-nunez')) as string;
    const old = (await idOf('speaker', 'z-nunez')) as string;
    const before = await gql(talksOf, { id: zoe });
    await gql(merge, { into: zoe, from: [old] });
    const { data } = await gql(
      `mutation ($id: ID!) { splitEntity(input: { id: $id }) { entity { id label } from { id } userErrors { message } } }`,
      { id: old },
    );
    expect(data.splitEntity).toEqual({
      entity: { id: old, label: 'Z. Núñez' },
      from: { id: zoe },
      userErrors: [],
    });
    const { data: restored } = await gql(talksOf, { id: old });
    expect(restored.node).toMatchObject({
      id: old,
      name: 'Z. Núñez',
      talks: { nodes: [{ title: 'Consensus for Beginners' }] },
    });
    const { data: survivor } = await gql(talksOf, { id: zoe });
    expect(survivor.node).toEqual(before.data.node);
    // Splitting twice is a userError, not a second split.
    const again = await gql(
      `mutation ($id: ID!) { splitEntity(input: { id: $id }) { userErrors { field code } } }`,
      {
        id: old,
      },
    );
    expect(again.data.splitEntity.userErrors).toEqual([{ field: ['input', 'id'], code: 'BAD_USER_INPUT' }]);
  });

  it('keeps a retracted fact out when its document is ingested again, and a curated fact when its document goes', async () => {
    const talk = (await idOf('talk', 'consensus-for-beginners-river-meetup-2023')) as string;
    const consensus = (await idOf('topic', 'consensus')) as string;
    const retract = await gql(
      `mutation ($s: ID!, $o: ID!) { retractFact(input: { subject: $s, predicate: "has_topic", object: $o, note: "off topic" }) {
        removed userErrors { message } } }`,
      { s: talk, o: consensus },
    );
    expect(retract.data.retractFact).toEqual({ removed: true, userErrors: [] });
    await ingest(
      store,
      'meetup-extra.txt',
      [...beginners, { subject: zNunez, predicate: 'handle', object: { value: 'zn' } }],
      2,
    );
    const topicsOf = `query ($id: ID!) { node(id: $id) { ... on Talk { topics { topic { name } } } } }`;
    expect((await gql(topicsOf, { id: talk })).data.node.topics).toEqual([]);

    // A fact a curator asserts, which the document also states, stays when the document is removed.
    const mia = (await idOf('speaker', 'mia-chen')) as string;
    const acme = (await idOf('organization', 'acme-cloud')) as string;
    const asserted = await gql(
      `mutation ($s: ID!, $o: ID!) { assertFact(input: { subject: $s, predicate: "works_at", object: $o, qualifier: "SRE", note: "her profile" }) {
         triple { qualifier sources { kind document { name } curation { actor operation note } } } userErrors { message } } }`,
      { s: mia, o: acme },
    );
    expect(asserted.data.assertFact.userErrors).toEqual([]);
    expect(asserted.data.assertFact.triple.sources).toEqual([
      {
        kind: 'curation',
        document: null,
        curation: { actor: 'curator', operation: 'assertFact', note: 'her profile' },
      },
    ]);
    await ingest(store, 'profiles.txt', [
      { subject: people.mia, predicate: 'works_at', object: { node: n('organization', 'Acme Cloud') } },
    ]);
    await store.db.transaction(async (tx) => {
      const { removeDocument } = await import('../../src/store/documents.js');
      await removeDocument(tx, 'profiles.txt');
    });
    const { data } = await gql(
      `query ($id: ID!) { node(id: $id) { ... on Speaker { affiliations { organization { name } role } } } }`,
      {
        id: mia,
      },
    );
    expect(data.node.affiliations).toEqual([{ organization: { name: 'Acme Cloud' }, role: 'SRE' }]);
  });

  it('keeps a chosen label and removed topic tags across re-ingests', async () => {
    const talkFact = (title: string, version: number) =>
      ingest(
        store,
        'export.json',
        [
          { subject: n('talk', title), predicate: 'presented_at', object: { node: events.summit } },
          { subject: n('talk', title), predicate: 'identifier', object: { value: 'session-42' } },
          { subject: n('talk', title), predicate: 'has_topic', object: { node: topics.wasm } },
        ],
        version,
      );
    await talkFact('Edge Functions', 1);
    const talk = (await idOf('talk', 'edge-functions')) as string;
    const renamed = await gql(
      `mutation ($id: ID!) { renameEntity(input: { entity: $id, label: "Edge Functions in Practice" }) { entity { label aliases } userErrors { message } } }`,
      { id: talk },
    );
    expect(renamed.data.renameEntity).toEqual({
      entity: { label: 'Edge Functions in Practice', aliases: ['Edge Functions'] },
      userErrors: [],
    });
    const tags = await gql(
      `mutation ($id: ID!) { setTopicTags(input: { talk: $id, add: ["Serverless"], remove: ["WebAssembly"] }) {
        talk { topics { topic { name } } } userErrors { message } } }`,
      { id: talk },
    );
    expect(tags.data.setTopicTags).toEqual({
      talk: { topics: [{ topic: { name: 'Serverless' } }] },
      userErrors: [],
    });
    // The export renames the session (same tool id) and still tags it WebAssembly.
    await talkFact('Edge Functions, Revised', 2);
    const { data } = await gql(
      `query ($id: ID!) { node(id: $id) { ... on Talk { title topics { topic { name } } } } }`,
      {
        id: talk,
      },
    );
    expect(data.node).toEqual({
      title: 'Edge Functions in Practice',
      topics: [{ topic: { name: 'Serverless' } }],
    });
  });

  it('answers every bad input with a userError and writes nothing', async () => {
    const zoe = (await idOf('speaker', 'zoe-nunez')) as string;
    const talk = (await idOf('talk', 'consensus-for-beginners-river-meetup-2023')) as string;
    const event = (await idOf('event', 'lakeside-summit-2021')) as string;
    const gone = Buffer.from('Speaker:999999').toString('base64url');
    const cases: [string, Record<string, unknown>, string[], string][] = [
      [merge, { into: zoe, from: ['nonsense'] }, ['input', 'from', '0'], 'BAD_USER_INPUT'],
      [merge, { into: zoe, from: [zoe] }, ['input', 'from'], 'BAD_USER_INPUT'],
      [merge, { into: zoe, from: [] }, ['input', 'from'], 'BAD_USER_INPUT'],
      [merge, { into: zoe, from: [talk] }, ['input', 'from'], 'BAD_USER_INPUT'],
      [merge, { into: zoe, from: [gone] }, ['input', 'from'], 'NOT_FOUND'],
      [merge, { into: gone, from: [zoe] }, ['input', 'into'], 'NOT_FOUND'],
      [
        `mutation ($id: ID!) { addAlias(input: { entity: $id, alias: "   " }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'alias'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { addAlias(input: { entity: $id, alias: "Zed" }) { userErrors { field message code } } }`,
        { id: gone },
        ['input', 'entity'],
        'NOT_FOUND',
      ],
      [
        `mutation ($id: ID!) { renameEntity(input: { entity: $id, label: "" }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'label'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { assertFact(input: { subject: $id, predicate: "likes", value: "tea" }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'predicate'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { assertFact(input: { subject: $id, predicate: "year", value: "last year" }) { userErrors { field message code } } }`,
        { id: event },
        ['input', 'value'],
        'BAD_USER_INPUT',
      ],
      // Values of the right form that mean nothing: no such day, hour, offset, year or safe link.
      ...(
        [
          [event, 'start_date', '2024-02-30'],
          [talk, 'starts_at', '2024-06-22T25:00'],
          [talk, 'starts_at', '2024-06-22T09:30:00+15:00'],
          [event, 'year', '-5'],
          [zoe, 'url', 'javascript:alert(1)'],
          [zoe, 'url', '/speakers/zoe'],
        ] as [string, string, string][]
      ).map(([id, predicate, value]): [string, Record<string, unknown>, string[], string] => [
        `mutation ($id: ID!) { assertFact(input: { subject: $id, predicate: "${predicate}", value: "${value}" }) { userErrors { field message code } } }`,
        { id },
        ['input', 'value'],
        'BAD_USER_INPUT',
      ]),
      [
        `mutation ($id: ID!) { assertFact(input: { subject: $id, predicate: "year", value: "2020" }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'value'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($s: ID!, $o: ID!) { assertFact(input: { subject: $s, predicate: "has_speaker", object: $o, value: "x" }) { userErrors { field message code } } }`,
        { s: talk, o: zoe },
        ['input'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($s: ID!, $o: ID!) { assertFact(input: { subject: $s, predicate: "has_speaker", object: $o }) { userErrors { field message code } } }`,
        { s: talk, o: event },
        ['input', 'object'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { setTopicTags(input: { talk: $id, add: ["Raft"] }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'talk'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { setTopicTags(input: { talk: $id, add: ["Raft"], remove: ["raft"] }) { userErrors { field message code } } }`,
        { id: talk },
        ['input', 'remove'],
        'BAD_USER_INPUT',
      ],
      [
        `mutation ($id: ID!) { splitEntity(input: { id: $id }) { userErrors { field message code } } }`,
        { id: zoe },
        ['input', 'id'],
        'BAD_USER_INPUT',
      ],
    ];
    const tables = [
      'node',
      'triple',
      'triple_source',
      'triple_curation',
      'retraction',
      'merged_entity',
      'change',
    ];
    const before = await Promise.all(tables.map(count));
    for (const [query, variables, field, code] of cases) {
      const { data, errors } = await gql(query, variables);
      expect(errors, query).toBeUndefined();
      const [payload] = Object.values(data) as {
        userErrors: { field: string[]; code: string; message: string }[];
      }[];
      expect(payload?.userErrors, JSON.stringify(variables)).toEqual([
        expect.objectContaining({ field, code }),
      ]);
      expect(payload?.userErrors[0]?.message.length).toBeGreaterThan(10);
    }
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('records every change for admins: who, what, which entities, before and after', async () => {
    const zoe = (await idOf('speaker', 'zoe-nunez')) as string;
    const old = (await idOf('speaker', 'z-nunez')) as string;
    await gql(merge, { into: zoe, from: [old], note: 'same person' });
    await gql(
      `mutation ($id: ID!) { addAlias(input: { entity: $id, alias: "ZN" }) { userErrors { message } } }`,
      { id: zoe },
    );
    const changes = `query ($e: ID) { changes(first: 5, entity: $e) { totalCount nodes { actor operation note entityIds before after } } }`;
    const { data } = await gql(changes, { e: zoe }, admin);
    expect(data.changes.totalCount).toBe(2);
    expect(data.changes.nodes.map((c: { operation: string }) => c.operation)).toEqual([
      'addAlias',
      'mergeEntities',
    ]);
    const mergeChange = data.changes.nodes[1];
    expect(mergeChange).toMatchObject({ actor: 'curator', note: 'same person', entityIds: [zoe] });
    expect(mergeChange.before.merged[0].node.label).toBe('Z. Núñez');
    // Only admins read the trail.
    const forbidden = await gql(changes, { e: zoe });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(changes, { e: zoe }, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  // PGlite runs one transaction at a time; the server is where curators really race.
  if (backend === 'postgres')
    it('ends two curators merging the same entities at once with one consistent result', async () => {
      const zoe = (await idOf('speaker', 'zoe-nunez')) as string;
      const old = (await idOf('speaker', 'z-nunez')) as string;
      for (let round = 0; round < 3; round++) {
        const [a, b] = await Promise.all([
          gql(merge, { into: zoe, from: [old] }),
          gql(merge, { into: old, from: [zoe] }),
        ]);
        const results = [a.data.mergeEntities, b.data.mergeEntities];
        expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
        expect(results.filter((r) => r.userErrors.length === 1)).toHaveLength(1);
        const survivors = await store.db.query<{ slug: string }>(
          `select slug from node where kind = 'speaker' and slug in ('zoe-nunez', 'z-nunez')`,
        );
        expect(survivors).toHaveLength(1);
        expect(await count('merged_entity')).toBe(1);
        // The edge counts the triggers keep agree with the facts.
        const [drift] = await store.db.query<{ n: number }>(
          `select count(*)::int as n from (select object_id, predicate_id, count(*) as c from triple
           where object_id is not null group by 1, 2) t
           full join edge_count e using (object_id, predicate_id) where e.facts is distinct from t.c`,
        );
        expect(drift?.n).toBe(0);
        // Undo for the next round.
        const merged = (
          await store.db.query<{ id: number; kind: string }>('select id, kind from merged_entity')
        )[0];
        await gql(`mutation ($id: ID!) { splitEntity(input: { id: $id }) { userErrors { message } } }`, {
          id: Buffer.from(`Speaker:${merged?.id}`).toString('base64url'),
        });
        expect(await count('merged_entity')).toBe(0);
      }
    });
});

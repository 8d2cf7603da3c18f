// Compiled queries (src/api/sql-compiler.ts) must answer exactly what the resolvers answer: every
// field the compiler knows is run both ways here, and whatever it does not compile, or would answer
// with an error, must reach the resolvers and get their answer.
import { isAbstractType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCache } from '../../src/api/query-cache.js';
import { schema } from '../../src/api/schema.js';
import {
  type CompiledQueryCache,
  compiledFields,
  compiledQueries,
  type QueryRunner,
} from '../../src/api/sql-compiler.js';
import { TalkgraphError } from '../../src/errors.js';
import { refreshRelatedTalkLists } from '../../src/graph/related-talks.js';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  graphql,
  graphqlThroughResolvers,
  n,
  sampleGraphFacts,
  serve,
  talkFacts,
  writeFacts,
} from '../support/graph.js';

/** Every "Type.field" the queries select, through fragments and interfaces to the types below them. */
function selectedFields(queries: string): Set<string> {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    parse(queries),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        const types = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
        for (const type of types) found.add(`${type.name}.${node.name.value}`);
      },
    }),
  );
  return found;
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
const cursor = (rank: number) => Buffer.from(`r:${rank}`).toString('base64url');

const talkFields = `__typename id kind slug label title abstract abstractTruncated position
  format startsAt endsAt room track language url
  event { __typename id name year city venue startDate endDate url }
  speakers { __typename id name handle bio url }
  topics { __typename confidence evidence topic { __typename id name slug } }`;

describe.each(backends)('compiled queries on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let compiled: QueryRunner;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    // A talk whose abstract was cut short, at an event with a venue and a year that is not a number.
    const odd = n('event', 'Odd Conf');
    await writeFacts(store, 'samples/odd.txt', [
      { subject: odd, predicate: 'year', object: { value: '2020' } },
      { subject: odd, predicate: 'venue', object: { value: 'The “Old” Hall\nEast' } },
      { subject: odd, predicate: 'start_date', object: { value: '2020-05-04' } },
      { subject: odd, predicate: 'url', object: { value: 'https://odd.example/2020' } },
      {
        subject: n('speaker', 'Ana Li'),
        predicate: 'bio',
        object: { value: 'Writes “odd” things.\nTwice.' },
      },
      ...(
        [
          ['format', 'keynote'],
          ['starts_at', '2020-05-04T09:30:00+02:00'],
          ['ends_at', '2020-05-04T10:15:00+02:00'],
          ['room', 'Hall “B”'],
          ['track', 'Main'],
          ['language', 'pt-BR'],
        ] as const
      ).map(([predicate, value]) => ({
        subject: { kind: 'talk', slug: 'cut-short-odd-conf', label: 'Cut “Short”…' },
        predicate,
        object: { value },
      })),
      ...talkFacts({ title: 'Cut “Short”…', event: odd, position: 1, speakers: [n('speaker', 'Ana Li')] }),
      {
        subject: { kind: 'talk', slug: 'cut-short-odd-conf', label: 'Cut “Short”…' },
        predicate: 'abstract_truncated',
        object: { value: 'true' },
      },
      // A technology the talk mentions.
      {
        subject: { kind: 'talk', slug: 'cut-short-odd-conf', label: 'Cut “Short”…' },
        predicate: 'mentions',
        object: { node: n('technology', 'etcd') },
      },
      // A topic tag with its evidence (the has_topic triple's qualifier); the sample graph's have none.
      {
        subject: { kind: 'talk', slug: 'cut-short-odd-conf', label: 'Cut “Short”…' },
        predicate: 'has_topic',
        object: { node: n('topic', 'Brevity') },
        confidence: 0.7,
        qualifier: 'Short',
      },
    ]);
    // A year stored before literals were checked against their type: the compiled cast fails on it.
    await store.db.query(
      `update triple set object_value = 'twenty-twenty' where object_value = '2020'
          and predicate_id = (select id from predicate where name = 'year')`,
    );
    // Every talk's related talks, stored as an ingest run stores them.
    await refreshRelatedTalkLists(store.db, store.predicates, { missing: true });
    for (const row of await store.db.query<{ slug: string; id: number }>('select slug, id from node')) {
      ids[row.slug] = row.id;
    }
    server = await serve(store);
    compiled = compiledQueries(schema, store.db, store.predicates);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const id = (slug: string) => {
    const found = ids[slug];
    if (!found) throw new Error(`no node ${slug}`);
    return found;
  };

  const cases = (): Record<string, [string, Record<string, unknown>?]> => ({
    'a talk by id, every talk field': [
      `query($id: ID!) { talk(id: $id) { ${talkFields} } }`,
      { id: gid('Talk', id('rafting-through-consensus-lakeside-summit-2021')) },
    ],
    'a talk by slug, with a truncated abstract and an odd venue': [
      `{ talk(slug: "cut-short-odd-conf") { title abstract abstractTruncated position format startsAt endsAt room track language url
          speakers { name bio url }
          event { name city venue startDate endDate url speakers: __typename } topics { evidence confidence topic { name } } } }`,
    ],
    "a speaker's talks, paged": [
      `query($after: String) { speaker(slug: "zoe-nunez") { name handle
          first: talks(first: 2) { nodes { title } }
          rest: talks(first: 5, after: $after) { nodes { title speakers { name } } } } }`,
      { after: cursor(2) },
    ],
    'pages with cursors, page information and totals': [
      `query($after: String) { topic(slug: "consensus") {
          all: talks { totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
                       edges { __typename cursor node { title } } }
          firstTwo: talks(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
          rest: talks(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                                                 edges { cursor } nodes { title } }
          none: talks(first: 0) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } }
          beyond: talks(first: 5, after: "${cursor(10)}") { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { title } } }
        event(slug: "river-meetup-2023") { talks { totalCount } }
        speaker(slug: "ana-li") { talks(first: 1) { totalCount pageInfo { hasNextPage } } } }`,
      { after: cursor(2) },
    ],
    "a topic's talks, most confident first, and their speakers": [
      `query($id: ID!) { topic(id: $id) { name talks(first: 50) { __typename nodes { title speakers { name } } } } }`,
      { id: gid('Topic', id('consensus')) },
    ],
    "an event's talks in programme order, an empty page, several roots": [
      `{ e: event(slug: "lakeside-summit-2021") { __typename name year city venue
           talks { nodes { position title topics { confidence topic { name } } } }
           none: talks(first: 0) { nodes { title } } }
         t: topic(slug: "raft") { talks(first: 1, after: "${cursor(1)}") { nodes { title } } }
         __typename }`,
    ],
    'fragments and inline fragments': [
      `query { talk(slug: "raft-revisited-river-meetup-2023") { ...T ... on Entity { slug }
          speakers { ... on Speaker { n: name } ...S } } }
       fragment T on Talk { t: title event { ... on Event { name } } }
       fragment S on Node { id }`,
    ],
    'organizations, affiliations and members': [
      `{ organization(slug: "acme-cloud") { __typename id name kind members { name affiliations { role relation organization { name } } } }
         speaker(slug: "zoe-nunez") { affiliations { __typename role relation organization { slug } } } }`,
    ],
    'two-hop lists and connections': [
      `query($after: String) { speaker(slug: "zoe-nunez") { topics { __typename count topic { name } } few: topics(first: 1) { count }
           coSpeakers { name } }
         topic(slug: "consensus") { speakers { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
             edges { cursor node { name } } }
           rest: speakers(first: 1, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } }
           beyond: speakers(first: 2, after: "${cursor(9)}") { totalCount nodes { name } pageInfo { startCursor } } }
         event(slug: "lakeside-summit-2021") { speakers(first: 2) { nodes { name coSpeakers { name } } } } }`,
      { after: cursor(1) },
    ],
    'any node by id, and several, with fragments per type': [
      `query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { __typename id ... on Talk { title mentions { __typename label } }
           ... on Entity { kind slug label } ...S ... on Organization { name } }
         node(id: $one) { id ... on Topic { name talks(first: 1) { nodes { title } } } }
         none: nodes(ids: []) { id }
         talk(slug: "cut-short-odd-conf") { mentions { ... on Technology { name talks { totalCount nodes { title } } } } } }
       fragment S on Speaker { name handle }`,
      {
        ids: [
          gid('Talk', id('rafting-through-consensus-lakeside-summit-2021')),
          gid('Speaker', id('zoe-nunez')),
          gid('Talk', 999_999),
          gid('Topic', id('zoe-nunez')),
          gid('Organization', id('acme-cloud')),
          gid('Event', id('river-meetup-2023')),
        ],
        one: gid('Topic', id('raft')),
      },
    ],
    'root lists, filtered and paged': [
      `query($event: ID, $topic: ID!, $missing: ID!, $nobody: ID, $after: String, $org: ID) {
         all: talks { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { title } } }
         page: talks(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { slug } }
         atEvent: talks(filter: { event: $event }) { totalCount nodes { title } }
         anyTopic: talks(filter: { topics: [$topic, $missing] }) { totalCount nodes { title } }
         allTopics: talks(filter: { topics: [$topic, $missing], topicMatch: ALL }) { totalCount }
         noTopics: talks(filter: { topics: [] }) { totalCount }
         years: talks(filter: { yearFrom: 2022 }) { nodes { title event { year } } }
         text: talks(filter: { text: "  REPLICA " }) { nodes { title } }
         formats: talks(filter: { formats: [TALK] }) { totalCount }
         none: talks(filter: { formats: [] }) { totalCount pageInfo { startCursor endCursor } }
         nobody: talks(filter: { speaker: $nobody }) { totalCount }
         speakers(filter: { organization: $org }) { totalCount nodes { name } }
         named: speakers(filter: { text: "zoe", topic: $topic }) { nodes { name } }
         everyone: speakers(first: 3) { pageInfo { hasNextPage endCursor } nodes { name } }
         topics { totalCount nodes { name } }
         byName: topics(orderBy: NAME, first: 2, after: "${cursor(1)}") { pageInfo { hasPreviousPage startCursor } edges { cursor node { name } } }
         events { totalCount pageInfo { hasNextPage } nodes { name city } }
         lastEvent: events(first: 1, after: "${cursor(2)}") { nodes { name } } }`,
      {
        event: gid('Event', id('lakeside-summit-2021')),
        topic: gid('Topic', id('consensus')),
        missing: gid('Topic', 999_999),
        nobody: gid('Speaker', 999_999),
        after: Buffer.from(`k:${id('tracing-requests-across-services-lakeside-summit-2021')}`).toString(
          'base64url',
        ),
        org: gid('Organization', id('acme-cloud')),
      },
    ],
    'related talks from the stored lists, with their reasons': [
      `query($id: ID!) { talk(id: $id) { title relatedTalks { __typename score talk { title } reasons { __typename kind weight terms via { __typename id label ... on Topic { name } } } }
           few: relatedTalks(first: 1) { score talk { relatedTalks(first: 2) { talk { slug } } } } } }`,
      { id: gid('Talk', id('rafting-through-consensus-lakeside-summit-2021')) },
    ],
    'ids and slugs that match nothing, or a node of another kind': [
      `query($missing: ID!, $speakerAsTalk: ID!) { a: talk(id: $missing) { title } b: talk(slug: "nope") { title }
          c: talk(id: $speakerAsTalk) { title } d: speaker(slug: "zoe-nunez") { name } }`,
      { missing: gid('Talk', 999_999), speakerAsTalk: gid('Talk', id('zoe-nunez')) },
    ],
  });

  it('answers every known field exactly as the resolvers do, in one statement', async () => {
    const queries = Object.values(cases())
      .map(([query]) => query)
      .join('\n');
    const selected = selectedFields(queries);
    for (const field of compiledFields(schema)) {
      expect(selected.has(field), `${field} is run both ways`).toBe(true);
    }
    for (const [name, [query, variables]] of Object.entries(cases())) {
      let statements = 0;
      const stop = store.db.onStatement(() => {
        statements++;
      });
      const data = await compiled(parse(query), variables);
      stop();
      expect(data, `${name}: compiled`).toBeTypeOf('string');
      expect(statements, name).toBe(1);
      const expected = await graphqlThroughResolvers(store, query, variables);
      expect(expected.errors, name).toBeUndefined();
      // The same values. Key order may differ: the statement keeps the selection's order, as the
      // GraphQL spec asks, where graphql-jit puts fields from fragments in an order of its own.
      expect(JSON.parse(data as string), name).toEqual(expected.data);
      expect(await graphql(server, query, variables), name).toEqual(expected);
    }
  });

  it('leaves to the resolvers what it does not compile or what they answer with an error', async () => {
    const talk = gid('Talk', id('observing-consensus-river-meetup-2023'));
    const deep = `{ speaker(slug: "zoe-nunez") { talks(first: 100) { nodes { topics { topic {
        talks(first: 100) { nodes { speakers { talks(first: 100) { nodes { title } } } } } } } } } } }`;
    const fallbacks: Record<string, [string, Record<string, unknown>?]> = {
      'a malformed id': ['{ talk(id: "???") { title } }'],
      'an id of another type': [`{ talk(id: "${gid('Speaker', id('zoe-nunez'))}") { title } }`],
      'both id and slug': [`{ talk(id: "${talk}", slug: "x") { title } }`],
      'a page too large': ['{ topic(slug: "raft") { talks(first: 1000) { nodes { title } } } }'],
      'a cursor of another list': ['{ topic(slug: "raft") { talks(after: "bm9wZQ") { nodes { title } } } }'],
      'a query over the cost limit': [deep],
      'a year that is not a number': ['{ event(slug: "odd-conf") { name year } }'],
      'a directive': [
        'query($b: Boolean!) { talk(slug: "raft-revisited-river-meetup-2023") { title @include(if: $b) } }',
        { b: false },
      ],
      'a field it does not know': [`{ talk(id: "${talk}") { title sources { label } } }`],
      'a field below an edge it does not know': [
        '{ topic(slug: "raft") { talks { edges { node { aliases } } } } }',
      ],
      'related talks of a talk whose list is out of date': [
        `{ talk(slug: "observing-consensus-river-meetup-2023") { relatedTalks { score talk { title } } } }`,
      ],
      'a node id of no type': [`{ node(id: "${Buffer.from('Nope:1').toString('base64url')}") { id } }`],
      'more than 100 ids': [
        'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        { ids: Array.from({ length: 101 }, (_, i) => gid('Talk', i + 1)) },
      ],
      'a field selected twice': [`{ talk(id: "${talk}") { title title } }`],
      'a filter id of another type': [`{ talks(filter: { event: "${talk}" }) { totalCount } }`],
      'a cursor of a nested list on a root list': [`{ talks(after: "${cursor(1)}") { totalCount } }`],
      'nothing from the database': ['{ __typename }'],
      'a variable of the wrong type': ['query($id: ID!) { talk(id: $id) { title } }', { id: { no: 1 } }],
    };
    // A list marked out of date, as writing a document marks it: ranked live until refreshed.
    await store.db.query(
      `update related_talk_list set state = 1 where talk_id = (select id from node where slug = 'observing-consensus-river-meetup-2023')`,
    );
    for (const [name, [query, variables]] of Object.entries(fallbacks)) {
      expect(await compiled(parse(query), variables), name).toBeUndefined();
      expect(await graphql(server, query, variables), name).toEqual(
        await graphqlThroughResolvers(store, query, variables),
      );
    }
    const tooDeep = await graphql(server, deep);
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('keeps the most recently used compilations: the oldest text is evicted, and compiled again when it comes back', async () => {
    const cache: CompiledQueryCache = new QueryCache(2);
    const bounded = compiledQueries(schema, store.db, store.predicates, { cache });
    const texts = [
      '{ topic(slug: "raft") { name } }',
      '{ topic(slug: "raft") { slug } }',
      '{ topic(slug: "raft") { id } }',
    ];
    for (const text of texts) expect(await bounded(parse(text), {}), text).toBeTypeOf('string');
    expect(cache.size).toBe(2);
    expect(cache.has(texts[0] as string)).toBe(false);
    expect(cache.has(texts[2] as string)).toBe(true);
    // Asked again, the evicted text is compiled (not left to the resolvers) and the least recent goes.
    expect(await bounded(parse(texts[0] as string), {})).toBeTypeOf('string');
    expect(cache.has(texts[0] as string)).toBe(true);
    expect(cache.has(texts[1] as string)).toBe(false);
  });

  it('fails the request when the database is unavailable, instead of asking it again through the resolvers', async () => {
    // Answering again would send the resolvers' statements to a database that just failed, and the
    // request would end past its limit as QUERY_TOO_COMPLEX (the soak met 55 such answers).
    const unavailable = {
      ...store.db,
      query: async () => {
        throw new TalkgraphError('DATABASE_UNAVAILABLE', 'The database did not answer within 1000 ms.');
      },
    };
    const runner = compiledQueries(schema, unavailable, store.predicates);
    await expect(runner(parse('{ topic(slug: "raft") { name } }'), {})).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    // Other failures still go to the resolvers (they answer with the error they give).
    const failing = {
      ...store.db,
      query: async () => {
        throw new Error('invalid input syntax for type integer');
      },
    };
    expect(
      await compiledQueries(schema, failing, store.predicates)(parse('{ topic(slug: "raft") { name } }'), {}),
    ).toBeUndefined();
  });

  it('goes on compiling new query texts however many came before', async () => {
    const cache: CompiledQueryCache = new QueryCache(3);
    const bounded = compiledQueries(schema, store.db, store.predicates, { cache });
    for (let i = 0; i < 20; i++) {
      // Distinct texts (an alias apiece), each one statement.
      const text = `{ t${i}: topic(slug: "raft") { name } }`;
      const data = await bounded(parse(text), {});
      expect(JSON.parse(data ?? 'null'), text).toEqual({ [`t${i}`]: { name: 'Raft' } });
      expect(cache.has(text)).toBe(true);
    }
    expect(cache.size).toBe(3);
  });
});

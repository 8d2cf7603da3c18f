// Compiled queries answer exactly what the resolvers answer, for any valid query over the fields the
// compiler knows: fast-check generates the queries from the schema (tests/support/query-generator.ts)
// with arguments from the seeded graph (ids, slugs, cursors, filters of root lists, node/nodes ids),
// and each is answered both ways and compared as JSON text, key order included. A query that reads
// only known fields with valid arguments must compile, unless the resolvers answer it with an error
// (over the cost limits), which the compiler leaves to them. The seeded graph has organizations with
// members, technologies and organizations that talks mention, and events of several years (one
// without). The second property reaches talks whose stored format is none of TalkFormat's values:
// the resolvers answer an error there, and the compiled statement must not answer otherwise.
import fc from 'fast-check';
import { type ExecutionResult, execute, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/api/global-id.js';
import { Loaders } from '../../src/api/loaders.js';
import { schema } from '../../src/api/schema.js';
import { compiledQueries, type QueryRunner } from '../../src/api/sql-compiler.js';
import { typenameByKind } from '../../src/api/types/entity.js';
import { defaultDatabaseTimeouts } from '../../src/config.js';
import { isTalkgraphError } from '../../src/errors.js';
import { refreshRelatedTalkLists } from '../../src/graph/related-talks.js';
import type { Fact, FactNode } from '../../src/ingest/facts.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { acme, n, people, sampleGraphFacts, talkFacts, topics, writeFacts } from '../support/graph.js';
import { compiledSurface, type GraphValues, queryArbitrary } from '../support/query-generator.js';

const runs = 200;

/**
 * Beside the sample graph: an event with more talks than a default page (some without a position),
 * tied confidences, schedule fields, a literal given twice, talks at two events, speakers without
 * billing positions, topic evidence, an abstract cut short, a talk with no event, speakers or
 * topics, and a speaker, an event and a topic with no talks.
 */
function richerFacts(): Fact[] {
  const harbor = n('event', 'Harbor Conf 2024');
  const streaming = n('topic', 'Streaming');
  const speakers = [people.zoe, n('speaker', 'Kai Berg'), n('speaker', 'Lena Ortiz'), people.mia];
  const facts: Fact[] = [
    { subject: harbor, predicate: 'year', object: { value: '2024' } },
    { subject: harbor, predicate: 'city', object: { value: 'Lisbon' } },
    { subject: harbor, predicate: 'venue', object: { value: 'Pier “7”\nHall' } },
    { subject: harbor, predicate: 'start_date', object: { value: '2024-06-22' } },
    { subject: harbor, predicate: 'end_date', object: { value: '2024-06-23' } },
    { subject: harbor, predicate: 'url', object: { value: 'https://harbor.example/2024' } },
    { subject: speakers[1] as FactNode, predicate: 'bio', object: { value: 'Builds “pipes”.' } },
    { subject: speakers[1] as FactNode, predicate: 'url', object: { value: 'https://kai.example' } },
    { subject: speakers[2] as FactNode, predicate: 'handle', object: { value: 'lenao' } },
  ];
  for (let i = 1; i <= 24; i++) {
    const title = `Streams, Part ${i}`;
    const talk = { kind: 'talk', slug: `streams-part-${i}-${harbor.slug}`, label: title };
    const talkSpeakers = [
      speakers[i % 4] as FactNode,
      ...(i % 3 === 0 ? [speakers[(i + 1) % 4] as FactNode] : []),
    ];
    facts.push(
      ...talkFacts({
        title,
        event: harbor,
        position: i,
        speakers: talkSpeakers,
        topics: [
          [streaming, [0.5, 0.7, 0.9][i % 3] as number],
          ...(i % 4 === 0 ? ([[topics.tracing, 0.7]] as [FactNode, number][]) : []),
        ],
      }).map((fact) =>
        // Two talks without a position in the programme.
        fact.predicate === 'presented_at' && i > 22 ? { ...fact, position: undefined } : fact,
      ),
    );
    if (i % 5 === 0) {
      for (const [predicate, value] of [
        ['format', i % 10 === 0 ? 'keynote' : 'workshop'],
        ['starts_at', `2024-06-22T${String(8 + (i % 10)).padStart(2, '0')}:00:00+01:00`],
        ['ends_at', `2024-06-22T${String(9 + (i % 10)).padStart(2, '0')}:00:00+01:00`],
        ['room', 'Hall “A”'],
        ['room', 'Hall B'],
        ['track', 'Data'],
        ['language', 'pt-BR'],
        ['url', `https://harbor.example/talks/${i}`],
      ] as const) {
        facts.push({ subject: talk, predicate, object: { value } });
      }
    }
    if (i === 7) facts.push({ subject: talk, predicate: 'abstract_truncated', object: { value: 'true' } });
    if (i === 7) facts.push({ subject: talk, predicate: 'abstract', object: { value: 'Cut short…' } });
    if (i % 6 === 0) {
      facts.push({
        subject: talk,
        predicate: 'has_topic',
        object: { node: n('topic', 'Kafka') },
        confidence: 0.8,
        qualifier: 'Kafka',
      });
    }
    // Also given at the meetup: after its own talks, and (without a place at Harbor) between them.
    const meetup = n('event', 'River Meetup 2023');
    if (i === 2)
      facts.push({ subject: talk, predicate: 'presented_at', object: { node: meetup }, position: 9 });
    if (i === 23)
      facts.push({ subject: talk, predicate: 'presented_at', object: { node: meetup }, position: 2 });
    // Speakers in stored order only, and a confidence with more digits than a real keeps.
    if (i === 11) {
      facts.push({ subject: talk, predicate: 'has_speaker', object: { node: people.olu } });
      facts.push({ subject: talk, predicate: 'has_speaker', object: { node: people.ravi } });
      facts.push({ subject: talk, predicate: 'has_topic', object: { node: topics.wasm }, confidence: 1 / 3 });
    }
  }
  // Organizations: members through works_at and contributes_to (one through both, one
  // contributor without a role), an organization without members; technologies and organizations
  // that talks mention, a technology no talk mentions.
  const streamCo = n('organization', 'StreamCo');
  const foundation = n('organization', 'Open Pipes Foundation');
  const kafka = n('technology', 'Apache Kafka');
  const postgres = n('technology', 'PostgreSQL');
  const wasmtime = n('technology', 'Wasmtime');
  facts.push(
    { subject: people.mia, predicate: 'works_at', object: { node: streamCo }, qualifier: 'staff engineer' },
    { subject: speakers[1] as FactNode, predicate: 'works_at', object: { node: streamCo } },
    { subject: speakers[1] as FactNode, predicate: 'contributes_to', object: { node: foundation } },
    { subject: speakers[2] as FactNode, predicate: 'contributes_to', object: { node: streamCo } },
    { subject: speakers[2] as FactNode, predicate: 'works_at', object: { node: streamCo }, qualifier: 'CTO' },
    {
      subject: people.zoe,
      predicate: 'contributes_to',
      object: { node: foundation },
      qualifier: 'maintainer',
    },
    { subject: n('organization', 'Quiet Labs'), predicate: 'alias', object: { value: 'QL' } },
    { subject: n('technology', 'COBOL'), predicate: 'alias', object: { value: 'cobol' } },
  );
  for (let i = 1; i <= 24; i += 3) {
    const talk = { kind: 'talk', slug: `streams-part-${i}-${harbor.slug}`, label: `Streams, Part ${i}` };
    const mentioned = [kafka, ...(i % 2 ? [postgres] : [streamCo]), ...(i === 7 ? [wasmtime, acme] : [])];
    for (const node of mentioned) facts.push({ subject: talk, predicate: 'mentions', object: { node } });
  }
  facts.push(
    ...talkFacts({
      title: 'Edge Functions in Practice',
      event: n('event', 'Winter Forum 2024'),
      position: 1,
      speakers: [people.olu, speakers[2] as FactNode],
      topics: [
        [topics.wasm, 0.9],
        [streaming, 0.4],
      ],
      abstract: 'Running 100% of the edge on Wasm: lessons_learned and C:\\paths.',
      mentions: [wasmtime, postgres, foundation],
    }),
    ...talkFacts({
      title: 'Logs Are Streams',
      event: n('event', 'Lakeside Summit 2022'),
      position: 1,
      speakers: [people.ravi],
      topics: [
        [streaming, 0.8],
        [topics.consensus, 0.5],
      ],
      mentions: [kafka],
    }),
    { subject: n('event', 'Winter Forum 2024'), predicate: 'year', object: { value: '2024' } },
    { subject: n('event', 'Lakeside Summit 2022'), predicate: 'year', object: { value: '2022' } },
    // An event whose year no source gives.
    { subject: n('event', 'Undated Gathering'), predicate: 'city', object: { value: 'Oslo' } },
  );
  // A speaker, an event and a topic with no talks (empty pages, totals of 0).
  facts.push(
    { subject: n('speaker', 'Nadia Quiet'), predicate: 'bio', object: { value: 'Has not spoken yet.' } },
    { subject: n('event', 'Empty Summit 2025'), predicate: 'year', object: { value: '2025' } },
    { subject: n('topic', 'Orphans'), predicate: 'alias', object: { value: 'orphan' } },
  );
  // A talk known by its title and abstract only.
  facts.push({
    subject: { kind: 'talk', slug: 'untitled-notes', label: 'Untitled Notes' },
    predicate: 'abstract',
    object: { value: 'Nothing else is known.' },
  });
  return facts;
}

/**
 * Talks whose stored format is none of TalkFormat's values, by slug. The store takes any string as a
 * format (src/store/ontology.ts types it 'string'), and so does `talkgraph ingest` of an N-Quads file
 * whose format literal was edited. Nothing links to them: their ids and slugs reach them, and the
 * root list of talks (they are written for the second property only).
 */
const oddFormats: Record<string, string> = {
  'tutorial-session': 'tutorial',
  'capitalised-keynote': 'Keynote',
};

describe.each(backends)('compiled queries on %s, for generated queries', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let compiled: QueryRunner;
  /** Argument values from the graph (before the talks with odd formats are written). */
  let values: GraphValues;

  /**
   * Ids, slugs and node ids of the graph as it is, and some that match nothing (no such node, or a
   * node of another kind); the events' years and years around them; words and phrases of labels,
   * aliases and abstracts to filter by text. `only`: slugs, by kind, that alone stand for the kind.
   */
  async function graphValues(only: Record<string, string[]> = {}): Promise<GraphValues> {
    const nodes = await store.db.query<{ id: number; kind: string; slug: string; label: string }>(
      'select id, kind, slug, label from node order by id',
    );
    const found: GraphValues = { ids: {}, slugs: {}, keys: [], years: [], texts: [] };
    for (const [kind, typename] of Object.entries(typenameByKind)) {
      const own = nodes.filter(
        (node) => node.kind === kind && (!only[kind] || only[kind].includes(node.slug)),
      );
      const other = nodes.find((node) => node.kind !== kind);
      const none = {
        ids: [
          encodeGlobalId(typename, 999_999),
          ...(other ? [encodeGlobalId(typename, Number(other.id))] : []),
        ],
        slugs: ['no-such-slug', ...(other ? [other.slug] : [])],
      };
      const given = {
        ids: own.map((node) => encodeGlobalId(typename, Number(node.id))),
        slugs: own.map((node) => node.slug),
      };
      found.ids[typename] = only[kind] ? given.ids : [...given.ids, ...none.ids];
      found.slugs[typename] = only[kind] ? given.slugs : [...given.slugs, ...none.slugs];
    }
    // Every node's id, one below the first and one past the last: the page after a node of any kind.
    const ids = nodes.map((node) => Number(node.id));
    found.keys = [...ids, Math.min(...ids) - 1, Math.max(...ids) + 1, 999_999];
    const literals = await store.db.query<{ name: string; value: string }>(
      `select p.name, t.object_value as value from triple t join predicate p on p.id = t.predicate_id
        where p.name in ('year', 'alias', 'abstract') and t.object_value is not null`,
    );
    const years = literals.filter((l) => l.name === 'year').map((l) => Number(l.value));
    found.years = [...new Set(years.flatMap((year) => [year - 1, year, year + 1]))];
    const texts = [
      ...nodes.map((node) => node.label),
      ...literals.filter((l) => l.name !== 'year').map((l) => l.value),
    ];
    // Whole texts, their words, and a piece of a word.
    found.texts = [
      ...new Set(
        texts.flatMap((text) => [text, ...text.split(/\s+/).flatMap((word) => [word, word.slice(1, 4)])]),
      ),
    ].filter((text) => text.trim() !== '');
    return found;
  }

  beforeAll(async () => {
    // The property compares answers, not times: on a loaded CI machine a generated query's statement
    // can outlast the API's 1 s client deadline, which would then refuse every later statement.
    ({ store, dispose } = await createTestStore(backend, {
      timeouts: { ...defaultDatabaseTimeouts, queryMs: 60_000 },
    }));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    await writeFacts(store, 'samples/harbor.txt', richerFacts());
    // Related talks as an ingest run stores them (compiled SQL reads the stored lists).
    await refreshRelatedTalkLists(store.db, store.predicates, { missing: true });
    compiled = compiledQueries(schema, store.db, store.predicates);
    values = await graphValues();
  });
  afterAll(async () => {
    await dispose?.();
  });

  /**
   * The resolvers' answer: graphql-js executing the schema with the context the app builds for each
   * request (src/server/app.ts; without its per-request deadline), so neither the server's fast path
   * nor compiled queries take part, whatever the server does with them. graphql-js orders keys as
   * the spec says, as compiled queries do.
   */
  const throughResolvers = (query: string, variables: Record<string, unknown>) =>
    execute({
      schema,
      document: parse(query),
      contextValue: { store, loaders: new Loaders(store) },
      variableValues: variables,
    }) as Promise<ExecutionResult>;

  /**
   * Runs the property over queries with arguments from `graph`: each query is answered both ways;
   * returns what the runs covered and how many were compiled and how many left to the resolvers.
   */
  /**
   * `errors`: which errors of the resolvers the generated queries may meet: only the cost limits
   * (valid arguments over valid data), or any (stored data a field cannot represent). Either way
   * the compiler must leave such a query to the resolvers.
   */
  async function checkParity(
    graph: GraphValues,
    numRuns: number,
    errors: 'cost limits' | 'any' = 'cost limits',
  ) {
    const seen = new Set<string>();
    let answered = 0;
    let leftToResolvers = 0;
    await fc.assert(
      fc.asyncProperty(queryArbitrary(schema, compiledSurface(schema), graph), async (generated) => {
        const { query, variables, features } = generated;
        const document = parse(query);
        expect(validate(schema, document).map((error) => error.message)).toEqual([]);
        const data = await compiled(document, variables);
        const expected = await throughResolvers(query, variables);
        if (expected.errors) {
          // Only the cost limits turn valid arguments into an error; the compiler leaves those to the resolvers.
          const codes = expected.errors.map((error) =>
            isTalkgraphError(error.originalError) ? error.originalError.code : error.message,
          );
          expect(
            errors === 'any' || codes.every((code) => code === 'QUERY_TOO_COMPLEX'),
            `the resolvers answer ${JSON.stringify(expected)}; compiled: ${data}`,
          ).toBe(true);
          expect(data).toBeUndefined();
          leftToResolvers++;
        } else {
          expect(
            data,
            `a query of known fields with valid arguments compiles; the resolvers answer ${JSON.stringify(expected.data)}`,
          ).toBeTypeOf('string');
          expect(JSON.stringify(JSON.parse(data as string))).toBe(JSON.stringify(expected.data));
          answered++;
        }
        for (const feature of features) seen.add(feature);
      }),
      { numRuns },
    );
    return { seen, answered, leftToResolvers };
  }

  it('answers every generated query over known fields exactly as the resolvers do', async () => {
    const { seen, answered, leftToResolvers } = await checkParity(values, runs);
    // The runs covered what the generator is for, and most were compiled rather than over the limits.
    expect(answered).toBeGreaterThan(runs / 2);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        '__typename',
        'alias',
        'entity level 5',
        'filter',
        'inline fragment',
        'inline fragment on a possible type',
        'inline fragment on interface',
        'inline fragment on type',
        'interface field',
        'large pages',
        'named fragment on a possible type',
        'named fragment on interface',
        'named fragment on type',
        'node',
        'nodes',
        'one field twice, with arguments',
        'root list',
        'variable',
        'variable default',
      ]),
    );
    // Some went over the cost limits, where the compiler must leave the query to the resolvers.
    expect(leftToResolvers).toBeGreaterThan(0);
  }, 120_000);

  it('answers as the resolvers do for a talk whose stored format TalkFormat does not name', async () => {
    // Written after the first property: a root list of talks reaches them, and their format is an
    // error of the resolvers there. Talks by id and slug are only these.
    await writeFacts(
      store,
      'samples/odd-formats.txt',
      Object.entries(oddFormats).map(([slug, value]) => ({
        subject: { kind: 'talk', slug, label: slug },
        predicate: 'format',
        object: { value },
      })),
    );
    await refreshRelatedTalkLists(store.db, store.predicates, { missing: true });
    await checkParity(await graphValues({ talk: Object.keys(oddFormats) }), 50, 'any');
  }, 120_000);
});

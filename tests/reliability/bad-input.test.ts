// Bad input to the read API gets clear, stable errors: text filters match what is typed, wildcards
// included, and text that no database column can hold (a NUL character, an unpaired surrogate) is a
// BAD_USER_INPUT error naming the argument, on the resolvers and the compiled path alike.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { compiledQueries } from '../../src/api/sql-compiler.js';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  events,
  graphql,
  graphqlThroughResolvers,
  n,
  people,
  sampleGraphFacts,
  serve,
  talkFacts,
  writeFacts,
} from '../support/graph.js';

const titles = (data: { talks: { nodes: { title: string }[] } }) =>
  data.talks.nodes.map((talk) => talk.title).sort();

describe.each(backends)('bad input to the read API on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const gql = (query: string, variables?: Record<string, unknown>) => graphql(server, query, variables);
  const talksMatching = `query ($text: String!) { talks(filter: { text: $text }, first: 100) { nodes { title } } }`;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    const wildcards = n('event', 'Wildcard Days 2024');
    await writeFacts(store, 'samples/wildcards.txt', [
      ...talkFacts({ title: '100% Rust', event: wildcards, position: 1, speakers: [people.mia] }),
      ...talkFacts({ title: 'Naming in snake_case', event: wildcards, position: 2, speakers: [people.ravi] }),
      ...talkFacts({
        title: 'Paths on Windows',
        event: wildcards,
        position: 3,
        speakers: [people.olu],
        abstract: 'Why C:\\Users needs two backslashes in a string.',
      }),
      ...talkFacts({
        title: 'Half-Done Releases',
        event: events.meetup,
        position: 3,
        speakers: [people.zoe],
      }),
    ]);
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('finds "100% Rust" by "100%", and "%" only in talks that contain one', async () => {
    const byPercent = await gql(talksMatching, { text: '100%' });
    expect(byPercent.errors).toBeUndefined();
    expect(titles(byPercent.data)).toEqual(['100% Rust']);
    const percentAlone = await gql(talksMatching, { text: '%' });
    expect(percentAlone.errors).toBeUndefined();
    expect(titles(percentAlone.data)).toEqual(['100% Rust']);
    // unaccent() folds the fullwidth sign into "%": still a percent sign, not a wildcard.
    expect(titles((await gql(talksMatching, { text: '\uff05' })).data)).toEqual(['100% Rust']);
    // "h%d" would match "Half-Done" and "Through Consensus" were % a wildcard.
    expect(titles((await gql(talksMatching, { text: 'h%d' })).data)).toEqual([]);
  });

  it('matches "_" and "\\" as themselves', async () => {
    expect(titles((await gql(talksMatching, { text: '_' })).data)).toEqual(['Naming in snake_case']);
    expect(titles((await gql(talksMatching, { text: 'e_c' })).data)).toEqual(['Naming in snake_case']);
    expect(titles((await gql(talksMatching, { text: '\uff3f' })).data)).toEqual(['Naming in snake_case']);
    // "R_st" would match "100% Rust" were _ a wildcard.
    expect(titles((await gql(talksMatching, { text: 'r_st' })).data)).toEqual([]);
    // In the abstract; a lone backslash is not an escape that swallows the rest of the pattern.
    expect(titles((await gql(talksMatching, { text: 'c:\\users' })).data)).toEqual(['Paths on Windows']);
    expect(titles((await gql(talksMatching, { text: '\\' })).data)).toEqual(['Paths on Windows']);
  });

  it('matches wildcards literally in the speaker filter too', async () => {
    const { data, errors } = await gql(`{ speakers(filter: { text: "%" }) { nodes { name } } }`);
    expect(errors).toBeUndefined();
    expect(data.speakers.nodes).toEqual([]);
    const underscore = await gql(`{ speakers(filter: { text: "_" }) { nodes { name } } }`);
    expect(underscore.data.speakers.nodes).toEqual([]);
  });

  const badInput = (errors: { message: string; extensions?: { code?: string } }[] | undefined) => {
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return errors?.[0]?.message ?? '';
  };

  it.each([
    ['a NUL character', 'raft\u0000consensus', 'NUL'],
    ['an unpaired surrogate', 'raft\ud800', 'unpaired surrogate'],
  ])('refuses %s in search(text:), naming the argument', async (_what, text, named) => {
    const { data, errors } = await gql('query ($text: String!) { search(text: $text) { score } }', { text });
    expect(data).toBeNull();
    const message = badInput(errors);
    expect(message).toContain('"text"');
    expect(message).toContain('search');
    expect(message).toContain(named);
  });

  it('refuses a NUL character in a talks filter and in triples(value:), variable or literal', async () => {
    const viaVariable = await gql(talksMatching, { text: '\u0000' });
    expect(badInput(viaVariable.errors)).toMatch(/"filter\.text" of talks .*NUL/);
    const viaLiteral = await gql('{ talks(filter: { text: "a\\u0000b" }) { totalCount } }');
    expect(badInput(viaLiteral.errors)).toMatch(/"filter\.text" of talks/);
    const triples = await gql('query ($v: String) { triples(value: $v) { nodes { id } } }', { v: 'x\u0000' });
    expect(badInput(triples.errors)).toMatch(/"value" of triples .*NUL/);
    const speakers = await gql('{ speakers(filter: { text: "\\u0000" }) { totalCount } }');
    expect(badInput(speakers.errors)).toMatch(/"filter\.text" of speakers/);
  });

  it('refuses bad text in nested fields and list arguments', async () => {
    const nested = await gql(
      `{ talks(first: 1) { nodes { outgoing(predicate: "ab\\u0000") { totalCount } } } }`,
    );
    expect(badInput(nested.errors)).toMatch(/"predicate" of outgoing/);
    const listed = await gql('{ search(text: "raft", kinds: ["talk", "\\u0000"]) { score } }');
    expect(badInput(listed.errors)).toMatch(/"kinds\[1\]" of search/);
  });

  it('gives the same error on the compiled path as through the resolvers', async () => {
    const query = 'query ($slug: String!) { talk(slug: $slug) { title speakers { name } } }';
    const variables = { slug: 'raft-revisited\u0000' };
    // The compiled path sends no statement for it: the resolvers answer.
    const compiled = compiledQueries(schema, store.db, store.predicates);
    expect(await compiled(parse(query), variables)).toBeUndefined();
    const fast = await gql(query, variables);
    const slow = await graphqlThroughResolvers(store, query, variables);
    expect(fast).toEqual(slow);
    expect(badInput(fast.errors)).toMatch(/"slug" of talk .*NUL/);
    // Good text still takes the compiled path.
    expect(await compiled(parse(query), { slug: 'raft-revisited-river-meetup-2023' })).toContain(
      'Raft, Revisited',
    );
  });

  it('keeps ordinary text working: accents, case, quotes', async () => {
    const { data, errors } = await gql(talksMatching, { text: 'RAFT, REVISITED' });
    expect(errors).toBeUndefined();
    expect(titles(data)).toEqual(['Raft, Revisited']);
    const search = await gql('{ search(text: "zoe nunez", kinds: ["speaker"]) { entity { label } } }');
    expect(search.data.search[0].entity.label).toBe('Zoë Núñez');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { graphql, sampleGraphFacts, serve, writeFacts } from '../support/graph.js';

describe.each(backends)('the GraphQL API on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const gql = (query: string, variables?: Record<string, unknown>) => graphql(server, query, variables);

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'samples/graph.txt', sampleGraphFacts());
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('walks speaker → talks → topics → talks → speakers', async () => {
    const { data, errors } = await gql(`{
      speaker(slug: "zoe-nunez") {
        name handle aliases
        affiliations { organization { name } role relation }
        talks { totalCount nodes { title event { name year city } speakers { name }
          topics { confidence topic { name talks(first: 10) { nodes { title speakers { name } } } } } } }
        topics { count topic { name } }
        coSpeakers { name }
      }
    }`);
    expect(errors).toBeUndefined();
    const zoe = data.speaker;
    expect(zoe).toMatchObject({ name: 'Zoë Núñez', handle: 'zoenu', aliases: ['Zo'] });
    expect(zoe.affiliations).toEqual([
      { organization: { name: 'Acme Cloud' }, role: 'engineer', relation: 'works_at' },
    ]);
    expect(zoe.talks.totalCount).toBe(3);
    const rafting = zoe.talks.nodes.find((t: { title: string }) => t.title === 'Rafting Through Consensus');
    expect(rafting.event).toEqual({ name: 'Lakeside Summit 2021', year: 2021, city: 'Chicago' });
    expect(rafting.speakers.map((s: { name: string }) => s.name)).toEqual(['Zoë Núñez', 'Ravi Iyer']); // billing order
    expect(rafting.topics.map((t: { topic: { name: string } }) => t.topic.name)).toEqual([
      'consensus',
      'Raft',
    ]);
    const consensusTalks = rafting.topics[0].topic.talks.nodes.map((t: { title: string }) => t.title);
    expect(consensusTalks).toEqual(['Rafting Through Consensus', 'Observing Consensus', 'Raft, Revisited']); // by confidence
    expect(zoe.topics[0]).toEqual({ count: 3, topic: { name: 'consensus' } });
    expect(zoe.coSpeakers.map((s: { name: string }) => s.name).sort()).toEqual(['Mia Chen', 'Ravi Iyer']);
  });

  it('walks back from topics, events and organizations to people', async () => {
    const { data, errors } = await gql(`{
      topic(slug: "tracing") { name speakers { totalCount nodes { name } } }
      event(slug: "lakeside-summit-2021") { name talks { nodes { title position } } speakers { totalCount } }
      organization(slug: "acme-cloud") { name members { name } }
      events { nodes { name year } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.topic.speakers.nodes.map((s: { name: string }) => s.name)).toEqual(['Mia Chen', 'Zoë Núñez']);
    expect(data.event.talks.nodes).toEqual([
      { title: 'Rafting Through Consensus', position: 1 },
      { title: 'Tracing Requests Across Services', position: 2 },
      { title: 'WebAssembly at the Edge', position: 3 },
    ]);
    expect(data.event.speakers.totalCount).toBe(4);
    expect(data.organization.members.map((s: { name: string }) => s.name).sort()).toEqual([
      'Ravi Iyer',
      'Zoë Núñez',
    ]);
    expect(data.events.nodes).toEqual([
      { name: 'River Meetup 2023', year: 2023 },
      { name: 'Lakeside Summit 2021', year: 2021 },
    ]);
  });

  it('exposes raw facts both ways, with their sources', async () => {
    const { data, errors } = await gql(`{
      speaker(slug: "mia-chen") {
        incoming(predicate: "has_speaker") { totalCount nodes { subject { label } predicate { name } } }
        outgoing { totalCount }
        sources { name format }
      }
      triples(predicate: "handle", value: "zoenu") { totalCount nodes { subject { label } value confidence source { name } sources { document { name } } } }
      predicates { name subjectKind objectKind objectType count }
    }`);
    expect(errors).toBeUndefined();
    expect(data.speaker.incoming.totalCount).toBe(2);
    expect(
      data.speaker.incoming.nodes.map((t: { subject: { label: string } }) => t.subject.label).sort(),
    ).toEqual(['Observing Consensus', 'Tracing Requests Across Services']);
    expect(data.speaker.outgoing.totalCount).toBe(0);
    expect(data.speaker.sources).toEqual([{ name: 'samples/graph.txt', format: 'listing' }]);
    expect(data.triples).toEqual({
      totalCount: 1,
      nodes: [
        {
          subject: { label: 'Zoë Núñez' },
          value: 'zoenu',
          confidence: 1,
          source: { name: 'samples/graph.txt' },
          sources: [{ document: { name: 'samples/graph.txt' } }],
        },
      ],
    });
    const hasSpeaker = data.predicates.find((p: { name: string }) => p.name === 'has_speaker');
    expect(hasSpeaker).toEqual({
      name: 'has_speaker',
      subjectKind: 'talk',
      objectKind: 'speaker',
      objectType: 'node',
      count: 7,
    });
  });

  it('fetches any entity by global id; unknown ids are null, malformed ids BAD_USER_INPUT', async () => {
    const first = await gql('{ talks(first: 2) { nodes { id title } } }');
    const [a, b] = first.data.talks.nodes;
    const byId = await gql('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Talk { title } } }', {
      ids: [b.id, a.id, 'VGFsazo5OTk5OTk'],
    });
    expect(byId.data.nodes).toEqual([b, a, null]);
    const talk = await gql('query($id: ID!) { talk(id: $id) { title } }', { id: a.id });
    expect(talk.data.talk.title).toBe(a.title);
    const bad = await gql('{ node(id: "not an id") { id } }');
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors[0].message).toMatch(/not a Talkgraph id/);
    const wrongType = await gql('query($id: ID!) { speaker(id: $id) { name } }', { id: a.id });
    expect(wrongType.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const both = await gql('query($id: ID!) { talk(id: $id, slug: "x") { title } }', { id: a.id });
    expect(both.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages through lists without skipping or repeating, in a stable order', async () => {
    const walk = async (query: string, pick: (data: any) => any) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const { data, errors } = await gql(query, { after });
        expect(errors).toBeUndefined();
        const connection = pick(data);
        seen.push(...connection.edges.map((e: { node: { title: string } }) => e.node.title));
        if (!connection.pageInfo.hasNextPage) return { seen, total: connection.totalCount };
        after = connection.pageInfo.endCursor;
      }
      throw new Error('did not finish');
    };
    const all = await gql('{ talks(first: 100) { nodes { title } } }');
    const everything = all.data.talks.nodes.map((t: { title: string }) => t.title);
    expect(everything).toHaveLength(5);
    const root = await walk(
      'query($after: String) { talks(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }',
      (d) => d.talks,
    );
    expect(root).toEqual({ seen: everything, total: 5 });
    const nested = await walk(
      'query($after: String) { topic(slug: "consensus") { talks(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } } }',
      (d) => d.topic.talks,
    );
    expect(nested.total).toBe(3);
    expect(nested.seen).toEqual(['Rafting Through Consensus', 'Observing Consensus', 'Raft, Revisited']);
  });

  it('filters talks by event, speaker, topics (any or all), year and text', async () => {
    const ids = await gql(
      `{ topic(slug: "raft") { id } other: topic(slug: "tracing") { id } speaker(slug: "mia-chen") { id } event(slug: "river-meetup-2023") { id } }`,
    );
    const titles = async (filter: Record<string, unknown>) => {
      const { data, errors } = await gql(
        'query($f: TalkFilter) { talks(filter: $f) { totalCount nodes { title } } }',
        { f: filter },
      );
      expect(errors).toBeUndefined();
      return data.talks.nodes.map((t: { title: string }) => t.title).sort();
    };
    expect(await titles({ event: ids.data.event.id })).toEqual(['Observing Consensus', 'Raft, Revisited']);
    expect(await titles({ speaker: ids.data.speaker.id })).toEqual([
      'Observing Consensus',
      'Tracing Requests Across Services',
    ]);
    expect(await titles({ topics: [ids.data.topic.id, ids.data.other.id] })).toHaveLength(4);
    expect(await titles({ topics: [ids.data.topic.id, ids.data.other.id], topicMatch: 'ALL' })).toEqual([]);
    expect(await titles({ yearFrom: 2022 })).toEqual(['Observing Consensus', 'Raft, Revisited']);
    expect(await titles({ yearTo: 2021, text: 'replicas' })).toEqual(['Rafting Through Consensus']);
  });

  it('searches across kinds, ignoring accents and case, tolerating typos', async () => {
    const hits = async (text: string, kinds?: string[]) => {
      const { data, errors } = await gql(
        'query($t: String!, $k: [String!]) { search(text: $t, kinds: $k) { score snippet entity { kind label } } }',
        { t: text, k: kinds },
      );
      expect(errors).toBeUndefined();
      return data.search as { score: number; snippet: string; entity: { kind: string; label: string } }[];
    };
    expect((await hits('zoe nunez'))[0]?.entity).toEqual({ kind: 'speaker', label: 'Zoë Núñez' });
    expect((await hits('ZOË NÚÑEZ'))[0]?.entity.label).toBe('Zoë Núñez');
    expect((await hits('oluwasen ade'))[0]?.entity.label).toBe('Olúwaseun Adé'); // a typo
    expect((await hits('zoenu'))[0]?.entity.label).toBe('Zoë Núñez'); // a handle
    const election = await hits('leader election');
    expect(election[0]?.entity.label).toBe('Rafting Through Consensus'); // from the abstract's words
    expect(election[0]?.snippet).toMatch(/<b>leader<\/b> <b>election<\/b>/);
    const replication = (await hits('log replication')).map((h) => h.entity.label);
    expect(replication.slice(0, 2).sort()).toEqual(['Raft, Revisited', 'Rafting Through Consensus']); // stemmed
    const onlyTopics = await hits('consensus', ['topic']);
    expect(onlyTopics.map((h) => h.entity.kind)).toEqual(['topic']);
    const scores = (await hits('consensus')).map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const bad = await gql('{ search(text: "x", kinds: ["planet"]) { score } }');
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  describe('limits', () => {
    it('refuses pages over 100', async () => {
      const { errors } = await gql('{ talks(first: 101) { nodes { title } } }');
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0].message).toMatch(/first must be between 0 and 100/);
    });

    it('reports a bad page size on the list that has it when the list is read with its parent', async () => {
      const { data } = await gql('{ topic(slug: "consensus") { id } }');
      const id = data.topic.id as string;
      const bad = await gql(`{ topic(id: "${id}") { name talks(first: 500) { nodes { title } } } }`);
      expect(bad.errors[0].path).toEqual(['topic', 'talks']);
      expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const good = await gql(
        `{ topic(id: "${id}") { name talks(first: 1) { totalCount nodes { title } } } }`,
      );
      expect(good.errors).toBeUndefined();
      expect(good.data.topic.name).toBe('consensus');
      expect(good.data.topic.talks.nodes).toHaveLength(1);
      expect(good.data.topic.talks.totalCount).toBeGreaterThan(1);
    });

    it('refuses a query whose page sizes multiply past the cost limit', async () => {
      const { data, errors } = await gql(`{ speakers(first: 100) { nodes { talks(first: 100) { nodes {
        topics { topic { talks(first: 100) { nodes { title } } } } } } } } }`);
      expect(data).toBeNull();
      expect(errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(errors[0].message).toMatch(/query complexity \d+ exceeds the limit of 250000/);
    });

    it('refuses a query nested too deeply', async () => {
      // Single objects and one-item pages: cheap, but 19 levels deep.
      const deep = `{ talk(slug: "raft-revisited-river-meetup-2023") { ${'event { talks(first: 1) { nodes { '.repeat(6)} title ${'} } } '.repeat(6)} } }`;
      const { errors } = await gql(deep);
      expect(errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(errors[0].message).toMatch(/query depth \d+ exceeds the limit of 15/);
    });

    it('caps aliases, tokens and the size of a request', async () => {
      const aliases = await gql(
        `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: stats { nodes }`).join(' ')} }`,
      );
      expect(aliases.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(aliases.errors[0].message).toMatch(/31 aliases, over the limit of 30/);
      const tokens = await gql(`{ stats { ${'nodes '.repeat(5001)} } }`);
      expect(tokens.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(tokens.errors[0].message).toMatch(/limit of 5000 tokens/);
      const huge = await gql(`{ stats { nodes } } #${'x'.repeat(70_000)}`);
      expect(huge.status).toBe(413);
      expect(huge.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    });
  });
});

describe('errors in production', () => {
  it('masks unexpected errors: no SQL, no stack', async () => {
    const { store, dispose } = await createTestStore('pglite');
    const broken = {
      ...store,
      db: {
        ...store.db,
        query: () => Promise.reject(new Error('relation "node" does not exist at SELECT ...')),
      },
    };
    const server = await serve(broken as Store, true);
    try {
      const { errors } = await graphql(server, '{ talks { nodes { title } } }');
      expect(errors[0].message).toBe('Unexpected error.');
      expect(JSON.stringify(errors)).not.toMatch(/relation|SELECT|\.ts:/);
    } finally {
      await server.stop();
      await dispose();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  events,
  graphql,
  n,
  people,
  sampleGraphFacts,
  serve,
  talkFacts,
  topics,
  writeFacts,
} from '../support/graph.js';

describe.each(backends)('related talks, speakers, topics and paths on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const gql = (query: string, variables?: Record<string, unknown>) => graphql(server, query, variables);

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeFacts(store, 'graph.txt', sampleGraphFacts());
    // A talk whose only link to the rest is its speaker, and an island with no link at all.
    const loner = n('speaker', 'Ana Lone');
    await writeFacts(store, 'extra.txt', [
      ...talkFacts({
        title: 'Knitting Compilers',
        event: n('event', 'Craft Days 2019'),
        position: 1,
        speakers: [loner],
      }),
      ...talkFacts({
        title: 'Quilting Parsers',
        event: n('event', 'Textile Tech 2020'),
        position: 1,
        speakers: [loner],
      }),
      ...talkFacts({
        title: 'Island',
        event: n('event', 'Nowhere 2018'),
        position: 1,
        speakers: [n('speaker', 'Solo Person')],
      }),
    ]);
    // A prolific speaker: more talks than any one piece of evidence proposes as candidates. The
    // newest also shares a rare topic with the first, so it is found through the topic and must
    // still be credited with the shared speaker.
    const hub = n('speaker', 'Hana Hub');
    const hubCon = n('event', 'Hub Con 2020');
    const zigzag = n('topic', 'zigzag sorting');
    await writeFacts(
      store,
      'hub.txt',
      Array.from({ length: 130 }, (_, i) =>
        talkFacts({
          title: `Hub Talk ${i + 1}`,
          event: hubCon,
          position: i + 1,
          speakers: [hub],
          topics: i === 0 || i === 129 ? [[zigzag, 0.9]] : [],
        }),
      ).flat(),
    );
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const related = async (slug: string, first = 5) => {
    const { data, errors } = await gql(
      `query($slug: String!, $first: Int) { talk(slug: $slug) { relatedTalks(first: $first) {
         score talk { slug title } reasons { kind weight via { slug label } } } } }`,
      { slug, first },
    );
    expect(errors).toBeUndefined();
    return data.talk.relatedTalks as {
      score: number;
      talk: { slug: string; title: string };
      reasons: { kind: string; weight: number; via: { slug: string; label: string } | null }[];
    }[];
  };

  it('ranks talks on the same subject first, across events, with reasons that add up to the score', async () => {
    const result = await related('raft-revisited-river-meetup-2023');
    expect(result[0]?.talk.title).toBe('Rafting Through Consensus'); // 2023 → 2021, same subject
    const reasons = result[0]?.reasons ?? [];
    expect(reasons.map((r) => `${r.kind}:${r.via?.label ?? ''}`)).toEqual(
      expect.arrayContaining([
        'SHARED_TOPIC:Raft',
        'SHARED_TOPIC:consensus',
        'SHARED_SPEAKER:Zoë Núñez',
        'SIMILAR_TEXT:',
      ]),
    );
    for (const hit of result) {
      const sum = hit.reasons.reduce((total, r) => total + r.weight, 0);
      expect(hit.score).toBeCloseTo(sum, 9);
    }
    const scores = result.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('names the words two talks share when their texts are alike', async () => {
    const { data, errors } = await gql(
      `{ talk(slug: "raft-revisited-river-meetup-2023") { relatedTalks(first: 5) {
         talk { title } reasons { kind terms via { label } } } } }`,
    );
    expect(errors).toBeUndefined();
    const related = data.talk.relatedTalks as {
      talk: { title: string };
      reasons: { kind: string; terms: string[] | null }[];
    }[];
    const rafting = related.find((r) => r.talk.title === 'Rafting Through Consensus');
    const text = rafting?.reasons.find((r) => r.kind === 'SIMILAR_TEXT');
    // "Raft, Revisited" and "Rafting Through Consensus" both speak of rafts and a replicated log;
    // the words are as the talk writes them, not their stems ("replic").
    expect(text?.terms).toEqual(expect.arrayContaining(['raft', 'log', 'replicated']));
    for (const reason of related.flatMap((r) => r.reasons))
      if (reason.kind !== 'SIMILAR_TEXT') expect(reason.terms).toBeNull();
  });

  it('never returns the talk itself or a talk twice, and answers the same every time', async () => {
    for (const slug of [
      'rafting-through-consensus-lakeside-summit-2021',
      'observing-consensus-river-meetup-2023',
    ]) {
      const first = await related(slug, 10);
      expect(first.map((r) => r.talk.slug)).not.toContain(slug);
      expect(new Set(first.map((r) => r.talk.slug)).size).toBe(first.length);
      expect(await related(slug, 10)).toEqual(first);
    }
  });

  it('credits every shared piece of evidence, however many talks a speaker gave', async () => {
    const result = await related('hub-talk-1-hub-con-2020', 3);
    expect(result[0]?.talk.title).toBe('Hub Talk 130');
    expect(result[0]?.reasons.map((r) => `${r.kind}:${r.via?.label}`).sort()).toEqual([
      'SAME_EVENT:Hub Con 2020',
      'SHARED_SPEAKER:Hana Hub',
      'SHARED_TOPIC:zigzag sorting',
    ]);
    expect(result.slice(1).map((r) => r.score)).toEqual([0.7, 0.7]); // speaker 0.6 + event 0.1
    for (const hit of result) {
      expect(hit.score).toBeCloseTo(
        hit.reasons.reduce((total, r) => total + r.weight, 0),
        9,
      );
    }
  });

  it('links talks whose only connection is a shared speaker', async () => {
    const result = await related('knitting-compilers-craft-days-2019');
    expect(result).toHaveLength(1);
    expect(result[0]?.talk.title).toBe('Quilting Parsers');
    expect(result[0]?.reasons).toEqual([
      { kind: 'SHARED_SPEAKER', weight: 0.6, via: { slug: 'ana-lone', label: 'Ana Lone' } },
    ]);
    expect(await related('island-nowhere-2018')).toEqual([]);
  });

  it('weights a rare shared topic above a common one', async () => {
    const result = await related('raft-revisited-river-meetup-2023');
    const weights = Object.fromEntries(
      (result[0]?.reasons ?? [])
        .filter((r) => r.kind === 'SHARED_TOPIC')
        .map((r) => [r.via?.label, r.weight]),
    );
    // Raft is on 2 talks, consensus on 3; both tags' confidences are alike.
    expect(weights.Raft).toBeGreaterThan(weights.consensus);
  });

  it('relates speakers through shared talks and topics, and topics by co-occurrence', async () => {
    const { data, errors } = await gql(`{
      speaker(slug: "${people.zoe.slug}") { relatedSpeakers { score speaker { name } reasons { kind weight } } }
      topic(slug: "${topics.raft.slug}") { relatedTopics { score talks topic { name } } }
      wasm: topic(slug: "${topics.wasm.slug}") { relatedTopics { score } }
    }`);
    expect(errors).toBeUndefined();
    const speakers = data.speaker.relatedSpeakers;
    expect(speakers.map((s: { speaker: { name: string } }) => s.speaker.name)).toEqual([
      'Ravi Iyer',
      'Mia Chen',
    ]);
    for (const s of speakers) {
      expect(s.score).toBeCloseTo(
        s.reasons.reduce((t: number, r: { weight: number }) => t + r.weight, 0),
        9,
      );
    }
    expect(data.topic.relatedTopics).toHaveLength(1);
    expect(data.topic.relatedTopics[0]).toMatchObject({ talks: 2, topic: { name: 'consensus' } });
    expect(data.topic.relatedTopics[0].score).toBeGreaterThan(0);
    expect(data.topic.relatedTopics[0].score).toBeLessThanOrEqual(1);
    expect(data.wasm.relatedTopics).toEqual([]);
  });

  describe('path', () => {
    const ids = async () => {
      const { data } = await gql(`{
        ravi: speaker(slug: "${people.ravi.slug}") { id } tracing: topic(slug: "${topics.tracing.slug}") { id }
        island: speaker(slug: "solo-person") { id } summit: event(slug: "${events.summit.slug}") { id }
      }`);
      return { ravi: data.ravi.id, tracing: data.tracing.id, island: data.island.id, summit: data.summit.id };
    };
    const path = async (from: string, to: string, extra = '') => {
      const result = await gql(
        `query($from: ID!, $to: ID!) { path(from: $from, to: $to${extra}) {
        length steps { from { label } predicate { name } direction to { label } } } }`,
        { from, to },
      );
      return result;
    };

    it('finds a shortest connection, step by step, in a stable way', async () => {
      const { ravi, tracing } = await ids();
      const { data, errors } = await path(ravi, tracing);
      expect(errors).toBeUndefined();
      expect(data.path.length).toBe(4);
      const steps = data.path.steps;
      expect(steps[0].from.label).toBe('Ravi Iyer');
      expect(steps.at(-1).to.label).toBe('tracing');
      for (let i = 1; i < steps.length; i++) expect(steps[i].from.label).toBe(steps[i - 1].to.label);
      expect((await path(ravi, tracing)).data).toEqual(data);
      const reverse = await path(tracing, ravi);
      expect(reverse.data.path.length).toBe(4);
    });

    it('follows only the predicates asked for', async () => {
      const { ravi, summit } = await ids();
      const any = await path(ravi, summit);
      expect(any.data.path.length).toBe(2); // Ravi ← has_speaker talk → presented_at summit
      const restricted = await path(ravi, summit, ', via: ["works_at", "has_speaker"]');
      expect(restricted.data.path).toBeNull();
    });

    it('is null when nothing connects within maxHops, and refuses a bound out of range', async () => {
      const { ravi, island, tracing } = await ids();
      expect((await path(ravi, island)).data.path).toBeNull();
      expect((await path(ravi, tracing, ', maxHops: 2')).data.path).toBeNull();
      const bad = await path(ravi, tracing, ', maxHops: 9');
      expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(bad.errors[0].message).toMatch(/maxHops must be between 1 and 6/);
      expect((await path(ravi, ravi)).data.path).toEqual({ length: 0, steps: [] });
    });
  });
});

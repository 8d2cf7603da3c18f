import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TalkgraphError } from '../../src/errors.js';
import { extractDocument } from '../../src/ingest/extract.js';
import { extractMentions } from '../../src/ingest/topics/mentions.js';
import { canonicalTopic, extractTopics } from '../../src/ingest/topics/topics.js';
import { compileVocabulary, loadVocabulary } from '../../src/ingest/topics/vocabulary.js';
import { readSeed } from '../support/seeds.js';

const seeds = [readSeed('000'), readSeed('001')].map((seed) => extractDocument(seed.text));
const slugsOf = (title: string) => {
  const talk = seeds.flatMap((d) => d.talks).find((t) => t.title.startsWith(title));
  return (talk?.topics ?? []).map((t) => t.slug);
};

describe('topic tags on the seeds', () => {
  it('gives every talk with an abstract or write-up at least two tags, each with a confidence in (0, 1]', () => {
    for (const talk of seeds.flatMap((d) => d.talks)) {
      if (!talk.abstract) continue;
      expect(talk.topics.length, talk.title).toBeGreaterThanOrEqual(2);
      for (const tag of talk.topics) {
        expect(tag.confidence).toBeGreaterThan(0);
        expect(tag.confidence).toBeLessThanOrEqual(1);
        expect(tag.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    }
  });

  it('finds the subjects the talks are about', () => {
    const all = new Set(seeds.flatMap((d) => d.talks.flatMap((t) => t.topics.map((x) => x.slug))));
    for (const slug of [
      'consensus',
      'raft',
      'distributed-systems',
      'goroutines',
      'observability',
      'serialization',
      'error-handling',
      'graph-databases',
      'pprof',
      'expvar',
    ]) {
      expect(all, slug).toContain(slug);
    }
    expect(slugsOf('White Water Rafting')).toEqual(expect.arrayContaining(['consensus', 'raft']));
    expect(slugsOf('Process Introspection')).toEqual(expect.arrayContaining(['pprof', 'expvar']));
  });

  it('never tags a talk with its speaker’s name', () => {
    for (const talk of seeds.flatMap((d) => d.talks)) {
      const names = talk.speakers.flatMap((s) => s.name.toLowerCase().split(' '));
      for (const tag of talk.topics)
        for (const word of tag.label.toLowerCase().split(' ')) expect(names).not.toContain(word);
    }
  });
});

describe('canonical topics', () => {
  it('brings spellings of one topic together', () => {
    const slugs = (phrases: string[]) => new Set(phrases.map((p) => canonicalTopic(p).slug));
    expect(slugs(['goroutine', 'Goroutines', 'go-routines', 'go routines'])).toEqual(new Set(['goroutines']));
    expect(slugs(['fault-tolerance', 'Fault Tolerance', 'fault tolerant'])).toEqual(
      new Set(['fault-tolerance']),
    );
    expect(slugs(['GC', 'garbage collector', 'Garbage Collection'])).toEqual(new Set(['garbage-collection']));
    expect(slugs(['k8s', 'Kubernetes'])).toEqual(new Set(['kubernetes']));
    expect(slugs(['CRDT', 'conflict-free replicated data types'])).toEqual(new Set(['crdts']));
  });

  it('singularizes phrases the vocabulary does not know, with the usual exceptions', () => {
    expect(canonicalTopic('Haystack Indices').slug).toBe('haystack-index');
    expect(canonicalTopic('message dependencies').slug).toBe('message-dependency');
    expect(canonicalTopic('census data').slug).toBe('census-data');
    expect(canonicalTopic('regression analysis').slug).toBe('regression-analysis');
  });
});

describe('topics of abstracts never seen, from several fields', () => {
  const cases: [string, string, string[]][] = [
    [
      'Async Rust Without Tears',
      'Futures, executors and wakers explained: how async functions in Rust compile to state machines, why pinning exists, and how Tokio schedules tasks across threads.',
      ['async'],
    ],
    [
      'Writing Kubernetes Operators',
      'Custom resources and reconcile loops: we build an operator that manages database clusters, handles upgrades and recovers from failed nodes.',
      ['kubernetes-operators'],
    ],
    [
      'Making PostgreSQL Indexes Work for You',
      'B-tree, GIN and BRIN indexes compared on real workloads, how the query planner picks an index, and when a partial index beats a full one.',
      ['indexing', 'query-optimization'],
    ],
    [
      'React Rendering Under the Microscope',
      'Why components render again, how memoization helps and hurts, and what concurrent rendering changes for state management in large React apps.',
      ['rendering', 'state-management'],
    ],
    [
      'Feature Stores for ML Pipelines',
      'Training and serving skew ruins models. A feature store keeps feature definitions in one place for batch training and online inference in machine learning pipelines.',
      ['machine-learning'],
    ],
    [
      'Supply Chain Attacks on Package Registries',
      'Typosquatting, dependency confusion and compromised maintainers: how attackers reach your build, and how signing and provenance attestations stop them.',
      ['supply-chain-security'],
    ],
  ];
  it.each(cases)('%s', (title, abstract, expected) => {
    const tags = extractTopics({ title, abstract }).map((t) => t.slug);
    expect(tags.length).toBeGreaterThanOrEqual(2);
    expect(tags).toEqual(expect.arrayContaining(expected));
  });

  it('still finds keyphrases with an empty vocabulary (the statistical part alone)', () => {
    const empty = compileVocabulary([]);
    const tags = extractTopics(
      {
        title: 'Incremental Compilation in Practice',
        abstract:
          'Incremental compilation saves developers hours each week. We show how dependency tracking between modules decides what to rebuild, and why incremental compilation breaks when macros expand differently.',
      },
      { vocabulary: empty },
    ).map((t) => t.slug);
    expect(tags).toContain('incremental-compilation');
    expect(tags.length).toBeGreaterThanOrEqual(2);
  });
});

describe('mentions', () => {
  it('names the technologies of the recap, and no speaker', () => {
    const recap = seeds[1];
    const labels = new Set(recap?.talks.flatMap((t) => t.mentions.map((m) => m.label)));
    for (const name of ['Docker', 'Cayley', 'Neo4j']) expect(labels).toContain(name);
    const speakers = new Set(
      recap?.talks.flatMap((t) => t.speakers.flatMap((s) => [s.name, ...s.name.split(' ')])),
    );
    for (const label of labels) expect(speakers.has(label)).toBe(false);
  });

  it('picks up names the text introduces, once each, with their place in the text', () => {
    const text =
      'We moved to Quillstore, a time series database written in Zig. The Lanternfish project then replaced our old queue. Quillstore was fast.';
    const mentions = extractMentions(text);
    expect(mentions.map((m) => m.label)).toEqual(
      expect.arrayContaining(['Quillstore', 'Zig', 'Lanternfish']),
    );
    const quill = mentions.find((m) => m.label === 'Quillstore');
    expect(text.slice(quill?.span?.start, quill?.span?.end)).toBe('Quillstore');
    expect(mentions.filter((m) => m.label === 'Quillstore')).toHaveLength(1);
  });
});

describe('vocabulary files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talkgraph-vocabulary-'));

  it('a user file extends the shipped vocabulary', () => {
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ topics: ['tree-walking interpreters|tree walkers'] }));
    const vocabulary = loadVocabulary([path]);
    const tags = extractTopics(
      { title: 'Tree Walkers Are Fine', abstract: 'Why tree walkers are fast enough for most scripting.' },
      { vocabulary },
    );
    expect(tags.map((t) => t.slug)).toContain('tree-walking-interpreters');
  });

  it('a malformed file is refused with BAD_CONFIG naming the file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "topics": [ 42 ] }');
    expect(() => loadVocabulary([path])).toThrow(TalkgraphError);
    expect(() => loadVocabulary([path])).toThrow(new RegExp(`${path}: topics\\[0\\]`));
    writeFileSync(path, 'not json');
    expect(() => loadVocabulary([path])).toThrow(/not valid JSON/);
    expect(() => loadVocabulary([join(dir, 'missing.json')])).toThrow(
      /cannot read the vocabulary \(ENOENT\)/,
    );
  });
});

// Our relevance judgments for the seed talks: for each talk, the talks that must be among its three
// most related, and why. They test the ranking on subjects, not on exact scores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relatedTalks } from '../../src/graph/related-talks.js';
import { decodeDocument } from '../../src/ingest/document-source.js';
import { extractSource } from '../../src/ingest/extract.js';
import { storeExtraction } from '../../src/ingest/ingest.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { readSeed, sharedAvailable } from '../support/seeds.js';

const judgments: { talk: string; top3: string[]; why: string }[] = [
  {
    talk: 'Serializing Data in Go',
    top3: ['Floating-point Number Parsing'],
    why: 'both turn bytes into values (encoding and decoding)',
  },
  {
    talk: 'Floating-point Number Parsing',
    top3: ['Serializing Data in Go'],
    why: 'the same, seen from the parser',
  },
  {
    talk: 'Goroutines and Thread Safe Data Structures',
    top3: ['Goroutines: Under the Hood'],
    why: 'both about goroutines and concurrency',
  },
  {
    talk: 'Goroutines: Under the Hood',
    top3: ['Goroutines and Thread Safe Data Structures'],
    why: 'the same pair, the other way',
  },
  {
    talk: 'White Water Rafting',
    top3: ['Designing for Failure', 'Low Coordination Distributed'],
    why: 'consensus is a distributed-systems problem; fault tolerance is what it buys',
  },
  {
    talk: 'Observability and Measurement',
    top3: ['Finding a Needle in Haystacks', 'Process Introspection in Production'],
    why: 'observability, in 2020 and (pprof, expvar metrics) in 2016',
  },
  {
    talk: 'Process Introspection in Production',
    top3: ['Observability and Measurement'],
    why: 'looking inside running processes is observability, four years apart',
  },
  {
    talk: "Taming Vault's Test",
    top3: ['Refactor your Go code with Confidence'],
    why: 'test suites that make change safe, 2020 and 2016',
  },
  {
    talk: 'Graph Databases in Go',
    top3: ["Go's Runtime Related Problems in TiDB"],
    why: 'both are databases written in Go',
  },
  {
    talk: 'Low Coordination Distributed Time Series Database',
    top3: ['Graph Databases in Go'],
    why: 'two database designs, across events',
  },
  {
    talk: 'Cleaning up your Go code with Interfaces',
    top3: ['Refactor your Go code with Confidence'],
    why: 'code quality: abstractions and refactoring',
  },
  {
    talk: 'High Performance Manual Memory Management',
    top3: ['Intuitive Performance'],
    why: 'performance work',
  },
];

describe.runIf(sharedAvailable).each(backends)('relevance on the seeds (%s)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let titles: Map<number, string>;
  let related: Map<number, string[]>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    for (const prefix of ['000', '001']) {
      const seed = readSeed(prefix);
      const source = decodeDocument(seed.name, new TextEncoder().encode(seed.text));
      await store.db.transaction((tx) =>
        storeExtraction(tx, store.predicates, source, extractSource(source, {})),
      );
    }
    const talks = await store.db.query<{ id: number; label: string }>(
      `select id, label from node where kind = 'talk'`,
    );
    titles = new Map(talks.map((t) => [t.id, t.label]));
    const ranked = await relatedTalks(store.db, store.predicates, [...titles.keys()], 3);
    related = new Map([...ranked].map(([id, list]) => [id, list.map((r) => r.talk.label)]));
  });
  afterAll(() => dispose?.());

  const top3Of = (prefix: string) => {
    const id = [...titles].find(([, title]) => title.startsWith(prefix))?.[0];
    if (id === undefined) throw new Error(`no talk "${prefix}"`);
    return related.get(id) ?? [];
  };

  it.each(judgments)('$talk: $why', ({ talk, top3 }) => {
    const found = top3Of(talk);
    for (const expected of top3)
      expect(
        found.some((title) => title.startsWith(expected)),
        `${expected} in ${found.join(' | ')}`,
      ).toBe(true);
  });
});

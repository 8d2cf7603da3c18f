import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/ingest/document-source.js';
import { extractSource } from '../../src/ingest/extract.js';
import { storeExtraction } from '../../src/ingest/ingest.js';
import type { RunningServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import { graphql, serve } from '../support/graph.js';
import { readSeed, sharedAvailable } from '../support/seeds.js';

describe.runIf(sharedAvailable).each(backends)('the API over the seeds on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const gql = (query: string, variables?: Record<string, unknown>) => graphql(server, query, variables);

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    for (const prefix of ['000', '001']) {
      const seed = readSeed(prefix);
      const source = decodeDocument(seed.name, new TextEncoder().encode(seed.text));
      await store.db.transaction((tx) =>
        storeExtraction(tx, store.predicates, source, extractSource(source, {})),
      );
    }
    server = await serve(store);
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('finds people by name without accents, with a typo, and by handle', async () => {
    const top = async (text: string) => {
      const { data, errors } = await gql(
        'query($t: String!) { search(text: $t, first: 3) { entity { kind label } } }',
        { t: text },
      );
      expect(errors).toBeUndefined();
      return data.search[0]?.entity;
    };
    expect(await top('veronica lopez')).toEqual({ kind: 'speaker', label: 'Verónica López' });
    expect(await top('Jesus Espino')).toEqual({ kind: 'speaker', label: 'Jesús Espino' });
    expect(await top('Barak Michner')).toEqual({ kind: 'speaker', label: 'Barak Michener' });
    expect(await top('bmizerany')).toEqual({ kind: 'speaker', label: 'Blake Mizerany' });
    expect(await top('kena')).toEqual({ kind: 'speaker', label: 'Raphael Poss' });
  });

  it('walks from a speaker to organizations, talks, events and back', async () => {
    const { data, errors } = await gql(`{
      speaker(slug: "david-calavera") { name handle affiliations { organization { name members { name } } role relation }
        talks { nodes { title event { name year city venue } } } sources { format } }
      organization(slug: "retailnext") { members { name } }
      event(slug: "go-systems-conf-2020") { talks(first: 1) { totalCount nodes { title position } } speakers { totalCount } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.speaker).toMatchObject({
      name: 'David Calavera',
      handle: 'calavera',
      // Read as plain text: the recap and the listing go through one reader.
      sources: [{ format: 'text' }],
    });
    expect(data.speaker.affiliations).toEqual(
      expect.arrayContaining([
        {
          organization: { name: 'Netlify', members: [{ name: 'David Calavera' }] },
          role: 'head of engineering',
          relation: 'works_at',
        },
        {
          organization: { name: 'Docker', members: [{ name: 'David Calavera' }] },
          role: 'contributor',
          relation: 'contributes_to',
        },
      ]),
    );
    expect(data.speaker.talks.nodes[0].event).toEqual({
      name: 'GopherFest Summer 2016',
      year: 2016,
      city: 'San Francisco',
      venue: 'Bently Reserve',
    });
    expect(data.organization.members.map((m: { name: string }) => m.name).sort()).toEqual([
      'Muir Manders',
      'Peter Sanford',
    ]);
    expect(data.event.talks.totalCount).toBe(17);
    expect(data.event.talks.nodes[0]).toEqual({ title: 'import "chaos"', position: 1 });
    expect(data.event.speakers.totalCount).toBe(18);
  });

  it('answers the five-level traversal in at most 10 SQL statements', async () => {
    let statements = 0;
    const stop = store.db.onStatement(() => {
      statements++;
    });
    try {
      const { errors, data } = await gql(`{ speakers(first: 20) { nodes { talks { nodes { topics { topic {
        talks(first: 10) { nodes { speakers { name } } } } } } } } } }`);
      expect(errors).toBeUndefined();
      expect(data.speakers.nodes).toHaveLength(20);
    } finally {
      stop();
    }
    expect(statements).toBeLessThanOrEqual(10);
  });
});

import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTalkgraphError } from '../../src/errors.js';
import { exportPageSize } from '../../src/store/export/graph-pages.js';
import { jsonLdExporter } from '../../src/store/export/jsonld.js';
import { defaultIriBase, entityIri } from '../../src/store/rdf.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  acme,
  collect,
  consensus,
  consensusTalk,
  floatingTalk,
  harbor,
  harborFacts,
  quarry,
  quarryFacts,
  quarryTalk,
  ravi,
  untimedTalk,
  writeSchedule,
  zoe,
} from '../support/schedule.js';

const s = 'http://schema.org/';
const base = 'https://talks.example.org/id/';
const iri = (node: { kind: string; slug: string }) => entityIri(base, node.kind, node.slug);

/**
 * schema.org's context, cut down to the terms the export may use, with the same IRIs and @id typing
 * as the published one: a term missing here fails expansion in safe mode, so a misspelt or invented
 * term fails the test. Served locally: tests use no network.
 */
const schemaOrgTerms = [
  'Event',
  'Place',
  'PostalAddress',
  'Person',
  'Organization',
  'DefinedTerm',
  'EmployeeRole',
  'OrganizationRole',
  'name',
  'alternateName',
  'description',
  'startDate',
  'endDate',
  'location',
  'address',
  'addressLocality',
  'subEvent',
  'superEvent',
  'inLanguage',
  'performer',
  'about',
  'identifier',
  'worksFor',
  'affiliation',
  'roleName',
];
const schemaOrgContext = {
  '@context': {
    ...Object.fromEntries(schemaOrgTerms.map((term) => [term, `${s}${term}`])),
    url: { '@id': `${s}url`, '@type': '@id' },
    sameAs: { '@id': `${s}sameAs`, '@type': '@id' },
  },
};
const documentLoader = async (url: string) => {
  if (url !== 'https://schema.org' && url !== 'https://schema.org/') throw new Error(`no network: ${url}`);
  return { contextUrl: undefined, document: schemaOrgContext, documentUrl: url };
};

type Quad = { s: string; p: string; o: string };

/** The document as RDF, through the same expansion any JSON-LD consumer does. */
async function quadsOf(document: unknown): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(
    document as jsonld.JsonLdDocument,
    {
      format: 'application/n-quads',
      documentLoader,
      safe: true,
    } as jsonld.Options.ToRdf,
  )) as unknown as string;
  return nquads
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^(\S+) (\S+) (.+) \.$/.exec(line);
      if (!match) throw new Error(`not an N-Quads line: ${line}`);
      return { s: match[1] as string, p: match[2] as string, o: match[3] as string };
    });
}

const node = (value: string) => `<${value}>`;
const text = (value: string) => JSON.stringify(value);
const objects = (quads: Quad[], subject: string, property: string) =>
  quads.filter((q) => q.s === subject && q.p === node(`${s}${property}`)).map((q) => q.o);

describe.each(backends)('the JSON-LD export on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeSchedule(store, 'harbor.md', harborFacts());
    await writeSchedule(store, 'quarry.md', quarryFacts());
  });
  afterAll(async () => {
    await dispose?.();
  });

  const exported = async (event: string | null) =>
    JSON.parse(await collect(jsonLdExporter(store, { event, iriBase: base })));

  it('describes a talk with two speakers, times, room, topic and an affiliation in schema.org terms', async () => {
    const quads = await quadsOf(await exported(harbor.slug));
    const talk = node(iri(consensusTalk));
    const has = (subject: string, property: string, object: string) =>
      expect(objects(quads, subject, property)).toContain(object);

    has(node(iri(harbor)), 'subEvent', talk);
    has(talk, 'name', text('Consensus, Quorums; and Clocks'));
    expect(quads).toContainEqual({
      s: talk,
      p: '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>',
      o: node(`${s}Event`),
    });
    has(talk, 'startDate', text('2024-06-22T09:30:00+01:00'));
    has(talk, 'endDate', text('2024-06-22T10:15:00+01:00'));
    has(talk, 'inLanguage', text('en'));
    has(talk, 'url', node('https://harbor.example/2024/consensus'));
    has(talk, 'identifier', text('5f0c6f2e-8a49-4f7b-9a53-0f4b9b0c2d11'));
    const [room] = objects(quads, talk, 'location');
    has(room as string, 'name', text('Room A'));
    has(talk, 'about', node(iri(consensus)));
    has(node(iri(consensus)), 'name', text('consensus'));
    expect(objects(quads, talk, 'performer').sort()).toEqual([node(iri(ravi)), node(iri(zoe))].sort());

    // The track is an event of its own inside the conference.
    const [track] = objects(quads, talk, 'superEvent');
    has(track as string, 'name', text('Distributed Systems'));
    has(track as string, 'superEvent', node(iri(harbor)));

    const person = node(iri(zoe));
    has(person, 'name', text('Zoë Núñez'));
    has(person, 'alternateName', text('Zoe Nunez'));
    has(person, 'description', text('Builds databases that agree.'));
    has(person, 'sameAs', node('https://zoe.example/'));
    // A role stands between the person and the organization (schema.org's Role pattern).
    const [role] = objects(quads, person, 'worksFor');
    has(role as string, 'roleName', text('staff engineer'));
    has(role as string, 'worksFor', node(iri(acme)));
    has(node(iri(ravi)), 'worksFor', node(iri(acme)));
    has(node(iri(acme)), 'name', text('Acme Cloud'));

    const [place] = objects(quads, node(iri(harbor)), 'location');
    has(place as string, 'name', text('Tejo Hall'));
    const [address] = objects(quads, place as string, 'address');
    has(address as string, 'addressLocality', text('Lisbon'));
    has(node(iri(harbor)), 'startDate', text('2024-06-21'));
    has(node(iri(harbor)), 'endDate', text('2024-06-22'));
  });

  it('lists performers in billing order and talks in the event’s order', async () => {
    const document = await exported(harbor.slug);
    const [event] = document['@graph'];
    expect(event.subEvent.map((talk: { '@id': string }) => talk['@id'])).toEqual([
      iri(consensusTalk),
      iri(floatingTalk),
      iri(untimedTalk),
    ]);
    expect(event.subEvent[0].performer.map((p: { name: string }) => p.name)).toEqual([
      'Zoë Núñez',
      'Ravi Iyer',
    ]);
    expect(document['@context']).toEqual(['https://schema.org', { tg: `${base}vocab/` }]);
    expect(event.subEvent[0]['tg:format']).toBe('talk');
  });

  it('exports one event with only its talks and the people they name', async () => {
    const quads = await quadsOf(await exported(quarry.slug));
    const subjects = new Set(quads.map((q) => q.s));
    expect(subjects).toContain(node(iri(quarryTalk)));
    expect(subjects).toContain(node(iri(zoe)));
    expect(subjects).not.toContain(node(iri(consensusTalk)));
    expect(subjects).not.toContain(node(iri(ravi)));
  });

  it('exports every event, and talks placed at none, when no event is given', async () => {
    await writeSchedule(store, 'loose.md', [
      {
        subject: { kind: 'talk', slug: 'a-loose-talk', label: 'A Loose Talk' },
        predicate: 'has_speaker',
        object: { node: ravi },
        position: 1,
      },
    ]);
    const quads = await quadsOf(await exported(null));
    const subjects = new Set(quads.map((q) => q.s));
    for (const entity of [harbor, quarry, consensusTalk, quarryTalk, zoe, ravi, acme]) {
      expect(subjects).toContain(node(iri(entity)));
    }
    expect(subjects).toContain(node(entityIri(base, 'talk', 'a-loose-talk')));
  });

  it('names an unknown event in a NOT_FOUND error', async () => {
    const error = await collect(jsonLdExporter(store, { event: 'no-such-event', iriBase: base })).catch(
      (e) => e,
    );
    expect(isTalkgraphError(error) && error.code).toBe('NOT_FOUND');
    expect(String(error.message)).toContain('no-such-event');
  });

  it('pages through an event with more talks than one page, each talk once', async () => {
    const big = { kind: 'event', slug: 'big-conf-2025', label: 'Big Conf 2025' };
    const count = exportPageSize * 2 + 7;
    await writeSchedule(
      store,
      'big.md',
      Array.from({ length: count }, (_, i) => ({
        subject: { kind: 'talk', slug: `big-talk-${i}`, label: `Big Talk ${i}` },
        predicate: 'presented_at',
        object: { node: big },
        // Some without a position: they come after the positioned ones.
        ...(i % 5 === 0 ? {} : { position: count - i }),
      })),
    );
    const chunks: string[] = [];
    let statements = 0;
    const stop = store.db.onStatement(() => {
      statements += 1;
    });
    try {
      for await (const chunk of jsonLdExporter(store, { event: big.slug, iriBase: defaultIriBase })) {
        chunks.push(chunk);
      }
    } finally {
      stop();
    }
    // Two statements a page of talks (the page, then its facts), not one a talk.
    expect(statements).toBeLessThanOrEqual(2 + 2 * Math.ceil(count / exportPageSize));
    expect(chunks.length).toBeGreaterThan(3); // streamed, not built whole
    const [event] = JSON.parse(chunks.join(''))['@graph'];
    const ids: string[] = event.subEvent.map((talk: { '@id': string }) => talk['@id']);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    const talkIri = (i: number) => entityIri(defaultIriBase, 'talk', `big-talk-${i}`);
    const indexes = Array.from({ length: count }, (_, i) => i);
    const positioned = indexes.filter((i) => i % 5 !== 0).sort((a, b) => count - a - (count - b));
    expect(ids.slice(0, positioned.length)).toEqual(positioned.map(talkIri));
    expect(new Set(ids.slice(positioned.length))).toEqual(
      new Set(indexes.filter((i) => i % 5 === 0).map(talkIri)),
    );
  });
});

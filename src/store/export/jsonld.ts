// The graph as JSON-LD in schema.org terms, for web pages and search engines: events with their
// talks as `subEvent`s, then the people and organizations those talks name. Written a page of
// talks at a time; only the ids of the people and organizations still to write are kept.
// docs/formats.md gives the mapping.
import type { NodeRow } from '../nodes.js';
import { entityIri, vocabularyIri } from '../rdf.js';
import { slugify } from '../slug.js';
import type { Store } from '../store.js';
import type { Exporter, ExportOptions } from './exporter.js';
import {
  type Entity,
  eventPages,
  eventTalkPages,
  exportPageSize,
  literalOf,
  literalsOf,
  loadEntities,
  loadNodeRows,
  objectsOf,
  talkPages,
} from './graph-pages.js';

type Json = Record<string, unknown>;

/** Absent, the one value, or all of them: the usual JSON-LD shape for a property. */
const oneOrMany = <T>(values: readonly T[]): T | T[] | undefined =>
  values.length === 0 ? undefined : values.length === 1 ? values[0] : [...values];

/** A list whose order matters (performers in billing order): always an array, absent when empty. */
const nonEmpty = <T>(values: T[]): T[] | undefined => (values.length === 0 ? undefined : values);

const entityId = (base: string, node: NodeRow) => entityIri(base, node.kind, node.slug);

/** A reference with the name inline, for consumers that read one object without following ids. */
const ref = (base: string, node: NodeRow, type: string): Json => ({
  '@id': entityId(base, node),
  '@type': type,
  name: node.label,
});

/** Only absolute http(s) URLs are links; anything else a source called a URL is left out. */
const webUrls = (entity: Entity): string[] =>
  literalsOf(entity, 'url').flatMap((url) => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? [parsed.href] : [];
    } catch {
      return [];
    }
  });

function eventJson(base: string, event: Entity): Json {
  const venue = literalOf(event, 'venue');
  const city = literalOf(event, 'city');
  return {
    '@id': entityId(base, event),
    '@type': 'Event',
    name: event.label,
    alternateName: oneOrMany(literalsOf(event, 'alias')),
    startDate: literalOf(event, 'start_date'),
    endDate: literalOf(event, 'end_date'),
    location:
      venue || city
        ? {
            '@type': 'Place',
            name: venue,
            address: city ? { '@type': 'PostalAddress', addressLocality: city } : undefined,
          }
        : undefined,
    url: oneOrMany(webUrls(event)),
    identifier: oneOrMany(literalsOf(event, 'identifier')),
  };
}

/**
 * A talk is a schema.org Event inside its event. A track is an Event too (the talk's superEvent,
 * itself inside the event), named by a fragment of the event's IRI so that its talks share it.
 */
function talkJson(base: string, talk: Entity, event: NodeRow | null): Json {
  const room = literalOf(talk, 'room');
  const tracks = literalsOf(talk, 'track').map((track) => ({
    ...(event
      ? { '@id': `${entityId(base, event)}#track-${slugify(track) || encodeURIComponent(track)}` }
      : {}),
    '@type': 'Event',
    name: track,
    ...(event ? { superEvent: { '@id': entityId(base, event) } } : {}),
  }));
  return {
    '@id': entityId(base, talk),
    '@type': 'Event',
    name: talk.label,
    description: literalOf(talk, 'abstract'),
    startDate: literalOf(talk, 'starts_at'),
    endDate: literalOf(talk, 'ends_at'),
    location: room ? { '@type': 'Place', name: room } : undefined,
    inLanguage: literalOf(talk, 'language'),
    // Billing order: the facts are read by position.
    performer: nonEmpty(objectsOf(talk, 'has_speaker').map(({ node }) => ref(base, node, 'Person'))),
    about: oneOrMany(objectsOf(talk, 'has_topic').map(({ node }) => ref(base, node, 'DefinedTerm'))),
    superEvent: oneOrMany(tracks),
    url: oneOrMany(webUrls(talk)),
    identifier: oneOrMany(literalsOf(talk, 'identifier')),
    'tg:format': literalOf(talk, 'format'),
  };
}

/**
 * An organization the person works at (`worksFor`) or contributes to (`affiliation`); a role
 * follows schema.org's Role pattern: the Role stands between the two and repeats the property.
 */
function affiliations(base: string, person: Entity, predicate: string, property: string, role: string) {
  return objectsOf(person, predicate)
    .filter(({ node }) => node.kind === 'organization')
    .map(({ node, qualifier }) =>
      qualifier
        ? { '@type': role, roleName: qualifier, [property]: ref(base, node, 'Organization') }
        : ref(base, node, 'Organization'),
    );
}

function personJson(base: string, person: Entity): Json {
  return {
    '@id': entityId(base, person),
    '@type': 'Person',
    name: person.label,
    alternateName: oneOrMany(literalsOf(person, 'alias')),
    description: literalOf(person, 'bio'),
    // Only links a source gave: a bare handle does not say which site it is on.
    sameAs: oneOrMany(webUrls(person)),
    identifier: oneOrMany(literalsOf(person, 'identifier')),
    'tg:handle': oneOrMany(literalsOf(person, 'handle')),
    worksFor: oneOrMany(affiliations(base, person, 'works_at', 'worksFor', 'EmployeeRole')),
    affiliation: oneOrMany(affiliations(base, person, 'contributes_to', 'affiliation', 'OrganizationRole')),
  };
}

function organizationJson(base: string, organization: Entity): Json {
  return {
    '@id': entityId(base, organization),
    '@type': 'Organization',
    name: organization.label,
    alternateName: oneOrMany(literalsOf(organization, 'alias')),
    url: oneOrMany(webUrls(organization)),
    identifier: oneOrMany(literalsOf(organization, 'identifier')),
  };
}

/** The compacted context: schema.org's terms, and `tg:` for the facts schema.org has no term for. */
export const jsonLdContext = (iriBase: string) => ['https://schema.org', { tg: vocabularyIri(iriBase) }];

export const jsonLdExporter: Exporter = (store, options) => writeJsonLd(store, options);

async function* writeJsonLd(store: Store, { event, iriBase }: ExportOptions): AsyncGenerator<string> {
  // Resolving the events first makes an unknown slug fail before any text is written.
  const events = eventPages(store, event);
  const first = await events.next();
  yield `{"@context":${JSON.stringify(jsonLdContext(iriBase))},\n"@graph":[`;
  let separator = '\n';
  const people = new Set<number>();
  const organizations = new Set<number>();

  /** A page of talks at a time, as JSON lines; their speakers are noted to write afterwards. */
  async function* talkLines(pages: AsyncIterable<NodeRow[]>, parent: NodeRow | null) {
    for await (const page of pages) {
      const lines: string[] = [];
      for (const talk of await loadEntities(store, page)) {
        for (const { node } of objectsOf(talk, 'has_speaker')) people.add(node.id);
        lines.push(JSON.stringify(talkJson(iriBase, talk, parent)));
      }
      yield lines.join(',\n');
    }
  }

  if (!first.done) {
    const pages = (async function* () {
      yield first.value;
      yield* events;
    })();
    for await (const page of pages) {
      for (const eventEntity of await loadEntities(store, page)) {
        // The event's own fields, then its talks streamed into the open subEvent array.
        const head = JSON.stringify(eventJson(iriBase, eventEntity));
        yield `${separator}${head.slice(0, -1)},"subEvent":[`;
        let inner = '\n';
        for await (const lines of talkLines(eventTalkPages(store, eventEntity.id), eventEntity)) {
          yield inner + lines;
          inner = ',\n';
        }
        yield '\n]}';
        separator = ',\n';
      }
    }
  }
  // The whole graph also holds talks that no source placed at an event.
  const unplaced = event === null ? talkLines(talkPages(store, { withoutEvent: true }), null) : [];
  for await (const lines of unplaced) {
    yield separator + lines;
    separator = ',\n';
  }
  for await (const page of entityPages(store, people)) {
    const lines = page.map((person) => {
      for (const predicate of ['works_at', 'contributes_to']) {
        for (const { node } of objectsOf(person, predicate)) {
          if (node.kind === 'organization') organizations.add(node.id);
        }
      }
      return JSON.stringify(personJson(iriBase, person));
    });
    yield separator + lines.join(',\n');
    separator = ',\n';
  }
  for await (const page of entityPages(store, organizations)) {
    const lines = page.map((organization) => JSON.stringify(organizationJson(iriBase, organization)));
    yield separator + lines.join(',\n');
    separator = ',\n';
  }
  yield '\n]}\n';
}

/** The entities with these ids, a page at a time, in id order. */
async function* entityPages(store: Store, ids: ReadonlySet<number>): AsyncGenerator<Entity[]> {
  const sorted = [...ids].sort((a, b) => a - b);
  for (let start = 0; start < sorted.length; start += exportPageSize) {
    const rows = await loadNodeRows(store, sorted.slice(start, start + exportPageSize));
    yield loadEntities(store, rows);
  }
}

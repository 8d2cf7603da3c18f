// An extracted document → the nodes and facts to store, keyed by (kind, slug). Pure: identity
// across documents that needs the database (a handle seen before) is settled by the writer.
import type { Fact, FactNode } from '../store/facts.js';
import { literalProblem, predicates } from '../store/ontology.js';
import { slugify } from '../store/slug.js';

export type { Fact, FactNode, FactObject } from '../store/facts.js';

import type { ExtractedDocument, ExtractedTalk, ParsedEvent } from './types.js';

export interface DocumentFacts {
  facts: Fact[];
  talks: number;
  speakers: number;
  topics: number;
}

const node = (kind: string, label: string, slug = slugify(label)): FactNode => ({ kind, slug, label });

function eventNode(event: ParsedEvent): FactNode {
  const label =
    event.year && !event.name.includes(String(event.year)) ? `${event.name} ${event.year}` : event.name;
  return node('event', label);
}

/**
 * A talk is identified by its title within its event ("Keynote" at two conferences is two talks);
 * without an event, within its document; when one document has two talks of that title, by their
 * first speaker too.
 */
function talkNode(
  talk: ExtractedTalk,
  event: FactNode | null,
  documentName: string,
  titleShared: boolean,
): FactNode {
  const scope = event ? event.slug : slugify(documentName);
  // Two talks of one title in one document ("Keynote", "Why Rust?") are told apart by their speakers.
  const by = titleShared && talk.speakers[0] ? `-by-${slugify(talk.speakers[0].name)}` : '';
  return node('talk', talk.title, `${slugify(talk.title) || 'talk'}${by}-${scope}`);
}

/** A talk's schedule fields and the predicates that store them. */
const scheduleFacts = ({ schedule }: ExtractedTalk): [string, string | null][] => [
  ['starts_at', schedule.startsAt],
  ['ends_at', schedule.endsAt],
  ['room', schedule.room],
  ['track', schedule.track],
  ['language', schedule.language],
  ['url', schedule.url],
  ['identifier', schedule.identifier],
];

export function documentFacts(document: ExtractedDocument, documentName: string): DocumentFacts {
  const facts: Fact[] = [];
  const speakers = new Set<string>();
  const topics = new Set<string>();
  const event = document.event ? eventNode(document.event) : null;

  if (event && document.event) {
    const { year, city, venue, span } = document.event;
    if (year) facts.push({ subject: event, predicate: 'year', object: { value: String(year) }, span });
    if (city) facts.push({ subject: event, predicate: 'city', object: { value: city }, span });
    if (venue) facts.push({ subject: event, predicate: 'venue', object: { value: venue }, span });
    const { startDate, endDate, url } = document.event;
    if (startDate)
      facts.push({ subject: event, predicate: 'start_date', object: { value: startDate }, span });
    if (endDate) facts.push({ subject: event, predicate: 'end_date', object: { value: endDate }, span });
    if (url) facts.push({ subject: event, predicate: 'url', object: { value: url }, span });
  }

  const titles = new Map<string, number>();
  for (const talk of document.talks)
    titles.set(slugify(talk.title), (titles.get(slugify(talk.title)) ?? 0) + 1);
  for (const talk of document.talks) {
    const subject = talkNode(talk, event, documentName, (titles.get(slugify(talk.title)) ?? 0) > 1);
    const span = talk.span;
    if (event)
      facts.push({
        subject,
        predicate: 'presented_at',
        object: { node: event },
        position: talk.position,
        span,
      });
    facts.push({ subject, predicate: 'format', object: { value: talk.kind }, span });
    for (const [predicate, value] of scheduleFacts(talk)) {
      if (value) facts.push({ subject, predicate, object: { value }, span });
    }
    if (talk.abstract) {
      facts.push({ subject, predicate: 'abstract', object: { value: talk.abstract }, span });
      facts.push({
        subject,
        predicate: 'abstract_truncated',
        object: { value: String(talk.abstractTruncated) },
        span,
      });
    }
    const speakerNodes = talk.speakers.map((speaker, index) => {
      const person = node('speaker', speaker.name);
      speakers.add(person.slug);
      facts.push({
        subject,
        predicate: 'has_speaker',
        object: { node: person },
        position: index + 1,
        // How sure the reader is of this talk and its speakers (Triple.confidence in the API).
        confidence: talk.confidence,
        span: speaker.span ?? span,
      });
      if (speaker.handle) {
        facts.push({
          subject: person,
          predicate: 'handle',
          object: { value: speaker.handle.toLowerCase() },
          span: speaker.span,
        });
      }
      for (const [predicate, value] of [
        ['bio', speaker.bio],
        ['url', speaker.url],
        ['identifier', speaker.identifier],
      ] as const) {
        if (value) facts.push({ subject: person, predicate, object: { value }, span: speaker.span });
      }
      for (const alias of speaker.aliases) {
        facts.push({ subject: person, predicate: 'alias', object: { value: alias }, span: speaker.span });
      }
      return person;
    });
    for (const affiliation of talk.affiliations) {
      const person = speakerNodes[affiliation.speaker];
      // A project someone contributes to is an organization too (its team or community); the same
      // name can also be a technology the talk mentions, which stays a separate node.
      const target = node('organization', affiliation.organization);
      if (!person || !target.slug) continue;
      facts.push({
        subject: person,
        predicate: affiliation.relation,
        object: { node: target },
        qualifier: affiliation.role,
        span: affiliation.span,
      });
    }
    for (const tag of talk.topics) {
      topics.add(tag.slug);
      facts.push({
        subject,
        predicate: 'has_topic',
        object: { node: node('topic', tag.label, tag.slug) },
        confidence: tag.confidence,
        qualifier: tag.evidence,
        span,
      });
    }
    for (const mention of talk.mentions) {
      facts.push({
        subject,
        predicate: 'mentions',
        object: { node: node(mention.kind, mention.label, mention.slug) },
        span,
      });
    }
  }
  return {
    facts: facts.filter(isStorable),
    talks: document.talks.length,
    speakers: speakers.size,
    topics: topics.size,
  };
}

const literalTypes = new Map(predicates.map((p) => [p.name, p.objectType]));

/**
 * A value the store would refuse (30 February, 25:00, a `javascript:` link) is left out: one bad
 * value in a document does not keep its talks out of the graph.
 */
function isStorable(fact: Fact): boolean {
  if (!('value' in fact.object)) return true;
  const type = literalTypes.get(fact.predicate);
  return !type || type === 'node' || literalProblem(type, fact.object.value, fact.predicate) === null;
}

// The graph's vocabulary of kinds and predicates. Stored as rows (the graph describes itself) and
// upserted after every migration, so adding a kind or predicate here needs no hand-written SQL.

export interface KindDefinition {
  name: string;
  label: string;
  description: string;
}

export type ObjectType = 'node' | 'string' | 'integer' | 'boolean' | 'datetime';

export interface PredicateDefinition {
  name: string;
  label: string;
  description: string;
  subjectKind: string | null;
  objectType: ObjectType;
  objectKind: string | null;
}

export const kinds: readonly KindDefinition[] = [
  { name: 'talk', label: 'Talk', description: 'A talk, panel or Q&A given at an event.' },
  { name: 'speaker', label: 'Speaker', description: 'A person who gave a talk.' },
  { name: 'event', label: 'Event', description: 'A conference or meetup edition, e.g. "GopherCon 2019".' },
  { name: 'topic', label: 'Topic', description: 'A subject a talk is about, e.g. "consensus".' },
  { name: 'organization', label: 'Organization', description: 'A company, foundation or project team.' },
  { name: 'technology', label: 'Technology', description: 'A named tool, database, protocol or project.' },
  { name: 'document', label: 'Document', description: 'A source document that facts were read from.' },
];

const edge = (
  name: string,
  label: string,
  description: string,
  subjectKind: string | null,
  objectKind: string | null,
): PredicateDefinition => ({ name, label, description, subjectKind, objectType: 'node', objectKind });

const literal = (
  name: string,
  label: string,
  description: string,
  subjectKind: string | null,
  objectType: Exclude<ObjectType, 'node'>,
): PredicateDefinition => ({ name, label, description, subjectKind, objectType, objectKind: null });

export const predicates: readonly PredicateDefinition[] = [
  edge(
    'presented_at',
    'presented at',
    'The event where the talk was given; position is its order.',
    'talk',
    'event',
  ),
  edge(
    'has_speaker',
    'has speaker',
    'A person who gave the talk; position is the billing order.',
    'talk',
    'speaker',
  ),
  edge('has_topic', 'has topic', 'A subject of the talk, with the extractor’s confidence.', 'talk', 'topic'),
  edge('mentions', 'mentions', 'A technology or organization named in the talk’s text.', 'talk', null),
  edge(
    'works_at',
    'works at',
    'Employment or membership; the qualifier holds the role.',
    'speaker',
    'organization',
  ),
  edge(
    'contributes_to',
    'contributes to',
    'Contribution to a project, distinct from employment.',
    'speaker',
    null,
  ),
  literal('abstract', 'abstract', 'The talk’s abstract or write-up.', 'talk', 'string'),
  literal(
    'abstract_truncated',
    'abstract truncated',
    'The source cut the abstract short.',
    'talk',
    'boolean',
  ),
  literal('handle', 'handle', 'The speaker’s social handle, without the @.', 'speaker', 'string'),
  literal('alias', 'also known as', 'Another name for the entity: a nickname or spelling.', null, 'string'),
  literal('year', 'year', 'The year the event took place.', 'event', 'integer'),
  literal('city', 'city', 'The city where the event took place.', 'event', 'string'),
  literal('venue', 'venue', 'The venue where the event took place.', 'event', 'string'),
];

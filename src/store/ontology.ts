// The graph's vocabulary of kinds and predicates. Stored as rows (the graph describes itself) and
// upserted after every migration, so adding a kind or predicate here needs no hand-written SQL.

/** What kind of session a talk is (the `format` predicate's values); the first is the default. */
export const talkFormats = ['talk', 'keynote', 'lightning', 'panel', 'workshop'] as const;
export type TalkFormat = (typeof talkFormats)[number];

export interface KindDefinition {
  name: string;
  label: string;
  description: string;
}

/**
 * A literal's datatype. `datetime` is ISO 8601 with the offset when the source states one
 * ("2024-06-22T09:30:00+02:00"), else the venue's local time ("2024-06-22T09:30:00"); `date` is a
 * calendar day ("2024-06-22").
 */
export type ObjectType = 'node' | 'string' | 'integer' | 'boolean' | 'datetime' | 'date';

export interface PredicateDefinition {
  name: string;
  label: string;
  description: string;
  subjectKind: string | null;
  objectType: ObjectType;
  objectKind: string | null;
}

/**
 * Literal predicates an entity may state several times (other names, handles, pages, tool ids); the
 * others hold one value, and merging two entities keeps the survivor's (src/store/merge.ts).
 */
export const repeatableLiterals: ReadonlySet<string> = new Set(['alias', 'handle', 'url', 'identifier']);

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
  literal('start_date', 'start date', 'The first day of the event.', 'event', 'date'),
  literal('end_date', 'end date', 'The last day of the event.', 'event', 'date'),
  literal('starts_at', 'starts at', 'When the talk starts.', 'talk', 'datetime'),
  literal('ends_at', 'ends at', 'When the talk ends.', 'talk', 'datetime'),
  literal('room', 'room', 'The room or stage the talk is given in.', 'talk', 'string'),
  literal('track', 'track', 'The programme track the talk belongs to.', 'talk', 'string'),
  literal(
    'language',
    'language',
    'The language the talk is given in, as a BCP 47 tag ("en", "de").',
    'talk',
    'string',
  ),
  literal(
    'format',
    'format',
    'What kind of session the talk is: talk, keynote, lightning, panel or workshop.',
    'talk',
    'string',
  ),
  literal('bio', 'biography', 'The speaker’s biography as published.', 'speaker', 'string'),
  literal(
    'url',
    'web page',
    'A web page of the entity: a talk’s page, a speaker’s site or profile.',
    null,
    'string',
  ),
  literal(
    'identifier',
    'identifier',
    'The id a conference tool gives the entity (a GUID, a calendar UID, a session id); the same id in a later export is the same entity.',
    null,
    'string',
  ),
];

const literalForms: Record<Exclude<ObjectType, 'node'>, { pattern: RegExp; example: string }> = {
  string: { pattern: /[^\s]/, example: 'some text' },
  integer: { pattern: /^-?\d{1,15}$/, example: '2024' },
  boolean: { pattern: /^(?:true|false)$/, example: 'true' },
  datetime: {
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?$/,
    example: '2024-06-22T09:30:00+02:00',
  },
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, example: '2024-06-22' },
};

/** Years an event may have: wide enough for any archive, narrow enough to catch a typo (-5, 20240). */
export const eventYears = { first: 1900, last: 2200 } as const;

/** The schemes a stored link may have: what a reader can follow, never script (`javascript:`). */
const linkSchemes = new Set(['http:', 'https:', 'mailto:']);

/**
 * Why `value` cannot be the object of a `type` literal (of `predicate`, when given), or null when it
 * can: the form, then the meaning — a real calendar day and time of day, a year in range, a link a
 * reader can follow.
 */
export function literalProblem(
  type: Exclude<ObjectType, 'node'>,
  value: string,
  predicate?: string,
): string | null {
  const form = literalForms[type];
  if (!form.pattern.test(value)) return `is not a ${type} (e.g. ${JSON.stringify(form.example)})`;
  if (type === 'date' || type === 'datetime') {
    const [year, month, day, hour = 0, minute = 0, second = 0] = (value.match(/\d+/g) ?? []).map(Number);
    const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
    if (!(month && month <= 12 && day && day <= daysInMonth)) return `is not a day of the calendar`;
    if (hour > 23 || minute > 59 || second > 59) return `is not a time of day`;
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
    if (type === 'datetime' && offset && (Number(offset[2]) > 14 || Number(offset[3]) > 59))
      return `has no such UTC offset`;
  }
  if (predicate === 'year') {
    const year = Number(value);
    if (year < eventYears.first || year > eventYears.last)
      return `is not a year between ${eventYears.first} and ${eventYears.last}`;
  }
  if (predicate === 'url') {
    let scheme: string;
    try {
      scheme = new URL(value).protocol;
    } catch {
      return 'is not an absolute link (https://…)';
    }
    if (!linkSchemes.has(scheme)) return `is a ${scheme} link: only http, https and mailto are kept`;
  }
  return null;
}

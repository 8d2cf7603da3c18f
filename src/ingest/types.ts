// The plain data that flows from documents to facts. Parsers produce a ParsedDocument; the
// topic and mention extractors annotate talks; src/ingest/facts.ts turns the result into triples.
// Nothing here knows about the database.

import type { Span } from '../store/facts.js';
import type { TalkFormat } from '../store/ontology.js';

export type { Span };

/**
 * How a document is read: by the parser of its markup or data format. Every markup (and plain text)
 * becomes the same document tree; every data file the same tree of records. `auto` is only an input
 * to `parseDocument`, never a result.
 */
export const documentFormats = [
  'markdown',
  'html',
  'org',
  'asciidoc',
  'rst',
  'latex',
  'mediawiki',
  'text',
  'json',
  'yaml',
  'csv',
  'xml',
  'ical',
] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/**
 * Conference tools' names, accepted as formats: an export is read by its meaning like any data
 * file, so naming the tool only fixes the container it writes (pretalx: JSON, or XML in frab's
 * schedule format; Sessionize: JSON; iCalendar exports are 'ical').
 */
export const scheduleTools = {
  pretalx: ['json', 'xml'],
  frab: ['xml', 'json'],
  pentabarf: ['xml'],
  sessionize: ['json'],
} as const satisfies Record<string, readonly DocumentFormat[]>;
export type ScheduleTool = keyof typeof scheduleTools;

/** What a talk is, as the document says or its title shows: one of the store's talk formats. */
export type TalkKind = TalkFormat;

/**
 * Where and when a talk is given, and how its conference tool knows it. Times are ISO 8601 with
 * the offset when the source states one, else the venue's local time; language is a BCP 47 tag;
 * identifier is the tool's id (GUID, calendar UID, session id), so a later export of the same
 * programme updates the same talks.
 */
export interface TalkSchedule {
  startsAt: string | null;
  endsAt: string | null;
  room: string | null;
  track: string | null;
  language: string | null;
  url: string | null;
  identifier: string | null;
}

export const noSchedule: TalkSchedule = {
  startsAt: null,
  endsAt: null,
  room: null,
  track: null,
  language: null,
  url: null,
  identifier: null,
};

export interface ParsedEvent {
  /** The event's name as written, without the year or words like "Recap" ("GopherFest Summer"). */
  name: string;
  year: number | null;
  /** Expanded city name ("SF" → "San Francisco"). */
  city: string | null;
  venue: string | null;
  /** First and last day ("2024-06-22"), as the source states them or as its talks' times span. */
  startDate?: string | null;
  endDate?: string | null;
  /** The event's web page. */
  url?: string | null;
  span: Span | null;
}

export interface ParsedSpeaker {
  /** Display name exactly as written, accents kept, nickname quotes removed ("Raphael Poss"). */
  name: string;
  /** Other names for the same person found in the document: nicknames ("kena"), other spellings. */
  aliases: string[];
  /** Social handle without the "@" ("bmizerany"), when stated. */
  handle: string | null;
  /** Biography, web page and the conference tool's id, as a schedule export gives them. */
  bio?: string | null;
  url?: string | null;
  identifier?: string | null;
  span: Span | null;
}

/** How a speaker relates to an organization, read from prose. */
export type AffiliationRelation = 'works_at' | 'contributes_to';

export interface ParsedAffiliation {
  /** Index into the talk's `speakers`. */
  speaker: number;
  organization: string;
  relation: AffiliationRelation;
  /** Normalized role when stated ("engineer", "founder", "head of engineering", "staff member"). */
  role: string | null;
  /** The sentence that states it. */
  span: Span | null;
}

export interface ParsedTalk {
  title: string;
  /** Abstract or write-up paragraphs joined by blank lines; null when the document has none. */
  abstract: string | null;
  /** True when the abstract ends in an ellipsis that cut it short. */
  abstractTruncated: boolean;
  speakers: ParsedSpeaker[];
  affiliations: ParsedAffiliation[];
  /** 1-based position of the talk within the document. */
  position: number;
  span: Span;
  /** Talk, keynote, lightning talk, panel or workshop. */
  kind: TalkKind;
  schedule: TalkSchedule;
  /** How sure the reader is that this is a talk with these speakers, in (0, 1]. */
  confidence: number;
  /** What each field was read from and what weighed in the decision. */
  evidence: FieldEvidence[];
}

/** One feature's part in a decision: its value and the weight the model gives it. */
export interface Signal {
  feature: string;
  value: number;
  weight: number;
}

/** Why a field of a talk was read as it was: where it stands and the features that weighed most. */
export interface FieldEvidence {
  field: 'title' | 'speakers' | 'talk';
  /** 1-based line of the document the field was read from (0 when the source has no lines). */
  line: number;
  /** How: a whole line, a cut of a line at a separator, nested lines, a data key, prose, the document's context. */
  source: 'line' | 'cut' | 'nested lines' | 'key' | 'prose' | 'context';
  /** The separator of a cut ("by", "—", "("), or null. */
  separator: string | null;
  /** The label, column header or key the field stands under, or null. */
  label: string | null;
  /** The model's probability for this reading, in [0, 1]. */
  probability: number;
  /** The features that moved the decision most, strongest first. */
  signals: Signal[];
}

/** A record that read as a programme item but not as a talk (a break, a declined proposal). */
export interface SkippedRecord {
  title: string;
  /** 1-based line number, 0 when the source has no lines (JSON). */
  line: number;
  reason: string;
}

export interface ParsedDocument {
  format: DocumentFormat;
  event: ParsedEvent | null;
  talks: ParsedTalk[];
  /**
   * Entries that were not read as talks, each with its reason: counted in every ingest's summary,
   * listed by --dry-run and the API, never stored. Nothing a programme lists is dropped silently.
   */
  skipped: SkippedRecord[];
}

/** Skipped entries counted by reason, most frequent first: "no speaker named" × 3. */
export function skippedByReason(skipped: readonly SkippedRecord[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const entry of skipped) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** A topic tag for one talk: a canonical topic and how confident the extractor is. */
export interface TopicTag {
  /** Canonical display label ("goroutines", "Raft", "distributed systems"). */
  label: string;
  /** ASCII slug, the topic's identity ("goroutine", "raft", "distributed-systems"). */
  slug: string;
  /** In (0, 1]. */
  confidence: number;
  /**
   * The words of the talk's title or abstract that support the tag, as written there: the topic's
   * name or an alias ("Raft"), or, for a wider topic, the narrower topic's words that imply it.
   */
  evidence: string;
}

/** What kind of thing a mention names; becomes the node kind. */
export type MentionKind = 'technology' | 'organization';

export interface Mention {
  label: string;
  slug: string;
  kind: MentionKind;
  span: Span | null;
}

/** A parsed talk with what the extractors add: its topic tags and the things it mentions. */
export interface ExtractedTalk extends ParsedTalk {
  topics: TopicTag[];
  mentions: Mention[];
}

/** Everything Talkgraph reads from one document. */
export interface ExtractedDocument extends Omit<ParsedDocument, 'talks'> {
  talks: ExtractedTalk[];
}

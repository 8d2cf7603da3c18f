// Document text → everything Talkgraph reads from it: the parsed layout, plus topic tags and
// mentions for each talk. Pure: `talkgraph ingest --dry-run` prints exactly this.

import { isTalkgraphError, TalkgraphError } from '../errors.js';
import { type MemberReading, parseDocumentSet } from './document-set.js';
import type { SourceDocument } from './document-source.js';
import { type ParseOptions, parseDocument } from './parse.js';
import { extractMentions } from './topics/mentions.js';
import { extractTopics } from './topics/topics.js';
import type { Vocabulary } from './topics/vocabulary.js';
import type { ExtractedDocument, ExtractedTalk, ParsedDocument } from './types.js';

export type { ExtractedDocument, ExtractedTalk } from './types.js';

export interface ExtractOptions {
  format?: ParseOptions['format'];
  /** The event's name when the document does not state it, or to override what it states. */
  event?: string;
  vocabulary?: Vocabulary;
  /** The document's file name, whose extension says how to read it (.md, .html, .json, .yaml, .csv). */
  name?: string;
}

export function extractDocument(text: string, options: ExtractOptions = {}): ExtractedDocument {
  const parsed = parseDocument(text, {
    format: options.format ?? 'auto',
    event: options.event,
    name: options.name,
  });
  return withTopics(parsed, options);
}

/** A parsed document with each talk's topic tags and mentions. */
function withTopics(parsed: ParsedDocument, options: ExtractOptions): ExtractedDocument {
  const talks = parsed.talks.map((talk): ExtractedTalk => {
    const speakerNames = talk.speakers.flatMap((s) => [s.name, ...s.aliases]);
    const text = talk.abstract ? `${talk.title}\n\n${talk.abstract}` : talk.title;
    // The speakers' organizations are never the talk's topics.
    const organizations = talk.affiliations.map((a) => a.organization);
    return {
      ...talk,
      topics: extractTopics(
        { title: talk.title, abstract: talk.abstract },
        { vocabulary: options.vocabulary, exclude: speakerNames, organizations },
      ),
      mentions: extractMentions(text, { vocabulary: options.vocabulary, exclude: speakerNames }),
    };
  });
  return { ...parsed, talks };
}

export interface SetExtraction {
  source: SourceDocument;
  /** What the file holds: talks, or nothing (a file that gave the set only context, or was skipped). */
  extracted: ExtractedDocument | null;
  /** Why the file could not be read, naming it. */
  error: TalkgraphError | null;
  role: MemberReading['role'];
}

/**
 * Extracts a folder's documents as one set (src/ingest/document-set.ts): data files that refer to
 * each other are read together, pages share the event their index names. Errors name their file.
 */
export function extractSet(sources: readonly SourceDocument[], options: ExtractOptions): SetExtraction[] {
  const readings = parseDocumentSet(sources, { format: options.format ?? 'auto', event: options.event });
  return readings.map((reading, i) => {
    const source = sources[i] as SourceDocument;
    const named = (error: TalkgraphError) =>
      error.message.startsWith(`${source.name}:`)
        ? error
        : new TalkgraphError(error.code, `${source.name}: ${error.message}`, { cause: error });
    return {
      source,
      extracted: reading.document ? withTopics(reading.document, options) : null,
      error: reading.error ? named(reading.error) : null,
      role: reading.role,
    };
  });
}

/** Extracts a document, naming it in any error ("listing.txt: no talk found"). */
export function extractSource(source: SourceDocument, options: ExtractOptions): ExtractedDocument {
  try {
    return extractDocument(source.text, { ...options, name: source.name });
  } catch (error) {
    if (isTalkgraphError(error) && !error.message.startsWith(`${source.name}:`)) {
      throw new TalkgraphError(error.code, `${source.name}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

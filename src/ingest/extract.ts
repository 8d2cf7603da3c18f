// Document text → everything Talkgraph reads from it: the parsed layout, plus topic tags and
// mentions for each talk. Pure: `talkgraph ingest --dry-run` prints exactly this.

import { isTalkgraphError, TalkgraphError } from '../errors.js';
import type { SourceDocument } from './document-source.js';
import { type ParseOptions, parseDocument } from './parse.js';
import { extractMentions } from './topics/mentions.js';
import { extractTopics } from './topics/topics.js';
import type { Vocabulary } from './topics/vocabulary.js';
import type { ExtractedDocument, ExtractedTalk } from './types.js';

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

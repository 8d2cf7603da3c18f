// Document text → talks, speakers, affiliations and the event, in any of the supported layouts
// (detected, or forced with `format`). Pure: no database, no I/O.
import { TalkgraphError } from '../errors.js';
import { detectFormat } from './detect-format.js';
import { looksLikeEventName, parseEventHeading, placeFromProse } from './event-heading.js';
import { parseListingBlocks } from './listing.js';
import { parseMarkdown } from './markdown.js';
import { parseRecapBlocks } from './recap.js';
import { type Block, isChrome, isHeadingLike, isProse, splitBlocks } from './text-blocks.js';
import type { DocumentFormat, ParsedDocument, ParsedEvent } from './types.js';

export interface ParseOptions {
  format?: DocumentFormat | 'auto';
  /** The event's name when the document does not give one; overrides the document's when given. */
  event?: string;
}

const spanOf = (block: Block) => ({ start: block.start, end: block.end });

/** The first block is the event's name when it reads like one, or when a talk title follows it. */
function eventBlock(blocks: readonly Block[]): Block | null {
  const [first, second] = blocks;
  if (first?.lines.length !== 1 || isProse(first) || isChrome(first.text)) return null;
  if (looksLikeEventName(first.text)) return first;
  return second && isHeadingLike(second) ? first : null;
}

function parsePlain(text: string, format: 'listing' | 'recap'): ParsedDocument {
  const blocks = splitBlocks(text);
  const header = eventBlock(blocks);
  const rest = header ? blocks.slice(1) : blocks;
  let event: ParsedEvent | null = header ? parseEventHeading(header.text, spanOf(header)) : null;
  if (format === 'listing') {
    const { talks, unclassified } = parseListingBlocks(rest);
    return { format, event, talks, unclassified };
  }
  const { intro, talks, unclassified } = parseRecapBlocks(rest);
  const prose = intro
    .filter((b) => !isChrome(b.text))
    .map((b) => b.text)
    .join(' ');
  if (prose) {
    const place = placeFromProse(prose);
    if (event) {
      event = { ...event, city: event.city ?? place.city, venue: event.venue ?? place.venue };
    }
  }
  return { format, event, talks, unclassified };
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const format = !options.format || options.format === 'auto' ? detectFormat(text) : options.format;
  let document: ParsedDocument;
  if (format === 'markdown-listing' || format === 'markdown-recap') {
    const result = parseMarkdown(text);
    document = {
      format:
        options.format && options.format !== 'auto'
          ? format
          : result.recap
            ? 'markdown-recap'
            : 'markdown-listing',
      event: result.event,
      talks: result.talks,
      unclassified: result.unclassified,
    };
  } else {
    document = parsePlain(text, format);
  }
  if (options.event?.trim()) {
    const given = parseEventHeading(options.event.trim());
    if (given) {
      document.event = {
        name: given.name,
        year: given.year ?? document.event?.year ?? null,
        city: given.city ?? document.event?.city ?? null,
        venue: document.event?.venue ?? null,
        span: null,
      };
    }
  }
  if (document.talks.length === 0) {
    throw new TalkgraphError(
      'INGEST_REJECTED',
      `no talk found (read as a ${document.format}; try --format to choose another layout)`,
    );
  }
  return document;
}

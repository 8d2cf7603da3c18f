// Document text → talks, speakers, affiliations and the event, in any of the supported layouts
// (detected, or forced with `format`). Pure: no database, no I/O.
import { TalkgraphError } from '../errors.js';
import { type DataValue, readCsv, readIcal, readJson, readXml, readYaml } from './read/data.js';
import { detectFormat } from './read/detect-format.js';
import { readHtml, readMarkdown } from './read/markup.js';
import { type Block, isChrome, isHeadingLike, isProse, splitBlocks } from './read/text-blocks.js';
import { plainText, type TreeNode, textsOf } from './read/tree.js';
import { DataReader } from './records/data-records.js';
import { eventOf, talksOf } from './records/document.js';
import {
  isRecapTitle,
  looksLikeEventName,
  parseEventHeading,
  placeFromProse,
} from './records/event-heading.js';
import { type FoundTalk, findTalks } from './records/find.js';
import { parseListingBlocks } from './records/listing.js';
import { parseRecapBlocks } from './records/recap.js';
import {
  type DocumentFormat,
  type ParsedDocument,
  type ParsedEvent,
  type ScheduleTool,
  scheduleTools,
} from './types.js';

/** The container a tool's export is in: the one its text starts like, among those the tool writes. */
function toolFormat(tool: ScheduleTool, text: string): DocumentFormat {
  const formats: readonly DocumentFormat[] = scheduleTools[tool];
  const looksXml = text.trimStart().startsWith('<');
  return formats.find((f) => (f === 'xml') === looksXml) ?? (formats[0] as DocumentFormat);
}

export interface ParseOptions {
  format?: DocumentFormat | ScheduleTool | 'auto';
  /** The event's name when the document does not give one; overrides the document's when given. */
  event?: string;
  /** The document's file name: its extension says how to read it. */
  name?: string;
}

const byExtension: Record<string, DocumentFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  csv: 'csv',
  tsv: 'csv',
  xml: 'xml',
  ics: 'ical',
  ical: 'ical',
  ifb: 'ical',
};

/** How to read a document: its extension when it has a telling one, else what the text shows. */
export function inputFormat(text: string, name?: string): DocumentFormat {
  const extension = /\.([a-z]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  const known = extension ? byExtension[extension] : undefined;
  if (known) return known;
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('begin:vcalendar')) return 'ical';
  if (start.startsWith('<?xml') && !/<html[\s>]/.test(text.slice(0, 2000))) return 'xml';
  if (
    start.startsWith('<!doctype html') ||
    start.startsWith('<html') ||
    /^<(?:head|body|table|div)\b/.test(start)
  )
    return 'html';
  const detected = detectFormat(text);
  return detected === 'markdown-listing' || detected === 'markdown-recap' ? 'markdown' : detected;
}

function talkOfFrontMatter(data: Record<string, unknown>, tree: TreeNode, text: string): FoundTalk | null {
  const read = new DataReader(data as DataValue).readObject(data as { [key: string]: DataValue });
  if (!read || !('talk' in read)) return null;
  const body = textsOf(tree)
    .map((t) => plainText(t.inlines))
    .join('\n\n');
  return {
    ...read.talk,
    abstract: read.talk.abstract ?? (body || null),
    evidence: read.talk.evidence.map((e) => `${e} of the front matter`),
    titleStart: Math.max(0, text.indexOf(read.talk.title)),
    line: 1,
    start: 0,
    end: text.length,
  };
}

function parseMarkup(text: string, format: 'markdown' | 'html'): ParsedDocument {
  const { tree, meta, frontMatter } = format === 'html' ? readHtml(text) : readMarkdown(text);
  const found = findTalks(tree);
  // A page about one talk (a conference site's talk page) keeps the talk in its front matter, with
  // the page's text as the abstract.
  const pageTalk =
    found.talks.length === 0 && frontMatter ? talkOfFrontMatter(frontMatter, tree, text) : null;
  if (pageTalk) found.talks.push(pageTalk);
  const firstHeading = textsOf(tree).find((t) => t.heading > 0);
  const headingText = firstHeading ? plainText(firstHeading.inlines) : null;
  const event = eventOf(
    [meta.event, meta.conference, pageTalk ? null : meta.title, pageTalk ? null : headingText],
    meta.date ?? null,
  );
  if (event) {
    // Where it took place: front matter ("Harbor Hall, Lisbon"), else the prose before the first talk.
    const place = (meta.location ?? meta.city ?? meta.venue ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (place.length) {
      event.city ??= place.at(-1) ?? null;
      if (place.length > 1) event.venue ??= place.slice(0, -1).join(', ');
    }
    const firstTalk = Math.min(...found.talks.map((t) => t.start));
    const intro = textsOf(tree)
      .filter((t) => t.heading === 0 && t.end <= firstTalk)
      .map((t) => plainText(t.inlines))
      .join(' ');
    const fromProse = placeFromProse(intro);
    event.city ??= fromProse.city;
    event.venue ??= fromProse.venue;
  }
  const recap = isRecapTitle(meta.title ?? '') || isRecapTitle(headingText ?? '');
  return {
    format: format === 'html' ? 'html' : recap ? 'markdown-recap' : 'markdown-listing',
    event,
    talks: talksOf(found),
    unclassified: [],
    skipped: found.skipped,
  };
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
    return { format, event, talks, unclassified, skipped: [] };
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
  return { format, event, talks, unclassified, skipped: [] };
}

/** Data files: talks from records of any schema; spans point at where each title is written. */
const dataReaders = { json: readJson, yaml: readYaml, csv: readCsv, xml: readXml, ical: readIcal };

function parseData(text: string, format: keyof typeof dataReaders): ParsedDocument {
  const value = dataReaders[format](text);
  const reader = new DataReader(value);
  const { talks, skipped } = reader.read();
  const lineAt = (offset: number) => (offset < 0 ? 0 : text.slice(0, offset).split('\n').length);
  let cursor = 0;
  const found = talks.map((talk) => {
    let start = text.indexOf(talk.title, cursor);
    if (start < 0) start = text.indexOf(talk.title);
    if (start >= 0) cursor = start + talk.title.length;
    const at = Math.max(0, start);
    return { ...talk, titleStart: at, line: lineAt(start), start: at, end: at + talk.title.length };
  });
  const stated = reader.event();
  const year = stated?.startDate?.slice(0, 4) ?? null;
  // A key that says it holds the event's name is believed without the name looking like one.
  const event = eventOf([stated?.name], year) ?? (stated?.named ? parseEventHeading(stated.name) : null);
  if (event && !event.year && year) event.year = Number(year);
  const parsed = talksOf({ talks: found, skipped: [] });
  if (event) {
    // Days the file states, else the days its talks' times span.
    const days = parsed
      .flatMap((t) => (t.schedule.startsAt ? [t.schedule.startsAt.slice(0, 10)] : []))
      .sort();
    event.startDate = stated?.startDate ?? days[0] ?? null;
    event.endDate = stated?.endDate ?? days.at(-1) ?? null;
    event.url = stated?.url ?? null;
  }
  return {
    format,
    event,
    talks: parsed,
    unclassified: [],
    skipped: skipped.map((s) => ({ title: s.title, line: lineAt(text.indexOf(s.title)), reason: s.reason })),
  };
}

/** Below this confidence a reading is reported, not stored: never silently wrong. */
export const minTalkConfidence = 0.3;

/** Talks read with too little confidence become unclassified entries with their line and why. */
function setAsideUnsure(document: ParsedDocument, text: string): void {
  const unsure = document.talks.filter((t) => t.confidence < minTalkConfidence);
  if (unsure.length === 0) return;
  for (const talk of unsure) {
    document.unclassified.push({
      text: talk.title,
      line: text.slice(0, talk.span.start).split('\n').length,
      reason: `read as a talk only with confidence ${talk.confidence} (${talk.evidence.join('; ')})`,
    });
  }
  document.talks = document.talks
    .filter((t) => t.confidence >= minTalkConfidence)
    .map((talk, i) => ({ ...talk, position: i + 1 }));
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  try {
    return readDocument(text, options);
  } catch (error) {
    // Thousands of nested elements exhaust the parsers' recursion: no programme is written that way.
    if (error instanceof RangeError)
      throw new TalkgraphError('INGEST_REJECTED', 'nests its elements too deeply to be read as a programme');
    throw error;
  }
}

function readDocument(text: string, options: ParseOptions): ParsedDocument {
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  const format: DocumentFormat = !forced
    ? inputFormat(text, options.name)
    : forced in scheduleTools
      ? toolFormat(forced as ScheduleTool, text)
      : (forced as DocumentFormat);
  let document: ParsedDocument;
  if (format === 'markdown-listing' || format === 'markdown-recap' || format === 'markdown') {
    document = parseMarkup(text, 'markdown');
    if (format !== 'markdown') document.format = format;
  } else if (format === 'html') {
    document = parseMarkup(text, 'html');
  } else if (
    format === 'json' ||
    format === 'yaml' ||
    format === 'csv' ||
    format === 'xml' ||
    format === 'ical'
  ) {
    document = parseData(text, format);
  } else {
    document = parsePlain(text, format);
    // Text that is not a listing or recap of blocks (one talk per line, say) is read like any other
    // tree: plain text is Markdown without markup.
    const autoDetected = !options.format || options.format === 'auto';
    if (!document.talks.some((t) => t.speakers.length > 0)) {
      const asTree = autoDetected ? parseMarkup(text, 'markdown') : null;
      if (asTree && asTree.talks.length > 0) document = { ...asTree, format };
      // Titles without a single speaker anywhere are not a programme to store.
      else if (document.talks.length > 0)
        throw new TalkgraphError('INGEST_REJECTED', `no talk names its speakers (read as a ${format})`);
    }
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
  setAsideUnsure(document, text);
  if (document.talks.length === 0) {
    const unsure = document.unclassified.filter((u) => u.reason.startsWith('read as a talk only')).length;
    throw new TalkgraphError(
      'INGEST_REJECTED',
      unsure > 0
        ? `no talk read with confidence (${unsure} record${unsure > 1 ? 's' : ''} only weakly read as talks; --dry-run lists them)`
        : `no talk found (read as a ${document.format}; try --format to choose another layout)`,
    );
  }
  return document;
}

// Document text → talks, speakers, affiliations and the event, in any of the supported layouts
// (detected, or forced with `format`). Pure: no database, no I/O.
import { TalkgraphError } from '../errors.js';
import { readAsciidoc } from './read/asciidoc.js';
import { type DataValue, readCsv, readIcal, readJson, readXml, readYaml } from './read/data.js';
import { detectMarkup, scoreMarkups } from './read/detect-markup.js';
import { readLatex } from './read/latex.js';
import { type MarkupDocument, readHtml, readMarkdown } from './read/markup.js';
import { readMediawiki } from './read/mediawiki.js';
import { readOrg } from './read/org.js';
import { readPlainText } from './read/plain-text.js';
import { readRst } from './read/rst.js';
import { plainText, type TreeNode, textsOf } from './read/tree.js';
import { DataReader } from './records/data-records.js';
import { eventOf, talksOf } from './records/document.js';
import { parseEventHeading, placeFromProse } from './records/event-heading.js';
import { type FoundTalk, findTalks } from './records/find.js';
import {
  type DocumentFormat,
  documentFormats,
  type ParsedDocument,
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
  format?: DocumentFormat | ScheduleTool | FormatAlias | 'auto';
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
  org: 'org',
  adoc: 'asciidoc',
  asciidoc: 'asciidoc',
  asc: 'asciidoc',
  rst: 'rst',
  rest: 'rst',
  tex: 'latex',
  latex: 'latex',
  ltx: 'latex',
  wiki: 'mediawiki',
  mediawiki: 'mediawiki',
  wikitext: 'mediawiki',
  txt: 'text',
  text: 'text',
};

/** How to read a document: its extension when it has a telling one, else what the text shows. */
export function inputFormat(text: string, name?: string): DocumentFormat {
  const extension = /\.([a-z]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  const known = extension ? byExtension[extension] : undefined;
  // A .txt file written in Markdown (links, emphasis, headings) is Markdown.
  if (known === 'text' && scoreMarkups(text).markdown >= 2 && !detectMarkup(text)) return 'markdown';
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
  const markup = detectMarkup(text);
  if (markup) return markup;
  // Text with no sign of Markdown is plain text, read as a tree of its own (blocks, bullets, underlines).
  return scoreMarkups(text).markdown > 0 ? 'markdown' : 'text';
}

/** The readers of markups, each giving the same document tree. */
const markupReaders = {
  markdown: readMarkdown,
  html: readHtml,
  org: readOrg,
  asciidoc: readAsciidoc,
  rst: readRst,
  latex: readLatex,
  mediawiki: readMediawiki,
  text: readPlainText,
} satisfies Partial<Record<DocumentFormat, (text: string) => MarkupDocument>>;
type MarkupFormat = keyof typeof markupReaders;
const isMarkup = (format: DocumentFormat): format is MarkupFormat => format in markupReaders;

function talkOfFrontMatter(data: Record<string, unknown>, tree: TreeNode, text: string): FoundTalk | null {
  const read = new DataReader(data as DataValue).readObject(data as { [key: string]: DataValue });
  if (!read || !('talk' in read)) return null;
  const body = textsOf(tree)
    .map((t) => plainText(t.inlines))
    .join('\n\n');
  return {
    ...read.talk,
    abstract: read.talk.abstract ?? (body || null),
    titleStart: Math.max(0, text.indexOf(read.talk.title)),
    line: 1,
    start: 0,
    end: text.length,
  };
}

/** The tree of a document in a markup or plain text, or null for data files. */
export function markupOf(text: string, name?: string): MarkupDocument | null {
  const format = inputFormat(text, name);
  return isMarkup(format) ? markupReaders[format](text) : null;
}

/** The value of a data file (JSON, YAML, CSV, XML, iCalendar), or null for markup and plain text. */
export function dataOf(text: string, name?: string): DataValue | null {
  const format = inputFormat(text, name);
  return format in dataReaders ? dataReaders[format as keyof typeof dataReaders](text) : null;
}

function parseMarkup(text: string, format: MarkupFormat): ParsedDocument {
  const { tree, meta, frontMatter } = markupReaders[format](text);
  const found = findTalks(tree, meta);
  // A page about one talk (a conference site's talk page) keeps the talk in its front matter, with
  // the page's text as the abstract.
  const pageTalk =
    found.talks.length === 0 && frontMatter ? talkOfFrontMatter(frontMatter, tree, text) : null;
  if (pageTalk) found.talks.push(pageTalk);
  const texts = textsOf(tree);
  const firstHeading = texts.find((t) => t.heading > 0);
  const headingText = firstHeading ? plainText(firstHeading.inlines) : null;
  // Plain text names its event on a first line of its own ("Go Systems Conf SF 2020").
  const firstLine =
    texts[0] && !texts[0].inlines.some((i) => i.text.includes('\n')) ? plainText(texts[0].inlines) : null;
  const firstTalkStart = Math.min(...found.talks.map((t) => t.start));
  const event = eventOf(
    [
      meta.event,
      meta.conference,
      pageTalk ? null : meta.title,
      pageTalk ? null : headingText,
      firstLine && (texts[0]?.end ?? 0) <= firstTalkStart ? firstLine : null,
    ],
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
  return {
    format,
    event,
    talks: talksOf(found, text),
    // The line that names the event is the event, not an entry left out.
    skipped: event
      ? found.skipped.filter((s) => s.title !== headingText && s.title !== firstLine)
      : found.skipped,
  };
}

/** Data files: talks from records of any schema; spans point at where each title is written. */
const dataReaders = { json: readJson, yaml: readYaml, csv: readCsv, xml: readXml, ical: readIcal };

function parseData(text: string, format: DocumentFormat): ParsedDocument {
  if (!(format in dataReaders)) throw new TalkgraphError('BAD_USER_INPUT', `unknown format ${format}`);
  const reader = new DataReader(dataReaders[format as keyof typeof dataReaders](text));
  return readData(reader, text, format, () => true);
}

/**
 * The talks `reader` finds among the objects `owns` says belong to this document (a data file read
 * alone, or one file of a set whose files refer to each other), with spans found in its text.
 */
export function readData(
  reader: DataReader,
  text: string,
  format: DocumentFormat,
  owns: (object: { [key: string]: DataValue }) => boolean,
): ParsedDocument {
  const read = reader.read();
  const talks = read.talks.filter((t) => owns(t.object));
  const skipped = read.skipped.filter((s) => owns(s.object));
  const lineAt = (offset: number) => (offset < 0 ? 0 : text.slice(0, offset).split('\n').length);
  let cursor = 0;
  const found = talks.map(({ object: _, ...talk }) => {
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
    skipped: skipped.map((s) => ({ title: s.title, line: lineAt(text.indexOf(s.title)), reason: s.reason })),
  };
}

/** Reads the document as its format says, without refusing it when it holds no talk. */
export function readAny(text: string, format: DocumentFormat): ParsedDocument {
  return isMarkup(format) ? parseMarkup(text, format) : parseData(text, format);
}

/** The format a document is read in: forced (a tool's name, an older format's name) or from the text. */
export function formatOf(text: string, options: ParseOptions): DocumentFormat {
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  if (!forced) return inputFormat(text, options.name);
  if (forced in scheduleTools) return toolFormat(forced as ScheduleTool, text);
  return forced in formatAliases ? formatAliases[forced as FormatAlias] : (forced as DocumentFormat);
}

/** The data readers, by format: what a set of files that refer to each other is read with. */
export function dataValueOf(text: string, format: DocumentFormat): DataValue | null {
  return format in dataReaders ? dataReaders[format as keyof typeof dataReaders](text) : null;
}

/** The document's event named by `--event`, keeping what the document says that the name does not. */
export function withGivenEvent(document: ParsedDocument, name: string | undefined): void {
  const given = name?.trim() ? parseEventHeading(name.trim()) : null;
  if (!given) return;
  document.event = {
    name: given.name,
    year: given.year ?? document.event?.year ?? null,
    city: given.city ?? document.event?.city ?? null,
    venue: document.event?.venue ?? null,
    span: null,
  };
}

/** Why a document with no talk is refused, naming how it was read and what was skipped. */
export function noTalkFound(document: ParsedDocument): TalkgraphError {
  const skipped = document.skipped.length;
  return new TalkgraphError(
    'INGEST_REJECTED',
    skipped > 0
      ? `no talk found (read as ${document.format}; ${skipped} entr${skipped > 1 ? 'ies' : 'y'} skipped, --dry-run lists them)`
      : `no talk found (read as ${document.format}; try --format to choose another reading)`,
  );
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

/** Formats named by older versions, read the same way today. */
type FormatAlias = 'listing' | 'recap' | 'markdown-listing' | 'markdown-recap';
const formatAliases: Record<FormatAlias, DocumentFormat> = {
  listing: 'text',
  recap: 'text',
  'markdown-listing': 'markdown',
  'markdown-recap': 'markdown',
};

/** Every name a forced format may have: auto, the formats, the tools, and older versions' names. */
export const formatNames: readonly string[] = [
  'auto',
  ...documentFormats,
  ...Object.keys(scheduleTools),
  ...Object.keys(formatAliases),
];

function readDocument(text: string, options: ParseOptions): ParsedDocument {
  const document = readAny(text, formatOf(text, options));
  withGivenEvent(document, options.event);
  if (document.talks.length === 0) throw noTalkFound(document);
  return document;
}

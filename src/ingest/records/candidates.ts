// A record's lines → every candidate for its title and for its people, each with the features the
// reader model weighs: what the text looks like (length, case, the person-name model's reading,
// programme words), how it is marked (emphasis, a link, quotes, a heading), where it stands (the
// record's head, a nested line, a labelled line or column), and how its line was cut (the
// separator, which side the people are on, what the other side looks like). Pure.

import { memoize } from '../memoize.js';
import { type Features, featureValue } from '../model/logistic.js';
import { endsLikeOrganization } from '../people/affiliation-words.js';
import { nameProbability } from '../people/names.js';
import { profileFromUrl } from '../people/profiles.js';
import { stripTime } from '../read/text-blocks.js';
import type { Inline } from '../read/tree.js';
import type { TalkKind } from '../types.js';
import { type Field, fieldOfLabel, leadingLabel } from './labels.js';
import { type LineParse, lineParses, type Part, runsOfPart } from './line-parses.js';
import { type Person, peopleInLine } from './people-line.js';
import { isKindOnly, itemWordShare, kindOf, wordsOf } from './programme-words.js';

/** Full stops of scripts written without spaces (Chinese, Japanese): a sentence ends at one. */
export const wideFullStops = '。．！？';
/** Text that ends as a sentence does: a lowercase word and a full stop, or a wide full stop. */
const endsLikeSentence = new RegExp(`\\p{Ll}\\.$|[${wideFullStops}]$`, 'u');

export interface RecordLine {
  inlines: Inline[];
  /** A label the structure gives the line: a column header, a class name, a key. */
  label: string | null;
  /** The record's heading or first line. */
  head: boolean;
  /** A heading's level (1–6), 0 for other lines. */
  heading: number;
  /** Nesting below the head (a sub-item is 1). */
  depth: number;
  /** Which of the units a record spans the line belongs to (records of several rows or paragraphs). */
  part?: number;
  /** The kind of units a window spans (rows, paragraphs): a later part means another thing in each. */
  windowKind?: string;
  line: number;
  start: number;
  end: number;
}

/** One line as the candidates see it: its label (structural or written "Label: value") and its value. */
export interface LineView {
  line: RecordLine;
  label: string | null;
  field: Field | null;
  /** The value after a written label, else the whole line: runs and their joined text. */
  runs: Inline[];
  text: string;
  parses: LineParse[];
}

export interface TitleCandidate {
  line: number;
  parse: number;
  /** Where the candidate stands, the same for the same place in every record of one shape. */
  signature: string;
  text: string;
  start: number;
  /** A kind the title's prefix names ("Keynote: …", "[Lightning talk] …"). */
  kind: TalkKind | null;
  /** The characters of its line it takes: [from, to). */
  from: number;
  to: number;
  /** In parts: the line's own, the line's place in the record, the candidate's column. */
  features: Features[];
}

export interface PeopleCandidate {
  signature: string;
  line: number;
  /** The parse of `line` whose people side this is; -1 for the whole line, -2 for nested lines together. */
  parse: number;
  /** The lines it spans (one, or several nested lines of people). */
  lines: number[];
  /** The characters of its line it takes (the whole line for nested lines). */
  from: number;
  to: number;
  text: string;
  people: Person[];
  features: Features[];
}

const joined = (runs: readonly Inline[]) =>
  runs
    .map((r) => r.text)
    .join('')
    .replace(/\n/g, ' ');

type Reading = Omit<LineView, 'line'>;
const viewCache = new WeakMap<readonly Inline[], Map<string, Reading>>();

export function viewOf(line: RecordLine): LineView {
  // A line stands in several records (alone, and in windows with its neighbours): read it once.
  let byLabel = viewCache.get(line.inlines);
  if (!byLabel) {
    byLabel = new Map();
    viewCache.set(line.inlines, byLabel);
  }
  const key = `${line.label ?? ''}|${line.heading}`;
  let reading = byLabel.get(key);
  if (!reading) {
    reading = readLine(line);
    byLabel.set(key, reading);
  }
  return { line, ...reading };
}

function readLine(line: RecordLine): Reading {
  let runs = line.inlines;
  let label = line.label;
  let text = joined(runs);
  // "Label: value" on a line of its own. A heading is a heading even when it starts with a field word
  // ("Video: Streaming at Scale"), unless the word labels the title itself ("Title: …", "Titel: …").
  const leading = label === null ? leadingLabel(text) : null;
  const written = leading && (line.heading === 0 || leading.field === 'title') ? leading : null;
  if (written) {
    label = written.label;
    runs = runsOfPart(runs, { from: written.rest, to: text.length });
    text = joined(runs);
  }
  const field = label ? fieldOfLabel(label) : null;
  return { label, field, runs, text, parses: lineParses(text, runs) };
}

const roundTo = (x: number) => Math.round(x * 1000) / 1000;
const log1 = (n: number) => roundTo(Math.log1p(n));

/** What a text looks like, whatever role it is a candidate for (memoized: records repeat their texts). */
function shapeFeatures(text: string, prefix: string, out: Features): void {
  for (const [name, value] of shapeOf(text)) out[`${prefix}${name}`] = value;
}

const shapeOf = memoize((text: string): [string, number][] => {
  const out: Features = {};
  measureShape(text, out);
  return Object.entries(out);
}, 20_000);

function measureShape(text: string, out: Features): void {
  const prefix = '';
  // One pass over the words (a hot path: every cut of every line): a word's case is its first letter's.
  let wordCount = 0;
  let letterWords = 0;
  let upper = 0;
  let lower = 0;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    wordCount++;
    const first = firstLetter(word);
    if (first === null) continue;
    letterWords++;
    if (first === 'upper') upper++;
    else if (first === 'lower') lower++;
  }
  const caseless = letterWords - upper - lower;
  out[`${prefix}words`] = log1(wordCount);
  out[`${prefix}chars`] = log1(text.length) / 3;
  // Lengths by band as well: titles run a few words to a dozen, names two or three, write-ups far more.
  const n = wordCount;
  out[
    `${prefix}length:${n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 8 ? '4-8' : n <= 15 ? '9-15' : n <= 25 ? '16-25' : '26+'}`
  ] = 1;
  if (letterWords) {
    out[`${prefix}upper`] = roundTo(upper / letterWords);
    out[`${prefix}lower`] = roundTo(lower / letterWords);
    if (caseless) out[`${prefix}caseless`] = roundTo(caseless / letterWords);
  }
  if (wordCount === 1) out[`${prefix}oneWord`] = 1;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits) out[`${prefix}digits`] = roundTo(digits / text.length);
  if (/^https?:\/\/\S+$/i.test(text)) out[`${prefix}url`] = 1;
  // An identifier made of words: "ada-zangemann-ein-maerchen", "intro_to_rust" (a slug, a key).
  if (wordCount === 1 && /^[\p{Ll}\p{N}]+(?:[-_.][\p{Ll}\p{N}]+){2,}$/u.test(text)) out[`${prefix}slug`] = 1;
  if (/[.!?]["”’)]*\s+\p{Lu}/u.test(text)) out[`${prefix}sentences`] = 1;
  if (/[?!]$/.test(text)) out[`${prefix}question`] = 1;
  // Titles seldom end in a full stop; sentences do.
  if (endsLikeSentence.test(text)) out[`${prefix}period`] = 1;
  if (text.includes(':')) out[`${prefix}colon`] = 1;
  if (text === text.toUpperCase() && /\p{Lu}{3}/u.test(text)) out[`${prefix}allCaps`] = 1;
}

/** The case of a word's first letter (uppercase, lowercase, or a script without case), or null without letters. */
function firstLetter(word: string): 'upper' | 'lower' | 'caseless' | null {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return 'upper';
    if (c >= 97 && c <= 122) return 'lower';
    if (c < 128) continue;
    const letter = /\p{L}/u.exec(word.slice(i));
    if (!letter) return null;
    return /\p{Lu}/u.test(letter[0]) ? 'upper' : /\p{Ll}/u.test(letter[0]) ? 'lower' : 'caseless';
  }
  return null;
}

/** Where the line stands in its record and what its label says. */
function placeFeatures(view: LineView, index: number, prefix: string, out: Features): void {
  const { line } = view;
  if (line.head) out[`${prefix}head`] = 1;
  if (line.part) out[`${prefix}part${Math.min(line.part, 2)}:${line.windowKind ?? ''}`] = 1;
  if (line.heading > 0) out[`${prefix}heading`] = 1;
  out[`${prefix}depth`] = Math.min(line.depth, 3);
  // Where an unlabelled line stands says what it is; a labelled one (a key, a column) is known by its label.
  if (!line.label) out[`${prefix}line${Math.min(index, 3)}`] = 1;
  if (view.field) out[`${prefix}label:${view.field}`] = 1;
  else if (view.label) out[`${prefix}label:other`] = 1;
}

/** How the part is marked in its line: a whole marked run, quotes around it, a link. */
function markFeatures(view: LineView, part: Part, prefix: string, out: Features): void {
  const runs = runsOfPart(view.runs, part).filter((r) => r.text.trim());
  if (runs.length === 0) return;
  const all = (test: (r: Inline) => boolean) => runs.every(test);
  if (all((r) => r.strong)) out[`${prefix}strong`] = 1;
  if (all((r) => r.emphasis)) out[`${prefix}emphasis`] = 1;
  if (all((r) => r.code)) out[`${prefix}code`] = 1;
  if (all((r) => r.href !== null)) {
    out[`${prefix}link`] = 1;
    if (all((r) => r.href !== null && profileFromUrl(r.href) !== null)) out[`${prefix}profileLink`] = 1;
  }
  const before = view.text.slice(0, part.from).trimEnd();
  const after = view.text.slice(part.to).trimStart();
  if (/["“„«‘'「『]$/.test(before) && /^["”»’'」』]/.test(after)) out[`${prefix}quoted`] = 1;
  if (/[([（]$/.test(before) && /^[)\]）]/.test(after)) out[`${prefix}bracketed`] = 1;
  // The part is exactly what one mark covers: emphasis, a link or quotes begin and end with it.
  const marked = view.runs.some(
    (r) => (r.strong || r.emphasis || r.href) && r.text.trim() === view.text.slice(part.from, part.to).trim(),
  );
  if (marked) out[`${prefix}wholeMark`] = 1;
}

/**
 * "18:30 – 19:00: Title", "Keynote: Title", "[Lightning talk] Title" → the title and the kind its
 * prefix names (the corpus's readers write the title without the kind, which the talk keeps).
 */
export function cleanTitle(text: string): { text: string; kind: TalkKind | null } {
  if (isTimeOnly(text)) return { text: '', kind: null };
  const timeless = stripTime(text);
  const prefix = /^\[([^\]]{3,30})\]\s*|^([\p{L} ]{3,30}?)\s*[:：–—]\s+/u.exec(timeless);
  const named = prefix ? (prefix[1] ?? prefix[2] ?? '') : '';
  if (prefix && isKindOnly(named)) {
    const rest = timeless.slice(prefix[0].length).trim();
    if (/\p{L}/u.test(rest)) return { text: rest, kind: kindOf(named) };
  }
  return { text: timeless, kind: null };
}

/** A time, a time range or a date and nothing else ("9:40 AM - 10:05 AM", "2019-12-05", "10h00"). */
export const isTimeOnly = (text: string) =>
  /\d/.test(text) && /^(?:[\d\s:./,h–—-]|[ap]\.?m|\b(?:to|bis|à|uhr)\b)+$/i.test(text.trim());

/** Brackets that open and close do not pair up. */
function unbalanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(' || c === '[' || c === '（') depth++;
    else if (c === ')' || c === ']' || c === '）') {
      if (depth === 0) return true;
      depth--;
    }
  }
  return depth !== 0;
}

/** Title features of text, without its place. */
function titleTextFeatures(text: string, out: Features): void {
  shapeFeatures(text, 't.', out);
  const items = itemWordShare(text);
  if (items.share) out['t.itemWords'] = roundTo(items.share);
  if (items.first) out['t.itemFirst'] = 1;
  if (items.ceremony) out['t.ceremony'] = 1;
  if (isKindOnly(text)) out['t.kindOnly'] = 1;
  // An organization's name ("Loimu Labs", "Wellenreiter e.V.") is no talk's title.
  if (text.length <= 80 && endsLikeOrganization(text)) out['t.organization'] = 1;
  // A cut through brackets or quotes leaves them unpaired: "Wellenreiter e.V.)".
  if (unbalanced(text)) out['t.unbalanced'] = 1;
  // How much the title reads as a person's name (a record whose "title" is someone's name); longer
  // texts are never one name.
  if (text.length <= 60 && (out['t.words'] ?? 0) <= log1(6)) {
    const name = nameProbability(text);
    out['t.name'] = roundTo(name);
  }
}

const meanConfidence = (people: readonly Person[]) =>
  people.reduce((sum, p) => sum + p.confidence, 0) / Math.max(1, people.length);

const peopleCache = new Map<string, Person[] | null>();
/** People in plain text (no links), memoized: documents repeat their names and titles. */
function peopleOfText(text: string): Person[] | null {
  if (text.length > 200) return null;
  const hit = peopleCache.get(text);
  if (hit !== undefined) return hit;
  const run: Inline = { text, start: 0, strong: false, emphasis: false, code: false, href: null };
  const found = peopleInLine([run], { labelled: true });
  if (peopleCache.size > 20_000) peopleCache.clear();
  peopleCache.set(text, found);
  return found;
}

/** People in a part's runs, offsets in the document. */
function peopleOfRuns(runs: readonly Inline[]): Person[] | null {
  const text = joined(runs).trim();
  if (!text || text.length > 200) return null;
  if (runs.some((r) => r.href)) return peopleInLine(runs, { labelled: true });
  const found = peopleOfText(text);
  if (!found) return null;
  const base = (runs[0]?.start ?? 0) + (joined(runs).length - joined(runs).trimStart().length);
  return found.map((p) => ({ ...p, start: base + p.start }));
}

function peopleFeatures(people: Person[] | null, text: string, out: Features): void {
  shapeFeatures(text, 'p.', out);
  if (!people || people.length === 0) {
    out['p.none'] = 1;
    return;
  }
  out['p.count'] = Math.min(people.length, 4) / 4;
  out['p.name'] = roundTo(meanConfidence(people));
  out['p.minName'] = roundTo(Math.min(...people.map((p) => p.confidence)));
  const single = people.filter((p) => !/\s/.test(p.name)).length;
  if (single) out['p.singleWords'] = roundTo(single / people.length);
  if (people.some((p) => p.organization)) out['p.organization'] = 1;
  if (people.some((p) => p.handle)) out['p.handle'] = 1;
  const items = itemWordShare(text);
  if (items.share) out['p.itemWords'] = roundTo(items.share);
}

/** The features of people a data file gives in a structured value (person objects, ids), read whole. */
export function structuredPeopleFeatures(people: Person[], text: string): Features {
  const features: Features = { 'p.whole': 1, 'p.structured': 1 };
  peopleFeatures(people, text, features);
  return features;
}

function separatorFeatures(parse: LineParse, prefix: string, out: Features): void {
  if (!parse.separator) {
    out[`${prefix}whole`] = 1;
    return;
  }
  const { kind, word } = parse.separator;
  if (!parse.people) {
    out[`${prefix}dangling:${kind}`] = 1;
    return;
  }
  const side = parse.peopleFirst ? 'before' : 'after';
  out[`${prefix}sep:${kind}`] = 1;
  out[`${prefix}sep:${kind}:${side}`] = 1;
  if (kind === 'by' || kind === 'of' || kind === 'with' || kind === 'at') out[`${prefix}sepWord:${word}`] = 1;
  out[`${prefix}people:${side}`] = 1;
  if (parse.tail) out[`${prefix}tail`] = 1;
}

/** A line's place in its record: its label, or whether it heads the record, its depth and its rank among unlabelled lines. */
function lineSignatures(views: readonly LineView[]): string[] {
  const seen = new Map<string, number>();
  return views.map((view) => {
    const part = view.line.part ? `P${view.line.part}` : '';
    // Labelled lines by their label: two columns whose headers name one field ("Slide Deck" and
    // "Video" are both links) stay two columns.
    if (view.label) return `${part}L:${view.label.toLowerCase()}`;
    const key = `${part}${view.line.head ? 'H' : 'B'}${Math.min(view.line.depth, 3)}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return `${key}:${Math.min(rank, 3)}`;
  });
}

/** A cut's place in its line: whole, or which separator of which kind, counted from the start. */
function parseSignature(view: LineView, parse: LineParse): string {
  if (!parse.separator) return 'whole';
  const { kind, from } = parse.separator;
  let rank = 0;
  for (const other of view.parses)
    if (
      other.separator?.kind === kind &&
      other.separator.from < from &&
      other.peopleFirst === parse.peopleFirst &&
      !other.tail
    )
      rank++;
  return `${kind}${Math.min(rank, 3)}${parse.peopleFirst ? '<' : '>'}${parse.tail ? 't' : ''}`;
}

/** The title and people candidates of a record's lines. */
/** A line's own candidates: what does not depend on the record the line stands in. */
interface LineCandidates {
  titles: (Omit<TitleCandidate, 'line' | 'signature' | 'features'> & { features: Features })[];
  people: (Omit<PeopleCandidate, 'line' | 'lines' | 'signature' | 'features'> & { features: Features })[];
  /** Each candidate's cut, for its signature. */
  titleCuts: string[];
  peopleCuts: string[];
}

/**
 * The same line stands in several records (a paragraph alone, and in windows with its neighbours):
 * its candidates are computed once, keyed by its runs and label.
 */
const lineCache = new WeakMap<readonly Inline[], Map<string, LineCandidates>>();

function lineCandidates(view: LineView): LineCandidates {
  let byLabel = lineCache.get(view.line.inlines);
  if (!byLabel) {
    byLabel = new Map();
    lineCache.set(view.line.inlines, byLabel);
  }
  const key = `${view.label ?? ''}|${view.line.heading}`;
  let found = byLabel.get(key);
  if (!found) {
    found = computeLineCandidates(view);
    byLabel.set(key, found);
  }
  return found;
}

function computeLineCandidates(view: LineView): LineCandidates {
  const out: LineCandidates = { titles: [], people: [], titleCuts: [], peopleCuts: [] };
  const linePeople = new Map<string, Person[] | null>();
  const peopleOfPart = (part: Part) => {
    const key = `${part.from}:${part.to}`;
    if (!linePeople.has(key)) linePeople.set(key, peopleOfRuns(runsOfPart(view.runs, part)));
    return linePeople.get(key) ?? null;
  };
  view.parses.forEach((parse, p) => {
    const rawTitle = view.text.slice(parse.title.from, parse.title.to);
    const clean = cleanTitle(rawTitle);
    // A bare web address names a page, never a talk.
    if (/\p{L}/u.test(clean.text) && !/^(?:https?:\/\/|www\.)\S+$/i.test(clean.text)) {
      const features: Features = {};
      titleTextFeatures(clean.text, features);
      markFeatures(view, parse.title, 't.', features);
      separatorFeatures(parse, 't.', features);
      if (clean.kind) features['t.kindPrefix'] = 1;
      // "Title: …", "Video: …": what the word before a colon would label, were it a label.
      if (parse.separator?.kind === 'colon' && parse.peopleFirst && parse.people) {
        const word = view.text.slice(parse.people.from, parse.people.to);
        const field = word.length <= 30 ? fieldOfLabel(word) : null;
        if (field) features[`t.colonLabel:${field}`] = 1;
      }
      if (clean.text !== rawTitle.trim()) features['t.cleaned'] = 1;
      if (parse.people) {
        const other = peopleOfPart(parse.people);
        features['t.other.name'] = other ? roundTo(meanConfidence(other)) : 0;
        if (!other) features['t.other.none'] = 1;
      } else if (p === 0) {
        // The whole line as a title, though a cut of it names people ("Title by Name"): how surely.
        let named = 0;
        for (const other of view.parses) {
          if (!other.people || !other.separator || other.separator.kind === 'mark') continue;
          const found = peopleOfPart(other.people);
          if (found) named = Math.max(named, meanConfidence(found));
        }
        if (named) features['t.wholeNames'] = roundTo(named);
      }
      const offset = rawTitle.indexOf(clean.text);
      // "(workshop by Name)": the words before the by-word name the kind.
      const between =
        parse.separator && !parse.peopleFirst ? view.text.slice(parse.title.to, parse.separator.from) : '';
      const kind =
        clean.kind ??
        (between.length <= 24 ? kindOf(between) : null) ??
        // "Keynote: Name Title": the kind stands before the people.
        (parse.separator?.kind === 'space'
          ? kindOf(view.text.slice(0, Math.max(0, view.text.indexOf(':'))))
          : null);
      out.titles.push({
        parse: p,
        text: clean.text,
        start: (runsOfPart(view.runs, parse.title)[0]?.start ?? view.line.start) + Math.max(0, offset),
        kind,
        from: parse.title.from,
        to: parse.title.to,
        features,
      });
      out.titleCuts.push(parseSignature(view, parse));
    }
    const part = parse.people ?? parse.title;
    if (parse.people === null && p > 0) return;
    const found = peopleOfPart(part);
    if (!found) return;
    const text = view.text.slice(part.from, part.to);
    const features: Features = {};
    peopleFeatures(found, text, features);
    markFeatures(view, part, 'p.', features);
    separatorFeatures(parse, 'p.', features);
    if (parse.people) {
      shapeFeatures(view.text.slice(parse.title.from, parse.title.to), 'p.other.', features);
      markFeatures(view, parse.title, 'p.other.', features);
      // A cut whose other side names people too ("A, B" cut at its comma) leaves some of them out.
      const others = peopleOfPart(parse.title);
      if (others) features['p.other.name'] = roundTo(meanConfidence(others));
    }
    out.people.push({
      parse: parse.people ? p : -1,
      from: part.from,
      to: part.to,
      text,
      people: found,
      features,
    });
    out.peopleCuts.push(parseSignature(view, parse));
  });
  return out;
}

/** The title and people candidates of a record's lines. */
export function candidatesOf(views: readonly LineView[]): {
  titles: TitleCandidate[];
  people: PeopleCandidate[];
} {
  const titles: TitleCandidate[] = [];
  const people: PeopleCandidate[] = [];
  const lineSignature = lineSignatures(views);
  views.forEach((view, index) => {
    const own = lineCandidates(view);
    const titlePlace: Features = {};
    const peoplePlace: Features = {};
    placeFeatures(view, index, 't.', titlePlace);
    placeFeatures(view, index, 'p.', peoplePlace);
    // A record's candidate is the line's own, seen from the record: its place, signature and features
    // in parts (the line's candidate is the prototype, not copied).
    own.titles.forEach((c, i) => {
      const candidate = Object.create(c) as TitleCandidate;
      candidate.line = index;
      candidate.signature = `${lineSignature[index]}|${own.titleCuts[i]}`;
      candidate.features = [c.features, titlePlace];
      titles.push(candidate);
    });
    own.people.forEach((c, i) => {
      const candidate = Object.create(c) as PeopleCandidate;
      candidate.line = index;
      candidate.lines = [index];
      candidate.signature = `${lineSignature[index]}|${own.peopleCuts[i]}`;
      candidate.features = [c.features, peoplePlace];
      people.push(candidate);
    });
  });
  // A line of names elsewhere in the record (a speaker column, a byline): then a title whose own
  // line reads in part as names ("Mocks, fakes, stubs: …", "Ada & Zangemann - …") is less likely
  // to hold the people, and the model weighs that evidence apart.
  const namesOn = new Map<number, number>();
  for (const c of people)
    if (c.parse === -1)
      namesOn.set(c.line, Math.max(namesOn.get(c.line) ?? 0, featureValue(c.features, 'p.minName')));
  for (const c of titles) {
    let elsewhere = 0;
    for (const [line, names] of namesOn) if (line !== c.line) elsewhere = Math.max(elsewhere, names);
    const wholeNames = featureValue(c.features, 't.wholeNames');
    const otherName = featureValue(c.features, 't.other.name');
    if (elsewhere > 0 && (wholeNames || otherName))
      c.features = [
        ...c.features,
        {
          't.wholeNames:elsewhere': roundTo(wholeNames * elsewhere),
          't.other.name:elsewhere': roundTo(otherName * elsewhere),
        },
      ];
  }
  // Several nested lines of people read together ("- Name, Role, Company" one per line).
  const groupMember: Features = { 'p.groupMember': 1 };
  const nested = views
    .map((view, index) => ({ view, index }))
    .filter(({ view }) => view.line.depth > 0 && !view.field);
  const groups = new Map<number, number[]>();
  for (const { view, index } of nested) {
    const whole = people.find((c) => c.line === index && c.parse === -1);
    if (whole) groups.set(view.line.depth, [...(groups.get(view.line.depth) ?? []), index]);
  }
  for (const [depth, lines] of groups) {
    if (lines.length < 2) continue;
    const members = lines.map((l) => people.find((c) => c.line === l && c.parse === -1) as PeopleCandidate);
    // One name of the group alone leaves the others out.
    for (const member of members) member.features = [...member.features, groupMember];
    const found = members.flatMap((m) => m.people);
    const text = members.map((m) => m.text).join('; ');
    const features: Features = {
      'p.group': 1,
      'p.groupLines': log1(lines.length),
      'p.depth': Math.min(depth, 3),
    };
    peopleFeatures(found, text, features);
    const nameWords = wordsOf(text).length;
    features['p.groupWords'] = log1(nameWords / lines.length);
    people.push({
      signature: `group${depth}`,
      line: lines[0] as number,
      parse: -2,
      lines,
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      text,
      people: found,
      features: [features],
    });
  }
  return { titles, people };
}

interface Column {
  count: number;
  records: Set<number>;
  /** Each value (lowercase) with the records it stands in. */
  texts: Map<string, Set<number>>;
  sums: Map<string, number>;
}

function columnsOf<C extends { signature: string; text: string; features: Features[] }>(
  records: readonly C[][],
  measured: readonly string[],
): Map<string, Column> {
  const columns = new Map<string, Column>();
  records.forEach((candidates, r) => {
    for (const c of candidates) {
      let column = columns.get(c.signature);
      if (!column) {
        column = { count: 0, records: new Set(), texts: new Map(), sums: new Map() };
        columns.set(c.signature, column);
      }
      column.count++;
      column.records.add(r);
      const text = c.text.toLowerCase();
      const holders = column.texts.get(text);
      if (holders) holders.add(r);
      else column.texts.set(text, new Set([r]));
      for (const name of measured)
        column.sums.set(name, (column.sums.get(name) ?? 0) + featureValue(c.features, name));
    }
  });
  return columns;
}

/**
 * Features of each candidate's column: the same place in every record of one shape (siblings in a
 * list, rows of a table, sections at one level). A column of names is a column of names whatever its
 * header says: what the column's values look like on average, how many records have it, and
 * whether its values repeat (titles rarely do, rooms and days do).
 */
export function addColumnFeatures(
  records: readonly { titles: TitleCandidate[]; people: PeopleCandidate[] }[],
): void {
  const n = records.length;
  const add = <C extends { signature: string; text: string; features: Features[] }>(
    lists: C[][],
    prefix: string,
    measured: readonly string[],
    markRepeats: boolean,
  ) => {
    const columns = columnsOf(lists, measured);
    // One set of column features per column, shared by its candidates.
    const featuresOf = new Map<Column, Features>();
    for (const column of columns.values()) {
      const features: Features = {
        [`${prefix}coverage`]: roundTo(column.records.size / n),
        [`${prefix}distinct`]: roundTo(column.texts.size / column.count),
      };
      for (const name of measured) {
        const mean = (column.sums.get(name) ?? 0) / column.count;
        if (mean) features[`${prefix}${name}`] = roundTo(mean);
      }
      if (n === 1) features[`${prefix}single`] = 1;
      featuresOf.set(column, features);
    }
    // A value that stands in other records of its column too ("Video", "Slides", a room).
    const repeats: Features = { [`${prefix}repeats`]: 1 };
    for (const list of lists)
      for (const c of list) {
        const column = columns.get(c.signature) as Column;
        c.features.push(featuresOf.get(column) as Features);
        if (markRepeats && (column.texts.get(c.text.toLowerCase())?.size ?? 0) > 1) c.features.push(repeats);
      }
  };
  add(
    records.map((r) => r.titles),
    'ct:',
    ['t.name', 't.words', 't.other.name', 't.upper', 't.itemWords'],
    // A repeated value is seldom a title.
    true,
  );
  add(
    records.map((r) => r.people),
    'cp:',
    ['p.name', 'p.words', 'p.singleWords', 'p.other.words', 'p.count'],
    // People repeat down a column whenever someone gives two talks.
    false,
  );
}

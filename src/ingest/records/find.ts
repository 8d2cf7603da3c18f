// The records of a document tree that carry talks. Every unit that can hold one talk — a heading
// section, a list item with its nested items, a table row, a grid's cell, a named block, a
// paragraph, a line of a paragraph whose lines are each an entry — is read by the model
// (src/ingest/records/reading.ts). Which units are talks is then decided over the whole tree at
// once: a unit and a unit inside it are never both talks, and the choice that makes the document's
// talks most likely wins (a day whose items read as talks is a grouping, not a talk).

import { featureValue, probability } from '../model/logistic.js';
import { profileFromUrl } from '../people/profiles.js';
import { isChrome } from '../read/text-blocks.js';
import { plainText, splitTextLines, type TreeNode, textsOf } from '../read/tree.js';
import { trimWhere } from '../trim.js';
import type { TalkSchedule } from '../types.js';
import {
  addColumnFeatures,
  candidatesOf,
  cleanTitle,
  type LineView,
  type PeopleCandidate,
  type RecordLine,
  type TitleCandidate,
  viewOf,
  wideFullStops,
} from './candidates.js';
import { contentLabel, fieldOfLabel, leadingLabel } from './labels.js';
import { lineParses, maxCutLineLength } from './line-parses.js';
import { type Person, peopleInText } from './people-line.js';
import { cancelMark, isKindOnly, itemWordShare, kindInTitle, kindOf, wordsOf } from './programme-words.js';
import { type ProsePair, type ProseSpan, prosePairs } from './prose.js';
import { type ReaderModel, readerModel } from './reader-model.js';
import {
  evidenceOf,
  type FieldEvidence,
  type Reading,
  type RecordContext,
  readRecord,
  skipReason,
} from './reading.js';

export type { RecordLine };

export interface TalkReading {
  title: string;
  titleStart: number;
  speakers: Person[];
  abstract: string | null;
  kind: import('../types.js').TalkKind;
  /** Time, room, track, language and the tool's id, where the record states them. */
  schedule?: Partial<TalkSchedule>;
  /** How sure the reader is that this record is a talk with these speakers, in (0, 1]. */
  confidence: number;
  evidence: FieldEvidence[];
}

export interface FoundTalk extends TalkReading {
  line: number;
  start: number;
  end: number;
}

export interface SkippedRecord {
  title: string;
  line: number;
  reason: string;
}

export interface FoundRecords {
  talks: FoundTalk[];
  skipped: SkippedRecord[];
}

/** Lines of a paragraph are one flow of prose when it reads as sentences and no line is labelled. */
const isProse = (text: string) => {
  const words = text.split(/\s+/);
  return words.length >= 8 && words.filter((w) => /^\p{Ll}/u.test(w)).length / words.length >= 0.3;
};
/** A line of a schedule: it starts with a clock time, or its columns are set apart by runs of spaces. */
const entryLine = (line: string) => /^\s*\d{1,2}[:.h]\d{2}/.test(line) || /\S {2,}\S/.test(line);
const sentenceEnd = new RegExp(`[.!?${wideFullStops}](?:\\s|$)`, 'u');
const wideSentenceEnd = new RegExp(`[${wideFullStops}]$`, 'u');
/**
 * A paragraph of running text wrapped over several lines: every line but the last is long, and the
 * lines read as one flow of sentences ("Title\nAn abstract.\nSpeaker: Name" is a record, not prose).
 */
const wrappedProse = (lines: string[]) =>
  lines.length > 1 &&
  lines.slice(0, -1).every((line) => line.trim().length >= 40) &&
  oneFlow(lines) &&
  sentenceEnd.test(lines.join(' '));
/** Lines that are one flow of running text (a wrapped paragraph), not a list of entries. */
const oneFlow = (lines: string[]) =>
  !(lines.length >= 2 && lines.every(entryLine)) &&
  isProse(lines.join(' ')) &&
  !lines.some((l) => leadingLabel(l));

function toLine(node: TreeNode, head: boolean, depth: number, label: string | null): RecordLine {
  return {
    inlines: node.inlines,
    label,
    head,
    heading: node.heading,
    depth,
    line: node.line,
    start: node.start,
    end: node.end,
  };
}

/** A talk's record is never longer; the cap keeps deeply nested documents linear to read. */
const maxLinesPerUnit = 60;

/** The lines a unit holds itself: not those of the sections below it. */
export function linesOf(node: TreeNode): RecordLine[] {
  const lines: RecordLine[] = [];
  const visit = (n: TreeNode, depth: number, label: string | null) => {
    if (lines.length >= maxLinesPerUnit) return;
    if (n.kind === 'text') {
      // Every source line is a line of the record: a title's bullet and the abstract under it are two.
      // A field's own name (":Speaker:", "speaker = {…}", a description's term) labels it.
      for (const line of splitTextLines(n)) lines.push(toLine(line, false, depth, n.label ?? label));
      return;
    }
    if (n.kind === 'table' || (n.kind === 'section' && n !== node)) return;
    const childDepth = n.kind === 'list' ? depth + 1 : depth;
    const childLabel = n.kind === 'cell' || n.kind === 'block' ? (contentLabel(n.label) ?? label) : label;
    for (const child of n.children) visit(child, childDepth, childLabel);
  };
  if (node.kind === 'row') {
    for (const cell of node.children)
      for (const text of textsOf(cell)) lines.push(toLine(text, false, 0, contentLabel(cell.label)));
    return lines;
  }
  visit(node, 0, node.kind === 'block' ? node.label : null);
  if (lines[0] && (lines[0].label === null || node.kind === 'section')) lines[0].head = true;
  return lines;
}

/** Units that can hold a talk. */
function isUnit(node: TreeNode, parent: TreeNode | null): boolean {
  if (node.kind === 'section' || node.kind === 'item' || node.kind === 'row') return true;
  if (node.kind === 'cell')
    return (
      node.children.some((c) => c.label !== null) ||
      textsOf(node).length > 1 ||
      splitTextLines(node.children[0] ?? node).length > 1
    );
  if (node.kind === 'block') return node.label !== null || node.children.length > 1;
  // Page furniture ("Leave a Comment", a shortcode) is no record.
  if (node.kind === 'text')
    return (
      node.heading === 0 &&
      parent?.kind !== 'item' &&
      parent?.kind !== 'cell' &&
      !isChrome(plainText(node.inlines))
    );
  return false;
}

/** A unit of the tree, its lines and what the model read from them. */
export interface Unit {
  node: TreeNode;
  /** Units of one shape under one parent share a set: their columns are compared. */
  set: string;
  candidates?: { titles: TitleCandidate[]; people: PeopleCandidate[] };
  /** Records that span this unit and the next ones of its kind (two rows, a title and an abstract paragraph). */
  windows?: Unit[];
  /** Talks this paragraph names in its sentences (set by `readUnits`). */
  proseTalks?: ProseTalk[];
  /** The heading's pairs with the names of its write-up (computed once). */
  headingPairs?: { line: number; pair: ProsePair }[];
  /** People the write-up under a heading names, found by the prose model (set by `readUnits`). */
  prosePeople?: PeopleCandidate[];
  lines: RecordLine[];
  views: LineView[];
  context: RecordContext;
  children: Unit[];
  /** Set by `readUnits`. */
  reading?: Reading | null;
}

/** The shape siblings share: the unit's kind and label, and for text its heading level. */
const shapeOf = (node: TreeNode) => `${node.kind}/${node.label ?? ''}/${node.heading}`;

/**
 * The units of a tree, as a tree: each unit with the units inside it. Lines of a paragraph whose
 * lines are each an entry ("10:00 Title — Name" one per line) are units of their own.
 */
export function unitsOf(tree: TreeNode): Unit[] {
  const build = (node: TreeNode, parent: TreeNode | null, siblings: number): Unit[] => {
    const shapes = new Map<string, number>();
    for (const child of node.children) shapes.set(shapeOf(child), (shapes.get(shapeOf(child)) ?? 0) + 1);
    const inner = node.children.flatMap((child) => build(child, node, shapes.get(shapeOf(child)) ?? 1));
    if (node.kind === 'text' && parent?.kind !== 'item' && parent?.kind !== 'cell' && node.heading === 0) {
      const perLine = splitTextLines(node, oneFlow);
      if (perLine.length >= 2) {
        const set = `${node.start}/line`;
        const lineUnits = perLine.map((line) =>
          unitOf(line, set, [toLine(line, true, 0, null)], 'line', perLine.length, []),
        );
        inner.push(...lineUnits);
      }
    }
    addWindows(node, inner);
    if (!isUnit(node, parent)) return inner;
    const lines = linesOf(node);
    if (lines.length === 0) return inner;
    return [unitOf(node, `${parent?.start ?? -1}/${shapeOf(node)}`, lines, node.kind, siblings, inner)];
  };
  return build(tree, null, 1);
}

/** The most consecutive units one record may span: a title, an abstract and a line of names. */
const windowSizes: Partial<Record<TreeNode['kind'], number>> = { row: 2, text: 3 };

/**
 * Records that span consecutive units of one kind under `parent`: two rows of a table (the names
 * in one, the title in the next), or paragraphs of a listing (a title, its abstract, its speakers).
 * Each window is a unit of its own whose children are the units it spans; the choice of talks
 * decides between a window and its members.
 */
function addWindows(parent: TreeNode, units: Unit[]): void {
  for (let i = 0; i < units.length; i++) {
    const first = units[i] as Unit;
    const size = windowSizes[first.node.kind];
    if (!size || first.node.heading > 0 || first.context.unit === 'line') continue;
    const windows: Unit[] = [];
    for (let k = 2; k <= size && i + k <= units.length; k++) {
      const members = units.slice(i, i + k);
      if (
        !members.every(
          (m) => m.node.kind === first.node.kind && m.node.heading === 0 && m.context.unit !== 'line',
        )
      )
        break;
      const lines = members.flatMap((m, part) =>
        m.lines.map((l) => ({ ...l, part, windowKind: first.node.kind, head: part === 0 && l.head })),
      );
      if (lines.length > maxLinesPerUnit) break;
      const last = members.at(-1) as Unit;
      const lead = first.lines[0]?.label;
      const continues =
        lead !== undefined &&
        lead !== null &&
        members.slice(1).every((m) => !m.lines.some((l) => l.label === lead));
      const node: TreeNode = { ...first.node, children: members.map((m) => m.node), end: last.node.end };
      const window = unitOf(
        node,
        `${parent.start}/window${k}/${first.node.kind}`,
        lines,
        `window${k}`,
        units.length,
        members,
      );
      window.context.continues = continues;
      window.context.parts = k;
      // Running text between the first unit and the last (a title, its abstract, its speakers).
      if (members.slice(1, -1).some((m) => oneFlow(m.views.map((v) => v.text))))
        window.context.proseInside = true;
      windows.push(window);
    }
    if (windows.length) first.windows = windows;
  }
}

function unitOf(
  node: TreeNode,
  set: string,
  lines: RecordLine[],
  kind: string,
  siblings: number,
  children: Unit[],
): Unit {
  return {
    node,
    set,
    lines,
    views: lines.map(viewOf),
    context: { unit: kind, siblings, lines: lines.length },
    children,
  };
}

/** Every unit of the tree, inner ones first. */
export function allUnits(units: readonly Unit[], out: Unit[] = [], windows = true): Unit[] {
  for (const unit of units) {
    allUnits(unit.children, out, windows);
    out.push(unit);
    if (windows) for (const window of unit.windows ?? []) out.push(window);
  }
  return out;
}

/**
 * The person a whole page is about, when it names one once for all its records: a personal talk
 * list under "Jane Doe" or "Talks by Jane Doe", a page whose front matter names its author or
 * speaker. Offered to every record as one more candidate for its people; the model weighs it.
 */
export function contextPeople(tree: TreeNode, meta: Record<string, string>): PeopleCandidate | null {
  const texts: string[] = [];
  for (const [key, value] of Object.entries(meta)) {
    const field = fieldOfLabel(key);
    if (field === 'speakers' || field === 'name' || /^authors?$/i.test(key)) texts.push(value);
  }
  // The page's title heads the page: a first heading with others at its level or above is one of
  // the records ("#### Title - Name" sections), not what names the page.
  const headings = textsOf(tree).filter((t) => t.heading > 0);
  const first = headings[0];
  const heading = first && headings.slice(1).every((h) => h.heading > first.heading) ? first : undefined;
  type Found = { people: Person[]; text: string; confidence: number; from: string };
  let best: Found | null = null;
  const consider = (text: string, from: string) => {
    const found = peopleInText(text, 0, { labelled: false });
    if (found?.length !== 1) return;
    const confidence = (found[0] as Person).confidence;
    if (!best || confidence > best.confidence) best = { people: found, text, confidence, from };
  };
  for (const text of texts) consider(text, 'meta');
  if (heading) {
    const runs = heading.inlines;
    const text = runs.map((r) => r.text).join('');
    consider(text.trim(), 'heading');
    for (const parse of lineParses(text, runs))
      if (parse.people && parse.separator)
        consider(text.slice(parse.people.from, parse.people.to), `cut:${parse.separator.kind}`);
    // A name that opens or closes the title with no separator word: "谭雅鑫 历次分享", "Jane Doe talks";
    // not in a dated title, which names an event or a period ("PyCon Berlin 2024").
    const words = /\d/.test(text) ? [] : text.trim().split(/\s+/);
    // A span that opens in lower case starts inside a phrase ("… Tech de Lyon"), not at a name.
    const span = (text: string) => {
      if (!/^\p{Ll}/u.test(text)) consider(text, 'span');
    };
    for (let n = 1; n <= Math.min(4, words.length - 1); n++) {
      span(words.slice(0, n).join(' '));
      span(words.slice(-n).join(' '));
    }
  }
  if (!best) return null;
  const found = best as Found;
  return {
    signature: 'context',
    line: -1,
    parse: -4,
    lines: [],
    from: 0,
    to: 0,
    text: found.text,
    people: found.people.map((p) => ({ ...p, start: heading?.start ?? 0 })),
    features: [
      {
        'p.context': 1,
        [`p.contextFrom:${found.from}`]: 1,
        'p.name': Math.round(found.confidence * 1000) / 1000,
      },
    ],
  };
}

/** Each unit's candidates, with the features of their columns across the unit's set. */
export function prepareUnits(units: readonly Unit[], context: PeopleCandidate | null = null): void {
  const sets = new Map<string, Unit[]>();
  const structural = allUnits(units, [], false);
  for (const unit of structural) unit.candidates = candidatesOf(unit.views);
  // A record spans several units only when its first one is incomplete: it names no one, or (a
  // table's row of speakers above the row of the title) its only titles are names; never when it
  // is prose.
  for (const unit of structural) {
    if (!unit.windows) continue;
    const candidates = unit.candidates as NonNullable<Unit['candidates']>;
    const head = unit.views[0];
    const whole = candidates.titles.find((t) => t.line === 0 && t.parse === 0);
    const prose =
      !head ||
      !whole ||
      (head.parses.length === 1 && head.text.length > maxCutLineLength) ||
      featureValue(whole.features, 't.length:26+') > 0 ||
      // Sentences of some length ("Can We Panic Yet? Error Handling in Go" is a title).
      ((featureValue(whole.features, 't.sentences') > 0 || featureValue(whole.features, 't.period') > 0) &&
        featureValue(whole.features, 't.words') > Math.log1p(8)) ||
      // A paragraph wrapped over several lines of running text (an abstract), whatever its first line.
      wrappedProse(unit.views.map((v) => v.text)) ||
      // Sentences in scripts without spaces or case end in a full stop of their own.
      wideSentenceEnd.test(head.text.trim());
    const incomplete =
      !candidates.people.some((c) => featureValue(c.features, 'p.minName') >= 0.5) ||
      (unit.node.kind === 'row' && candidates.titles.every((t) => featureValue(t.features, 't.name') >= 0.5));
    if (prose || !incomplete) unit.windows = undefined;
  }
  for (const unit of allUnits(units)) {
    unit.candidates ??= candidatesOf(unit.views);
    sets.set(unit.set, [...(sets.get(unit.set) ?? []), unit]);
  }
  for (const members of sets.values())
    addColumnFeatures(members.map((u) => u.candidates as NonNullable<Unit['candidates']>));
  if (context) {
    const noLine = { 'p.contextNoLine': 1 };
    for (const unit of allUnits(units)) {
      const candidates = unit.candidates as NonNullable<Unit['candidates']>;
      const features = candidates.people.length === 0 ? [...context.features, noLine] : context.features;
      candidates.people.push({ ...context, features });
    }
  }
}

/** Pairs of the unit's heading and the names its write-up gives, by line. */
export function headingPairs(unit: Unit): { line: number; pair: ProsePair }[] {
  unit.headingPairs ??= findHeadingPairs(unit);
  return unit.headingPairs;
}

function findHeadingPairs(unit: Unit): { line: number; pair: ProsePair }[] {
  const head = unit.views[0];
  if (unit.node.kind !== 'section' || !head || head.line.heading === 0) return [];
  const heading = { text: head.text, start: head.line.start };
  // The write-up's paragraphs, whole (a name may be wrapped across two of its lines).
  const paragraphs = unit.node.children.filter((c) => c.kind === 'text' && c.heading === 0).slice(0, 6);
  return paragraphs.flatMap((paragraph) => {
    const line = unit.views.findIndex((v) => v.line.start >= paragraph.start);
    const text = paragraph.inlines
      .map((r) => r.text)
      .join('')
      .replace(/\n/g, ' ');
    return prosePairs(text, paragraph.inlines, paragraph.start, heading).map((pair) => ({
      line: Math.max(line, 1),
      pair,
    }));
  });
}

/** The people a heading's write-up names, as candidates for the unit's people. */
export function prosePeopleOf(unit: Unit, model: ReaderModel): PeopleCandidate[] {
  const scored = headingPairs(unit)
    .map(({ line, pair }) => ({ line, pair, p: probability(model.prose, pair.features) }))
    .filter((s) => s.p >= 0.5)
    .sort((a, b) => b.p - a.p);
  const chosen: typeof scored = [];
  for (const s of scored) {
    const overlaps = chosen.some(
      (c) =>
        c.line === s.line && c.pair.name.first < s.pair.name.last && s.pair.name.first < c.pair.name.last,
    );
    if (!overlaps && !chosen.some((c) => c.pair.person.name === s.pair.person.name)) chosen.push(s);
  }
  if (chosen.length === 0) return [];
  const top = chosen[0] as (typeof chosen)[number];
  const candidate = (members: typeof chosen): PeopleCandidate => ({
    signature: 'prose',
    line: members[0]?.line ?? 0,
    parse: -3,
    lines: [],
    from: 0,
    to: 0,
    text: members.map((m) => m.pair.person.name).join(', '),
    people: members.map((m) => m.pair.person),
    features: [
      {
        'p.prose': Math.round(Math.min(...members.map((m) => m.p)) * 1000) / 1000,
        'p.proseCount': Math.min(4, members.length) / 4,
        'p.name':
          Math.round((members.reduce((s, m) => s + m.pair.person.confidence, 0) / members.length) * 1000) /
          1000,
      },
    ],
  });
  return chosen.length > 1 ? [candidate([top]), candidate(chosen)] : [candidate([top])];
}

/** Reads every unit with the model (after `prepareUnits`). */
export function readUnits(units: readonly Unit[], model: ReaderModel): void {
  for (const unit of allUnits(units)) {
    if (!unit.candidates) continue;
    unit.prosePeople = prosePeopleOf(unit, model);
    if (unit.node.kind === 'text' && unit.context.unit === 'text')
      unit.proseTalks = proseTalks(unit.node, model);
    const people = unit.prosePeople.length
      ? [...unit.candidates.people, ...unit.prosePeople]
      : unit.candidates.people;
    // A paragraph of running text is read by the prose model only: a cut of its sentence at "by"
    // ("The closing session was given by …") is no title.
    const running =
      unit.context.unit === 'text' && unit.node.heading === 0 && wrappedProse(unit.views.map((v) => v.text));
    unit.reading = running ? undefined : readRecord(unit.candidates.titles, people, unit.context, model);
  }
}

/** Talks named inside a paragraph's sentences: each set-apart phrase with the names the model pairs with it. */
export function proseTalks(paragraph: TreeNode, model: ReaderModel): ProseTalk[] {
  const text = paragraph.inlines
    .map((r) => r.text)
    .join('')
    .replace(/\n/g, ' ');
  if (text.length < 40) return [];
  const pairs = prosePairs(text, paragraph.inlines, paragraph.start, null)
    .map((pair) => ({ pair, p: probability(model.prose, pair.features) }))
    .filter((s) => s.p >= 0.5)
    .sort((a, b) => b.p - a.p);
  // A name goes with one title: the one it pairs with most surely ("Ann «A» and Bo «B»": Bo with
  // «B», beside it, not with «A», which Ann's pair makes likelier as a whole).
  const taken = new Set<string>();
  const byTitle = new Map<string, { title: ProseSpan; people: Person[]; p: number; spans: ProseSpan[] }>();
  for (const { pair, p } of pairs) {
    if (taken.has(pair.person.name)) continue;
    const key = `${pair.title.first}:${pair.title.last}`;
    const entry = byTitle.get(key) ?? { title: pair.title, people: [], p, spans: [] };
    if (entry.spans.some((s) => s.first < pair.name.last && pair.name.first < s.last)) continue;
    taken.add(pair.person.name);
    entry.people.push(pair.person);
    entry.spans.push(pair.name);
    byTitle.set(key, entry);
  }
  return [...byTitle.values()]
    .map((entry) => ({
      title: entry.title,
      people: entry.people.sort((a, b) => a.start - b.start),
      p: entry.p,
    }))
    .sort((a, b) => a.title.start - b.title.start);
}

const logOdds = (p: number) => Math.log(p / (1 - p));

interface Choice {
  score: number;
  talks: Unit[];
  /** Talks named in a paragraph's sentences. */
  prose: { unit: Unit; found: ProseTalk }[];
}

type ProseTalk = { title: ProseSpan; people: Person[]; p: number };

/** A unit as a talk, or the talks inside it, whichever is more likely. */
function chooseIn(unit: Unit): Choice {
  const inner = choose(unit.children);
  // The talks a paragraph names in its sentences compete like the units inside it.
  for (const found of unit.proseTalks ?? []) {
    inner.score += logOdds(Math.min(found.p, 0.999999));
    inner.prose.push({ unit, found });
  }
  const p = unit.reading?.talkProbability ?? 0;
  const own = p > 0.5 ? logOdds(p) : Number.NEGATIVE_INFINITY;
  // The same talk read from a unit and from the one unit inside it: the outer one has its write-up too.
  const sameTalk =
    inner.talks.length === 1 &&
    inner.prose.length === 0 &&
    inner.talks[0]?.reading?.title.text === unit.reading?.title.text;
  if (own > Number.NEGATIVE_INFINITY && (sameTalk || own >= inner.score))
    return { score: own, talks: [unit], prose: [] };
  return inner;
}

/**
 * The most likely set of talks among units that do not contain one another: over a list of
 * siblings, each unit is read alone or as the start of a window over the next ones.
 */
function choose(units: readonly Unit[]): Choice {
  const best: Choice[] = new Array(units.length + 1);
  best[units.length] = { score: 0, talks: [], prose: [] };
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i] as Unit;
    const alone = chooseIn(unit);
    const rest = best[i + 1] as Choice;
    let choice: Choice = {
      score: alone.score + rest.score,
      talks: [...alone.talks, ...rest.talks],
      prose: [...alone.prose, ...rest.prose],
    };
    for (const window of unit.windows ?? []) {
      const p = window.reading?.talkProbability ?? 0;
      if (p <= 0.5) continue;
      const after = best[i + window.children.length] as Choice;
      const score = logOdds(p) + after.score;
      if (score > choice.score) choice = { score, talks: [window, ...after.talks], prose: after.prose };
    }
    best[i] = choice;
  }
  return best[0] as Choice;
}

const inside = (inner: TreeNode, outer: TreeNode) =>
  inner !== outer && inner.start >= outer.start && inner.end <= outer.end;

/** The lines of a unit that are neither its title nor its people: its write-up. */
function abstractOf(unit: Unit, reading: Reading): string | null {
  const used = new Set<number>([reading.title.line, ...(reading.people?.lines ?? [])]);
  let text = '';
  let previous: RecordLine | null = null;
  unit.views.forEach((view, i) => {
    if (used.has(i) || (view.field && view.field !== 'abstract')) return;
    const line = plainText(view.runs);
    if (!line || isChrome(line) || /^(?:https?:\/\/\S+|slides?|video|pdf)$/i.test(line)) return;
    // Lines of one wrapped paragraph stay one paragraph; paragraphs are set apart by a blank line.
    const wrapped = previous !== null && view.line.line === previous.line + 1 && view.line.heading === 0;
    text += text ? (wrapped ? '\n' : '\n\n') + line : line;
    previous = view.line;
  });
  return text.trim() || null;
}

function talkOf(unit: Unit, reading: Reading, model: ReaderModel): FoundTalk {
  const view = (line: number) => unit.views[line] as LineView;
  const place = (candidate: { line: number; parse: number }) => {
    if (candidate.parse === -4)
      return { line: unit.node.line, source: 'context' as const, separator: null, label: null };
    const v = view(candidate.line);
    const parse = candidate.parse >= 0 ? v.parses[candidate.parse] : undefined;
    const source: FieldEvidence['source'] =
      candidate.parse === -3
        ? 'prose'
        : candidate.parse === -2
          ? 'nested lines'
          : parse?.separator
            ? 'cut'
            : 'line';
    return { line: v.line.line, source, separator: parse?.separator?.word ?? null, label: v.label };
  };
  const people = reading.people as PeopleCandidate;
  // A kind's prefix may stand outside the cut the title was read from ("Lightning talk: Title — Name"),
  // or be read as the line's label.
  const titleView = unit.views[reading.title.line];
  const label = titleView?.label ?? '';
  const kind =
    reading.title.kind ??
    kindInTitle(reading.title.text) ??
    cleanTitle(titleView?.text ?? '').kind ??
    (label && isKindOnly(label) ? kindOf(label) : null) ??
    'talk';
  let speakers = people.people;
  // A profile link standing apart ("Twitter", "GitHub" in a column of its own) is the handle of a
  // talk's one speaker.
  const lone = speakers.length === 1 ? speakers[0] : undefined;
  if (lone && !lone.handle) {
    const handles = new Set<string>();
    unit.views.forEach((v, i) => {
      if (i === reading.title.line || people.lines.includes(i)) return;
      for (const run of v.runs) {
        const profile = run.href ? profileFromUrl(run.href) : null;
        const word = trimWhere(run.text, (c) => !/\p{L}/u.test(c));
        if (profile && /^\p{L}{1,12}$/u.test(word)) handles.add(profile.handle);
      }
    });
    if (handles.size === 1) speakers = [{ ...lone, handle: [...handles][0] as string }];
  }
  // Lines labelled as organizations ("speaker-company", "Company:") belong to the speakers, in order,
  // when there is one for each speaker who has none.
  const organizations = unit.views
    .filter((v, i) => v.field === 'organization' && i !== reading.title.line && !people.lines.includes(i))
    .map((v) => plainText(v.runs))
    .filter(Boolean);
  if (organizations.length > 0 && organizations.length === speakers.length)
    speakers = speakers.map((p, i) => ({ ...p, organization: p.organization ?? organizations[i] ?? null }));
  return {
    title: reading.title.text.replace(/\s+/g, ' ').trim(),
    titleStart: reading.title.start,
    speakers,
    abstract: abstractOf(unit, reading),
    kind,
    confidence: Math.round(reading.talkProbability * 1000) / 1000,
    evidence: evidenceOf(reading, model, place),
    line: unit.node.line,
    start: unit.node.start,
    end: unit.node.end,
  };
}

/**
 * In a flow of paragraphs ("Title by Name", then paragraphs about the talk, then the next title),
 * the paragraphs after a talk that belong to no other talk are its write-up: up to the next talk,
 * heading, list or table.
 */
function writeUpsOf(
  tree: TreeNode,
  chosen: readonly Unit[],
  proseParagraphs: readonly TreeNode[],
  /** Receives the nodes that went into a write-up: they are part of a talk, not entries of their own. */
  taken: Set<TreeNode> = new Set(),
): Map<Unit, string> {
  const out = new Map<Unit, string>();
  const owner = new Map<TreeNode, Unit>();
  for (const unit of chosen) {
    owner.set(unit.node, unit);
    for (const child of unit.node.children)
      if (unit.context.unit.startsWith('window')) owner.set(child, unit);
  }
  for (const paragraph of proseParagraphs) taken.add(paragraph);
  const visit = (node: TreeNode) => {
    let current: Unit | null = null;
    const parts: string[] = [];
    const flush = () => {
      if (current && parts.length) out.set(current, parts.join('\n\n'));
      parts.length = 0;
    };
    for (const child of node.children) {
      const unit = owner.get(child);
      if (unit) {
        if (unit !== current) flush();
        current = unit;
        // Sub-sections of a talk's section that hold no talk of their own ("### Lessons learned").
        if (child.kind === 'section')
          for (const inner of child.children)
            if (inner.kind === 'section' && !chosen.some((u) => u.node === inner || inside(u.node, inner)))
              parts.push(...textsUnder(inner).filter((t) => !isChrome(t)));
      } else if (
        child.kind === 'text' &&
        child.heading === 0 &&
        current &&
        // A record over several units (title, abstract, names) is whole: what follows is not its write-up.
        !current.context.unit.startsWith('window') &&
        !taken.has(child)
      ) {
        const text = plainText(child.inlines);
        if (!inside(child, current.node) && !isChrome(text)) {
          parts.push(text);
          taken.add(child);
        }
      } else {
        flush();
        current = null;
        visit(child);
      }
    }
    flush();
  };
  visit(tree);
  return out;
}

/** The texts of a node and everything under it, in order (headings included). */
function textsUnder(node: TreeNode): string[] {
  if (node.kind === 'text') return [plainText(node.inlines)].filter(Boolean);
  return node.children.flatMap(textsUnder);
}

export function findTalks(
  tree: TreeNode,
  meta: Record<string, string> = {},
  model: ReaderModel = readerModel(),
): FoundRecords {
  const units = unitsOf(tree);
  prepareUnits(units, contextPeople(tree, meta));
  readUnits(units, model);
  const choice = choose(units);
  const chosen = choice.talks;
  const talks: FoundTalk[] = [];
  const skipped: SkippedRecord[] = [];
  const inWriteUps = new Set<TreeNode>();
  const writeUps = writeUpsOf(
    tree,
    chosen,
    choice.prose.map((p) => p.unit.node),
    inWriteUps,
  );
  for (const unit of chosen) {
    const reading = unit.reading as Reading;
    // "(abgesagt) Title": the mark may stand outside the cut the title was read from.
    const own = cancelMark(reading.title.text);
    const cancelled = own ?? cancelMark(unit.views[reading.title.line]?.text ?? '');
    if (cancelled)
      skipped.push({
        title: own?.title || reading.title.text,
        line: unit.node.line,
        reason: cancelled.reason,
      });
    else if (reading.people) {
      const talk = talkOf(unit, reading, model);
      const more = writeUps.get(unit);
      if (more) talk.abstract = [talk.abstract, more].filter(Boolean).join('\n\n');
      talks.push(talk);
    }
  }
  // Talks named in the sentences of paragraphs.
  for (const { unit, found } of choice.prose) {
    const line = unit.node.line;
    const probability = Math.round(found.p * 1000) / 1000;
    talks.push({
      title: found.title.text,
      titleStart: found.title.start,
      speakers: found.people,
      abstract: null,
      kind: kindInTitle(found.title.text) ?? 'talk',
      confidence: probability,
      evidence: [
        { field: 'title', line, source: 'prose', separator: null, label: null, probability, signals: [] },
        { field: 'speakers', line, source: 'prose', separator: null, label: null, probability, signals: [] },
      ],
      line,
      start: found.title.start,
      end: found.title.start + found.title.text.length,
    });
  }
  talks.sort((a, b) => a.start - b.start);
  // Programme items that are not talks: innermost units (no windows) whose title reads like a
  // programme entry's — not a sentence of prose, not a paragraph — outside every talk.
  const proseTitles = new Set(choice.prose.map((p) => p.found.title.text));
  // Entries shaped like the talks (of a set that holds talks), or named by programme words.
  const talkSets = new Set(chosen.map((u) => u.set));
  // Or of the talks' shape under other parents (a card's section beside the talks' cards).
  const talkShapes = new Set(chosen.map((u) => shapeOf(u.node)));
  // Where each set's talks have their titles: a record of the set that is no talk is reported by
  // what stands there ("Open discussion", beside "Everyone" in the speaker column), whatever its
  // own best reading took for a title.
  const titlePlaces = new Map<string, string>();
  for (const unit of chosen) if (unit.reading) titlePlaces.set(unit.set, unit.reading.title.signature);
  const reported: TreeNode[] = [];
  const reasonFor = (title: string, reading: Reading) =>
    cancelMark(title)?.reason ??
    (itemWordShare(title).first
      ? 'a programme item that is not a talk'
      : skipReason(reading.people?.people ?? []));
  for (const unit of allUnits(units, [], false)) {
    const reading = unit.reading;
    if (!reading || chosen.includes(unit) || inWriteUps.has(unit.node)) continue;
    const partOfTalk = chosen.some(
      (t) => inside(unit.node, t.node) || inside(t.node, unit.node) || t.node === unit.node,
    );
    const place = titlePlaces.get(unit.set);
    const inPlace = place ? unit.candidates?.titles.find((t) => t.signature === place) : undefined;
    if (inPlace && !partOfTalk) {
      const title = inPlace.text.replace(/\s+/g, ' ').trim();
      if (!proseTitles.has(title) && wordsOf(title).length > 0) {
        // Once per record: a row and the cell inside it are one entry.
        if (!reported.some((node) => node === unit.node || inside(node, unit.node))) {
          skipped.push({
            title: title.slice(0, 120),
            line: unit.node.line,
            reason: reasonFor(title, reading),
          });
          reported.push(unit.node);
        }
        continue;
      }
    }
    if (reading.titleProbability < 0.5) continue;
    if (
      talks.length > 0 &&
      !talkSets.has(unit.set) &&
      !talkShapes.has(shapeOf(unit.node)) &&
      !itemWordShare(reading.title.text).first
    )
      continue;
    const t = (name: string) => featureValue(reading.title.features, name);
    // A line labelled as another field ("Date: …", "Venue sponsor: …") is the page's metadata.
    const titleView = unit.views[reading.title.line];
    if (titleView?.label && titleView.field !== 'title') continue;
    // Sentences, long texts and people's names are no programme entries.
    if (
      t('t.sentences') ||
      t('t.period') ||
      t('t.length:16-25') ||
      t('t.length:26+') ||
      t('t.name') >= 0.5 ||
      proseTitles.has(reading.title.text)
    )
      continue;
    if (unit.children.some((c) => c.reading && c.reading.titleProbability >= 0.5)) continue;
    if (partOfTalk || wordsOf(reading.title.text).length === 0) continue;
    skipped.push({
      title: reading.title.text.slice(0, 120),
      line: unit.node.line,
      reason: reasonFor(reading.title.text, reading),
    });
    reported.push(unit.node);
  }
  return { talks, skipped: skipped.sort((a, b) => a.line - b.line) };
}

/** Text of a node, for messages. */
export const nodeText = (node: TreeNode) =>
  textsOf(node)
    .map((t) => plainText(t.inlines))
    .join(' ');

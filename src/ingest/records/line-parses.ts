// The ways one line can be cut into a title and its people: "Title by Name", "Name: Title",
// "Title (Name)", `Name, "Title"`, "**Title** — Name (Org)". The line's separators (words such as
// "by"/"von"/"par", dashes, bars, colons, commas, brackets, quotes, and where emphasis or a link
// starts and ends) are found in one linear scan; every cut at one of them, with an optional tail
// cut off after the second part, is a candidate. Nothing here decides which cut is right: the
// reader model scores the candidates (src/ingest/records/reading.ts).
import type { Inline } from '../read/tree.js';
import { isKindOnly } from './programme-words.js';

export type SeparatorKind =
  | 'space'
  | 'by'
  | 'of'
  | 'with'
  | 'dash'
  | 'pipe'
  | 'slash'
  | 'colon'
  | 'comma'
  | 'semicolon'
  | 'open'
  | 'close'
  | 'quote'
  | 'mark'
  | 'at'
  | 'gap';

export interface Boundary {
  kind: SeparatorKind;
  /** The separator as written, lowercase ("by", "von", "—", "("); empty for a mark boundary. */
  word: string;
  /** The separator's own characters: [from, to) in the line's text. A mark boundary is empty. */
  from: number;
  to: number;
}

/** A trimmed piece of the line's text: [from, to). */
export interface Part {
  from: number;
  to: number;
}

export interface LineParse {
  title: Part;
  people: Part | null;
  /** The separator between title and people (null when the whole line is the title). */
  separator: Boundary | null;
  peopleFirst: boolean;
  /** Text cut off after the second part ("(Company)", "- a description", links). */
  tail: Part | null;
}

/** Words that introduce the people of a talk, in the languages programmes are written in. */
const byWords = new Set(['by', 'von', 'par', 'por', 'przez', 'av', 'door', 'від', 'от']);
/**
 * Words that introduce a talk's people in some languages ("Título de Ana Lima") and join words of
 * titles everywhere ("Introducción de Python"): a kind of their own, so that one does not teach the
 * model about the other.
 */
const ofWords = new Set(['de', 'da', 'do', 'del', 'di', 'des', 'du', 'из']);
/** Words that join people to a title as company rather than authorship ("Workshop with Ana"). */
const withWords = new Set(['with', 'mit', 'avec', 'con', 'com', 'con.', 'z', 'met', 'с']);
const atWords = new Set(['at', '@', 'bei', 'chez']);

const openers: Record<string, string> = {
  '(': ')',
  '[': ']',
  '（': '）',
  '【': '】',
  '「': '」',
  '『': '』',
};
const quoteClose: Record<string, string> = {
  '"': '"',
  '“': '”',
  '„': '“',
  '«': '»',
  '‘': '’',
  '‚': '‘',
  '「': '」',
  '『': '』',
  '”': '”',
};

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\u00a0';
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

/** At most this many separators are considered per line: later ones are in abstracts, not bylines. */
const maxBoundaries = 14;

/**
 * The separators of a line, in order. `runs` give where emphasis, strong text, code and links start
 * and end; the scan looks at each character once.
 */
export function boundariesOf(text: string, runs: readonly Inline[]): Boundary[] {
  const found: Boundary[] = [];
  const add = (kind: SeparatorKind, from: number, to: number) => {
    if (found.length < maxBoundaries * 2)
      found.push({ kind, word: text.slice(from, to).toLowerCase(), from, to });
  };
  // Mark boundaries between runs of different marks.
  let offset = 0;
  let previous: Inline | null = null;
  for (const run of runs) {
    if (previous && markKey(previous) !== markKey(run)) add('mark', offset, offset);
    offset += run.text.length;
    previous = run;
  }
  let wordStart = -1;
  const openQuote: { char: string; at: number }[] = [];
  /** The closing brackets of brackets opened inside a word, innermost last. */
  const attached: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c !== undefined && isLetter(c)) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      const word = text.slice(wordStart, i).toLowerCase();
      const spaced = isSpace(text[wordStart - 1]) && isSpace(c);
      if (spaced && word.length <= 6) {
        if (byWords.has(word)) add('by', wordStart, i);
        else if (ofWords.has(word)) add('of', wordStart, i);
        else if (withWords.has(word)) add('with', wordStart, i);
        else if (atWords.has(word)) add('at', wordStart, i);
      }
      wordStart = -1;
    }
    if (c === undefined) break;
    const before = text[i - 1];
    const after = text[i + 1];
    // A column gap: a tab, or a run of two or more spaces, between two words ("Title      Name").
    if ((c === '\t' || (c === ' ' && after === ' ')) && before !== undefined && !isSpace(before)) {
      let end = i;
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
      if (end < text.length && text[end] !== '\n') add('gap', i, end);
      continue;
    }
    if ((c === '-' || c === '–' || c === '—' || c === '|' || c === '·' || c === '•') && isSpace(before)) {
      if (isSpace(after) || after === undefined) add(c === '|' ? 'pipe' : 'dash', i, i + 1);
    } else if ((c === '–' || c === '—') && !isSpace(before)) {
      add('dash', i, i + 1);
    } else if (c === '/' && isSpace(before) && isSpace(after)) add('slash', i, i + 1);
    else if (c === '／') add('slash', i, i + 1);
    else if ((c === ':' && (isSpace(after) || after === undefined)) || c === '：') add('colon', i, i + 1);
    else if ((c === ',' && isSpace(after)) || c === '，' || c === '、') add('comma', i, i + 1);
    else if (c === ';' || c === '；') add('semicolon', i, i + 1);
    else if ((c === '(' || c === '[') && before !== undefined && /[\p{L}\p{N}]/u.test(before)) {
      // A bracket that opens inside a word ("Nix(OS)", "Sprechstunde(n)", "f(x)") is part of it.
      attached.push(c === '(' ? ')' : ']');
    } else if (c in openers) add('open', i, i + 1);
    else if (c === attached.at(-1)) attached.pop();
    else if (c === ')' || c === ']' || c === '）' || c === '】') add('close', i, i + 1);
    else if (c === '@' && isSpace(before) && isSpace(after)) add('at', i, i + 1);
    else if (c in quoteClose || c === "'") {
      const opening = openQuote.at(-1);
      const closes = opening && (quoteClose[opening.char] === c || (opening.char === "'" && c === "'"));
      const atWordEnd = !isLetter(after);
      const atWordStart = !isLetter(before);
      if (closes && atWordEnd) {
        openQuote.pop();
        add('quote', i, i + 1);
      } else if (atWordStart && (c !== "'" || isSpace(before) || before === undefined)) {
        openQuote.push({ char: c, at: i });
        add('quote', i, i + 1);
      }
    }
  }
  found.sort((a, b) => a.from - b.from || a.to - b.to);
  return found.slice(0, maxBoundaries);
}

const markKey = (run: Inline) =>
  `${run.strong ? 's' : ''}${run.emphasis ? 'e' : ''}${run.code ? 'c' : ''}${run.href ?? ''}`;

/** Characters a part does not start or end with: separators. */
const trimmable = new Set([...' \t\n\u00a0,;:|·•-–—/', '：', '，', '、', '；']);
/** Each closing bracket with its opening one. */
const closers = new Map(Object.entries(openers).map(([open, close]) => [close, open]));
/** Quotes, taken off a part's edges only in pairs ('import "chaos"' keeps its quotes). */
const quotes = new Set([...'"“”„«»‘’‚\'']);

/** The part [from, to) without separators at its edges; null when nothing with a letter is left. */
export function trimPart(text: string, from: number, to: number): Part | null {
  let a = from;
  let b = to;
  for (;;) {
    while (a < b && trimmable.has(text[a] as string)) a++;
    while (b > a && trimmable.has(text[b - 1] as string)) b--;
    if (b - a >= 2 && quotes.has(text[a] as string) && quotes.has(text[b - 1] as string)) {
      a++;
      b--;
      continue;
    }
    // A bracket the cut left without its pair: "Title (" before a linked name, "Name)" after one.
    const first = text[a] as string;
    const last = text[b - 1] as string;
    if (b > a && last in openers) b--;
    else if (b > a && closers.has(first)) a++;
    else if (b > a && closers.has(last) && !text.slice(a, b).includes(closers.get(last) as string)) b--;
    else if (b > a && first in openers && !text.slice(a, b).includes(openers[first] as string)) a++;
    else break;
  }
  // A part wrapped whole in brackets is its content: "(Ana Lima)".
  const open = text[a] as string;
  if (b - a >= 2 && open in openers && text[b - 1] === openers[open]) {
    const inner = trimPart(text, a + 1, b - 1);
    if (inner && !text.slice(inner.from, inner.to).includes(openers[open] as string)) return inner;
  }
  for (let i = a; i < b; i++) if (isLetter(text[i])) return { from: a, to: b };
  return null;
}

/** Whether every bracket of text[from, to) closes, in order. */
function balanced(text: string, from: number, to: number): boolean {
  const open: string[] = [];
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (c in openers) open.push(openers[c] as string);
    else if (closers.has(c) && open.pop() !== c) return false;
  }
  return open.length === 0;
}

/** A line longer than this is prose: only its whole text is a candidate, never a cut of it. */
export const maxCutLineLength = 240;

/** Every way to read the line as a title and its people. The whole line as a title comes first. */
export function lineParses(text: string, runs: readonly Inline[]): LineParse[] {
  const whole = trimPart(text, 0, text.length);
  if (!whole) return [];
  const parses: LineParse[] = [
    { title: whole, people: null, separator: null, peopleFirst: false, tail: null },
  ];
  if (text.length > maxCutLineLength) return parses;
  const boundaries = boundariesOf(text, runs);
  const seen = new Set<string>();
  // In a line whose brackets pair up, so do a title's and its people's: no cut splits a pair
  // ("Title (talk by Name)" is cut at its brackets, never into "Title (talk" and "Name)").
  const paired = balanced(text, 0, text.length);
  const push = (
    title: Part | null,
    people: Part | null,
    separator: Boundary,
    peopleFirst: boolean,
    tail: Part | null,
  ) => {
    if (!title || !people) return;
    if (paired && !(balanced(text, title.from, title.to) && balanced(text, people.from, people.to))) return;
    const key = `${title.from}:${title.to}|${people.from}:${people.to}`;
    if (seen.has(key)) return;
    seen.add(key);
    parses.push({ title, people, separator, peopleFirst, tail });
  };
  // "Keynote: Ada Byron Engines of Thought": after a kind's name and a colon, the people may come
  // first with nothing between them and the title; every cut after their second to fourth word is
  // a candidate.
  const colon = boundaries.find((b) => b.kind === 'colon');
  if (colon && colon.from <= 24 && isKindOnly(text.slice(0, colon.from))) {
    const words = [...text.slice(colon.to).matchAll(/\S+/g)].slice(0, 5);
    for (let n = 2; n <= 4 && n < words.length; n++) {
      const end = colon.to + (words[n - 1]?.index ?? 0) + (words[n - 1]?.[0].length ?? 0);
      const gap: Boundary = { kind: 'space', word: '', from: end, to: end };
      push(trimPart(text, end, text.length), trimPart(text, colon.to, end), gap, true, null);
    }
  }
  // A line that ends in its separator ("Title _by_" with the names wrapped onto the next line).
  const last = boundaries.at(-1);
  if (
    last &&
    (last.kind === 'by' || last.kind === 'with' || last.kind === 'dash') &&
    !trimPart(text, last.to, text.length)
  ) {
    const title = trimPart(text, 0, last.from);
    if (title) parses.push({ title, people: null, separator: last, peopleFirst: false, tail: null });
  }
  boundaries.forEach((b, k) => {
    // "Title (talk by Name)", "Title [workshop with A, B]": the people stand after the by-word inside
    // the brackets that close the title.
    if (b.kind === 'by' || b.kind === 'of' || b.kind === 'with') {
      const open = boundaries.slice(0, k).findLast((o) => o.kind === 'open');
      const between = open ? boundaries.slice(boundaries.indexOf(open) + 1, k) : [];
      if (open && !between.some((o) => o.kind === 'close') && b.from - open.to <= 24) {
        const close = boundaries.slice(k + 1).find((c) => c.kind === 'close');
        const title = trimPart(text, 0, open.from);
        const people = trimPart(text, b.to, close ? close.from : text.length);
        push(title, people, b, false, close ? trimPart(text, close.to, text.length) : null);
      }
    }
    const left = trimPart(text, 0, b.from);
    const right = trimPart(text, b.to, text.length);
    push(left, right, b, false, null);
    push(right, left, b, true, null);
    // A second part that ends before the line does: the rest is a tail.
    for (const c of boundaries.slice(k + 1, k + 6)) {
      if (c.from <= b.to) continue;
      const middle = trimPart(text, b.to, c.from);
      const rest = trimPart(text, c.kind === 'close' || c.kind === 'quote' ? c.to : c.from, text.length);
      push(left, middle, b, false, rest);
      push(middle, left, b, true, rest);
    }
  });
  return parses;
}

/** The runs of the line that make up a part, cut at its edges. */
export function runsOfPart(runs: readonly Inline[], part: Part): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const run of runs) {
    const end = at + run.text.length;
    if (end > part.from && at < part.to) {
      const a = Math.max(part.from, at) - at;
      const b = Math.min(part.to, end) - at;
      out.push({ ...run, text: run.text.slice(a, b), start: run.start + a });
    }
    at = end;
  }
  return out;
}

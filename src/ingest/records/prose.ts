// Talks named inside sentences: "watch *Packaging Without Pain*, by Greta Lindqvist", "la
// conférence "[Title](…)" de [Name](…)", "This talk was given by Amara Okafor".
// Title candidates are the phrases a writer sets apart (quotes, emphasis, a link's text, a heading
// over the paragraph); people candidates are runs of capitalised words and linked names. Every pair
// is described by the words between and around them, their order and distance, and what each looks
// like; the reader model (`prose`) says which pairs are a talk and its speaker. One method for every
// phrasing and language: the cue words are features whose weights are learned.
import type { Features } from '../model/logistic.js';
import { profileFromUrl } from '../people/profiles.js';
import type { Inline } from '../read/tree.js';
import { type Person, personAt } from './people-line.js';

export interface Token {
  text: string;
  from: number;
  to: number;
}

export interface ProseSpan {
  text: string;
  /** Token range [first, last) in the paragraph. */
  first: number;
  last: number;
  /** Offset of the span's first character in the document. */
  start: number;
  marks: { quoted: boolean; emphasis: boolean; strong: boolean; link: boolean; profile: boolean };
}

export interface ProsePair {
  title: ProseSpan;
  name: ProseSpan;
  person: Person;
  features: Features;
}

const letter = /[\p{L}\p{M}\p{N}'’.-]/u;

/** Words of a paragraph with their offsets in its joined text. */
export function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    const inWord = c !== undefined && letter.test(c);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      // Trailing full stops and apostrophes are punctuation, not part of the word.
      let end = i;
      while (end > start + 1 && /[.'’-]/.test(text[end - 1] as string)) end--;
      tokens.push({ text: text.slice(start, end), from: start, to: end });
      start = -1;
    }
  }
  return tokens;
}

const particles = new Set(
  'van von de da das do dos di del della der den du la le ter ten bin ibn al el y zu'.split(' '),
);
const capitalised = (word: string) => /^\p{Lu}/u.test(word);

const markOf = (runs: readonly Inline[], from: number, to: number) => {
  let at = 0;
  const covering: Inline[] = [];
  for (const run of runs) {
    const end = at + run.text.length;
    if (end > from && at < to && run.text.trim()) covering.push(run);
    at = end;
  }
  const all = (test: (r: Inline) => boolean) => covering.length > 0 && covering.every(test);
  return {
    emphasis: all((r) => r.emphasis),
    strong: all((r) => r.strong),
    link: all((r) => r.href !== null),
    profile: all((r) => r.href !== null && profileFromUrl(r.href) !== null),
  };
};

function spanOf(
  tokens: readonly Token[],
  first: number,
  last: number,
  text: string,
  runs: readonly Inline[],
  base: number,
): ProseSpan {
  const from = (tokens[first] as Token).from;
  const to = (tokens[last - 1] as Token).to;
  const before = text.slice(Math.max(0, from - 2), from);
  const after = text.slice(to, to + 2);
  return {
    text: text.slice(from, to),
    first,
    last,
    start: base + from,
    marks: { quoted: /["“„«]\s*$/.test(before) && /^\s*["”»]/.test(after), ...markOf(runs, from, to) },
  };
}

/** Phrases set apart from the sentence: quoted, emphasized, strong, or a link's text (not a profile's). */
export function titleSpans(
  text: string,
  runs: readonly Inline[],
  tokens: readonly Token[],
  base: number,
): ProseSpan[] {
  const spans: ProseSpan[] = [];
  const seen = new Set<string>();
  const add = (from: number, to: number) => {
    const first = tokens.findIndex((t) => t.from >= from);
    if (first < 0) return;
    let last = first;
    while (last < tokens.length && (tokens[last] as Token).to <= to) last++;
    if (first < 0 || last <= first) return;
    const key = `${first}:${last}`;
    if (seen.has(key)) return;
    seen.add(key);
    const span = spanOf(tokens, first, last, text, runs, base);
    if (!span.marks.profile) spans.push(span);
  };
  // Quotes: an opening quote at a word's start and its closing partner.
  const open: { char: string; at: number }[] = [];
  const pairs: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const top = open.at(-1);
    if (top && (pairs[top.char] === c || (top.char === '"' && c === '"'))) {
      open.pop();
      if (i - top.at > 3) add(top.at + 1, i);
    } else if (c in pairs && !letter.test(text[i - 1] ?? ' ')) open.push({ char: c, at: i });
  }
  // Marked runs: emphasis, strong, links (a run of runs with the same mark).
  let at = 0;
  let markStart = -1;
  let markKey = '';
  const flush = (end: number) => {
    if (markStart >= 0) add(markStart, end);
    markStart = -1;
  };
  for (const run of runs) {
    const key = run.emphasis || run.strong || run.href ? `${run.emphasis}${run.strong}${run.href}` : '';
    if (key !== markKey) {
      flush(at);
      if (key) markStart = at;
      markKey = key;
    }
    at += run.text.length;
  }
  flush(at);
  return spans.filter((s) => s.last - s.first >= 1 && s.text.length >= 3);
}

/** Runs of capitalised words (particles inside) and linked names: who may be named. */
export function nameSpans(
  text: string,
  runs: readonly Inline[],
  tokens: readonly Token[],
  base: number,
): ProseSpan[] {
  const spans: ProseSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!capitalised((tokens[i] as Token).text)) continue;
    let j = i + 1;
    while (
      j < tokens.length &&
      j - i < 5 &&
      (capitalised((tokens[j] as Token).text) ||
        (particles.has((tokens[j] as Token).text) && capitalised(tokens[j + 1]?.text ?? ''))) &&
      // A name does not run across punctuation.
      !/[,;:.!?()"“”]/.test(text.slice((tokens[j - 1] as Token).to, (tokens[j] as Token).from))
    )
      j++;
    for (let end = Math.min(j, i + 4); end >= i + 1; end--) {
      const span = spanOf(tokens, i, end, text, runs, base);
      if (end - i >= 2 || span.marks.link) spans.push(span);
    }
  }
  return spans;
}

const lowerWords = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);

/** Pairs of a title and a name in one paragraph, each described for the prose model. */
export function prosePairs(
  text: string,
  runs: readonly Inline[],
  base: number,
  heading: { text: string; start: number } | null,
): ProsePair[] {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return [];
  const titles = titleSpans(text, runs, tokens, base);
  const names = nameSpans(text, runs, tokens, base);
  const pairs: ProsePair[] = [];
  const personOf = new Map<string, Person | null>();
  const person = (span: ProseSpan) => {
    if (!personOf.has(span.text))
      personOf.set(span.text, personAt(span.text.replace(/['’]s$/, ''), span.start));
    return personOf.get(span.text) ?? null;
  };
  const sentenceBreak = (from: number, to: number) => /[.!?]\s+\p{Lu}/u.test(text.slice(from, to));
  const wordsAround = (span: ProseSpan, features: Features) => {
    const before = lowerWords(
      text.slice(Math.max(0, (tokens[span.first] as Token).from - 30), (tokens[span.first] as Token).from),
    ).slice(-2);
    const after = lowerWords(
      text.slice((tokens[span.last - 1] as Token).to, (tokens[span.last - 1] as Token).to + 30),
    ).slice(0, 2);
    for (const w of before) features[`x.nameBefore:${w}`] = 1;
    for (const w of after) features[`x.nameAfter:${w}`] = 1;
    const prefix = text.slice(
      Math.max(0, (tokens[span.first] as Token).from - 3),
      (tokens[span.first] as Token).from,
    );
    if (/[.!?]\s*$/.test(prefix) || span.first === 0) features['x.sentenceStart'] = 1;
  };
  const nameFeatures = (name: ProseSpan, found: Person, features: Features) => {
    features['x.name'] = Math.round(found.confidence * 1000) / 1000;
    features['x.nameWords'] = Math.min(4, name.last - name.first) / 4;
    if (name.marks.link) features['x.nameLink'] = 1;
    if (name.marks.profile) features['x.nameProfile'] = 1;
    if (name.marks.emphasis || name.marks.strong) features['x.nameMarked'] = 1;
    if (/\p{Lu}{2,}/u.test(name.text.split(/\s+/).at(-1) ?? '')) features['x.nameCaps'] = 1;
    wordsAround(name, features);
  };
  for (const name of names) {
    const found = person(name);
    if (!found) continue;
    if (heading) {
      const features: Features = {
        'x.heading': 1,
        'x.position': Math.round(Math.log1p(name.first) * 1000) / 1000,
      };
      nameFeatures(name, found, features);
      if (!sentenceBreak(0, (tokens[name.first] as Token).from)) features['x.firstSentence'] = 1;
      const surname = name.text.split(/\s+/).at(-1) ?? '';
      const mentions = tokens.filter(
        (t) => t.text === surname || t.text === name.text.split(/\s+/)[0],
      ).length;
      features['x.mentions'] = Math.round(Math.log1p(mentions) * 1000) / 1000;
      pairs.push({
        title: {
          text: heading.text,
          first: -1,
          last: -1,
          start: heading.start,
          marks: { quoted: false, emphasis: false, strong: false, link: false, profile: false },
        },
        name,
        person: found,
        features,
      });
      continue;
    }
    for (const title of titles) {
      if (name.first < title.last && title.first < name.last) continue;
      const after = name.first >= title.last;
      const gapFrom = after ? (tokens[title.last - 1] as Token).to : (tokens[name.last - 1] as Token).to;
      const gapTo = after ? (tokens[name.first] as Token).from : (tokens[title.first] as Token).from;
      const gapTokens = after ? name.first - title.last : title.first - name.last;
      if (gapTokens > 25) continue;
      const features: Features = {
        [`x.name${after ? 'After' : 'Before'}Title`]: 1,
        'x.gap': Math.round(Math.log1p(gapTokens) * 1000) / 1000,
        'x.titleWords': Math.round(Math.log1p(title.last - title.first) * 1000) / 1000,
      };
      const between = lowerWords(text.slice(gapFrom, gapTo));
      if (between.length <= 4) for (const w of between) features[`x.between:${w}`] = 1;
      if (between.length === 0) features['x.adjacent'] = 1;
      const gap = text.slice(gapFrom, gapTo);
      if (/[,;]/.test(gap)) features['x.commaBetween'] = 1;
      if (/[()]/.test(gap)) features['x.bracketBetween'] = 1;
      if (sentenceBreak(gapFrom, gapTo)) features['x.sentenceBetween'] = 1;
      if (
        titles.some(
          (o) =>
            o !== title &&
            (after
              ? o.first >= title.last && o.last <= name.first
              : o.first >= name.last && o.last <= title.first),
        )
      )
        features['x.titleBetween'] = 1;
      if (
        names.some(
          (o) =>
            o !== name &&
            o.last - o.first >= 2 &&
            (after
              ? o.first >= title.last && o.last <= name.first
              : o.first >= name.last && o.last <= title.first),
        )
      )
        features['x.nameBetween'] = 1;
      if (title.marks.quoted) features['x.titleQuoted'] = 1;
      if (title.marks.emphasis) features['x.titleEmphasis'] = 1;
      if (title.marks.strong) features['x.titleStrong'] = 1;
      if (title.marks.link) features['x.titleLink'] = 1;
      nameFeatures(name, found, features);
      pairs.push({ title, name, person: found, features });
    }
  }
  return pairs;
}

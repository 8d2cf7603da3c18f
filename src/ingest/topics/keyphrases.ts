// Statistical keyphrase extraction for a single text, after YAKE (Campos et al., 2020): words are
// scored by casing, position, frequency, how many different words surround them, and how many
// sentences they appear in; noun phrases of 1–3 such words are scored from their words. Lower is
// better. Needs no corpus and no training, so it works on documents never seen. docs/topics.md has
// the formulas.
import { isDescriptiveAdjective, type PartOfSpeech } from './parts-of-speech.js';
import { phraseKey } from './vocabulary.js';
import { genericNouns, stopwords, type Word } from './words.js';

/**
 * Adjectives and quantifiers that qualify a topic but never begin or end one, even in a phrase said
 * again ("big software projects"). Other describing words are found by isDescriptiveAdjective.
 */
const weakModifiers = new Set(
  (
    'interesting common key related real big small high low good great best better simple different various specific ' +
    'important typical profound hard easy fast slow certain whole entire main major minor huge little large tiny full ' +
    'single multiple several particular general basic advanced modern current recent popular powerful useful critical ' +
    'tricky fairly expensive cheap dead crazy cool nice awesome amazing sure true false possible impossible available ' +
    'right wrong same own previous next final initial early late similar'
  ).split(' '),
);

export interface Keyphrase {
  /** The phrase as first written. */
  text: string;
  /** Its matching form (phraseKey). */
  key: string;
  /** YAKE score: lower is more important. */
  score: number;
  count: number;
  inTitle: boolean;
  /** Indexes of its first occurrence's words. */
  from: number;
  to: number;
}

interface WordStats {
  count: number;
  upper: number;
  acronym: number;
  sentences: Set<number>;
  firstSentences: number[];
  left: Set<string>;
  leftTotal: number;
  right: Set<string>;
  rightTotal: number;
}

const isCandidateWord = (word: Word) => {
  const lower = word.text.toLowerCase().replace(/’/g, "'");
  return (
    !stopwords.has(lower) &&
    !word.text.includes('/') &&
    /\p{L}/u.test(word.text) &&
    word.text.length > 1 &&
    !/^\d/.test(word.text)
  );
};

/** Tags a noun phrase may hold, and the ones it may end on. */
const inNounPhrase = new Set<PartOfSpeech>(['NOUN', 'PROPN', 'ADJ', 'X']);
const headOfNounPhrase = new Set<PartOfSpeech>(['NOUN', 'PROPN', 'X']);

const lowerAt = (words: readonly Word[], k: number) => (words[k] as Word).text.toLowerCase();

/** Does the word at k describe rather than classify ("stale", "great", "simple")? */
const describes = (words: readonly Word[], pos: readonly PartOfSpeech[], k: number) =>
  pos[k] === 'ADJ' && isDescriptiveAdjective(lowerAt(words, k));

/**
 * A topic is named by what kind of thing it is: words that describe rather than classify ("stale",
 * "great", "simple") are left off the front of each span, unless the whole phrase recurs (then the
 * text uses it as a term: "smart contracts" said twice). Only spans that open on such a word are
 * counted: no other span can be the same phrase.
 */
function leaveOffDescribingWords(
  words: readonly Word[],
  pos: readonly PartOfSpeech[],
  spans: [number, number][],
): void {
  const describing = spans.filter((span) => span[0] < span[1] && describes(words, pos, span[0]));
  if (describing.length === 0) return;
  const keys = describing.map(([i, j]) =>
    phraseKey(
      words
        .slice(i, j + 1)
        .map((w) => w.text)
        .join(' '),
    ),
  );
  const count = new Map<string, number>();
  for (const key of keys) count.set(key, (count.get(key) ?? 0) + 1);
  describing.forEach((span, n) => {
    if ((count.get(keys[n] as string) ?? 0) >= 2) return;
    while (span[0] < span[1] && describes(words, pos, span[0])) span[0]++;
  });
}

export interface KeyphraseOptions {
  /** The first this many words are the title: phrases there count double. */
  titleWords: number;
  /** Words never to use (names, organizations, job titles), by index. */
  blocked?: readonly boolean[];
  /** Each word's part of speech: phrases are then noun phrases. */
  partsOfSpeech?: readonly PartOfSpeech[];
  limit?: number;
}

/** Keyphrases of `words`, best first. */
export function extractKeyphrases(words: readonly Word[], options: KeyphraseOptions): Keyphrase[] {
  const { titleWords, blocked, partsOfSpeech: pos, limit = 15 } = options;
  const stats = new Map<string, WordStats>();
  const usable = words.map(
    (w, i) => isCandidateWord(w) && !blocked?.[i] && (!pos || inNounPhrase.has(pos[i] as PartOfSpeech)),
  );
  // A phrase ends on a noun: "async cancellation", never "async cancellation done".
  const canEnd = (i: number) => !pos || headOfNounPhrase.has(pos[i] as PartOfSpeech);
  const sentenceCount = (words.at(-1)?.sentence ?? 0) + 1;
  words.forEach((word, i) => {
    if (!usable[i]) return;
    const key = word.text.toLowerCase();
    let s = stats.get(key);
    if (!s) {
      s = {
        count: 0,
        upper: 0,
        acronym: 0,
        sentences: new Set(),
        firstSentences: [],
        left: new Set(),
        leftTotal: 0,
        right: new Set(),
        rightTotal: 0,
      };
      stats.set(key, s);
    }
    s.count++;
    if (/^\p{Lu}{2,}$/u.test(word.text)) s.acronym++;
    else if (/^\p{Lu}/u.test(word.text) && !word.sentenceStart) s.upper++;
    s.sentences.add(word.sentence);
    s.firstSentences.push(word.sentence);
    // Co-occurrence within a window of 2 words on each side, inside the sentence.
    for (const offset of [-2, -1, 1, 2]) {
      const other = words[i + offset];
      if (!other || other.sentence !== word.sentence || !usable[i + offset]) continue;
      const otherKey = other.text.toLowerCase();
      if (offset < 0) {
        s.left.add(otherKey);
        s.leftTotal++;
      } else {
        s.right.add(otherKey);
        s.rightTotal++;
      }
    }
  });
  if (stats.size === 0) return [];
  const counts = [...stats.values()].map((s) => s.count);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const std = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length);
  const maxCount = Math.max(...counts);
  const wordScore = new Map<string, number>();
  for (const [key, s] of stats) {
    const casing = Math.max(s.upper, s.acronym) / (1 + Math.log(s.count));
    const sorted = [...s.firstSentences].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const position = Math.log(Math.log(3 + median));
    const frequency = s.count / (mean + std || 1);
    const wl = s.leftTotal ? s.left.size / s.leftTotal : 0;
    const wr = s.rightTotal ? s.right.size / s.rightTotal : 0;
    const relatedness = 1 + (wl + wr) * (s.count / maxCount);
    const spread = s.sentences.size / sentenceCount;
    wordScore.set(key, (relatedness * position) / (casing + frequency / relatedness + spread / relatedness));
  }

  // Candidates: with parts of speech, each noun phrase (its last three words: "home blood pressure
  // monitoring" → "blood pressure monitoring"); without, every run of 1–3 usable words.
  const candidates = new Map<string, Keyphrase & { product: number; sum: number }>();
  const joins = (i: number, j: number) =>
    usable[j] && (words[j] as Word).sentence === words[i]?.sentence && !(words[j] as Word).afterPunctuation;
  const spans: [number, number][] = [];
  for (let i = 0; i < words.length; i++) {
    if (!usable[i]) continue;
    if (!pos) {
      for (let j = i; j < i + 3 && j < words.length && (j === i || joins(i, j)); j++) spans.push([i, j]);
      continue;
    }
    let end = i;
    while (end + 1 < words.length && joins(i, end + 1)) end++;
    const next = end;
    while (end >= i && !canEnd(end)) end--;
    // A general noun at the end names no subject ("memory management problems", "nil today").
    while (end > i && genericNouns.has(lowerAt(words, end))) {
      end--;
      while (end >= i && !canEnd(end)) end--;
    }
    if (end >= i) {
      let start = Math.max(i, end - 2);
      while (start < end && weakModifiers.has(lowerAt(words, start))) start++;
      // A sentence or title that opens on "-ing" opens on its verb: "Building Apps with htmx".
      const opening = (words[start] as Word).sentenceStart || (words[start] as Word).afterPunctuation;
      if (start < end && opening && /ing$/.test(lowerAt(words, start))) start++;
      spans.push([start, end]);
    }
    i = next;
  }
  if (pos) leaveOffDescribingWords(words, pos, spans);
  for (const [i, j] of spans) {
    let product = 1;
    let sum = 0;
    for (let k = i; k <= j; k++) {
      const score = wordScore.get((words[k] as Word).text.toLowerCase()) ?? 1;
      product *= score;
      sum += score;
    }
    const text = words
      .slice(i, j + 1)
      .map((w) => w.text)
      .join(' ');
    const key = phraseKey(text);
    const existing = candidates.get(key);
    if (existing) {
      existing.count++;
      existing.inTitle ||= i < titleWords;
    } else {
      candidates.set(key, {
        text,
        key,
        score: 0,
        count: 1,
        inTitle: i < titleWords,
        from: i,
        to: j,
        product,
        sum,
      });
    }
  }
  const result: Keyphrase[] = [];
  for (const c of candidates.values()) {
    const words = c.key.split(' ');
    // Phrases start and end like noun phrases: not with "interesting", "relatively", "distributed".
    const first = words[0] as string;
    const last = words.at(-1) as string;
    if (
      weakModifiers.has(first) ||
      /ly$/.test(first) ||
      (/ing$/.test(first) && words.length > 1 && !c.inTitle)
    )
      continue;
    if (weakModifiers.has(last) || /(?:ed|ly)$/.test(last)) continue;
    // A lone general noun ("problem", "effort") is never a topic.
    if (words.length === 1 && genericNouns.has(c.key)) continue;
    // Nor are general nouns with adjectives ("practical advice", "a deep dive", "field report").
    if (words.every((w, k) => genericNouns.has(w) || pos?.[c.from + k] === 'ADJ')) continue;
    let score = c.product / (c.count * (1 + c.sum));
    if (c.inTitle) score /= 2;
    result.push({
      text: c.text,
      key: c.key,
      score,
      count: c.count,
      inTitle: c.inTitle,
      from: c.from,
      to: c.to,
    });
  }
  result.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
  return result.slice(0, limit);
}

// Technologies a talk's title names that the vocabulary does not know ("Scaling Quillstore",
// "Building Apps with htmx", "Contributing to the Quillkit SDK"): a title names what the talk is about, so
// such a name is a topic of the talk, not only a mention. Recognized by general evidence, added up:
// how the word is written (inner capitals, digits, ".js"), whether English knows it, the words
// around it ("with X", "X at scale", "X 3.2"), and whether the abstract uses or introduces it.
import { memoize } from '../memoize.js';
import { isEnglishWord, type PartOfSpeech } from './parts-of-speech.js';
import { kindsOfThing, stopwords, type Word } from './words.js';

export interface TitleTechnology {
  /** The name as the title writes it. */
  label: string;
  /** Its word indexes in the talk's words. */
  from: number;
  to: number;
  /** How often the talk's title and abstract name it. */
  count: number;
}

export interface TitleTechnologyOptions {
  /** The first this many words are the title. */
  titleWords: number;
  /** Words that belong to a person's or organization's name or a job title. */
  blocked: readonly boolean[];
  /** Words the vocabulary already read (as topics, technologies or organizations). */
  known: ReadonlySet<number>;
  /** Of those, the words of technologies and organizations. */
  technologies: ReadonlySet<number>;
  /** Each word's part of speech, for English text. */
  partsOfSpeech?: readonly PartOfSpeech[];
  /** Whether the text is English: only then does "not an English word" say anything. */
  english: boolean;
}

/** Evidence needed for a title word to be a technology's name. */
const threshold = 2;

/** Words before a name that take a technology: "with htmx", "using Quillstore", "migrating to Pulsar". */
const before = new Set(
  'with using in on for to into via through inside beyond vs versus and or atop onto over'.split(' '),
);
/** Words after a name that say it is a system: "Kafka at scale", "Quillstore in production". */
const after: readonly (readonly string[])[] = [
  ['at', 'scale'],
  ['in', 'production'],
  ['in', 'practice'],
  ['in', 'action'],
  ['under', 'the', 'hood'],
  ['internals'],
  ['vs'],
  ['versus'],
];
/** After these a capitalized run is an organization, a place or a person, not a technology. */
const notBefore = new Set(['at', 'by', '@', 'from']);

/** Written like a product: inner capitals ("OpenFeature", "eBPF"), letters with digits ("Neo4j", "cdk8s"), a dotted name ("Gobot.io"). */
const productShape = /\p{Ll}\p{Lu}|\p{L}\d|\d\p{L}|\p{L}\.\p{L}/u;
const acronym = /^\p{Lu}{2,6}s?$/u;
const version = /^v?\d+(?:\.\d+)*$/;

export function titleTechnologies(list: readonly Word[], options: TitleTechnologyOptions): TitleTechnology[] {
  const { titleWords, blocked, known } = options;
  const pos = options.partsOfSpeech;
  // How the title is written, read from its ordinary words (names and acronyms aside): in sentence
  // case a capital mid-title marks a name, in Title Case capitals say nothing; a title in capitals
  // says nothing of acronyms; and "not an English word" says something only in a title whose other
  // words are English.
  let capitalized = 0;
  let lowercase = 0;
  let content = 0;
  let upper = 0;
  for (let k = 0; k < titleWords; k++) {
    const text = (list[k] as Word).text;
    if (stopwords.has(text.toLowerCase()) || !/\p{L}/u.test(text)) continue;
    content++;
    if (/^\p{Lu}+$/u.test(text)) upper++;
    if (k === 0) continue;
    if (/^\p{Lu}\p{Ll}+$/u.test(text)) capitalized++;
    else if (/^\p{Ll}+$/u.test(text)) lowercase++;
  }
  const sentenceCase = lowercase > capitalized;
  const shouting = upper * 2 > content;
  // Whether the title's other words are English (at least half of them); counted when first asked.
  let english: number | undefined;
  const readsEnglish = (key: string) => {
    if (!options.english) return false;
    if (english === undefined) {
      english = 0;
      for (let k = 0; k < titleWords; k++) {
        const other = lowerAt(list, k);
        if (!stopwords.has(other) && /\p{L}/u.test(other) && isEnglish(other)) english++;
      }
    }
    return (english - (isEnglish(key) ? 1 : 0)) * 2 >= content - 1;
  };

  // How often each word occurs: counted once, and only when some title word is a candidate.
  let counts: Map<string, number> | undefined;
  const countOf = (key: string) => {
    if (!counts) {
      counts = new Map();
      for (const word of list) {
        const folded = word.text.toLowerCase();
        counts.set(folded, (counts.get(folded) ?? 0) + 1);
      }
    }
    return counts.get(key) ?? 0;
  };

  const evidence = new Array<number>(titleWords).fill(0);
  for (let k = 0; k < titleWords; k++) {
    const word = list[k] as Word;
    const text = word.text;
    const key = lowerAt(list, k);
    if (blocked[k] || known.has(k) || stopwords.has(key) || text.length < 2 || !/\p{L}/u.test(text)) continue;
    // "w/", "I/O", "GB/sec": abbreviations, not names.
    if (text.includes('/')) continue;
    if (version.test(text)) continue;
    const previous = k > 0 && sameRun(list, k - 1, k) ? lowerAt(list, k - 1) : null;
    if (previous && notBefore.has(previous)) continue;
    // A verb or its participle is what the talk does ("Integrating", "Simplified"), not a name.
    const shaped = productShape.test(text);
    if (!shaped && (pos?.[k] === 'VERB' || /(?:ing|ed)$/.test(key))) continue;
    // How it is written: a name, not an ordinary word. Without such a sign, context and repetition
    // say nothing ("Standardizing Feature Flagging": "Feature" is English, capitalized for the title).
    let score = 0;
    if (shaped) score += 2;
    if (!shouting && acronym.test(text)) score += 1;
    // Unlike an ordinary word (one point, however many of these): no English word, or a capital
    // where an English sentence-case title has none.
    if (
      readsEnglish(key) &&
      (!isEnglish(key) ||
        (sentenceCase && /^\p{Lu}/u.test(text) && k > 0 && !word.sentenceStart && !word.afterPunctuation))
    )
      score += 1;
    if (score === 0) continue;
    // The words around it.
    let context = false;
    if (
      previous &&
      (before.has(previous) || (previous === 'the' && k > 1 && before.has(lowerAt(list, k - 2))))
    )
      context = true;
    if (previous && pos?.[k - 1] === 'VERB' && /ing$/.test(previous)) context = true;
    if (k + 1 < list.length && sameRun(list, k, k + 1) && version.test((list[k + 1] as Word).text))
      context = true;
    for (const phrase of after) {
      if (
        phrase.every(
          (w, n) =>
            k + 1 + n < list.length && sameRun(list, k + n, k + 1 + n) && lowerAt(list, k + 1 + n) === w,
        )
      )
        context = true;
    }
    // After a technology or vendor the vocabulary knows: "AWS CDK", "Amazon ECS".
    if (previous && options.technologies.has(k - 1)) context = true;
    if (context) score += 1;
    // The abstract: named again, or introduced as a thing ("Quillstore, a time series database"),
    // read only while they could still decide.
    if (score < threshold && countOf(key) >= 2) score += 1;
    if (score < threshold && introducedInAbstract(list, key, titleWords)) score += 2;
    evidence[k] = score;
  }
  // "Keycloak and Slurm": a name beside another name shares its context.
  for (let k = 0; k < titleWords; k++) {
    if (evidence[k] !== threshold - 1) continue;
    for (const [joiner, other] of [
      [k - 1, k - 2],
      [k + 1, k + 2],
    ] as const) {
      if (other < 0 || other >= titleWords || !['and', 'or', 'vs'].includes(lowerAt(list, joiner))) continue;
      if ((evidence[other] ?? 0) >= threshold || known.has(other)) evidence[k] = threshold;
    }
  }

  const found: TitleTechnology[] = [];
  for (let k = 0; k < titleWords; k++) {
    if ((evidence[k] ?? 0) < threshold) continue;
    // Neighbouring names are one ("Azure CycleCloud" aside, which the vocabulary splits).
    let to = k;
    while (to + 1 < titleWords && sameRun(list, to, to + 1) && (evidence[to + 1] ?? 0) >= threshold) to++;
    const label = list
      .slice(k, to + 1)
      .map((w) => w.text)
      .join(' ');
    found.push({ label, from: k, to, count: Math.max(1, countOf(lowerAt(list, k))) });
    k = to;
  }
  return found;
}

/** English derivational endings: "snappiness" is English if "snappy" is. */
const derivation = /(?:ness|ity|ment|ation|ings?|able|ful|less|ly|ers?|ed|s)$/;

/** Is the word ordinary English: in the lexicon, or derived from a word that is (each part of a hyphenated one)? */
const isEnglish = memoize(
  (key: string) => key.split('-').every((part) => derivedFromEnglish(part, 2)),
  50_000,
);

/** Is the word, or the word left after taking off up to `rounds` derivational endings, English? */
function derivedFromEnglish(word: string, rounds: number): boolean {
  if (isEnglishWord(word)) return true;
  const stem = word.replace(derivation, '');
  if (rounds === 0 || stem.length < 3 || stem === word) return false;
  return [stem, `${stem}e`, stem.replace(/i$/, 'y')].some((s) => derivedFromEnglish(s, rounds - 1));
}

const lowerAt = (list: readonly Word[], k: number) => (list[k] as Word).text.toLowerCase();

/** Are words a and b (b after a) in one sentence, with no punctuation before b? */
const sameRun = (list: readonly Word[], a: number, b: number) =>
  b < list.length && list[a]?.sentence === list[b]?.sentence && !(list[b] as Word).afterPunctuation;

/** Does the abstract introduce the word as a thing: "Foo, a graph database", "the Foo project"? */
function introducedInAbstract(list: readonly Word[], key: string, titleWords: number): boolean {
  for (let k = titleWords; k < list.length; k++) {
    if ((list[k] as Word).text.toLowerCase() !== key) continue;
    const next = list[k + 1]?.text.toLowerCase();
    if (list[k - 1]?.text.toLowerCase() === 'the' && next && kindsOfThing.has(next)) return true;
    let n = k + 1;
    if (next === 'is') n++;
    const article = list[n]?.text.toLowerCase();
    if (article !== 'a' && article !== 'an') continue;
    for (let m = n + 1; m <= n + 5 && m < list.length; m++) {
      if ((list[m] as Word).sentence !== (list[k] as Word).sentence) break;
      if (kindsOfThing.has((list[m] as Word).text.toLowerCase())) return true;
    }
  }
  return false;
}

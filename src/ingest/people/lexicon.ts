// The name lexicon: which words are known given names, family names or ordinary words, in any
// locale and script. It is evidence for the name model, never a decision: a token's membership is
// a feature whose weight the model fits, so noisy entries (registries list "Summer" and "King" as
// given names) cost what the data says they cost.
//
// Sources, both maintained MIT packages:
// - @faker-js/faker: first and last names of ~70 locales in their own scripts (Latin, Cyrillic,
//   Greek, Han, kana, Hangul, Arabic, Hebrew, Devanagari, Thai, Georgian, Armenian, …), and its
//   word lists (words, colours, product and buzz words) for ordinary words (not lorem ipsum, which
//   is no language's vocabulary).
// - gender-detection-from-name: ~67,000 given names from civil registries of English, French,
//   Spanish, Italian, German and Turkish speaking countries; kept apart from faker's names since
//   it also holds many ordinary words.
//
// Building it from the lists takes over a second, paid by every process that reads a document, so
// `npm run train names` stores it in data/name-lexicon.json, which loads in a tenth of that (a test
// fails when the stored copy differs from what the installed lists give). Loaded on first use:
// commands that read no names never pay.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { allLocales as AllLocales } from '@faker-js/faker';

/** Scripts whose accents are optional to readers (and to writers of names): folded away. */
const accentedAlphabet = /^[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\P{L}]*$/u;
/** Arabic and Hebrew vowel points, and the Arabic stretching stroke, written in some texts and not in others. */
const vowelPoints = /[\u064B-\u065F\u0670\u0640\u0591-\u05C7]/gu;
/**
 * Letters the Arabic script writes in more than one way across languages and habits (hamza seats on
 * alef, Persian yeh and kaf, teh marbuta and heh): one form each, as search engines fold them.
 */
const arabicVariants: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ک: 'ك',
  ة: 'ه',
  ۀ: 'ه',
  ہ: 'ه',
  ھ: 'ه',
};
const arabicVariant = /[أإآٱىیېکةۀہھ]/gu;

/**
 * Lowercase, without accents; ł, ø, đ, ß and ligatures mapped by hand since NFD keeps them whole.
 * Marks that are letters of their script (Devanagari vowel signs, kana voicing) are kept.
 */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (/^[a-z'&.-]*$/.test(lower)) return lower; // nothing to fold: skip the costly normalization
  if (!accentedAlphabet.test(lower))
    return lower.replace(vowelPoints, '').replace(arabicVariant, (c) => arabicVariants[c] ?? c);
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łøđßæœı’]/g, (c) => foldedLetters[c] ?? c);
}

const foldedLetters: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  '’': "'",
};

export type Locales = typeof AllLocales;

const requireCjs = createRequire(import.meta.url);
let locales: Locales | null = null;

/** faker's locale data, loaded on first use. */
export function fakerLocales(): Locales {
  locales ??= (requireCjs('@faker-js/faker') as { allLocales: Locales }).allLocales;
  return locales;
}

const registryLanguages = ['en', 'fr', 'es', 'it', 'de', 'tr'];

/** What the lexicon knows of one folded word. */
export interface NameLexicon {
  /** Given names of faker's locales. */
  given: ReadonlySet<string>;
  /** Given names only the civil registries list. */
  registry: ReadonlySet<string>;
  /** Family names of faker's locales. */
  family: ReadonlySet<string>;
  /** Ordinary words of faker's word lists. */
  words: ReadonlySet<string>;
  /** The words of the honorifics faker's locales write before names ("Dr.", "Frau", "Sr."), as written. */
  prefixes: ReadonlySet<string>;
}

/** Every string list under `value` (faker keeps lists under generic/female/male keys). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, out);
  return out;
}

/** The lists faker keeps of names: per locale, given and family names. */
export function fakerNameLists(): { locale: string; given: string[]; family: string[] }[] {
  return Object.entries(fakerLocales()).map(([locale, data]) => ({
    locale,
    given: stringsOf(data.person?.first_name),
    family: stringsOf(data.person?.last_name),
  }));
}

/** faker's lists of ordinary words, per locale (templates, with "{{", are left out). */
export function fakerWordLists(): { locale: string; words: string[] }[] {
  return Object.entries(fakerLocales()).map(([locale, data]) => {
    const d = data as Record<string, Record<string, unknown> | undefined>;
    const lists = [
      d.word,
      d.color?.human,
      d.date?.month,
      d.date?.weekday,
      d.hacker?.adjective,
      d.hacker?.noun,
      d.hacker?.verb,
      d.hacker?.ingverb,
      d.company?.adjective,
      d.company?.noun,
      d.company?.descriptor,
      d.company?.buzz_adjective,
      d.company?.buzz_noun,
      d.company?.buzz_verb,
      d.commerce?.product_name,
      d.commerce?.department,
      d.animal?.type,
      d.food?.ingredient,
      d.food?.fruit,
      d.food?.vegetable,
    ];
    return { locale, words: stringsOf(lists).filter((w) => !w.includes('{{')) };
  });
}

/** The given names of the civil registries (already lowercase). */
export function registryNames(): string[] {
  const names: string[] = [];
  for (const language of registryLanguages) {
    const registry = requireCjs(`gender-detection-from-name/names/${language}.js`) as Map<string, string>;
    names.push(...registry.keys());
  }
  return names;
}

/** A deterministic hash of a string (FNV-1a), for splitting lists into parts. */
export function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Which entries the training lexicon keeps: the fit sees the lexicon know only part of the names
 * and words it is shown, as it will at run time when a document names people no list holds, so
 * that it learns what names look like (shape, letters) beside whether they are listed.
 */
export const inTrainingLexicon = (folded: string) => stringHash(`lexicon:${folded}`) % 10 < 6;

function buildLexicon(keep: (folded: string) => boolean): NameLexicon {
  const given = new Set<string>();
  const registry = new Set<string>();
  const family = new Set<string>();
  const words = new Set<string>();
  const add = (set: Set<string>, entry: string) => {
    // Compound entries ("Jean-Michel", "Anh Vũ", "van der Berg") also count by their parts.
    for (const part of [entry, ...entry.split(/[\s\-‐]+/u)]) {
      const folded = foldWord(part.trim());
      if (folded.length >= 1 && keep(folded)) set.add(folded);
    }
  };
  for (const { given: g, family: f } of fakerNameLists()) {
    for (const name of g) add(given, name);
    for (const name of f) add(family, name);
  }
  for (const name of registryNames()) {
    const folded = foldWord(name);
    if (!given.has(folded) && keep(folded)) registry.add(folded);
  }
  for (const { words: list } of fakerWordLists()) for (const word of list) add(words, word);
  const prefixes = new Set<string>();
  for (const data of Object.values(fakerLocales())) {
    const prefix = data.person?.prefix as Record<string, string[] | undefined> | null | undefined;
    for (const list of Object.values(prefix ?? {}))
      for (const entry of list ?? []) for (const word of entry.split(/\s+/)) if (word) prefixes.add(word);
  }
  return { given, registry, family, words, prefixes };
}

export const nameLexiconPath = new URL('../../../data/name-lexicon.json', import.meta.url);

/** The whole lexicon built from the name lists, as `npm run train names` stores it. */
export function buildNameLexicon(): NameLexicon {
  return buildLexicon(() => true);
}

/** The lexicon as stored: each set as a sorted list, for files that diff well. */
export function lexiconJson(lexicon: NameLexicon): string {
  const lists = Object.fromEntries(
    Object.entries(lexicon).map(([key, set]: [string, ReadonlySet<string>]) => [key, [...set].sort()]),
  );
  return `${JSON.stringify(lists)}\n`;
}

function storedLexicon(): NameLexicon {
  const lists = JSON.parse(readFileSync(nameLexiconPath, 'utf8')) as Record<keyof NameLexicon, string[]>;
  return {
    given: new Set(lists.given),
    registry: new Set(lists.registry),
    family: new Set(lists.family),
    words: new Set(lists.words),
    prefixes: new Set(lists.prefixes),
  };
}

let fullLexicon: NameLexicon | null = null;
let trainingOnly: NameLexicon | null = null;

/** The whole lexicon, as the reader uses it. */
export function nameLexicon(): NameLexicon {
  fullLexicon ??= storedLexicon();
  return fullLexicon;
}

/** The part of the lexicon the fit sees (see `inTrainingLexicon`), built from the lists themselves. */
export function trainingLexicon(): NameLexicon {
  trainingOnly ??= buildLexicon(inTrainingLexicon);
  return trainingOnly;
}

let functionWords: Set<string> | null = null;

/**
 * Whether `word` is a function word of one of stopwords-iso's 58 languages ("alle", "todos",
 * "tous", "everyone"): the closed classes of a language, which name groups, not people.
 */
export function isFunctionWord(word: string): boolean {
  if (!functionWords) {
    const lists = requireCjs('stopwords-iso') as Record<string, string[]>;
    functionWords = new Set(Object.values(lists).flatMap((list) => list.map(foldWord)));
  }
  return functionWords.has(foldWord(word));
}

// The first-name lexicon: positive evidence that a word is someone's given name (and, for scripts
// without case, that a leading character is a family name). Built once at module load as folded
// Sets, so a lookup during reading is one hash probe.
//
// Two maintained MIT packages, because no single one covers both breadth and depth:
// - @faker-js/faker: first names (and CJK family names) for ~70 locales, Polish, Czech, Nordic,
//   Cyrillic, Vietnamese, Japanese, Korean and Chinese included; released every few weeks.
// - gender-detection-from-name: ~67,000 given names from civil registries of English, French,
//   Spanish, Italian, German and Turkish speaking countries, which takes in many Indian, African
//   and East Asian names given in those countries.
// The lexicon only raises confidence; it is never a whitelist, so a noisy entry costs little.
import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';

/** Lowercase, without accents; ł, ø, đ, ß and ligatures mapped by hand since NFD keeps them whole. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (/^[a-z'&.-]*$/.test(lower)) return lower; // nothing to fold: skip the costly normalization
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

/**
 * Registry entries that are far more often ordinary words in talk titles and programmes than
 * given names (the registries hold every name given at least a few times).
 */
const ordinaryWords = new Set(
  (
    'the to a an and of in on for with is it be by at as or we our your you not no yes will may can ' +
    'blue cloud data web code open free love hope grace summer winter spring autumn river stone king major ' +
    'royal star sky sun moon rain storm ocean lake happy lucky legend story true truth unity music art ' +
    'lunch break coffee day night welcome opening closing talk panel keynote session track room hall ' +
    'rust go swift ruby python java julia dart crystal elixir scala kotlin perl pearl nix chef docker ' +
    'general ' +
    'new next future modern native build built test state main design security type types guide'
  ).split(' '),
);

const requireCjs = createRequire(import.meta.url);
const registryLanguages = ['en', 'fr', 'es', 'it', 'de', 'tr'];

function buildGivenNames(): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => {
    // Compound given names ("Jean-Michel", "Anh Vũ") also count by their parts.
    for (const part of [name, ...name.split(/[\s-]+/)]) {
      const folded = foldWord(part);
      if (folded.length >= 2 && !ordinaryWords.has(folded)) names.add(folded);
    }
  };
  for (const locale of Object.values(allLocales)) {
    const firstNames = locale.person?.first_name;
    if (!firstNames) continue;
    for (const list of Object.values(firstNames)) for (const name of list ?? []) add(name);
  }
  for (const language of registryLanguages) {
    const registry = requireCjs(`gender-detection-from-name/names/${language}.js`) as Map<string, string>;
    for (const name of registry.keys()) add(name);
  }
  return names;
}

function buildCjkFamilyNames(): Set<string> {
  const names = new Set<string>();
  for (const code of ['ja', 'ko', 'zh_CN', 'zh_TW']) {
    const lastNames = allLocales[code as keyof typeof allLocales]?.person?.last_name;
    if (!lastNames) continue;
    for (const list of Object.values(lastNames)) for (const name of list ?? []) names.add(name);
  }
  return names;
}

// Built on first use: commands that read no names (serve, --help) never pay for them.
let givenNames: Set<string> | null = null;
let cjkFamilyNames: Set<string> | null = null;

/** Is this word (any case, any accents) a known given name? */
export function isGivenName(word: string): boolean {
  givenNames ??= buildGivenNames();
  return givenNames.has(foldWord(word));
}

/** Does this CJK text start with a known family name (one or two characters)? */
export function startsWithCjkFamilyName(text: string): boolean {
  const chars = Array.from(text);
  cjkFamilyNames ??= buildCjkFamilyNames();
  return cjkFamilyNames.has(chars.slice(0, 2).join('')) || cjkFamilyNames.has(chars[0] ?? '');
}

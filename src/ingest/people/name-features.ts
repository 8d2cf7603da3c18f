// The features the person-name model reads from a candidate string: what the lexicon knows of each
// word (given name, family name, ordinary word, in any locale), the shape of the words (case,
// initials, particles, suffixes, token count, script, digits, punctuation, length), words that name
// kinds of organization or roles, and character n-grams of each word (trigrams; single characters
// and pairs in Chinese, Japanese and Korean). One definition serves training (`nameFeatures`) and
// reading (`nameLogit`), so the two cannot disagree.
//
// Reading is the reader's hot path: everything that depends on one word alone (its kind, lexicon
// code, n-grams, and under a model their summed weight) is computed once per word and kept, so a new
// string costs its cleaning, a split and a dozen string-level features.

import type { Features, LogisticModel } from '../model/logistic.js';
import { isEnglishWord } from '../topics/parts-of-speech.js';
import {
  isOrganizationKindWord,
  isOrganizationWord,
  isRoleNoun,
  isRoleQualifier,
} from './affiliation-words.js';
import { foldWord, type NameLexicon } from './lexicon.js';
import {
  type CleanedName,
  cjkScripts,
  cleanName,
  dominantScript,
  nameTokens,
  particles,
  scriptOf,
  type TokenKind,
  tokenKind,
  unspacedScripts,
} from './name-syntax.js';
import { segmentWords } from './segment.js';

/** A candidate string read for the model: cleaned, split, typed. */
export interface NameCandidate {
  cleaned: CleanedName;
  tokens: string[];
  kinds: TokenKind[];
  /** The script most letters are in ('Latin', 'Cyrillic', 'Han', 'Hangul', 'Arabic', …). */
  script: string;
  mixedScripts: boolean;
  /**
   * The words the lexicon and n-grams look at: the tokens, or for a name written without spaces
   * (山田太郎) the segmenter's words (山田, 太郎).
   */
  words: string[];
  /** Each word's kind (a segmented word is of kind C). */
  wordKinds: TokenKind[];
}

/** Bounded caches of per-word facts: past the limit a cache starts afresh. */
const cacheLimit = 200_000;

/** What is known of one word, whatever string it occurs in. */
interface WordRecord {
  kind: TokenKind;
  folded: string;
  /**
   * Lexicon code: some of g (given), r (registry-only given), f (family), w (ordinary word in faker's
   * lists), e (in the English model's lexicon of ~87,000 words and forms); '-' when none.
   */
  code: string;
  /** Additive features of the word as written: its punctuation, an over-long run of letters. */
  tokenFeatures: Features;
  /** Additive features of the word: n-grams (each 1/√count), the word itself, organization and role words. */
  wordFeatures: Features;
  /** Under `scoredBy`, the summed weights of `tokenFeatures` and `wordFeatures`. */
  scoredBy: LogisticModel | null;
  tokenLogit: number;
  wordLogit: number;
}

const records = new WeakMap<NameLexicon, Map<string, WordRecord>>();

function recordOf(lexicon: NameLexicon, word: string): WordRecord {
  let cache = records.get(lexicon);
  if (!cache) {
    cache = new Map();
    records.set(lexicon, cache);
  }
  let record = cache.get(word);
  if (!record) {
    const kind = tokenKind(word);
    const tokenFeatures: Features = {};
    if (kind === 'X' || kind === 'N')
      for (const ch of word) if (!/[\p{L}\p{M}]/u.test(ch)) tokenFeatures[`p:${ch}`] = 1;
    if (/\p{L}{16,}/u.test(word) && !isCjkWord(word)) tokenFeatures.longWord = 1;
    const folded = foldWord(word).replace(/(?<![.,;:])[.,;:]+$/u, '');
    const wordFeatures: Features = {};
    const grams = ngrams(folded);
    const scale = 1 / Math.sqrt(Math.max(1, grams.length));
    for (const gram of grams) wordFeatures[gram] = (wordFeatures[gram] ?? 0) + scale;
    wordFeatures[`w:${folded}`] = 1;
    if (isOrganizationWord(word)) wordFeatures.orgEnd = 1;
    if (isOrganizationKindWord(word)) wordFeatures.orgKind = 1;
    if (isRoleNoun(word)) wordFeatures.roleNoun = 1;
    if (isRoleQualifier(word)) wordFeatures.roleQualifier = 1;
    const code = withEnglish(lexiconCodeOf(lexicon, folded), folded);
    record = { kind, folded, code, tokenFeatures, wordFeatures, scoredBy: null, tokenLogit: 0, wordLogit: 0 };
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(word, record);
  }
  return record;
}

/** Read a candidate; null when nothing is left once honorifics, nickname and handle are off. */
export function readCandidate(text: string, lexicon: NameLexicon): NameCandidate | null {
  const cleaned = cleanName(text);
  if (!cleaned) return null;
  const tokens = nameTokens(cleaned.core);
  const kinds = tokens.map((t) => recordOf(lexicon, t).kind);
  const { script, mixed } = dominantScript(cleaned.core);
  const unspaced = tokens.length === 1 && (unspacedScripts.has(script) || script === 'Hangul');
  const words = unspaced ? segmentWords(cleaned.core).map((s) => s.word) : tokens;
  const wordKinds = unspaced ? words.map((): TokenKind => 'C') : kinds;
  return { cleaned, tokens, kinds, script, mixedScripts: mixed, words, wordKinds };
}

function isCjkWord(word: string): boolean {
  const code = word.codePointAt(0);
  const script = code === undefined ? null : scriptOf(code);
  return script !== null && cjkScripts.has(script);
}

/** What the lexicon knows of one folded word. */
function lexiconCode(lexicon: NameLexicon, folded: string): string {
  return (
    (lexicon.given.has(folded) ? 'g' : lexicon.registry.has(folded) ? 'r' : '') +
    (lexicon.family.has(folded) ? 'f' : '') +
    (lexicon.words.has(folded) ? 'w' : '')
  );
}

/** A hyphenated or apostrophed word by its parts when the whole is not listed ("al-Haddad", "Jean-Luc"). */
function lexiconCodeOf(lexicon: NameLexicon, folded: string): string {
  const whole = lexiconCode(lexicon, folded);
  if (whole) return whole;
  const parts = folded.split(/['’‐-]/u).filter((p) => p.length > 1 && !particles.has(p));
  if (parts.length === 0 || (parts.length === 1 && parts[0] === folded)) return '-';
  const codes = parts.map((p) => lexiconCode(lexicon, p));
  let merged = '';
  for (const letter of ['g', 'r', 'f', 'w']) if (codes.every((c) => c.includes(letter))) merged += letter;
  return merged || '-';
}

/** English words and their forms ("lessons", "learned"), which faker's word lists mostly lack. */
function withEnglish(code: string, folded: string): string {
  if (!/^[a-z'-]+$/u.test(folded) || !isEnglishWord(folded)) return code;
  return code === '-' ? 'e' : `${code}e`;
}

function ngrams(folded: string): string[] {
  const padded = ['^', ...folded, '$'];
  const grams: string[] = [];
  if (isCjkWord(folded)) {
    // Characters carry meaning: single characters and pairs, with the word's edges.
    for (let i = 1; i + 1 < padded.length; i++) grams.push(`c:${padded[i]}`);
    for (let i = 0; i + 1 < padded.length; i++) grams.push(`b:${padded[i]}${padded[i + 1]}`);
  } else {
    for (let i = 0; i + 2 < padded.length; i++) grams.push(`g:${padded[i]}${padded[i + 1]}${padded[i + 2]}`);
  }
  return grams;
}

/** Kinds whose lexicon membership says something (not initials, particles, suffixes, digits). */
const lexicalKinds = new Set<TokenKind>(['T', 'U', 'L', 'M', 'C', 'Q', 'A']);

const lengthBucket = (n: number) =>
  n <= 4 ? '4' : n <= 8 ? '8' : n <= 14 ? '14' : n <= 20 ? '20' : n <= 28 ? '28' : n <= 40 ? '40' : 'more';

type Emit = (name: string, value: number) => void;

/** The features of the string as a whole (its words' own features are added by the callers). */
function emitStringFeatures(candidate: NameCandidate, lexicon: NameLexicon, emit: Emit): void {
  const { cleaned, tokens, kinds, script, words, wordKinds } = candidate;
  emit(`s:${script}`, 1);
  if (candidate.mixedScripts) emit('mix', 1);
  emit(`n:${Math.min(tokens.length, 6)}`, 1);
  emit(tokens.length <= 6 ? `k:${kinds.join('')}` : 'k:long', 1);
  for (let i = 0; i < kinds.length; i++)
    if (kinds.indexOf(kinds[i] as TokenKind) === i) emit(`h:${kinds[i]}`, 1);
  if (cleaned.honorific) emit('hon', 1);
  if (cleaned.nickname) emit('nick', 1);
  if (cleaned.handle) emit('hdl', 1);
  emit(`len:${lengthBucket(cleaned.core.length)}`, 1);

  let codes = '';
  let lexical = 0;
  let given = 0;
  let registry = 0;
  let family = 0;
  let ordinary = 0;
  let english = 0;
  let unknown = 0;
  let firstCode = '';
  let lastCode = '';
  for (let i = 0; i < words.length; i++) {
    const kind = wordKinds[i] as TokenKind;
    let code: string;
    if (lexicalKinds.has(kind)) {
      code = recordOf(lexicon, words[i] as string).code;
      lexical++;
      if (code.includes('g')) given++;
      if (code.includes('r')) registry++;
      if (code.includes('f')) family++;
      if (code.includes('w')) ordinary++;
      if (code.includes('e')) english++;
      if (code === '-') unknown++;
    } else {
      code = kind.toLowerCase();
    }
    if (i === 0) firstCode = kind + code;
    lastCode = kind + code;
    codes += i === 0 ? code : `.${code}`;
  }
  if (words.length <= 4) emit(`x:${codes}`, 1);
  if (lexical > 0) {
    emit('pg', given / lexical);
    emit('pr', registry / lexical);
    emit('pf', family / lexical);
    emit('pw', ordinary / lexical);
    emit('pe', english / lexical);
    emit('pn', unknown / lexical);
  }
  emit(`f0:${firstCode}`, 1);
  if (words.length > 1) emit(`fl:${lastCode}`, 1);
  if (cjkScripts.has(script)) emitCjkFeatures(candidate, lexicon, emit);
}

/** Chinese, Japanese and Korean: length, segments, a family name at the start, kana, separators. */
function emitCjkFeatures(candidate: NameCandidate, lexicon: NameLexicon, emit: Emit): void {
  const letters = candidate.cleaned.core.replace(/[\s\u3000・·]/gu, '');
  const chars = Array.from(letters);
  emit(`c:len${Math.min(chars.length, 10)}`, 1);
  emit(`c:seg${Math.min(candidate.words.length, 6)}`, 1);
  if (candidate.tokens.length > 1) emit('c:spaced', 1);
  if (/[・·]/u.test(candidate.cleaned.core)) emit('c:dot', 1);
  if (/\p{sc=Hiragana}/u.test(letters)) emit('c:hira', 1);
  if (/^[\p{sc=Katakana}ー]+$/u.test(letters)) emit('c:kata', 1);
  for (const size of [1, 2]) {
    if (chars.length <= size) continue;
    const family = chars.slice(0, size).join('');
    if (!lexicon.family.has(family)) continue;
    emit(`c:fam${size}`, 1);
    if (lexicon.given.has(chars.slice(size).join(''))) emit(`c:given${size}`, 1);
  }
}

/** Features of one candidate, by name, so that a decision can list what moved it. */
export function nameFeatures(candidate: NameCandidate, lexicon: NameLexicon): Features {
  const f: Features = {};
  const add = (name: string, value: number) => {
    f[name] = (f[name] ?? 0) + value;
  };
  emitStringFeatures(candidate, lexicon, add);
  for (const token of candidate.tokens) {
    const { tokenFeatures } = recordOf(lexicon, token);
    for (const name in tokenFeatures) add(name, tokenFeatures[name] as number);
  }
  for (const word of candidate.words) {
    const { wordFeatures } = recordOf(lexicon, word);
    for (const name in wordFeatures) add(name, wordFeatures[name] as number);
  }
  return f;
}

function weightedSum(model: LogisticModel, features: Features): number {
  let z = 0;
  for (const name in features) {
    const w = model.weights[name];
    if (w !== undefined) z += w * (features[name] as number);
  }
  return z;
}

function scored(model: LogisticModel, record: WordRecord): WordRecord {
  if (record.scoredBy !== model) {
    record.tokenLogit = weightedSum(model, record.tokenFeatures);
    record.wordLogit = weightedSum(model, record.wordFeatures);
    record.scoredBy = model;
  }
  return record;
}

/** The string-level part of the logit, kept per shape: strings of one shape share it. */
const shapeLogits = new WeakMap<LogisticModel, Map<string, number>>();

/** The model's logit for a candidate: the same sum as `logit(model, nameFeatures(…))`, faster. */
export function nameLogit(model: LogisticModel, candidate: NameCandidate, lexicon: NameLexicon): number {
  let z = model.bias;
  const spaced = candidate.words === candidate.tokens;
  for (const token of candidate.tokens) {
    const record = scored(model, recordOf(lexicon, token));
    z += record.tokenLogit + (spaced ? record.wordLogit : 0);
  }
  if (!spaced) for (const word of candidate.words) z += scored(model, recordOf(lexicon, word)).wordLogit;
  const emit = (name: string, value: number) => {
    const w = model.weights[name];
    if (w !== undefined) z += w * value;
  };
  if (cjkScripts.has(candidate.script)) {
    emitStringFeatures(candidate, lexicon, emit);
    return z;
  }
  // Outside CJK every string-level feature is a function of this key.
  const { cleaned, kinds, words } = candidate;
  let key = `${candidate.script}${candidate.mixedScripts ? '+' : ''}|${cleaned.honorific ? 'h' : ''}${cleaned.nickname ? 'n' : ''}${cleaned.handle ? '@' : ''}|${lengthBucket(cleaned.core.length)}|${kinds.join('')}|`;
  for (const word of words) key += `${recordOf(lexicon, word).code}.`;
  let cache = shapeLogits.get(model);
  if (!cache) {
    cache = new Map();
    shapeLogits.set(model, cache);
  }
  let shape = cache.get(key);
  if (shape === undefined) {
    shape = 0;
    emitStringFeatures(candidate, lexicon, (name, value) => {
      const w = model.weights[name];
      if (w !== undefined) shape = (shape as number) + w * value;
    });
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(key, shape);
  }
  return z + shape;
}

/**
 * Features for the order of a name's parts: is the family name written first? The positions'
 * lexicon codes and shapes, the script, and the endings of the first and last words.
 */
export function orderFeatures(candidate: NameCandidate, lexicon: NameLexicon): Features {
  const f: Features = {};
  const { words, wordKinds, script } = candidate;
  f[`s:${script}`] = 1;
  if (words.length <= 6) f[`k:${wordKinds.join('')}`] = 1;
  const named = words
    .map((word, i) => ({ facts: recordOf(lexicon, word), kind: wordKinds[i] as TokenKind }))
    .filter((t) => t.kind !== 'P' && t.kind !== 'S');
  const head = named[0];
  const tail = named.at(-1);
  if (head) {
    f[`f0:${head.kind}${head.facts.code}`] = 1;
    f[`e0:${head.facts.folded.slice(-3)}`] = 1;
  }
  if (tail && named.length > 1) {
    f[`fl:${tail.kind}${tail.facts.code}`] = 1;
    f[`eL:${tail.facts.folded.slice(-3)}`] = 1;
  }
  if (candidate.tokens.length > 1) f.spaced = 1;
  if (/[・·]/u.test(candidate.cleaned.core)) f.dot = 1;
  if (/^[\p{sc=Katakana}ー・\s]+$/u.test(candidate.cleaned.core)) f.kata = 1;
  return f;
}

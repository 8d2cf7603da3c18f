// Parts of speech of a text's words, from wink-nlp's English model (shipped inside the
// wink-eng-lite-web-model package: nothing is downloaded). Keyphrases are noun phrases, and a
// vocabulary word used as a verb ("Scaling Raft") is not its topic: both need the tags. The same
// model's lexicon and sentiment scores tell which words are ordinary English (a product's name
// mostly is not) and which adjectives describe rather than classify ("stale", "great" vs
// "distributed", "relational").

import model from 'wink-eng-lite-web-model';
import winkNLP, { type PartOfSpeech } from 'wink-nlp';
import { memoize } from '../memoize.js';
import type { Word } from './words.js';

export type { PartOfSpeech } from 'wink-nlp';

let nlp: ReturnType<typeof winkNLP> | undefined;
const tagger = () => {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
};

/**
 * The part of speech of each of `list`'s words, which were read from `text` (their offsets are into
 * it). A word the tagger split ("Node.js", "C++") takes the tag of its last word-like piece.
 */
export function partsOfSpeech(text: string, list: readonly Word[]): PartOfSpeech[] {
  const nlp = tagger();
  const tokens = nlp.readDoc(text).tokens();
  const values = tokens.out();
  const tags = tokens.out(nlp.its.pos) as PartOfSpeech[];
  const result: PartOfSpeech[] = new Array(list.length).fill('X');
  let cursor = 0;
  let w = 0;
  for (let t = 0; t < values.length && w < list.length; t++) {
    const value = values[t] as string;
    const start = text.indexOf(value, cursor);
    if (start < 0) continue; // a token the tagger rewrote: keep looking for the next one
    cursor = start + value.length;
    while (w < list.length && (list[w] as Word).end <= start) w++;
    const word = list[w];
    if (!word || start < word.start) continue;
    const tag = tags[t] as PartOfSpeech;
    if (tag !== 'PUNCT' && tag !== 'SYM') result[w] = tag;
  }
  return result;
}

let lexiconProbe: ReturnType<ReturnType<typeof winkNLP>['readDoc']> | undefined;

/** Is the lowercase word in the English model's lexicon (about 87,000 words and forms)? */
export const isEnglishWord = memoize((lower: string) => {
  lexiconProbe ??= tagger().readDoc('');
  return !lexiconProbe.isOOV(lower);
}, 100_000);

/** The comparative and superlative forms an adjective would have: "stale" → "staler", "stalest". */
function gradedForms(word: string): string[] {
  const forms = [`${word}er`, `${word}est`];
  if (word.endsWith('e')) forms.push(`${word}r`, `${word}st`);
  if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ier`, `${word.slice(0, -1)}iest`);
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(word))
    forms.push(`${word}${word.at(-1)}er`, `${word}${word.at(-1)}est`);
  return forms;
}

let sentiment: ReturnType<typeof winkNLP> | undefined;

/**
 * Does the lowercase adjective describe a thing rather than say what kind of thing it is? Such an
 * adjective is gradable ("newer", "simplest" are adjectives the lexicon knows) or evaluative (the
 * model's sentiment lexicon scores it: "great", "awesome", "crazy", "painful"). "Distributed",
 * "relational", "functional" are neither: they classify, and make a subject ("distributed
 * systems"); "great systems" is no subject.
 */
export const isDescriptiveAdjective = memoize((lower: string) => {
  const nlp = tagger();
  for (const form of gradedForms(lower)) {
    if (!isEnglishWord(form)) continue;
    const tokens = nlp.readDoc(form).tokens();
    // The typings miss the lemma reader's extra arguments; it reads a token's lemma like any other.
    const lemma = (tokens.out(nlp.its.lemma as never) as unknown as string[])[0];
    if (tokens.out(nlp.its.pos)[0] === 'ADJ' && lemma === lower) return true;
  }
  sentiment ??= winkNLP(model, ['sentiment']);
  // A document's sentiment is a number; the typings only know its token-level reading.
  const score = sentiment.readDoc(lower).out(sentiment.its.sentiment as never) as unknown;
  return Number(score) !== 0;
}, 20_000);

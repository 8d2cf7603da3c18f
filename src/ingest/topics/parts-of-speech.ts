// Parts of speech of a text's words, from wink-nlp's English model (shipped inside the
// wink-eng-lite-web-model package: nothing is downloaded). Keyphrases are noun phrases, and a
// vocabulary word used as a verb ("Scaling Raft") is not its topic: both need the tags.

import model from 'wink-eng-lite-web-model';
import winkNLP, { type PartOfSpeech } from 'wink-nlp';
import type { Word } from './words.js';

export type { PartOfSpeech } from 'wink-nlp';

let nlp: ReturnType<typeof winkNLP> | undefined;

/**
 * The part of speech of each of `list`'s words, which were read from `text` (their offsets are into
 * it). A word the tagger split ("Node.js", "C++") takes the tag of its last word-like piece.
 */
export function partsOfSpeech(text: string, list: readonly Word[]): PartOfSpeech[] {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
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

// Words of text in any script, where the script writes no spaces between them: Chinese through
// jieba's dictionary and HMM (@node-rs/jieba, loaded on first use: its dictionary takes ~0.4 s),
// Japanese, Korean, Thai and every other script through the runtime's ICU word segmenter
// (Intl.Segmenter). Punctuation and spaces are not words.
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

export interface SegmentedWord {
  word: string;
  /** UTF-16 index of the word in the text. */
  start: number;
}

const kana = /[\p{sc=Hiragana}\p{sc=Katakana}]/u;
const hanRun = /[\p{sc=Han}々〆]+/gu;
const hangul = /\p{sc=Hangul}/u;
const wordLike = /[\p{L}\p{N}]/u;

let jieba: Jieba | null = null;

function chineseSegmenter(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

const segmenters = new Map<string, Intl.Segmenter>();

function icuWords(text: string, locale: string, offset: number, out: SegmentedWord[]): void {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale || undefined, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  for (const part of segmenter.segment(text)) {
    if (part.isWordLike || wordLike.test(part.segment))
      out.push({ word: part.segment, start: offset + part.index });
  }
}

/** Chinese runs through jieba (with its HMM, which keeps unknown two-character names whole). */
function chineseWords(run: string, offset: number, out: SegmentedWord[]): void {
  let at = 0;
  for (const word of chineseSegmenter().cut(run, true)) {
    if (wordLike.test(word)) out.push({ word, start: offset + at });
    at += word.length;
  }
}

/**
 * The words of `text` with where each starts. Text with kana is read as Japanese, Han without kana
 * as Chinese (each run of Han characters through jieba, the rest by ICU), Hangul as Korean, and
 * anything else by ICU's default rules (spaces and punctuation; dictionaries for Thai, Lao, Khmer).
 */
export function segmentWords(text: string): SegmentedWord[] {
  const out: SegmentedWord[] = [];
  if (kana.test(text)) {
    icuWords(text, 'ja', 0, out);
    return out;
  }
  let from = 0;
  for (const match of text.matchAll(hanRun)) {
    if (match.index > from) icuWords(text.slice(from, match.index), '', from, out);
    chineseWords(match[0], match.index, out);
    from = match.index + match[0].length;
  }
  if (from === 0) {
    icuWords(text, hangul.test(text) ? 'ko' : '', 0, out);
  } else if (from < text.length) {
    icuWords(text.slice(from), '', from, out);
  }
  return out;
}

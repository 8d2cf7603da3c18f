// Topic tags for a talk: what the vocabulary recognizes in its title and abstract, plus what the
// statistical keyphrase extractor finds, canonicalized so that spellings of one topic meet, each
// with a confidence. docs/topics.md explains the calibration.

import { slugify } from '../slug.js';
import type { TopicTag } from '../types.js';
import { extractKeyphrases } from './keyphrases.js';
import {
  defaultVocabulary,
  lookup,
  lookupKey,
  phraseKey,
  singularPhrase,
  type Vocabulary,
  type VocabularyEntry,
} from './vocabulary.js';
import { type Word, words } from './words.js';

export interface TopicOptions {
  vocabulary?: Vocabulary;
  /** At most this many tags (default 8). */
  max?: number;
  /** Names never to tag with (the speakers'). */
  exclude?: readonly string[];
}

/** A vocabulary entry found in the words, with where. */
export interface VocabularyHit {
  entry: VocabularyEntry;
  from: number;
  to: number;
}

/** Longest-first matching of vocabulary phrases over the words. */
export function findVocabulary(list: readonly Word[], vocabulary: Vocabulary): VocabularyHit[] {
  const hits: VocabularyHit[] = [];
  const keys = list.map((w) => phraseKey(w.text));
  for (let i = 0; i < list.length; ) {
    // Grow the phrase while it is the start of some vocabulary phrase; keep the longest match.
    let best: VocabularyHit | null = null;
    let key = '';
    let written = '';
    for (let n = 1; n <= vocabulary.maxWords && i + n <= list.length; n++) {
      const word = list[i + n - 1] as Word;
      if (n > 1 && (word.sentence !== list[i]?.sentence || !vocabulary.prefixes.has(key))) break;
      key = n === 1 ? (keys[i] as string) : `${key} ${keys[i + n - 1]}`;
      written = n === 1 ? word.text : `${written} ${word.text}`;
      const entry = lookupKey(vocabulary, key, written);
      if (entry) best = { entry, from: i, to: i + n - 1 };
    }
    if (best) hits.push(best);
    i = best ? best.to + 1 : i + 1;
  }
  return hits;
}

/** The canonical form of a phrase: the vocabulary's when it knows it, else its singular, lowercased. */
export function canonicalTopic(
  phrase: string,
  vocabulary: Vocabulary = defaultVocabulary(),
): { label: string; slug: string } {
  const known = lookup(vocabulary, phrase);
  if (known) return { label: known.label, slug: known.slug };
  const singular = singularPhrase(phraseKey(phrase));
  // Keep acronyms and CamelCase as written; lowercase ordinary words.
  const label = phrase
    .split(/\s+/)
    .map((w) => (/\p{Lu}.*\p{Lu}/u.test(w) ? w : w.toLowerCase()))
    .join(' ')
    .replace(/[-_]+/g, ' ');
  return { label, slug: slugify(singular) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
/** A wider topic's confidence, relative to the topic that implies it. */
const broaderFactor = 0.7;

export function extractTopics(
  talk: { title: string; abstract: string | null },
  options: TopicOptions = {},
): TopicTag[] {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const max = options.max ?? 8;
  const titleWords = words(talk.title);
  const list = [
    ...titleWords,
    ...words(talk.abstract ?? '').map((w) => ({ ...w, sentence: w.sentence + 1 })),
  ];
  const tags = new Map<string, TopicTag>();
  const add = (label: string, slug: string, confidence: number) => {
    if (!slug) return;
    const existing = tags.get(slug);
    if (!existing || existing.confidence < confidence)
      tags.set(slug, { label, slug, confidence: round(Math.min(0.95, confidence)) });
  };

  // 1. The vocabulary: known topics, more confident when in the title or repeated.
  const hits = findVocabulary(list, vocabulary);
  const covered = new Set<number>();
  const topicHits = new Map<string, { entry: VocabularyEntry; count: number; inTitle: boolean }>();
  const technology = new Set<number>();
  for (const hit of hits) {
    for (let k = hit.from; k <= hit.to; k++) (hit.entry.kind === 'topic' ? covered : technology).add(k);
    const seen = topicHits.get(`${hit.entry.kind}/${hit.entry.slug}`) ?? {
      entry: hit.entry,
      count: 0,
      inTitle: false,
    };
    seen.count++;
    seen.inTitle ||= hit.from < titleWords.length;
    topicHits.set(`${hit.entry.kind}/${hit.entry.slug}`, seen);
  }
  // A topic implies its wider topics, less surely at each step ("Raft" → consensus → distributed systems).
  const addWithBroader = (entry: VocabularyEntry, confidence: number, depth = 0) => {
    add(entry.label, entry.slug, confidence);
    if (depth < 2)
      for (const wider of entry.broader) addWithBroader(wider, confidence * broaderFactor, depth + 1);
  };
  for (const { entry, count, inTitle } of topicHits.values()) {
    const bonus = (inTitle ? 0.2 : 0) + 0.08 * Math.min(3, count - 1);
    // Named technologies are mentions; one that a talk is about (in its title, or named again and
    // again) is also a topic.
    if (entry.kind === 'topic') addWithBroader(entry, 0.55 + bonus);
    else if (inTitle || count >= 2) add(entry.label, entry.slug, 0.5 + bonus);
  }

  // 2. Keyphrases the vocabulary does not cover: new topics, less confident.
  const excluded = new Set((options.exclude ?? []).flatMap((name) => name.toLowerCase().split(/\s+/)));
  const phrases = extractKeyphrases(list, titleWords.length, excluded);
  const best = phrases[0]?.score ?? 1;
  const statistical: (TopicTag & { key: string })[] = [];
  for (const phrase of phrases) {
    // Words the vocabulary already explains add nothing, unless the title makes them more specific
    // ("Intuitive Performance").
    let overlapping = 0;
    for (let k = phrase.from; k <= phrase.to; k++) if (covered.has(k)) overlapping++;
    if (overlapping === phrase.to - phrase.from + 1 || (overlapping > 0 && !phrase.inTitle)) continue;
    let namesTechnology = false;
    for (let k = phrase.from; k <= phrase.to; k++) namesTechnology ||= technology.has(k);
    if (namesTechnology) continue;
    // A part of a phrase already taken ("white water" of "white water rafting") adds nothing.
    if (statistical.some((t) => ` ${t.key} `.includes(` ${phrase.key} `))) continue;
    const single = phrase.from === phrase.to;
    // A single word must recur to say what a talk is about.
    if (single && phrase.count < 2) continue;
    if (single && phrase.key.length < 4) continue;
    const { label, slug } = canonicalTopic(phrase.text, vocabulary);
    statistical.push({
      label,
      slug,
      key: phrase.key,
      confidence: round(0.3 + 0.3 * Math.min(1, best / phrase.score)),
    });
  }
  for (const tag of statistical.slice(0, Math.max(2, max - tags.size)))
    add(tag.label, tag.slug, tag.confidence);

  // Every talk with an abstract gets at least two tags when its text offers two candidates: a
  // word that appears once may then serve.
  if (tags.size < 2 && talk.abstract) {
    for (const phrase of phrases) {
      if (tags.size >= 2) break;
      let free = true;
      for (let k = phrase.from; k <= phrase.to; k++) free &&= !covered.has(k) && !technology.has(k);
      if (!free || phrase.key.length < 4) continue;
      const { label, slug } = canonicalTopic(phrase.text, vocabulary);
      add(label, slug, 0.3);
    }
  }
  return [...tags.values()]
    .sort((a, b) => b.confidence - a.confidence || a.slug.localeCompare(b.slug))
    .slice(0, max);
}

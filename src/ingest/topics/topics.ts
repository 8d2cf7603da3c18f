// Topic tags for a talk: what the vocabulary recognizes in its title and abstract (an ambiguous term
// in the sense the text points to), the technologies its title names, and the noun phrases the
// statistical keyphrase extractor finds there that name a subject, canonicalized so that spellings
// of one topic meet, each with a confidence and the words of the text that support it (its
// evidence). Nothing is tagged that the text does not say. docs/topics.md explains the calibration.

import { slugify } from '../../store/slug.js';
import type { TopicTag } from '../types.js';
import { extractKeyphrases, type Keyphrase } from './keyphrases.js';
import { detectLanguage } from './language.js';
import { namesAndRoles } from './names.js';
import { partsOfSpeech } from './parts-of-speech.js';
import { chooseSense } from './senses.js';
import { titleTechnologies } from './title-technologies.js';
import {
  defaultVocabulary,
  findVocabulary,
  lookup,
  phraseKey,
  singularize,
  singularPhrase,
  type Vocabulary,
  type VocabularyEntry,
  type VocabularyHit,
} from './vocabulary.js';
import { genericNouns, type Word, words } from './words.js';

export interface TopicOptions {
  vocabulary?: Vocabulary;
  /** At most this many tags (default 8). */
  max?: number;
  /** Names never to tag with (the speakers'). */
  exclude?: readonly string[];
  /** Organizations never to tag with (the speakers' affiliations). */
  organizations?: readonly string[];
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
/** The highest confidence of a single-word keyphrase. */
const singleWordCap = 0.6;
/** Weak keyphrases (once, in the abstract only) fill in only up to this many tags. */
const weakFill = 3;

/** How sure the text makes a topic: in the title, said again and again. */
const salience = (inTitle: boolean, count: number) => (inTitle ? 0.25 : 0) + 0.08 * Math.min(3, count - 1);

export function extractTopics(
  talk: { title: string; abstract: string | null },
  options: TopicOptions = {},
): TopicTag[] {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const max = options.max ?? 8;
  // One text, so that every tag's evidence is a slice of it: the title, a blank line, the abstract.
  const text = talk.abstract ? `${talk.title}\n\n${talk.abstract}` : talk.title;
  const list = words(text);
  let titleWords = list.findIndex((w) => w.start >= talk.title.length);
  if (titleWords < 0) titleWords = list.length;
  const evidenceOf = (from: number, to: number) =>
    text.slice((list[from] as Word).start, (list[to] as Word).end);
  const english = ['en', 'und'].includes(detectLanguage(text));
  // The tagger reads Title Case as proper nouns ("Scaling Raft": PROPN PROPN); it reads the title
  // better in lower case (the offsets stay the same).
  const pos =
    english && list.length > 0
      ? partsOfSpeech(lowerTitle(talk.title) + text.slice(talk.title.length), list)
      : undefined;
  const blocked = namesAndRoles(list, {
    people: options.exclude,
    organizations: options.organizations,
    partsOfSpeech: pos,
  });

  const tags = new Map<string, TopicTag>();
  const add = (label: string, slug: string, confidence: number, evidence: string) => {
    if (!slug) return;
    const existing = tags.get(slug);
    if (!existing || existing.confidence < confidence)
      tags.set(slug, { label, slug, confidence: round(Math.min(0.95, confidence)), evidence });
  };

  // 1. The vocabulary: known topics and technologies the text names, outside names and titles. An
  // ambiguous term takes the sense the rest of the text points to ("migrations" beside a schema).
  const read = findVocabulary(list, vocabulary).filter((hit) => {
    for (let k = hit.from; k <= hit.to; k++) if (blocked[k]) return false;
    return true;
  });
  const hits = resolveSenses(read, list);
  // A lone ordinary word ("monitoring", "replication", "consensus") means the vocabulary's topic
  // only among other technical words: in a talk on hypertension, monitoring is not observability.
  // Names ("Raft") and acronyms ("CRDT") are not ordinary words, nor a term whose sense the text's
  // own cues settled ("migrations" beside a schema and a table).
  const ordinaryWord = (hit: VocabularyHit) =>
    hit.entry.kind === 'topic' &&
    !hit.entry.senseOf &&
    hit.from === hit.to &&
    !/\p{Lu}/u.test(hit.entry.label) &&
    !/\p{Lu}.*\p{Lu}/u.test((list[hit.from] as Word).text);
  const distinctTopics = new Set(hits.filter((h) => h.entry.kind === 'topic').map((h) => h.entry.slug));
  const technical = distinctTopics.size >= 2 || hits.some((hit) => !ordinaryWord(hit));
  const covered = new Set<number>();
  const technology = new Set<number>();
  const found = new Map<
    string,
    { entry: VocabularyEntry; count: number; inTitle: boolean; evidence: string }
  >();
  for (const hit of hits) {
    if (!technical && ordinaryWord(hit)) continue;
    for (let k = hit.from; k <= hit.to; k++) (hit.entry.kind === 'topic' ? covered : technology).add(k);
    const key = `${hit.entry.kind}/${hit.entry.slug}`;
    const inTitle = hit.from < titleWords;
    const seen = found.get(key);
    if (!seen)
      found.set(key, { entry: hit.entry, count: 1, inTitle, evidence: evidenceOf(hit.from, hit.to) });
    else {
      seen.count++;
      // The title's words are the best evidence.
      if (inTitle && !seen.inTitle) seen.evidence = evidenceOf(hit.from, hit.to);
      seen.inTitle ||= inTitle;
    }
  }
  // A topic implies its wider topics, less surely at each step ("Raft" → consensus → distributed
  // systems); the narrower topic's words are the wider one's evidence.
  const addWithBroader = (entry: VocabularyEntry, confidence: number, evidence: string, depth = 0) => {
    add(entry.label, entry.slug, confidence, evidence);
    if (depth < 2)
      for (const wider of entry.broader)
        addWithBroader(wider, confidence * broaderFactor, evidence, depth + 1);
  };
  for (const { entry, count, inTitle, evidence } of found.values()) {
    // Named technologies are mentions; one that a talk is about (in its title, or named again and
    // again) is also a topic. Organizations are only ever mentions.
    if (entry.kind === 'topic') addWithBroader(entry, 0.55 + salience(inTitle, count), evidence);
    else if (entry.kind === 'technology' && (inTitle || count >= 2))
      add(entry.label, entry.slug, 0.5 + salience(inTitle, count), evidence);
  }

  // Technologies the title names that the vocabulary does not know: what the talk is about.
  const named = new Set<number>();
  const known = new Set<number>();
  const knownTechnology = new Set<number>();
  for (const hit of hits)
    for (let k = hit.from; k <= hit.to; k++) {
      known.add(k);
      if (hit.entry.kind !== 'topic') knownTechnology.add(k);
    }
  for (const name of titleTechnologies(list, {
    titleWords,
    blocked,
    known,
    technologies: knownTechnology,
    partsOfSpeech: pos,
    english,
  })) {
    // Not `technology`: a phrase built on the name ("GPU acceleration", "CDK pipelines") stays a
    // topic; the name alone is taken.
    for (let k = name.from; k <= name.to; k++) named.add(k);
    add(name.label, slugify(name.label), 0.5 + salience(true, name.count), evidenceOf(name.from, name.to));
  }

  // 2. Noun phrases the vocabulary does not cover: new topics, as sure as the text makes them. Only
  // in English: the tagger and the word lists are English, and a wrong English phrase is worse
  // than none.
  if (!english) return ranked(tags, max);
  const phrases = extractKeyphrases(list, { titleWords, blocked, partsOfSpeech: pos });
  // "Stale flags" in a talk on feature flags are those flags: adjectives on the head noun of a topic
  // the talk already has refer back to it, they name no subject of their own.
  const topicHeads = new Set<string>();
  for (const hit of hits)
    if (hit.entry.kind === 'topic' && hit.to > hit.from)
      topicHeads.add(singularize(phraseKey((list[hit.to] as Word).text)));
  // A phrase that starts inside a vocabulary term ("Collection Pause Histograms" of "Garbage
  // Collection Pause Histograms") was cut across it: what lies beyond the term is the phrase, if
  // two words or more are left (a lone word would need to recur, and its count is not known).
  const beyondTerm = (phrase: Keyphrase): Keyphrase | null => {
    let from = phrase.from;
    for (const hit of hits)
      if (hit.from < phrase.from && hit.to >= phrase.from) from = Math.max(from, hit.to + 1);
    if (from === phrase.from) return phrase;
    if (from >= phrase.to) return null;
    const text = list
      .slice(from, phrase.to + 1)
      .map((w) => w.text)
      .join(' ');
    return { ...phrase, from, text, key: phraseKey(text) };
  };
  const refersToKnownTopic = (phrase: { from: number; to: number }) => {
    if (phrase.to === phrase.from || !topicHeads.has(singularize(phraseKey((list[phrase.to] as Word).text))))
      return false;
    for (let k = phrase.from; k < phrase.to; k++) if (pos?.[k] !== 'ADJ') return false;
    return true;
  };
  const best = phrases[0]?.score ?? 1;
  const statistical: (TopicTag & { key: string; strong: boolean })[] = [];
  for (const found of phrases) {
    const phrase = beyondTerm(found);
    if (!phrase) continue;
    // Words the vocabulary already explains add nothing, unless the title makes them more specific
    // ("Intuitive Performance") with a word that is not a general one ("… Teams").
    let overlapping = 0;
    let general = true;
    for (let k = phrase.from; k <= phrase.to; k++) {
      if (covered.has(k)) overlapping++;
      else general &&= genericNouns.has(singularize(phraseKey((list[k] as Word).text)));
    }
    if (overlapping === phrase.to - phrase.from + 1) continue;
    if (overlapping > 0 && (!phrase.inTitle || general)) continue;
    let namesTechnology = false;
    let onlyNamed = true;
    for (let k = phrase.from; k <= phrase.to; k++) {
      namesTechnology ||= technology.has(k);
      onlyNamed &&= named.has(k);
    }
    if (namesTechnology || onlyNamed) continue;
    if (nameInProse(list, phrase.from, phrase.to, titleWords) && !lookup(vocabulary, phrase.text)) continue;
    if (refersToKnownTopic(phrase)) continue;
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
      // A single word the vocabulary does not know ("data", "friends") says less than a phrase.
      confidence: Math.min(
        single ? singleWordCap : 1,
        0.35 + 0.15 * Math.min(1, best / phrase.score) + salience(phrase.inTitle, phrase.count),
      ),
      evidence: evidenceOf(phrase.from, phrase.to),
      strong: phrase.inTitle || phrase.count >= 2,
    });
  }
  let room = Math.max(2, max - tags.size);
  for (const tag of statistical) {
    if (room === 0) break;
    if (!tag.strong && tags.size >= weakFill) continue;
    add(tag.label, tag.slug, tag.confidence, tag.evidence);
    room--;
  }

  // Every talk with an abstract gets at least two tags when its text offers two noun phrases: one
  // that appears once may then serve.
  if (tags.size < 2 && talk.abstract) {
    for (const phrase of phrases) {
      if (tags.size >= 2) break;
      let free = !nameInProse(list, phrase.from, phrase.to, titleWords);
      for (let k = phrase.from; k <= phrase.to; k++) free &&= !covered.has(k) && !technology.has(k);
      if (!free || phrase.key.length < 4) continue;
      const { label, slug } = canonicalTopic(phrase.text, vocabulary);
      add(label, slug, 0.3, evidenceOf(phrase.from, phrase.to));
    }
  }
  return ranked(tags, max);
}

/** The hits with each ambiguous term read in the sense the text supports (or left as the term). */
function resolveSenses(hits: VocabularyHit[], list: readonly Word[]): VocabularyHit[] {
  if (!hits.some((hit) => hit.entry.senses.length > 0)) return hits;
  const context = { keys: list.map((w) => singularize(phraseKey(w.text))), hits };
  return hits.map((hit) => {
    if (hit.entry.senses.length === 0) return hit;
    const sense = chooseSense(hit.entry, hit, context);
    return sense ? { ...hit, entry: sense.entry } : hit;
  });
}

/** The title with its capitalized ordinary words in lower case, at the same offsets. */
function lowerTitle(title: string): string {
  return title.replace(/\b\p{Lu}\p{Ll}+\b/gu, (word) => {
    const lower = word.toLowerCase();
    return lower.length === word.length ? lower : word;
  });
}

function ranked(tags: ReadonlyMap<string, TopicTag>, max: number): TopicTag[] {
  return [...tags.values()]
    .sort((a, b) => b.confidence - a.confidence || a.slug.localeCompare(b.slug))
    .slice(0, max);
}

/**
 * Is the phrase a name written in the abstract's prose, every word capitalized mid-sentence ("Ferrous
 * Systems", "Virginia Woolf")? Names are mentions, not topics. A title's capitals say nothing.
 */
function nameInProse(list: readonly Word[], from: number, to: number, titleWords: number): boolean {
  if (from < titleWords) return false;
  for (let k = from; k <= to; k++) {
    const word = list[k] as Word;
    if (word.sentenceStart || !/^\p{Lu}\p{Ll}/u.test(word.text)) return false;
  }
  return true;
}

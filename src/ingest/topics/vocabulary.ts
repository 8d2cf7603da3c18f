// The technical vocabulary (data/vocabulary.json plus users' own files): topics and named
// technologies with their aliases, wider topics and, for ambiguous terms, their senses, compiled once
// into a phrase index for fast matching.

import { readFileSync } from 'node:fs';
import { TalkgraphError } from '../../errors.js';
import { foldAccents, slugify } from '../../store/slug.js';
import { memoize } from '../memoize.js';
import type { MentionKind } from '../types.js';
import type { Word } from './words.js';

export type EntryKind = 'topic' | MentionKind;

export interface VocabularyEntry {
  kind: EntryKind;
  /** How it is displayed: "goroutines", "PostgreSQL". */
  label: string;
  /** Its identity: "goroutine", "postgresql". */
  slug: string;
  /** Wider topics it belongs to ("Raft" → "consensus" → "distributed systems"). */
  broader: VocabularyEntry[];
  /**
   * An ambiguous term's senses ("migrations" of a database schema, of a cloud estate, of a build),
   * each a topic of its own; empty for a term with one meaning. senses.ts picks one from the text.
   */
  senses: Sense[];
  /** For a sense, the ambiguous term it is a meaning of. */
  senseOf?: VocabularyEntry;
}

/** One meaning of an ambiguous term, named by the wider topic it belongs to. */
export interface Sense {
  /** The sense as a topic: label "migrations (databases)", slug "migrations-databases". */
  entry: VocabularyEntry;
  /** The wider topic that names the sense ("databases"). */
  topic: VocabularyEntry;
  /** Phrases (phraseKey, last word singular) that point to it: the file's cues and the topic's names. */
  cues: ReadonlySet<string>;
  /** Entries whose presence points to it: the topic and every entry under it (three steps at most). */
  family: ReadonlySet<VocabularyEntry>;
}

interface Alias {
  entry: VocabularyEntry;
  /** Acronyms ("CI") and capitalized names that are also English words ("Go") must match case. */
  caseSensitive: string | null;
}

export interface Vocabulary {
  /** Normalized phrase (see phraseKey) → entry. */
  readonly phrases: ReadonlyMap<string, Alias[]>;
  /** Leading words of every phrase of two or more words ("time series" for "time series database"). */
  readonly prefixes: ReadonlySet<string>;
  /** The longest alias, in words. */
  readonly maxWords: number;
  readonly entries: readonly VocabularyEntry[];
}

const shippedPath = new URL('../../../data/vocabulary.json', import.meta.url);

/** Words whose plural form is also the singular, or whose "s" is not a plural. */
const invariant = new Set([
  'data',
  'series',
  'species',
  'news',
  'physics',
  'mathematics',
  'analytics',
  'statistics',
  'economics',
  'ethics',
  'devops',
  'kubernetes',
  'redis',
  'postgres',
  'aws',
  'ios',
  'macos',
  'sass',
  'css',
  'dns',
  'gis',
  'jvm',
  'ops',
  'mlops',
  'finops',
  'its',
  'this',
  'is',
  'was',
  'has',
  'does',
  'less',
  'always',
  'perhaps',
  'whereas',
  'atlas',
  'canvas',
  'alias',
  'bias',
  'chaos',
  'lens',
  'tennis',
  'corpus',
  'consensus',
  'status',
  'bus',
  'virus',
  'plus',
  'focus',
  'campus',
  'bonus',
  'nexus',
  'radius',
  'genius',
  'census',
  'prometheus',
  'pandas',
  'numpy',
  'express',
  'js',
  'nodejs',
  'reactjs',
  'vuejs',
  'solidjs',
  'nextjs',
  'docs',
]);
const irregular: Record<string, string> = {
  indices: 'index',
  indexes: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  analyses: 'analysis',
  theses: 'thesis',
  hypotheses: 'hypothesis',
  crises: 'crisis',
  diagnoses: 'diagnosis',
  axes: 'axis',
  children: 'child',
  people: 'person',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  geese: 'goose',
  feet: 'foot',
  teeth: 'tooth',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  caches: 'cache',
  queues: 'queue',
  leaves: 'leaf',
  lives: 'life',
  halves: 'half',
  knives: 'knife',
  shelves: 'shelf',
  selves: 'self',
  wolves: 'wolf',
  movies: 'movie',
  cookies: 'cookie',
  ties: 'tie',
  lies: 'lie',
  dies: 'die',
  pies: 'pie',
  zombies: 'zombie',
  statuses: 'status',
  buses: 'bus',
  viruses: 'virus',
  databases: 'database',
  bases: 'base',
  cases: 'case',
  releases: 'release',
  responses: 'response',
  licenses: 'license',
  processes: 'process',
  classes: 'class',
  addresses: 'address',
  accesses: 'access',
  businesses: 'business',
  purposes: 'purpose',
  uses: 'use',
  clauses: 'clause',
  courses: 'course',
  phases: 'phase',
  phrases: 'phrase',
  promises: 'promise',
  sources: 'source',
  resources: 'resource',
  services: 'service',
  devices: 'device',
  interfaces: 'interface',
  spaces: 'space',
  traces: 'trace',
  races: 'race',
  choices: 'choice',
  prices: 'price',
  slices: 'slice',
  voices: 'voice',
  pages: 'page',
  images: 'image',
  messages: 'message',
  packages: 'package',
  languages: 'language',
  changes: 'change',
  ranges: 'range',
  edges: 'edge',
  bridges: 'bridge',
  challenges: 'challenge',
  stages: 'stage',
  storages: 'storage',
  engines: 'engine',
  machines: 'machine',
  routines: 'routine',
  goroutines: 'goroutine',
  coroutines: 'coroutine',
  pipelines: 'pipeline',
  lines: 'line',
  files: 'file',
  types: 'type',
  nodes: 'node',
  modes: 'mode',
  codes: 'code',
  schemes: 'scheme',
  themes: 'theme',
  times: 'time',
  names: 'name',
  frames: 'frame',
  games: 'game',
  volumes: 'volume',
  modules: 'module',
  rules: 'rule',
  tables: 'table',
  tuples: 'tuple',
  bytes: 'byte',
  notes: 'note',
  votes: 'vote',
  quotes: 'quote',
  states: 'state',
  updates: 'update',
  templates: 'template',
  gates: 'gate',
  estimates: 'estimate',
  sites: 'site',
  writes: 'write',
  routes: 'route',
  attributes: 'attribute',
  primitives: 'primitive',
  archives: 'archive',
  objectives: 'objective',
  directives: 'directive',
  natives: 'native',
};

/** "goroutines" → "goroutine", "dependencies" → "dependency", "consensus" → "consensus". */
export const singularize = memoize(singularizeWord, 100_000);

function singularizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (word.length <= 3 || invariant.has(lower)) return word;
  const known = irregular[lower];
  if (known) return known;
  if (/[^aeiou]ies$/.test(lower)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous|sis)$/.test(lower)) return word;
  if (/(?:ches|shes|xes|zzes|sses)$/.test(lower)) return word.slice(0, -2);
  if (/[^s]s$/.test(lower) && !/(?:ss|'s|’s)$/.test(lower)) return word.slice(0, -1);
  return word;
}

/** Matching form of a phrase: accents folded, lowercase, hyphens and underscores as spaces. */
export const phraseKey = memoize(computePhraseKey, 200_000);

function computePhraseKey(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[-_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The phrase with its last word singular: "thread safe data structures" → "thread safe data structure". */
export function singularPhrase(key: string): string {
  const words = key.split(' ');
  return [...words.slice(0, -1), singularize(words.at(-1) ?? '')].join(' ');
}

/** The same phrase with its last word singular, and with its spaces removed ("go routines" → "goroutines"). */
export function phraseVariants(key: string): string[] {
  const singular = singularPhrase(key);
  return [...new Set([key, singular, singular.replace(/ /g, ''), key.replace(/ /g, '')])];
}

type RawEntry = string | { label: string; aliases?: string[] };

export interface RawVocabularyEntry {
  kind: EntryKind;
  label: string;
  aliases: string[];
  /** Labels of wider topics, written ">label" in the file. */
  broader: string[];
  /** An ambiguous term's senses: each names a wider topic ("?databases"), with optional cue phrases. */
  senses: { topic: string; cues: string[] }[];
}

/**
 * The `senses` section: `{ "migrations": { "databases": ["schema", ...], "cloud computing": [...] } }`,
 * each ambiguous term's senses (named by wider topics) with the phrases that point to each.
 */
function parseSenseSection(raw: unknown, source: string): RawVocabularyEntry[] {
  const bad = (what: string) =>
    new TalkgraphError(
      'BAD_CONFIG',
      `${source}: senses${what} must be {"term": {"wider topic": ["cue", ...]}}`,
    );
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('');
  return Object.entries(raw).map(([term, senses]) => {
    if (!slugify(term) || typeof senses !== 'object' || senses === null || Array.isArray(senses))
      throw bad(`["${term}"]`);
    const list = Object.entries(senses).map(([topic, cues]) => {
      if (!Array.isArray(cues) || !cues.every((c) => typeof c === 'string' && c.trim()))
        throw bad(`["${term}"]["${topic}"]`);
      return { topic: topic.trim(), cues: cues.map((c: string) => c.trim()) };
    });
    return { kind: 'topic' as const, label: term.trim(), aliases: [term.trim()], broader: [], senses: list };
  });
}

function parseFile(raw: unknown, source: string): RawVocabularyEntry[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TalkgraphError(
      'BAD_CONFIG',
      `${source}: expected a JSON object with "topics", "technologies" or "organizations"`,
    );
  }
  const result: RawVocabularyEntry[] = [];
  const sections: [string, EntryKind][] = [
    ['topics', 'topic'],
    ['technologies', 'technology'],
    ['organizations', 'organization'],
  ];
  const known = new Set(['$comment', 'senses', ...sections.map(([name]) => name)]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new TalkgraphError(
        'BAD_CONFIG',
        `${source}: unknown section "${key}" (use topics, technologies, organizations, senses)`,
      );
  }
  for (const [section, kind] of sections) {
    const list = (raw as Record<string, unknown>)[section];
    if (list === undefined) continue;
    if (!Array.isArray(list))
      throw new TalkgraphError('BAD_CONFIG', `${source}: "${section}" must be an array`);
    list.forEach((item: RawEntry, index) => {
      const parts =
        typeof item === 'string'
          ? item.split('|')
          : item && typeof item === 'object' && typeof item.label === 'string'
            ? [item.label, ...(Array.isArray(item.aliases) ? item.aliases : [])]
            : null;
      const cleaned = parts?.map((p) => String(p).trim()).filter(Boolean);
      if (!cleaned?.length || !slugify(cleaned[0] as string) || /^[>?]/.test(cleaned[0] as string)) {
        throw new TalkgraphError(
          'BAD_CONFIG',
          `${source}: ${section}[${index}] is not "Label|alias|..." or {"label": ...}`,
        );
      }
      const marked = (mark: string) =>
        cleaned.filter((p) => p.startsWith(mark)).map((p) => p.slice(1).trim());
      const broader = marked('>');
      const senses = marked('?').map((topic) => ({ topic, cues: [] as string[] }));
      const names = cleaned.filter((p) => !/^[>?]/.test(p));
      result.push({ kind, label: names[0] as string, aliases: names, broader, senses });
    });
  }
  const senses = (raw as Record<string, unknown>).senses;
  if (senses !== undefined) result.push(...parseSenseSection(senses, source));
  return result;
}

function readVocabularyFile(path: string | URL): unknown {
  const name = String(path instanceof URL ? path.pathname : path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TalkgraphError(
      'BAD_CONFIG',
      `${name}: cannot read the vocabulary (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TalkgraphError('BAD_CONFIG', `${name}: not valid JSON (${(error as Error).message})`);
  }
}

/** Is a single capitalized word also an ordinary English word, so that case must match? */
const commonWords = new Set(
  'go make r chef puppet spring express beam arrow solid remix astro bun node spark helm vault consul envoy caddy unity apollo elastic slack tor llama lambda swift rust ruby julia dart lua perl scala titan neptune meta apple amazon oracle phoenix flutter cargo git bazel maven gradle jest cypress playwright delve badger riak firebase dolt tokio actix deno vite babel tailwind svelte angular react vue next hugging perf curl'.split(
    ' ',
  ),
);

export function compileVocabulary(entries: readonly RawVocabularyEntry[]): Vocabulary {
  const phrases = new Map<string, Alias[]>();
  const prefixes = new Set<string>();
  const compiled: VocabularyEntry[] = [];
  /** Each entry's names (label and aliases): a sense's wider topic is named by them. */
  const namesOf = new Map<VocabularyEntry, string[]>();
  let maxWords = 1;
  // Entries with one kind and label are one entry: a later file (or the senses section) adds to it.
  const byIdentity = new Map<string, VocabularyEntry>();
  const entryOf: VocabularyEntry[] = [];
  for (const item of entries) {
    // The label is canonical: its slug is the entry's identity ("Paxos" → "paxos", not a singular).
    const identity = `${item.kind}/${slugify(item.label)}`;
    let entry = byIdentity.get(identity);
    if (!entry) {
      entry = { kind: item.kind, label: item.label, slug: slugify(item.label), broader: [], senses: [] };
      byIdentity.set(identity, entry);
      compiled.push(entry);
    }
    entryOf.push(entry);
    namesOf.set(entry, [...(namesOf.get(entry) ?? []), ...item.aliases]);
    for (const alias of item.aliases) {
      const key = phraseKey(alias);
      if (!key) continue;
      maxWords = Math.max(maxWords, key.split(' ').length);
      const acronym = /^[A-Z0-9]{2,}[s]?$/.test(alias) || /^[A-Z][A-Z0-9/&+]+$/.test(alias);
      const commonName = item.kind !== 'topic' && commonWords.has(key);
      const caseSensitive = acronym || commonName ? alias : null;
      for (const variant of caseSensitive ? [key] : phraseVariants(key)) {
        const list = phrases.get(variant) ?? [];
        if (!list.some((a) => a.entry === entry)) list.push({ entry, caseSensitive });
        phrases.set(variant, list);
        const words = variant.split(' ');
        for (let k = 1; k < words.length; k++) prefixes.add(words.slice(0, k).join(' '));
      }
    }
  }
  // Wider topics by label; a label no entry defines is ignored (a user file may name one later).
  const topicsBySlug = new Map(compiled.filter((e) => e.kind === 'topic').map((e) => [e.slug, e]));
  entries.forEach((item, i) => {
    const entry = entryOf[i] as VocabularyEntry;
    for (const label of item.broader) {
      const wider = topicsBySlug.get(slugify(label));
      if (wider && wider !== entry && !entry.broader.includes(wider)) entry.broader.push(wider);
    }
  });
  // Senses last: their families are read from the finished hierarchy.
  const senses: VocabularyEntry[] = [];
  entries.forEach((item, i) => {
    const entry = entryOf[i] as VocabularyEntry;
    for (const { topic: label, cues } of item.senses) {
      const topic = topicsBySlug.get(slugify(label));
      if (!topic || topic === entry) continue;
      const cueKeys = [...cues, ...(namesOf.get(topic) ?? [])].map((c) => singularPhrase(phraseKey(c)));
      const known = entry.senses.find((s) => s.topic === topic);
      if (known) {
        for (const cue of cueKeys) (known.cues as Set<string>).add(cue);
        continue;
      }
      const sense: VocabularyEntry = {
        kind: entry.kind,
        label: `${entry.label} (${topic.label})`,
        slug: `${entry.slug}-${topic.slug}`,
        broader: [topic, ...entry.broader.filter((b) => b !== topic)],
        senses: [],
        senseOf: entry,
      };
      senses.push(sense);
      entry.senses.push({
        entry: sense,
        topic,
        cues: new Set(cueKeys),
        family: new Set(compiled.filter((e) => e !== entry && within(e, topic, 3))),
      });
    }
  });
  return { phrases, prefixes, maxWords, entries: [...compiled, ...senses] };
}

/** Is `topic` the entry itself or one of its wider topics, at most `steps` up? */
function within(entry: VocabularyEntry, topic: VocabularyEntry, steps: number): boolean {
  if (entry === topic) return true;
  return steps > 0 && entry.broader.some((wider) => within(wider, topic, steps - 1));
}

let shipped: Vocabulary | undefined;

/** The shipped vocabulary, compiled once per process. */
export function defaultVocabulary(): Vocabulary {
  shipped ??= compileVocabulary(parseFile(readVocabularyFile(shippedPath), 'data/vocabulary.json'));
  return shipped;
}

/** The shipped vocabulary plus users' files (same format); later files add aliases to earlier labels. */
export function loadVocabulary(extraPaths: readonly string[] = []): Vocabulary {
  if (extraPaths.length === 0) return defaultVocabulary();
  const entries = parseFile(readVocabularyFile(shippedPath), 'data/vocabulary.json');
  for (const path of extraPaths) entries.push(...parseFile(readVocabularyFile(path), path));
  return compileVocabulary(entries);
}

/** Finds the entry for a phrase as written (respecting case where an alias demands it). */
export function lookup(
  vocabulary: Vocabulary,
  phrase: string,
  kinds?: readonly EntryKind[],
): VocabularyEntry | null {
  return lookupKey(vocabulary, phraseKey(phrase), phrase.trim(), kinds);
}

/** lookup() for a phrase already in phraseKey form; `written` is the phrase as written. */
export function lookupKey(
  vocabulary: Vocabulary,
  key: string,
  written: string,
  kinds?: readonly EntryKind[],
): VocabularyEntry | null {
  const phrase = written;
  const space = key.lastIndexOf(' ');
  const last = key.slice(space + 1);
  const singular = singularize(last);
  const variants = [key];
  if (singular !== last) variants.push(key.slice(0, space + 1) + singular);
  if (space >= 0) {
    variants.push(key.replace(/ /g, ''));
    if (singular !== last) variants.push((key.slice(0, space + 1) + singular).replace(/ /g, ''));
  }
  for (const variant of variants) {
    for (const alias of vocabulary.phrases.get(variant) ?? []) {
      if (kinds && !kinds.includes(alias.entry.kind)) continue;
      if (alias.caseSensitive && alias.caseSensitive !== phrase) continue;
      return alias.entry;
    }
  }
  return null;
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

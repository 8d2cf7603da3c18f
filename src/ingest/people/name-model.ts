// The fitted person-name model (data/name-model.json, written by `npm run train names`): the
// probability that a string is one person's name, and how that name is written (family name first
// or not, its script, the honorific taken off). Loaded on first use; every answer is memoized per
// string, since documents repeat their cells and the reader asks about each many times.
import { readFileSync } from 'node:fs';
import { memoize } from '../memoize.js';
import { type Features, type LogisticModel, probability } from '../model/logistic.js';
import { nameLexicon } from './lexicon.js';
import {
  type NameCandidate,
  nameFeatures,
  nameLogit,
  orderFeatures,
  readCandidate,
} from './name-features.js';

export interface NameModelFile {
  /** P(the whole string is one person's name). */
  name: LogisticModel;
  /** P(the family name is written first), for a string read as a name. */
  order: LogisticModel;
  /** What the model was fitted on and how it scored on held-out examples. */
  report: unknown;
}

export const nameModelPath = new URL('../../../data/name-model.json', import.meta.url);

let loaded: NameModelFile | null = null;

export function nameModel(): NameModelFile {
  loaded ??= JSON.parse(readFileSync(nameModelPath, 'utf8')) as NameModelFile;
  return loaded;
}

/** Longer text is never one name; not reading it keeps long cells and paragraphs cheap. */
const longestName = 120;

export interface NameAnalysis {
  candidate: NameCandidate;
  /** P(the whole string is one person's name). */
  probability: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function analyze(text: string): NameAnalysis | null {
  if (text.length === 0 || text.length > longestName) return null;
  const lexicon = nameLexicon();
  const candidate = readCandidate(text, lexicon);
  if (!candidate) return null;
  return { candidate, probability: sigmoid(nameLogit(nameModel().name, candidate, lexicon)) };
}

/** The model's reading of `text`, or null when nothing is left to read (or it is far too long for a name). */
export const analyzeName: (text: string) => NameAnalysis | null = memoize(analyze, 100_000);

/** Whether the family name is written first ("KOWALSKI Anna", "Haddad Noor", "山田太郎"). */
export function isFamilyNameFirst(candidate: NameCandidate): boolean {
  return probability(nameModel().order, orderFeatures(candidate, nameLexicon())) >= 0.5;
}

/** P(the whole of `text` is one person's name), in [0, 1]. */
export function nameProbability(text: string): number {
  return analyzeName(text.trim())?.probability ?? 0;
}

/** The features of `text` and what each added to the decision, for explaining a reading. */
export function nameEvidence(text: string): Features | null {
  const lexicon = nameLexicon();
  const candidate = readCandidate(text.trim(), lexicon);
  return candidate ? nameFeatures(candidate, lexicon) : null;
}

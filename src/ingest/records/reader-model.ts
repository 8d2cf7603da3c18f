// The reader's fitted weights (data/reader-model.json, written by `npm run train`): one logistic
// model per decision — which candidate is a record's title, which names its people, whether the
// record is a talk, what a data file's key holds, which phrase of prose is a talk's title and who
// gave it. Loaded on first use; training and cross-validation swap in the model they fit.
import { readFileSync } from 'node:fs';
import { TalkgraphError } from '../../errors.js';
import type { LogisticModel } from '../model/logistic.js';

export interface ReaderModel {
  version: 1;
  /** Which of a record's title candidates is its title. */
  title: LogisticModel;
  /** Which of a record's people candidates names its speakers. */
  people: LogisticModel;
  /** Whether a record, read at its best, is a talk. */
  talk: LogisticModel;
  /** Whether a phrase set apart in prose (or a heading over it) is a talk given by a name near it. */
  prose: LogisticModel;
}

export const readerModelPath = new URL('../../../data/reader-model.json', import.meta.url);

let current: ReaderModel | null = null;

export function readerModel(): ReaderModel {
  if (current) return current;
  let text: string;
  try {
    text = readFileSync(readerModelPath, 'utf8');
  } catch {
    throw new TalkgraphError(
      'BAD_CONFIG',
      `the reader's model ${readerModelPath.pathname} is missing: run \`npm run train\` to fit it`,
    );
  }
  current = JSON.parse(text) as ReaderModel;
  return current;
}

/** Reads with `model` until the returned function is called (training, cross-validation). */
export function withReaderModel(model: ReaderModel): () => void {
  const previous = current;
  current = model;
  return () => {
    current = previous;
  };
}

/** An empty model: every decision at even odds. What training starts from. */
export function untrainedModel(): ReaderModel {
  const empty = { bias: 0, weights: {} };
  return { version: 1, title: empty, people: empty, talk: empty, prose: empty };
}

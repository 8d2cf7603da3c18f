// A worker thread of the held-out evaluation (training-set.ts): prepares the documents the pool was
// given (its workerData) on its first fold, then fits and scores one fold per task.
import { workerData } from 'piscina';
import type { ReaderScore } from './evaluate-reader.js';
import type { DocumentUnits, LabelledDocument } from './train-reader.js';
import { prepareDocuments, scoreFold } from './training-set.js';

/** What every worker of one evaluation shares: sent once, when the pool starts. */
export interface FoldData {
  training: readonly LabelledDocument[];
  scored: readonly LabelledDocument[];
}

/** The source fitted without and scored, or null for the in-sample fit that scores every document. */
export type FoldTask = string | null;

let prepared: DocumentUnits[] | undefined;

export default function foldTask(source: FoldTask): ReaderScore[] {
  const { training, scored } = workerData as FoldData;
  prepared ??= prepareDocuments(training);
  return scoreFold(scored, prepared, source);
}

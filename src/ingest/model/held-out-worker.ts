// A worker thread of the held-out evaluation (training-set.ts): prepares the training documents once
// per run, then fits and scores one fold per task.
import type { ReaderScore } from './evaluate-reader.js';
import type { DocumentUnits, LabelledDocument } from './train-reader.js';
import { prepareDocuments, scoreFold } from './training-set.js';

export interface FoldTask {
  /** Names the run: a thread keeps one run's prepared documents. */
  run: string;
  training: readonly LabelledDocument[];
  scored: readonly LabelledDocument[];
  /** The source fitted without and scored, or null for the in-sample fit that scores every document. */
  source: string | null;
}

let prepared: { run: string; units: DocumentUnits[] } | null = null;

export default function foldTask(task: FoldTask): ReaderScore[] {
  if (prepared?.run !== task.run) prepared = { run: task.run, units: prepareDocuments(task.training) };
  return scoreFold(task.scored, prepared.units, task.source);
}

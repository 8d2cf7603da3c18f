// What the reader is fitted on and measured with: the labelled corpus (documents with gold files)
// and generated documents — the same kind of truth rendered in two dozen layout families, many
// languages and scripts (src/ingest/training). Cross-validation holds one corpus source out at a
// time; the family check holds one whole layout family out at a time.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { withReaderModel } from '../records/reader-model.js';
import { generateDocuments } from '../training/generated-documents.js';
import { workerModule } from '../worker-module.js';
import { evaluateDocument, type ReaderScore } from './evaluate-reader.js';
import type { FoldData, FoldTask } from './held-out-worker.js';
import { type DocumentUnits, type LabelledDocument, prepareDocuments, trainReader } from './train-reader.js';

/** The generated documents training uses: `perFamily` of each layout family, from `seed`. */
export const defaultGeneration = { seed: 7, perFamily: 6 };

/**
 * Families whose models see few examples per document (a prose recap names a handful of talks, a
 * personal list one person): more of their documents, so that every decision has data to fit.
 */
const moreOf: Record<string, number> = {
  'prose-recap': 3,
  'personal-talk-list': 2,
  'folder-linked-data': 2,
  'md-labelled-headings': 2,
  // Plain text is several layouts in one family (listings, bylined recaps, columns, numbered lists).
  'plain-text': 3,
  'md-nested-list': 2,
};

export function generatedDocuments(
  options: { seed: number; perFamily: number; families?: readonly string[] } = defaultGeneration,
): LabelledDocument[] {
  const extra = Object.entries(moreOf)
    .filter(([family]) => !options.families || options.families.includes(family))
    .flatMap(([family, times]) =>
      generateDocuments({
        seed: options.seed + 1,
        perFamily: options.perFamily * (times - 1),
        families: [family],
      }),
    );
  return [...generateDocuments(options), ...extra].map((g, i) => {
    const source = `generated:${g.family}`;
    const name = `${g.family}-${String(i).padStart(3, '0')}-${g.language}`;
    const [only] = g.files;
    return g.files.length === 1 && only
      ? { name: `${name}-${only.name}`, text: only.text, gold: g.gold, source }
      : { name: `${name}/`, text: '', files: g.files, gold: g.gold, source };
  });
}

/**
 * Fits on `training` without the documents of `source` and scores `scored`'s documents of that
 * source: the honest, held-out figure. With `source` null, fits on everything and scores every
 * document of `scored`: the in-sample figure.
 */
export function scoreFold(
  scored: readonly LabelledDocument[],
  training: readonly DocumentUnits[],
  source: string | null,
): ReaderScore[] {
  const fitted = source === null ? training : training.filter((d) => d.document.source !== source);
  const { model } = trainReader(fitted);
  const restore = withReaderModel(model);
  try {
    return scored.filter((d) => source === null || d.source === source).map(evaluateDocument);
  } finally {
    restore();
  }
}

export interface HeldOutOptions {
  /** Worker threads fitting folds at once (default: the machine's cores); 1 fits them in this thread. */
  jobs?: number;
  /** Called as each fold is done, with its source ("in-sample" for the fit on everything). */
  progress?: (source: string, done: number, of: number) => void;
}

/**
 * The in-sample scores of `scored` and, for each of its sources, the scores of a model fitted on
 * `training` without that source. Folds are independent: they run on `jobs` worker threads, each
 * preparing the documents once; the figures are the same for any number of jobs.
 */
export async function scoreHeldOut(
  scored: readonly LabelledDocument[],
  training: readonly LabelledDocument[],
  options: HeldOutOptions = {},
): Promise<{ inSample: ReaderScore[]; heldOut: ReaderScore[] }> {
  const sources = [...new Set(scored.map((d) => d.source))];
  const folds: (string | null)[] = [null, ...sources];
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), folds.length));
  let done = 0;
  const finished = (source: string | null) => options.progress?.(source ?? 'in-sample', ++done, folds.length);
  let results: ReaderScore[][];
  if (jobs === 1) {
    const units = prepareDocuments(training);
    results = folds.map((source) => {
      const scores = scoreFold(scored, units, source);
      finished(source);
      return scores;
    });
  } else {
    const { filename, execArgv } = workerModule(import.meta.url, 'held-out-worker');
    const pool = new Piscina<FoldTask, ReaderScore[]>({
      filename,
      minThreads: jobs,
      maxThreads: jobs,
      execArgv: [...process.execArgv, ...execArgv],
      workerData: { training, scored } satisfies FoldData,
    });
    try {
      results = await Promise.all(
        folds.map(async (source) => {
          const scores = await pool.run(source);
          finished(source);
          return scores;
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  const order = new Map(scored.map((d, i) => [d.name, i]));
  const heldOut = results
    .slice(1)
    .flat()
    .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  return { inSample: results[0] ?? [], heldOut };
}

export { prepareDocuments };

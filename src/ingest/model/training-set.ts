// What the reader is fitted on and measured with: the labelled corpus (documents with gold files)
// and generated documents — the same kind of truth rendered in two dozen layout families, many
// languages and scripts (src/ingest/training). Cross-validation holds one corpus source out at a
// time; the family check holds one whole layout family out at a time.

import { type ReaderModel, withReaderModel } from '../records/reader-model.js';
import { generateDocuments } from '../training/generated-documents.js';
import { evaluateDocument, type ReaderScore } from './evaluate-reader.js';
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

/** Fits on every document, then scores `scored` with that model: the in-sample figure. */
export function inSample(
  scored: readonly LabelledDocument[],
  training: readonly DocumentUnits[],
): { model: ReaderModel; scores: ReaderScore[] } {
  const { model } = trainReader(training);
  const restore = withReaderModel(model);
  try {
    return { model, scores: scored.map(evaluateDocument) };
  } finally {
    restore();
  }
}

/**
 * For each source of `scored`, fits on everything else in `training` and scores that source's
 * documents with the model that never saw them: the honest figure.
 */
export function heldOut(
  scored: readonly LabelledDocument[],
  training: readonly DocumentUnits[],
  progress: (source: string) => void = () => {},
): ReaderScore[] {
  const sources = [...new Set(scored.map((d) => d.source))];
  const scores: ReaderScore[] = [];
  for (const source of sources) {
    progress(source);
    const { model } = trainReader(training.filter((d) => d.document.source !== source));
    const restore = withReaderModel(model);
    try {
      for (const document of scored) if (document.source === source) scores.push(evaluateDocument(document));
    } finally {
      restore();
    }
  }
  const order = new Map(scored.map((d, i) => [d.name, i]));
  return scores.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

export { prepareDocuments };

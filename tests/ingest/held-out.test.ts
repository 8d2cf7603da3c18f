// The held-out evaluation behind `talkgraph eval --cross-validate` and `--families`: every fold is fitted
// without its source, and spreading the folds over worker threads changes no figure.
import { describe, expect, it } from 'vitest';
import { generatedDocuments, scoreHeldOut } from '../../src/ingest/model/training-set.js';

describe('held-out evaluation', () => {
  // Two small layout families: each a source, held out in turn.
  const documents = generatedDocuments({ seed: 11, perFamily: 2, families: ['md-bullets', 'csv-export'] });

  it('scores every document once in sample and once held out, the same on one thread and on two', async () => {
    const folds: string[] = [];
    const alone = await scoreHeldOut(documents, documents, {
      jobs: 1,
      progress: (source) => folds.push(source),
    });
    const names = documents.map((d) => d.name);
    expect(alone.inSample.map((s) => s.name)).toEqual(names);
    expect(alone.heldOut.map((s) => s.name)).toEqual(names);
    expect(folds.sort()).toEqual(['generated:csv-export', 'generated:md-bullets', 'in-sample']);
    // A model fitted on one family only reads the other worse than the model fitted on both.
    const total = (scores: typeof alone.heldOut) => scores.reduce((sum, s) => sum + s.talks.f1, 0);
    expect(total(alone.heldOut)).toBeLessThan(total(alone.inSample));

    const threads = await scoreHeldOut(documents, documents, { jobs: 2 });
    expect(threads).toEqual(alone);
  });
});

// Fits the reader's learned models and writes them to data/. Each model is one step; every step is
// deterministic (seeded example generation, a deterministic fit), so a run reproduces the files.
//   npm run train            every step
//   npm run train names      only the person-name model
//   npm run train reader     only the reader's models (titles, people, talks, prose)
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { labelledDocuments } from '../src/ingest/model/labelled-documents.js';
import { trainReader } from '../src/ingest/model/train-reader.js';
import { defaultGeneration, generatedDocuments } from '../src/ingest/model/training-set.js';
import { buildNameLexicon, lexiconJson, nameLexiconPath } from '../src/ingest/people/lexicon.js';
import { nameModelPath } from '../src/ingest/people/name-model.js';
import { fitNameModel } from '../src/ingest/people/name-training.js';
import { readerModelPath } from '../src/ingest/records/reader-model.js';

/** The labelled corpus the reader is fitted on besides the generated documents, when this machine has it. */
const corpus = resolve(process.env.TALKGRAPH_CORPUS ?? '../shared/corpus');

interface Step {
  /** What the step writes, for the log. */
  writes: string;
  run: (log: (line: string) => void) => void;
}

const steps: Record<string, Step> = {
  names: {
    writes: 'data/name-lexicon.json and data/name-model.json',
    run(log) {
      // The lexicon first: the model's features read it (through nameLexicon) once the fit is done.
      writeFileSync(nameLexiconPath, lexiconJson(buildNameLexicon()));
      const { name, order, report } = fitNameModel({ log });
      writeFileSync(nameModelPath, `${JSON.stringify({ report, name, order })}\n`);
      log(
        `held-out accuracy ${report.heldOut.accuracy} (precision ${report.heldOut.precision}, recall ${report.heldOut.recall})`,
      );
      for (const [script, accuracy] of Object.entries(report.heldOutByScript))
        log(`  ${script.padEnd(12)} ${accuracy.accuracy.toFixed(4)} of ${accuracy.examples}`);
      log(`family-name-first held-out accuracy ${report.order.heldOutAccuracy}`);
    },
  },
  // After the names: the reader's features include the name model's readings.
  reader: {
    writes: 'data/reader-model.json',
    run(log) {
      const labelled = existsSync(corpus) ? labelledDocuments(corpus) : [];
      if (labelled.length === 0)
        log(`no labelled corpus at ${corpus} (set TALKGRAPH_CORPUS): fitting on generated documents only`);
      const generated = generatedDocuments(defaultGeneration);
      const { model, report } = trainReader([...labelled, ...generated]);
      writeFileSync(readerModelPath, `${JSON.stringify(model, null, 1)}\n`);
      log(
        `${labelled.length} labelled and ${generated.length} generated documents; examples: ` +
          Object.entries(report.examples)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
      );
    },
  },
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in steps));
if (unknown.length > 0) {
  console.error(`unknown step ${unknown.join(', ')}; steps: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(steps)) {
  const step = steps[name] as Step;
  const started = performance.now();
  const log = (line: string) => console.log(`[${name}] ${line}`);
  step.run(log);
  log(`wrote ${step.writes} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

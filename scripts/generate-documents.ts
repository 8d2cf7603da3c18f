// `npm run gen:documents -- --seed 1 --per-family 2 --out /tmp/gen [--families md-table,prose-recap]`:
// writes the generated-documents suite (src/ingest/training/generated-documents.ts) to disk, for
// reading by eye and for `npm run eval -- /tmp/gen`. A one-file document is written as
// FAMILY-NN-LANGUAGE-NAME with NAME.gold.json beside it; a folder document as the folder
// FAMILY-NN-LANGUAGE with FAMILY-NN-LANGUAGE.gold.json beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocuments, layoutFamilies } from '../src/ingest/training/generated-documents.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'per-family': { type: 'string', default: '2' },
    out: { type: 'string' },
    families: { type: 'string' },
  },
});

const seed = Number(values.seed);
const perFamily = Number(values['per-family']);
if (!values.out || !Number.isInteger(seed) || !Number.isInteger(perFamily) || perFamily < 1) {
  console.error('usage: generate-documents --out DIR [--seed N] [--per-family N] [--families id,id]');
  console.error(`families: ${layoutFamilies.join(', ')}`);
  process.exit(2);
}
const families = values.families?.split(',').map((id) => id.trim());
const out = values.out;

const documents = generateDocuments({ seed, perFamily, families });
mkdirSync(out, { recursive: true });
const counters = new Map<string, number>();
for (const document of documents) {
  const index = (counters.get(document.family) ?? 0) + 1;
  counters.set(document.family, index);
  const base = `${document.family}-${String(index).padStart(2, '0')}-${document.language}`;
  const gold = `${JSON.stringify(document.gold, null, 1)}\n`;
  const [only] = document.files;
  if (document.files.length === 1 && only) {
    const name = `${base}-${only.name.replace(/\//g, '-')}`;
    writeFileSync(join(out, name), only.text);
    writeFileSync(join(out, `${name}.gold.json`), gold);
    continue;
  }
  for (const file of document.files) {
    const path = join(out, base, file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  writeFileSync(join(out, `${base}.gold.json`), gold);
}
const languages = new Set(documents.map((d) => d.language));
const scripts = new Set(documents.map((d) => d.script));
const talks = documents.reduce((sum, d) => sum + d.gold.talks.length, 0);
console.log(
  `wrote ${documents.length} documents (${counters.size} families, ${languages.size} languages, ${scripts.size} scripts, ${talks} talks) to ${out}`,
);

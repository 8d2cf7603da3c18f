// Labelled documents from a folder: every document with a `NAME.gold.json` beside it, and every
// subfolder with `FOLDER.gold.json` beside it (a set of files read together, scored as one). A
// document's source is its name up to the first dot: documents of one source are held out together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeDocument, documentExtensions } from '../document-source.js';
import { parseGold } from '../evaluation.js';
import type { LabelledDocument } from './train-reader.js';

export const goldSuffix = '.gold.json';

/** The documents of a folder, recursively, as a set's files named relative to `root`. */
function filesUnder(folder: string, root: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, root));
    else if (documentExtensions.has(entry.name.slice(entry.name.lastIndexOf('.')).toLowerCase()))
      out.push({
        name: relative(root, path),
        text: decodeDocument(relative(root, path), readFileSync(path)).text,
      });
  }
  return out;
}

/** The names in `folder` that have a gold file beside them: documents and subfolders. */
export function labelledNames(folder: string): string[] {
  const names = readdirSync(folder);
  const present = new Set(names);
  return names.filter((name) => !name.endsWith(goldSuffix) && present.has(`${name}${goldSuffix}`)).sort();
}

export function labelledDocument(folder: string, name: string): LabelledDocument {
  const gold = parseGold(JSON.parse(readFileSync(join(folder, `${name}${goldSuffix}`), 'utf8')), name);
  const path = join(folder, name);
  const source = name.split('.')[0] as string;
  if (statSync(path).isDirectory()) return { name, text: '', files: filesUnder(path, folder), gold, source };
  return { name, text: decodeDocument(name, readFileSync(path)).text, gold, source };
}

export function labelledDocuments(folder: string): LabelledDocument[] {
  return labelledNames(folder).map((name) => labelledDocument(folder, name));
}

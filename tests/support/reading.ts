// How the reader's tests look at a parsed document: talks as [title, speakers], affiliations as
// "Name @ Organization", skipped entries as [title, reason], and a fixture read by its name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/ingest/parse.js';
import type { ParsedDocument } from '../../src/ingest/types.js';
import { fixturesDir } from './seeds.js';

/** A fixture of tests/fixtures/<folder>/ read as `talkgraph ingest` would, by its file name. */
export const readFixture = (folder: string, file: string): ParsedDocument =>
  parseDocument(readFileSync(join(fixturesDir, folder, file), 'utf8'), { name: file });

export const talks = (doc: ParsedDocument) => doc.talks.map((t) => [t.title, t.speakers.map((s) => s.name)]);

export const affiliations = (doc: ParsedDocument) =>
  doc.talks.flatMap((t) => t.affiliations.map((a) => `${t.speakers[a.speaker]?.name} @ ${a.organization}`));

export const skipped = (doc: ParsedDocument) => doc.skipped.map((s) => [s.title, s.reason]);

// `talkgraph eval <folder>`: measures the reader on documents that have a hand-made gold file beside
// them (`NAME.gold.json`). Each document goes through the real path — decode, extract, store — and
// what the graph then holds for it is scored (src/ingest/evaluation.ts). docs/ingest.md describes
// the gold format.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { isTalkgraphError, TalkgraphError } from '../errors.js';
import { decodeDocument, documentExtensions } from '../ingest/document-source.js';
import {
  type DocumentScore,
  type GoldDocument,
  type Metric,
  parseGold,
  type ReadTalk,
  type Score,
  scoreDocument,
  totalScore,
} from '../ingest/evaluation.js';
import type { ExtractedDocument } from '../ingest/extract.js';
import type { Queryable } from '../store/database.js';
import { openStore, type Store } from '../store/store.js';
import { command, exitCodes } from './run.js';

const goldSuffix = '.gold.json';

interface EvalOptions {
  json?: boolean;
  crossValidate?: boolean;
  families?: boolean;
  perFamily?: string;
  jobs?: string;
  seed?: string;
  minTotalF1?: string;
  exclude?: string[];
  only?: string[];
  minTalkF1?: string;
  minSpeakerF1?: string;
  minPairF1?: string;
}

interface DocumentResult extends DocumentScore {
  name: string;
  /** Why the reader refused the document; it then counts as zero talks read. */
  rejected: string | null;
}

/** A shell-style glob on a file name: `*`, `?` and `[...]` (`[!...]` negates). */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        pattern += '\\[';
        continue;
      }
      const body = glob.slice(i + 1, end);
      pattern += `[${body.replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else pattern += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** The folder's documents that have a gold file, filtered by --only and --exclude, sorted. */
async function listEvaluated(folder: string, options: EvalOptions): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `${folder}: ${code === 'ENOENT' ? 'no such folder' : `cannot be read (${code})`}`,
    );
  }
  const present = new Set(names);
  const only = (options.only ?? []).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  const documents = names
    .filter((name) => !name.endsWith(goldSuffix) && present.has(`${name}${goldSuffix}`))
    .filter((name) => only.length === 0 || only.some((glob) => glob.test(name)))
    .filter((name) => !exclude.some((glob) => glob.test(name)))
    .sort();
  if (documents.length === 0) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `${folder}: no document with a ${goldSuffix} file beside it${only.length + exclude.length ? ' (after --only/--exclude)' : ''}`,
    );
  }
  return documents;
}

/** What the graph holds for one document: its talks, their speakers in order, their organizations. */
async function readBack(q: Queryable, documentName: string): Promise<ReadTalk[]> {
  const [document] = await q.query<{ id: number }>('select node_id as id from document where name = $1', [
    documentName,
  ]);
  if (!document) return [];
  const supported = `join triple_source ts on ts.triple_id = tr.id and ts.document_id = $1
    join predicate p on p.id = tr.predicate_id`;
  const talks = await q.query<{ id: number; label: string }>(
    `select n.id, n.label from node n
     where n.kind = 'talk' and exists (select 1 from triple tr ${supported} where tr.subject_id = n.id)
     order by n.id`,
    [document.id],
  );
  const speakers = await q.query<{ talk: number; speaker: number; label: string }>(
    `select tr.subject_id as talk, s.id as speaker, s.label from triple tr ${supported}
     join node s on s.id = tr.object_id
     where p.name = 'has_speaker' order by tr.subject_id, tr.position nulls last, tr.id`,
    [document.id],
  );
  const employers = await q.query<{ speaker: number; label: string }>(
    `select tr.subject_id as speaker, o.label from triple tr ${supported}
     join node o on o.id = tr.object_id
     where p.name = 'works_at' order by tr.id`,
    [document.id],
  );
  const organizationsOf = new Map<number, string[]>();
  for (const row of employers) {
    organizationsOf.set(row.speaker, [...(organizationsOf.get(row.speaker) ?? []), row.label]);
  }
  return talks.map((talk) => ({
    title: talk.label,
    speakers: speakers
      .filter((row) => row.talk === talk.id)
      .map((row) => ({ name: row.label, organizations: organizationsOf.get(row.speaker) ?? [] })),
  }));
}

/** Thrown to roll back a document's transaction once it has been read back. */
class RolledBack extends Error {
  constructor(readonly talks: ReadTalk[]) {
    super('rolled back');
  }
}

/**
 * Reads, stores and reads back one document. Each document is written in a transaction that is
 * rolled back afterwards, so every document meets an empty database (as if fresh) without paying
 * PGlite's start-up (seconds) once per document.
 */
async function evaluateDocument(store: Store, folder: string, name: string): Promise<DocumentResult> {
  const { extractSet } = await import('../ingest/extract.js');
  const { storeExtraction } = await import('../ingest/ingest.js');
  const gold = await readGold(join(folder, `${name}${goldSuffix}`), `${name}${goldSuffix}`);
  let read: ReadTalk[] = [];
  let rejected: string | null = null;
  try {
    // A file, or a folder read as one set of documents (scored together).
    const path = join(folder, name);
    const sources = (await stat(path)).isDirectory()
      ? await Promise.all(
          (await filesIn(path)).map(async (file) =>
            decodeDocument(relative(folder, file), await readFile(file)),
          ),
        )
      : [decodeDocument(name, await readFile(path))];
    const members = extractSet(sources, {});
    const readable = members.filter((m) => m.extracted && m.extracted.talks.length > 0);
    if (readable.length === 0)
      throw (
        members.find((m) => m.error)?.error ?? new TalkgraphError('INGEST_REJECTED', `${name}: no talk found`)
      );
    await store.db.transaction(async (tx) => {
      const talks: ReadTalk[] = [];
      for (const member of readable) {
        await storeExtraction(tx, store.predicates, member.source, member.extracted as ExtractedDocument);
        talks.push(...(await readBack(tx, member.source.name)));
      }
      throw new RolledBack(talks);
    });
  } catch (error) {
    if (error instanceof RolledBack) read = error.talks;
    else if (isTalkgraphError(error)) rejected = error.message;
    else throw error;
  }
  return { name, rejected, ...scoreDocument(gold, read) };
}

/** The documents under a folder, recursively, sorted. */
async function filesIn(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await filesIn(path)));
    else if (documentExtensions.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

async function readGold(path: string, name: string): Promise<GoldDocument> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new TalkgraphError('BAD_USER_INPUT', `${name}: not readable JSON (${(error as Error).message})`);
  }
  return parseGold(value, name);
}

function threshold(raw: string | undefined, option: string): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new TalkgraphError('BAD_USER_INPUT', `${option}: expected a number from 0 to 1, got "${raw}"`);
  }
  return value;
}

/** Every target missed, one line each: "doc.md: talks F1 0.40 < 0.95". */
function missedTargets(
  documents: readonly DocumentResult[],
  total: Record<Metric, Score>,
  targets: { talks: number | null; speakers: number | null; pairs: number | null },
): string[] {
  const missed: string[] = [];
  for (const document of documents) {
    for (const metric of ['talks', 'speakers'] as const) {
      const target = targets[metric];
      const f1 = document[metric].f1;
      if (target !== null && f1 < target)
        missed.push(`${document.name}: ${metric} F1 ${f1.toFixed(2)} < ${target}`);
    }
  }
  if (targets.pairs !== null && total.pairs.f1 < targets.pairs)
    missed.push(`total: talk→speaker pairs F1 ${total.pairs.f1.toFixed(2)} < ${targets.pairs}`);
  return missed;
}

function printTable(documents: readonly DocumentResult[], total: Record<Metric, Score>): void {
  const n = (x: number) => x.toFixed(2);
  const row = (name: string, s: Record<Metric, Score>) => [
    name,
    n(s.talks.precision),
    n(s.talks.recall),
    n(s.talks.f1),
    n(s.speakers.precision),
    n(s.speakers.recall),
    n(s.speakers.f1),
    n(s.pairs.f1),
    s.affiliations.gold + s.affiliations.read === 0 ? '-' : n(s.affiliations.f1),
    `${s.talks.matched}/${s.talks.read}/${s.talks.gold}`,
    `${s.speakers.matched}/${s.speakers.read}/${s.speakers.gold}`,
  ];
  const header = [
    'document',
    'talk P',
    'talk R',
    'talk F1',
    'spk P',
    'spk R',
    'spk F1',
    'pair F1',
    'affil F1',
    'talks ok/read/gold',
    'speakers ok/read/gold',
  ];
  const rows = [
    ...documents.map((d) => row(d.rejected ? `${d.name} (refused)` : d.name, d)),
    row('total', total),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map(line);
  body.splice(documents.length, 0, rule);
  process.stdout.write(`${[line(header), rule, ...body].join('\n')}\n`);
  for (const document of documents) {
    if (document.rejected) process.stdout.write(`refused: ${document.rejected}\n`);
  }
}

/** In-sample and held-out scores side by side, per document and in total. */
function printComparison(
  rows: readonly { name: string; inSample: DocumentScore; heldOut: DocumentScore }[],
  label: string,
): void {
  const n = (x: number) => x.toFixed(2);
  const header = ['document', 'talk F1', 'spk F1', `${label} talk F1`, `${label} spk F1`, `${label} pair F1`];
  const total = (pick: 'inSample' | 'heldOut') => totalScore(rows.map((r) => r[pick]));
  const all = [
    ...rows.map((r) => [
      r.name,
      n(r.inSample.talks.f1),
      n(r.inSample.speakers.f1),
      n(r.heldOut.talks.f1),
      n(r.heldOut.speakers.f1),
      n(r.heldOut.pairs.f1),
    ]),
    [
      'total',
      n(total('inSample').talks.f1),
      n(total('inSample').speakers.f1),
      n(total('heldOut').talks.f1),
      n(total('heldOut').speakers.f1),
      n(total('heldOut').pairs.f1),
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = all.map(line);
  body.splice(rows.length, 0, rule);
  process.stdout.write(`${[line(header), rule, ...body].join('\n')}\n`);
}

function count(raw: string | undefined, option: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new TalkgraphError('BAD_USER_INPUT', `${option}: expected a whole number from 1, got "${raw}"`);
  return value;
}

/**
 * --cross-validate: every source of the folder scored by a model fitted without it (and with the
 * generated documents); --families: every generated layout family scored by a model fitted without
 * that family (and with the folder, when one is given).
 */
async function evaluateHeldOut(folder: string | undefined, options: EvalOptions): Promise<void> {
  const { defaultGeneration, generatedDocuments, scoreHeldOut } = await import(
    '../ingest/model/training-set.js'
  );
  const { labelledDocument } = await import('../ingest/model/labelled-documents.js');
  const targets = {
    talks: threshold(options.minTalkF1, '--min-talk-f1'),
    speakers: threshold(options.minSpeakerF1, '--min-speaker-f1'),
    pairs: threshold(options.minPairF1, '--min-pair-f1'),
  };
  const totalTarget = threshold(options.minTotalF1, '--min-total-f1');
  const generation = {
    seed: count(options.seed, '--seed', defaultGeneration.seed),
    perFamily: count(options.perFamily, '--per-family', defaultGeneration.perFamily),
  };
  const root = folder ? resolve(folder) : null;
  const corpus = root ? (await listEvaluated(root, options)).map((name) => labelledDocument(root, name)) : [];
  const generated = generatedDocuments(generation);
  const scored = options.families ? generated : corpus;
  if (scored.length === 0)
    throw new TalkgraphError('BAD_USER_INPUT', 'nothing to score: give a folder, or --families');
  const progress = (source: string, done: number, of: number) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${done}/${of} folds fitted (${source})`.padEnd(75));
  };
  const jobs = options.jobs === undefined ? undefined : count(options.jobs, '--jobs', 1);
  const { inSample: within, heldOut: held } = await scoreHeldOut(scored, [...corpus, ...generated], {
    jobs,
    progress,
  });
  if (process.stderr.isTTY) process.stderr.write(`${'\r'.padEnd(75)}\r`);
  const heldByName = new Map(held.map((s) => [s.name, s]));
  const rows = within.map((s) => ({ name: s.name, inSample: s, heldOut: heldByName.get(s.name) ?? s }));
  const heldScores = rows.map((r) => ({ ...r.heldOut, name: r.name, rejected: null }));
  const total = totalScore(heldScores);
  const missed = [...missedTargets(heldScores, total, targets), ...missedTotal(total, totalTarget)];
  const label = options.families ? 'held-out family' : 'cross-validated';
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ documents: rows, total, targets, missed, generation }, null, 2)}\n`,
    );
  } else {
    printComparison(rows, options.families ? 'held-out' : 'cv');
    process.stdout.write(
      `(${label} scores: each ${options.families ? 'family' : 'source'} read by a model fitted without it)\n`,
    );
  }
  if (missed.length > 0) {
    for (const line of missed) process.stderr.write(`talkgraph: below target (${label}): ${line}\n`);
    throw new TalkgraphError(
      'BELOW_THRESHOLD',
      `${missed.length} target${missed.length === 1 ? '' : 's'} missed (exit code ${exitCodes.BELOW_THRESHOLD})`,
    );
  }
}

/** The total talk and speaker F1 below `target`, as lines for standard error. */
function missedTotal(total: ReturnType<typeof totalScore>, target: number | null): string[] {
  if (target === null) return [];
  return (['talks', 'speakers'] as const)
    .filter((metric) => total[metric].f1 < target)
    .map((metric) => `total: ${metric} F1 ${total[metric].f1.toFixed(2)} < ${target}`);
}

async function evaluate(folder: string | undefined, options: EvalOptions): Promise<void> {
  if (options.crossValidate || options.families) return evaluateHeldOut(folder, options);
  if (!folder) throw new TalkgraphError('BAD_USER_INPUT', 'eval: give a folder of documents with gold files');
  const targets = {
    talks: threshold(options.minTalkF1, '--min-talk-f1'),
    speakers: threshold(options.minSpeakerF1, '--min-speaker-f1'),
    pairs: threshold(options.minPairF1, '--min-pair-f1'),
  };
  const root = resolve(folder);
  const names = await listEvaluated(root, options);
  // Always an in-memory database of its own: evaluation never touches the configured one.
  const store = await openStore({ backend: 'pglite', dataDir: null });
  const documents: DocumentResult[] = [];
  try {
    for (const name of names) documents.push(await evaluateDocument(store, root, name));
  } finally {
    await store.close();
  }
  const total = totalScore(documents);
  const missed = [
    ...missedTargets(documents, total, targets),
    ...missedTotal(total, threshold(options.minTotalF1, '--min-total-f1')),
  ];
  if (options.json) {
    const out = { documents, total, targets, missed };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    printTable(documents, total);
  }
  if (missed.length > 0) {
    for (const line of missed) process.stderr.write(`talkgraph: below target: ${line}\n`);
    throw new TalkgraphError(
      'BELOW_THRESHOLD',
      `${missed.length} target${missed.length === 1 ? '' : 's'} missed (exit code ${exitCodes.BELOW_THRESHOLD})`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'measure the reader: each document of <folder> with a NAME.gold.json beside it is read into a fresh ' +
        'in-memory graph and scored against the gold (talks, speakers, talk→speaker pairs, affiliations)',
    )
    .argument(
      '[folder]',
      'a folder of documents (or subfolders read as sets), each with NAME.gold.json beside it',
    )
    .option(
      '--cross-validate',
      'score each source with a model fitted without it (leave one source out), beside the in-sample score',
    )
    .option('--families', 'score each generated layout family with a model fitted without that family')
    .option('--per-family <n>', 'generated documents per layout family used in training and --families')
    .option('--seed <n>', 'seed of the generated documents')
    .option(
      '--jobs <n>',
      'worker threads fitting the held-out folds at once (default: the machine’s cores; the figures do not depend on it)',
    )
    .option(
      '--min-total-f1 <n>',
      'fail unless the total talk and speaker F1 reach n (held-out totals with --cross-validate or --families)',
    )
    .option('--json', 'print the scores as JSON instead of a table')
    .option('--only <globs...>', 'evaluate only the file names matching one of these globs')
    .option('--exclude <globs...>', "leave out the file names matching one of these globs (e.g. '0[2-5]-*')")
    .option(
      '--min-talk-f1 <n>',
      'fail unless every document’s talk F1 reaches n (0–1; held-out scores with --cross-validate)',
    )
    .option('--min-speaker-f1 <n>', 'fail unless every document’s speaker F1 reaches n (0–1)')
    .option('--min-pair-f1 <n>', 'fail unless the total talk→speaker pair F1 reaches n (0–1)')
    .addHelpText(
      'after',
      `\nExit codes: 0 every target met; ${exitCodes.BELOW_THRESHOLD} a --min-* target missed (each miss is named on\n` +
        `standard error); ${exitCodes.BAD_USER_INPUT} a bad folder, option or gold file. A document the reader refuses\n` +
        'counts as zero talks read; it does not stop the run.\n',
    )
    .action(command(evaluate));
}

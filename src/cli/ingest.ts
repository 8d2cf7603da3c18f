// `talkgraph ingest`: documents → facts. One transaction per document (or one for the whole batch
// with --all-or-nothing); bad documents are reported one line each and the rest go through.

import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { type ErrorCode, isTalkgraphError, TalkgraphError } from '../errors.js';
import {
  documentName,
  inSet,
  listSources,
  type SourceDocument,
  type SourceEntry,
} from '../ingest/document-source.js';
import type { ExtractedDocument } from '../ingest/extract.js';
import {
  createExtractPool,
  type ExtractPool,
  type ExtractTask,
  type SetMemberReply,
} from '../ingest/extract-pool.js';
import type { IngestSummary } from '../ingest/ingest.js';
import { looksLikeNQuads, type NQuadsDocument, readNQuads } from '../ingest/nquads.js';
import { formatNames } from '../ingest/parse.js';
import { skippedByReason } from '../ingest/types.js';
import { DatabaseLockedError, type Queryable, retryConflicts } from '../store/database.js';
import { predicates as ontologyPredicates } from '../store/ontology.js';
import type { PredicateRegistry } from '../store/predicates.js';
import { openStore } from '../store/store.js';
import { writeDocument } from '../store/write-document.js';
import { localTokenPath, readLocalToken } from './local-token.js';
import { command, exitCodes, maintenance, partialExitCode } from './run.js';

interface IngestOptions {
  format: string;
  event?: string;
  dryRun?: boolean;
  allOrNothing?: boolean;
  name?: string;
  vocabulary?: string[];
  server?: string;
}

interface Failure {
  name: string;
  error: TalkgraphError;
}

/** What every document of the run is read with, on the extraction pool. */
function extractOptions(options: IngestOptions): Omit<ExtractTask, 'source'> {
  return {
    format: options.format as ExtractTask['format'],
    event: options.event,
    vocabularyFiles: options.vocabulary,
  };
}

type Listed = Extract<SourceEntry, { read: unknown }>;

/** What one document gave: its extraction to write, or a note (a set's file with no talks of its own). */
type Outcome =
  | { name: string; source: SourceDocument; document: ExtractedDocument }
  | { name: string; note: string }
  | { name: string; error: unknown };

/**
 * The run's documents in order, each alone or, when it came from a folder argument with other
 * documents, together with them as one set.
 */
function workItems(readable: readonly Listed[]): Listed[][] {
  const items: Listed[][] = [];
  for (const entry of readable) {
    const last = items.at(-1);
    if (entry.folder && last?.[0]?.folder === entry.folder) last.push(entry);
    else items.push([entry]);
  }
  return items;
}

/** Reads a work item on the pool: one document, or a folder's documents as one set. */
async function readItem(
  item: readonly Listed[],
  pool: ExtractPool,
  options: Omit<ExtractTask, 'source'>,
): Promise<Outcome[]> {
  const sources: SourceDocument[] = [];
  const outcomes: Outcome[] = [];
  for (const entry of item) {
    try {
      sources.push(await entry.read());
    } catch (error) {
      outcomes.push({ name: entry.name, error });
    }
  }
  const [first] = sources;
  if (!first) return outcomes;
  if (item.length === 1) {
    try {
      return [
        { name: first.name, source: first, document: await pool.extract({ source: first, ...options }) },
      ];
    } catch (error) {
      return [{ name: first.name, error }];
    }
  }
  let members: SetMemberReply[];
  try {
    members = await pool.extractSet({
      source: { ...first, name: item[0]?.folder ?? first.name },
      set: sources,
      ...options,
    });
  } catch (error) {
    return [...outcomes, ...sources.map((s) => ({ name: s.name, error }))];
  }
  members.forEach((member, i) => {
    const source = sources[i] as SourceDocument;
    if (member.error)
      outcomes.push({
        name: member.name,
        error: new TalkgraphError(member.error.code, member.error.message),
      });
    else if (member.role === 'talks' && member.document)
      outcomes.push({ name: member.name, source: inSet(source, sources), document: member.document });
    else
      outcomes.push({
        name: member.name,
        note:
          member.role === 'context'
            ? 'read with its folder (people, sessions or the event the other files refer to), no talks of its own'
            : `no talk found${member.document?.skipped.length ? ` (${skippedNote(member.document.skipped)})` : ''}`,
      });
  });
  return outcomes;
}

function asFailure(name: string, error: unknown): Failure {
  if (isTalkgraphError(error)) return { name, error };
  const message = error instanceof Error ? error.message : String(error);
  return { name, error: new TalkgraphError('INGEST_REJECTED', `${name}: ${message.split('\n')[0]}`) };
}

/** Progress on a terminal; plain lines (one per document) when standard error is not one. */
function progressReporter(total: number) {
  const tty = process.stderr.isTTY && total > 1;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: 'ingesting [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { file: '' });
  return {
    /** A document is done; `line` (null for failures, which are listed at the end) says how. */
    done(name: string, line: string | null) {
      if (bar) bar.increment({ file: name });
      else if (line) process.stderr.write(`${line}\n`);
    },
    stop: () => bar?.stop(),
  };
}

/** "3 entries skipped: no speaker named (2), not read as a talk (1)", or '' when none were. */
export function skippedNote(skipped: IngestSummary['skipped']): string {
  if (skipped.length === 0) return '';
  const reasons = skippedByReason(skipped).map((r) => (r.count > 1 ? `${r.reason} (${r.count})` : r.reason));
  return `${skipped.length} ${skipped.length === 1 ? 'entry' : 'entries'} skipped: ${reasons.join(', ')}`;
}

function describe(summary: IngestSummary): string {
  if (summary.status === 'unchanged')
    return `${summary.name}: unchanged since the last ingest, nothing to do`;
  const skipped = skippedNote(summary.skipped);
  return `${summary.name}: ${summary.status} (${summary.format}), ${summary.talks} talks, +${summary.added} -${summary.removed} facts${skipped ? `; ${skipped}` : ''}`;
}

function printTable(
  summaries: IngestSummary[],
  failures: Failure[],
  notes: readonly { name: string; note: string }[] = [],
): void {
  const header = [
    'document',
    'status',
    'talks',
    'skipped',
    'speakers',
    'topics',
    'facts added',
    'facts removed',
  ];
  const rows = [
    ...summaries.map((s) =>
      [s.name, s.status, s.talks, s.skipped.length, s.speakers, s.topics, s.added, s.removed].map(String),
    ),
    ...notes.map((n) => [n.name, 'read, no talks', '0', '-', '-', '-', '-', '-']),
    ...failures.map((f) => [f.name, 'failed', '-', '-', '-', '-', '-', '-']),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
}

/** An N-Quads input: many documents, one per graph (src/ingest/nquads.ts). */
interface NQuadsInput {
  name: string;
  lines: () => AsyncIterable<string>;
}

/** Takes the first chunk of a stream to look at, and a stream that still yields everything. */
async function peek(stream: NodeJS.ReadableStream): Promise<{ head: string; stream: Readable }> {
  const chunks = stream[Symbol.asyncIterator]();
  const first = await chunks.next();
  const rest = async function* () {
    if (!first.done) yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  };
  return { head: first.done ? '' : String(first.value), stream: Readable.from(rest()) };
}

async function fileHead(path: string): Promise<string> {
  try {
    const file = await open(path);
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return ''; // a folder or an unreadable file: the document path reports it
  }
}

/**
 * N-Quads inputs go their own way: --format nquads, a .nq/.nquads name, or (with auto) text that
 * starts like N-Quads. The rest, with standard input as it was when not N-Quads, is documents.
 */
async function sortInputs(inputs: string[], format: string, stdinName: string) {
  const nquads: NQuadsInput[] = [];
  const documents: string[] = [];
  let stdin: NodeJS.ReadableStream = process.stdin;
  const linesOf = (stream: () => NodeJS.ReadableStream) => () =>
    createInterface({ input: stream(), crlfDelay: Number.POSITIVE_INFINITY });
  for (const input of inputs) {
    if (input === '-') {
      let isNQuads = format === 'nquads';
      if (format === 'auto') {
        const peeked = await peek(stdin);
        stdin = peeked.stream;
        isNQuads = looksLikeNQuads(peeked.head);
      }
      const stream = stdin;
      if (isNQuads) nquads.push({ name: stdinName, lines: linesOf(() => stream) });
      else documents.push(input);
      continue;
    }
    const isNQuads =
      format === 'nquads' ||
      (format === 'auto' && (/\.(?:nq|nquads)$/i.test(input) || looksLikeNQuads(await fileHead(input))));
    if (isNQuads) nquads.push({ name: documentName(input), lines: linesOf(() => createReadStream(input)) });
    else documents.push(input);
  }
  return { nquads, documents, stdin };
}

async function parseNQuads(input: NQuadsInput, iriBase: string): Promise<NQuadsDocument[]> {
  try {
    return await readNQuads(input.lines(), { name: input.name, iriBase, predicates: ontologyPredicates });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new TalkgraphError('INGEST_REJECTED', `${input.name}: no such file or folder`);
    if (code === 'EISDIR')
      throw new TalkgraphError('INGEST_REJECTED', `${input.name}: is a folder, not N-Quads`);
    throw error;
  }
}

/** Writes the documents of one N-Quads input through `q`, which the caller holds in a transaction. */
async function storeNQuads(
  q: Queryable,
  predicates: PredicateRegistry,
  documents: readonly NQuadsDocument[],
): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  for (const { document, facts } of documents) {
    const result = await writeDocument(q, predicates, document, facts);
    const count = (kind: string) =>
      new Set(
        facts
          .flatMap((f) => [f.subject, 'node' in f.object ? f.object.node : null])
          .filter((n) => n?.kind === kind)
          .map((n) => n?.slug),
      ).size;
    summaries.push({
      name: document.name,
      status: result.status,
      format: document.format,
      talks: count('talk'),
      speakers: count('speaker'),
      topics: count('topic'),
      added: result.added,
      removed: result.removed,
      skipped: [],
    });
  }
  return summaries;
}

async function ingest(inputs: string[], options: IngestOptions): Promise<void> {
  const config = loadConfig();
  if (options.server) return ingestThroughServer(inputs, options, config);
  const sorted = await sortInputs(inputs, options.format, options.name ?? 'stdin');
  if (sorted.nquads.length > 0 && options.event) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      '--event does not apply to N-Quads input: its graphs name their events',
    );
  }
  // Each N-Quads input is read whole before anything is written, so a bad one writes nothing.
  const nquads: { input: NQuadsInput; documents: NQuadsDocument[] }[] = [];
  const nquadsFailures: Failure[] = [];
  for (const input of sorted.nquads) {
    try {
      nquads.push({ input, documents: await parseNQuads(input, config.iriBase) });
    } catch (error) {
      nquadsFailures.push(asFailure(input.name, error));
    }
  }
  // A bad vocabulary file stops the run before any document, as a whole-run error (the pool's
  // threads load the files again for themselves).
  if (options.vocabulary?.length)
    (await import('../ingest/topics/vocabulary.js')).loadVocabulary(options.vocabulary);
  // Loaded here rather than at the top, so that other commands start without the writer.
  const { storeExtraction } = await import('../ingest/ingest.js');
  // Documents are read on a worker thread (src/ingest/extract-pool.ts), the same as the server's:
  // this thread only drives the database, so the next document is read while this one is written.
  const extraction = createExtractPool({ threads: 1, timeoutMs: config.ingestTimeoutMs });
  try {
    const extract = extractOptions(options);
    const notes: { name: string; note: string }[] = [];
    const entries = await listSources(sorted.documents, { stdinName: options.name, stdin: sorted.stdin });
    const failures: Failure[] = [
      ...nquadsFailures,
      ...entries.flatMap((e) => ('error' in e ? [{ name: e.name, error: e.error }] : [])),
    ];
    const readable = entries.flatMap((e) => ('read' in e ? [e] : []));

    const items = workItems(readable);
    if (options.dryRun) {
      const documents: unknown[] = nquads.flatMap((n) => n.documents);
      for (const item of items) {
        for (const outcome of await readItem(item, extraction, extract)) {
          if ('document' in outcome)
            documents.push({ name: outcome.name, sha256: outcome.source.sha256, ...outcome.document });
          else if ('note' in outcome) documents.push({ name: outcome.name, note: outcome.note });
          else failures.push(asFailure(outcome.name, outcome.error));
        }
      }
      process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
      return finish(failures, undefined, 0);
    }
    if (options.allOrNothing && failures.length > 0)
      return finish(failures, 'nothing was written (--all-or-nothing)');

    // Read and extract everything first with --all-or-nothing, so that a bad document stops the
    // batch before any write (and before the database is opened).
    const extracted: { source: SourceDocument; document: ExtractedDocument }[] = [];
    if (options.allOrNothing) {
      for (const item of items) {
        for (const outcome of await readItem(item, extraction, extract)) {
          if ('document' in outcome) extracted.push(outcome);
          else if ('note' in outcome) notes.push(outcome);
          else failures.push(asFailure(outcome.name, outcome.error));
        }
      }
      if (failures.length > 0) return finish(failures, 'nothing was written (--all-or-nothing)');
    }
    // Otherwise the first item is read while the database opens: both take a second or two to start
    // (the reader's thread loads its models, PGlite its engine).
    let next: Promise<Outcome[]> | null =
      !options.allOrNothing && items[0] ? readItem(items[0], extraction, extract) : null;
    // Never left rejected unawaited if opening the database fails (readItem answers errors as outcomes).
    next?.catch(() => {});
    const store = await openStore(config.database).catch((error: unknown) => {
      throw error instanceof DatabaseLockedError && error.serverUrl
        ? heldByServer(error, inputs, options, config)
        : error;
    });
    const summaries: IngestSummary[] = [];
    const progress = progressReporter(readable.length + nquads.reduce((n, q) => n + q.documents.length, 0));
    const writeNQuads = async (tx: Queryable, documents: readonly NQuadsDocument[]) => {
      for (const summary of await storeNQuads(tx, store.predicates, documents)) {
        summaries.push(summary);
        progress.done(summary.name, describe(summary));
      }
    };
    try {
      if (options.allOrNothing) {
        await store.db.transaction(async (tx) => {
          for (const { documents } of nquads) await writeNQuads(tx, documents);
          for (const { source, document } of extracted) {
            const summary = await storeExtraction(tx, store.predicates, source, document);
            summaries.push(summary);
            progress.done(source.name, describe(summary));
          }
        });
      } else {
        // An N-Quads input's documents are written together: all of them or, when one fails, none.
        for (const { input, documents } of nquads) {
          try {
            await retryConflicts(() => store.db.transaction((tx) => writeNQuads(tx, documents)));
          } catch (error) {
            failures.push(asFailure(input.name, error));
          }
        }
      }
      if (!options.allOrNothing && items.length > 0) {
        // Read the next item on the pool's thread while this thread drives the database's writes of
        // the current one, so the two overlap. At most two items are held.
        for (let i = 0; next; i++) {
          const current = await next;
          const following = items[i + 1];
          next = following ? readItem(following, extraction, extract) : null;
          for (const outcome of current) {
            if ('note' in outcome) {
              notes.push(outcome);
              progress.done(outcome.name, `${outcome.name}: ${outcome.note}`);
              continue;
            }
            if ('error' in outcome) {
              failures.push(asFailure(outcome.name, outcome.error));
              progress.done(outcome.name, null);
              continue;
            }
            try {
              // A server may write documents that share entities at the same time.
              const summary = await retryConflicts(() =>
                store.db.transaction((tx) =>
                  storeExtraction(tx, store.predicates, outcome.source, outcome.document),
                ),
              );
              summaries.push(summary);
              progress.done(outcome.name, describe(summary));
            } catch (error) {
              failures.push(asFailure(outcome.name, error));
              progress.done(outcome.name, null);
            }
          }
        }
      }
      if (summaries.some((s) => s.status !== 'unchanged')) {
        await refreshStatistics(store.db);
        // The related-talk lists these documents changed, each recomputed once (docs/ranking.md).
        const { refreshRelatedTalkLists } = await import('../graph/related-talks.js');
        await refreshRelatedTalkLists(store.db, store.predicates);
        await store.db.query('vacuum (analyze) related_talk_list', [], maintenance);
      }
    } finally {
      progress.stop();
      await store.close();
    }
    reportSkipped(summaries);
    printTable(summaries, failures, notes);
    finish(failures, undefined, summaries.length);
  } finally {
    await extraction.close();
  }
}

/**
 * After a bulk load the planner's statistics and the visibility map are stale: without them graph
 * queries fall back to heap visits and poor join orders (related talks ran 3× slower at 10,000 talks).
 */
async function refreshStatistics(db: Queryable): Promise<void> {
  await db.query('vacuum (analyze) node, triple, triple_source, talk_term, term_frequency', [], maintenance);
}

/** Every entry not read as a talk, one line each on standard error: never dropped silently. */
function reportSkipped(summaries: readonly IngestSummary[]): void {
  for (const summary of summaries) {
    if (summary.status === 'unchanged') continue;
    for (const entry of summary.skipped)
      process.stderr.write(
        `talkgraph: skipped: ${summary.name}:${entry.line}: "${entry.title}" (${entry.reason})\n`,
      );
  }
}

/**
 * Names every failure and sets the exit code: the first failure's, or — when other documents were
 * written (`written`) — the code of a partial run, so a script can tell "some failed" from "none went in".
 */
function finish(failures: Failure[], note?: string, written = 0): void {
  for (const failure of failures) process.stderr.write(`talkgraph: ${failure.error.message}\n`);
  if (note) process.stderr.write(`talkgraph: ${note}\n`);
  if (failures.length === 0) return;
  process.exitCode = written > 0 ? partialExitCode : exitCodes[failures[0]?.error.code ?? 'INGEST_REJECTED'];
  if (written > 0)
    process.stderr.write(
      `talkgraph: ${written} document${written === 1 ? '' : 's'} written, ${failures.length} not (exit code ${partialExitCode})\n`,
    );
}

// ---- Through a running server (--server URL) -------------------------------------------------------

/** The command to run instead when a server holds the PGlite folder: the same inputs, sent to it. */
function heldByServer(
  error: DatabaseLockedError,
  inputs: string[],
  options: IngestOptions,
  config: Config,
): TalkgraphError {
  const url = error.serverUrl as string;
  const args = [
    'talkgraph',
    'ingest',
    '--server',
    url,
    ...(options.format !== 'auto' ? ['--format', options.format] : []),
    ...(options.event ? ['--event', options.event] : []),
    ...(options.dryRun ? ['--dry-run'] : []),
    ...(inputs.includes('-') && options.name && options.name !== 'stdin' ? ['--name', options.name] : []),
    ...inputs,
  ];
  return new TalkgraphError(
    'DATABASE_LOCKED',
    `${shownPath(error.folder)} is in use by the server at ${url} (process ${error.owner}); send the documents to it instead: ${args.map(shellWord).join(' ')} (token: TALKGRAPH_TOKEN, or the local admin token in ${shownPath(localTokenPath(config))})`,
  );
}

const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** Where the server answers GraphQL: `--server http://host:4000` means its /graphql. */
function graphqlEndpoint(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `--server: expected a URL like http://127.0.0.1:4000, got "${server}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TalkgraphError('BAD_USER_INPUT', `--server: expected an http(s) URL, got "${server}"`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  return url;
}

const ingestMutation = `mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) {
    summary { status format talks speakers topics added removed skipped { title line reason } }
    extracted
    userErrors { field message code }
  }
}`;

interface ServerAnswer {
  data?: {
    ingestDocument?: {
      summary: Omit<IngestSummary, 'name'>;
      extracted: Record<string, unknown> | null;
      userErrors: { field: string[]; message: string; code: string }[];
    } | null;
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Failures of the whole run, not of one document: the token, the rate, the server itself. */
const fatalCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

const knownCode = (code: string | undefined): ErrorCode =>
  code && code in exitCodes ? (code as ErrorCode) : 'INGEST_REJECTED';

/** Sends one document to the server as a GraphQL multipart request; its answer, or a fatal error. */
async function sendDocument(
  endpoint: URL,
  token: string | null,
  bytes: Uint8Array,
  name: string,
  options: IngestOptions,
): Promise<NonNullable<NonNullable<ServerAnswer['data']>['ingestDocument']>> {
  const form = new FormData();
  const input = {
    name,
    file: null,
    format: options.format,
    event: options.event ?? null,
    dryRun: !!options.dryRun,
  };
  form.append('operations', JSON.stringify({ query: ingestMutation, variables: { input } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([bytes as Uint8Array<ArrayBuffer>]), name.split('/').pop() || 'document');
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: form,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TalkgraphError(
      'DATABASE_UNAVAILABLE',
      `cannot reach the server at ${endpoint.origin} (${cause?.code ?? cause?.message ?? (error as Error).message}); is talkgraph serve running there?`,
    );
  }
  let answer: ServerAnswer;
  try {
    answer = (await response.json()) as ServerAnswer;
  } catch {
    throw new TalkgraphError(
      'DATABASE_UNAVAILABLE',
      `${endpoint.href} does not answer GraphQL (HTTP ${response.status}); is it a Talkgraph server?`,
    );
  }
  const error = answer.errors?.[0];
  const result = answer.data?.ingestDocument;
  if (error || !result) {
    const code = error?.extensions?.code;
    const hint =
      code === 'UNAUTHENTICATED' && !token
        ? ' (set TALKGRAPH_TOKEN to a token with the ingest scope: talkgraph token create --name N --scope ingest)'
        : '';
    const message = `server ${endpoint.origin}: ${error?.message ?? `HTTP ${response.status}`}${hint}`;
    if (code && fatalCodes.has(code)) throw new TalkgraphError(code as ErrorCode, message);
    if (response.status >= 500 && code !== 'DATABASE_UNAVAILABLE')
      throw new TalkgraphError('DATABASE_UNAVAILABLE', message);
    throw Object.assign(new TalkgraphError(knownCode(code), `${name}: ${message}`), { perDocument: true });
  }
  return result;
}

/** The API token to send: TALKGRAPH_TOKEN, else the local admin token `npm start` stored. */
function tokenFor(config: Config): string | null {
  return config.apiToken ?? readLocalToken(config);
}

/** A path as the user would type it: relative to the working directory when it is inside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** `talkgraph ingest --server URL`: each document is one ingestDocument mutation on the server. */
async function ingestThroughServer(inputs: string[], options: IngestOptions, config: Config): Promise<void> {
  const endpoint = graphqlEndpoint(options.server as string);
  if (options.allOrNothing)
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      '--all-or-nothing does not apply with --server: each document is its own transaction on the server',
    );
  if (options.vocabulary?.length)
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      '--vocabulary does not apply with --server: the server reads with its own',
    );
  const sorted = await sortInputs(inputs, options.format, options.name ?? 'stdin');
  if (sorted.nquads.length > 0)
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `--server does not take N-Quads (${sorted.nquads.map((n) => n.name).join(', ')}): ingest them without --server while the server is stopped`,
    );
  const token = tokenFor(config);
  if (!token)
    throw new TalkgraphError(
      'UNAUTHENTICATED',
      `--server needs an API token with the ingest scope: set TALKGRAPH_TOKEN (talkgraph token create --name NAME --scope ingest)`,
    );
  const entries = await listSources(sorted.documents, { stdinName: options.name, stdin: sorted.stdin });
  const failures: Failure[] = entries.flatMap((e) =>
    'error' in e ? [{ name: e.name, error: e.error }] : [],
  );
  const readable = entries.flatMap((e) => ('read' in e ? [e] : []));
  const summaries: IngestSummary[] = [];
  const dryRuns: unknown[] = [];
  const progress = progressReporter(readable.length);
  try {
    for (const entry of readable) {
      try {
        // Checked here first, as a local ingest checks it: a bad file is not sent.
        const source = await entry.read();
        const bytes =
          entry.name === (options.name ?? 'stdin') && inputs.includes('-')
            ? Buffer.from(source.text, 'utf8')
            : await readFile(resolve(process.cwd(), entry.name));
        const result = await sendDocument(endpoint, token, bytes, source.name, options);
        const userError = result.userErrors[0];
        if (userError) throw new TalkgraphError(knownCode(userError.code), userError.message);
        if (options.dryRun) {
          dryRuns.push({ name: source.name, sha256: source.sha256, ...result.extracted });
          progress.done(entry.name, null);
          continue;
        }
        const summary: IngestSummary = {
          ...result.summary,
          name: source.name,
          status: result.summary.status as IngestSummary['status'],
        };
        summaries.push(summary);
        progress.done(entry.name, describe(summary));
      } catch (error) {
        if (
          isTalkgraphError(error) &&
          !(error as { perDocument?: boolean }).perDocument &&
          error.code !== 'INGEST_REJECTED' &&
          error.code !== 'NOT_FOUND' &&
          error.code !== 'BAD_USER_INPUT'
        )
          throw error;
        failures.push(asFailure(entry.name, error));
        progress.done(entry.name, null);
      }
    }
  } catch (fatal) {
    progress.stop();
    if (summaries.length > 0) printTable(summaries, failures);
    throw fatal;
  }
  progress.stop();
  if (options.dryRun) {
    process.stdout.write(`${JSON.stringify(dryRuns, null, 2)}\n`);
    return finish(failures);
  }
  reportSkipped(summaries);
  printTable(summaries, failures);
  finish(failures);
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('read talk listings and event recaps into the graph (one transaction per document)')
    .argument(
      '<inputs...>',
      'files, folders (read as a set: their .txt, .md, .html, .org, .adoc, .rst, .tex, .wiki, .json, .yaml, .csv, .xml, .ics files), N-Quads files (.nq, from talkgraph export) or - for standard input',
    )
    .addOption(
      new Option('--format <format>', 'the documents’ layout')
        .choices([...formatNames, 'nquads'])
        .default('auto'),
    )
    .option('--event <name>', 'the event, when the documents do not name it (overrides what they say)')
    .option('--dry-run', 'print what would be extracted as JSON and write nothing')
    .option('--all-or-nothing', 'write nothing unless every document can be ingested')
    .option('--name <name>', 'the document name for standard input', 'stdin')
    .option('--vocabulary <files...>', 'extra topic vocabulary files (JSON) besides data/vocabulary.json')
    .option(
      '--server <url>',
      'send the documents to a running Talkgraph server (e.g. http://127.0.0.1:4000) instead of opening the database; token from TALKGRAPH_TOKEN',
    )
    .addHelpText(
      'after',
      `
Entries not read as talks are listed on standard error with their line and reason.
Exit codes: 0 every document written; ${partialExitCode} some written, others failed (each named);
4 a document rejected (no talk found, not UTF-8, …) and none written; 2 bad input or
configuration; 3 database unavailable or locked; 6 the API token refused (--server).`,
    )
    .action(command(ingest));
}

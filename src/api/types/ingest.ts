// Documents through the API (docs/curation.md, "Ingesting through the API and the CLI"):
// ingestDocument reads a document sent as text or as a file upload (GraphQL multipart request) with
// the CLI's checks and extractors and writes it in the mutation's transaction; removeDocument takes a
// document and the facts only it supported out of the graph. Both need an `ingest` token.
import { isTalkgraphError } from '../../errors.js';
import { decodeDocument, type SourceDocument } from '../../ingest/document-source.js';
import type { ExtractedDocument, ExtractOptions } from '../../ingest/extract.js';
import type { IngestSummary as StoredSummary } from '../../ingest/ingest.js';
import { formatNames } from '../../ingest/parse.js';
import { type SkippedRecord, skippedByReason } from '../../ingest/types.js';
import { refreshDerived } from '../../store/curation.js';
import type { Queryable } from '../../store/database.js';
import { removeDocument } from '../../store/documents.js';
import { builder, type Context } from '../builder.js';
import { encodeGlobalId } from '../global-id.js';
import {
  InputProblem,
  inputId,
  type MutationWork,
  runMutation,
  UserError,
  type UserErrorShape,
} from '../mutation.js';
import { Document } from '../refs.js';

builder.scalarType('File', {
  description: 'A file sent in a GraphQL multipart request (input only).',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (value && typeof (value as Blob).arrayBuffer === 'function') return value as File;
    throw new TypeError('expected a file part of a multipart request');
  },
});

/** The layouts a document may be read as: the CLI's --format choices, N-Quads aside. */
export const ingestFormats = formatNames;

/** What an ingest did, or (dry run) would do. */
interface SummaryShape extends Omit<StoredSummary, 'name' | 'status'> {
  status: StoredSummary['status'] | 'dry-run';
}

interface IngestPayloadShape {
  documentId: number | null;
  summary: SummaryShape | null;
  extracted: ExtractedDocument | null;
  userErrors: UserErrorShape[];
}

interface RemovePayloadShape {
  removedDocumentId: string | null;
  factsRemoved: number | null;
  userErrors: UserErrorShape[];
}

const SkippedEntry = builder.objectRef<SkippedRecord>('SkippedEntry').implement({
  description:
    'An entry of the document that was not read as a talk (a break, a declined proposal), and why.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What the entry is called in the document.' }),
    line: t.exposeInt('line', { description: 'Where it starts (1-based; 0 when the format has no lines).' }),
    reason: t.exposeString('reason', { description: 'Why it was not read as a talk ("no speaker named").' }),
  }),
});

const SkippedCount = builder.objectRef<{ reason: string; count: number }>('SkippedCount').implement({
  description: 'How many entries were skipped for one reason.',
  fields: (t) => ({
    reason: t.exposeString('reason', { description: 'Why, as SkippedEntry.reason says it.' }),
    count: t.exposeInt('count', { description: 'How many entries were skipped for it.' }),
  }),
});

const IngestSummary = builder.objectRef<SummaryShape>('IngestSummary').implement({
  description: 'What an ingest did, or with dryRun what it would do, as `talkgraph ingest` reports it.',
  fields: (t) => ({
    status: t.exposeString('status', {
      description: 'added, replaced, unchanged (same bytes as before: nothing written) or dry-run.',
    }),
    format: t.exposeString('format', { description: 'The layout it was read as.' }),
    talks: t.exposeInt('talks', { description: 'Talks read from the document.' }),
    speakers: t.exposeInt('speakers', { description: 'Distinct speakers of those talks.' }),
    topics: t.exposeInt('topics', { description: 'Distinct topics tagged on those talks.' }),
    added: t.exposeInt('added', { description: 'Facts that did not exist before (0 on a dry run).' }),
    removed: t.exposeInt('removed', {
      description: 'Facts deleted because no document supports them any more (0 on a dry run).',
    }),
    skipped: t.field({
      type: [SkippedEntry],
      description: 'Every entry that was not read as a talk, with why: nothing is dropped silently.',
      resolve: (summary) => summary.skipped,
    }),
    skippedByReason: t.field({
      type: [SkippedCount],
      description: 'The skipped entries counted by reason, most frequent first.',
      resolve: (summary) => skippedByReason(summary.skipped),
    }),
  }),
});

const IngestDocumentInput = builder.inputType('IngestDocumentInput', {
  description: 'A document to read into the graph: exactly one of content and file.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Its identity in the graph (as the CLI names files: a path): the same name replaces.',
    }),
    content: t.string({ description: 'Its text (up to 5 MiB as UTF-8).' }),
    file: t.field({ type: 'File', description: 'Its bytes, uploaded (up to 5 MiB, UTF-8 text).' }),
    format: t.string({
      defaultValue: 'auto',
      description: `How to read it, as \`talkgraph ingest --format\`: ${ingestFormats.join(', ')}.`,
    }),
    event: t.string({
      description: 'The event, when the document does not name it (overrides what it says).',
    }),
    dryRun: t.boolean({
      defaultValue: false,
      description: 'Extract and report, write nothing (and record no change).',
    }),
  }),
});

const IngestDocumentPayload = builder.objectRef<IngestPayloadShape>('IngestDocumentPayload').implement({
  description: 'What ingestDocument did: the document and its summary, or why nothing was written.',
  fields: (t) => ({
    document: t.field({
      type: Document,
      nullable: true,
      description: 'The document as stored; null on a dry run or when it failed.',
      resolve: (payload, _args, ctx) =>
        payload.documentId === null ? null : ctx.loaders.node(payload.documentId),
    }),
    summary: t.field({
      type: IngestSummary,
      nullable: true,
      description: 'What was read and written; null when the input was refused.',
      resolve: (payload) => payload.summary,
    }),
    extracted: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'On a dry run, everything read from the document, as `talkgraph ingest --dry-run` prints it.',
      resolve: (payload) => payload.extracted,
    }),
    userErrors: t.field({
      type: [UserError],
      description: 'Why the input was refused (nothing was written); empty on success.',
      resolve: (payload) => payload.userErrors,
    }),
  }),
});

const RemoveDocumentInput = builder.inputType('RemoveDocumentInput', {
  description: 'The document to remove, and why.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The Document’s id.' }),
    note: t.string({ description: 'Why, for the audit trail.' }),
  }),
});

const RemoveDocumentPayload = builder.objectRef<RemovePayloadShape>('RemoveDocumentPayload').implement({
  description: 'What removeDocument did, or why nothing was removed.',
  fields: (t) => ({
    removedDocumentId: t.id({
      nullable: true,
      resolve: (payload) => payload.removedDocumentId,
      description: 'The id of the document removed; null when nothing was.',
    }),
    factsRemoved: t.int({
      nullable: true,
      resolve: (payload) => payload.factsRemoved,
      description: 'Facts deleted because no other document or curation supports them.',
    }),
    userErrors: t.field({
      type: [UserError],
      description: 'Why the input was refused (nothing was written); empty on success.',
      resolve: (payload) => payload.userErrors,
    }),
  }),
});

interface IngestInput {
  name: string;
  content?: string | null;
  file?: File | null;
  format?: string | null;
  event?: string | null;
  dryRun?: boolean | null;
}

/** The input's bytes, checked as the CLI checks a file (size, empty, binary, UTF-8). */
async function sourceOf(input: IngestInput): Promise<SourceDocument> {
  const name = input.name.trim();
  if (name === '') throw new InputProblem(['input', 'name'], 'the document name must not be blank');
  if (input.content == null && input.file == null)
    throw new InputProblem(['input', 'content'], 'give the document as content or as file');
  if (input.content != null && input.file != null)
    throw new InputProblem(['input', 'file'], 'give the document as content or as file, not both');
  const field = input.content == null ? 'file' : 'content';
  const bytes =
    input.content != null
      ? Buffer.from(input.content, 'utf8')
      : new Uint8Array(await (input.file as File).arrayBuffer());
  try {
    return decodeDocument(name, bytes);
  } catch (error) {
    if (isTalkgraphError(error)) throw new InputProblem(['input', field], error.message, 'INGEST_REJECTED');
    throw error;
  }
}

/** Reads the document on the extraction pool (never this thread); its failures are the input's. */
async function extract(ctx: Context, source: SourceDocument, input: IngestInput): Promise<ExtractedDocument> {
  const format = input.format ?? 'auto';
  if (!ingestFormats.includes(format)) {
    throw new InputProblem(
      ['input', 'format'],
      `unknown format "${format}" (known: ${ingestFormats.join(', ')})`,
    );
  }
  try {
    return await ctx.extract({
      source,
      format: format as ExtractOptions['format'],
      event: input.event?.trim() || undefined,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputProblem(
      [],
      message?.startsWith(`${source.name}:`) ? message : `${source.name}: ${message}`,
      'INGEST_REJECTED',
    );
  }
}

/** The talks, speakers and events a document's facts mention, as the stored facts say now. */
async function documentEntities(q: Queryable, documentId: number): Promise<{ id: number; kind: string }[]> {
  return q.query<{ id: number; kind: string }>(
    `select distinct n.id, n.kind from triple_source s
       join triple t on t.id = s.triple_id
       join node n on n.id = t.subject_id or n.id = t.object_id
      where s.document_id = $1 and n.kind in ('talk', 'speaker', 'event')`,
    [documentId],
  );
}

/** Tells subscribers which document changed and the entities around it. */
function announceEntities(
  m: Pick<MutationWork, 'announce'>,
  changeId: number,
  documentId: number,
  entities: readonly { id: number; kind: string }[],
): void {
  const ids = [documentId, ...new Set(entities.map((e) => e.id))];
  const kinds = ['document', ...new Set(entities.map((e) => e.kind))];
  const events = [...new Set(entities.filter((e) => e.kind === 'event').map((e) => e.id))];
  m.announce({ changeId, ids, kinds, events });
}

async function ingestDocument(ctx: Context, input: IngestInput): Promise<IngestPayloadShape> {
  const read = async () => {
    const source = await sourceOf(input);
    return { source, extracted: await extract(ctx, source, input) };
  };
  const outcome = await runMutation(
    ctx,
    'ingestDocument',
    async (m, { source, extracted }) => {
      if (input.dryRun) {
        const { documentFacts } = await import('../../ingest/facts.js');
        const counts = documentFacts(extracted, source.name);
        return {
          documentId: null,
          summary: {
            status: 'dry-run' as const,
            format: extracted.format,
            talks: counts.talks,
            speakers: counts.speakers,
            topics: counts.topics,
            added: 0,
            removed: 0,
            skipped: extracted.skipped,
          },
          extracted,
        };
      }
      const [previous] = await m.tx.query<{ id: number; sha256: string; format: string }>(
        'select node_id as id, sha256, format from document where name = $1',
        [source.name],
      );
      const before = previous ? await documentEntities(m.tx, previous.id) : [];
      const { storeExtraction } = await import('../../ingest/ingest.js');
      const stored = await storeExtraction(m.tx, ctx.store.predicates, source, extracted);
      const [row] = await m.tx.query<{ id: number }>('select node_id as id from document where name = $1', [
        source.name,
      ]);
      const documentId = (row as { id: number }).id;
      const entities = [...before, ...(await documentEntities(m.tx, documentId))];
      const summary: SummaryShape = {
        status: stored.status,
        format: stored.format,
        talks: stored.talks,
        speakers: stored.speakers,
        topics: stored.topics,
        added: stored.added,
        removed: stored.removed,
        skipped: stored.skipped,
      };
      const { skipped, ...recorded } = summary;
      const changeId = await m.record({
        entities: [documentId, ...entities.filter((e) => e.kind === 'talk').map((e) => e.id)],
        before: previous ? { sha256: previous.sha256, format: previous.format } : null,
        after: { ...recorded, name: source.name, sha256: source.sha256, skipped: skipped.length },
      });
      if (stored.status !== 'unchanged') announceEntities(m, changeId, documentId, entities);
      m.announceIngested({
        documentId,
        name: source.name,
        status: stored.status,
        format: stored.format,
        talks: stored.talks,
        added: stored.added,
        removed: stored.removed,
      });
      return { documentId, summary, extracted: null };
    },
    read,
  );
  return outcome.result
    ? { ...outcome.result, userErrors: [] }
    : { documentId: null, summary: null, extracted: null, userErrors: outcome.userErrors };
}

async function removeDocumentById(
  ctx: Context,
  input: { id: string; note?: string | null },
): Promise<RemovePayloadShape> {
  const outcome = await runMutation(ctx, 'removeDocument', async (m) => {
    const decoded = inputId(input.id, ['input', 'id']);
    if (decoded.typename !== 'Document') {
      throw new InputProblem(
        ['input', 'id'],
        `"${input.id}" is the id of a ${decoded.typename}, not a Document`,
      );
    }
    const documentId = decoded.id;
    const [document] = await m.tx.query<{ name: string; sha256: string; format: string }>(
      'select name, sha256, format from document where node_id = $1 for update',
      [documentId],
    );
    if (!document)
      throw new InputProblem(['input', 'id'], `no document has the id "${input.id}"`, 'NOT_FOUND');
    const entities = await documentEntities(m.tx, documentId);
    const removed = await removeDocument(m.tx, document.name);
    if (!removed)
      throw new InputProblem(['input', 'id'], `no document has the id "${input.id}"`, 'NOT_FOUND');
    await refreshDerived(m.tx, ctx.store.predicates, [...entities.map((e) => e.id), ...removed.touched]);
    const note = input.note?.trim() || null;
    const changeId = await m.record({
      entities: [documentId, ...entities.filter((e) => e.kind === 'talk').map((e) => e.id)],
      note,
      before: document,
      after: { factsRemoved: removed.removed, nodesRemoved: removed.removedNodes },
    });
    announceEntities(m, changeId, documentId, entities);
    return { removedDocumentId: encodeGlobalId('Document', documentId), factsRemoved: removed.removed };
  });
  return outcome.result
    ? { ...outcome.result, userErrors: [] }
    : { removedDocumentId: null, factsRemoved: null, userErrors: outcome.userErrors };
}

builder.mutationField('ingestDocument', (t) =>
  t.field({
    type: IngestDocumentPayload,
    authScopes: { ingest: true },
    description:
      'Reads a document into the graph, as `talkgraph ingest` does: the text as `content`, or the file as `file` in a GraphQL multipart request. Needs an ingest token.',
    args: { input: t.arg({ type: IngestDocumentInput, required: true, description: 'The document.' }) },
    resolve: (_root, { input }, ctx) => ingestDocument(ctx, input),
  }),
);

builder.mutationField('removeDocument', (t) =>
  t.field({
    type: RemoveDocumentPayload,
    authScopes: { ingest: true },
    description:
      'Removes a document and the facts only it supported (facts another document or a curation supports stay). Needs an ingest token.',
    args: {
      input: t.arg({ type: RemoveDocumentInput, required: true, description: 'The document to remove.' }),
    },
    resolve: (_root, { input }, ctx) => removeDocumentById(ctx, { id: String(input.id), note: input.note }),
  }),
);

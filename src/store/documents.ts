// Source documents: each is a node of kind 'document' plus a row with its name, hash and format.

import type { Queryable } from './database.js';
import { upsertNodes } from './nodes.js';
import { slugify } from './slug.js';
import { type RetractResult, retractDocument } from './triples.js';

export interface DocumentInput {
  /** The document's identity: re-ingesting the same name replaces what it said. */
  name: string;
  sha256: string;
  format: string;
  bytes: number;
  /**
   * When it was read, as ISO 8601 text (sent as text: a driver turning it into a Date would drop the
   * microseconds): an N-Quads import keeps the exporting database's. Default: now.
   */
  ingestedAt?: string;
}

export interface DocumentRow extends Omit<DocumentInput, 'ingestedAt'> {
  id: number;
  ingestedAt: Date;
}

const columns = `node_id as id, name, sha256, format, bytes, ingested_at as "ingestedAt"`;

export async function findDocument(q: Queryable, name: string): Promise<DocumentRow | null> {
  const [row] = await q.query<DocumentRow>(`select ${columns} from document where name = $1`, [name]);
  return row ?? null;
}

/**
 * Creates or updates the document's node and row; returns the document's node id. `existing` is
 * what `findDocument` returned, for a caller that has just looked.
 */
export async function saveDocument(
  q: Queryable,
  input: DocumentInput,
  existing?: DocumentRow | null,
): Promise<number> {
  if (existing === undefined) existing = await findDocument(q, input.name);
  if (existing) {
    await q.query(
      `update document set sha256 = $2, format = $3, bytes = $4, ingested_at = coalesce($5::text::timestamptz, now())
        where node_id = $1`,
      [existing.id, input.sha256, input.format, input.bytes, input.ingestedAt ?? null],
    );
    return existing.id;
  }
  const slug = await freeDocumentSlug(q, slugify(input.name) || 'document');
  const ids = await upsertNodes(q, [{ kind: 'document', slug, label: input.name }]);
  const id = ids.get(`document/${slug}`);
  if (id === undefined) throw new Error(`document node ${slug} was not created`);
  await q.query(
    `insert into document (node_id, name, sha256, format, bytes, ingested_at)
     values ($1, $2, $3, $4, $5, coalesce($6::text::timestamptz, now()))`,
    [id, input.name, input.sha256, input.format, input.bytes, input.ingestedAt ?? null],
  );
  return id;
}

/** Two names can fold to one slug ("a.txt", "a-txt"): the later one gets a numbered slug. */
async function freeDocumentSlug(q: Queryable, base: string): Promise<string> {
  const taken = await q.query<{ slug: string }>(
    `select slug from node where kind = 'document' and (slug = $1 or slug like $1 || '-%')`,
    [base],
  );
  const slugs = new Set(taken.map((row) => row.slug));
  if (!slugs.has(base)) return base;
  for (let n = 2; ; n++) if (!slugs.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Removes a document and exactly the facts only it supported. Null when no such document. */
export async function removeDocument(q: Queryable, name: string): Promise<RetractResult | null> {
  const existing = await findDocument(q, name);
  if (!existing) return null;
  const result = await retractDocument(q, existing.id);
  await q.query('delete from node where id = $1', [existing.id]);
  return result;
}

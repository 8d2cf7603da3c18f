// Nodes: typed entities identified by (kind, slug). Upserts are batched into one statement.
import type { Queryable } from './database.js';

export interface NodeInput {
  kind: string;
  slug: string;
  label: string;
}

export interface NodeRow {
  id: number;
  kind: string;
  slug: string;
  label: string;
}

export const nodeKey = (kind: string, slug: string): string => `${kind}/${slug}`;

/**
 * Creates the nodes that do not exist yet and returns every node's id by `nodeKey`. An existing
 * node keeps its label: the first document to name an entity decides how it is displayed.
 */
export async function upsertNodes(q: Queryable, inputs: readonly NodeInput[]): Promise<Map<string, number>> {
  const unique = new Map<string, NodeInput>();
  for (const input of inputs) {
    const key = nodeKey(input.kind, input.slug);
    if (!unique.has(key)) unique.set(key, input);
  }
  const ids = new Map<string, number>();
  if (unique.size === 0) return ids;
  const rows = [...unique.values()];
  // Sorted so that concurrent ingests take row locks in the same order and cannot deadlock.
  rows.sort((a, b) => (a.kind === b.kind ? compare(a.slug, b.slug) : compare(a.kind, b.kind)));
  // "do update" (a no-op) rather than "do nothing", so that existing rows are returned too.
  const result = await q.query<{ id: number; kind: string; slug: string }>(
    `insert into node (kind, slug, label)
     select * from unnest($1::text[], $2::text[], $3::text[])
     on conflict (kind, slug) do update set kind = excluded.kind
     returning id, kind, slug`,
    [rows.map((r) => r.kind), rows.map((r) => r.slug), rows.map((r) => r.label)],
  );
  for (const row of result) ids.set(nodeKey(row.kind, row.slug), row.id);
  return ids;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

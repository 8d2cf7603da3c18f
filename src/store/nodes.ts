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
  const pending = new Map<string, NodeInput>();
  for (const input of inputs) {
    const key = nodeKey(input.kind, input.slug);
    if (!pending.has(key)) pending.set(key, input);
  }
  const ids = new Map<string, number>();
  // A node another transaction creates while this statement runs is in neither half of its answer
  // (created elsewhere, invisible to its snapshot): the next round's fresh snapshot finds it.
  for (let round = 0; pending.size > 0; round++) {
    if (round === 3) throw new Error(`nodes kept changing while being written: ${[...pending.keys()][0]}`);
    // Sorted so that concurrent ingests take row locks in the same order and cannot deadlock.
    const rows = [...pending.values()].sort((a, b) =>
      a.kind === b.kind ? compare(a.slug, b.slug) : compare(a.kind, b.kind),
    );
    // Existing nodes are looked up first and locked against deletion until commit, as a foreign
    // key check would. Only the rest reach the insert: an insert computes a row's generated search
    // columns before it finds the conflict, and "on conflict do update" would rewrite the row.
    const result = await q.query<{ id: number; kind: string; slug: string }>(
      `with input as (select * from unnest($1::text[], $2::text[], $3::text[]) as u(kind, slug, label)),
            existing as (select e.id, i.kind, i.slug from input i
                          cross join lateral (select n.id from node n
                                               where n.kind = i.kind and n.slug = i.slug for key share) e),
            created as (insert into node (kind, slug, label)
                        select i.kind, i.slug, i.label from input i
                         where not exists (select 1 from existing e where e.kind = i.kind and e.slug = i.slug)
                        on conflict (kind, slug) do nothing returning id, kind, slug)
       select id, kind, slug from existing union all select id, kind, slug from created`,
      [rows.map((r) => r.kind), rows.map((r) => r.slug), rows.map((r) => r.label)],
    );
    for (const row of result) {
      const key = nodeKey(row.kind, row.slug);
      ids.set(key, row.id);
      pending.delete(key);
    }
  }
  return ids;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The entities of `kind` that `slugs` name: each slug's own node or, for a slug merged into another
 * entity (src/store/merge.ts), the survivor; slugs that name nothing are absent.
 */
export async function nodesBySlug(
  q: Queryable,
  kind: string,
  slugs: readonly string[],
): Promise<Map<string, NodeRow>> {
  const rows = await q.query<NodeRow>(
    'select id, kind, slug, label from node where kind = $1 and slug = any($2::text[])',
    [kind, [...slugs]],
  );
  const bySlug = new Map(rows.map((row) => [row.slug, row]));
  const missing = slugs.filter((slug) => !bySlug.has(slug));
  if (missing.length > 0) {
    const merged = await q.query<NodeRow & { asked: string }>(
      `select n.id, n.kind, n.slug, n.label, m.slug as asked from merged_entity m
         join node n on n.id = m.into_id where m.kind = $1 and m.slug = any($2::text[])`,
      [kind, missing],
    );
    for (const { asked, ...row } of merged) bySlug.set(asked, row);
  }
  return bySlug;
}

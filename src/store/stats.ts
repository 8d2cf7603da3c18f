// Counts by kind and by predicate: the graph at a glance, for the CLI and the API.
import type { Queryable } from './database.js';

export interface Stats {
  nodes: number;
  triples: number;
  documents: number;
  kinds: { kind: string; count: number }[];
  predicates: { predicate: string; count: number }[];
}

export async function graphStats(q: Queryable): Promise<Stats> {
  const [kinds, predicates, totals] = await Promise.all([
    q.query<{ kind: string; count: number }>(
      `select k.name as kind, count(n.id) as count from kind k left join node n on n.kind = k.name
        group by k.name order by k.name`,
    ),
    q.query<{ predicate: string; count: number }>(
      `select p.name as predicate, count(t.id) as count from predicate p
         left join triple t on t.predicate_id = p.id group by p.name order by p.name`,
    ),
    q.query<{ nodes: number; triples: number; documents: number }>(
      `select (select count(*) from node) as nodes, (select count(*) from triple) as triples,
              (select count(*) from document) as documents`,
    ),
  ]);
  const total = totals[0] ?? { nodes: 0, triples: 0, documents: 0 };
  return { ...total, kinds, predicates };
}

// Related topics: topics that appear on the same talks more often than their popularity predicts,
// scored by normalized pointwise mutual information (docs/ranking.md).
import type { Queryable } from '../store/database.js';
import type { NodeRow } from '../store/nodes.js';
import type { PredicateRegistry } from '../store/predicates.js';

export interface RelatedTopic {
  topic: NodeRow;
  /** NPMI in (0, 1]: 1 when the topics only ever appear together. */
  score: number;
  /** Talks tagged with both. */
  talks: number;
}

/**
 * NPMI(a, b) = ln(p(a,b) / (p(a) p(b))) / -ln p(a,b), with p over talks. Positive values only: a
 * topic that co-occurs no more than chance is not related. Ties: more shared talks, then older topic.
 */
export async function relatedTopics(
  q: Queryable,
  predicates: PredicateRegistry,
  topicIds: readonly number[],
  first: number,
): Promise<Map<number, RelatedTopic[]>> {
  const rows = await q.query<NodeRow & { source: number; score: number; talks: number }>(
    `with source as (select distinct unnest($1::bigint[]) as id),
     -- the number of talks, kept by the term_frequency triggers (counting node rows costs a scan)
     talk_count as (select greatest(coalesce((select talks from term_frequency where term = ''), 0), 2)::float8 as n),
     pair as (
       select s.id as source, b.object_id as candidate, count(*)::float8 as together
         from source s
         join triple a on a.object_id = s.id and a.predicate_id = $2
         join triple b on b.subject_id = a.subject_id and b.predicate_id = $2 and b.object_id <> s.id
        group by s.id, b.object_id
     ),
     scored as (
       select pair.*, case when pair.together >= tc.n then 1
                           else ln(pair.together * tc.n / (da.facts::float8 * db.facts)) / -ln(pair.together / tc.n) end as npmi
         from pair cross join talk_count tc
         -- each topic's number of talks, kept by the edge_count triggers
         join edge_count da on da.object_id = pair.source and da.predicate_id = $2
         join edge_count db on db.object_id = pair.candidate and db.predicate_id = $2
     ),
     ranked as (
       select *, row_number() over (partition by source order by npmi desc, together desc, candidate) as rank
         from scored where npmi > 0
     )
     select r.source, n.id, n.kind, n.slug, n.label, r.npmi as score, r.together as talks
       from ranked r join node n on n.id = r.candidate
      where r.rank <= $3 order by r.source, r.rank`,
    [[...topicIds], predicates.get('has_topic').id, first],
  );
  const result = new Map<number, RelatedTopic[]>(topicIds.map((id) => [id, []]));
  for (const row of rows) {
    result.get(row.source)?.push({
      topic: { id: row.id, kind: row.kind, slug: row.slug, label: row.label },
      score: Number(row.score),
      talks: Number(row.talks),
    });
  }
  return result;
}

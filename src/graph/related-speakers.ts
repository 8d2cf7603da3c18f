// Related speakers: people who shared a stage with someone, or who speak about the same things,
// with the same kind of reasons as related talks (docs/ranking.md).
import type { Queryable } from '../store/database.js';
import type { NodeRow } from '../store/nodes.js';
import type { PredicateRegistry } from '../store/predicates.js';
import { groupRelated, type RankedRow, type Reason, rankByReasons } from './related-talks.js';

export interface RelatedSpeaker {
  speaker: NodeRow;
  score: number;
  reasons: Reason[];
}

export const relatedSpeakerWeights = {
  /** Per talk given together. */
  sharedTalk: 1,
  /** Per topic both speak about, times its rarity (in [0, 1]). */
  sharedTopic: 0.5,
  /** Per organization both belong to. */
  sharedOrganization: 0.3,
};

export async function relatedSpeakers(
  q: Queryable,
  predicates: PredicateRegistry,
  speakerIds: readonly number[],
  first: number,
): Promise<Map<number, RelatedSpeaker[]>> {
  const p = (name: string) => predicates.get(name).id;
  const w = relatedSpeakerWeights;
  const rows = await q.query<RankedRow>(
    `with source as (select distinct unnest($1::bigint[]) as id),
     -- the number of talks, kept by the term_frequency triggers (counting node rows costs a scan)
     talk_count as (select greatest(coalesce((select talks from term_frequency where term = ''), 0), 2)::float8 as n),
     talk_reason as (
       -- via the shared talk; the same pair of people on two talks gives two reasons
       select s.id as source, b.object_id as candidate, 'SHARED_SPEAKER' as kind, a.subject_id as via,
              ${w.sharedTalk}::float8 as weight, null::text[] as terms
         from source s
         join triple a on a.object_id = s.id and a.predicate_id = $2
         join triple b on b.subject_id = a.subject_id and b.predicate_id = $2 and b.object_id <> s.id
     ),
     source_topic as (
       select distinct s.id as source, tp.object_id as topic
         from source s join triple a on a.object_id = s.id and a.predicate_id = $2
         join triple tp on tp.subject_id = a.subject_id and tp.predicate_id = $3
     ),
     topic_reason as (
       select distinct on (st.source, b.object_id, st.topic)
              st.source, b.object_id, 'SHARED_TOPIC', st.topic,
              ${w.sharedTopic} * ln(tc.n / df.facts) / ln(tc.n), null::text[]
         from source_topic st
         cross join talk_count tc
         join edge_count df on df.object_id = st.topic and df.predicate_id = $3
         join triple t on t.object_id = st.topic and t.predicate_id = $3
         join triple b on b.subject_id = t.subject_id and b.predicate_id = $2 and b.object_id <> st.source
     ),
     organization_reason as (
       select distinct s.id, m.subject_id, 'SHARED_ORGANIZATION', o.object_id, ${w.sharedOrganization}::float8,
              null::text[]
         from source s
         join triple o on o.subject_id = s.id and o.predicate_id = any($4::smallint[])
         join triple m on m.object_id = o.object_id and m.predicate_id = any($4::smallint[]) and m.subject_id <> s.id
     ),
     reason as (select * from talk_reason union all select * from topic_reason union all select * from organization_reason),
     ${rankByReasons('$5')}`,
    [[...speakerIds], p('has_speaker'), p('has_topic'), [p('works_at'), p('contributes_to')], first],
  );
  return groupRelated(speakerIds, rows, (row) => ({
    speaker: row.entity,
    score: row.score,
    reasons: row.reasons,
  }));
}

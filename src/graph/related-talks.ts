// Related talks, with reasons: every piece of evidence that links two talks becomes a reason with a
// weight, and a talk's score is the sum of its reasons' weights. docs/ranking.md explains the weights.
import type { Queryable } from '../store/database.js';
import type { NodeRow } from '../store/nodes.js';
import type { PredicateRegistry } from '../store/predicates.js';

export type ReasonKind =
  | 'SHARED_TOPIC'
  | 'SHARED_SPEAKER'
  | 'SHARED_ORGANIZATION'
  | 'SAME_EVENT'
  | 'SIMILAR_TEXT';

export interface Reason {
  kind: ReasonKind;
  weight: number;
  /** The shared topic, speaker, organization or event; null for text similarity. */
  via: number | null;
}

export interface RelatedTalk {
  talk: NodeRow;
  score: number;
  reasons: Reason[];
}

/** How much each kind of evidence counts (docs/ranking.md). */
export const relatedTalkWeights = {
  /** Per shared topic, times its rarity (in [0, 1]) and both tags' confidences. */
  sharedTopic: 1,
  /** Per shared speaker, divided by the geometric mean of the two talks' numbers of speakers. */
  sharedSpeaker: 0.6,
  /** Per organization that a speaker of each talk belongs to (through different people). */
  sharedOrganization: 0.3,
  /** Given at the same event. */
  sameEvent: 0.1,
  /** Times the share of the talk's distinctive vocabulary the other talk also uses (in [0, 1]). */
  similarText: 1.5,
};

/**
 * Topics on more than this share of talks (and more than commonTopicTalks) link too many talks to
 * tell them apart; at most they would add rarity ≈ 0.26 at 100,000 talks. Skipping them keeps the
 * candidate set small.
 */
const commonTopicShare = 0.05;
const commonTopicTalks = 50;
/**
 * An organization with more speakers than this (a large employer) links thousands of talks through
 * people who never met; it is not used as evidence.
 */
const commonOrganizationMembers = 50;
/** Words in more than this share of talks say nothing about what a talk is about. */
const commonTermShare = 0.2;
/**
 * In a large graph, text evidence comes only from words on at most this share of talks (and at most
 * rareTermTalks): a word on 1%–20% of 100,000 talks would make each of up to 20,000 talks a
 * candidate, while adding at most ln(100) of the rarity that the rarer shared words give.
 */
const rareTermShare = 0.01;
const rareTermTalks = 100;
/** The talk's most distinctive words that are compared. */
const termsPerTalk = 25;
/** A talk with at least this many distinctive words gives full-strength text evidence. */
const fullTextTerms = 12;

/**
 * The `first` talks most related to each of `talkIds`, best first; ties go to the older talk (lower
 * id), so results are stable. A talk is never related to itself, and appears once per source.
 */
/**
 * The end of every ranking statement: given a `reason` CTE of (source, candidate, kind, via,
 * weight) rows, score each candidate by the sum of its reasons, keep the best `limit` per source
 * (ties to the lower id), and return them with their reasons as JSON.
 */
export function rankByReasons(limit: string): string {
  return `scored as (
       select source, candidate, sum(weight) as score,
              row_number() over (partition by source order by sum(weight) desc, candidate) as rank
         from reason group by source, candidate
     )
     select sc.source, n.id, n.kind, n.slug, n.label, sc.score,
            json_agg(json_build_object('kind', r.kind, 'weight', r.weight, 'via', r.via)
                     order by r.weight desc, r.kind, r.via) as reasons
       from scored sc
       join reason r on r.source = sc.source and r.candidate = sc.candidate
       join node n on n.id = sc.candidate
      where sc.rank <= ${limit}
      group by sc.source, n.id, sc.score, sc.rank
      order by sc.source, sc.rank`;
}

/** The single statement behind relatedTalks: $1 talk ids, $2–$5 predicate ids, $6 how many per talk. */
export const relatedTalksSql = `with source as (select distinct unnest($1::bigint[]) as id),
     -- the number of talks, kept by the term_frequency triggers (counting node rows costs a scan)
     talk_count as (select greatest(coalesce((select talks from term_frequency where term = ''), 0), 2)::float8 as n),
     topic_reason as (
       -- rarity ln(N/df)/ln(N): 1 for a topic on one talk, 0 for a topic on every talk
       select s.id as source, b.subject_id as candidate, 'SHARED_TOPIC' as kind, a.object_id as via,
              ${relatedTalkWeights.sharedTopic} * ln(tc.n / df.talks) / ln(tc.n) * a.confidence * b.confidence as weight
         from source s
         join triple a on a.subject_id = s.id and a.predicate_id = $2
         cross join talk_count tc
         cross join lateral (select count(*)::float8 as talks from triple d
                              where d.object_id = a.object_id and d.predicate_id = $2) df
         join triple b on b.object_id = a.object_id and b.predicate_id = $2 and b.subject_id <> s.id
        where df.talks <= greatest(${commonTopicTalks}, tc.n * ${commonTopicShare})
     ),
     speaker_reason as (
       -- a shared speaker says less when either talk is a panel: divided by the geometric mean of
       -- the two talks' speaker counts (each an index-only count)
       select s.id, b.subject_id, 'SHARED_SPEAKER', a.object_id,
              ${relatedTalkWeights.sharedSpeaker} / sqrt(ca.speakers * cb.speakers)
         from source s
         join triple a on a.subject_id = s.id and a.predicate_id = $3
         cross join lateral (select count(*)::float8 as speakers from triple x
                              where x.subject_id = s.id and x.predicate_id = $3) ca
         join triple b on b.object_id = a.object_id and b.predicate_id = $3 and b.subject_id <> s.id
         cross join lateral (select count(*)::float8 as speakers from triple x
                              where x.subject_id = b.subject_id and x.predicate_id = $3) cb
     ),
     source_speaker as (
       select s.id as source, a.object_id as speaker
         from source s join triple a on a.subject_id = s.id and a.predicate_id = $3
     ),
     organization_reason as (
       -- through different people: a member who is also one of the talk's own speakers does not count
       select distinct ss.source, c.subject_id, 'SHARED_ORGANIZATION', o.object_id, ${relatedTalkWeights.sharedOrganization}::float8
         from source_speaker ss
         join triple o on o.subject_id = ss.speaker and o.predicate_id = any($4::smallint[])
         cross join lateral (select count(*) as members from triple x
                              where x.object_id = o.object_id and x.predicate_id = any($4::smallint[])) om
         join triple m on om.members <= ${commonOrganizationMembers} and m.object_id = o.object_id
                      and m.predicate_id = any($4::smallint[])
         join triple c on c.object_id = m.subject_id and c.predicate_id = $3 and c.subject_id <> ss.source
        where not exists (select 1 from source_speaker x where x.source = ss.source and x.speaker = m.subject_id)
     ),
     event_reason as (
       select s.id, b.subject_id, 'SAME_EVENT', a.object_id, ${relatedTalkWeights.sameEvent}::float8
         from source s
         join triple a on a.subject_id = s.id and a.predicate_id = $5
         join triple b on b.object_id = a.object_id and b.predicate_id = $5 and b.subject_id <> s.id
     ),
     term_rarity as (
       select f.term, ln(tc.n / f.talks) as idf
         from term_frequency f cross join talk_count tc
        where f.term in (select term from talk_term where talk_id in (select id from source))
          and f.term <> '' and f.talks >= 2
          and f.talks <= least(greatest(3, tc.n * ${commonTermShare}), greatest(${rareTermTalks}, tc.n * ${rareTermShare}))
     ),
     source_term as (
       select * from (
         select s.id as source, tt.term, tt.weight * r.idf as strength,
                row_number() over (partition by s.id order by tt.weight * r.idf desc, tt.term) as rank
           from source s join talk_term tt on tt.talk_id = s.id join term_rarity r using (term)
       ) ranked where rank <= ${termsPerTalk}
     ),
     -- a talk known by a few words (a title alone) gives weaker text evidence than a full abstract
     source_norm as (select source, sum(strength * strength) as norm,
                            least(1, count(*)::float8 / ${fullTextTerms}) as coverage
                       from source_term group by source),
     text_reason as (
       -- the share of the talk's distinctive vocabulary (by tf-idf) that the other talk uses too
       select st.source, o.talk_id, 'SIMILAR_TEXT', null::bigint,
              ${relatedTalkWeights.similarText} * min(sn.coverage) * sum(st.strength * least(st.strength, o.weight * r.idf)) / min(sn.norm)
         from source_term st
         join term_rarity r using (term)
         join source_norm sn on sn.source = st.source
         join talk_term o on o.term = st.term and o.talk_id <> st.source
        group by st.source, o.talk_id
     ),
     reason as (
       select * from topic_reason union all select * from speaker_reason union all select * from organization_reason
       union all select * from event_reason union all select * from text_reason
     ),
     ${rankByReasons('$6')}`;

/** The parameters of relatedTalksSql. */
export function relatedTalksParams(
  predicates: PredicateRegistry,
  talkIds: readonly number[],
  first: number,
): unknown[] {
  const p = (name: string) => predicates.get(name).id;
  return [
    [...talkIds],
    p('has_topic'),
    p('has_speaker'),
    [p('works_at'), p('contributes_to')],
    p('presented_at'),
    first,
  ];
}

export async function relatedTalks(
  q: Queryable,
  predicates: PredicateRegistry,
  talkIds: readonly number[],
  first: number,
): Promise<Map<number, RelatedTalk[]>> {
  const rows = await q.query<RankedRow>(relatedTalksSql, relatedTalksParams(predicates, talkIds, first));
  return groupRelated(talkIds, rows, (row) => ({ talk: row.entity, score: row.score, reasons: row.reasons }));
}

/** A row of a ranking statement: the source it ranks for, the candidate, its score and reasons. */
export type RankedRow = NodeRow & { source: number; score: number; reasons: Reason[] | string };

/** Groups ranked rows by source, in order, reading the reasons' JSON (a string on some drivers). */
export function groupRelated<T>(
  sources: readonly number[],
  rows: readonly RankedRow[],
  build: (row: { entity: NodeRow; score: number; reasons: Reason[] }) => T,
): Map<number, T[]> {
  const result = new Map<number, T[]>(sources.map((id) => [id, []]));
  for (const row of rows) {
    const reasons = (typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons) as Reason[];
    result.get(row.source)?.push(
      build({
        entity: { id: row.id, kind: row.kind, slug: row.slug, label: row.label },
        score: Number(row.score),
        reasons: reasons.map((r) => ({
          kind: r.kind,
          weight: Number(r.weight),
          via: r.via === null ? null : Number(r.via),
        })),
      }),
    );
  }
  return result;
}

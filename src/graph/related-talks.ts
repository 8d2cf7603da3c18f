// Related talks, with reasons: every piece of evidence that links two talks becomes a reason with a
// weight, and a talk's score is the sum of its reasons' weights. docs/ranking.md explains the weights.
// Each talk's list is computed after documents are written and stored (src/store/related-talk-lists.ts);
// a request reads it, and ranks live only the talks whose list is missing or out of date.
import type { Database, Queryable } from '../store/database.js';
import type { NodeRow } from '../store/nodes.js';
import type { PredicateRegistry } from '../store/predicates.js';
import {
  deleteOrphanRelatedTalkLists,
  listsThatMayGain,
  readRelatedTalkLists,
  relatedTalkListsToRefresh,
  saveRelatedTalkLists,
} from '../store/related-talk-lists.js';

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
  /**
   * For text similarity, the words both talks use, most telling first, as the talk's own text writes
   * them (lower case); null for every other reason, and for lists stored before reasons named them.
   */
  terms: string[] | null;
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
/**
 * Each shared topic, speaker or event proposes at most this many candidates (its most confidently
 * tagged talks, then the oldest), and each colleague at most candidatesPerColleague: a speaker with
 * 5,000 talks or a topic on 5,000 talks would otherwise make every one of them a candidate, and
 * scoring thousands of candidates is what made one statement cost 100 ms at 100,000 talks.
 */
const candidatesPerEvidence = 100;
const candidatesPerColleague = 10;
/** How many of the best proposals per talk are scored in full: at least this, or this many times `first`. */
const shortlistMinimum = 50;
const shortlistFactor = 3;
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
/** A text reason names at most this many of the words the talks share. */
const termsPerReason = 10;

/**
 * The `first` talks most related to each of `talkIds`, best first; ties go to the older talk (lower
 * id), so results are stable. A talk is never related to itself, and appears once per source.
 */
/**
 * The end of every ranking statement: given a `reason` CTE of (source, candidate, kind, via,
 * weight, terms) rows, score each candidate by the sum of its reasons, keep the best `limit` per source
 * (ties to the lower id), and return them with their reasons as JSON.
 */
export function rankByReasons(limit: string): string {
  return `scored as (
       select source, candidate, sum(weight) as score,
              row_number() over (partition by source order by ${tiedScore('sum(weight)')} desc, candidate) as rank
         from reason group by source, candidate
     )
     select sc.source, n.id, n.kind, n.slug, n.label, sc.score, sc.rank,
            json_agg(json_build_object('kind', r.kind, 'weight', r.weight, 'via', r.via, 'terms', r.terms)
                     order by r.weight desc, r.kind, r.via) as reasons
       from scored sc
       join reason r on r.source = sc.source and r.candidate = sc.candidate
       join node n on n.id = sc.candidate
      where sc.rank <= ${limit}
      group by sc.source, n.id, sc.score, sc.rank
      order by sc.source, sc.rank`;
}

/**
 * A score as ranks compare it: to 9 decimals. A sum of weights can differ in its last bit with the
 * order Postgres adds it up in, which follows the plan (and so the batch of talks ranked at once);
 * equal scores must tie, and go to the lower id, whatever the batch.
 */
const tiedScore = (score: string) => `round((${score})::numeric, 9)`;

/**
 * The `limit` talks that point at `object` through `predicate` most confidently (then the oldest),
 * other than `source`: the candidates one piece of evidence proposes, read from the index in order.
 */
const strongestTalks = (object: string, predicate: string, source: string, limit: number) =>
  `(select t.subject_id, t.confidence from triple t
     where t.object_id = ${object} and t.predicate_id = ${predicate} and t.subject_id <> ${source}
     order by t.confidence desc nulls last, t.subject_id limit ${limit})`;

/**
 * The single statement behind relatedTalks, with $2–$5 and $7 standing for predicate ids and $6 for
 * how many per talk ($1: the talk ids); relatedTalksStatement fills in the predicates.
 * Two stages, so that a hub (a speaker with 5,000 talks, a topic on 5,000 talks) costs no more than
 * any other evidence: each piece of evidence proposes its strongest few candidates and the best
 * proposals by partial score are shortlisted; then every reason of each shortlisted talk is found
 * from its own facts, so the reasons and scores returned are complete and exact.
 */
const relatedTalksTemplate = `with source as (select distinct unnest($1::bigint[]) as id),
     -- the number of talks, kept by the term_frequency triggers (counting node rows costs a scan)
     talk_count as (select greatest(coalesce((select talks from term_frequency where term = ''), 0), 2)::float8 as n),
     -- the source's topics that can tell talks apart, with their rarity ln(N/df)/ln(N): 1 for a topic
     -- on one talk, 0 for a topic on every talk (df kept by the edge_count triggers)
     source_topic as (
       select s.id as source, a.object_id as topic, a.confidence, ln(tc.n / df.facts) / ln(tc.n) as rarity
         from source s
         join triple a on a.subject_id = s.id and a.predicate_id = $2
         cross join talk_count tc
         join edge_count df on df.object_id = a.object_id and df.predicate_id = $2
        where df.facts <= greatest(${commonTopicTalks}, tc.n * ${commonTopicShare})
     ),
     source_speaker as (
       select s.id as source, a.object_id as speaker, count(*) over (partition by s.id)::float8 as speakers
         from source s join triple a on a.subject_id = s.id and a.predicate_id = $3
     ),
     -- organizations of the source's speakers small enough to say something (not a large employer)
     source_organization as (
       select distinct ss.source, o.object_id as organization
         from source_speaker ss
         join triple o on o.subject_id = ss.speaker and o.predicate_id = any($4::smallint[])
        where (select sum(x.facts) from edge_count x
                where x.object_id = o.object_id and x.predicate_id = any($4::smallint[])) <= ${commonOrganizationMembers}
     ),
     source_event as (
       select s.id as source, a.object_id as event
         from source s join triple a on a.subject_id = s.id and a.predicate_id = $5
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
         select s.id as source, tt.term, tt.weight * r.idf as strength, r.idf,
                row_number() over (partition by s.id order by tt.weight * r.idf desc, tt.term) as rank
           from source s join talk_term tt on tt.talk_id = s.id join term_rarity r using (term)
       ) ranked where rank <= ${termsPerTalk}
     ),
     -- the word behind each compared term as the source's title or abstract first writes it ("goroutines"
     -- for the lexeme "goroutin"), read with the tokenizer and stemmer that made talk_term, so that
     -- a text reason can name the words two talks share
     term_word as (
       select distinct on (w.source, w.term) w.source, w.term, w.word
         from (select s.id as source, lower(tok.token) as word, tok.ord,
                      (ts_lexize('english_stem', lower(tok.token)))[1] as term
                 from source s
                 join node n on n.id = s.id
                 left join lateral (select string_agg(t.object_value, ' ' order by t.id) as abstract from triple t
                                     where t.subject_id = s.id and t.predicate_id = $7) a on true
                 cross join lateral ts_parse('default', talkgraph_fold(n.label || ' ' || coalesce(a.abstract, '')))
                      with ordinality tok(tokid, token, ord)
                where tok.tokid <> 12) w
         join source_term st on st.source = w.source and st.term = w.term
        order by w.source, w.term, w.ord
     ),
     -- a talk known by a few words (a title alone) gives weaker text evidence than a full abstract
     source_norm as (select source, sum(strength * strength) as norm,
                            least(1, count(*)::float8 / ${fullTextTerms}) as coverage
                       from source_term group by source),
     -- stage 1: each piece of evidence proposes its strongest candidates, with a partial score
     proposal as (
       select st.source, b.subject_id as candidate,
              ${relatedTalkWeights.sharedTopic} * st.rarity * st.confidence * b.confidence as weight
         from source_topic st
         cross join lateral ${strongestTalks('st.topic', '$2', 'st.source', candidatesPerEvidence)} b
       union all
       select ss.source, b.subject_id, ${relatedTalkWeights.sharedSpeaker} / ss.speakers
         from source_speaker ss
         cross join lateral ${strongestTalks('ss.speaker', '$3', 'ss.source', candidatesPerEvidence)} b
       union all
       select so.source, c.subject_id, ${relatedTalkWeights.sharedOrganization}
         from source_organization so
         join triple m on m.object_id = so.organization and m.predicate_id = any($4::smallint[])
         cross join lateral ${strongestTalks('m.subject_id', '$3', 'so.source', candidatesPerColleague)} c
       union all
       select se.source, b.subject_id, ${relatedTalkWeights.sameEvent}
         from source_event se
         cross join lateral ${strongestTalks('se.event', '$5', 'se.source', candidatesPerEvidence)} b
       union all
       select st.source, o.talk_id, ${relatedTalkWeights.similarText} * st.strength * least(st.strength, o.weight * st.idf) / sn.norm
         from source_term st
         join source_norm sn on sn.source = st.source
         cross join lateral (select o.talk_id, o.weight from talk_term o
                              where o.term = st.term and o.talk_id <> st.source
                              order by o.weight desc nulls last, o.talk_id limit ${candidatesPerEvidence}) o
     ),
     shortlist as (
       select source, candidate from (
         select source, candidate,
                row_number() over (partition by source order by ${tiedScore('sum(weight)')} desc, candidate) as rank
           from proposal group by source, candidate
       ) ranked where rank <= greatest(${shortlistMinimum}, ${shortlistFactor} * $6::int)
     ),
     -- stage 2: every reason of each shortlisted talk, from its own facts
     topic_reason as (
       select sl.source, sl.candidate, 'SHARED_TOPIC' as kind, st.topic as via,
              ${relatedTalkWeights.sharedTopic} * st.rarity * st.confidence * b.confidence as weight,
              null::text[] as terms
         from shortlist sl
         -- the candidate's own few topics (offset 0 keeps the planner from probing each source
         -- topic's thousands of index entries for the candidate instead)
         cross join lateral (select b.object_id, b.confidence from triple b
                              where b.subject_id = sl.candidate and b.predicate_id = $2 offset 0) b
         join source_topic st on st.source = sl.source and st.topic = b.object_id
     ),
     speaker_reason as (
       -- a shared speaker says less when either talk is a panel: divided by the geometric mean of
       -- the two talks' speaker counts
       select sl.source, sl.candidate, 'SHARED_SPEAKER', ss.speaker,
              ${relatedTalkWeights.sharedSpeaker} / sqrt(ss.speakers * cb.speakers), null::text[]
         from shortlist sl
         join source_speaker ss on ss.source = sl.source
         join triple b on b.subject_id = sl.candidate and b.predicate_id = $3 and b.object_id = ss.speaker
         cross join lateral (select count(*)::float8 as speakers from triple x
                              where x.subject_id = sl.candidate and x.predicate_id = $3) cb
     ),
     organization_reason as (
       -- through different people: a member who is also one of the talk's own speakers does not count
       select distinct sl.source, sl.candidate, 'SHARED_ORGANIZATION', so.organization,
              ${relatedTalkWeights.sharedOrganization}::float8, null::text[]
         from shortlist sl
         join source_organization so on so.source = sl.source
         join triple c on c.subject_id = sl.candidate and c.predicate_id = $3
         join triple m on m.subject_id = c.object_id and m.object_id = so.organization
                      and m.predicate_id = any($4::smallint[])
        where not exists (select 1 from source_speaker x where x.source = sl.source and x.speaker = c.object_id)
     ),
     event_reason as (
       select sl.source, sl.candidate, 'SAME_EVENT', se.event, ${relatedTalkWeights.sameEvent}::float8,
              null::text[]
         from shortlist sl
         join source_event se on se.source = sl.source
         join triple b on b.subject_id = sl.candidate and b.predicate_id = $5 and b.object_id = se.event
     ),
     text_reason as (
       -- the share of the talk's distinctive vocabulary (by tf-idf) that the other talk uses too, and
       -- the words shared, those that add most first
       select sl.source, sl.candidate, 'SIMILAR_TEXT', null::bigint,
              ${relatedTalkWeights.similarText} * min(sn.coverage) * sum(st.strength * least(st.strength, o.weight * st.idf)) / min(sn.norm),
              (array_agg(coalesce(tw.word, st.term)
                         order by st.strength * least(st.strength, o.weight * st.idf) desc, st.term))[1:${termsPerReason}]
         from shortlist sl
         join source_term st on st.source = sl.source
         join source_norm sn on sn.source = sl.source
         join talk_term o on o.talk_id = sl.candidate and o.term = st.term
         left join term_word tw on tw.source = sl.source and tw.term = st.term
        group by sl.source, sl.candidate
     ),
     reason as (
       select * from topic_reason union all select * from speaker_reason union all select * from organization_reason
       union all select * from event_reason union all select * from text_reason
     ),
     ${rankByReasons('$6')}`;

const statements = new WeakMap<PredicateRegistry, string>();

/**
 * The related-talks statement for this database, its predicate ids written in as constants: $1 the
 * talk ids, $2 how many per talk. With the predicates known, one generic plan serves every talk, so
 * it is planned once per connection (planning it took as long as running it).
 */
export function relatedTalksStatement(predicates: PredicateRegistry): string {
  let text = statements.get(predicates);
  if (!text) {
    const id = (name: string) => String(predicates.get(name).id);
    text = relatedTalksTemplate
      .replace(/\$2\b/g, id('has_topic'))
      .replace(/\$3\b/g, id('has_speaker'))
      .replace(/\$4::smallint\[\]/g, `array[${id('works_at')}, ${id('contributes_to')}]::smallint[]`)
      .replace(/\$5\b/g, id('presented_at'))
      .replace(/\$7\b/g, id('abstract'))
      .replace(/\$6\b/g, '$2');
    statements.set(predicates, text);
  }
  return text;
}

/**
 * How many related talks are kept per talk: the largest page of Talk.relatedTalks. Every answer is
 * the first `first` of this list, whether it is read from the store or ranked live.
 */
export const relatedTalksKept = 100;

/**
 * The `first` (at most relatedTalksKept) talks most related to each of `talkIds`, best first: the
 * stored lists, and for the talks whose list is missing or out of date, the live ranking.
 */
export async function relatedTalks(
  q: Queryable,
  predicates: PredicateRegistry,
  talkIds: readonly number[],
  first: number,
): Promise<Map<number, RelatedTalk[]>> {
  const stored = await readRelatedTalkLists(q, talkIds, first);
  // The stored reasons are the ranking statement's own JSON, saved as it returned them.
  const result = groupRelated(talkIds, stored.rows as RankedRow[], asRelatedTalk);
  const missing = talkIds.filter((id) => !stored.known.has(id));
  if (missing.length > 0) {
    for (const [id, list] of await liveRelatedTalks(q, predicates, missing, relatedTalksKept))
      result.set(id, list.slice(0, first));
  }
  return result;
}

/** The ranking itself, from the current graph: what a stored list holds when it is up to date. */
export async function liveRelatedTalks(
  q: Queryable,
  predicates: PredicateRegistry,
  talkIds: readonly number[],
  first: number,
): Promise<Map<number, RelatedTalk[]>> {
  const rows = await q.query<RankedRow>(relatedTalksStatement(predicates), [[...talkIds], first], {
    planOnce: true,
  });
  return groupRelated(talkIds, rows, asRelatedTalk);
}

const asRelatedTalk = (row: { entity: NodeRow; score: number; reasons: Reason[] }): RelatedTalk => ({
  talk: row.entity,
  score: row.score,
  reasons: row.reasons,
});

/** Talks whose lists are computed by one statement, in one transaction. */
const refreshBatch = 50;
/** Batches computed at once, on as many connections (a server uses two cores; PGlite takes turns). */
const refreshConnections = 2;
/**
 * A changed talk's list is checked against the lists it names: theirs is recomputed when the changed
 * talk scores at least 1/slack of their lowest kept score (listsThatMayGain).
 */
const symmetrySlack = 2;

export interface RelatedTalksRefresh {
  /** Lists recomputed because they were marked, outgrown or missing (or all, when asked). */
  recomputed: number;
  /** Lists recomputed because a changed talk may now belong in them. */
  neighbours: number;
}

/**
 * Recomputes the stored lists that are out of date (docs/ranking.md, "Stored lists"): the lists of
 * talks whose facts changed and of talks that list them, marked when their documents were written;
 * lists computed at a size the graph has outgrown; with `missing`, talks that never had one; with
 * `all`, every list. Then the lists of the talks that the changed talks now list, when the changed
 * talk may rank in them. Each batch of lists is its own transaction, so writers are not held up.
 */
export async function refreshRelatedTalkLists(
  db: Pick<Database, 'transaction'>,
  predicates: PredicateRegistry,
  options: { missing?: boolean; all?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<RelatedTalksRefresh> {
  const statement = relatedTalksStatement(predicates);
  const recompute = async (ids: readonly number[], done: number, total: number) => {
    let next = 0;
    let finished = done;
    const worker = async () => {
      for (let i = next; i < ids.length; i = next) {
        next += refreshBatch;
        const batch = ids.slice(i, i + refreshBatch);
        await db.transaction((tx) => saveRelatedTalkLists(tx, statement, batch, relatedTalksKept));
        finished += batch.length;
        options.onProgress?.(finished, total);
      }
    };
    await Promise.all(Array.from({ length: refreshConnections }, worker));
  };
  const { changed, stale } = await db.transaction((tx) => relatedTalkListsToRefresh(tx, options));
  const first = [...changed, ...stale];
  await recompute(first, 0, first.length);
  const done = new Set(first);
  const gaining = (
    await db.transaction((tx) => listsThatMayGain(tx, changed, relatedTalksKept, symmetrySlack))
  ).filter((id) => !done.has(id));
  await recompute(gaining, first.length, first.length + gaining.length);
  await db.transaction((tx) => deleteOrphanRelatedTalkLists(tx));
  return { recomputed: first.length, neighbours: gaining.length };
}

/** A row of a ranking statement: the source it ranks for, the candidate, its score and reasons. */
export type RankedRow = NodeRow & {
  source: number;
  score: number;
  reasons: Reason[] | string;
  rank?: number;
};

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
          // Lists stored before reasons named their words have no terms at all.
          terms: r.terms ?? null,
        })),
      }),
    );
  }
  return result;
}

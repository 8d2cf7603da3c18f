// Ranked search across kinds: names, titles and labels (trigram similarity, so small typos match),
// aliases and handles (trigram), and the words of abstracts (full text). Accents and case are folded
// by talkgraph_fold() on both sides, with indexes on the folded text (drizzle/0002_search_indexes.sql).
import type { Queryable } from './database.js';
import type { NodeRow } from './nodes.js';
import type { PredicateRegistry } from './predicates.js';

export interface SearchHit extends NodeRow {
  score: number;
  /** The matched text with the match marked by <b>…</b>. */
  snippet: string | null;
}

/**
 * Scores, each in [0, 1], combined by taking the best per entity: a label match counts fully, an alias
 * or handle match slightly less, a match in an abstract's words at most 0.6 (it says less about what
 * the entity is than its name does).
 */
const weights = { label: 1, alias: 0.9, text: 0.6 };

export async function search(
  q: Queryable,
  predicates: PredicateRegistry,
  text: string,
  options: { kinds?: string[] | null; first: number },
): Promise<SearchHit[]> {
  const kinds = options.kinds?.length ? options.kinds : null;
  return q.query<SearchHit>(
    `with query as (
       select talkgraph_fold($1) as folded, websearch_to_tsquery('english', talkgraph_fold($1)) as words
     ),
     label_hits as (
       select n.id, greatest(similarity(n.label_folded, query.folded),
                             word_similarity(query.folded, n.label_folded)) * ${weights.label} as score,
              n.label as matched, false as is_text
         from node n, query
        where (n.label_folded % query.folded or query.folded <% n.label_folded or n.label_vector @@ query.words)
     ),
     alias_hits as (
       select t.subject_id as id, greatest(similarity(talkgraph_fold(t.object_value), query.folded),
                                           word_similarity(query.folded, talkgraph_fold(t.object_value))) * ${weights.alias},
              t.object_value, false
         from triple t, query
        where t.predicate_id = any($2::smallint[]) and t.object_value is not null and length(t.object_value) <= 200
          and (talkgraph_fold(t.object_value) % query.folded or query.folded <% talkgraph_fold(t.object_value))
     ),
     text_hits as (
       select t.subject_id as id,
              -- ts_rank is small (about 0.03 to 0.3); r / (r + 0.05) spreads it over (0, 1) without ties at a cap.
              (ts_rank(t.search_vector, query.words) / (ts_rank(t.search_vector, query.words) + 0.05)) * ${weights.text},
              t.object_value, true
         from triple t, query
        where t.predicate_id = $3 and t.search_vector is not null and t.search_vector @@ query.words
     ),
     best as (
       select distinct on (id) id, score, matched, is_text
         from (select * from label_hits union all select * from alias_hits union all select * from text_hits) hits
        order by id, score desc
     )
     select n.id, n.kind, n.slug, n.label, round(best.score::numeric, 4)::float8 as score,
            case when best.is_text
                 then ts_headline('english', best.matched, (select words from query), 'MaxFragments=1, MaxWords=25, MinWords=8')
                 else ts_headline('english', best.matched, (select words from query), 'HighlightAll=true') end as snippet
       from best join node n on n.id = best.id
      where n.kind <> 'document' and ($4::text[] is null or n.kind = any($4::text[]))
      order by best.score desc, n.id
      limit $5`,
    [
      text,
      [predicates.get('alias').id, predicates.get('handle').id],
      predicates.get('abstract').id,
      kinds,
      options.first,
    ],
  );
}

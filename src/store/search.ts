// Ranked search across kinds: names (trigram similarity over every label but talks' titles, so small
// typos match), aliases and handles (trigram), and talks by their words (titles and abstracts).
// Accents and case are folded by talkgraph_fold() on both sides. Every source hands over a bounded
// set of candidates from an index (drizzle/0022_bounded_search.sql), the sources that cannot reach
// the page are skipped, and snippets are made for the page only: a common word costs about as much
// as a rare one.
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

/**
 * A name's score is its word similarity to the text (never below its similarity). A name whose word
 * similarity reaches pg_trgm's word_similarity_threshold (0.6) matches through its words; one whose
 * similarity only reaches similarity_threshold (0.3) is a weaker match and scores below 0.6. Abstracts
 * score below 0.6 too, so when enough hits reach it, neither weaker source can enter the page.
 */
const strongScore = 0.6;

/**
 * How many talks each word of the text proposes (at least the page size): those that use the word
 * most (talk_term's weight: its title counts twice), fewest ids first among equals. Only they are
 * scored, so among thousands of talks that use a common word, these are the ones found.
 */
export const talksPerWord = 20;

/** How many known words stand for a word that no talk uses (a misspelling: "consensos"). */
const closeWordsPerWord = 2;

export async function search(
  q: Queryable,
  predicates: PredicateRegistry,
  text: string,
  options: { kinds?: string[] | null; first: number },
): Promise<SearchHit[]> {
  const kinds = options.kinds?.length ? options.kinds : null;
  const nameScore = (folded: string) =>
    `greatest(similarity(${folded}, query.folded), word_similarity(query.folded, ${folded}))`;
  return q.query<SearchHit>(
    `with folded as (select talkgraph_fold($1::text) as text),
     query as (
       select folded.text as folded, websearch_to_tsquery('english', folded.text) as words,
              array(select lexeme from unnest(to_tsvector('english', folded.text))) as lexemes
         from folded
     ),
     -- Names: labels of every kind but talks (found by their words below) and documents (never hits),
     -- through the partial trigram index node_name_trgm; aliases and handles through search_alias's.
     name_hits as (
       select n.id, n.kind, n.slug, n.label, ${nameScore('n.label_folded')} * ${weights.label} as score,
              n.label as matched, false as is_text, 0::bigint as fact
         from query, node n
        where n.kind not in ('talk', 'document') and ($3::text[] is null or n.kind = any($3::text[]))
          and query.folded <% n.label_folded
     ),
     alias_hits as (
       select n.id, n.kind, n.slug, n.label, ${nameScore('a.folded')} * ${weights.alias}, a.value, false,
              a.triple_id
         from query, search_alias a join node n on n.id = a.node_id
        where a.kind <> 'document' and ($3::text[] is null or a.kind = any($3::text[]))
          and query.folded <% a.folded
     ),
     -- The text's words, and for a word no talk uses, the closest words talks do use.
     terms as (
       select l.term, false as close from query, unnest(query.lexemes) l(term)
       union
       select close.term, true from query, unnest(query.lexemes) l(term),
              lateral (select f.term from term_frequency f
                        where f.term % l.term and f.term <> ''
                        order by similarity(f.term, l.term) desc, f.term limit ${closeWordsPerWord}) close
        where not exists (select 1 from term_frequency f where f.term = l.term)
     ),
     talks as (
       select w.talk_id as id, bool_or(terms.close) as through_close_word
         from terms,
              lateral (select talk_id from talk_term where term = terms.term
                        order by weight desc nulls last, talk_id limit greatest($4, ${talksPerWord})) w
        where $3::text[] is null or 'talk' = any($3::text[])
        group by w.talk_id
     ),
     -- A title with the text's words; one found through a close word is compared by trigrams, as
     -- names are, so that a misspelt title still finds its talk.
     title_hits as (
       select n.id, n.kind, n.slug, n.label, ${nameScore('n.label_folded')} * ${weights.label}, n.label, false, 0
         from query, talks c join node n on n.id = c.id
        where n.label_vector @@ query.words
           or (c.through_close_word and (n.label_folded % query.folded or query.folded <% n.label_folded))
     ),
     strong as (
       select id, kind, slug, label, score, matched, is_text, fact from name_hits
       union all select * from alias_hits
       union all select * from title_hits
     ),
     -- Whether the weaker sources below can still reach the page (evaluated once; when they cannot,
     -- they are not run).
     room as (
       select count(distinct id) < $4 as left from strong where score >= ${strongScore}
     ),
     weak_name_hits as (
       select n.id, n.kind, n.slug, n.label, ${nameScore('n.label_folded')} * ${weights.label}, n.label, false, 0
         from query, node n
        where (select "left" from room)
          and n.kind not in ('talk', 'document') and ($3::text[] is null or n.kind = any($3::text[]))
          and n.label_folded % query.folded
     ),
     weak_alias_hits as (
       select n.id, n.kind, n.slug, n.label, ${nameScore('a.folded')} * ${weights.alias}, a.value, false,
              a.triple_id
         from query, search_alias a join node n on n.id = a.node_id
        where (select "left" from room)
          and a.kind <> 'document' and ($3::text[] is null or a.kind = any($3::text[]))
          and a.folded % query.folded
     ),
     text_hits as (
       select n.id, n.kind, n.slug, n.label,
              -- ts_rank is small (about 0.03 to 0.3); r / (r + 0.05) spreads it over (0, 1) without ties at a cap.
              (ts_rank(t.search_vector, query.words) / (ts_rank(t.search_vector, query.words) + 0.05)) * ${weights.text},
              t.object_value, true, t.id
         from query, talks c
         join triple t on t.subject_id = c.id and t.predicate_id = $2
         join node n on n.id = c.id
        where (select "left" from room) and t.search_vector @@ query.words
     ),
     best as (
       select distinct on (id) *
         from (select * from strong union all select * from weak_name_hits
               union all select * from weak_alias_hits union all select * from text_hits) hits
        -- Among equal scores (a talk's two abstracts, a name and its alias), the first fact: the same
        -- on every database.
        order by id, score desc, fact
     ),
     page as (
       select * from best order by score desc, id limit $4
     )
     select page.id, page.kind, page.slug, page.label, round(page.score::numeric, 4)::float8 as score,
            case when page.is_text
                 then ts_headline('english', page.matched, query.words, 'MaxFragments=1, MaxWords=25, MinWords=8')
                 else ts_headline('english', page.matched, query.words, 'HighlightAll=true') end as snippet
       from page, query
      order by page.score desc, page.id`,
    [text, predicates.get('abstract').id, kinds, options.first],
    { planOnce: true },
  );
}

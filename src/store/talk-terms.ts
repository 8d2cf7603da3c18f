// Each talk's words, derived from its title and abstracts and kept in talk_term for text similarity
// (src/graph/related-talks.ts). Derived data, not facts: refreshed whenever a document changes a talk.
import type { Queryable } from './database.js';
import type { PredicateRegistry } from './predicates.js';

/**
 * Recomputes the words of `talkIds` from their current title and abstracts (the title counts
 * twice: it is the talk's own summary). Run after every change to a document.
 */
export async function refreshTalkTerms(
  q: Queryable,
  predicates: PredicateRegistry,
  talkIds: readonly number[],
): Promise<void> {
  if (talkIds.length === 0) return;
  await q.query('delete from talk_term where talk_id = any($1::bigint[])', [[...talkIds]]);
  await q.query(
    `insert into talk_term (talk_id, term, weight)
     select n.id, v.lexeme, 1 + ln(coalesce(array_length(v.positions, 1), 1))
       from node n
       left join lateral (select string_agg(t.object_value, ' ' order by t.id) as abstract from triple t
                           where t.subject_id = n.id and t.predicate_id = $2) a on true
       cross join lateral unnest(to_tsvector('english',
         talkgraph_fold(n.label || ' ' || n.label || ' ' || coalesce(a.abstract, '')))) v
      where n.id = any($1::bigint[]) and n.kind = 'talk'`,
    [[...talkIds], predicates.get('abstract').id],
  );
}

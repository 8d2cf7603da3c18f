// Each talk's related talks, stored (related_talk_list): derived data, like talk_term. The ranking
// that fills a list is src/graph/related-talks.ts's; this module owns the table and its statements:
// marking lists out of date when a document changes talks, reading them, and saving new ones.
// docs/ranking.md ("Stored lists") says which lists are recomputed when, and what may drift.
import type { Queryable } from './database.js';
import type { NodeRow } from './nodes.js';

/** A stored related talk, as the ranking statement returns it: the list's talk, the related talk, why. */
export type StoredRelatedRow = NodeRow & { source: number; score: number; reasons: unknown };

/**
 * A list computed when the graph had `talks` talks counts as out of date once the graph has grown
 * or shrunk by more than this share: every topic's rarity and every word's idf depend on the count.
 */
export const talkCountDrift = 0.1;

/** The number of talks, kept by the term_frequency triggers. */
const talkCount = `coalesce((select talks from term_frequency where term = ''), 0)`;

/** Whether the list aliased `l` was computed at about the graph's current size (talkCountDrift). */
const ofCurrentSize = (l: string) => `abs(${l}.talks - ${talkCount}) <= ${talkCountDrift} * ${talkCount}`;
const currentSize = ofCurrentSize('l');

/** Whether the list aliased `l` may be served: not marked out of date, and of the graph's size. */
export const servedList = (l: string) => `${l}.state = 0 and ${ofCurrentSize(l)}`;

/**
 * The first `first` entries of the list aliased `l`, as rows (id, rank, score, reasons) of alias
 * `e`: a LATERAL subquery over `l`.
 */
export const listEntries = (l: string, first: string) =>
  `lateral (select e.id, e.rank, ${l}.scores[e.rank] as score, ${l}.reasons -> (e.rank::int - 1) as reasons
              from unnest(${l}.related[1:${first}]) with ordinality e(id, rank)) e`;

/**
 * Marks lists out of date, inside the transaction that wrote a document: the lists of `talkIds`
 * (talks whose facts the document changed; a talk without a list gets an empty one, state 2, so a
 * refresh running meanwhile cannot save a list computed before this write), and every list that
 * names one of them. The API answers marked lists from the live ranking until they are recomputed.
 */
export async function markRelatedTalkListsChanged(
  q: Queryable,
  talkIds: readonly number[],
  options: { naming?: boolean } = {},
): Promise<void> {
  if (talkIds.length === 0) return;
  const own = `insert into related_talk_list (talk_id, state, marked_by)
       select n.id, 2, pg_current_xact_id() from node n where n.id = any($1::bigint[]) and n.kind = 'talk'
       on conflict (talk_id) do update set state = 2, marked_by = excluded.marked_by`;
  // `naming: false` when every pair of talks whose reasons changed has both talks in `talkIds` (a
  // merge of two speakers: only pairs sharing the survivor change), which spares rewriting the
  // thousands of lists that merely name one of them.
  if (options.naming === false) {
    await q.query(own, [[...talkIds]]);
    return;
  }
  await q.query(
    `with own as (${own})
     update related_talk_list l set state = greatest(l.state, 1), marked_by = pg_current_xact_id()
      where l.related && $1::bigint[] and l.talk_id <> all($1::bigint[])`,
    [[...talkIds]],
  );
}

/**
 * The first `first` stored related talks of each of `talkIds` whose list is up to date, in order.
 * `known` holds the talks answered (an empty list included); the others have no up-to-date list.
 * One statement: the lists by primary key, each joined to its talks' nodes.
 */
export async function readRelatedTalkLists(
  q: Queryable,
  talkIds: readonly number[],
  first: number,
): Promise<{ rows: StoredRelatedRow[]; known: Set<number> }> {
  const rows = await q.query<StoredRelatedRow & { id: number | null }>(
    `select l.talk_id as source, n.id, n.kind, n.slug, n.label, e.score, e.reasons
       from related_talk_list l
       left join ${listEntries('l', '$2')} on true
       left join node n on n.id = e.id
      where l.talk_id = any($1::bigint[]) and ${servedList('l')}
      order by l.talk_id, e.rank`,
    [[...talkIds], first],
    { planOnce: true },
  );
  const known = new Set(rows.map((row) => Number(row.source)));
  // A list with no talks comes back as one row without a node.
  return { rows: rows.filter((row) => row.id !== null), known };
}

/**
 * Saves the lists of `talkIds` as `ranking` ranks them: a statement with $1 the talk ids and $2 how
 * many per talk, returning (source, id, score, reasons, rank) rows. A list marked out of date by a write
 * this statement did not see keeps its mark (and its old rows).
 */
export async function saveRelatedTalkLists(
  q: Queryable,
  ranking: string,
  talkIds: readonly number[],
  first: number,
): Promise<void> {
  if (talkIds.length === 0) return;
  await q.query(
    `with ranked as (${ranking})
     insert into related_talk_list as l (talk_id, related, scores, reasons, talks, state, marked_by)
     select s.id,
            coalesce(array_agg(r.id order by r.rank) filter (where r.id is not null), '{}'),
            coalesce(array_agg(r.score order by r.rank) filter (where r.id is not null), '{}'),
            coalesce(jsonb_agg(r.reasons::jsonb order by r.rank) filter (where r.id is not null), '[]'),
            ${talkCount}, 0, null
       from node s left join ranked r on r.source = s.id
      where s.id = any($1::bigint[]) and s.kind = 'talk'
      group by s.id
     on conflict (talk_id) do update
        set related = excluded.related, scores = excluded.scores, reasons = excluded.reasons,
            talks = excluded.talks, state = 0, marked_by = null
      where l.marked_by is null or pg_visible_in_snapshot(l.marked_by, pg_current_snapshot())`,
    [[...talkIds], first],
  );
}

export interface ListsToRefresh {
  /** Talks whose own facts changed (or that have no list yet, when asked for): their lists name new neighbours. */
  changed: number[];
  /** Lists that name a changed talk, or were computed at a size the graph has since left. */
  stale: number[];
}

/**
 * The talks whose lists a refresh recomputes: every marked or outgrown list; with `missing`, also
 * talks that have no list at all (a database from before lists were stored); with `all`, every talk.
 */
export async function relatedTalkListsToRefresh(
  q: Queryable,
  options: { missing?: boolean; all?: boolean } = {},
): Promise<ListsToRefresh> {
  const rows = await q.query<{ id: number; changed: boolean }>(
    `select n.id, coalesce(l.state = 2, true) as changed
       from node n left join related_talk_list l on l.talk_id = n.id
      where n.kind = 'talk'
        and ($1 or (l.talk_id is null and $2) or l.state > 0 or not (${currentSize}))
      order by n.id`,
    [options.all === true, options.missing === true],
  );
  const changed: number[] = [];
  const stale: number[] = [];
  for (const row of rows) (row.changed ? changed : stale).push(Number(row.id));
  return { changed, stale };
}

/**
 * Up-to-date lists that a changed talk may now belong in: the talks each of `changedIds` lists,
 * when its score for them is at least 1/`slack` of the lowest score on their own full list of
 * `first` (or their list is shorter). Two talks' scores for each other are equal but for text
 * similarity, which is measured from each side; `slack` covers that difference.
 */
export async function listsThatMayGain(
  q: Queryable,
  changedIds: readonly number[],
  first: number,
  slack: number,
): Promise<number[]> {
  if (changedIds.length === 0) return [];
  const rows = await q.query<{ id: number }>(
    `select distinct t.talk_id as id
       from related_talk_list u
       cross join lateral unnest(u.related, u.scores) e(id, score)
       join related_talk_list t on t.talk_id = e.id
      where u.talk_id = any($1::bigint[]) and t.state = 0
        and (cardinality(t.related) < $2 or e.score * $3 >= t.scores[cardinality(t.scores)])
      order by 1`,
    [[...changedIds], first, slack],
  );
  return rows.map((row) => Number(row.id));
}

/** Removes the lists of talks that no longer exist. */
export async function deleteOrphanRelatedTalkLists(q: Queryable): Promise<void> {
  await q.query(
    `delete from related_talk_list l where not exists (select 1 from node n where n.id = l.talk_id and n.kind = 'talk')`,
  );
}

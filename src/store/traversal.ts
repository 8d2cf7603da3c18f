// Batched graph reads for the API: each function answers for many parent nodes in one statement,
// so the number of statements a GraphQL operation issues depends on its shape, not on its results.
import type { Queryable } from './database.js';
import type { NodeRow } from './nodes.js';

export type Direction = 'out' | 'in';

/** A neighbour reached through one triple, with the triple's annotations. */
export interface EdgeRow extends NodeRow {
  /** The node the edge was followed from. */
  parent: number;
  predicateId: number;
  position: number | null;
  qualifier: string | null;
  confidence: number;
}

/** One page of a parent's neighbours: rows, whether more follow, and how many there are in all. */
export interface PageOf<Row> {
  rows: Row[];
  hasNextPage: boolean;
  /** A number, or a function that counts when called (only when a client asks for the total). */
  totalCount: number | (() => Promise<number>);
  /** Rank (1-based) of the first row, for offset cursors. */
  offset: number;
}

export interface Slice {
  first: number;
  /** Rows to skip: the rank of the last row already seen. */
  offset: number;
}

const nodeColumns = 'n.id, n.kind, n.slug, n.label';

/**
 * The statements of every request level are planned once per connection: their plans are index
 * lookups whatever the ids, and planning them for each request cost as much as running them.
 */
const planOnce = { planOnce: true };

/**
 * Nodes by id, and in the same statement the facts through `reads` (predicate ids) that the fields
 * below them will ask for: a talk with its event, speakers and topics is one round trip.
 */
export async function loadNodes(
  q: Queryable,
  ids: readonly number[],
  reads: readonly number[] = [],
): Promise<{ nodes: Map<number, NodeRow>; facts: Map<string, FactsOf> }> {
  if (reads.length === 0) {
    const rows = await q.query<NodeRow>(
      `select ${nodeColumns} from node n where n.id = any($1::bigint[])`,
      [[...ids]],
      planOnce,
    );
    return { nodes: new Map(rows.map((row) => [row.id, row])), facts: new Map() };
  }
  const rows = await q.query<MixedRow>(
    `with targets as (select ${nodeColumns} from node n where n.id = any($1::bigint[]))
     select 0 as part, n.id as parent, n.id, n.kind, n.slug, n.label, null::smallint as "predicateId",
            null::int as position, null::text as qualifier, null::real as confidence, null::text as value,
            null::bigint as tid
       from targets n
     union all ${factsOfTargets('$2')}`,
    [[...ids], [...reads]],
    planOnce,
  );
  const { main, facts } = splitFacts(rows, reads);
  return { nodes: new Map(main.map(({ id, kind, slug, label }) => [id, { id, kind, slug, label }])), facts };
}

/**
 * A row of a statement that returns both its main result (part 0: nodes, or a page of edges) and
 * facts about those nodes (part 1: literal `value`, or an edge to node `id`; `tid` orders them).
 */
interface MixedRow extends EdgeRow {
  part: number;
  value: string | null;
  tid: number | null;
}

/**
 * The facts of the nodes in the CTE `targets` through the predicate ids in parameter `param`, in the
 * column shape of MixedRow. Part 2 rows, where a statement has them, are the parent nodes themselves.
 */
const factsOfTargets = (param: string, targets = 'targets') =>
  `select 1 as part, t.subject_id as parent, n.id, n.kind, n.slug, n.label, t.predicate_id as "predicateId",
          t.position, t.qualifier, t.confidence, t.object_value as value, t.id as tid
     from (select distinct id from ${targets}) g
     join triple t on t.subject_id = g.id and t.predicate_id = any(${param}::smallint[])
     left join node n on n.id = t.object_id`;

/**
 * Splits mixed rows into the main rows, the parent nodes (part 2, when asked for) and the facts of
 * every (node, read) pair, empty ones too: main rows × `reads`, parents × `parentReads`.
 */
function splitFacts(
  rows: MixedRow[],
  reads: readonly number[],
  parentReads: readonly number[] = [],
): { main: EdgeRow[]; parents: NodeRow[]; facts: Map<string, FactsOf> } {
  const main: EdgeRow[] = [];
  const parents: NodeRow[] = [];
  const factRows: MixedRow[] = [];
  for (const row of rows) {
    if (row.part === 1) factRows.push(row);
    else if (row.part === 2) parents.push({ id: row.id, kind: row.kind, slug: row.slug, label: row.label });
    else {
      const { part: _part, value: _value, tid: _tid, ...edge } = row;
      main.push(edge);
    }
  }
  // Stored order within each (subject, predicate): position, then insertion.
  const last = Number.MAX_SAFE_INTEGER;
  factRows.sort((a, b) => (a.position ?? last) - (b.position ?? last) || (a.tid ?? 0) - (b.tid ?? 0));
  const keys = [
    ...main.flatMap((row) => reads.map((predicateId) => `${row.id}:${predicateId}`)),
    ...parents.flatMap((row) => parentReads.map((predicateId) => `${row.id}:${predicateId}`)),
  ];
  const facts = factRows.map(({ part: _part, tid: _tid, ...row }) => row);
  return { main, parents, facts: groupFacts(facts, keys) };
}

/** A fact as read: a literal `value`, or an edge to node `id` (the node columns null for literals). */
type FactRow = Omit<EdgeRow, 'id' | 'kind' | 'slug' | 'label'> & {
  id: number | null;
  kind: string | null;
  slug: string | null;
  label: string | null;
  value: string | null;
};

/**
 * Groups facts, in the order given, by (subject, predicate) key: every key in `keys` gets an entry,
 * empty when nothing was read for it, so that a primed cache also knows what is absent.
 */
function groupFacts(rows: readonly FactRow[], keys: readonly string[]): Map<string, FactsOf> {
  const facts = new Map<string, FactsOf>(keys.map((key) => [key, { values: [], edges: [] }]));
  for (const { value, ...row } of rows) {
    const of = facts.get(`${row.parent}:${row.predicateId}`);
    if (!of) continue;
    if (row.id === null) of.values.push(value as string);
    else of.edges.push(row as EdgeRow);
  }
  return facts;
}

/** The objects of one (subject, predicate) pair: literal values, or edges to nodes. */
export interface FactsOf {
  values: string[];
  edges: EdgeRow[];
}

/**
 * The objects of many (subject, predicate) pairs in one statement: every field of every node that a
 * request level asks for (a talk's event, speakers and topics; its abstract), and nothing else.
 */
export async function loadFacts(
  q: Queryable,
  pairs: readonly { subject: number; predicateId: number }[],
): Promise<Map<string, FactsOf>> {
  const rows = await q.query<FactRow>(
    `select t.subject_id as parent, t.predicate_id as "predicateId", t.object_value as value, t.position,
            t.qualifier, t.confidence, n.id, n.kind, n.slug, n.label
       from unnest($1::bigint[], $2::smallint[]) as k(subject_id, predicate_id)
       join triple t on t.subject_id = k.subject_id and t.predicate_id = k.predicate_id
       left join node n on n.id = t.object_id
      order by t.subject_id, t.predicate_id, t.position nulls last, t.id`,
    [pairs.map((p) => p.subject), pairs.map((p) => p.predicateId)],
    planOnce,
  );
  return groupFacts(
    rows,
    pairs.map((p) => `${p.subject}:${p.predicateId}`),
  );
}

/**
 * Neighbours through edges with any of `predicateIds`: objects of `ids` ('out') or subjects pointing
 * at them ('in'). Outgoing edges keep their stored order (speakers in billing order).
 */
export async function loadEdges(
  q: Queryable,
  direction: Direction,
  predicateIds: readonly number[],
  ids: readonly number[],
): Promise<Map<number, EdgeRow[]>> {
  const [near, far] = direction === 'out' ? ['subject_id', 'object_id'] : ['object_id', 'subject_id'];
  const order = direction === 'out' ? 't.position nulls last, t.id' : 'n.id';
  const rows = await q.query<EdgeRow>(
    `select t.${near} as parent, ${nodeColumns}, t.predicate_id as "predicateId", t.position, t.qualifier, t.confidence
       from triple t join node n on n.id = t.${far}
      where t.${near} = any($1::bigint[]) and t.predicate_id = any($2::smallint[]) and t.object_id is not null
      order by t.${near}, ${order}`,
    [[...ids], [...predicateIds]],
    planOnce,
  );
  return groupBy(
    rows,
    (row) => row.parent,
    (row) => row,
  );
}

/** How a page of edges is ordered within each parent. */
export type EdgeOrder = 'node' | 'position' | 'confidence';

/** Order keys over a row alias `a` whose column `far` is the neighbour's id. */
export const edgeOrders: Record<EdgeOrder, (a: string, far: string) => string> = {
  node: (a, far) => `${a}.${far}`,
  position: (a, far) => `${a}.position nulls last, ${a}.${far}`,
  confidence: (a, far) => `${a}.confidence desc nulls last, ${a}.${far}`,
};

/**
 * One page of neighbours for each of `ids`, in one statement. Each parent's page is its own
 * LIMIT, so the (near, predicate, confidence, far) indexes hand over just those rows: a topic's ten
 * most confident talks cost ten index entries, not a sort of its thousands. How many there are in
 * all is a separate count (`countEdges`), made only when a client asks for totalCount.
 */
export async function loadEdgePages(
  q: Queryable,
  direction: Direction,
  predicateId: number,
  ids: readonly number[],
  slice: Slice,
  order: EdgeOrder = 'node',
  reads: readonly number[] = [],
  parents: { reads: readonly number[] } | null = null,
): Promise<{
  pages: Map<number, PageOf<EdgeRow>>;
  parents: Map<number, NodeRow>;
  facts: Map<string, FactsOf>;
}> {
  const [near, far] = direction === 'out' ? ['subject_id', 'object_id'] : ['object_id', 'subject_id'];
  // The page's nodes, and with them the facts through `reads` that the fields below will ask for;
  // when asked, the parents too (a root field's node and its first page in one statement).
  const parentParts = parents
    ? `union all
       select 2 as part, n.id as parent, n.id, n.kind, n.slug, n.label, null::smallint, null::int, null::text,
              null::real, null::text, null::bigint
         from parents n
       union all ${factsOfTargets('$6', 'parents')}`
    : '';
  const rows = await q.query<MixedRow>(
    `with targets as (
       select e.parent, ${nodeColumns}, e."predicateId", e.position, e.qualifier, e.confidence,
              row_number() over (partition by e.parent order by ${edgeOrders[order]('e', 'far')}) as rank
         from unnest($1::bigint[]) as k(parent)
         cross join lateral (
           select k.parent, t.${far} as far, t.predicate_id as "predicateId", t.position, t.qualifier, t.confidence
             from triple t
            where t.${near} = k.parent and t.predicate_id = $2 and t.object_id is not null
            order by ${edgeOrders[order]('t', far)}
           offset $3 limit $4) e
         join node n on n.id = e.far)${
           parents
             ? `,
     parents as (select ${nodeColumns} from node n where n.id = any($1::bigint[]))`
             : ''
         }
     select 0 as part, parent, id, kind, slug, label, "predicateId", position, qualifier, confidence,
            null::text as value, rank as tid -- the main rows carry their rank in the page as tid
       from targets
     union all ${factsOfTargets('$5')}
     ${parentParts}
     order by part, parent, tid`,
    [
      [...ids],
      predicateId,
      slice.offset,
      slice.first + 1,
      [...reads],
      ...(parents ? [[...parents.reads]] : []),
    ],
    planOnce,
  );
  const split = splitFacts(rows, reads, parents?.reads);
  const pages = new Map<number, PageOf<EdgeRow>>();
  for (const id of ids) pages.set(id, { rows: [], hasNextPage: false, totalCount: 0, offset: slice.offset });
  for (const row of split.main) {
    const page = pages.get(row.parent) as PageOf<EdgeRow>;
    if (page.rows.length < slice.first) page.rows.push(row);
    else page.hasNextPage = true;
  }
  return { pages, parents: new Map(split.parents.map((row) => [row.id, row])), facts: split.facts };
}

/**
 * How many neighbours each of `ids` has through `predicateId`: incoming ones are kept by the
 * edge_count triggers, outgoing ones (a talk's few speakers) are one index-only count each.
 */
export async function countEdges(
  q: Queryable,
  direction: Direction,
  predicateId: number,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const rows = await q.query<{ parent: number; total: number }>(
    direction === 'in'
      ? `select k.parent, coalesce(c.facts, 0) as total
           from unnest($1::bigint[]) as k(parent)
           left join edge_count c on c.object_id = k.parent and c.predicate_id = $2`
      : `select k.parent, (select count(*) from triple t
                            where t.subject_id = k.parent and t.predicate_id = $2 and t.object_id is not null) as total
           from unnest($1::bigint[]) as k(parent)`,
    [[...ids], predicateId],
    planOnce,
  );
  return new Map(rows.map((row) => [row.parent, Number(row.total)]));
}

/**
 * Nodes two hops away through a middle node, ranked by how many middles lead to them: the speakers
 * of a topic (topic ←has_topic talk →has_speaker speaker) or of an event, the co-speakers of a speaker.
 */
export interface TwoHop {
  /** Edge from the middle node to the parent ('in' = the middle node is the subject). */
  first: { predicateId: number; direction: Direction };
  /** Edge from the middle node to the result. */
  second: { predicateId: number; direction: Direction };
  /** Leave out the parent itself (co-speakers). */
  excludeSelf?: boolean;
}

/** A two-hop walk with its predicates as SQL expressions (parameters or ids). */
export interface TwoHopSql {
  first: { direction: Direction; predicate: string };
  second: { direction: Direction; predicate: string };
  excludeSelf?: boolean;
}

/**
 * The results of a two-hop walk from the parents matched by `parents` (an SQL condition on the
 * parent column, e.g. "= any($1)"): one row per (parent, result) with its weight, the number of
 * middles that lead there. Results rank by `twoHopOrder`. The API's loaders and its compiled SQL
 * both rank with these two.
 */
export function twoHopWeights(hop: TwoHopSql, parents: string): string {
  // first hop: parent → middle; second hop: middle → result.
  const [p1, m1] = hop.first.direction === 'in' ? ['object_id', 'subject_id'] : ['subject_id', 'object_id'];
  const [m2, r2] = hop.second.direction === 'out' ? ['subject_id', 'object_id'] : ['object_id', 'subject_id'];
  return `select a.${p1} as parent, b.${r2} as result, count(*) as weight
            from triple a join triple b on b.${m2} = a.${m1} and b.predicate_id = ${hop.second.predicate}
           where a.${p1} ${parents} and a.predicate_id = ${hop.first.predicate}
             ${hop.excludeSelf ? `and b.${r2} <> a.${p1}` : ''}
           group by 1, 2`;
}

/** Two-hop results, most paths first, then by node id. */
export const twoHopOrder = (weight: string, id: string) => `${weight} desc, ${id}`;

export async function loadTwoHopPages(
  q: Queryable,
  hop: TwoHop,
  ids: readonly number[],
  slice: Slice,
): Promise<Map<number, PageOf<NodeRow & { weight: number }>>> {
  const weights = twoHopWeights(
    {
      first: { direction: hop.first.direction, predicate: '$2' },
      second: { direction: hop.second.direction, predicate: '$3' },
      excludeSelf: hop.excludeSelf,
    },
    '= any($1::bigint[])',
  );
  const rows = await q.query<NodeRow & { parent: number; weight: number; rank: number; total: number }>(
    `select * from (
       select s.parent, ${nodeColumns}, s.weight,
              row_number() over (partition by s.parent order by ${twoHopOrder('s.weight', 'n.id')}) as rank,
              count(*) over (partition by s.parent) as total
         from (${weights}) s
         join node n on n.id = s.result
     ) ranked where (rank > $4 and rank <= $4 + $5 + 1) or rank = 1
     order by parent, rank`,
    [[...ids], hop.first.predicateId, hop.second.predicateId, slice.offset, slice.first],
  );
  return pages(ids, rows, slice);
}

/** Documents that support any fact whose subject or object is one of `ids`. */
export async function loadSources(q: Queryable, ids: readonly number[]): Promise<Map<number, NodeRow[]>> {
  const rows = await q.query<NodeRow & { parent: number }>(
    `select distinct f.parent, ${nodeColumns}
       from (select t.subject_id as parent, t.id from triple t where t.subject_id = any($1::bigint[])
             union all
             select t.object_id, t.id from triple t where t.object_id = any($1::bigint[])) f
       join triple_source s on s.triple_id = f.id
       join node n on n.id = s.document_id
      order by f.parent, n.id`,
    [[...ids]],
  );
  return groupBy(
    rows,
    (row) => row.parent,
    ({ parent: _parent, ...node }) => node,
  );
}

function pages<Row extends { parent: number; rank: number; total: number }>(
  ids: readonly number[],
  rows: Row[],
  slice: Slice,
): Map<number, PageOf<Omit<Row, 'parent' | 'rank' | 'total'> & { parent: number }>> {
  const result = new Map<number, PageOf<Row>>();
  for (const id of ids) result.set(id, { rows: [], hasNextPage: false, totalCount: 0, offset: slice.offset });
  for (const row of rows) {
    const page = result.get(row.parent);
    if (!page) continue;
    page.totalCount = Number(row.total);
    // Rank 1 always comes back, so that a page past the last row still knows the total.
    if (row.rank <= slice.offset) continue;
    if (page.rows.length < slice.first) page.rows.push(row);
    else page.hasNextPage = true;
  }
  return result;
}

function groupBy<Row, Value>(
  rows: Row[],
  key: (row: Row) => number,
  value: (row: Row) => Value,
): Map<number, Value[]> {
  const groups = new Map<number, Value[]>();
  for (const row of rows) {
    const k = key(row);
    let group = groups.get(k);
    if (!group) {
      group = [];
      groups.set(k, group);
    }
    group.push(value(row));
  }
  return groups;
}

export interface TripleRow {
  id: number;
  subject: number;
  predicateId: number;
  objectId: number | null;
  objectValue: string | null;
  position: number | null;
  qualifier: string | null;
  confidence: number;
}

const tripleColumns = `t.id, t.subject_id as subject, t.predicate_id as "predicateId", t.object_id as "objectId",
  t.object_value as "objectValue", t.position, t.qualifier, t.confidence`;

/** One fact by id; null when it is gone. */
export async function loadTriple(q: Queryable, id: number): Promise<TripleRow | null> {
  const [row] = await q.query<TripleRow>(`select ${tripleColumns} from triple t where t.id = $1`, [id]);
  return row ?? null;
}

/** One page of each node's triples: those it is the subject of ('out') or the object of ('in'). */
export async function loadTriplePages(
  q: Queryable,
  direction: Direction,
  predicateId: number | null,
  ids: readonly number[],
  slice: Slice,
): Promise<Map<number, PageOf<TripleRow & { parent: number }>>> {
  const near = direction === 'out' ? 'subject_id' : 'object_id';
  const rows = await q.query<TripleRow & { parent: number; rank: number; total: number }>(
    `select * from (
       select t.${near} as parent, ${tripleColumns},
              row_number() over (partition by t.${near} order by t.predicate_id, t.position nulls last, t.id) as rank,
              count(*) over (partition by t.${near}) as total
         from triple t
        where t.${near} = any($1::bigint[]) and ($2::smallint is null or t.predicate_id = $2)
     ) ranked where (rank > $3 and rank <= $3 + $4 + 1) or rank = 1
     order by parent, rank`,
    [[...ids], predicateId, slice.offset, slice.first],
  );
  return pages(ids, rows, slice);
}

export interface TripleSourceRow extends NodeRow {
  tripleId: number;
  spanStart: number | null;
  spanEnd: number | null;
  confidence: number;
}

/** The documents behind each triple, with where they state it. */
export async function loadTripleSources(
  q: Queryable,
  tripleIds: readonly number[],
): Promise<Map<number, TripleSourceRow[]>> {
  const rows = await q.query<TripleSourceRow>(
    `select s.triple_id as "tripleId", ${nodeColumns}, s.span_start as "spanStart", s.span_end as "spanEnd", s.confidence
       from triple_source s join node n on n.id = s.document_id
      where s.triple_id = any($1::bigint[]) order by s.triple_id, n.id`,
    [[...tripleIds]],
  );
  return groupBy(
    rows,
    (row) => row.tripleId,
    (row) => row,
  );
}

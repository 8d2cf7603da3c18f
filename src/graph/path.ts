// The shortest connection between two entities: breadth-first search from both ends at once, one
// set-based SQL statement per expanded frontier (never a recursive query over path arrays).
import { TalkgraphError } from '../errors.js';
import type { Queryable } from '../store/database.js';
import type { PredicateRegistry } from '../store/predicates.js';

export interface PathStep {
  from: number;
  predicateId: number;
  /** 'forward' when the fact reads from → to (talk has_speaker speaker), 'backward' otherwise. */
  direction: 'forward' | 'backward';
  to: number;
}

export interface PathOptions {
  maxHops: number;
  /** Only follow facts with these predicates (default: every edge). */
  via?: readonly string[] | null;
}

/** No path search keeps more than this many nodes on one side's frontier. */
export const frontierCap = 50_000;
export const maxPathHops = 6;

interface Arrival {
  /** The node one hop closer to this side's start, and the fact that links them. */
  previous: number;
  predicateId: number;
  /** Whether the fact's subject is `previous`. */
  subjectIsPrevious: boolean;
}

/**
 * The steps of a shortest path from `from` to `to` (empty when they are the same node), or null when
 * none exists within `maxHops`. Expands the smaller frontier each round; throws QUERY_TOO_COMPLEX
 * when a frontier outgrows the cap before the sides meet.
 */
export async function shortestPath(
  q: Queryable,
  predicates: PredicateRegistry,
  from: number,
  to: number,
  options: PathOptions,
): Promise<PathStep[] | null> {
  if (!Number.isInteger(options.maxHops) || options.maxHops < 1 || options.maxHops > maxPathHops) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `maxHops must be between 1 and ${maxPathHops}, got ${options.maxHops}`,
    );
  }
  if (from === to) return [];
  const predicateIds = options.via?.length ? options.via.map((name) => predicates.get(name).id) : null;
  const sides = [
    { reached: new Map<number, Arrival | null>([[from, null]]), frontier: [from] },
    { reached: new Map<number, Arrival | null>([[to, null]]), frontier: [to] },
  ];
  const join = (meeting: number) =>
    joinHalves(
      sides[0]?.reached as Map<number, Arrival | null>,
      sides[1]?.reached as Map<number, Arrival | null>,
      meeting,
    );
  for (let hops = 0; hops < options.maxHops; hops++) {
    const [a, b] = sides as [Side, Side];
    if (a.frontier.length === 0 || b.frontier.length === 0) return null;
    // A path of this length is an edge between the two frontiers: look for one in the database
    // rather than fetching every edge of a frontier that may hold hubs (a topic on 5,000 talks).
    const link = await linkBetween(q, a.frontier, b.frontier, predicateIds);
    if (link.found) {
      // The first side's node joins the other side's tree, one step beyond the node it links to.
      b.reached.set(link.found.near, {
        previous: link.found.far,
        predicateId: link.found.predicateId,
        subjectIsPrevious: !link.found.forward,
      });
      return join(link.found.near);
    }
    // The last hop could only have met the other side; there is nothing further to expand.
    if (hops === options.maxHops - 1) return null;
    // Expand the side with fewer facts to follow. Hubs are what facts point at (a topic's talks, an
    // event's talks), counted by edge_count; what a node points at is a handful (a talk's event,
    // speakers and topics), estimated per node.
    const cost = (side: Side, inbound: number) => inbound + side.frontier.length * outboundPerNode;
    const [side, other] = cost(a, link.inbound[0]) <= cost(b, link.inbound[1]) ? [a, b] : [b, a];
    if (hops === options.maxHops - 2) {
      // One hop left after this one: rather than fetch the side's whole next frontier and send it
      // back, ask the database for one node beside it that links to the other side.
      const meet = await meetBeside(q, side, other.frontier, predicateIds);
      if (!meet) return null;
      side.reached.set(meet.middle, {
        previous: meet.near,
        predicateId: meet.nearPredicateId,
        subjectIsPrevious: meet.nearForward,
      });
      other.reached.set(meet.middle, {
        previous: meet.far,
        predicateId: meet.farPredicateId,
        subjectIsPrevious: !meet.farForward,
      });
      return join(meet.middle);
    }
    const edges = await q.query<{ near: number; far: number; predicateId: number; forward: boolean }>(
      `${factsAround('$1', '$2')} order by 1, 3, 2`,
      [side.frontier, predicateIds],
    );
    const next: number[] = [];
    let meeting: number | null = null;
    for (const edge of edges) {
      if (side.reached.has(edge.far)) continue;
      side.reached.set(edge.far, {
        previous: edge.near,
        predicateId: edge.predicateId,
        subjectIsPrevious: edge.forward,
      });
      next.push(edge.far);
      if (meeting === null && other.reached.has(edge.far)) meeting = edge.far;
    }
    if (meeting !== null) return join(meeting);
    if (next.length > frontierCap) {
      throw new TalkgraphError(
        'QUERY_TOO_COMPLEX',
        `path search reached more than ${frontierCap} nodes at ${hops + 1} hops without connecting; lower maxHops or restrict via`,
      );
    }
    side.frontier = next;
  }
  return null;
}

interface Side {
  reached: Map<number, Arrival | null>;
  frontier: number[];
}

/**
 * Every fact touching a node of the frontier in parameter `frontier`, read outward from it: the
 * frontier's node (near), the node across the fact (far), the predicate, and whether the frontier's
 * node is the subject (forward). Parameter `predicates` restricts the predicates (null: every one).
 */
const factsAround = (frontier: string, predicates: string) =>
  `select t.subject_id as near, t.object_id as far, t.predicate_id as "predicateId", true as forward
     from triple t where t.subject_id = any(${frontier}::bigint[]) and t.object_id is not null
      and (${predicates}::smallint[] is null or t.predicate_id = any(${predicates}::smallint[]))
   union all
   select t.object_id, t.subject_id, t.predicate_id, false
     from triple t where t.object_id = any(${frontier}::bigint[])
      and (${predicates}::smallint[] is null or t.predicate_id = any(${predicates}::smallint[]))`;

/** What one node points at, in practice: a talk's event, speakers and topics. */
const outboundPerNode = 12;

interface Link {
  near: number;
  far: number;
  predicateId: number;
  forward: boolean;
}

/**
 * One fact linking a node of `near` to a node of `far` (either way round), or null; and, in the same
 * statement, how many facts point at each frontier (to choose which side to expand).
 */
async function linkBetween(
  q: Queryable,
  near: number[],
  far: number[],
  predicateIds: number[] | null,
): Promise<{ found: Link | null; inbound: [number, number] }> {
  const [row] = await q.query<Partial<Link> & { nearInbound: number; farInbound: number }>(
    `select l.*,
            (select coalesce(sum(c.facts), 0) from edge_count c where c.object_id = any($1::bigint[])
                and ($3::smallint[] is null or c.predicate_id = any($3::smallint[]))) as "nearInbound",
            (select coalesce(sum(c.facts), 0) from edge_count c where c.object_id = any($2::bigint[])
                and ($3::smallint[] is null or c.predicate_id = any($3::smallint[]))) as "farInbound"
       from (select 1) as one
       left join lateral (
         (select t.subject_id as near, t.object_id as far, t.predicate_id as "predicateId", true as forward
            from triple t where t.subject_id = any($1::bigint[]) and t.object_id = any($2::bigint[])
             and ($3::smallint[] is null or t.predicate_id = any($3::smallint[]))
           order by 1, 3, 2 limit 1)
         union all
         (select t.object_id, t.subject_id, t.predicate_id, false
            from triple t where t.object_id = any($1::bigint[]) and t.subject_id = any($2::bigint[])
             and ($3::smallint[] is null or t.predicate_id = any($3::smallint[]))
           order by 1, 3, 2 limit 1)
         limit 1) l on true`,
    [near, far, predicateIds],
  );
  // Both drivers return ids, counts and sums as numbers; the left join leaves the link's columns null.
  const found = row?.near != null ? (row as Link) : null;
  return { found, inbound: [row?.nearInbound ?? 0, row?.farInbound ?? 0] };
}

interface Meeting {
  near: number;
  middle: number;
  nearPredicateId: number;
  nearForward: boolean;
  far: number;
  farPredicateId: number;
  farForward: boolean;
}

/**
 * A node one hop from `side`'s frontier (and not yet reached by it) with a fact linking it to a node
 * of `far`, and both facts; null when there is none. The side's neighbours stream from the index and
 * each is checked as it comes, so a hub's thousands of neighbours are read only until one links.
 */
async function meetBeside(
  q: Queryable,
  side: Side,
  far: number[],
  predicateIds: number[] | null,
): Promise<Meeting | null> {
  const [row] = await q.query<Meeting>(
    `select x.near, x.far as middle, x."predicateId" as "nearPredicateId", x.forward as "nearForward",
            y.far, y."farPredicateId", y."farForward"
       from (${factsAround('$1', '$3')}) x
       cross join lateral (
         (select t.object_id as far, t.predicate_id as "farPredicateId", true as "farForward"
            from triple t where t.subject_id = x.far and t.object_id = any($2::bigint[])
             and ($3::smallint[] is null or t.predicate_id = any($3::smallint[])) limit 1)
         union all
         (select t.subject_id, t.predicate_id, false
            from triple t where t.object_id = x.far and t.subject_id = any($2::bigint[])
             and ($3::smallint[] is null or t.predicate_id = any($3::smallint[])) limit 1)
         limit 1) y
      where not (x.far = any($4::bigint[]))
      limit 1`,
    [side.frontier, far, predicateIds, [...side.reached.keys()]],
  );
  return row ?? null;
}

/** Walks back from the meeting node to both starts and reads the path in order from → to. */
function joinHalves(
  fromSide: Map<number, Arrival | null>,
  toSide: Map<number, Arrival | null>,
  meeting: number,
): PathStep[] {
  const steps: PathStep[] = [];
  for (
    let node = meeting, arrival = fromSide.get(node);
    arrival;
    node = arrival.previous, arrival = fromSide.get(node)
  ) {
    steps.unshift({
      from: arrival.previous,
      predicateId: arrival.predicateId,
      direction: arrival.subjectIsPrevious ? 'forward' : 'backward',
      to: node,
    });
  }
  for (
    let node = meeting, arrival = toSide.get(node);
    arrival;
    node = arrival.previous, arrival = toSide.get(node)
  ) {
    // Reached from the far end: the step runs node → previous, so the fact's direction flips.
    steps.push({
      from: node,
      predicateId: arrival.predicateId,
      direction: arrival.subjectIsPrevious ? 'backward' : 'forward',
      to: arrival.previous,
    });
  }
  return steps;
}

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
  for (let hops = 0; hops < options.maxHops; hops++) {
    const index = (sides[0]?.frontier.length ?? 0) <= (sides[1]?.frontier.length ?? 0) ? 0 : 1;
    const side = sides[index] as (typeof sides)[number];
    const other = sides[1 - index] as (typeof sides)[number];
    if (side.frontier.length === 0) return null;
    // A path of this length is an edge between the two frontiers: look for one in the database
    // rather than fetching every edge of a frontier that may hold hubs (a topic on 5,000 talks).
    const link = await linkBetween(q, side.frontier, other.frontier, predicateIds);
    if (link) {
      // The side's node joins the other side's tree, one step beyond the node it links to.
      other.reached.set(link.near, {
        previous: link.far,
        predicateId: link.predicateId,
        subjectIsPrevious: !link.forward,
      });
      return joinHalves(
        sides[0]?.reached as Map<number, Arrival | null>,
        sides[1]?.reached as Map<number, Arrival | null>,
        link.near,
      );
    }
    // The last hop could only have met the other side; there is nothing further to expand.
    if (hops === options.maxHops - 1) return null;
    const edges = await q.query<{ near: number; far: number; predicateId: number; forward: boolean }>(
      `select t.subject_id as near, t.object_id as far, t.predicate_id as "predicateId", true as forward
         from triple t where t.subject_id = any($1::bigint[]) and t.object_id is not null
          and ($2::smallint[] is null or t.predicate_id = any($2::smallint[]))
       union all
       select t.object_id, t.subject_id, t.predicate_id, false
         from triple t where t.object_id = any($1::bigint[])
          and ($2::smallint[] is null or t.predicate_id = any($2::smallint[]))
       order by 1, 3, 2`,
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
    if (meeting !== null)
      return joinHalves(
        sides[0]?.reached as Map<number, Arrival | null>,
        sides[1]?.reached as Map<number, Arrival | null>,
        meeting,
      );
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

/** One fact linking a node of `near` to a node of `far` (either way round), or null. */
async function linkBetween(
  q: Queryable,
  near: number[],
  far: number[],
  predicateIds: number[] | null,
): Promise<{ near: number; far: number; predicateId: number; forward: boolean } | null> {
  const [link] = await q.query<{ near: number; far: number; predicateId: number; forward: boolean }>(
    `(select t.subject_id as near, t.object_id as far, t.predicate_id as "predicateId", true as forward
        from triple t where t.subject_id = any($1::bigint[]) and t.object_id = any($2::bigint[])
         and ($3::smallint[] is null or t.predicate_id = any($3::smallint[]))
       order by 1, 3, 2 limit 1)
     union all
     (select t.object_id, t.subject_id, t.predicate_id, false
        from triple t where t.object_id = any($1::bigint[]) and t.subject_id = any($2::bigint[])
         and ($3::smallint[] is null or t.predicate_id = any($3::smallint[]))
       order by 1, 3, 2 limit 1)
     limit 1`,
    [near, far, predicateIds],
  );
  return link ?? null;
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

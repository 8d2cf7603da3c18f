// How a field reads the graph, declared once. Each field that reads nodes, literals or edges spreads
// one of the builders below into its options: the declaration (a FieldRead, kept in the field's
// `extensions.read`) is the only statement of which predicates it follows, in which direction,
// order and page; the resolver below is derived from it, and so is the compiled SQL
// (src/api/sql-compiler.ts reads the same extension). The look-ahead (`extensions.reads`, see
// reads.ts) is derived from it too. Adding or changing a field is one edit in its type's module.
import { type GraphQLResolveInfo, getArgumentValues, getNamedType, isObjectType } from 'graphql';
import type { NodeRow } from '../store/nodes.js';
import type { Direction, EdgeOrder, EdgeRow } from '../store/traversal.js';
import type { Context } from './builder.js';
import { encodeGlobalId } from './global-id.js';
import type { PageRequest } from './loaders.js';
import { maxPageSize, type PageArgs, pageSize, rankConnection, rankSlice } from './pagination.js';
import { fieldsOf, readsBelow } from './reads.js';

/** The node kind of a GraphQL type name, and back (unknown kinds are technologies). */
export const typenameByKind: Record<string, string> = {
  talk: 'Talk',
  speaker: 'Speaker',
  event: 'Event',
  topic: 'Topic',
  organization: 'Organization',
  technology: 'Technology',
  document: 'Document',
};
export const fallbackTypename = 'Technology';
export const typenameOf = (row: NodeRow) => typenameByKind[row.kind] ?? fallbackTypename;

/** A literal's text as the field's GraphQL type: as written, an integer, or a flag ("true"). */
export type LiteralAs = 'text' | 'int' | 'flag';

/** Which edges a list or single-edge field follows out of (or into) its parent node. */
export interface EdgeSelection {
  direction: Direction;
  /** Through any of these, in this order (then each predicate's stored order). */
  predicates: readonly string[];
  /** Only neighbours of these kinds. */
  kinds?: readonly string[];
  /**
   * `stored`: position, then insertion (out), or by node (in); `confidence`: most confident
   * first, then by node.
   */
  order: 'stored' | 'confidence';
  /** Each neighbour once, at its first edge. */
  distinct?: boolean;
}

/** A two-hop walk: parent → middle → result, results ranked by how many middles lead to them. */
export interface TwoHopWalk {
  first: readonly [Direction, string];
  second: readonly [Direction, string];
  /** The parent is not its own result (a speaker is not their own co-speaker). */
  excludeSelf?: boolean;
}

/** The part of an edge (a row of EdgeRow, or a two-hop result with its weight) a field returns. */
export type EdgePart = 'node' | 'confidence' | 'qualifier' | 'weight' | 'predicate';

export type FieldRead =
  | { from: 'column'; column: 'label' | 'slug' | 'kind' }
  | { from: 'globalId' }
  | { from: 'literal'; predicate: string; as: LiteralAs; fallback?: string }
  | { from: 'edges'; edges: EdgeSelection; take: 'first' | 'all'; value: 'node' | 'position' | 'edge' }
  | { from: 'incomingPage'; predicate: string; order: EdgeOrder }
  | { from: 'twoHop'; walk: TwoHopWalk; page: 'connection' | { defaultFirst: number } | 'all' }
  | { from: 'edge'; part: EdgePart; fallbackByPredicate?: Readonly<Record<string, string>> }
  | { from: 'entity'; kind: string }
  | { from: 'node' }
  | { from: 'nodes' }
  | { from: 'list'; list: 'talks' | 'speakers' | 'topics' | 'events' }
  | { from: 'relatedTalks'; defaultFirst: number }
  | { from: 'related'; part: 'talk' | 'score' | 'reasons' }
  | { from: 'reason'; part: 'kind' | 'weight' | 'via' | 'terms' };

/** The predicates a field reads from its parent node, for the look-ahead. */
function readsOf(read: FieldRead): string[] {
  if (read.from === 'literal') return [read.predicate];
  if (read.from === 'edges' && read.edges.direction === 'out') return [...read.edges.predicates];
  return [];
}

const declared = (read: FieldRead) => ({
  extensions: { read, reads: readsOf(read) } as Record<string, unknown>,
});

/** A node row's own column. */
export const column = (name: 'label' | 'slug' | 'kind') => ({
  ...declared({ from: 'column', column: name }),
  resolve: (row: NodeRow) => row[name],
});

/** The node's global id. */
export const globalId = () => ({
  ...declared({ from: 'globalId' }),
  resolve: (row: NodeRow) => encodeGlobalId(typenameOf(row), row.id),
});

async function literalOf(ctx: Context, predicate: string, row: NodeRow, fallback?: string) {
  return (await ctx.loaders.literal(predicate, row.id)) ?? fallback ?? null;
}

/** The first literal of a predicate, as written; `fallback` when there is none. */
export function literalText<T extends string = string>(
  predicate: string,
): ReturnType<typeof textField<T | null>>;
export function literalText<T extends string>(
  predicate: string,
  fallback: T,
): ReturnType<typeof textField<T>>;
export function literalText(predicate: string, fallback?: string) {
  return textField(predicate, fallback);
}

function textField<T>(predicate: string, fallback?: string) {
  return {
    ...declared({ from: 'literal', predicate, as: 'text', fallback }),
    resolve: async (row: NodeRow, _args: unknown, ctx: Context) =>
      (await literalOf(ctx, predicate, row, fallback)) as T,
  };
}

/** The first literal of a predicate as an integer, or null. */
export const literalInt = (predicate: string) => ({
  ...declared({ from: 'literal', predicate, as: 'int' }),
  resolve: async (row: NodeRow, _args: unknown, ctx: Context) => {
    const value = await literalOf(ctx, predicate, row);
    return value === null ? null : Number(value);
  },
});

/** Whether the first literal of a predicate is "true". */
export const literalFlag = (predicate: string) => ({
  ...declared({ from: 'literal', predicate, as: 'flag' }),
  resolve: async (row: NodeRow, _args: unknown, ctx: Context) =>
    (await literalOf(ctx, predicate, row)) === 'true',
});

/** The edges of `selection` from a node, in the selection's order. */
async function edgesOf(ctx: Context, selection: EdgeSelection, row: NodeRow): Promise<EdgeRow[]> {
  let edges = await ctx.loaders.edges(selection.direction, selection.predicates, row.id);
  if (selection.kinds) edges = edges.filter((edge) => selection.kinds?.includes(edge.kind));
  if (selection.distinct) edges = [...new Map(edges.map((edge) => [edge.id, edge])).values()];
  if (selection.order === 'confidence')
    edges = [...edges].sort((a, b) => b.confidence - a.confidence || a.id - b.id);
  return edges;
}

/** The neighbour at the first edge of a selection, or null. */
export const firstNeighbour = (edges: EdgeSelection) => ({
  ...declared({ from: 'edges', edges, take: 'first', value: 'node' }),
  resolve: async (row: NodeRow, _args: unknown, ctx: Context): Promise<NodeRow | null> =>
    (await edgesOf(ctx, edges, row))[0] ?? null,
});

/** The position of the first edge of a selection, or null. */
export const firstPosition = (edges: EdgeSelection) => ({
  ...declared({ from: 'edges', edges, take: 'first', value: 'position' }),
  resolve: async (row: NodeRow, _args: unknown, ctx: Context): Promise<number | null> =>
    (await edgesOf(ctx, edges, row))[0]?.position ?? null,
});

/** Every neighbour of a selection. */
export const neighbours = (edges: EdgeSelection) => ({
  ...declared({ from: 'edges', edges, take: 'all', value: 'node' }),
  resolve: (row: NodeRow, _args: unknown, ctx: Context): Promise<NodeRow[]> => edgesOf(ctx, edges, row),
});

/** Every edge of a selection, as objects whose fields read the edge (edgePart). */
export const edgeObjects = (edges: EdgeSelection) => ({
  ...declared({ from: 'edges', edges, take: 'all', value: 'edge' }),
  resolve: (row: NodeRow, _args: unknown, ctx: Context): Promise<EdgeRow[]> => edgesOf(ctx, edges, row),
});

/** An edge object's neighbour (the node the edge leads to, or a two-hop result). */
export const edgeNode = () => ({
  ...declared({ from: 'edge', part: 'node' }),
  resolve: <Row extends NodeRow>(edge: Row): NodeRow => edge,
});

/** An edge's confidence, or a two-hop result's weight (how many paths lead to it). */
export const edgeNumber = (part: 'confidence' | 'weight') => ({
  ...declared({ from: 'edge', part }),
  resolve: (edge: { confidence?: number; weight?: number }): number => Number(edge[part]),
});

/**
 * An edge's qualifier (with a fallback per predicate when it has none), or its predicate's name.
 */
export const edgeText = (
  part: 'qualifier' | 'predicate',
  fallbackByPredicate?: Readonly<Record<string, string>>,
) => ({
  ...declared({ from: 'edge', part, fallbackByPredicate }),
  resolve: (edge: EdgeRow, _args: unknown, ctx: Context): string => {
    const predicate = ctx.store.predicates.byIdOrThrow(edge.predicateId).name;
    if (part === 'predicate') return predicate;
    return (edge.qualifier ?? fallbackByPredicate?.[predicate] ?? null) as string;
  },
});

/**
 * A connection of the nodes that point at the parent through `predicate` (a topic's or an event's
 * talks), one page per parent, reading ahead what the fields below will read. A root field fetches
 * the first page with its node (pageBelow reads the declaration).
 */
export const incomingPage = (predicate: string, order: EdgeOrder) => ({
  ...declared({ from: 'incomingPage', predicate, order }),
  resolve: async (row: NodeRow, args: PageArgs, ctx: Context, info: GraphQLResolveInfo) =>
    rankConnection(
      await ctx.loaders.edgePage('in', predicate, row.id, rankSlice(args), order, readsBelow(info)),
    ),
});

/** Nodes two hops away, most paths first: a connection, or a list of `first` (default given). */
export function twoHop(walk: TwoHopWalk, page: 'connection'): ReturnType<typeof twoHopConnection>;
export function twoHop(
  walk: TwoHopWalk,
  page: { defaultFirst: number } | 'all',
): ReturnType<typeof twoHopList>;
export function twoHop(walk: TwoHopWalk, page: 'connection' | { defaultFirst: number } | 'all') {
  return page === 'connection' ? twoHopConnection(walk) : twoHopList(walk, page);
}

const hopOf = (walk: TwoHopWalk) => ({
  first: [...walk.first] as [Direction, string],
  second: [...walk.second] as [Direction, string],
  excludeSelf: walk.excludeSelf,
});

function twoHopConnection(walk: TwoHopWalk) {
  return {
    ...declared({ from: 'twoHop', walk, page: 'connection' }),
    resolve: async (row: NodeRow, args: PageArgs, ctx: Context) =>
      rankConnection(await ctx.loaders.twoHopPage(hopOf(walk), row.id, rankSlice(args))),
  };
}

function twoHopList(walk: TwoHopWalk, page: { defaultFirst: number } | 'all') {
  return {
    ...declared({ from: 'twoHop', walk, page }),
    resolve: async (row: NodeRow, args: { first?: number | null }, ctx: Context) => {
      const first = page === 'all' ? maxPageSize : pageSize(args.first, page.defaultFirst);
      return (await ctx.loaders.twoHopPage(hopOf(walk), row.id, { first, offset: 0 })).rows;
    },
  };
}

/**
 * A field that reads what a ranking gave its parent (a related talk and its score and reasons, or
 * a reason's kind, weight and what it goes through): declared for the compiled SQL, which reads the
 * stored lists; the resolver reads the parent's property of that name.
 */
export const rankingPart = (read: FieldRead & { from: 'related' | 'reason' }) => declared(read);

/** Talk.relatedTalks: the talk's stored list of related talks (its resolver is the ranking's). */
export const storedRelatedTalks = (defaultFirst: number) => declared({ from: 'relatedTalks', defaultFirst });

/** The FieldRead a schema field declares, if any. */
export const readOf = (field: { extensions?: Readonly<Record<string, unknown>> | null }) =>
  field.extensions?.read as FieldRead | undefined;

/** A root field's declaration (its resolver is written beside it: it reads ahead for the levels below). */
export const rootRead = (read: FieldRead & { from: 'entity' | 'node' | 'nodes' | 'list' }) => declared(read);

/**
 * The page of the first list of incoming neighbours selected below a root field (a topic's talks),
 * with its arguments and read-ahead, so that the root's statement can fetch it too; null when there
 * is none, or when its arguments are invalid (its own resolver then reports them).
 */
export function pageBelow(info: GraphQLResolveInfo): PageRequest | null {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const node of fieldsOf(info.fragments, sets, type)) {
    const field = type.getFields()[node.name.value];
    const read = field && readOf(field);
    if (!field || read?.from !== 'incomingPage') continue;
    try {
      const args = getArgumentValues(field, node, info.variableValues) as PageArgs;
      const reads = readsBelow({ ...info, returnType: field.type, fieldNodes: [node] });
      return { predicate: read.predicate, order: read.order, slice: rankSlice(args), reads };
    } catch {
      return null;
    }
  }
  return null;
}

/** What a talks(filter:) argument asks for, ids still global (each path resolves them its own way). */
export function talkFilterOf(f: {
  event?: string | number | null;
  speaker?: string | number | null;
  topics?: readonly (string | number)[] | null;
  topicMatch?: 'ANY' | 'ALL' | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  text?: string | null;
  formats?: readonly string[] | null;
}) {
  const id = (value: string | number | null | undefined) => (value == null ? null : String(value));
  return {
    event: id(f.event),
    speaker: id(f.speaker),
    topics: f.topics?.length ? f.topics.map(String) : null,
    allTopics: f.topicMatch === 'ALL',
    yearFrom: f.yearFrom ?? null,
    yearTo: f.yearTo ?? null,
    text: f.text ?? null,
    formats: f.formats ?? null,
  };
}

/** What a speakers(filter:) argument asks for, ids still global. */
export function speakerFilterOf(f: {
  event?: string | number | null;
  topic?: string | number | null;
  organization?: string | number | null;
  text?: string | null;
}) {
  const id = (value: string | number | null | undefined) => (value == null ? null : String(value));
  return { event: id(f.event), topic: id(f.topic), organization: id(f.organization), text: f.text ?? null };
}

/** The types filter ids name, by filter key. */
export const filterIdTypes = {
  event: 'Event',
  speaker: 'Speaker',
  topics: 'Topic',
  topic: 'Topic',
  organization: 'Organization',
} as const;

// Compiled queries: a read-only operation becomes one SQL statement whose single value is the
// response's `data` as JSON text, which the server sends on without building or serializing a
// JavaScript object tree. Nothing here names a field: each field that reads the graph declares how
// (src/api/field-reads.ts, in its `extensions.read`), its resolver is derived from that declaration,
// and this module writes each kind of declaration in SQL once. An operation that selects a field
// without a declaration, or that the resolvers would answer with an error (a malformed id, a page
// too large, a query over the cost limit, text with a NUL character), is left to the resolvers.
// tests/api/sql-compiler.test.ts and the generated queries of tests/api/compiled-parity.test.ts
// compare the two answers.
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isEnumType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { isTalkgraphError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/database.js';
import {
  eventsByYear,
  filterText,
  keyPageOrder,
  type ListingSql,
  openYears,
  speakerConditions,
  type TopicOrder,
  talkConditions,
  topicOrders,
  topicsWithTalks,
} from '../store/listing.js';
import type { PredicateRegistry } from '../store/predicates.js';
import { listEntries, servedList } from '../store/related-talk-lists.js';
import { type EdgeOrder, edgeOrders, twoHopOrder, twoHopWeights } from '../store/traversal.js';
import { queryLimits } from './builder.js';
import {
  type EdgePart,
  type EdgeSelection,
  type FieldRead,
  fallbackTypename,
  filterIdTypes,
  type LiteralAs,
  readOf,
  speakerFilterOf,
  type TwoHopWalk,
  talkFilterOf,
  typenameByKind,
} from './field-reads.js';
import { decodeGlobalId } from './global-id.js';
import { keySlice, maxPageSize, type PageArgs, pageSize, rankSlice } from './pagination.js';
import { QueryCache } from './query-cache.js';
import { fieldsOf } from './reads.js';
import { checkTextArguments } from './text-arguments.js';

/** An operation compiled to one statement: its text and how its parameters follow from variables. */
export interface CompiledOperation {
  sql: string;
  /**
   * The parameters, a field's at a time, from the coerced variables; a function throws when the
   * resolvers must answer instead.
   */
  params: ((variables: Record<string, unknown>) => unknown[])[];
  operation: OperationDefinitionNode;
}

/** Thrown while compiling: the operation asks for something only the resolvers answer. */
class NotCompiled extends Error {}

/**
 * Answers an operation with the `data` JSON text of its response, or undefined when it is left to
 * the resolvers. `db`: where the statement runs (the request's own view, with its deadline; default
 * the database the runner was made with); `operationName`: the one the request names, if any.
 */
export type QueryRunner = (
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  db?: Queryable,
  operationName?: string | null,
) => Promise<string | undefined>;

/** Compiled operations by query text (or by document, for one parsed without its source). */
export type CompiledQueryCache = QueryCache<string | DocumentNode, CompiledOperation | null>;

/** How many compiled operations are kept when the caller does not say. */
export const defaultCompiledQueries = 500;

/**
 * Answers operations it can compile with the `data` JSON text of the response, and anything else
 * with undefined (the caller then executes the operation as usual). Compilations are kept by query
 * text in a least-recently-used cache: each distinct text compiles once while it is in use, and a
 * text evicted by newer ones is compiled again when it comes back.
 */
export function compiledQueries(
  schema: GraphQLSchema,
  db: Queryable,
  predicates: PredicateRegistry,
  options: {
    /**
     * Where compilations are kept (default: the most recent 500). Its size also bounds the distinct
     * statements in use at a time, each prepared on the database connections that run it.
     */
    cache?: CompiledQueryCache;
    /** Told (at debug level) of statements that failed and were answered by the resolvers. */
    logger?: Logger;
  } = {},
): QueryRunner {
  const cache: CompiledQueryCache = options.cache ?? new QueryCache(defaultCompiledQueries);
  return async (document, variables, on = db, operationName) => {
    const key = document.loc?.source.body ?? document;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compile(schema, document, predicates);
      cache.set(key, compiled);
    }
    if (!compiled) return undefined;
    // A name that is not the operation's: graphql's executor reports it.
    if (operationName != null && compiled.operation.name?.value !== operationName) return undefined;
    const params = paramsOf(schema, document, compiled, variables ?? {});
    if (!params) return undefined;
    try {
      const rows = await on.query<{ data: string }>(compiled.sql, params, { planOnce: true });
      return rows[0]?.data;
    } catch (error) {
      // A database that is unavailable or slow fails the request as it is: answering it again
      // through the resolvers would send more statements to it and end past the request's limit.
      if (isTalkgraphError(error) && error.code === 'DATABASE_UNAVAILABLE') throw error;
      // A value the statement cannot convert (a year that is not a number, say): the resolvers
      // answer, with whatever error they give.
      options.logger?.debug({ err: error }, 'compiled query failed; answered by the resolvers');
      return undefined;
    }
  };
}

/** The statement's parameters, or null when the operation is over its limits or an argument is bad. */
function paramsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  compiled: CompiledOperation,
  inputs: Record<string, unknown>,
): unknown[] | null {
  const coerced = getVariableValues(schema, compiled.operation.variableDefinitions ?? [], inputs, {
    maxErrors: 1,
  });
  if (coerced.errors) return null;
  try {
    // The cost limits are checked by the root resolvers, which a compiled operation does not run.
    // complexityFromQuery coerces the variables itself: it takes them as the client sent them (an
    // enum's internal value, such as TalkFormat's 'keynote', is not a name it would accept).
    const cost = complexityFromQuery(document, { schema, variables: inputs });
    if (
      cost.complexity > queryLimits.complexity ||
      cost.depth > queryLimits.depth ||
      cost.breadth > queryLimits.breadth
    ) {
      return null;
    }
    return compiled.params.flatMap((values) => values(coerced.coerced));
  } catch {
    return null;
  }
}

function compile(
  schema: GraphQLSchema,
  document: DocumentNode,
  predicates: PredicateRegistry,
): CompiledOperation | null {
  // One operation per document: the cost check above measures the first operation only.
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0];
  const queryType = schema.getQueryType();
  if (operations.length !== 1 || operation?.operation !== 'query' || !queryType) return null;
  // @skip and @include anywhere: left to the resolvers.
  let directives = false;
  visit(document, {
    Directive: () => {
      directives = true;
      return BREAK;
    },
  });
  if (directives) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const compiler = new Compiler(schema, fragments, predicates);
  try {
    const data = compiler.declared(queryType, [operation.selectionSet], { row: '' });
    // An operation that reads nothing (`{ __typename }`) needs no statement.
    if (compiler.params.length === 0) return null;
    return { sql: `select (${data})::text as data`, params: compiler.params, operation };
  } catch (error) {
    if (error instanceof NotCompiled) return null;
    throw error;
  }
}

/**
 * A field's coerced arguments, checked as the resolvers check them (checkTextArguments): bad text
 * throws, and the resolvers then answer with their error.
 */
function argumentsOf(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const args = getArgumentValues(field, node, variables);
  checkTextArguments(field.name, args);
  return args;
}

/** Where a field is compiled: its schema field, its selection, and the aliases of its parent. */
interface FieldContext {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** Alias of the parent node row (columns id, kind, slug, label). */
  row: string;
  /** For a field of an edge object: aliases of its triple (t), its node (m), its ranking (p). */
  edge?: { t?: string; m: string; p?: string };
}

/** The fields compiled from their declaration (src/api/field-reads.ts), as "Type.field". */
export function compiledFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap()).flatMap((type) =>
    isObjectType(type) && !type.name.startsWith('__')
      ? Object.values(type.getFields())
          .filter((field) => readOf(field) !== undefined)
          .map((field) => `${type.name}.${field.name}`)
      : [],
  );
}

/** encodeGlobalId(typenameOf(row), row.id), in SQL. */
function globalIdSql(row: string): string {
  const cases = Object.entries(typenameByKind)
    .map(([kind, typename]) => `when '${kind}' then '${typename}'`)
    .join(' ');
  return base64urlSql(`(case ${row}.kind ${cases} else '${fallbackTypename}' end) || ':' || ${row}.id`);
}

/** rankCursor(rank), in SQL. */
const rankCursorSql = (rank: string) => base64urlSql(`'r:' || (${rank})`);

/** Buffer.from(text).toString('base64url'), in SQL (the short texts here fit one base64 line). */
const base64urlSql = (text: string) =>
  `translate(rtrim(encode(convert_to(${text}, 'UTF8'), 'base64'), '='), '+/', '-_')`;

/**
 * An SQL expression that, when evaluated, fails the statement with `why` (SQL text): the runner
 * then leaves the operation to the resolvers, who give their own answer. For what only the data
 * can tell (a stored value the schema cannot represent); it depends on the row, so the planner
 * never evaluates it ahead of time.
 */
const resolversAnswer = (why: string) => `((${why})::int::text)`;

/**
 * For a lookup that found no node: null, unless the id or slug was merged into another entity
 * (talkgraph_merged_into, drizzle/0023), in which case the resolvers answer, following the merge.
 * Called only on a miss (coalesce is lazy), so statements that find their node never read
 * merged_entity. The message reads the function's result: the planner cannot fold it into a
 * plan-time error.
 */
const mergedAway = (id: string, kind: string, slug: string) =>
  resolversAnswer(`'merged into ' || talkgraph_merged_into(${id}, ${kind}, ${slug})`);

/** A constant of the code (never client text) as an SQL string. */
const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

const kindByTypename = new Map(Object.entries(typenameByKind).map(([kind, typename]) => [typename, kind]));

/** One page of rows ranked 1.. within it (rank `first + 1` only says more follow), as SQL. */
interface RankedPage {
  /** A subquery with columns id (the item's node) and rank, and `weight` for two-hop pages. */
  rows: string;
  /** The whole list's length. */
  total: string;
  /** Placeholder of the page size. */
  first: string;
  /** An item's cursor, over the aliases of its page row and node. */
  cursor: (p: string, m: string) => string;
  /** Whether items precede the page. */
  hasPrevious: string;
}

/** A rank-paged list's cursors (rankConnection): the rank within the whole list. */
const rankCursors = (offset: string) => ({
  cursor: (p: string) => rankCursorSql(`${offset} + ${p}.rank`),
  hasPrevious: `${offset} > 0`,
});

class Compiler {
  readonly params: ((variables: Record<string, unknown>) => unknown[])[] = [];
  private paramCount = 0;
  private aliases = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly predicates: PredicateRegistry,
  ) {}

  /**
   * New parameters of the given types, computed together from the variables (a field's arguments
   * are read once per request); returns their placeholders.
   */
  param(types: readonly string[], values: (variables: Record<string, unknown>) => unknown[]): string[] {
    this.params.push(values);
    return types.map((type) => {
      this.paramCount += 1;
      return `$${this.paramCount}::${type}`;
    });
  }

  alias(prefix: string): string {
    this.aliases += 1;
    return `${prefix}${this.aliases}`;
  }

  predicate(name: string): number {
    const found = this.predicates.find(name);
    if (!found) throw new NotCompiled(`no predicate ${name}`);
    return found.id;
  }

  /**
   * json_build_object of the fields selected on `type`, in selection order, keyed by response name.
   * A response name given twice (merged selections) is left to the resolvers.
   */
  object(
    type: GraphQLObjectType,
    sets: readonly SelectionSetNode[],
    fieldSql: (field: GraphQLField<unknown, unknown>, node: FieldNode) => string,
  ): string {
    const pairs: string[] = [];
    const seen = new Set<string>();
    for (const node of fieldsOf(this.fragments, sets, type)) {
      const key = node.alias?.value ?? node.name.value;
      if (seen.has(key)) throw new NotCompiled(`${key} selected twice`);
      seen.add(key);
      if (node.name.value === '__typename') {
        pairs.push(`'${key}', '${type.name}'`);
        continue;
      }
      const field = type.getFields()[node.name.value];
      if (!field) throw new NotCompiled(`unknown field ${node.name.value}`);
      pairs.push(`'${key}', ${fieldSql(field, node)}`);
    }
    // json_build_object takes at most 100 arguments.
    if (pairs.length > 50) throw new NotCompiled('too many fields');
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** The object a field declared with a FieldRead selects, its parent being `parent`. */
  declared(
    type: GraphQLObjectType,
    sets: readonly SelectionSetNode[],
    parent: Omit<FieldContext, 'field' | 'node'>,
  ) {
    return this.object(type, sets, (field, node) => {
      const read = readOf(field);
      if (!read) throw new NotCompiled(`${type.name}.${field.name}`);
      return this.read(read, { ...parent, field, node });
    });
  }

  /**
   * The JSON of the node row aliased `row` as `type`; an interface becomes the object of the type
   * the row's kind resolves to (as resolveType does, typenameOf).
   */
  entity(type: GraphQLNamedType, sets: readonly SelectionSetNode[], row: string): string {
    if (isObjectType(type)) return this.declared(type, sets, { row });
    if (!isInterfaceType(type)) throw new NotCompiled(`type ${type.name}`);
    const object = (typename: string) => {
      const possible = this.schema.getType(typename);
      if (!isObjectType(possible) || !this.schema.isSubType(type, possible)) throw new NotCompiled(typename);
      return this.declared(possible, sets, { row });
    };
    const cases = Object.entries(typenameByKind).map(
      ([kind, typename]) => `when '${kind}' then ${object(typename)}`,
    );
    return `(case ${row}.kind ${cases.join(' ')} else ${object(fallbackTypename)} end)`;
  }

  /** The node row aliased `row`, as the object (or interface) the field of `c` selects. */
  selected(c: FieldContext, row: string): string {
    return this.entity(getNamedType(c.field.type), this.setsOf(c.node), row);
  }

  /** A field, from its declaration. */
  read(read: FieldRead, c: FieldContext): string {
    switch (read.from) {
      case 'column':
        return `${c.edge ? c.edge.m : c.row}.${read.column}`;
      case 'globalId':
        return globalIdSql(c.row);
      case 'literal':
        return this.literal(c, read.predicate, read.as, read.fallback);
      case 'edges':
        return this.edges(c, read.edges, read.take, read.value);
      case 'incomingPage':
        return this.incomingPage(c, read.predicate, read.order);
      case 'twoHop':
        return this.twoHop(c, read.walk, read.page);
      case 'edge':
        return this.edgePart(c, read.part, read.fallbackByPredicate);
      case 'entity':
        return this.rootEntity(c, read.kind);
      case 'node':
        return this.rootNode(c);
      case 'nodes':
        return this.rootNodes(c);
      case 'list':
        return this.rootList(c, read.list);
      case 'relatedTalks':
        return this.relatedTalks(c, read.defaultFirst);
      case 'related':
        return this.relatedPart(c, read.part);
      case 'reason':
        return this.reasonPart(c, read.part);
    }
  }

  /** talk(id:|slug:), speaker(...), …: the node of a kind, or null. */
  private rootEntity(c: FieldContext, kind: string): string {
    const typename = typenameByKind[kind];
    // Exactly one of id and slug, and an id of the right type; otherwise the resolver reports it.
    const [id, slug] = this.param(['bigint', 'text'], (variables) => {
      const args = argumentsOf(c.field, c.node, variables) as { id?: string | null; slug?: string | null };
      if ((args.id == null) === (args.slug == null)) throw new NotCompiled('id or slug');
      if (args.slug != null) return [null, args.slug];
      const decoded = decodeGlobalId(String(args.id));
      if (decoded.typename !== typename) throw new NotCompiled('id of another type');
      return [decoded.id, null];
    });
    const n = this.alias('n');
    // The slug lookup runs only when no id is given (coalesce evaluates it lazily). Only when no
    // node is found does the statement ask whether the id or slug was merged into another entity.
    return `coalesce((select ${this.selected(c, n)} from node ${n}
              where ${n}.id = coalesce(${id}, (select s.id from node s where s.kind = '${kind}' and s.slug = ${slug}))
                and ${n}.kind = '${kind}'), ${mergedAway(id as string, `'${kind}'`, slug as string)}::json)`;
  }

  /** A Talkgraph id's node and the kind its type names; a malformed id is the resolver's to report. */
  private static decoded(id: unknown): [number, string] {
    const decoded = decodeGlobalId(String(id));
    const kind = kindByTypename.get(decoded.typename);
    if (!kind) throw new NotCompiled('not a Talkgraph type');
    return [decoded.id, kind];
  }

  /** node(id:): the entity of that id and type, or null. */
  private rootNode(c: FieldContext): string {
    const [id, kind] = this.param(['bigint', 'text'], (variables) =>
      Compiler.decoded((argumentsOf(c.field, c.node, variables) as { id: string }).id),
    );
    const n = this.alias('n');
    // A merged id: the resolvers answer, as in rootEntity.
    return `coalesce((select ${this.selected(c, n)} from node ${n} where ${n}.id = ${id} and ${n}.kind = ${kind}),
                     ${mergedAway(id as string, kind as string, 'null::text')}::json)`;
  }

  /** nodes(ids:): each id's entity or null, in the order given (at most 100, as the resolver says). */
  private rootNodes(c: FieldContext): string {
    const [ids, kinds] = this.param(['bigint[]', 'text[]'], (variables) => {
      const list = (argumentsOf(c.field, c.node, variables) as { ids: string[] }).ids;
      if (list.length > 100) throw new NotCompiled('too many ids');
      const decoded = list.map(Compiler.decoded);
      return [decoded.map(([id]) => id), decoded.map(([, kind]) => kind)];
    });
    const n = this.alias('n');
    const u = this.alias('u');
    // A merged id: the resolvers answer, as in rootEntity.
    return `coalesce((select json_agg(case when ${n}.id is null then ${mergedAway(`${u}.id`, `${u}.kind`, 'null::text')}::json
                                           else ${this.selected(c, n)} end order by ${u}.ord)
               from unnest(${ids}, ${kinds}) with ordinality ${u}(id, kind, ord)
               left join node ${n} on ${n}.id = ${u}.id and ${n}.kind = ${u}.kind), '[]')`;
  }

  /** Loaders.literal: the first literal value of a predicate, in stored order, as the field's type. */
  private literal(c: FieldContext, predicate: string, as: LiteralAs, fallback?: string): string {
    let value = `(select t.object_value from triple t
              where t.subject_id = ${c.row}.id and t.predicate_id = ${this.predicate(predicate)} and t.object_value is not null
              order by t.position nulls last, t.id limit 1)`;
    if (fallback !== undefined) value = `coalesce(${value}, ${sqlString(fallback)})`;
    // Number(text) in the resolver; text that is not an integer fails the cast, and the resolvers then answer.
    if (as === 'int') return `(${value})::int`;
    if (as === 'flag') return `coalesce(${value} = 'true', false)`;
    const type = getNamedType(c.field.type);
    if (!isEnumType(type)) return value;
    // An enum's values as its names; the resolvers report a stored value that is none of them.
    const names = type.getValues().map((v) => `when ${sqlString(String(v.value))} then ${sqlString(v.name)}`);
    return `(select case v ${names.join(' ')} else ${resolversAnswer(`v || ' is not a ${type.name}'`)} end from (select ${value} as v) e)`;
  }

  /**
   * The edges of a selection from the parent, as Loaders.edges reads them (edges to nodes only),
   * in the selection's order (edgesOf in field-reads.ts).
   */
  private edges(
    c: FieldContext,
    selection: EdgeSelection,
    take: 'first' | 'all',
    value: 'node' | 'position' | 'edge',
  ): string {
    const t = this.alias('t');
    const m = this.alias('m');
    const ids = selection.predicates.map((name) => this.predicate(name));
    const [near, far] =
      selection.direction === 'out' ? ['subject_id', 'object_id'] : ['object_id', 'subject_id'];
    const where = [
      `${t}.${near} = ${c.row}.id`,
      ids.length === 1 ? `${t}.predicate_id = ${ids[0]}` : `${t}.predicate_id in (${ids.join(', ')})`,
      ...(selection.kinds ? [`${m}.kind in (${selection.kinds.map(sqlString).join(', ')})`] : []),
    ];
    const byPredicate =
      ids.length > 1 ? `array_position(array[${ids.join(', ')}], ${t}.predicate_id::int), ` : '';
    const order =
      selection.order === 'confidence'
        ? `${t}.confidence desc, ${m}.id`
        : selection.direction === 'out'
          ? `${byPredicate}${t}.position nulls last, ${t}.id`
          : `${m}.id`;
    // Each neighbour once, at its first edge in that order.
    const from = selection.distinct
      ? `(select distinct on (${m}.id) ${t}.*, ${m}.id as far_id from triple ${t} join node ${m} on ${m}.id = ${t}.${far}
           where ${where.join(' and ')} order by ${m}.id, ${order}) ${t} join node ${m} on ${m}.id = ${t}.far_id`
      : `triple ${t} join node ${m} on ${m}.id = ${t}.${far} where ${where.join(' and ')}`;
    const item =
      value === 'node'
        ? this.selected(c, m)
        : value === 'position'
          ? `${t}.position`
          : this.declared(this.objectTypeOf(c.field), this.setsOf(c.node), { row: c.row, edge: { t, m } });
    if (take === 'first') return `(select ${item} from ${from} order by ${order} limit 1)`;
    return `coalesce((select json_agg(${item} order by ${order}) from ${from}), '[]')`;
  }

  /** A field of an edge object, over the aliases of its edge. */
  private edgePart(c: FieldContext, part: EdgePart, fallbackByPredicate?: Readonly<Record<string, string>>) {
    const edge = c.edge;
    if (!edge) throw new NotCompiled(`${c.field.name} outside an edge`);
    if (part === 'node') return this.selected(c, edge.m);
    if (part === 'weight') {
      if (!edge.p) throw new NotCompiled('a weight outside a two-hop list');
      return `${edge.p}.weight`;
    }
    if (!edge.t) throw new NotCompiled(`${part} outside a triple`);
    if (part === 'confidence') return `${edge.t}.confidence`;
    const names = (entries: [string, string][]) =>
      entries.map(([name, text]) => `when ${this.predicate(name)} then ${sqlString(text)}`).join(' ');
    if (part === 'predicate') {
      const all = this.predicates.all().map((p): [string, string] => [p.name, p.name]);
      return `(case ${edge.t}.predicate_id ${names(all)} end)`;
    }
    const fallbacks = Object.entries(fallbackByPredicate ?? {});
    return fallbacks.length
      ? `coalesce(${edge.t}.qualifier, case ${edge.t}.predicate_id ${names(fallbacks)} end)`
      : `${edge.t}.qualifier`;
  }

  /**
   * A connection of incoming neighbours: one page (first/after) in the given order, as
   * loadEdgePages reads it (one row more than the page, to know whether more follow), with
   * countEdges' total.
   */
  private incomingPage(c: FieldContext, predicate: string, order: EdgeOrder): string {
    const [offset, first] = this.pageParams(c);
    const predicateId = this.predicate(predicate);
    const rows = `select x.subject_id as id, row_number() over (order by ${edgeOrders[order]('x', 'subject_id')}) as rank
                    from (select t.subject_id, t.position, t.confidence from triple t
                           where t.object_id = ${c.row}.id and t.predicate_id = ${predicateId}
                           order by ${edgeOrders[order]('t', 'subject_id')} offset ${offset} limit ${first} + 1) x`;
    const total = `coalesce((select e.facts from edge_count e
                              where e.object_id = ${c.row}.id and e.predicate_id = ${predicateId}), 0)`;
    return this.connection(c, { rows, total, first, ...rankCursors(offset) });
  }

  /** Nodes two hops away, most paths first (loadTwoHopPages): a connection or a list. */
  private twoHop(c: FieldContext, walk: TwoHopWalk, page: 'connection' | { defaultFirst: number } | 'all') {
    const weights = twoHopWeights(
      {
        first: { direction: walk.first[0], predicate: String(this.predicate(walk.first[1])) },
        second: { direction: walk.second[0], predicate: String(this.predicate(walk.second[1])) },
        excludeSelf: walk.excludeSelf,
      },
      `= ${c.row}.id`,
    );
    const ranked = `select s.result, s.weight, row_number() over (order by ${twoHopOrder('s.weight', 's.result')}) as rank
                      from (${weights}) s`;
    if (page === 'connection') {
      const [offset, first] = this.pageParams(c);
      const rows = `select r.result as id, r.rank - ${offset} as rank, r.weight from (${ranked}) r
                     where r.rank > ${offset} and r.rank <= ${offset} + ${first} + 1`;
      const total = `(select count(*) from (${weights}) w)`;
      return this.connection(c, { rows, total, first, ...rankCursors(offset) });
    }
    const [first] =
      page === 'all'
        ? [String(maxPageSize)]
        : this.param(['int'], (variables) => [
            pageSize(
              (argumentsOf(c.field, c.node, variables) as { first?: number | null }).first,
              page.defaultFirst,
            ),
          ]);
    const p = this.alias('p');
    const m = this.alias('m');
    const type = getNamedType(c.field.type);
    const item =
      isObjectType(type) && type.getInterfaces().length === 0
        ? this.declared(type, this.setsOf(c.node), { row: c.row, edge: { m, p } })
        : this.selected(c, m);
    return `coalesce((select json_agg(${item} order by ${p}.rank)
               from (${ranked}) ${p} join node ${m} on ${m}.id = ${p}.result
              where ${p}.rank <= ${first}), '[]')`;
  }

  /**
   * Talk.relatedTalks: the first entries of the talk's stored list (src/store/related-talk-lists.ts),
   * in order. A talk whose list is missing or out of date is ranked live by the resolvers.
   */
  private relatedTalks(c: FieldContext, defaultFirst: number): string {
    const [first] = this.param(['int'], (variables) => [
      pageSize((argumentsOf(c.field, c.node, variables) as { first?: number | null }).first, defaultFirst),
    ]);
    const l = this.alias('l');
    const m = this.alias('m');
    const related = this.declared(this.objectTypeOf(c.field), this.setsOf(c.node), {
      row: c.row,
      edge: { m, p: 'e' },
    });
    const list = `coalesce((select json_agg(${related} order by e.rank)
                              from ${listEntries(l, first as string)} join node ${m} on ${m}.id = e.id), '[]')`;
    return `(select case when ${l}.talk_id is null then ${resolversAnswer(`'no stored list of related talks for ' || ${c.row}.id`)}::json
                         else ${list} end
               from (select 1) one left join related_talk_list ${l} on ${l}.talk_id = ${c.row}.id and ${servedList(l)})`;
  }

  /** A field of a stored related talk (entry alias `p` of the list, its talk `m`). */
  private relatedPart(c: FieldContext, part: 'talk' | 'score' | 'reasons'): string {
    const entry = c.edge;
    if (!entry?.p) throw new NotCompiled(`${c.field.name} outside a related-talk list`);
    if (part === 'talk') return this.selected(c, entry.m);
    if (part === 'score') return `${entry.p}.score`;
    const x = this.alias('x');
    const reason = this.declared(this.objectTypeOf(c.field), this.setsOf(c.node), {
      row: c.row,
      edge: { m: x, p: x },
    });
    return `coalesce((select json_agg(${reason} order by ${x}.ord)
                        from jsonb_array_elements(${entry.p}.reasons) with ordinality ${x}(r, ord)), '[]')`;
  }

  /** A field of a stored reason, as the ranking statement wrote it (kind, weight, via, terms). */
  private reasonPart(c: FieldContext, part: 'kind' | 'weight' | 'via' | 'terms'): string {
    const x = c.edge?.p;
    if (!x) throw new NotCompiled(`${c.field.name} outside a reason`);
    if (part === 'kind') return `(${x}.r ->> 'kind')`;
    if (part === 'weight') return `(${x}.r ->> 'weight')::float8`;
    // A JSON array of words, or null (lists stored before reasons named their words lack the key).
    if (part === 'terms') return `(${x}.r -> 'terms')`;
    const v = this.alias('v');
    return `(select ${this.selected(c, v)} from node ${v} where ${v}.id = (${x}.r ->> 'via')::bigint)`;
  }

  /** A page's offset and size from first/after (rankSlice), as parameters. */
  private pageParams(c: FieldContext): [offset: string, first: string] {
    const [offset, first] = this.param(['int', 'int'], (variables) => {
      const slice = rankSlice(argumentsOf(c.field, c.node, variables) as PageArgs);
      return [slice.offset, slice.first];
    });
    return [offset as string, first as string];
  }

  /** A connection over one ranked page, with its cursors and page information. */
  private connection(c: FieldContext, page: RankedPage): string {
    const connection = this.objectTypeOf(c.field);
    const { first } = page;
    const m = this.alias('m');
    const p = this.alias('p');
    const inPage = `filter (where ${p}.rank <= ${first})`;
    // The page's cursors in order; [1] is the first, [count] the last (null on an empty page).
    const cursors = `(array_agg(${page.cursor(p, m)} order by ${p}.rank) ${inPage})`;
    const fields = this.object(connection, this.setsOf(c.node), (field, node) => {
      switch (field.name) {
        case 'nodes': {
          const item = this.entity(getNamedType(field.type), this.setsOf(node), m);
          return `coalesce(json_agg(${item} order by ${p}.rank) ${inPage}, '[]')`;
        }
        case 'edges': {
          const edge = this.object(this.objectTypeOf(field), this.setsOf(node), (edgeField, edgeNode) => {
            if (edgeField.name === 'cursor') return page.cursor(p, m);
            if (edgeField.name === 'node')
              return this.entity(getNamedType(edgeField.type), this.setsOf(edgeNode), m);
            throw new NotCompiled(`edge field ${edgeField.name}`);
          });
          return `coalesce(json_agg(${edge} order by ${p}.rank) ${inPage}, '[]')`;
        }
        case 'pageInfo':
          return this.object(this.objectTypeOf(field), this.setsOf(node), (infoField) => {
            switch (infoField.name) {
              case 'hasNextPage':
                return `count(*) > ${first}`;
              case 'hasPreviousPage':
                return page.hasPrevious;
              case 'startCursor':
                return `${cursors}[1]`;
              case 'endCursor':
                return `${cursors}[count(*) ${inPage}]`;
              default:
                throw new NotCompiled(`PageInfo.${infoField.name}`);
            }
          });
        case 'totalCount':
          return page.total;
        default:
          throw new NotCompiled(`${connection.name}.${field.name}`);
      }
    });
    // One row over the page (`group by ()`: an empty page too, and when only totalCount is asked
    // for); rank 1 is the page's first row.
    return `(select ${fields} from (${page.rows}) ${p} join node ${m} on ${m}.id = ${p}.id group by ())`;
  }

  /** talks(filter:), speakers(filter:), topics(orderBy:), events: one page of a root list. */
  private rootList(c: FieldContext, list: 'talks' | 'speakers' | 'topics' | 'events'): string {
    const sql: ListingSql = {
      value: () => {
        throw new Error('compiled listings take their values as parameters');
      },
      predicate: (name) => String(this.predicate(name)),
    };
    if (list === 'talks' || list === 'speakers') return this.keyList(c, list, sql);
    const [offset, first] = this.pageParams(c);
    let ranked: string;
    let total: string;
    if (list === 'topics') {
      const [order] = this.param(['text'], (variables) => [
        (argumentsOf(c.field, c.node, variables) as { orderBy?: TopicOrder | null }).orderBy ?? 'TALKS',
      ]);
      const rank = (order: TopicOrder) => `row_number() over (order by ${topicOrders[order]})`;
      ranked = `select n.id, case when ${order} = 'NAME' then ${rank('NAME')} else ${rank('TALKS')} end as rn
                  from (${topicsWithTalks(sql.predicate('has_topic'))}) n`;
      total = `(select count(*) from node n where n.kind = 'topic')`;
    } else {
      const events = eventsByYear(sql.predicate('year'));
      ranked = `select n.id, row_number() over (order by ${events.order}) as rn from ${events.from}`;
      total = `(select count(*) from ${events.from})`;
    }
    const rows = `select x.id, x.rn - ${offset} as rank from (${ranked}) x
                   where x.rn > ${offset} and x.rn <= ${offset} + ${first} + 1`;
    return this.connection(c, { rows, total, first, ...rankCursors(offset) });
  }

  /** talks and speakers: filtered, paged by node id after a key cursor (keySlice, keyConnection). */
  private keyList(c: FieldContext, list: 'talks' | 'speakers', sql: ListingSql): string {
    const kind = list === 'talks' ? 'talk' : 'speaker';
    // A filter id of the right type, as the node's id when it is of that kind, else one of no node.
    const decode = (id: string | null, typename: string) => {
      if (id === null) return null;
      const decoded = decodeGlobalId(id);
      if (decoded.typename !== typename) throw new NotCompiled('a filter id of another type');
      return decoded.id;
    };
    // An id of nothing: no node; a merged id: the resolvers answer (filterNodeId follows it).
    const ofKind = (id: string, typename: string) => {
      const kind = `'${kindByTypename.get(typename)}'`;
      return `coalesce((select k.id from node k where k.id = ${id} and k.kind = ${kind}),
                       ${mergedAway(id, kind, 'null::text')}::bigint, -1)`;
    };
    const where = [`n.kind = '${kind}'`];
    const pageArgs = (variables: Record<string, unknown>) => {
      const args = argumentsOf(c.field, c.node, variables) as PageArgs & {
        filter?: Record<string, unknown> | null;
      };
      return { args, slice: keySlice(args) };
    };
    let after: string;
    let first: string;
    if (list === 'talks') {
      const types = [
        'bigint',
        'bigint',
        'bigint[]',
        'boolean',
        'int',
        'int',
        'text',
        'text[]',
        'bigint',
        'int',
      ];
      const [event, speaker, topics, all, from, to, text, formats, a, f] = this.param(types, (variables) => {
        const { args, slice } = pageArgs(variables);
        const filter = talkFilterOf(args.filter ?? {});
        return [
          decode(filter.event, filterIdTypes.event),
          decode(filter.speaker, filterIdTypes.speaker),
          filter.topics?.map((id) => decode(id, filterIdTypes.topics)) ?? null,
          filter.allTopics,
          filter.yearFrom,
          filter.yearTo,
          filterText(filter.text),
          filter.formats,
          slice.after,
          slice.first,
        ];
      }) as string[] as [string, string, string, string, string, string, string, string, string, string];
      const cond = talkConditions;
      const topicIds = `array(select ${ofKind('x', filterIdTypes.topics)} from unnest(${topics}) x)`;
      where.push(
        `(${event} is null or ${cond.event(sql, ofKind(event, filterIdTypes.event))})`,
        `(${speaker} is null or ${cond.speaker(sql, ofKind(speaker, filterIdTypes.speaker))})`,
        `(${topics} is null or case when ${all} then ${cond.allTopics(sql, topicIds)} else ${cond.anyTopic(sql, topicIds)} end)`,
        `((${from} is null and ${to} is null) or ${cond.years(sql, `coalesce(${from}, ${openYears.from})`, `coalesce(${to}, ${openYears.to})`)})`,
        `(${text} is null or ${cond.text(sql, text)})`,
        `(${formats} is null or ${cond.formats(sql, formats)})`,
      );
      after = a;
      first = f;
    } else {
      const types = ['bigint', 'bigint', 'bigint', 'text', 'bigint', 'int'];
      const [event, topic, organization, text, a, f] = this.param(types, (variables) => {
        const { args, slice } = pageArgs(variables);
        const filter = speakerFilterOf(args.filter ?? {});
        return [
          decode(filter.event, filterIdTypes.event),
          decode(filter.topic, filterIdTypes.topic),
          decode(filter.organization, filterIdTypes.organization),
          filterText(filter.text),
          slice.after,
          slice.first,
        ];
      }) as string[] as [string, string, string, string, string, string];
      const cond = speakerConditions;
      where.push(
        `(${event} is null or ${cond.event(sql, ofKind(event, filterIdTypes.event))})`,
        `(${topic} is null or ${cond.topic(sql, ofKind(topic, filterIdTypes.topic))})`,
        `(${organization} is null or ${cond.organization(sql, ofKind(organization, filterIdTypes.organization))})`,
        `(${text} is null or ${cond.text(sql, text)})`,
      );
      after = a;
      first = f;
    }
    const conditions = where.join(' and ');
    const rows = `select n.id, row_number() over (order by ${keyPageOrder}) as rank
                    from (select n.id from node n where ${conditions} and (${after} is null or n.id > ${after})
                           order by ${keyPageOrder} limit ${first} + 1) n`;
    return this.connection(c, {
      rows,
      total: `(select count(*) from node n where ${conditions})`,
      first,
      cursor: (_p, m) => base64urlSql(`'k:' || ${m}.id`),
      hasPrevious: `${after} is not null`,
    });
  }

  private objectTypeOf(field: GraphQLField<unknown, unknown>): GraphQLObjectType {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) throw new NotCompiled(`${field.name} returns an abstract type`);
    return type;
  }

  private setsOf(node: FieldNode): SelectionSetNode[] {
    if (!node.selectionSet) throw new NotCompiled(`${node.name.value} without a selection`);
    return [node.selectionSet];
  }
}

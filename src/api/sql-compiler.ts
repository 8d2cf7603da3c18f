// Compiled queries: a read-only operation over the core types (talks, speakers, topics, events and
// the lists between them) becomes one SQL statement whose single value is the response's `data` as
// JSON text, which the server sends on without building or serializing a JavaScript object tree.
// The resolvers stay the definition of every field: the compiler knows a subset of fields, each
// written here to return exactly what its resolver returns (tests/api/sql-compiler.test.ts runs
// every known field both ways), and anything else, or anything the resolvers would answer with an
// error (a malformed id, a page too large, a query over the cost limit, text with a NUL character),
// is left to them.
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/database.js';
import type { PredicateRegistry } from '../store/predicates.js';
import type { EdgeOrder } from '../store/traversal.js';
import { queryLimits } from './builder.js';
import { decodeGlobalId } from './global-id.js';
import { type PageArgs, rankSlice } from './pagination.js';
import { QueryCache } from './query-cache.js';
import { fieldsOf } from './reads.js';
import { checkTextArguments } from './text-arguments.js';
import { typenameByKind } from './types/entity.js';

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
    const cost = complexityFromQuery(document, { schema, variables: coerced.coerced });
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
  const compiler = new Compiler(fragments, predicates);
  try {
    const data = compiler.object(queryType, [operation.selectionSet], (field, node) =>
      compiler.rootField(field, node),
    );
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

/** How a known field is written in SQL, given the alias of its parent's node row. */
type FieldSql = (c: FieldContext) => string;

interface FieldContext {
  /** Alias of the parent node row (columns id, kind, slug, label). */
  row: string;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  compiler: Compiler;
}

/** Connections of incoming neighbours paged by rank within their parent, as incomingPage() defines them. */
const incoming =
  (predicate: string, order: EdgeOrder): FieldSql =>
  (c) =>
    c.compiler.incomingPage(c, predicate, order);

const label: FieldSql = (c) => `${c.row}.label`;

/** The fields the compiler knows, by type; each matches its resolver in src/api/types/. */
const knownFields: Record<string, Record<string, FieldSql>> = {
  Talk: {
    title: label,
    abstract: (c) => c.compiler.literal(c.row, 'abstract'),
    abstractTruncated: (c) => `coalesce(${c.compiler.literal(c.row, 'abstract_truncated')} = 'true', false)`,
    // The enum's names are its values in upper case (TalkFormat in types/talk.ts).
    format: (c) => `upper(coalesce(${c.compiler.literal(c.row, 'format')}, 'talk'))`,
    startsAt: (c) => c.compiler.literal(c.row, 'starts_at'),
    endsAt: (c) => c.compiler.literal(c.row, 'ends_at'),
    room: (c) => c.compiler.literal(c.row, 'room'),
    track: (c) => c.compiler.literal(c.row, 'track'),
    language: (c) => c.compiler.literal(c.row, 'language'),
    url: (c) => c.compiler.literal(c.row, 'url'),
    event: (c) => c.compiler.firstEdge(c.row, 'presented_at', (_t, m) => c.compiler.selected(c, m)),
    position: (c) => c.compiler.firstEdge(c.row, 'presented_at', (t) => `${t}.position`),
    speakers: (c) => c.compiler.edgeList(c, 'has_speaker'),
    topics: (c) => c.compiler.topicTags(c),
  },
  Speaker: {
    name: label,
    handle: (c) => c.compiler.literal(c.row, 'handle'),
    bio: (c) => c.compiler.literal(c.row, 'bio'),
    url: (c) => c.compiler.literal(c.row, 'url'),
    talks: incoming('has_speaker', 'node'),
  },
  Topic: {
    name: label,
    talks: incoming('has_topic', 'confidence'),
  },
  Event: {
    name: label,
    // Number(year) in the resolver; a year that is not an integer fails the cast, and the
    // resolvers then answer.
    year: (c) => `(${c.compiler.literal(c.row, 'year')})::int`,
    city: (c) => c.compiler.literal(c.row, 'city'),
    venue: (c) => c.compiler.literal(c.row, 'venue'),
    startDate: (c) => c.compiler.literal(c.row, 'start_date'),
    endDate: (c) => c.compiler.literal(c.row, 'end_date'),
    url: (c) => c.compiler.literal(c.row, 'url'),
    talks: incoming('presented_at', 'position'),
  },
};

/** Every field the compiler knows, as "Type.field" (the tests run each of them both ways). */
export const compiledFields = (): string[] =>
  Object.entries(knownFields).flatMap(([type, fields]) =>
    [...Object.keys(fields), ...Object.keys(entityFields)].map((field) => `${type}.${field}`),
  );

/** Node and Entity fields, on every type above. */
const entityFields: Record<string, FieldSql> = {
  id: (c) => globalIdSql(c.row),
  kind: (c) => `${c.row}.kind`,
  slug: (c) => `${c.row}.slug`,
  label,
};

/** The root fields the compiler knows: one entity of a kind by id or slug. */
const rootKinds: Record<string, string> = {
  talk: 'talk',
  speaker: 'speaker',
  topic: 'topic',
  event: 'event',
};

/** encodeGlobalId(typenameOf(row), row.id), in SQL. */
function globalIdSql(row: string): string {
  const cases = Object.entries(typenameByKind)
    .map(([kind, typename]) => `when '${kind}' then '${typename}'`)
    .join(' ');
  return base64urlSql(`(case ${row}.kind ${cases} else 'Technology' end) || ':' || ${row}.id`);
}

/** rankCursor(rank), in SQL. */
const rankCursorSql = (rank: string) => base64urlSql(`'r:' || (${rank})`);

/** Buffer.from(text).toString('base64url'), in SQL (the short texts here fit one base64 line). */
const base64urlSql = (text: string) =>
  `translate(rtrim(encode(convert_to(${text}, 'UTF8'), 'base64'), '='), '+/', '-_')`;

/** Order keys of an incoming page (loadEdgePages' edgeOrders), over alias `a`. */
const pageOrders: Record<EdgeOrder, (a: string) => string> = {
  node: (a) => `${a}.subject_id`,
  position: (a) => `${a}.position nulls last, ${a}.subject_id`,
  confidence: (a) => `${a}.confidence desc nulls last, ${a}.subject_id`,
};

class Compiler {
  readonly params: ((variables: Record<string, unknown>) => unknown[])[] = [];
  private paramCount = 0;
  private aliases = 0;

  constructor(
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
   * A response name given twice (merged selections) and unknown fields are left to the resolvers.
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
    if (pairs.length === 0 || pairs.length > 50) throw new NotCompiled('too many fields');
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** The JSON of a node row aliased `row`, as an object of one of the known types. */
  entity(type: GraphQLObjectType, sets: readonly SelectionSetNode[], row: string): string {
    const known = knownFields[type.name];
    if (!known) throw new NotCompiled(`type ${type.name}`);
    return this.object(type, sets, (field, node) => {
      const sql = known[field.name] ?? entityFields[field.name];
      if (!sql) throw new NotCompiled(`${type.name}.${field.name}`);
      return sql({ row, field, node, compiler: this });
    });
  }

  /** The node row aliased `row`, as the object the field of `c` selects. */
  selected(c: FieldContext, row: string): string {
    return this.entity(this.objectTypeOf(c.field), this.setsOf(c.node), row);
  }

  /** talk(id:|slug:), speaker(...), topic(...), event(...): the node, or null. */
  rootField(field: GraphQLField<unknown, unknown>, node: FieldNode): string {
    const kind = rootKinds[field.name];
    const type = getNamedType(field.type);
    if (!kind || !isObjectType(type)) throw new NotCompiled(`Query.${field.name}`);
    const typename = type.name;
    // Exactly one of id and slug, and an id of the right type; otherwise the resolver reports it.
    const [id, slug] = this.param(['bigint', 'text'], (variables) => {
      const args = argumentsOf(field, node, variables) as { id?: string | null; slug?: string | null };
      if ((args.id == null) === (args.slug == null)) throw new NotCompiled('id or slug');
      if (args.slug != null) return [null, args.slug];
      const decoded = decodeGlobalId(String(args.id));
      if (decoded.typename !== typename) throw new NotCompiled('id of another type');
      return [decoded.id, null];
    });
    const row = this.alias('n');
    // The slug lookup runs only when no id is given (coalesce evaluates it lazily).
    return `(select ${this.entity(type, this.setsOf(node), row)} from node ${row}
              where ${row}.id = coalesce(${id}, (select s.id from node s where s.kind = '${kind}' and s.slug = ${slug}))
                and ${row}.kind = '${kind}')`;
  }

  /** Loaders.literal: the first literal value of a predicate, in stored order. */
  literal(row: string, predicate: string): string {
    return `(select t.object_value from triple t
              where t.subject_id = ${row}.id and t.predicate_id = ${this.predicate(predicate)} and t.object_value is not null
              order by t.position nulls last, t.id limit 1)`;
  }

  /**
   * A value over the outgoing edges of the parent through `predicate`, as Loaders.edges reads them
   * (edges to nodes only): `value` gets the aliases of the triple and of the node it points at;
   * `tail` (ORDER BY, LIMIT) follows the WHERE clause.
   */
  private outgoing(
    row: string,
    predicate: string,
    value: (t: string, m: string) => string,
    tail: (t: string) => string = () => '',
  ): string {
    const t = this.alias('t');
    const m = this.alias('m');
    return `(select ${value(t, m)}
               from triple ${t} join node ${m} on ${m}.id = ${t}.object_id
              where ${t}.subject_id = ${row}.id and ${t}.predicate_id = ${this.predicate(predicate)} ${tail(t)})`;
  }

  /** The first edge in stored order (a talk's event), or null. */
  firstEdge(row: string, predicate: string, value: (t: string, m: string) => string): string {
    return this.outgoing(row, predicate, value, (t) => `order by ${t}.position nulls last, ${t}.id limit 1`);
  }

  /** Every node through an outgoing edge, in stored order (a talk's speakers in billing order). */
  edgeList(c: FieldContext, predicate: string): string {
    const list = this.outgoing(
      c.row,
      predicate,
      (t, m) => `json_agg(${this.selected(c, m)} order by ${t}.position nulls last, ${t}.id)`,
    );
    return `coalesce(${list}, '[]')`;
  }

  /** Talk.topics: TopicTag { topic confidence evidence }, most confident first, then by topic id. */
  topicTags(c: FieldContext): string {
    const list = this.outgoing(c.row, 'has_topic', (t, m) => {
      const tag = this.object(this.objectTypeOf(c.field), this.setsOf(c.node), (field, node) => {
        if (field.name === 'confidence') return `${t}.confidence`;
        // The extractor stores a tag's evidence as the has_topic triple's qualifier.
        if (field.name === 'evidence') return `${t}.qualifier`;
        if (field.name === 'topic') return this.entity(this.objectTypeOf(field), this.setsOf(node), m);
        throw new NotCompiled(`TopicTag.${field.name}`);
      });
      return `json_agg(${tag} order by ${t}.confidence desc, ${m}.id)`;
    });
    return `coalesce(${list}, '[]')`;
  }

  /**
   * A connection of incoming neighbours: one page (first/after) in the given order, as
   * loadEdgePages reads it (one row more than the page, to know whether more follow), with
   * rankConnection's cursors and page information and countEdges' total.
   */
  incomingPage(c: FieldContext, predicate: string, order: EdgeOrder): string {
    const connection = this.objectTypeOf(c.field);
    const [offset, first] = this.param(['int', 'int'], (variables) => {
      const slice = rankSlice(argumentsOf(c.field, c.node, variables) as PageArgs);
      return [slice.offset, slice.first];
    });
    const predicateId = this.predicate(predicate);
    const m = this.alias('m');
    const p = this.alias('p');
    const inPage = `filter (where ${p}.rank <= ${first})`;
    const rows = `count(*) filter (where ${p}.rank <= ${first})`;
    const cursor = (rank: string) => `case when ${rows} > 0 then ${rankCursorSql(rank)} end`;
    const fields = this.object(connection, this.setsOf(c.node), (field, node) => {
      switch (field.name) {
        case 'nodes': {
          const item = this.entity(this.objectTypeOf(field), this.setsOf(node), m);
          return `coalesce(json_agg(${item} order by ${p}.rank) ${inPage}, '[]')`;
        }
        case 'edges': {
          const edge = this.object(this.objectTypeOf(field), this.setsOf(node), (edgeField, edgeNode) => {
            if (edgeField.name === 'cursor') return rankCursorSql(`${offset} + ${p}.rank`);
            if (edgeField.name === 'node')
              return this.entity(this.objectTypeOf(edgeField), this.setsOf(edgeNode), m);
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
                return `${offset} > 0`;
              case 'startCursor':
                return cursor(`${offset} + 1`);
              case 'endCursor':
                return cursor(`${offset} + ${rows}`);
              default:
                throw new NotCompiled(`PageInfo.${infoField.name}`);
            }
          });
        case 'totalCount':
          return `coalesce((select e.facts from edge_count e
                             where e.object_id = ${c.row}.id and e.predicate_id = ${predicateId}), 0)`;
        default:
          throw new NotCompiled(`${connection.name}.${field.name}`);
      }
    });
    // One row over the page (`group by ()`: an empty page too, and when only totalCount is asked
    // for); rank 1 is the page's first row.
    return `(select ${fields}
               from (select x.subject_id, row_number() over (order by ${pageOrders[order]('x')}) as rank
                       from (select t.subject_id, t.position, t.confidence from triple t
                              where t.object_id = ${c.row}.id and t.predicate_id = ${predicateId}
                              order by ${pageOrders[order]('t')} offset ${offset} limit ${first} + 1) x) ${p}
               join node ${m} on ${m}.id = ${p}.subject_id
              group by ())`;
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

// Valid GraphQL queries over what compiled queries cover (src/api/sql-compiler.ts), for property
// tests that compare the compiled answers with the resolvers'. The fields come from the schema and
// from the compiler's own list (compiledFields), so that a field the compiler learns is generated
// too; argument values come from a graph the test seeded. The queries use aliases (two of one field
// with different arguments too), named and inline fragments on the object type and on its
// interfaces, variables (some with defaults), __typename and nested lists.
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { compiledFields } from '../../src/api/sql-compiler.js';

type Field = GraphQLField<unknown, unknown>;

/** What compiled queries cover: their root fields, and the fields of each object type below them. */
export interface CompiledSurface {
  roots: Field[];
  /** By object type name. */
  fields: Map<string, Field[]>;
  /** The entity types the compiler knows (Talk, Speaker, …): a list into one of them nests a level. */
  entities: Set<string>;
}

/**
 * The one place that reads what the compiler knows. Its entity types and their fields are
 * compiledFields(); its root fields are the Query fields that fetch one of those types by `id` or
 * `slug` (talk, speaker, topic, event); an object type that is not an entity, reached from a known
 * field (a connection, its edges and page information, a topic tag), the compiler writes whole.
 */
export function compiledSurface(schema: GraphQLSchema): CompiledSurface {
  const known = new Set(compiledFields(schema));
  const entities = new Set([...known].map((name) => name.split('.')[0] as string));
  const query = schema.getQueryType();
  if (!query) throw new Error('the schema has no Query type');
  const roots = Object.values(query.getFields()).filter(
    (field) =>
      entities.has(getNamedType(field.type).name) &&
      field.args
        .map((arg) => arg.name)
        .sort()
        .join() === 'id,slug',
  );
  const fields = new Map<string, Field[]>();
  const visit = (type: GraphQLObjectType) => {
    if (fields.has(type.name)) return;
    const list: Field[] = [];
    fields.set(type.name, list);
    for (const field of Object.values(type.getFields())) {
      if (entities.has(type.name) && !known.has(`${type.name}.${field.name}`)) continue;
      const target = getNamedType(field.type);
      if (isLeafType(target)) list.push(field);
      else if (isObjectType(target) && (entities.has(target.name) || !isEntityType(target))) {
        list.push(field);
        visit(target);
      }
    }
  };
  for (const root of roots) visit(getNamedType(root.type) as GraphQLObjectType);
  return { roots, fields, entities };
}

const isEntityType = (type: GraphQLObjectType) => type.getInterfaces().some((i) => i.name === 'Node');

/** Argument values from the seeded graph, by the argument's name. */
export interface GraphValues {
  /** Global ids of a type: of its nodes, and some of no node of that type. */
  ids: Record<string, string[]>;
  /** Slugs for a type: of its nodes, and some of no node of that type. */
  slugs: Record<string, string[]>;
}

/** One argument: its value, written in the query or passed as a variable (maybe its default). */
interface ArgumentPick {
  name: string;
  value: string | number | null;
  via: 'literal' | 'variable' | 'default';
  /** The variable is declared non-null (when its value is not null). */
  nonNull: boolean;
}

/** One field of a selection, before response names are settled and fragments are drawn. */
interface FieldPick {
  field: string;
  alias: string | null;
  args: ArgumentPick[];
  selection: FieldPick[] | null;
  /** Where the field is written: directly, or in which inline or named fragment (mod the choices). */
  place: number;
}

/** A generated operation, as the property receives it. */
export interface GeneratedQuery {
  query: string;
  variables: Record<string, unknown>;
  /** What the query uses, to check that the runs covered every feature. */
  features: Set<string>;
}

const cursor = (rank: number) => Buffer.from(`r:${rank}`).toString('base64url');

/** Response names to try as aliases: field names of the same type too, to confuse the two. */
const aliasNames = ['a', 'b', 'x', 'title', 'name', 'talks', 'id', 'node', 'totalCount'];

export interface GeneratorOptions {
  /** How many lists into entities may nest below a root field (talk → speakers → talks → …). */
  depth?: number;
  /** Most root fields in one operation. */
  roots?: number;
}

export function queryArbitrary(
  schema: GraphQLSchema,
  surface: CompiledSurface,
  values: GraphValues,
  { depth = 4, roots = 3 }: GeneratorOptions = {},
): fc.Arbitrary<GeneratedQuery> {
  const argumentValue = (type: string, arg: GraphQLArgument): fc.Arbitrary<string | number | null> | null => {
    switch (arg.name) {
      case 'id':
      case 'slug': {
        const known = (arg.name === 'id' ? values.ids : values.slugs)[type] ?? [];
        return known.length ? fc.constantFrom(...known) : null;
      }
      case 'first':
        // Mostly small pages: first multiplies the cost of everything below it.
        return fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 6 },
          { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 1 },
          { arbitrary: fc.constant(null), weight: 1 },
        );
      case 'after':
        return fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 12 }).map(cursor), weight: 8 },
          { arbitrary: fc.constantFrom(cursor(30), ''), weight: 1 },
          { arbitrary: fc.constant(null), weight: 1 },
        );
      default:
        return null;
    }
  };
  const argumentPick = (name: string, value: fc.Arbitrary<string | number | null>) =>
    fc.record({
      name: fc.constant(name),
      value,
      via: fc.constantFrom<ArgumentPick['via']>('literal', 'variable', 'default'),
      nonNull: fc.boolean(),
    });

  /** Optional arguments it knows values for, each given or not; null when a required one is unknown. */
  const argumentsOf = (type: string, field: Field): fc.Arbitrary<ArgumentPick[]> | null => {
    const picks: fc.Arbitrary<ArgumentPick | null>[] = [];
    for (const arg of field.args) {
      const value = argumentValue(type, arg);
      if (!value) {
        if (isNonNullType(arg.type)) return null;
        continue;
      }
      picks.push(fc.option(argumentPick(arg.name, value), { freq: 2 }));
    }
    return fc.tuple(...picks).map((args) => args.filter((a): a is ArgumentPick => a !== null));
  };

  const selections = new Map<string, fc.Arbitrary<FieldPick[]> | null>();
  /** Selections on `type` with `levels` entity levels left below it, or null when none can be made. */
  const selectionOf = (typeName: string, levels: number): fc.Arbitrary<FieldPick[]> | null => {
    const key = `${typeName}/${levels}`;
    if (selections.has(key)) return selections.get(key) ?? null;
    selections.set(key, null); // no cycles through types that are not entities
    const choices: fc.WeightedArbitrary<FieldPick>[] = [
      { arbitrary: pickOf('__typename', fc.constant([]), null), weight: 1 },
    ];
    for (const field of surface.fields.get(typeName) ?? []) {
      const args = argumentsOf(getNamedType(field.type).name, field);
      if (!args) continue;
      const target = getNamedType(field.type);
      if (isLeafType(target)) {
        choices.push({ arbitrary: pickOf(field.name, args, null), weight: 3 });
        continue;
      }
      const below = surface.entities.has(target.name) ? levels - 1 : levels;
      const selection = below < 0 ? null : selectionOf(target.name, below);
      if (selection) choices.push({ arbitrary: pickOf(field.name, args, selection), weight: 8 });
    }
    // Fewer fields deeper down, so that the queries stay within the cost limits mostly.
    const arbitrary = fc.array(fc.oneof(...choices), {
      minLength: 1,
      maxLength: levels >= depth - 1 ? 4 : 3,
    });
    selections.set(key, arbitrary);
    return arbitrary;
  };

  const pickOf = (
    field: string,
    args: fc.Arbitrary<ArgumentPick[]>,
    selection: fc.Arbitrary<FieldPick[]> | null,
  ): fc.Arbitrary<FieldPick> =>
    fc.record({
      field: fc.constant(field),
      alias: fc.option(fc.constantFrom(...aliasNames), { freq: 3 }),
      args,
      selection: selection ?? fc.constant(null),
      place: fc.nat(11),
    });

  const rootPick = (field: Field): fc.Arbitrary<FieldPick> | null => {
    const type = getNamedType(field.type).name;
    const selection = selectionOf(type, depth);
    if (!selection) return null;
    // Exactly one of id and slug: with both or neither the resolver answers with an error.
    const one = field.args.flatMap((arg) => {
      const value = argumentValue(type, arg);
      return value ? [argumentPick(arg.name, value)] : [];
    });
    if (one.length === 0) return null;
    return pickOf(
      field.name,
      fc.oneof(...one).map((arg) => [arg]),
      selection,
    );
  };
  const rootChoices = surface.roots.flatMap((root) => rootPick(root) ?? []);
  const query = schema.getQueryType() as GraphQLObjectType;
  return fc
    .record({
      roots: fc.array(fc.oneof(...rootChoices), { minLength: 1, maxLength: roots }),
      typename: fc.option(fc.nat(roots), { freq: 4 }),
      named: fc.boolean(),
      // Now and then large pages throughout, to reach the cost limits.
      large: fc.oneof(
        { arbitrary: fc.constant(false), weight: 5 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
    })
    .map(({ roots: picks, typename, named, large }) => {
      const all: FieldPick[] = [...picks];
      if (typename !== null)
        all.splice(Math.min(typename, all.length), 0, {
          field: '__typename',
          alias: null,
          args: [],
          selection: null,
          place: 0,
        });
      return render(schema, query, all, { named, large });
    });
}

/** Writes the operation: response names made unique, fields placed in fragments, variables declared. */
function render(
  schema: GraphQLSchema,
  query: GraphQLObjectType,
  picks: FieldPick[],
  { named, large }: { named: boolean; large: boolean },
): GeneratedQuery {
  const features = new Set<string>();
  const fragments = new Map<string, string>(); // definition body → name
  const definitions: string[] = [];
  const variableDefinitions: string[] = [];
  const variables: Record<string, unknown> = {};

  const argument = (parent: GraphQLObjectType, field: string, arg: ArgumentPick): string => {
    // Small pages, 0 to 4, become 0 to 100 in steps of 25 in a large query.
    const value =
      large && arg.name === 'first' && typeof arg.value === 'number' && arg.value <= 4
        ? arg.value * 25
        : arg.value;
    if (value !== arg.value) features.add('large pages');
    const literal = value === null ? 'null' : JSON.stringify(value);
    if (arg.via === 'literal') return `${arg.name}: ${literal}`;
    const definition = parent.getFields()[field]?.args.find((a) => a.name === arg.name);
    const typeName = getNamedType(definition?.type)?.name;
    const name = `v${variableDefinitions.length + 1}`;
    features.add('variable');
    if (arg.via === 'default') {
      features.add('variable default');
      variableDefinitions.push(`$${name}: ${typeName} = ${literal}`);
    } else {
      variableDefinitions.push(`$${name}: ${typeName}${arg.nonNull && value !== null ? '!' : ''}`);
      variables[name] = value;
    }
    return `${arg.name}: $${name}`;
  };

  const selection = (type: GraphQLObjectType, set: FieldPick[], level: number): string => {
    // Response names unique within the object: a name given twice is left to the resolvers.
    const used = new Set<string>();
    const written: { text: string; place: number; field: string }[] = [];
    const counts = new Map<string, number>();
    for (const pick of set) {
      let key = pick.alias ?? pick.field;
      for (let i = 2; used.has(key); i++) key = `${pick.alias ?? pick.field}${i}`;
      used.add(key);
      const alias = key === pick.field && pick.alias === null ? '' : `${key}: `;
      if (alias) features.add('alias');
      counts.set(pick.field, (counts.get(pick.field) ?? 0) + 1);
      if (pick.field === '__typename') features.add('__typename');
      const args = pick.args.map((arg) => argument(type, pick.field, arg));
      let text = `${alias}${pick.field}${args.length ? `(${args.join(', ')})` : ''}`;
      if (pick.selection) {
        const target = getNamedType(type.getFields()[pick.field]?.type) as GraphQLObjectType;
        const entity = target.getInterfaces().some((i) => i.name === 'Node');
        if (entity) features.add(`entity level ${level + 1}`);
        text += ` { ${selection(target, pick.selection, entity ? level + 1 : level)} }`;
      }
      written.push({ text, place: pick.place, field: pick.field });
    }
    for (const [field, count] of counts) {
      const withArguments = (type.getFields()[field]?.args.length ?? 0) > 0;
      if (count > 1 && withArguments) features.add('one field twice, with arguments');
    }
    // Where each field may go: directly, an inline fragment without or with a type condition, or a
    // named fragment, on the type or on an interface that has the field.
    const conditions = [type, ...type.getInterfaces()];
    const places = [
      'direct',
      'inline',
      ...conditions.map((c) => `inline on ${c.name}`),
      ...conditions.map((c) => `named on ${c.name}`),
    ];
    const groups = new Map<string, string[]>();
    for (const { text, place, field } of written) {
      let where = places[place % places.length] as string;
      const condition = where.split(' on ')[1];
      if (condition && field !== '__typename') {
        const on = schema.getType(condition) as GraphQLObjectType;
        if (!on.getFields()[field]) where = 'direct';
      }
      if (where === 'direct') where = `direct ${groups.size}`; // keeps its place among the fragments
      const group = groups.get(where) ?? [];
      group.push(text);
      groups.set(where, group);
    }
    return [...groups]
      .map(([where, texts]) => {
        const body = texts.join(' ');
        if (where.startsWith('direct')) return body;
        const condition = where.split(' on ')[1];
        if (where.startsWith('inline')) {
          features.add(
            condition
              ? `inline fragment on ${condition === type.name ? 'type' : 'interface'}`
              : 'inline fragment',
          );
          return `... ${condition ? `on ${condition} ` : ''}{ ${body} }`;
        }
        features.add(`named fragment on ${condition === type.name ? 'type' : 'interface'}`);
        const definition = `on ${condition} { ${body} }`;
        let name = fragments.get(definition);
        if (!name) {
          name = `F${fragments.size + 1}`;
          fragments.set(definition, name);
          definitions.push(`fragment ${name} ${definition}`);
        } else {
          features.add('named fragment reused');
        }
        return `...${name}`;
      })
      .join(' ');
  };

  const body = selection(query, picks, 0);
  const header = variableDefinitions.length
    ? `query${named ? ' Q' : ''}(${variableDefinitions.join(', ')}) `
    : named
      ? 'query Q '
      : '';
  return { query: [`${header}{ ${body} }`, ...definitions].join('\n'), variables, features };
}

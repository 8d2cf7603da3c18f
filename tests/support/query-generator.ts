// Valid GraphQL queries over what compiled queries cover (src/api/sql-compiler.ts), for property
// tests that compare the compiled answers with the resolvers'. The fields come from the schema and
// from the compiler's own list (compiledFields), so that a field the compiler learns is generated
// too; argument values come from a graph the test seeded, and input objects (filters) are built
// from their input type's fields. The queries use aliases (two of one field with different
// arguments too), named and inline fragments on the object type and on its interfaces, selections
// on interfaces (node, nodes, Talk.mentions) with fragments on the types that implement them,
// variables (some with defaults), __typename and nested lists.
import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { filterIdTypes, readOf } from '../../src/api/field-reads.js';
import { compiledFields } from '../../src/api/sql-compiler.js';

type Field = GraphQLField<unknown, unknown>;
type Composite = GraphQLObjectType | GraphQLInterfaceType;

/** What compiled queries cover: their root fields, and the fields of each type below them. */
export interface CompiledSurface {
  roots: Field[];
  /** By object or interface type name. */
  fields: Map<string, Field[]>;
  /**
   * By interface name: the types a selection on it may name in a fragment (the object types that
   * implement it, and the other interfaces that share them).
   */
  conditions: Map<string, string[]>;
  /** The entity types the compiler knows (Talk, Speaker, …, Node, Entity): a list into one nests a level. */
  entities: Set<string>;
  /** "Type.field" → the cursors its `after` takes: ranks in the list, or node ids (keys). */
  cursors: Map<string, 'rank' | 'key'>;
}

/**
 * The one place that reads what the compiler knows. Its root fields are the Query fields
 * compiledFields() names (talk(id|slug), node, nodes, talks(filter), topics, …); its entity types
 * and their fields are compiledFields(); an interface (Node, Entity) offers the fields every type
 * implementing it compiles, and fragments on those types; an object type that is not an entity,
 * reached from a known field (a connection, its edges and page information, a topic tag, an
 * affiliation), the compiler writes whole.
 */
export function compiledSurface(schema: GraphQLSchema): CompiledSurface {
  const known = new Set(compiledFields(schema));
  const entities = new Set([...known].map((name) => name.split('.')[0] as string));
  const query = schema.getQueryType();
  if (!query) throw new Error('the schema has no Query type');
  const roots = Object.values(query.getFields()).filter((field) => known.has(`${query.name}.${field.name}`));
  const fields = new Map<string, Field[]>();
  const conditions = new Map<string, string[]>();
  const cursors = new Map<string, 'rank' | 'key'>();
  const possible = (type: GraphQLInterfaceType) => schema.getPossibleTypes(type).map((t) => t.name);
  // The field is compiled on every object type a selection on `type` may meet.
  const compiledOn = (type: Composite, field: Field) =>
    isObjectType(type)
      ? !entities.has(type.name) || known.has(`${type.name}.${field.name}`)
      : possible(type).every((name) => known.has(`${name}.${field.name}`));
  const pagedBy = (type: Composite, field: Field) => {
    if (!field.args.some((arg) => arg.name === 'after')) return;
    // The root lists of talks and speakers page by node id (the compiler's keyList, the resolvers'
    // keySlice); every other list pages by rank.
    const read = readOf(field);
    const key = read?.from === 'list' && (read.list === 'talks' || read.list === 'speakers');
    cursors.set(`${type.name}.${field.name}`, key ? 'key' : 'rank');
  };
  const visit = (type: Composite) => {
    if (fields.has(type.name)) return;
    const list: Field[] = [];
    fields.set(type.name, list);
    if (isInterfaceType(type)) {
      entities.add(type.name);
      const others = Object.values(schema.getTypeMap()).filter(
        (other): other is GraphQLInterfaceType =>
          isInterfaceType(other) &&
          other !== type &&
          possible(other).some((name) => possible(type).includes(name)),
      );
      const named = [...possible(type).filter((name) => entities.has(name)), ...others.map((o) => o.name)];
      conditions.set(type.name, named);
      for (const name of named) visit(schema.getType(name) as Composite);
    }
    for (const field of Object.values(type.getFields())) {
      if (!compiledOn(type, field)) continue;
      const target = getNamedType(field.type);
      pagedBy(type, field);
      if (isLeafType(target)) list.push(field);
      else if (isObjectType(target) && (entities.has(target.name) || !isEntityType(target))) {
        list.push(field);
        visit(target);
      } else if (isInterfaceType(target)) {
        list.push(field);
        visit(target);
      }
    }
  };
  for (const root of roots) {
    pagedBy(query, root);
    const target = getNamedType(root.type);
    if (isObjectType(target) || isInterfaceType(target)) visit(target);
  }
  return { roots, fields, conditions, entities, cursors };
}

const isEntityType = (type: GraphQLNamedType) =>
  (isObjectType(type) || isInterfaceType(type)) &&
  (type.name === 'Node' || type.getInterfaces().some((i) => i.name === 'Node'));

/** Argument values from the seeded graph. */
export interface GraphValues {
  /** Global ids of a type: of its nodes, and some of no node of that type. */
  ids: Record<string, string[]>;
  /** Slugs for a type: of its nodes, and some of no node of that type. */
  slugs: Record<string, string[]>;
  /** Node ids to continue a list after (key cursors): of nodes of every kind, and of none. */
  keys: number[];
  /** Years to filter by: the events' years, and around them. */
  years: number[];
  /** Words of the graph's titles, names and abstracts to filter by text. */
  texts: string[];
}

/** An argument's value as a variable holds it (enums by name, input objects as objects). */
type Value = string | number | boolean | null | Value[] | { [field: string]: Value };

/** One argument: its value, written in the query or passed as a variable (maybe its default). */
interface ArgumentPick {
  name: string;
  value: Value;
  via: 'literal' | 'variable' | 'default';
  /** The variable is declared non-null (when its value is not null). */
  nonNull: boolean;
}

/**
 * One item of a selection, before response names are settled and fragments are drawn: a field, or
 * (`on`) a fragment on a type that a selection on an interface may meet.
 */
interface FieldPick {
  field: string;
  /** A fragment on this type, whose fields are `selection`. */
  on?: string;
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

const cursor = (prefix: 'r' | 'k', n: number) => Buffer.from(`${prefix}:${n}`).toString('base64url');

/** Response names to try as aliases: field names of the same type too, to confuse the two. */
const aliasNames = ['a', 'b', 'x', 'title', 'name', 'talks', 'id', 'node', 'totalCount'];

/** Text the way clients write it: case changed, spaces around and doubled, accents added or dropped. */
const retyped = (text: string, how: number) => {
  switch (how % 6) {
    case 0:
      return text.toUpperCase();
    case 1:
      return `  ${text.toLowerCase()}\t`;
    case 2:
      return text.normalize('NFD').replace(/\p{M}/gu, '');
    case 3:
      return text.replaceAll('e', 'é').replaceAll('o', 'ö').replaceAll('a', 'Å');
    case 4:
      return text.replaceAll(' ', '  ');
    default:
      return text;
  }
};

/** Text with LIKE's own characters, whitespace only, empty, and characters unaccent folds. */
const oddTexts = ['%', '_', '\\', '50%', 'part_1', 'a\\b', '%_\\', '   ', '', '％', '＿', ' \n ', "o'", 'ß'];

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
  /** Ids of a type, or of every type that implements an interface. */
  const idsOf = (type: GraphQLNamedType): string[] =>
    isAbstractType(type)
      ? schema.getPossibleTypes(type).flatMap((t) => values.ids[t.name] ?? [])
      : (values.ids[type.name] ?? []);
  const orNull = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.option(arbitrary, { freq: 6 }) as fc.Arbitrary<T | null>;

  /**
   * Values of an argument or input field `name` of `type`, on a field returning `owner` (whose ids
   * and slugs an `id` or `slug` takes); null when it knows none.
   */
  const argumentValue = (
    name: string,
    type: GraphQLInputType,
    owner: GraphQLNamedType,
    cursors: 'rank' | 'key',
  ): fc.Arbitrary<Value> | null => {
    const value = nonNullValueOf(name, getNullableType(type), owner, cursors);
    return value && (isNonNullType(type) ? value : orNull(value));
  };
  const nonNullValueOf = (
    name: string,
    type: GraphQLInputType,
    owner: GraphQLNamedType,
    cursors: 'rank' | 'key',
  ): fc.Arbitrary<Value> | null => {
    let value: fc.Arbitrary<Value> | null = null;
    if (isListType(type)) {
      const item = argumentValue(name, type.ofType, owner, cursors);
      // Empty, one or several (repeated too).
      value = item && fc.array(item, { maxLength: 4 });
    } else if (isInputObjectType(type)) {
      const entries = Object.values(type.getFields()).flatMap((field) => {
        const arbitrary = argumentValue(field.name, field.type, owner, cursors);
        if (!arbitrary) return [];
        // A few given (now and then null), the rest left out: a condition or two, mostly.
        return [
          fc.oneof(
            { withCrossShrink: true },
            { arbitrary: fc.constant(null), weight: 3 },
            { arbitrary: fc.tuple(fc.constant(field.name), arbitrary), weight: 1 },
          ),
        ];
      });
      value = fc
        .tuple(...entries)
        .map((given) => Object.fromEntries(given.filter((entry) => entry !== null)) as Value);
    } else if (isEnumType(type)) {
      value = fc.constantFrom(...type.getValues().map((v) => v.name));
    } else if (type.name === 'ID') {
      const idType = filterIdTypes[name as keyof typeof filterIdTypes];
      const ids = idsOf(idType ? (schema.getType(idType) as GraphQLNamedType) : owner);
      value = ids.length ? fc.constantFrom(...ids) : null;
    } else if (name === 'slug') {
      const slugs = values.slugs[owner.name] ?? [];
      value = slugs.length ? fc.constantFrom(...slugs) : null;
    } else if (name === 'first') {
      // Mostly small pages: first multiplies the cost of everything below it.
      value = fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 6 },
        { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 1 },
      );
    } else if (name === 'after') {
      value =
        cursors === 'key'
          ? fc.oneof(
              { arbitrary: fc.constantFrom(...values.keys).map((key) => cursor('k', key)), weight: 8 },
              { arbitrary: fc.constantFrom(cursor('k', 0), ''), weight: 1 },
            )
          : fc.oneof(
              { arbitrary: fc.integer({ min: 0, max: 12 }).map((rank) => cursor('r', rank)), weight: 8 },
              { arbitrary: fc.constantFrom(cursor('r', 30), ''), weight: 1 },
            );
    } else if (name === 'yearFrom' || name === 'yearTo') {
      value = fc.oneof(
        { arbitrary: fc.constantFrom(...values.years), weight: 6 },
        { arbitrary: fc.constantFrom(-2_147_483_648, -1, 0, 99_999, 2_147_483_647), weight: 1 },
      );
    } else if (name === 'text') {
      value = fc.oneof(
        {
          arbitrary: fc.tuple(fc.constantFrom(...values.texts), fc.nat()).map(([t, how]) => retyped(t, how)),
          weight: 6,
        },
        { arbitrary: fc.constantFrom(...oddTexts), weight: 2 },
        { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
      );
    }
    return value;
  };

  const argumentPick = (name: string, value: fc.Arbitrary<Value>) =>
    fc.record({
      name: fc.constant(name),
      value,
      via: fc.constantFrom<ArgumentPick['via']>('literal', 'variable', 'default'),
      nonNull: fc.boolean(),
    });

  /** Arguments it knows values for, optional ones given or not; null when a required one is unknown. */
  const argumentsOf = (parent: Composite, field: Field): fc.Arbitrary<ArgumentPick[]> | null => {
    const owner = getNamedType(field.type);
    const cursors = surface.cursors.get(`${parent.name}.${field.name}`) ?? 'rank';
    const picks: fc.Arbitrary<ArgumentPick | null>[] = [];
    for (const arg of field.args) {
      const value = argumentValue(arg.name, arg.type, owner, cursors);
      if (!value) {
        if (isNonNullType(arg.type)) return null;
        continue;
      }
      const pick = argumentPick(arg.name, value);
      // Required arguments always; a filter and a page size mostly (a default page is 20, and
      // multiplies the cost of what is below it); others half the time.
      const freq = isInputObjectType(getNamedType(arg.type)) || arg.name === 'first' ? 4 : 2;
      picks.push(isNonNullType(arg.type) ? pick : fc.option(pick, { freq }));
    }
    return fc.tuple(...picks).map((args) => args.filter((a): a is ArgumentPick => a !== null));
  };

  const selections = new Map<string, fc.Arbitrary<FieldPick[]> | null>();
  /** Selections on `type` with `levels` entity levels left below it, or null when none can be made. */
  const selectionOf = (typeName: string, levels: number): fc.Arbitrary<FieldPick[]> | null => {
    const key = `${typeName}/${levels}`;
    if (selections.has(key)) return selections.get(key) ?? null;
    selections.set(key, null); // no cycles through types that are not entities
    const type = schema.getType(typeName) as Composite;
    const choices: fc.WeightedArbitrary<FieldPick>[] = [
      { arbitrary: pickOf('__typename', fc.constant([]), null), weight: 1 },
    ];
    for (const field of surface.fields.get(typeName) ?? []) {
      const args = argumentsOf(type, field);
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
    // On an interface: fragments on the types (and interfaces) a node of it may be.
    for (const condition of surface.conditions.get(typeName) ?? []) {
      const selection = selectionOf(condition, levels);
      if (!selection) continue;
      choices.push({
        arbitrary: fc.record({
          field: fc.constant(''),
          on: fc.constant(condition),
          alias: fc.constant(null),
          args: fc.constant([]),
          selection,
          place: fc.nat(11),
        }),
        weight: 4,
      });
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

  const query = schema.getQueryType() as GraphQLObjectType;
  const rootPick = (field: Field): fc.Arbitrary<FieldPick> | null => {
    const type = getNamedType(field.type);
    const selection = selectionOf(type.name, depth);
    if (!selection) return null;
    const names = field.args.map((arg) => arg.name).sort();
    if (names.join() !== 'id,slug') {
      const args = argumentsOf(query, field);
      return args && pickOf(field.name, args, selection);
    }
    // Exactly one of id and slug: with both or neither the resolver answers with an error.
    const one = field.args.flatMap((arg) => {
      const value = nonNullValueOf(arg.name, getNullableType(arg.type), type, 'rank');
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

/** A value as a GraphQL literal of its input type (enum values by name, input objects as objects). */
function literalOf(value: Value, type: GraphQLInputType): string {
  const nullable = getNullableType(type);
  if (value === null) return 'null';
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    return `[${items.map((item) => literalOf(item, nullable.ofType)).join(', ')}]`;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    const entries = Object.entries(value as Record<string, Value>).map(
      ([name, item]) => `${name}: ${literalOf(item, (fields[name] as { type: GraphQLInputType }).type)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  if (isEnumType(nullable)) return String(value);
  return JSON.stringify(value);
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

  const argument = (parent: Composite, field: string, arg: ArgumentPick): string => {
    // Small pages, 0 to 4, become 0 to 100 in steps of 25 in a large query.
    const value =
      large && arg.name === 'first' && typeof arg.value === 'number' && arg.value <= 4
        ? arg.value * 25
        : arg.value;
    if (value !== arg.value) features.add('large pages');
    const definition = parent.getFields()[field]?.args.find((a) => a.name === arg.name);
    if (!definition) throw new Error(`${parent.name}.${field} has no argument ${arg.name}`);
    if (isInputObjectType(getNamedType(definition.type)) && value !== null) features.add('filter');
    const literal = literalOf(value, definition.type);
    if (arg.via === 'literal') return `${arg.name}: ${literal}`;
    const name = `v${variableDefinitions.length + 1}`;
    features.add('variable');
    if (arg.via === 'default') {
      // A nullable variable with a default may stand where a non-null value is expected.
      features.add('variable default');
      variableDefinitions.push(`$${name}: ${getNullableType(definition.type)} = ${literal}`);
    } else {
      const nonNull = isNonNullType(definition.type) || (arg.nonNull && value !== null);
      variableDefinitions.push(`$${name}: ${getNullableType(definition.type)}${nonNull ? '!' : ''}`);
      variables[name] = value;
    }
    return `${arg.name}: $${name}`;
  };

  /**
   * The selection `set` on `type`. `used`: the response names already given in the object the
   * selection is merged into (shared by the fragments of a selection on an interface).
   */
  const selection = (type: Composite, set: FieldPick[], level: number, used = new Set<string>()): string => {
    const written: { text: string; place: number; field: string; fragment?: string }[] = [];
    const counts = new Map<string, number>();
    for (const pick of set) {
      if (pick.on) {
        const on = schema.getType(pick.on) as Composite;
        const body = selection(on, pick.selection ?? [], level, used);
        features.add(`fragment on ${isInterfaceType(on) ? 'interface' : 'type'} in an interface selection`);
        written.push({ text: body, place: pick.place, field: '', fragment: pick.on });
        continue;
      }
      // Response names unique within the object: a name given twice is left to the resolvers.
      let key = pick.alias ?? pick.field;
      for (let i = 2; used.has(key); i++) key = `${pick.alias ?? pick.field}${i}`;
      used.add(key);
      const alias = key === pick.field && pick.alias === null ? '' : `${key}: `;
      if (alias) features.add('alias');
      counts.set(pick.field, (counts.get(pick.field) ?? 0) + 1);
      if (pick.field === '__typename') features.add('__typename');
      const field = type.getFields()[pick.field];
      if (type === query && field) {
        const read = readOf(field);
        if (read?.from === 'node' || read?.from === 'nodes') features.add(read.from);
        if (read?.from === 'list') features.add('root list');
      }
      const args = pick.args.map((arg) => argument(type, pick.field, arg));
      let text = `${alias}${pick.field}${args.length ? `(${args.join(', ')})` : ''}`;
      if (pick.selection) {
        const target = getNamedType(field?.type) as Composite;
        if (isInterfaceType(target) && type !== query) features.add('interface field');
        const entity = isEntityType(target);
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
    // named fragment, on the type or on an interface that has the field. A fragment on a type a
    // node of an interface may be is inline or named.
    const conditions = [type, ...type.getInterfaces()];
    const places = [
      'direct',
      'inline',
      ...conditions.map((c) => `inline on ${c.name}`),
      ...conditions.map((c) => `named on ${c.name}`),
    ];
    const groups = new Map<string, string[]>();
    for (const { text, place, field, fragment } of written) {
      let where: string;
      if (fragment) where = `${place % 2 ? 'named' : 'inline'} on ${fragment} ${groups.size}`;
      else {
        where = places[place % places.length] as string;
        const condition = where.split(' on ')[1];
        if (condition && field !== '__typename') {
          const on = schema.getType(condition) as Composite;
          if (!on.getFields()[field]) where = 'direct';
        }
        if (where === 'direct') where = `direct ${groups.size}`; // keeps its place among the fragments
      }
      const group = groups.get(where) ?? [];
      group.push(text);
      groups.set(where, group);
    }
    return [...groups]
      .map(([where, texts]) => {
        const body = texts.join(' ');
        if (where.startsWith('direct')) return body;
        const condition = where.split(' on ')[1]?.split(' ')[0];
        const kind = condition === type.name ? 'type' : 'interface';
        if (where.startsWith('inline')) {
          if (condition && condition !== type.name && !isInterfaceType(schema.getType(condition)))
            features.add('inline fragment on a possible type');
          else features.add(condition ? `inline fragment on ${kind}` : 'inline fragment');
          return `... ${condition ? `on ${condition} ` : ''}{ ${body} }`;
        }
        if (condition !== type.name && !isInterfaceType(schema.getType(condition ?? '')))
          features.add('named fragment on a possible type');
        else features.add(`named fragment on ${kind}`);
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

// Look-ahead: which facts the fields below a resolver will read, so that the resolver's own statement
// fetches them too (src/api/loaders.ts primes the facts cache with them) instead of each level below
// adding a statement of its own. Fields declare what they read with `...reads('predicate')`.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** Field options declaring the predicates a field's resolver reads from its parent node. */
export const reads = (...predicates: string[]) => ({ extensions: { reads: predicates } });

/**
 * Predicates read by the fields selected below the current field, on the node (or, through a
 * connection's `nodes` and `edges.node`, the nodes) it returns. Over-reading is harmless: `@skip`
 * and `@include` are ignored.
 */
export function readsBelow(info: GraphQLResolveInfo): string[] {
  let type: GraphQLNamedType | undefined = getNamedType(info.returnType);
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  if (isObjectType(type) && type.name.endsWith('Connection')) {
    const edgeType = getNamedType(type.getFields().edges?.type);
    const itemType = getNamedType(type.getFields().nodes?.type);
    if (!isObjectType(edgeType) || !itemType) return [];
    sets = [
      ...childSets(info, sets, type, 'nodes'),
      ...childSets(info, childSets(info, sets, type, 'edges'), edgeType, 'node'),
    ];
    type = itemType;
  }
  if (!isObjectType(type)) return [];
  const fields = type.getFields();
  const found = new Set<string>();
  for (const node of fieldsOf(info.fragments, sets, type)) {
    const declared = fields[node.name.value]?.extensions?.reads;
    if (Array.isArray(declared)) for (const predicate of declared) found.add(predicate as string);
  }
  return [...found];
}

function childSets(
  info: GraphQLResolveInfo,
  sets: SelectionSetNode[],
  type: GraphQLObjectType,
  name: string,
): SelectionSetNode[] {
  return fieldsOf(info.fragments, sets, type).flatMap((node) =>
    node.name.value === name && node.selectionSet ? [node.selectionSet] : [],
  );
}

/** The fields selected on `type`, through inline fragments and fragment spreads that apply to it. */
export function fieldsOf(
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  sets: readonly SelectionSetNode[],
  type: GraphQLObjectType,
): FieldNode[] {
  const applies = (condition: string | undefined) =>
    !condition || condition === type.name || type.getInterfaces().some((i) => i.name === condition);
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) out.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return out;
}

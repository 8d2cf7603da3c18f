// Node and Entity: the interfaces every graph node implements, with the fields all kinds share
// (identity, aliases, raw outgoing/incoming triples, provenance), and node(id)/nodes(ids).
import { TalkgraphError } from '../../errors.js';
import type { ChangeRow } from '../../store/changes.js';
import { type NodeRow, nodesBySlug } from '../../store/nodes.js';
import { loadSources, loadTriplePages, loadTripleSources, type TripleRow } from '../../store/traversal.js';
import { builder, type Context } from '../builder.js';
import { column, globalId, rootRead, typenameByKind, typenameOf } from '../field-reads.js';
import { decodeGlobalId, encodeGlobalId } from '../global-id.js';
import type { PageRequest } from '../loaders.js';
import { connectionOf, pageArgs, rankConnection, rankSlice } from '../pagination.js';
import { Change, Document, Predicate } from '../refs.js';

const kindByTypename = new Map(Object.entries(typenameByKind).map(([kind, typename]) => [typename, kind]));

export const NodeInterface = builder.interfaceRef<NodeRow>('Node').implement({
  description: 'Anything with a global id, fetchable with `node(id:)`.',
  fields: (t) => ({
    id: t.id({ description: 'A global, opaque id. Stable for the life of the entity.', ...globalId() }),
  }),
  resolveType: (row) => typenameOf(row),
});

export const Entity = builder.interfaceRef<NodeRow>('Entity');

/**
 * Loads an entity by global id; null when it does not exist or is of another type. `reads`: the
 * predicates the fields below will read (readsBelow), fetched in the same statement.
 */
export async function entityById(
  ctx: Context,
  globalId: string,
  typename?: string,
  reads: readonly string[] = [],
  page: PageRequest | null = null,
): Promise<NodeRow | null> {
  const decoded = decodeGlobalId(globalId);
  if (typename && decoded.typename !== typename) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `"${globalId}" is the id of a ${decoded.typename}, not a ${typename}`,
    );
  }
  const kind = kindByTypename.get(decoded.typename);
  if (!kind) throw new TalkgraphError('BAD_USER_INPUT', `"${globalId}" is not a Talkgraph id`);
  const row = await (page
    ? ctx.loaders.nodeWithPage(decoded.id, reads, page)
    : ctx.loaders.node(decoded.id, reads));
  if (row) return row.kind === kind ? row : null;
  // An id merged into another entity names the survivor (docs/curation.md, "Merges and splits").
  const merged = await mergedEntity(ctx, decoded.id);
  return merged && merged.kind === kind ? ctx.loaders.node(merged.intoId, reads) : null;
}

/**
 * The node id a filter argument names (null when not given): -1, which no node has, for an id that
 * names nothing, so that the filter matches nothing rather than being ignored.
 */
export async function filterNodeId(
  ctx: Context,
  id: string | null | undefined,
  typename?: string,
): Promise<number | null> {
  return id == null ? null : ((await entityById(ctx, id, typename))?.id ?? -1);
}

export interface MergedEntityRow {
  id: number;
  kind: string;
  slug: string;
  label: string;
  intoId: number;
  changeId: number;
  at: Date;
}

const mergedColumns = `m.id, m.kind, m.slug, m.label, m.into_id as "intoId", m.change_id as "changeId", c.at`;

/** The record of an id merged into another entity; null for ids never merged. */
export function mergedEntity(ctx: Context, id: number): Promise<MergedEntityRow | null> {
  return ctx.loaders
    .batch<number, MergedEntityRow | null>('merged', async (ids) => {
      const rows = await ctx.store.db.query<MergedEntityRow>(
        `select ${mergedColumns} from merged_entity m join change c on c.id = m.change_id
          where m.id = any($1::bigint[])`,
        [[...ids]],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(id);
}

export const MergedEntity = builder.objectRef<MergedEntityRow>('MergedEntity').implement({
  description: 'An entity merged into another: its id keeps resolving to the survivor (`mergedInto`).',
  fields: (t) => ({
    id: t.id({
      description: 'The id it had; `node(id:)` with it returns the survivor.',
      resolve: (row) => encodeGlobalId(typenameOf(row), row.id),
    }),
    kind: t.exposeString('kind', { description: 'Its kind.' }),
    label: t.exposeString('label', { description: 'Its name, now one of the survivor’s aliases.' }),
    mergedAt: t.field({ type: 'DateTime', description: 'When it was merged.', resolve: (row) => row.at }),
    mergedInto: t.field({
      type: Entity,
      description: 'The entity it was merged into.',
      resolve: async (row, _args, ctx) => (await ctx.loaders.node(row.intoId)) as NodeRow,
    }),
  }),
});

/**
 * The entity a root field asks for, by global id or by slug (exactly one). `page`: the first list
 * below it (pageBelow), fetched in the same statement when the entity is asked for by id.
 */
export async function entityByIdOrSlug(
  ctx: Context,
  kind: string,
  args: { id?: string | null; slug?: string | null },
  reads: readonly string[] = [],
  page: PageRequest | null = null,
): Promise<NodeRow | null> {
  const typename = typenameByKind[kind] as string;
  if ((args.id == null) === (args.slug == null)) {
    throw new TalkgraphError('BAD_USER_INPUT', `${kind}: give exactly one of id and slug`);
  }
  if (args.id != null) return entityById(ctx, args.id, typename, reads, page);
  return ctx.loaders
    .batch<string, NodeRow | null>(`slug:${kind}`, async (slugs) => {
      const bySlug = await nodesBySlug(ctx.store.db, kind, slugs);
      return slugs.map((slug) => bySlug.get(slug) ?? null);
    })
    .load(args.slug as string);
}

interface TripleSourceRow {
  /** The document that states the fact; null for a curator's assertion. */
  document: NodeRow | null;
  /** The change in which a curator asserted the fact; null for a document's statement. */
  curation: ChangeRow | null;
  spanStart: number | null;
  spanEnd: number | null;
  confidence: number;
}

export const TripleSource = builder.objectRef<TripleSourceRow>('TripleSource');

export const Triple = builder.objectRef<TripleRow>('Triple');
export const TripleConnection = connectionOf<TripleRow>('Triple', Triple, 'triple');

async function tripleSources(ctx: Context, tripleId: number) {
  const rows = await ctx.loaders
    .batch<number, Awaited<ReturnType<typeof loadTripleSources>> extends Map<number, infer V> ? V : never>(
      'tripleSources',
      async (ids) => {
        const sources = await loadTripleSources(ctx.store.db, ids);
        return ids.map((id) => sources.get(id) ?? []);
      },
    )
    .load(tripleId);
  const documents: TripleSourceRow[] = rows.map(
    ({ tripleId: _t, spanStart, spanEnd, confidence, ...document }) => ({
      document,
      curation: null,
      spanStart,
      spanEnd,
      confidence,
    }),
  );
  const curations = await ctx.loaders
    .batch<number, ChangeRow[]>('tripleCurations', async (ids) => {
      const changes = await ctx.store.db.query<ChangeRow & { tripleId: number }>(
        `select c.triple_id as "tripleId", ch.id, ch.at, ch.actor, ch.operation, ch.entities, ch.note,
                ch.before, ch.after
           from triple_curation c join change ch on ch.id = c.change_id
          where c.triple_id = any($1::bigint[]) order by ch.id`,
        [[...ids]],
      );
      return ids.map((id) => changes.filter((c) => c.tripleId === id));
    })
    .load(tripleId);
  return [
    ...documents,
    ...curations.map((curation) => ({
      document: null,
      curation,
      spanStart: null,
      spanEnd: null,
      confidence: 1,
    })),
  ];
}

TripleSource.implement({
  description:
    'What supports a fact: a document that states it (and where), or a curator who asserted it (docs/curation.md).',
  fields: (t) => ({
    kind: t.string({
      description: '"document" for a document’s statement, "curation" for a curator’s assertion.',
      resolve: (s) => (s.document ? 'document' : 'curation'),
    }),
    document: t.field({
      type: Document,
      nullable: true,
      description: 'The source document; null for a curated fact.',
      resolve: (s) => s.document,
    }),
    curation: t.field({
      type: Change,
      nullable: true,
      description:
        'The change in which a curator asserted the fact (who, when, why); null for a document’s statement.',
      resolve: (s) => s.curation,
    }),
    spanStart: t.exposeInt('spanStart', {
      nullable: true,
      description: 'Offset where the statement starts.',
    }),
    spanEnd: t.exposeInt('spanEnd', { nullable: true, description: 'Offset where the statement ends.' }),
    confidence: t.exposeFloat('confidence', {
      description: 'How sure the extraction from this document is (1 for curated facts).',
    }),
  }),
});

Triple.implement({
  description: 'One fact: subject, predicate, and an object entity or a literal value.',
  fields: (t) => ({
    id: t.id({ description: 'The fact’s id.', resolve: (row) => encodeGlobalId('Triple', row.id) }),
    subject: t.field({
      type: Entity,
      description: 'What the fact is about.',
      resolve: async (row, _args, ctx) => (await ctx.loaders.node(row.subject)) as NodeRow,
    }),
    predicate: t.field({
      type: Predicate,
      description: 'The relation.',
      resolve: (row, _args, ctx) => ctx.store.predicates.byIdOrThrow(row.predicateId),
    }),
    object: t.field({
      type: Entity,
      nullable: true,
      description: 'The object, when it is an entity (null for literal facts).',
      resolve: (row, _args, ctx) => (row.objectId === null ? null : ctx.loaders.node(row.objectId)),
    }),
    value: t.exposeString('objectValue', {
      nullable: true,
      description: 'The object, when it is a literal value (null for facts about two entities).',
    }),
    position: t.exposeInt('position', { nullable: true, description: 'Order among the subject’s objects.' }),
    qualifier: t.exposeString('qualifier', {
      nullable: true,
      description: 'A refinement of the relation, e.g. the role for works_at.',
    }),
    confidence: t.exposeFloat('confidence', {
      description: 'The highest confidence any source gives, in (0, 1].',
    }),
    source: t.field({
      type: Document,
      nullable: true,
      description: 'The first document that states the fact (null for facts asserted without one).',
      resolve: async (row, _args, ctx) =>
        (await tripleSources(ctx, row.id)).find((s) => s.document)?.document ?? null,
    }),
    sources: t.field({
      type: [TripleSource],
      description: 'Every document that states the fact, with where, then every curation that asserted it.',
      resolve: (row, _args, ctx) => tripleSources(ctx, row.id),
    }),
  }),
});

function tripleField(direction: 'out' | 'in') {
  // biome-ignore lint/suspicious/noExplicitAny: Pothos field builder of the interface
  return (t: any) =>
    t.field({
      type: TripleConnection,
      description:
        direction === 'out'
          ? 'Facts this entity is the subject of, optionally of one predicate.'
          : 'Facts whose object is this entity (reverse traversal), optionally of one predicate.',
      args: {
        predicate: t.arg.string({
          required: false,
          description: 'Only facts with this predicate, e.g. "has_speaker".',
        }),
        ...pageArgs(t.arg, 'triple'),
      },
      resolve: async (
        row: NodeRow,
        args: { predicate?: string | null; first?: number | null; after?: string | null },
        ctx: Context,
      ) => {
        const slice = rankSlice(args);
        const predicateId = args.predicate ? ctx.store.predicates.get(args.predicate).id : null;
        const page = await ctx.loaders
          .batch<
            number,
            Awaited<ReturnType<typeof loadTriplePages>> extends Map<number, infer V> ? V : never
          >(`triples:${direction}:${predicateId}:${slice.first}:${slice.offset}`, async (ids) => {
            const result = await loadTriplePages(ctx.store.db, direction, predicateId, ids, slice);
            return ids.map((id) => result.get(id) as NonNullable<ReturnType<typeof result.get>>);
          })
          .load(row.id);
        return rankConnection(page);
      },
    });
}

Entity.implement({
  description:
    'Every node of the graph: talks, speakers, events, topics, organizations, technologies, documents.',
  interfaces: [NodeInterface],
  resolveType: (row) => typenameOf(row),
  fields: (t) => ({
    kind: t.string({
      description: 'The node kind: "talk", "speaker", "event", "topic", ...',
      ...column('kind'),
    }),
    slug: t.string({
      description: 'A readable id, unique within the kind, e.g. "veronica-lopez".',
      ...column('slug'),
    }),
    label: t.string({ description: 'The display name, as first written in a source.', ...column('label') }),
    mergedFrom: t.field({
      type: [MergedEntity],
      description:
        'Entities curators merged into this one (mergeEntities): their ids resolve to it; splitEntity undoes a merge.',
      resolve: (row, _args, ctx) =>
        ctx.loaders
          .batch<number, MergedEntityRow[]>('mergedFrom', async (ids) => {
            const rows = await ctx.store.db.query<MergedEntityRow>(
              `select ${mergedColumns} from merged_entity m join change c on c.id = m.change_id
                where m.into_id = any($1::bigint[]) order by m.id`,
              [[...ids]],
            );
            return ids.map((id) => rows.filter((r) => r.intoId === id));
          })
          .load(row.id),
    }),
    aliases: t.stringList({
      description: 'Other names for the entity: nicknames, other spellings.',
      resolve: (row, _args, ctx) => ctx.loaders.literals('alias', row.id),
    }),
    outgoing: tripleField('out')(t),
    incoming: tripleField('in')(t),
    sources: t.field({
      type: [Document],
      description: 'The documents that state any fact about this entity (its provenance).',
      resolve: (row, _args, ctx) =>
        ctx.loaders
          .batch<number, NodeRow[]>('sources', async (ids) => {
            const sources = await loadSources(ctx.store.db, ids);
            return ids.map((id) => sources.get(id) ?? []);
          })
          .load(row.id),
    }),
  }),
});

builder.queryFields((t) => ({
  node: t.field({
    type: NodeInterface,
    nullable: true,
    description: 'Any entity by its global id; null when no such entity exists.',
    ...rootRead({ from: 'node' }),
    args: { id: t.arg.id({ required: true, description: 'A global id.' }) },
    resolve: (_root, args, ctx) => entityById(ctx, String(args.id)),
  }),
  nodes: t.field({
    type: [NodeInterface],
    nullable: { list: false, items: true },
    description: 'Several entities by global id, in the same order; null for ids that match nothing.',
    ...rootRead({ from: 'nodes' }),
    args: { ids: t.arg.idList({ required: true, description: 'Global ids (at most 100).' }) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > 100) throw new TalkgraphError('BAD_USER_INPUT', 'nodes: at most 100 ids at once');
      return Promise.all(args.ids.map((id) => entityById(ctx, String(id))));
    },
  }),
}));

export { typenameByKind, typenameOf };

// Live updates (docs/curation.md, "Live updates"): graphChanged(kinds:, event:) and documentIngested,
// delivered over Server-Sent Events from what mutations announce after they commit (src/api/events.ts).
// Open to read like queries.
import { filter, pipe } from 'graphql-yoga';
import { TalkgraphError } from '../../errors.js';
import type { NodeRow } from '../../store/nodes.js';
import type { Context } from '../builder.js';
import { builder } from '../builder.js';
import type { GraphChange, DocumentIngestedEvent as IngestedShape } from '../events.js';
import { typenameByKind } from '../field-reads.js';
import { decodeGlobalId, encodeGlobalId } from '../global-id.js';
import { Document } from '../refs.js';
import { Entity } from './entity.js';

const knownKinds = Object.keys(typenameByKind);

/** The changed nodes that still exist, in the change's order. */
async function existing(ctx: Context, change: GraphChange): Promise<(NodeRow | null)[]> {
  return Promise.all(change.ids.map((id) => ctx.loaders.node(id)));
}

const GraphChangeEvent = builder.objectRef<GraphChange>('GraphChangeEvent').implement({
  description: 'One committed change to the graph: which operation, which entities, of which kinds.',
  fields: (t) => ({
    operation: t.exposeString('operation', {
      description: 'The mutation, e.g. "addAlias", "ingestDocument".',
    }),
    changeId: t.id({
      nullable: true,
      description: 'The audit trail’s record of it (the id of a Change, see `changes`), when there is one.',
      resolve: (change) => (change.changeId == null ? null : encodeGlobalId('Change', change.changeId)),
    }),
    entityIds: t.idList({
      description:
        'Global ids of the entities added, changed or removed (removed ones too, when their kind is known).',
      resolve: async (change, _args, ctx) => {
        const nodes = await existing(ctx, change);
        // A node that is gone (removed, merged) is named by the change's kind when it has one only.
        const onlyKind = change.kinds.length === 1 ? change.kinds[0] : undefined;
        return change.ids.flatMap((id, i) => {
          const typename = typenameByKind[nodes[i]?.kind ?? onlyKind ?? ''];
          return typename ? [encodeGlobalId(typename, id)] : [];
        });
      },
    }),
    kinds: t.exposeStringList('kinds', { description: 'Their kinds: "talk", "speaker", "event", …' }),
    entities: t.field({
      type: [Entity],
      description: 'The entities it touched that still exist, as they are now.',
      resolve: async (change, _args, ctx) =>
        (await existing(ctx, change)).filter((node): node is NodeRow => node !== null),
    }),
    eventIds: t.idList({
      description: 'Global ids of the events whose talks it touched.',
      resolve: (change) => change.events.map((id) => encodeGlobalId('Event', id)),
    }),
  }),
});

const DocumentIngestedEvent = builder.objectRef<IngestedShape>('DocumentIngestedEvent').implement({
  description: 'A document was ingested, through the API or `talkgraph ingest --server`.',
  fields: (t) => ({
    document: t.field({
      type: Document,
      nullable: true,
      description: 'The document, while it exists.',
      resolve: async (event, _args, ctx) => {
        const node = await ctx.loaders.node(event.documentId);
        return node?.kind === 'document' ? node : null;
      },
    }),
    name: t.exposeString('name', { description: 'The name it was ingested under.' }),
    status: t.exposeString('status', {
      description: '"added", "replaced" (an earlier version was), or "unchanged" (the same bytes again).',
    }),
    format: t.exposeString('format', { description: 'The layout it was read as.' }),
    talks: t.exposeInt('talks', { description: 'Talks read from it.' }),
    added: t.exposeInt('added', { description: 'Facts it added to the graph.' }),
    removed: t.exposeInt('removed', { description: 'Facts that went with its earlier version.' }),
  }),
});

/** The kinds a subscriber asked for, as stored ("Talk" and "talk" alike); null: every kind. */
function kindsOf(kinds: readonly string[] | null | undefined): Set<string> | null {
  if (kinds == null) return null;
  if (kinds.length === 0) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      'kinds: give at least one kind, or leave it out for every kind',
    );
  }
  const wanted = new Set(kinds.map((kind) => kind.toLowerCase()));
  const unknown = [...wanted].filter((kind) => !knownKinds.includes(kind));
  if (unknown.length > 0) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `kinds: unknown ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${knownKinds.join(', ')})`,
    );
  }
  return wanted;
}

/** The node id of an Event's global id; malformed ids and ids of other types are the client's mistake. */
function eventIdOf(globalId: string | null | undefined): number | null {
  if (globalId == null) return null;
  const { typename, id } = decodeGlobalId(globalId);
  if (typename !== 'Event') {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `event: "${globalId}" is the id of a ${typename}, not an Event`,
    );
  }
  return id;
}

builder.subscriptionField('graphChanged', (t) =>
  t.field({
    type: GraphChangeEvent,
    description:
      'Every committed change to the graph, as it happens; optionally only some kinds, or one event.',
    args: {
      kinds: t.arg.stringList({
        required: false,
        description: 'Only changes touching at least one entity of these kinds ("talk", "speaker", …).',
      }),
      event: t.arg.id({
        required: false,
        description: 'Only changes to this event or its talks (an Event id).',
      }),
    },
    subscribe: (_root, args, ctx) => {
      const kinds = kindsOf(args.kinds);
      const event = eventIdOf(args.event == null ? null : String(args.event));
      return pipe(
        ctx.events.subscribe('graphChanged'),
        filter(
          (change: GraphChange) =>
            (kinds === null || change.kinds.some((kind) => kinds.has(kind))) &&
            (event === null || change.events.includes(event)),
        ),
      );
    },
    resolve: (change, _args, ctx) => {
      ctx.beginEvent();
      return change;
    },
  }),
);

builder.subscriptionField('documentIngested', (t) =>
  t.field({
    type: DocumentIngestedEvent,
    description: 'Every document ingested, as it is committed.',
    subscribe: (_root, _args, ctx) => ctx.events.subscribe('documentIngested'),
    resolve: (event, _args, ctx) => {
      ctx.beginEvent();
      return event;
    },
  }),
);

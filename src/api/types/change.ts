// The audit trail through the API: changes(first:, after:, entity:), for admin tokens only.
import { JSONResolver } from 'graphql-scalars';
import { type ChangeRow, listChanges } from '../../store/changes.js';
import type { NodeRow } from '../../store/nodes.js';
import { builder } from '../builder.js';
import { typenameOf } from '../field-reads.js';
import { encodeGlobalId } from '../global-id.js';
import { connectionOf, keyConnection, keySlice, pageArgs } from '../pagination.js';
import { Change } from '../refs.js';
import { Entity, filterNodeId } from './entity.js';

builder.addScalarType('JSON', JSONResolver);

Change.implement({
  description:
    'One mutation that changed the graph: who, when, what and why; the entities it touched, before and after, for admin tokens only.',
  fields: (t) => ({
    id: t.id({ description: 'The change’s id.', resolve: (row) => encodeGlobalId('Change', row.id) }),
    at: t.field({ type: 'DateTime', description: 'When it was committed.', resolve: (row) => row.at }),
    actor: t.exposeString('actor', { description: 'The name of the API token that made it.' }),
    operation: t.exposeString('operation', { description: 'The mutation, e.g. "mergeEntities".' }),
    note: t.exposeString('note', { nullable: true, description: 'Why, as the curator wrote it.' }),
    entityIds: t.idList({
      authScopes: { admin: true },
      description: 'Global ids of the entities it touched, including those since merged or removed.',
      resolve: async (row, _args, ctx) => {
        const nodes = await Promise.all(row.entities.map((id) => ctx.loaders.node(id)));
        return row.entities.flatMap((id, i) => {
          const node = nodes[i];
          return node ? [encodeGlobalId(typenameOf(node), id)] : [];
        });
      },
    }),
    entities: t.field({
      type: [Entity],
      authScopes: { admin: true },
      description: 'The entities it touched that still exist.',
      resolve: async (row, _args, ctx) =>
        (await Promise.all(row.entities.map((id) => ctx.loaders.node(id)))).filter(
          (node): node is NodeRow => node !== null,
        ),
    }),
    before: t.field({
      type: 'JSON',
      authScopes: { admin: true },
      nullable: true,
      description: 'What the change replaced, as it was.',
      resolve: (row) => row.before,
    }),
    after: t.field({
      type: 'JSON',
      authScopes: { admin: true },
      nullable: true,
      description: 'What the change made.',
      resolve: (row) => row.after,
    }),
  }),
});

const ChangeConnection = connectionOf<ChangeRow>('Change', Change, 'change');

builder.queryField('changes', (t) =>
  t.field({
    type: ChangeConnection,
    authScopes: { admin: true },
    description: 'The audit trail, newest first: every mutation that changed the graph (admin tokens only).',
    args: {
      entity: t.arg.id({ required: false, description: 'Only changes that touched this entity.' }),
      ...pageArgs(t.arg, 'change'),
    },
    resolve: async (_root, args, ctx) => {
      const slice = keySlice(args);
      const entity = await filterNodeId(ctx, args.entity == null ? null : String(args.entity));
      const { changes, hasNextPage } = await listChanges(ctx.store.db, { ...slice, entity });
      const padded = hasNextPage ? [...changes, changes.at(-1) as ChangeRow] : changes;
      return keyConnection(padded, slice, async () => {
        const [row] = await ctx.store.db.query<{ count: number }>(
          `select count(*)::int as count from change ${entity === null ? '' : 'where entities @> array[$1]::bigint[]'}`,
          entity === null ? [] : [entity],
        );
        return row?.count ?? 0;
      });
    },
  }),
);

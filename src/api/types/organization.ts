import { builder } from '../builder.js';
import { Organization, Speaker } from '../refs.js';
import { Entity, entityByIdOrSlug, NodeInterface } from './entity.js';

Organization.implement({
  description: 'A company, foundation or project team that speakers belong to.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.exposeString('label', { description: 'The name as first written.' }),
    members: t.field({
      type: [Speaker],
      description: 'Speakers who work at or contribute to it.',
      resolve: async (row, _args, ctx) => {
        const edges = await ctx.loaders.edges('in', ['works_at', 'contributes_to'], row.id);
        return [...new Map(edges.map((edge) => [edge.id, edge])).values()];
      },
    }),
  }),
});

builder.queryField('organization', (t) =>
  t.field({
    type: Organization,
    nullable: true,
    description: 'One organization, by id or by slug.',
    args: {
      id: t.arg.id({ required: false, description: 'The organization’s global id.' }),
      slug: t.arg.string({ required: false, description: 'The organization’s slug, e.g. "coreos".' }),
    },
    resolve: (_root, args, ctx) =>
      entityByIdOrSlug(ctx, 'organization', { id: args.id?.toString(), slug: args.slug }),
  }),
);

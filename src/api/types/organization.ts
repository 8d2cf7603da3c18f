import { builder } from '../builder.js';
import { column, neighbours, rootRead } from '../field-reads.js';
import { Organization, Speaker } from '../refs.js';
import { Entity, entityByIdOrSlug, NodeInterface } from './entity.js';

Organization.implement({
  description: 'A company, foundation or project team that speakers belong to.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({ description: 'The name as first written.', ...column('label') }),
    members: t.field({
      type: [Speaker],
      description: 'Speakers who work at or contribute to it.',
      ...neighbours({
        direction: 'in',
        predicates: ['works_at', 'contributes_to'],
        order: 'stored',
        distinct: true,
      }),
    }),
  }),
});

builder.queryField('organization', (t) =>
  t.field({
    type: Organization,
    nullable: true,
    description: 'One organization, by id or by slug.',
    ...rootRead({ from: 'entity', kind: 'organization' }),
    args: {
      id: t.arg.id({ required: false, description: 'The organization’s global id.' }),
      slug: t.arg.string({ required: false, description: 'The organization’s slug, e.g. "coreos".' }),
    },
    resolve: (_root, args, ctx) =>
      entityByIdOrSlug(ctx, 'organization', { id: args.id?.toString(), slug: args.slug }),
  }),
);

import { pageArgs, rankConnection, rankSlice } from '../pagination.js';
import { readsBelow } from '../reads.js';
import { TalkConnection, Technology } from '../refs.js';
import { Entity, NodeInterface } from './entity.js';

Technology.implement({
  description: 'A named technology (database, protocol, tool, library or project) that talks mention.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.exposeString('label', { description: 'The name as usually written.' }),
    talks: t.field({
      type: TalkConnection,
      description: 'Talks that mention it.',
      args: pageArgs(t.arg, 'talk'),
      resolve: async (row, args, ctx, info) =>
        rankConnection(
          await ctx.loaders.edgePage('in', 'mentions', row.id, rankSlice(args), 'node', readsBelow(info)),
        ),
    }),
  }),
});

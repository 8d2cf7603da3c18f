// triples(subject, predicate, object): raw triple patterns, for exploring the graph as it is stored.
import { TalkgraphError } from '../../errors.js';
import { countTriples, matchTriples, type TriplePattern } from '../../store/triples.js';
import { builder } from '../builder.js';
import { keyConnection, keySlice, pageArgs } from '../pagination.js';
import { filterNodeId, TripleConnection } from './entity.js';

builder.queryField('triples', (t) =>
  t.field({
    type: TripleConnection,
    description:
      'Facts matching a pattern: any of subject, predicate and object (or literal value) may be given; the rest match anything.',
    args: {
      subject: t.arg.id({ required: false, description: 'Only facts about this entity.' }),
      predicate: t.arg.string({
        required: false,
        description: 'Only facts with this predicate (see `predicates`).',
      }),
      object: t.arg.id({ required: false, description: 'Only facts whose object is this entity.' }),
      value: t.arg.string({ required: false, description: 'Only facts whose object is this literal value.' }),
      ...pageArgs(t.arg, 'triple'),
    },
    resolve: async (_root, args, ctx) => {
      if (args.object != null && args.value != null) {
        throw new TalkgraphError('BAD_USER_INPUT', 'triples: give object or value, not both');
      }
      const slice = keySlice(args);
      const pattern: TriplePattern = {};
      if (args.subject != null) pattern.subject = (await filterNodeId(ctx, String(args.subject))) as number;
      if (args.predicate != null) pattern.predicate = ctx.store.predicates.get(args.predicate).name;
      if (args.object != null)
        pattern.object = { node: (await filterNodeId(ctx, String(args.object))) as number };
      if (args.value != null) pattern.object = { value: args.value };
      const { triples, hasNextPage } = await matchTriples(ctx.store.db, ctx.store.predicates, pattern, slice);
      const rows = triples.map((triple) => ({
        id: triple.id,
        subject: triple.subject,
        predicateId: ctx.store.predicates.get(triple.predicate).id,
        objectId: triple.objectId,
        objectValue: triple.objectValue,
        position: triple.position,
        qualifier: triple.qualifier,
        confidence: triple.confidence,
      }));
      // One extra row signals a next page to keyConnection.
      const padded = hasNextPage ? [...rows, { ...(rows.at(-1) as (typeof rows)[number]) }] : rows;
      return keyConnection(padded, slice, () => countTriples(ctx.store.db, ctx.store.predicates, pattern));
    },
  }),
);

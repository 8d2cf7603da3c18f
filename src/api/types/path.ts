// path(from, to): the shortest connection between two entities, step by step.
import { maxPathHops, type PathStep as PathStepRow, shortestPath } from '../../graph/path.js';
import type { NodeRow } from '../../store/nodes.js';
import { builder } from '../builder.js';
import { Predicate } from '../refs.js';
import { Entity, entityById } from './entity.js';

const Direction = builder.enumType('Direction', {
  description: 'Which way a step reads the fact it follows.',
  values: {
    FORWARD: { description: 'The fact reads from → to (a talk has_speaker its speaker).' },
    BACKWARD: { description: 'The fact reads to → from (walking from a speaker back to their talk).' },
  },
});

const PathStep = builder.objectRef<PathStepRow>('PathStep').implement({
  description: 'One hop of a path: a fact followed from one entity to the next.',
  fields: (t) => ({
    from: t.field({
      type: Entity,
      description: 'Where the step starts.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.node(s.from)) as NodeRow,
    }),
    predicate: t.field({
      type: Predicate,
      description: 'The relation followed.',
      resolve: (s, _a, ctx) => ctx.store.predicates.byIdOrThrow(s.predicateId),
    }),
    direction: t.field({
      type: Direction,
      description: 'Whether the fact was followed as written or in reverse.',
      resolve: (s) => (s.direction === 'forward' ? 'FORWARD' : 'BACKWARD'),
    }),
    to: t.field({
      type: Entity,
      description: 'Where the step ends.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.node(s.to)) as NodeRow,
    }),
  }),
});

const Path = builder.objectRef<PathStepRow[]>('Path').implement({
  description: 'A shortest connection between two entities.',
  fields: (t) => ({
    length: t.int({
      description: 'Number of steps (0 when from and to are the same).',
      resolve: (steps) => steps.length,
    }),
    steps: t.field({
      type: [PathStep],
      description: 'The steps, in order from `from` to `to`.',
      resolve: (steps) => steps,
    }),
  }),
});

builder.queryField('path', (t) =>
  t.field({
    type: Path,
    nullable: true,
    description: `The shortest connection between two entities within maxHops, or null when there is none. Searches from both ends; fails with QUERY_TOO_COMPLEX when the search grows too wide.`,
    args: {
      from: t.arg.id({ required: true, description: 'Where the path starts (a global id).' }),
      to: t.arg.id({ required: true, description: 'Where the path ends (a global id).' }),
      maxHops: t.arg.int({
        required: false,
        defaultValue: 4,
        description: `At most this many steps (1 to ${maxPathHops}).`,
      }),
      via: t.arg.stringList({
        required: false,
        description: 'Only follow these predicates, e.g. ["has_speaker", "has_topic"].',
      }),
    },
    complexity: { field: 20, multiplier: 1 },
    resolve: async (_root, args, ctx) => {
      const [from, to] = await Promise.all([
        entityById(ctx, String(args.from)),
        entityById(ctx, String(args.to)),
      ]);
      if (!from || !to) return null;
      return shortestPath(ctx.store.db, ctx.store.predicates, from.id, to.id, {
        maxHops: args.maxHops ?? 4,
        via: args.via,
      });
    },
  }),
);

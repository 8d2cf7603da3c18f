import { builder, type Context } from '../builder.js';
import { Predicate } from '../refs.js';

const counts = (ctx: Context) =>
  ctx.loaders.batch<number, number>('predicateCounts', async (ids) => {
    const rows = await ctx.store.db.query<{ id: number; count: number }>(
      'select predicate_id as id, count(*) as count from triple where predicate_id = any($1::smallint[]) group by predicate_id',
      [[...ids]],
    );
    const byId = new Map(rows.map((row) => [row.id, row.count]));
    return ids.map((id) => byId.get(id) ?? 0);
  });

Predicate.implement({
  description: 'A relation the graph uses, e.g. has_speaker (talk → speaker) or handle (speaker → text).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name used in queries, e.g. "has_speaker".' }),
    label: t.exposeString('label', { description: 'A readable name, e.g. "has speaker".' }),
    description: t.exposeString('description', { nullable: true, description: 'What a fact with it means.' }),
    subjectKind: t.exposeString('subjectKind', {
      nullable: true,
      description: 'The kind of subjects; null for any.',
    }),
    objectKind: t.exposeString('objectKind', {
      nullable: true,
      description: 'The kind of object nodes; null for literals or any kind.',
    }),
    objectType: t.exposeString('objectType', {
      description:
        '"node" for relations between entities, else the literal’s type: string, integer, boolean, datetime.',
    }),
    count: t.int({
      description: 'How many facts use it.',
      resolve: (p, _args, ctx) => counts(ctx).load(p.id),
    }),
  }),
});

builder.queryField('predicates', (t) =>
  t.field({
    type: [Predicate],
    description: 'Every predicate: the schema of the graph.',
    resolve: (_root, _args, ctx) => ctx.store.predicates.all(),
  }),
);

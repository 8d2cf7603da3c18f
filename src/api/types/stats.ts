// Stats: the graph at a glance (node counts by kind, triple counts by predicate).
import { graphStats, type Stats } from '../../store/stats.js';
import { builder } from '../builder.js';

const KindCount = builder.objectRef<Stats['kinds'][number]>('KindCount').implement({
  description: 'How many nodes of one kind the graph holds.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'The node kind, e.g. "talk".' }),
    count: t.exposeInt('count', { description: 'Number of nodes of this kind.' }),
  }),
});

const PredicateCount = builder.objectRef<Stats['predicates'][number]>('PredicateCount').implement({
  description: 'How many triples use one predicate.',
  fields: (t) => ({
    predicate: t.exposeString('predicate', { description: 'The predicate name, e.g. "has_speaker".' }),
    count: t.exposeInt('count', { description: 'Number of triples with this predicate.' }),
  }),
});

export const StatsType = builder.objectRef<Stats>('Stats').implement({
  description: 'Counts that describe the whole graph.',
  fields: (t) => ({
    nodes: t.exposeInt('nodes', { description: 'Number of nodes of every kind.' }),
    triples: t.exposeInt('triples', { description: 'Number of distinct facts.' }),
    documents: t.exposeInt('documents', { description: 'Number of source documents ingested.' }),
    kinds: t.field({ type: [KindCount], description: 'Node counts by kind.', resolve: (s) => s.kinds }),
    predicates: t.field({
      type: [PredicateCount],
      description: 'Triple counts by predicate.',
      resolve: (s) => s.predicates,
    }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: StatsType,
    description: 'Counts of nodes by kind and triples by predicate.',
    resolve: (_root, _args, { store }) => graphStats(store.db),
  }),
);

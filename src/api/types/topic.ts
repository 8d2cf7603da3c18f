// Topic: the talks tagged with it and the people who speak about it; topic(...) and topics(orderBy).
import { listTopics } from '../../store/listing.js';
import { builder } from '../builder.js';
import { column, incomingPage, pageBelow, rootRead, twoHop } from '../field-reads.js';
import { pageArgs, rankConnection, rankSlice } from '../pagination.js';
import { readsBelow } from '../reads.js';
import { SpeakerConnection, TalkConnection, Topic, TopicConnection } from '../refs.js';
import { Entity, entityByIdOrSlug, NodeInterface } from './entity.js';

Topic.implement({
  description: 'A subject talks are about, e.g. "consensus" or "goroutines".',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({ description: 'The canonical name.', ...column('label') }),
    talks: t.field({
      type: TalkConnection,
      description: 'Talks tagged with the topic, most confident first.',
      args: pageArgs(t.arg, 'talk'),
      ...incomingPage('has_topic', 'confidence'),
    }),
    speakers: t.field({
      type: SpeakerConnection,
      description: 'People who gave talks on the topic, most talks first.',
      args: pageArgs(t.arg, 'speaker'),
      ...twoHop({ first: ['in', 'has_topic'], second: ['out', 'has_speaker'] }, 'connection'),
    }),
  }),
});

const TopicOrder = builder.enumType('TopicOrder', {
  description: 'How topics(...) orders topics.',
  values: {
    TALKS: { description: 'Most talks first (the default).' },
    NAME: { description: 'Alphabetically by name.' },
  },
});

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'One topic, by id or by slug.',
    ...rootRead({ from: 'entity', kind: 'topic' }),
    args: {
      id: t.arg.id({ required: false, description: 'The topic’s global id.' }),
      slug: t.arg.string({ required: false, description: 'The topic’s slug, e.g. "distributed-systems".' }),
    },
    resolve: (_root, args, ctx, info) =>
      entityByIdOrSlug(
        ctx,
        'topic',
        { id: args.id?.toString(), slug: args.slug },
        readsBelow(info),
        pageBelow(info),
      ),
  }),
  topics: t.field({
    type: TopicConnection,
    description: 'All topics.',
    ...rootRead({ from: 'list', list: 'topics' }),
    args: {
      orderBy: t.arg({ type: TopicOrder, required: false, description: 'TALKS (default) or NAME.' }),
      ...pageArgs(t.arg, 'topic'),
    },
    resolve: async (_root, args, ctx) => {
      const slice = rankSlice(args);
      const { rows, total } = await listTopics(
        ctx.store.db,
        ctx.store.predicates,
        args.orderBy ?? 'TALKS',
        slice.first,
        slice.offset,
      );
      return rankConnection({
        rows: rows.slice(0, slice.first),
        hasNextPage: rows.length > slice.first,
        totalCount: total,
        offset: slice.offset,
      });
    },
  }),
}));

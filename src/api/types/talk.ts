// Talk: title, abstract, event, speakers, topic tags and mentions; talk(...) and talks(filter).

import { listTalks } from '../../store/listing.js';
import type { NodeRow } from '../../store/nodes.js';
import { builder } from '../builder.js';
import { keyConnection, keySlice, pageArgs } from '../pagination.js';
import { reads, readsBelow } from '../reads.js';
import { Event, Speaker, Talk, TalkConnection, Topic } from '../refs.js';
import { Entity, entityById, entityByIdOrSlug, NodeInterface } from './entity.js';

const TopicTag = builder
  .objectRef<{ topic: NodeRow; confidence: number; evidence: string | null }>('TopicTag')
  .implement({
    description:
      'A topic of a talk, with how confident the extraction is and what in the talk’s text supports it.',
    fields: (t) => ({
      topic: t.field({ type: Topic, description: 'The topic.', resolve: (tag) => tag.topic }),
      confidence: t.exposeFloat('confidence', { description: 'In (0, 1]; higher is surer.' }),
      evidence: t.exposeString('evidence', {
        nullable: true,
        description:
          'The words of the talk’s title or abstract, as written there, that support the tag: the topic’s name or an alias, or for a wider topic the narrower topic’s words that imply it ("Raft" for consensus). Null for tags stored before evidence was kept.',
      }),
    }),
  });

Talk.implement({
  description: 'A talk, panel or Q&A given at an event.',
  interfaces: [NodeInterface, Entity],
  isTypeOf: (row) => (row as NodeRow).kind === 'talk',
  fields: (t) => ({
    title: t.exposeString('label', { description: 'The title as published.' }),
    abstract: t.string({
      ...reads('abstract'),
      nullable: true,
      description: 'The abstract or write-up; null when the source has none.',
      resolve: (row, _args, ctx) => ctx.loaders.literal('abstract', row.id),
    }),
    abstractTruncated: t.boolean({
      ...reads('abstract_truncated'),
      description: 'The source cut the abstract short (it ended in an ellipsis).',
      resolve: async (row, _args, ctx) =>
        (await ctx.loaders.literal('abstract_truncated', row.id)) === 'true',
    }),
    event: t.field({
      ...reads('presented_at'),
      type: Event,
      nullable: true,
      description: 'Where the talk was given.',
      resolve: async (row, _args, ctx) =>
        (await ctx.loaders.edges('out', ['presented_at'], row.id))[0] ?? null,
    }),
    position: t.int({
      ...reads('presented_at'),
      nullable: true,
      description: 'The talk’s place in its event’s programme (1 = first).',
      resolve: async (row, _args, ctx) =>
        (await ctx.loaders.edges('out', ['presented_at'], row.id))[0]?.position ?? null,
    }),
    speakers: t.field({
      ...reads('has_speaker'),
      type: [Speaker],
      description: 'Who gave the talk, in billing order.',
      resolve: (row, _args, ctx) => ctx.loaders.edges('out', ['has_speaker'], row.id),
    }),
    topics: t.field({
      ...reads('has_topic'),
      type: [TopicTag],
      description: 'What the talk is about, most confident first.',
      resolve: async (row, _args, ctx) =>
        (await ctx.loaders.edges('out', ['has_topic'], row.id))
          .map((edge) => ({ topic: edge, confidence: edge.confidence, evidence: edge.qualifier }))
          .sort((a, b) => b.confidence - a.confidence || a.topic.id - b.topic.id),
    }),
    mentions: t.field({
      ...reads('mentions'),
      type: [Entity],
      description: 'Technologies and organizations named in the talk’s text.',
      resolve: (row, _args, ctx) => ctx.loaders.edges('out', ['mentions'], row.id),
    }),
  }),
});

const TopicMatch = builder.enumType('TopicMatch', {
  description: 'How a list of topics filters talks.',
  values: {
    ANY: { description: 'Talks with at least one of the topics.' },
    ALL: { description: 'Talks with every one of the topics.' },
  },
});

const TalkFilter = builder.inputType('TalkFilter', {
  description: 'Conditions a talk must meet; all given conditions apply.',
  fields: (t) => ({
    event: t.id({ required: false, description: 'Given at this event (an Event id).' }),
    speaker: t.id({ required: false, description: 'Given by this speaker (a Speaker id).' }),
    topics: t.idList({ required: false, description: 'Tagged with these topics (Topic ids).' }),
    topicMatch: t.field({
      type: TopicMatch,
      required: false,
      description: 'ANY (default) or ALL of `topics`.',
    }),
    yearFrom: t.int({ required: false, description: 'Given in this year or later.' }),
    yearTo: t.int({ required: false, description: 'Given in this year or earlier.' }),
    text: t.string({
      required: false,
      description: 'Title or abstract contains this text (case- and accent-insensitive).',
    }),
  }),
});

builder.queryFields((t) => ({
  talk: t.field({
    type: Talk,
    nullable: true,
    description: 'One talk, by id or by slug.',
    args: {
      id: t.arg.id({ required: false, description: 'The talk’s global id.' }),
      slug: t.arg.string({ required: false, description: 'The talk’s slug.' }),
    },
    resolve: (_root, args, ctx, info) =>
      entityByIdOrSlug(ctx, 'talk', { id: args.id?.toString(), slug: args.slug }, readsBelow(info)),
  }),
  talks: t.field({
    type: TalkConnection,
    description: 'Talks matching a filter, in the order they were added.',
    args: {
      filter: t.arg({ type: TalkFilter, required: false, description: 'Conditions on the talks.' }),
      ...pageArgs(t.arg, 'talk'),
    },
    resolve: async (_root, args, ctx) => {
      const slice = keySlice(args);
      const f = args.filter ?? {};
      const idOf = async (id: string | number | null | undefined, typename: string) =>
        id == null ? null : ((await entityById(ctx, String(id), typename))?.id ?? -1);
      const list = listTalks(ctx.store.db, ctx.store.predicates, {
        event: await idOf(f.event, 'Event'),
        speaker: await idOf(f.speaker, 'Speaker'),
        topics: f.topics
          ? await Promise.all(f.topics.map(async (id: string) => (await idOf(id, 'Topic')) as number))
          : null,
        allTopics: f.topicMatch === 'ALL',
        yearFrom: f.yearFrom,
        yearTo: f.yearTo,
        text: f.text,
      });
      return keyConnection(await list.page(slice.first, slice.after), slice, list.count);
    },
  }),
}));

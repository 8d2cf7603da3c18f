// Talk: title, abstract, event, speakers, topic tags and mentions; talk(...) and talks(filter).

import { listTalks } from '../../store/listing.js';
import type { NodeRow } from '../../store/nodes.js';
import { type TalkFormat, talkFormats } from '../../store/ontology.js';
import { builder } from '../builder.js';
import { keyConnection, keySlice, pageArgs } from '../pagination.js';
import { reads, readsBelow } from '../reads.js';
import { Event, Speaker, Talk, TalkConnection, Topic } from '../refs.js';
import { Entity, entityById, entityByIdOrSlug, NodeInterface } from './entity.js';

const formatDescriptions: Record<TalkFormat, string> = {
  talk: 'A talk or session.',
  keynote: 'A keynote or plenary talk.',
  lightning: 'A lightning talk (a few minutes).',
  panel: 'A panel or round table.',
  workshop: 'A workshop, tutorial or hands-on session.',
};

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

/** Talk formats as a GraphQL enum: TALK, KEYNOTE, … from the store's list. */
export const TalkFormatEnum = builder.enumType('TalkFormat', {
  description: 'What kind of session a talk is.',
  values: Object.fromEntries(
    talkFormats.map((format) => [
      format.toUpperCase(),
      { value: format, description: formatDescriptions[format] },
    ]),
  ) as Record<Uppercase<TalkFormat>, { value: TalkFormat; description: string }>,
});

/** A literal of the talk, or null: the schedule fields all read this way. */
const talkLiteral = (predicate: string, description: string) =>
  ({
    ...reads(predicate),
    nullable: true,
    description,
    resolve: (
      row: NodeRow,
      _args: unknown,
      ctx: { loaders: { literal(p: string, id: number): Promise<string | null> } },
    ) => ctx.loaders.literal(predicate, row.id),
  }) as const;

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
    format: t.field({
      ...reads('format'),
      type: TalkFormatEnum,
      description:
        'Talk, keynote, lightning talk, panel or workshop, as the source says or the title shows (TALK when neither does).',
      resolve: async (row, _args, ctx) =>
        ((await ctx.loaders.literal('format', row.id)) ?? 'talk') as TalkFormat,
    }),
    startsAt: t.string(
      talkLiteral(
        'starts_at',
        'When it starts, ISO 8601: with the UTC offset when the source states one ("2024-06-22T09:30:00+02:00"), else the venue’s local time ("2024-06-22T09:30:00"). Null when the source gives no time.',
      ),
    ),
    endsAt: t.string(talkLiteral('ends_at', 'When it ends, in the same form as startsAt.')),
    room: t.string(talkLiteral('room', 'The room or stage, as the programme names it.')),
    track: t.string(talkLiteral('track', 'The programme track it belongs to.')),
    language: t.string(
      talkLiteral('language', 'The language it is given in, a BCP 47 tag ("en", "de", "pt-BR").'),
    ),
    url: t.string(talkLiteral('url', 'Its page on the conference’s site or tool.')),
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
    formats: t.field({
      type: [TalkFormatEnum],
      required: false,
      description: 'Only talks of these formats, e.g. [KEYNOTE, PANEL].',
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
        formats: f.formats,
      });
      return keyConnection(await list.page(slice.first, slice.after), slice, list.count);
    },
  }),
}));

// Talk: title, abstract, event, speakers, topic tags and mentions; talk(...) and talks(filter).

import { listTalks, type TalkFilter as TalkListFilter } from '../../store/listing.js';
import type { NodeRow } from '../../store/nodes.js';
import { type TalkFormat, talkFormats } from '../../store/ontology.js';
import type { EdgeRow } from '../../store/traversal.js';
import { builder } from '../builder.js';
import {
  column,
  edgeNode,
  edgeNumber,
  edgeObjects,
  edgeText,
  filterIdTypes,
  firstNeighbour,
  firstPosition,
  literalFlag,
  literalText,
  neighbours,
  rootRead,
  talkFilterOf,
} from '../field-reads.js';
import { keyConnection, keySlice, pageArgs } from '../pagination.js';
import { readsBelow } from '../reads.js';
import { Event, Speaker, Talk, TalkConnection, Topic } from '../refs.js';
import { Entity, entityByIdOrSlug, filterNodeId, NodeInterface } from './entity.js';

const formatDescriptions: Record<TalkFormat, string> = {
  talk: 'A talk or session.',
  keynote: 'A keynote or plenary talk.',
  lightning: 'A lightning talk (a few minutes).',
  panel: 'A panel or round table.',
  workshop: 'A workshop, tutorial or hands-on session.',
};

const TopicTag = builder.objectRef<EdgeRow>('TopicTag').implement({
  description:
    'A topic of a talk, with how confident the extraction is and what in the talk’s text supports it.',
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The topic.', ...edgeNode() }),
    confidence: t.float({ description: 'In (0, 1]; higher is surer.', ...edgeNumber('confidence') }),
    evidence: t.string({
      nullable: true,
      description:
        'The words of the talk’s title or abstract, as written there, that support the tag: the topic’s name or an alias, or for a wider topic the narrower topic’s words that imply it ("Raft" for consensus). Null for tags stored before evidence was kept.',
      // The extractor stores a tag's evidence as the has_topic triple's qualifier.
      ...edgeText('qualifier'),
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

/** The edges talk fields follow, each written once. */
const presentedAt = { direction: 'out', predicates: ['presented_at'], order: 'stored' } as const;
const hasSpeaker = { direction: 'out', predicates: ['has_speaker'], order: 'stored' } as const;
const hasTopic = { direction: 'out', predicates: ['has_topic'], order: 'confidence' } as const;
const mentions = { direction: 'out', predicates: ['mentions'], order: 'stored' } as const;

Talk.implement({
  description: 'A talk, panel or Q&A given at an event.',
  interfaces: [NodeInterface, Entity],
  isTypeOf: (row) => (row as NodeRow).kind === 'talk',
  fields: (t) => ({
    title: t.string({ description: 'The title as published.', ...column('label') }),
    abstract: t.string({
      nullable: true,
      description: 'The abstract or write-up; null when the source has none.',
      ...literalText('abstract'),
    }),
    format: t.field({
      type: TalkFormatEnum,
      description:
        'Talk, keynote, lightning talk, panel or workshop, as the source says or the title shows (TALK when neither does).',
      ...literalText<TalkFormat>('format', 'talk'),
    }),
    startsAt: t.string({
      nullable: true,
      description:
        'When it starts, ISO 8601: with the UTC offset when the source states one ("2024-06-22T09:30:00+02:00"), else the venue’s local time ("2024-06-22T09:30:00"). Null when the source gives no time.',
      ...literalText('starts_at'),
    }),
    endsAt: t.string({
      nullable: true,
      description: 'When it ends, in the same form as startsAt.',
      ...literalText('ends_at'),
    }),
    room: t.string({
      nullable: true,
      description: 'The room or stage, as the programme names it.',
      ...literalText('room'),
    }),
    track: t.string({
      nullable: true,
      description: 'The programme track it belongs to.',
      ...literalText('track'),
    }),
    language: t.string({
      nullable: true,
      description: 'The language it is given in, a BCP 47 tag ("en", "de", "pt-BR").',
      ...literalText('language'),
    }),
    url: t.string({
      nullable: true,
      description: 'Its page on the conference’s site or tool.',
      ...literalText('url'),
    }),
    abstractTruncated: t.boolean({
      description: 'The source cut the abstract short (it ended in an ellipsis).',
      ...literalFlag('abstract_truncated'),
    }),
    event: t.field({
      type: Event,
      nullable: true,
      description: 'Where the talk was given.',
      ...firstNeighbour(presentedAt),
    }),
    position: t.int({
      nullable: true,
      description: 'The talk’s place in its event’s programme (1 = first).',
      ...firstPosition(presentedAt),
    }),
    speakers: t.field({
      type: [Speaker],
      description: 'Who gave the talk, in billing order.',
      ...neighbours(hasSpeaker),
    }),
    topics: t.field({
      type: [TopicTag],
      description: 'What the talk is about, most confident first.',
      ...edgeObjects(hasTopic),
    }),
    mentions: t.field({
      type: [Entity],
      description: 'Technologies and organizations named in the talk’s text.',
      ...neighbours(mentions),
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
    ...rootRead({ from: 'entity', kind: 'talk' }),
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
    ...rootRead({ from: 'list', list: 'talks' }),
    resolve: async (_root, args, ctx) => {
      const slice = keySlice(args);
      const f = talkFilterOf(args.filter ?? {});
      const list = listTalks(ctx.store.db, ctx.store.predicates, {
        ...f,
        event: await filterNodeId(ctx, f.event, filterIdTypes.event),
        speaker: await filterNodeId(ctx, f.speaker, filterIdTypes.speaker),
        topics:
          f.topics && (await Promise.all(f.topics.map((id) => filterNodeId(ctx, id, filterIdTypes.topics)))),
      } as TalkListFilter);
      return keyConnection(await list.page(slice.first, slice.after), slice, list.count);
    },
  }),
}));

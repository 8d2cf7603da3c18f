import { type RelatedSpeaker as RelatedSpeakerRow, relatedSpeakers } from '../../graph/related-speakers.js';
import {
  type Reason as ReasonRow,
  type RelatedTalk as RelatedTalkRow,
  relatedTalks,
  relatedTalksKept,
} from '../../graph/related-talks.js';
import { type RelatedTopic as RelatedTopicRow, relatedTopics } from '../../graph/related-topics.js';
import { builder, type Context } from '../builder.js';
import { rankingPart, storedRelatedTalks } from '../field-reads.js';
import { maxPageSize, pageSize } from '../pagination.js';
import { Speaker, Talk, Topic } from '../refs.js';
import { Entity } from './entity.js';

// Talk.relatedTalks reads stored lists: they must hold the largest page the field allows.
if (relatedTalksKept < maxPageSize)
  throw new Error(`related talks keep ${relatedTalksKept} per talk, fewer than a page (${maxPageSize})`);

const ReasonKind = builder.enumType('ReasonKind', {
  description: 'A kind of evidence that two entities are related.',
  values: {
    SHARED_TOPIC: {
      description: 'Both are about this topic (weighted by its rarity and the tags’ confidence).',
    },
    SHARED_SPEAKER: { description: 'The same person gave both talks, or both people gave this talk.' },
    SHARED_ORGANIZATION: { description: 'Speakers of both belong to this organization.' },
    SAME_EVENT: { description: 'Both were given at this event.' },
    SIMILAR_TEXT: { description: 'Their titles and abstracts use the same distinctive words.' },
  },
});

const Reason = builder.objectRef<ReasonRow>('Reason').implement({
  description: 'One piece of evidence, and how much it adds to the score.',
  fields: (t) => ({
    kind: t.field({
      type: ReasonKind,
      description: 'What kind of evidence.',
      ...rankingPart({ from: 'reason', part: 'kind' }),
      resolve: (r) => r.kind,
    }),
    weight: t.exposeFloat('weight', {
      description: 'Its contribution: the reasons’ weights add up to the score.',
      ...rankingPart({ from: 'reason', part: 'weight' }),
    }),
    via: t.field({
      type: Entity,
      nullable: true,
      description: 'The shared topic, speaker, talk, organization or event; null for text similarity.',
      ...rankingPart({ from: 'reason', part: 'via' }),
      resolve: (r, _args, ctx) => (r.via === null ? null : ctx.loaders.node(r.via)),
    }),
    terms: t.stringList({
      nullable: true,
      description:
        'For SIMILAR_TEXT, the words both texts use, those that count most first, as the talk writes them (lower case); null for other kinds.',
      ...rankingPart({ from: 'reason', part: 'terms' }),
      resolve: (r) => r.terms ?? null,
    }),
  }),
});

const RelatedTalk = builder.objectRef<RelatedTalkRow>('RelatedTalk').implement({
  description: 'A talk related to another, with why.',
  fields: (t) => ({
    talk: t.field({
      type: Talk,
      description: 'The related talk.',
      ...rankingPart({ from: 'related', part: 'talk' }),
      resolve: (r) => r.talk,
    }),
    score: t.exposeFloat('score', {
      description: 'The sum of the reasons’ weights; higher is more related.',
      ...rankingPart({ from: 'related', part: 'score' }),
    }),
    reasons: t.field({
      type: [Reason],
      description: 'The evidence, strongest first.',
      ...rankingPart({ from: 'related', part: 'reasons' }),
      resolve: (r) => r.reasons,
    }),
  }),
});

const RelatedSpeaker = builder.objectRef<RelatedSpeakerRow>('RelatedSpeaker').implement({
  description: 'A speaker related to another, with why.',
  fields: (t) => ({
    speaker: t.field({ type: Speaker, description: 'The related speaker.', resolve: (r) => r.speaker }),
    score: t.exposeFloat('score', { description: 'The sum of the reasons’ weights.' }),
    reasons: t.field({
      type: [Reason],
      description: 'The evidence, strongest first.',
      resolve: (r) => r.reasons,
    }),
  }),
});

const RelatedTopic = builder.objectRef<RelatedTopicRow>('RelatedTopic').implement({
  description: 'A topic that appears on the same talks more often than chance.',
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The related topic.', resolve: (r) => r.topic }),
    score: t.exposeFloat('score', {
      description:
        'Normalized pointwise mutual information in (0, 1]: 1 when they only ever appear together.',
    }),
    talks: t.exposeInt('talks', { description: 'How many talks carry both topics.' }),
  }),
});

type Ranking<Row> = (
  q: Context['store']['db'],
  predicates: Context['store']['predicates'],
  ids: readonly number[],
  first: number,
) => Promise<Map<number, Row[]>>;

/**
 * What the three ranking fields share: their cost (its `first` multiplies what lies below) and a
 * resolver that batches the ranking across every parent asking for the same number of results.
 */
function ranked<Row>(name: string, defaultFirst: number, rank: Ranking<Row>) {
  return {
    complexity: (args: { first?: number | null }) => ({
      field: 5,
      multiplier: Math.max(1, args.first ?? defaultFirst),
    }),
    resolve: (parent: { id: number }, args: { first?: number | null }, ctx: Context): Promise<Row[]> => {
      const first = pageSize(args.first, defaultFirst);
      return ctx.loaders
        .batch<number, Row[]>(`${name}:${first}`, async (ids) => {
          const result = await rank(ctx.store.db, ctx.store.predicates, ids, first);
          return ids.map((key) => result.get(key) ?? []);
        })
        .load(parent.id);
    },
  };
}

/** How many related talks a page has when `first` is not given. */
const relatedTalksDefault = 5;

builder.objectField(Talk, 'relatedTalks', (t) =>
  t.field({
    type: [RelatedTalk],
    description: 'Talks related to this one, most related first, each with its reasons (docs/ranking.md).',
    args: {
      first: t.arg.int({
        required: false,
        defaultValue: relatedTalksDefault,
        description: `How many (at most ${maxPageSize}).`,
      }),
    },
    ...storedRelatedTalks(relatedTalksDefault),
    ...ranked('relatedTalks', relatedTalksDefault, relatedTalks),
  }),
);

builder.objectField(Speaker, 'relatedSpeakers', (t) =>
  t.field({
    type: [RelatedSpeaker],
    description: 'People who gave talks with this speaker or on the same topics, most related first.',
    args: {
      first: t.arg.int({
        required: false,
        defaultValue: 5,
        description: `How many (at most ${maxPageSize}).`,
      }),
    },
    ...ranked('relatedSpeakers', 5, relatedSpeakers),
  }),
);

builder.objectField(Topic, 'relatedTopics', (t) =>
  t.field({
    type: [RelatedTopic],
    description: 'Topics that go with this one: co-occurring on talks more than their popularity predicts.',
    args: {
      first: t.arg.int({
        required: false,
        defaultValue: 10,
        description: `How many (at most ${maxPageSize}).`,
      }),
    },
    ...ranked('relatedTopics', 10, relatedTopics),
  }),
);

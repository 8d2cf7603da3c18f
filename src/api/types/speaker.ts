import { listSpeakers } from '../../store/listing.js';
import type { NodeRow } from '../../store/nodes.js';
import type { EdgeRow } from '../../store/traversal.js';
import { builder } from '../builder.js';
import {
  column,
  edgeNode,
  edgeNumber,
  edgeObjects,
  edgeText,
  filterIdTypes,
  incomingPage,
  literalText,
  pageBelow,
  rootRead,
  speakerFilterOf,
  twoHop,
} from '../field-reads.js';
import { keyConnection, keySlice, maxPageSize, pageArgs } from '../pagination.js';
import { readsBelow } from '../reads.js';
import { Organization, Speaker, SpeakerConnection, TalkConnection, Topic } from '../refs.js';
import { Entity, entityByIdOrSlug, filterNodeId, NodeInterface } from './entity.js';

const Affiliation = builder.objectRef<EdgeRow>('Affiliation').implement({
  description: 'A speaker’s tie to an organization, read from a source’s prose.',
  fields: (t) => ({
    organization: t.field({ type: Organization, description: 'The organization.', ...edgeNode() }),
    role: t.string({
      nullable: true,
      description: 'The role when stated: "engineer", "founder", "head of engineering", "contributor", ...',
      ...edgeText('qualifier', { contributes_to: 'contributor' }),
    }),
    relation: t.string({
      description: '"works_at" (employment or membership) or "contributes_to" (contribution to a project).',
      ...edgeText('predicate'),
    }),
  }),
});

const TopicCount = builder.objectRef<NodeRow & { weight: number }>('TopicCount').implement({
  description: 'A topic and how many of someone’s talks carry it.',
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The topic.', ...edgeNode() }),
    count: t.int({ description: 'Number of talks with the topic.', ...edgeNumber('weight') }),
  }),
});

/** Organizations a speaker works at or contributes to. */
export const affiliationEdges = {
  direction: 'out',
  predicates: ['works_at', 'contributes_to'],
  kinds: ['organization'],
  order: 'stored',
} as const;

Speaker.implement({
  description: 'A person who gave at least one talk.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({ description: 'The name as written, accents kept.', ...column('label') }),
    handle: t.string({
      nullable: true,
      description: 'Social handle without the "@", when a source gives one.',
      ...literalText('handle'),
    }),
    bio: t.string({
      nullable: true,
      description: 'Biography, when a schedule export or profile gives one.',
      ...literalText('bio'),
    }),
    url: t.string({
      nullable: true,
      description: 'Their web site, when a source gives one (profiles on social sites give the handle).',
      ...literalText('url'),
    }),
    affiliations: t.field({
      type: [Affiliation],
      description: 'Organizations the speaker works at or contributes to.',
      ...edgeObjects(affiliationEdges),
    }),
    talks: t.field({
      type: TalkConnection,
      description: 'The speaker’s talks.',
      args: pageArgs(t.arg, 'talk'),
      ...incomingPage('has_speaker', 'node'),
    }),
    topics: t.field({
      type: [TopicCount],
      description: 'Topics across the speaker’s talks, most frequent first.',
      args: {
        first: t.arg.int({ required: false, description: `How many (at most ${maxPageSize}; default 10).` }),
      },
      ...twoHop({ first: ['in', 'has_speaker'], second: ['out', 'has_topic'] }, { defaultFirst: 10 }),
    }),
    coSpeakers: t.field({
      type: [Speaker],
      description: 'People who shared a talk with the speaker, most shared talks first (at most 100).',
      ...twoHop({ first: ['in', 'has_speaker'], second: ['out', 'has_speaker'], excludeSelf: true }, 'all'),
    }),
  }),
});

const SpeakerFilter = builder.inputType('SpeakerFilter', {
  description: 'Conditions a speaker must meet; all given conditions apply.',
  fields: (t) => ({
    event: t.id({ required: false, description: 'Spoke at this event (an Event id).' }),
    topic: t.id({ required: false, description: 'Gave a talk with this topic (a Topic id).' }),
    organization: t.id({ required: false, description: 'Works at or contributes to this organization.' }),
    text: t.string({
      required: false,
      description: 'Name or alias contains this text (case- and accent-insensitive).',
    }),
  }),
});

builder.queryFields((t) => ({
  speaker: t.field({
    type: Speaker,
    nullable: true,
    description: 'One speaker, by id or by slug.',
    ...rootRead({ from: 'entity', kind: 'speaker' }),
    args: {
      id: t.arg.id({ required: false, description: 'The speaker’s global id.' }),
      slug: t.arg.string({ required: false, description: 'The speaker’s slug, e.g. "veronica-lopez".' }),
    },
    resolve: (_root, args, ctx, info) =>
      entityByIdOrSlug(
        ctx,
        'speaker',
        { id: args.id?.toString(), slug: args.slug },
        readsBelow(info),
        pageBelow(info),
      ),
  }),
  speakers: t.field({
    type: SpeakerConnection,
    description: 'Speakers matching a filter, in the order they were added.',
    args: {
      filter: t.arg({ type: SpeakerFilter, required: false, description: 'Conditions on the speakers.' }),
      ...pageArgs(t.arg, 'speaker'),
    },
    ...rootRead({ from: 'list', list: 'speakers' }),
    resolve: async (_root, args, ctx) => {
      const slice = keySlice(args);
      const f = speakerFilterOf(args.filter ?? {});
      const list = listSpeakers(ctx.store.db, ctx.store.predicates, {
        event: await filterNodeId(ctx, f.event, filterIdTypes.event),
        topic: await filterNodeId(ctx, f.topic, filterIdTypes.topic),
        organization: await filterNodeId(ctx, f.organization, filterIdTypes.organization),
        text: f.text,
      });
      return keyConnection(await list.page(slice.first, slice.after), slice, list.count);
    },
  }),
}));

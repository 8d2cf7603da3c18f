// Event: year, city, venue, its talks in programme order and its speakers; event(...) and events.
import { listEvents } from '../../store/listing.js';
import { builder } from '../builder.js';
import {
  column,
  incomingPage,
  literalInt,
  literalText,
  pageBelow,
  rootRead,
  twoHop,
} from '../field-reads.js';
import { pageArgs, rankConnection, rankSlice } from '../pagination.js';
import { readsBelow } from '../reads.js';
import { Event, EventConnection, SpeakerConnection, TalkConnection } from '../refs.js';
import { Entity, entityByIdOrSlug, NodeInterface } from './entity.js';

Event.implement({
  description: 'A conference or meetup edition.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({ description: 'The name, with the year when the source gives one.', ...column('label') }),
    year: t.int({ nullable: true, description: 'The year it took place.', ...literalInt('year') }),
    city: t.string({
      nullable: true,
      description: 'The city, abbreviations expanded ("SF" → "San Francisco").',
      ...literalText('city'),
    }),
    venue: t.string({
      nullable: true,
      description: 'The venue when a source names it.',
      ...literalText('venue'),
    }),
    startDate: t.string({
      nullable: true,
      description: 'Its first day ("2024-06-22"), as the source states it or as its talks’ times span.',
      ...literalText('start_date'),
    }),
    endDate: t.string({
      nullable: true,
      description: 'Its last day, in the same form as startDate.',
      ...literalText('end_date'),
    }),
    url: t.string({
      nullable: true,
      description: 'Its web page, when a source gives one.',
      ...literalText('url'),
    }),
    talks: t.field({
      type: TalkConnection,
      description: 'The talks, in programme order.',
      args: pageArgs(t.arg, 'talk'),
      ...incomingPage('presented_at', 'position'),
    }),
    speakers: t.field({
      type: SpeakerConnection,
      description: 'Everyone who spoke, most talks first.',
      args: pageArgs(t.arg, 'speaker'),
      ...twoHop({ first: ['in', 'presented_at'], second: ['out', 'has_speaker'] }, 'connection'),
    }),
  }),
});

builder.queryFields((t) => ({
  event: t.field({
    type: Event,
    nullable: true,
    description: 'One event, by id or by slug.',
    ...rootRead({ from: 'entity', kind: 'event' }),
    args: {
      id: t.arg.id({ required: false, description: 'The event’s global id.' }),
      slug: t.arg.string({
        required: false,
        description: 'The event’s slug, e.g. "gopherfest-summer-2016".',
      }),
    },
    resolve: (_root, args, ctx, info) =>
      entityByIdOrSlug(
        ctx,
        'event',
        { id: args.id?.toString(), slug: args.slug },
        readsBelow(info),
        pageBelow(info),
      ),
  }),
  events: t.field({
    type: EventConnection,
    description: 'All events, most recent first.',
    ...rootRead({ from: 'list', list: 'events' }),
    args: pageArgs(t.arg, 'event'),
    resolve: async (_root, args, ctx) => {
      const slice = rankSlice(args);
      const { rows, total } = await listEvents(ctx.store.db, ctx.store.predicates, slice.first, slice.offset);
      return rankConnection({
        rows: rows.slice(0, slice.first),
        hasNextPage: rows.length > slice.first,
        totalCount: total,
        offset: slice.offset,
      });
    },
  }),
}));

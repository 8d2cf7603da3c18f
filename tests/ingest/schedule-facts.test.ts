// What schedule exports carry beyond talks and speakers — times, rooms, tracks, languages, formats,
// the tool's ids and pages, speakers' profiles — becomes facts, readable through the API; and an
// updated export of the same programme updates its talks instead of adding renamed copies. Every
// document here is invented, in the shapes the tools export.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/ingest/document-source.js';
import { extractSource } from '../../src/ingest/extract.js';
import { storeExtraction } from '../../src/ingest/ingest.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';
import { graphqlThroughResolvers as graphql } from '../support/graph.js';

/** A c3voc schedule as pretalx writes it: local times with the conference's time zone named once. */
const pretalxSchedule = (titles: [string, string]) =>
  JSON.stringify({
    schedule: {
      version: '1.0',
      conference: {
        acronym: 'mcf-2025',
        title: 'Moss Creek Fest 2025',
        start: '2025-03-14',
        end: '2025-03-15',
        time_zone_name: 'Europe/Lisbon',
        days: [
          {
            index: 1,
            date: '2025-03-14',
            rooms: {
              'Sala Azul': [
                {
                  guid: '0b6f3c1e-5d1a-4c7e-9f00-1a2b3c4d5e01',
                  id: 101,
                  date: '2025-03-14T10:00:00',
                  start: '10:00',
                  duration: '00:45',
                  room: 'Sala Azul',
                  url: 'https://cfp.example.org/mcf-2025/talk/QX7RTA/',
                  title: titles[0],
                  track: 'Infrastructure',
                  type: 'Keynote',
                  language: 'pt',
                  abstract: 'How a small team keeps its build farm warm.',
                  persons: [
                    {
                      guid: 'a1b2c3d4-0000-4000-8000-00000000a001',
                      code: 'PLM9QX',
                      public_name: 'Inês Carvalhal',
                      biography: 'Builds build systems for fun.',
                    },
                  ],
                },
                {
                  guid: '0b6f3c1e-5d1a-4c7e-9f00-1a2b3c4d5e02',
                  id: 102,
                  date: '2025-03-14T11:00:00',
                  start: '11:00',
                  duration: '01:30',
                  room: 'Sala Azul',
                  title: titles[1],
                  track: 'Hands-on',
                  type: 'Workshop',
                  language: 'en',
                  persons: [{ public_name: 'Tobias Wernicke' }, { public_name: 'Mei-Lin Ocampo' }],
                },
              ],
            },
          },
        ],
      },
    },
  });

/** A frab schedule of the older kind: each day names its date once, entries give a clock time. */
const frabSchedule = `<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Harbour Hack Days 2019</title><start>2019-09-07</start><end>2019-09-08</end></conference>
  <day index="1" date="2019-09-07">
    <room name="Loft">
      <event id="811" guid="6c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5">
        <start>14:30</start><duration>00:25</duration><room>Loft</room>
        <title>Soldering for the Impatient</title><type>lightning</type><language>de</language>
        <persons><person id="71">Jorunn Edvardsen</person></persons>
      </event>
    </room>
  </day>
</schedule>`;

/** A Sessionize "All" export: rooms and category items referred to by id. */
const sessionizeAll = JSON.stringify({
  sessions: [
    {
      id: '440301',
      title: 'Queues That Never Lose a Message',
      description: 'Delivery guarantees, tested.',
      startsAt: '2022-10-05T13:00:00',
      endsAt: '2022-10-05T13:50:00',
      isServiceSession: false,
      speakers: ['5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
      categoryItems: [9001, 9102, 9201],
      roomId: 77,
    },
    {
      id: '440302',
      title: 'Community Hub Open',
      startsAt: '2022-10-05T14:00:00',
      endsAt: '2022-10-05T15:00:00',
      isServiceSession: true,
      speakers: ['5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'],
      categoryItems: [],
      roomId: 77,
    },
  ],
  speakers: [
    {
      id: '5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      firstName: 'Radka',
      lastName: 'Vondrušková',
      bio: 'Runs messaging at a logistics firm.',
      tagLine: 'Staff Engineer at Parcelwise',
      links: [
        { title: 'Blog', url: 'https://radka.example.net/', linkType: 'Blog' },
        { title: 'GitHub', url: 'https://github.com/radkav', linkType: 'Other' },
      ],
      sessions: [440301],
    },
  ],
  categories: [
    { id: 90, title: 'Track', items: [{ id: 9001, name: 'Backend' }] },
    { id: 91, title: 'Session format', items: [{ id: 9102, name: 'Workshop' }] },
    { id: 92, title: 'Language', items: [{ id: 9201, name: 'German' }] },
  ],
  rooms: [{ id: 77, name: 'Room Tatra' }],
});

/** A calendar whose times are in a named zone, one event all day (not a talk). */
const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//Schedule//EN',
  'BEGIN:VEVENT',
  'UID:talk-17@schedule.example.org',
  'DTSTAMP:20240101T000000Z',
  'DTSTART;TZID=America/Chicago:20240709T160000',
  'DTEND;TZID=America/Chicago:20240709T163000',
  'SUMMARY:Tracing Without Tears (talk by Olufemi Adeyemi-Brandt)',
  'LOCATION:Ballroom C',
  'URL:https://schedule.example.org/talks/17',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe.each(backends)('schedule facts on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(() => dispose?.());
  beforeEach(() => resetGraph(store.db));

  const ingest = (name: string, text: string) => {
    const doc = decodeDocument(name, new TextEncoder().encode(text));
    return store.db.transaction((tx) => storeExtraction(tx, store.predicates, doc, extractSource(doc, {})));
  };
  const talk = async (title: string) => {
    const result = await graphql(
      store,
      `query($text: String) { talks(filter: { text: $text }) { nodes {
         title slug format startsAt endsAt room track language url
         speakers { name bio url handle } event { name startDate endDate } } } }`,
      { text: title },
    );
    expect(result.errors).toBeUndefined();
    return (result.data as { talks: { nodes: Record<string, unknown>[] } }).talks.nodes;
  };

  it('reads a pretalx schedule: times in its named zone, end from the duration, room, track, language, format, page, speakers’ bios', async () => {
    await ingest(
      'mcf.json',
      pretalxSchedule(['Keeping the Build Farm Warm', 'Profiling Rust in an Afternoon']),
    );
    const [keynote] = await talk('Build Farm');
    expect(keynote).toMatchObject({
      format: 'KEYNOTE',
      // Lisbon is on UTC in March.
      startsAt: '2025-03-14T10:00:00+00:00',
      endsAt: '2025-03-14T10:45:00+00:00',
      room: 'Sala Azul',
      track: 'Infrastructure',
      language: 'pt',
      url: 'https://cfp.example.org/mcf-2025/talk/QX7RTA/',
      speakers: [{ name: 'Inês Carvalhal', bio: 'Builds build systems for fun.' }],
      event: { name: 'Moss Creek Fest 2025', startDate: '2025-03-14', endDate: '2025-03-15' },
    });
    const [workshop] = await talk('Profiling Rust');
    expect(workshop).toMatchObject({
      format: 'WORKSHOP',
      endsAt: '2025-03-14T12:30:00+00:00',
      language: 'en',
    });
  });

  it('reads a frab day’s date with each entry’s clock time and duration', async () => {
    await ingest('hhd.xml', frabSchedule);
    const [lightning] = await talk('Soldering');
    expect(lightning).toMatchObject({
      format: 'LIGHTNING',
      startsAt: '2019-09-07T14:30:00',
      endsAt: '2019-09-07T14:55:00',
      room: 'Loft',
      language: 'de',
      speakers: [{ name: 'Jorunn Edvardsen' }],
    });
  });

  it('reads a Sessionize export’s rooms and categories by id, and speakers’ links; a service session is no talk', async () => {
    await ingest('sessionize.json', sessionizeAll);
    expect((await graphql(store, '{ talks { totalCount } }')).data).toEqual({ talks: { totalCount: 1 } });
    const [session] = await talk('Queues');
    expect(session).toMatchObject({
      format: 'WORKSHOP',
      startsAt: '2022-10-05T13:00:00',
      endsAt: '2022-10-05T13:50:00',
      room: 'Room Tatra',
      track: 'Backend',
      language: 'de',
      speakers: [
        {
          name: 'Radka Vondrušková',
          bio: 'Runs messaging at a logistics firm.',
          url: 'https://radka.example.net/',
          handle: 'radkav',
        },
      ],
    });
  });

  it('reads calendar times in their zone with its offset', async () => {
    await ingest('talks.ics', calendar);
    const [event] = await talk('Tracing');
    expect(event).toMatchObject({
      startsAt: '2024-07-09T16:00:00-05:00',
      endsAt: '2024-07-09T16:30:00-05:00',
      room: 'Ballroom C',
      url: 'https://schedule.example.org/talks/17',
      speakers: [{ name: 'Olufemi Adeyemi-Brandt' }],
    });
  });

  it('an updated export of the same programme updates a renamed talk, found by its tool id', async () => {
    await ingest(
      'mcf.json',
      pretalxSchedule(['Keeping the Build Farm Warm', 'Profiling Rust in an Afternoon']),
    );
    const [before] = await talk('Build Farm');
    await ingest(
      'mcf-v2.json',
      pretalxSchedule(['Keeping Build Farms Warm', 'Profiling Rust in an Afternoon']),
    );
    const renamed = await talk('Build Farms Warm');
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatchObject({ title: 'Keeping Build Farms Warm', slug: before?.slug });
    const all = await graphql(store, '{ talks { totalCount } }');
    expect(all.data).toEqual({ talks: { totalCount: 2 } });
  });

  it('filters talks by format', async () => {
    await ingest(
      'mcf.json',
      pretalxSchedule(['Keeping the Build Farm Warm', 'Profiling Rust in an Afternoon']),
    );
    await ingest('hhd.xml', frabSchedule);
    const result = await graphql(
      store,
      '{ talks(filter: { formats: [WORKSHOP, LIGHTNING] }) { nodes { title } } }',
    );
    expect(result.data).toEqual({
      talks: {
        nodes: [{ title: 'Profiling Rust in an Afternoon' }, { title: 'Soldering for the Impatient' }],
      },
    });
  });
});

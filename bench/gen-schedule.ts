// `tsx bench/gen-schedule.ts --talks N --seed S --out DIR`: the synthetic corpus (bench/gen.ts) as ONE
// conference schedule in two exports, pretalx's schedule JSON (c3voc schema) and frab's schedule XML:
// the corpus's talks laid out over days and rooms from 09:00 to 18:00 (a lunch and a coffee break in
// the main hall each day, no talk anywhere during them), with times (+02:00), tracks, types (talk,
// keynote, workshop, lightning talk, panel), languages and 1–3 persons each. Deterministic by seed.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { slugify } from '../src/store/slug.js';
import { generate, random, type TruthTalk } from './gen.js';

export type SessionType = 'talk' | 'keynote' | 'workshop' | 'lightning' | 'panel';

interface Person {
  id: number;
  code: string;
  guid: string;
  name: string;
  biography: string | null;
}

export interface ScheduleEntry {
  id: number;
  guid: string;
  code: string;
  title: string;
  /** null for a break. */
  type: SessionType | null;
  /** The day's date, YYYY-MM-DD. */
  day: string;
  dayIndex: number;
  room: string;
  /** Minutes after midnight, local time. */
  start: number;
  minutes: number;
  track: string | null;
  language: string;
  abstract: string;
  persons: Person[];
}

export interface Schedule {
  acronym: string;
  title: string;
  days: string[];
  rooms: string[];
  entries: ScheduleEntry[];
}

const offset = '+02:00';
const timeZone = 'Europe/Berlin';
const baseUrl = 'https://pretalx.example.org';
const firstDay = Date.UTC(2025, 5, 2);
const dayStart = 9 * 60;
const dayEnd = 18 * 60;
/** The main hall's breaks; no talk runs in any room during them. */
const breaks = [
  { title: 'Lunch Break', start: 12 * 60 + 30, minutes: 60 },
  { title: 'Coffee Break', start: 15 * 60 + 30, minutes: 15 },
];
const roomNames = ['Main Hall', 'Room A', 'Room B', 'Room C', 'Room D', 'Room E', 'Room F', 'Workshop Room'];
const tracks = ['Infrastructure', 'Data', 'Security', 'Languages', 'Operations', 'Community'];
const minutesOf: Record<SessionType, number> = {
  talk: 30,
  keynote: 45,
  workshop: 60,
  lightning: 10,
  panel: 45,
};
const pretalxType: Record<SessionType, string> = {
  talk: 'Talk',
  keynote: 'Keynote',
  workshop: 'Workshop',
  lightning: 'Lightning Talk',
  panel: 'Panel',
};
/** frab's own event types (a keynote is a lecture there). */
const frabType: Record<SessionType, string> = {
  talk: 'lecture',
  keynote: 'lecture',
  workshop: 'workshop',
  lightning: 'lightning_talk',
  panel: 'podium',
};

/** A UUID-shaped id derived from a name: the same name, the same id, on every run. */
function guidOf(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A pretalx-style code: six upper-case letters and digits. */
function codeOf(name: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ3789';
  const digest = createHash('sha1').update(name).digest();
  return Array.from(digest.subarray(0, 6), (byte) => alphabet[byte % alphabet.length]).join('');
}

const dateOf = (dayIndex: number) => new Date(firstDay + dayIndex * 86_400_000).toISOString().slice(0, 10);
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const isoOf = (day: string, minutes: number) => `${day}T${clock(minutes)}:00${offset}`;

/** Lays the corpus's talks out as one conference. */
export function buildSchedule(talks: readonly TruthTalk[], seed: number, roomCount = 8): Schedule {
  const rand = random(seed ^ 0x5c4ed);
  const rooms = roomNames.slice(0, Math.max(1, Math.min(roomCount, roomNames.length)));
  const people = new Map<string, Person>();
  const personOf = (name: string, organization?: string): Person => {
    let person = people.get(name);
    if (!person) {
      person = {
        id: 1000 + people.size,
        code: codeOf(`person:${name}`),
        guid: guidOf(`person:${name}`),
        name,
        biography: organization ? `${name.split(' ')[0]} works at ${organization}.` : null,
      };
      people.set(name, person);
    }
    return person;
  };
  const everyone = [...new Set(talks.flatMap((t) => t.speakers))];
  const entries: ScheduleEntry[] = [];
  const titles = new Map<string, number>();
  let dayIndex = 0;
  let room = 0;
  let cursor = dayStart;
  const push = (entry: Omit<ScheduleEntry, 'id' | 'guid' | 'code' | 'day' | 'dayIndex'>) => {
    const id = 101 + entries.length;
    const day = dateOf(dayIndex);
    const key = `${seed}:${id}:${entry.title}`;
    entries.push({ ...entry, id, guid: guidOf(key), code: codeOf(key), day, dayIndex });
  };
  const openDay = () => {
    for (const b of breaks) {
      push({
        title: b.title,
        type: null,
        room: rooms[0] as string,
        start: b.start,
        minutes: b.minutes,
        track: null,
        language: 'en',
        abstract: '',
        persons: [],
      });
    }
  };
  openDay();
  for (const talk of talks) {
    const r = rand();
    const drawn: SessionType = r < 0.06 ? 'workshop' : r < 0.16 ? 'lightning' : r < 0.21 ? 'panel' : 'talk';
    let type: SessionType = drawn;
    let minutes = minutesOf[type];
    // Past a break, or past the end of the day: the next free time, room or day.
    for (;;) {
      // Each day opens with a keynote in the main hall.
      type = room === 0 && cursor === dayStart ? 'keynote' : drawn;
      minutes = minutesOf[type];
      const clash = breaks.find((b) => cursor < b.start + b.minutes && cursor + minutes > b.start);
      if (clash) cursor = clash.start + clash.minutes;
      else if (cursor + minutes > dayEnd) {
        cursor = dayStart;
        room += 1;
        if (room === rooms.length) {
          room = 0;
          dayIndex += 1;
          openDay();
        }
      } else break;
    }
    const organizations = new Map(talk.affiliations.map((a) => [a.speaker, a.organization]));
    const names = [...talk.speakers];
    // A panel has three people on stage; the extra panellists come from the corpus's speakers.
    while (type === 'panel' && names.length < 3) {
      const other = everyone[Math.floor(rand() * everyone.length)] as string;
      if (!names.includes(other)) names.push(other);
    }
    const seen = titles.get(talk.title) ?? 0;
    titles.set(talk.title, seen + 1);
    const [a = 'software', b = a] = talk.topics;
    push({
      // Titles repeat across the corpus's events; in one conference each talk has its own.
      title: seen === 0 ? talk.title : `${talk.title}, Take ${seen + 1}`,
      type,
      room: rooms[room] as string,
      start: cursor,
      minutes,
      track: tracks[Math.floor(rand() * tracks.length)] as string,
      language: rand() < 0.1 ? 'de' : 'en',
      abstract: `This session covers ${a} and ${b}, with measurements and examples from production systems.`,
      persons: names.map((name) => personOf(name, organizations.get(name))),
    });
    cursor += minutes;
  }
  const days = Array.from({ length: dayIndex + 1 }, (_, i) => dateOf(i));
  return { acronym: `synthconf-${seed}`, title: `Synthetic Conference ${seed}`, days, rooms, entries };
}

const byDayAndRoom = (schedule: Schedule) =>
  schedule.days.map((day, index) => ({
    day,
    index,
    rooms: schedule.rooms
      .map((room) => ({
        room,
        entries: schedule.entries
          .filter((e) => e.day === day && e.room === room)
          .sort((x, y) => x.start - y.start),
      }))
      .filter((r) => r.entries.length > 0),
  }));
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const slugOf = (schedule: Schedule, entry: ScheduleEntry) =>
  `${schedule.acronym}-${entry.id}-${slugify(entry.title)}`;
const urlOf = (schedule: Schedule, entry: ScheduleEntry) =>
  `${baseUrl}/${schedule.acronym}/talk/${entry.code}/`;

/** The schedule as pretalx writes `schedule/export/schedule.json` (the c3voc schema). */
export function pretalxScheduleJson(schedule: Schedule): string {
  const conference = {
    acronym: schedule.acronym,
    title: schedule.title,
    start: schedule.days[0],
    end: schedule.days.at(-1),
    daysCount: schedule.days.length,
    timeslot_duration: '00:05',
    time_zone_name: timeZone,
    colors: { primary: '#3aa57c' },
    rooms: schedule.rooms.map((name) => ({
      name,
      guid: guidOf(`room:${name}`),
      description: null,
      capacity: null,
    })),
    tracks: tracks.map((name) => ({ name, color: '#839edb' })),
    days: byDayAndRoom(schedule).map(({ day, index, rooms }) => ({
      index: index + 1,
      date: day,
      day_start: `${day}T04:00:00${offset}`,
      day_end: `${nextDay(day)}T03:59:00${offset}`,
      rooms: Object.fromEntries(
        rooms.map(({ room, entries }) => [
          room,
          entries.map((e) => ({
            guid: e.guid,
            code: e.code,
            id: e.id,
            logo: null,
            date: isoOf(e.day, e.start),
            start: clock(e.start),
            duration: clock(e.minutes),
            room,
            slug: slugOf(schedule, e),
            url: urlOf(schedule, e),
            title: e.title,
            subtitle: '',
            track: e.track,
            type: e.type ? pretalxType[e.type] : 'Break',
            language: e.language,
            abstract: e.abstract,
            description: '',
            recording_license: '',
            do_not_record: false,
            persons: e.persons.map((p) => ({
              code: p.code,
              name: p.name,
              avatar: null,
              biography: p.biography,
              public_name: p.name,
              guid: p.guid,
              url: `${baseUrl}/${schedule.acronym}/speaker/${p.code}/`,
            })),
            links: [],
            attachments: [],
          })),
        ]),
      ),
    })),
  };
  return `${JSON.stringify({
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'pretalx', version: '2025.1.0' },
    schedule: {
      url: `${baseUrl}/${schedule.acronym}/schedule/`,
      version: '1.0',
      base_url: baseUrl,
      conference,
    },
  })}\n`;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The schedule as frab writes `schedule.xml`. */
export function frabScheduleXml(schedule: Schedule): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<schedule>',
    '  <version>1.0</version>',
    '  <conference>',
    `    <acronym>${schedule.acronym}</acronym>`,
    `    <title>${xml(schedule.title)}</title>`,
    `    <start>${schedule.days[0]}</start>`,
    `    <end>${schedule.days.at(-1)}</end>`,
    `    <days>${schedule.days.length}</days>`,
    '    <timeslot_duration>00:05</timeslot_duration>',
    `    <base_url>${baseUrl}/</base_url>`,
    `    <time_zone_name>${timeZone}</time_zone_name>`,
    '  </conference>',
  ];
  for (const { day, index, rooms } of byDayAndRoom(schedule)) {
    lines.push(
      `  <day index="${index + 1}" date="${day}" start="${day}T04:00:00${offset}" end="${nextDay(day)}T03:59:00${offset}">`,
    );
    for (const { room, entries } of rooms) {
      lines.push(`    <room name="${xml(room)}" guid="${guidOf(`room:${room}`)}">`);
      for (const e of entries) {
        lines.push(
          `      <event guid="${e.guid}" id="${e.id}">`,
          `        <date>${isoOf(e.day, e.start)}</date>`,
          `        <start>${clock(e.start)}</start>`,
          `        <duration>${clock(e.minutes)}</duration>`,
          `        <room>${xml(room)}</room>`,
          `        <slug>${slugOf(schedule, e)}</slug>`,
          `        <url>${urlOf(schedule, e)}</url>`,
          `        <title>${xml(e.title)}</title>`,
          '        <subtitle></subtitle>',
          `        <track>${xml(e.track ?? '')}</track>`,
          `        <type>${e.type ? frabType[e.type] : 'other'}</type>`,
          `        <language>${e.language}</language>`,
          `        <abstract>${xml(e.abstract)}</abstract>`,
          '        <description></description>',
          '        <persons>',
          ...e.persons.map((p) => `          <person id="${p.id}">${xml(p.name)}</person>`),
          '        </persons>',
          '        <links></links>',
          '      </event>',
        );
      }
      lines.push('    </room>');
    }
    lines.push('  </day>');
  }
  lines.push('</schedule>');
  return `${lines.join('\n')}\n`;
}

export interface ScheduleFiles {
  json: string;
  xml: string;
  talks: number;
  breaks: number;
  days: number;
  rooms: number;
}

/** Generates the corpus under `out/corpus` and writes both exports of its talks to `out`. */
export function generateSchedule(options: { talks: number; seed: number; out: string }): ScheduleFiles {
  const documents = generate({ talks: options.talks, seed: options.seed, out: join(options.out, 'corpus') });
  const schedule = buildSchedule(
    documents.flatMap((d) => d.talks),
    options.seed,
  );
  mkdirSync(options.out, { recursive: true });
  const json = join(options.out, `pretalx-schedule-${options.talks}.json`);
  const xmlPath = join(options.out, `frab-schedule-${options.talks}.xml`);
  writeFileSync(json, pretalxScheduleJson(schedule));
  writeFileSync(xmlPath, frabScheduleXml(schedule));
  const breakCount = schedule.entries.filter((e) => e.type === null).length;
  return {
    json,
    xml: xmlPath,
    talks: schedule.entries.length - breakCount,
    breaks: breakCount,
    days: schedule.days.length,
    rooms: schedule.rooms.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      talks: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/out/schedule' },
    },
  });
  const talks = Number(values.talks);
  const seed = Number(values.seed);
  if (!Number.isInteger(talks) || talks < 1 || !Number.isInteger(seed)) {
    process.stderr.write('gen-schedule: --talks and --seed must be integers, --talks at least 1\n');
    process.exit(2);
  }
  const files = generateSchedule({ talks, seed, out: values.out as string });
  process.stdout.write(
    `${files.talks} talks and ${files.breaks} breaks over ${files.days} days in ${files.rooms} rooms:\n  ${files.json}\n  ${files.xml}\n`,
  );
}

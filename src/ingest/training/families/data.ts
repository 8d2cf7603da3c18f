// Data-file layouts, each written so that its standard parser reads it: JSON with nested records
// (days → rooms → sessions → speaker objects, or flat lists), JSON/YAML with linked records
// (speakers in one list, sessions referring to them by id), Jekyll-style YAML talk lists (anchors,
// block scalars, keyed maps), XML (frab-like and custom element names) and iCalendar. Key names
// vary from document to document, as they do between the tools that write such files.
import {
  asciiSlug,
  createProgramme,
  type Entry,
  type Person,
  type Programme,
  type Talk,
} from '../programme.js';
import type { Random } from '../random.js';
import {
  cancelledMark,
  type FamilyContext,
  formatTime,
  GoldRecorder,
  isoDate,
  joinNames,
  kindLabel,
  type LayoutFamily,
  label,
  organizationForm,
  speakerText,
  withOrganization,
} from '../rendering.js';
import { escapeXml, foldIcalLine, icalText, type YamlQuoting, yamlScalar } from '../syntax.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Key names of one document's records. */
interface KeySet {
  title: string;
  speakers: string;
  name: string;
  split: readonly [string, string] | null;
  organization: string;
  abstract: string;
  start: string;
  end: string;
  room: string;
  kind: string;
  id: string;
  url: string;
  status: string;
}

const localizedKeys: Record<string, Partial<KeySet>> = {
  de: {
    title: 'titel',
    speakers: 'referenten',
    name: 'name',
    organization: 'firma',
    abstract: 'beschreibung',
    room: 'raum',
  },
  fr: {
    title: 'titre',
    speakers: 'intervenants',
    name: 'nom',
    organization: 'societe',
    abstract: 'resume',
    room: 'salle',
  },
  es: {
    title: 'titulo',
    speakers: 'ponentes',
    name: 'nombre',
    organization: 'empresa',
    abstract: 'resumen',
    room: 'sala',
  },
  pt: {
    title: 'titulo',
    speakers: 'palestrantes',
    name: 'nome',
    organization: 'empresa',
    abstract: 'resumo',
    room: 'sala',
  },
  it: {
    title: 'titolo',
    speakers: 'relatori',
    name: 'nome',
    organization: 'azienda',
    abstract: 'descrizione',
    room: 'sala',
  },
};

function chooseKeys(context: FamilyContext): KeySet {
  const { rng, language } = context;
  const keys: KeySet = {
    title: rng.pick(['title', 'title', 'name', 'talk', 'session_title', 'sessionTitle', 'topic', 'subject']),
    speakers: rng.pick(['speakers', 'speakers', 'presenters', 'persons', 'people', 'authors', 'speaker']),
    name: rng.pick(['name', 'name', 'full_name', 'fullName', 'displayName', 'public_name']),
    split: rng.chance(0.15)
      ? rng.pick([
          ['first_name', 'last_name'],
          ['firstName', 'lastName'],
          ['given_name', 'family_name'],
        ] as const)
      : null,
    organization: rng.pick(['company', 'organization', 'affiliation', 'org', 'employer', 'organisation']),
    abstract: rng.pick(['abstract', 'description', 'summary', 'details']),
    start: rng.pick(['start', 'start_time', 'time', 'startsAt', 'begin']),
    end: rng.pick(['end', 'end_time', 'endsAt', 'until']),
    room: rng.pick(['room', 'location', 'venue', 'stage']),
    kind: rng.pick(['type', 'format', 'kind', 'session_type']),
    id: rng.pick(['id', 'id', 'code', 'uid', 'key']),
    url: rng.pick(['url', 'link', 'href']),
    status: rng.pick(['status', 'state']),
  };
  const local = localizedKeys[language.code];
  if (local && rng.chance(0.2)) Object.assign(keys, local);
  if (keys.title === keys.name && !keys.split) keys.name = 'full_name';
  return keys;
}

const englishKinds: Record<Talk['kind'], readonly string[]> = {
  talk: ['talk', 'Talk', 'lecture', 'session'],
  keynote: ['keynote', 'Keynote'],
  lightning: ['lightning', 'Lightning Talk', 'lightning_talk'],
  panel: ['panel', 'Panel'],
  workshop: ['workshop', 'Workshop'],
};

function kindValue(context: FamilyContext, talk: Talk): string {
  return context.style.flag('kinds-localized', 0.3)
    ? kindLabel(context, talk.kind)
    : context.style.one(`english-kind:${talk.kind}`, englishKinds[talk.kind]);
}

/** An ISO date-time, a clock time or "date time", chosen once per document. */
function timeValue(context: FamilyContext, programme: Programme, day: number, time: string): string {
  const form = context.style.one('data-time', ['iso', 'iso-offset', 'clock', 'date-clock']);
  const date = isoDate(programme.event.dates[day] as Date);
  const offset = context.style.one('data-offset', ['+01:00', '+02:00', 'Z', '+09:00', '-03:00']);
  if (form === 'iso') return `${date}T${time}:00`;
  if (form === 'iso-offset') return `${date}T${time}:00${offset}`;
  if (form === 'date-clock') return `${date} ${time}`;
  return formatTime(context, time);
}

type SpeakerForm = 'objects' | 'strings' | 'joined';

function personRecord(
  person: Person,
  keys: KeySet,
  organizations: boolean,
  extras: { handle: boolean; id?: Json },
): { [key: string]: Json } {
  const record: { [key: string]: Json } = {};
  if (extras.id !== undefined) record[keys.id] = extras.id;
  // Split fields only where the written name is "given family": joining them gives it back.
  if (keys.split && person.family && person.written === `${person.given} ${person.family}`) {
    record[keys.split[0]] = person.given;
    record[keys.split[1]] = person.family;
  } else record[keys.name] = person.written;
  if (organizations && person.organization) record[keys.organization] = person.organization;
  if (extras.handle) record.twitter = `@${person.handle}`;
  return record;
}

function speakersValue(
  context: FamilyContext,
  talk: Talk,
  keys: KeySet,
  form: SpeakerForm,
  organizations: boolean,
): Json {
  if (form === 'joined') return speakerText(context, talk.speakers, { organizations });
  if (form === 'strings')
    return talk.speakers.map((p) =>
      organizations ? withOrganization(p.written, p.organization, organizationForm(context)) : p.written,
    );
  const handle = context.style.flag('json-handles', 0.2);
  return talk.speakers.map((p) => personRecord(p, keys, organizations, { handle }));
}

/** One talk as a record of the document's keys; records the talk (or its cancellation). */
function talkRecord(
  context: FamilyContext,
  programme: Programme,
  talk: Talk,
  keys: KeySet,
  recorder: GoldRecorder,
  options: { speakerForm: SpeakerForm; organizations: boolean; times: boolean; room: boolean },
): { [key: string]: Json } {
  const { rng } = context;
  const record: { [key: string]: Json } = {};
  if (context.style.flag('json-ids', 0.6))
    record[keys.id] = context.style.flag('json-numeric-ids', 0.5) ? Number(talk.id) : talk.slug;
  record[keys.title] = talk.title;
  if (options.times) {
    record[keys.start] = timeValue(context, programme, talk.day, talk.start);
    if (context.style.flag('json-end', 0.6))
      record[keys.end] = timeValue(context, programme, talk.day, talk.end);
  }
  if (options.room) record[keys.room] = talk.room;
  if (context.style.flag('json-kind', 0.6)) record[keys.kind] = kindValue(context, talk);
  const speakerKey =
    options.speakerForm !== 'objects' &&
    talk.speakers.length === 1 &&
    keys.speakers === 'speakers' &&
    rng.chance(0.5)
      ? 'speaker'
      : keys.speakers;
  const speakers = speakersValue(context, talk, keys, options.speakerForm, options.organizations);
  // One speaker under a singular key is a plain string; several stay a list whatever the key says.
  record[speakerKey] =
    options.speakerForm === 'strings' &&
    speakerKey === 'speaker' &&
    talk.speakers.length === 1 &&
    Array.isArray(speakers)
      ? (speakers[0] ?? '')
      : speakers;
  if (context.style.flag('json-abstract', 0.7)) record[keys.abstract] = talk.abstract;
  if (context.style.flag('json-track', 0.3)) record.track = talk.track;
  if (context.style.flag('json-url', 0.4)) record[keys.url] = talk.url;
  if (talk.slides && context.style.flag('json-slides', 0.3)) record.slides = talk.slides;
  if (talk.video && context.style.flag('json-video', 0.3)) record.video = talk.video;
  if (talk.cancelled) {
    if (context.style.flag('json-cancel-flag', 0.5)) record.cancelled = true;
    else record[keys.status] = context.rng.pick(['cancelled', 'canceled', 'withdrawn']);
    recorder.cancelled(talk);
  } else {
    if (context.style.flag('json-status', 0.2)) record[keys.status] = 'confirmed';
    recorder.talk(talk, { organizations: options.organizations });
  }
  return record;
}

function breakRecord(
  context: FamilyContext,
  programme: Programme,
  entry: Extract<Entry, { type: 'break' }>,
  keys: KeySet,
  recorder: GoldRecorder,
): { [key: string]: Json } {
  recorder.notTalk(entry.item.label);
  const record: { [key: string]: Json } = {
    [keys.title]: entry.item.label,
    [keys.start]: timeValue(context, programme, entry.item.day, entry.item.start),
    [keys.kind]: entry.item.category === 'tba' ? 'talk' : context.rng.pick(['break', 'other', 'misc']),
  };
  if (context.style.flag('break-empty-speakers', 0.6)) record[keys.speakers] = [];
  return record;
}

function stringify(context: FamilyContext, value: Json): string {
  const indent = context.style.one('json-indent', [2, 2, 4, '\t', 0]);
  return `${indent === 0 ? JSON.stringify(value) : JSON.stringify(value, null, indent)}\n`;
}

export const jsonNested: LayoutFamily = {
  id: 'json-nested',
  render(context) {
    const { rng, language, english } = context;
    const shape = rng.weighted([
      ['days-rooms', 3],
      ['flat', 3],
      ['array', 2],
      ['keyed-by-room', 1],
      ['keyed-by-time', 1],
    ] as const);
    const programme = createProgramme(rng, language, english, {
      talks: [3, 36],
      days: shape === 'days-rooms' ? [1, 3] : [1, 2],
      rooms: [1, 4],
      breaks: rng.chance(0.5),
      cancelled: 0.25,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    const keys = chooseKeys(context);
    const options = {
      speakerForm: rng.weighted<SpeakerForm>([
        ['objects', 6],
        ['strings', 2],
        ['joined', 1],
      ]),
      organizations: rng.chance(0.5),
      times: shape !== 'array' || rng.chance(0.5),
      room: shape === 'flat' || shape === 'array' || shape === 'keyed-by-time',
    };
    const includeBreaks = rng.chance(0.5);
    const record = (entry: Entry): { [key: string]: Json } | null =>
      entry.type === 'talk'
        ? talkRecord(context, programme, entry.talk, keys, recorder, options)
        : includeBreaks
          ? breakRecord(context, programme, entry, keys, recorder)
          : null;
    const records = (entries: readonly Entry[]) =>
      entries.map(record).filter((r): r is { [key: string]: Json } => r !== null);
    const conference: { [key: string]: Json } = {
      [rng.pick(['name', 'title'])]: programme.event.name,
      [rng.pick(['city', 'location'])]: programme.event.city,
      [rng.pick(['start', 'start_date', 'date'])]: isoDate(programme.event.dates[0] as Date),
      url: programme.event.url,
    };
    recorder.event = programme.event.name;
    let value: Json;
    if (shape === 'days-rooms') {
      const days = programme.event.dates.map((date, day) => ({
        [rng.pick(['date', 'day'])]: isoDate(date),
        [rng.pick(['rooms', 'tracks', 'stages'])]: programme.rooms.map((room) => ({
          name: room,
          [rng.pick(['sessions', 'talks', 'events', 'slots'])]: records(
            programme.entries.filter((e) =>
              e.type === 'talk'
                ? e.talk.day === day && e.talk.room === room
                : e.item.day === day && (!e.item.room || e.item.room === room),
            ),
          ),
        })),
      }));
      value = {
        [rng.pick(['conference', 'event', 'meta'])]: conference,
        [rng.pick(['days', 'schedule'])]: days,
      };
    } else if (shape === 'flat') {
      value = {
        ...conference,
        [rng.pick(['talks', 'sessions', 'program', 'items'])]: records(programme.entries),
      };
      if (rng.chance(0.3))
        (value as { [key: string]: Json }).sponsors = [{ name: rng.pick(language.words), level: 'gold' }];
    } else if (shape === 'array') {
      recorder.event = undefined;
      value = records(programme.entries);
    } else if (shape === 'keyed-by-room') {
      value = Object.fromEntries(
        programme.rooms.map((room) => [
          room,
          records(
            programme.entries.filter((e) =>
              e.type === 'talk' ? e.talk.room === room : !e.item.room || e.item.room === room,
            ),
          ),
        ]),
      );
      recorder.event = undefined;
    } else {
      const byTime: { [key: string]: Json } = {};
      for (const entry of programme.entries) {
        const start = entry.type === 'talk' ? entry.talk.start : entry.item.start;
        const day = entry.type === 'talk' ? entry.talk.day : entry.item.day;
        const key = `${isoDate(programme.event.dates[day] as Date)} ${start}`;
        const r = record(entry);
        if (!r) continue;
        const list = (byTime[key] ?? []) as Json[];
        list.push(r);
        byTime[key] = list;
      }
      value = { event: programme.event.name, schedule: byTime };
    }
    return {
      files: [
        {
          name: rng.pick(['schedule.json', 'program.json', 'talks.json', 'sessions.json']),
          text: stringify(context, value),
        },
      ],
      gold: recorder.build(),
    };
  },
};

/** Ids of linked records: numbers, slugs or opaque UUID-like strings. */
function idMaker(rng: Random): (index: number, slug: string) => string | number {
  const form = rng.pick(['number', 'slug', 'uuid', 'code']);
  return (index, slug) => {
    if (form === 'number') return index + 1;
    if (form === 'slug') return slug;
    if (form === 'code') return `${slug.slice(0, 3).toUpperCase() || 'SPK'}${index + 1}`;
    const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  };
}

/** Speakers and sessions as separate lists that refer to each other by ids. */
function linkedRecords(context: FamilyContext, programme: Programme, recorder: GoldRecorder) {
  const { rng } = context;
  const keys = chooseKeys(context);
  const personId = idMaker(rng);
  const sessionId = idMaker(rng);
  const organizations = rng.chance(0.6);
  const tagLine = organizations && rng.chance(0.3);
  const ids = new Map(programme.people.map((p, i) => [p, personId(i, p.slug)]));
  const speakers = programme.people.map((p) => {
    const record = personRecord(p, keys, organizations && !tagLine, {
      handle: rng.chance(0.2),
      id: ids.get(p) ?? null,
    });
    if (tagLine && p.organization)
      record.tagLine = `${p.role ?? context.rng.pick(context.language.roles)} @ ${p.organization}`;
    return record;
  });
  const refKey = rng.pick(['speakers', 'speaker_ids', 'speakerIds', 'presenters']);
  const roomRefs = rng.chance(0.4);
  const rooms = programme.rooms.map((name, i) => ({ id: i + 1, name }));
  const sessions: Json[] = [];
  let index = 0;
  for (const entry of programme.entries) {
    if (entry.type === 'break') continue;
    const talk = entry.talk;
    const record: { [key: string]: Json } = { id: sessionId(index++, talk.slug), [keys.title]: talk.title };
    record[keys.abstract] = talk.abstract;
    record[keys.start] = timeValue(context, programme, talk.day, talk.start);
    record[roomRefs ? 'roomId' : keys.room] = roomRefs ? programme.rooms.indexOf(talk.room) + 1 : talk.room;
    record[refKey] = talk.speakers.map((p) => ids.get(p) ?? null);
    if (rng.chance(0.5)) record[keys.kind] = kindValue(context, talk);
    if (talk.cancelled) {
      record[keys.status] = 'cancelled';
      recorder.cancelled(talk);
    } else recorder.talk(talk, { organizations });
    sessions.push(record);
  }
  return { speakers, sessions, rooms: roomRefs ? rooms : undefined, keys };
}

function yamlValue(value: Json, indent: number, rng: Random, quoting: YamlQuoting): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value
      .map((item) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const body = yamlObject(item, indent + 2, rng, quoting);
          return `\n${pad}- ${body.slice(indent + 2)}`;
        }
        return `\n${pad}- ${yamlValue(item, indent + 2, rng, quoting)}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') return `\n${yamlObject(value, indent, rng, quoting)}`;
  if (typeof value === 'string') {
    if (value.length > 70 && rng.chance(0.5)) {
      const style = rng.pick(['>-', '|-', '>']);
      return `${style}\n${pad}  ${value}`;
    }
    return yamlScalar(value, quoting);
  }
  return String(value);
}

function yamlObject(
  value: { [key: string]: Json },
  indent: number,
  rng: Random,
  quoting: YamlQuoting,
): string {
  const pad = ' '.repeat(indent);
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(
      ([key, v]) =>
        `${pad}${/^[\w-]+$/.test(key) ? key : JSON.stringify(key)}:${v !== null && typeof v === 'object' && !(Array.isArray(v) && v.length === 0) ? '' : ' '}${yamlValue(v, indent + 2, rng, quoting)}`,
    )
    .join('\n');
}

/** YAML the way people write it by hand: plain scalars where safe, block scalars for long text. */
export function toYaml(value: { [key: string]: Json } | Json[], context: FamilyContext): string {
  const quoting = yamlQuoting(context);
  if (Array.isArray(value)) return `${yamlValue(value, 0, context.rng, quoting).trimStart()}\n`;
  return `${yamlObject(value, 0, context.rng, quoting)}\n`;
}

/** How one document quotes its YAML strings. */
export function yamlQuoting(context: FamilyContext): YamlQuoting {
  return context.style.one<YamlQuoting>('yaml-quoting', ['plain', 'plain', 'plain', 'double', 'single']);
}

export const linkedData: LayoutFamily = {
  id: 'json-linked',
  render(context) {
    const { rng, language, english } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 36],
      days: [1, 2],
      rooms: [1, 4],
      breaks: false,
      cancelled: 0.2,
    });
    const recorder = new GoldRecorder();
    const { speakers, sessions, rooms } = linkedRecords(context, programme, recorder);
    const speakersFirst = rng.chance(0.5);
    const value: { [key: string]: Json } = {};
    const speakersKey = rng.pick(['speakers', 'people', 'persons']);
    const sessionsKey = rng.pick(['sessions', 'talks', 'events']);
    if (rng.chance(0.5)) {
      value.event = programme.event.name;
      recorder.event = programme.event.name;
    }
    if (speakersFirst) value[speakersKey] = speakers;
    value[sessionsKey] = sessions;
    if (!speakersFirst) value[speakersKey] = speakers;
    if (rooms) value.rooms = rooms;
    if (rng.chance(0.3)) value.categories = programme.tracks.map((t, i) => ({ id: i + 1, name: t }));
    const yaml = rng.chance(0.35);
    const text = yaml ? toYaml(value, context) : stringify(context, value);
    return {
      files: [{ name: yaml ? 'schedule.yml' : rng.pick(['all.json', 'schedule.json', 'export.json']), text }],
      gold: recorder.build(),
    };
  },
};

export const yamlTalks: LayoutFamily = {
  id: 'yaml-talks',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 24],
      days: [1, 2],
      rooms: [1, 3],
      breaks: rng.chance(0.4),
      cancelled: 0.15,
    });
    const recorder = new GoldRecorder();
    const keys = chooseKeys(context);
    const shape = rng.weighted([
      ['list', 5],
      ['anchors', 2],
      ['keyed', 2],
    ] as const);
    const organizations = rng.chance(0.5);
    const lines: string[] = [];
    if (rng.chance(0.4)) lines.push(`# ${programme.event.name} – ${label(context, 'programme')}`);
    const quoting = yamlQuoting(context);
    const scalar = (v: string) => yamlScalar(v, quoting);
    const block = (key: string, text: string, pad: string) =>
      text.length > 60 && rng.chance(0.6)
        ? `${pad}${key}: ${rng.pick(['>-', '|', '>'])}\n${pad}  ${text}`
        : `${pad}${key}: ${scalar(text)}`;
    const anchors = new Map<Person, string>();
    if (shape === 'anchors') {
      lines.push(`${keys.speakers}:`);
      for (const person of programme.people) {
        const base = person.slug.replace(/-/g, '_') || 'speaker';
        const anchor = [...anchors.values()].includes(base) ? `${base}_${anchors.size}` : base;
        anchors.set(person, anchor);
        lines.push(`  - &${anchor}`, `    ${keys.name}: ${scalar(person.written)}`);
        if (organizations && person.organization)
          lines.push(`    ${keys.organization}: ${scalar(person.organization)}`);
      }
      lines.push('', `${style.one('yaml-talks-key', ['talks', 'sessions'])}:`);
    }
    const pad = shape === 'anchors' ? '  ' : '';
    for (const entry of programme.entries) {
      if (entry.type === 'break') {
        if (shape !== 'list') continue;
        recorder.notTalk(entry.item.label);
        lines.push(
          `- ${keys.title}: ${scalar(entry.item.label)}`,
          `  ${keys.start}: ${scalar(entry.item.start)}`,
          `  ${keys.kind}: break`,
        );
        continue;
      }
      const talk = entry.talk;
      const head = shape === 'keyed' ? `${talk.slug || talk.id}:\n  ` : `${pad}- `;
      const inner = shape === 'keyed' ? '  ' : `${pad}  `;
      lines.push(`${head}${keys.title}: ${scalar(talk.title)}`);
      // Organisations are written beside the names, except in a flow sequence of bare names.
      let organizationsShown = organizations;
      if (shape === 'anchors') {
        lines.push(
          `${inner}${keys.speakers}:`,
          ...talk.speakers.map((p) => `${inner}  - *${anchors.get(p)}`),
        );
      } else if (talk.speakers.length === 1 && rng.chance(0.6)) {
        lines.push(`${inner}speaker: ${scalar(talk.speakers[0]?.written ?? '')}`);
        const org = talk.speakers[0]?.organization;
        if (organizations && org) lines.push(`${inner}${keys.organization}: ${scalar(org)}`);
      } else if (style.flag('yaml-speaker-objects', 0.5)) {
        lines.push(`${inner}${keys.speakers}:`);
        for (const p of talk.speakers) {
          lines.push(`${inner}  - ${keys.name}: ${scalar(p.written)}`);
          if (organizations && p.organization)
            lines.push(`${inner}    ${keys.organization}: ${scalar(p.organization)}`);
        }
      } else {
        lines.push(
          `${inner}${keys.speakers}: [${talk.speakers.map((p) => JSON.stringify(p.written)).join(', ')}]`,
        );
        organizationsShown = false;
      }
      if (rng.chance(0.6)) lines.push(`${inner}${keys.start}: ${scalar(talk.start)}`);
      if (programme.rooms.length > 1 && rng.chance(0.5))
        lines.push(`${inner}${keys.room}: ${scalar(talk.room)}`);
      if (rng.chance(0.5)) lines.push(block(keys.abstract, talk.abstract, inner));
      if (talk.slides && rng.chance(0.3)) lines.push(`${inner}slides: ${talk.slides}`);
      if (talk.cancelled) {
        lines.push(`${inner}${keys.status}: cancelled`);
        recorder.cancelled(talk);
      } else recorder.talk(talk, { organizations: organizationsShown });
      if (shape !== 'keyed' && rng.chance(0.15)) lines.push(`${inner}# ${rng.pick(language.tracks)}`);
    }
    lines.push('');
    return {
      files: [
        {
          name: rng.pick(['talks.yml', 'sessions.yaml', 'speakers.yml', 'program.yml']),
          text: lines.join('\n'),
        },
      ],
      gold: recorder.build(),
    };
  },
};

function frabXml(context: FamilyContext, programme: Programme, recorder: GoldRecorder): string {
  const { rng } = context;
  const organizations = rng.chance(0.2);
  const withBreaks = rng.chance(0.4);
  const joinedPersons = rng.chance(0.2);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<schedule>',
    '  <version>1.0</version>',
    '  <conference>',
  ];
  lines.push(`    <acronym>${escapeXml(asciiSlug(programme.event.name) || 'event')}</acronym>`);
  lines.push(`    <title>${escapeXml(programme.event.name)}</title>`);
  lines.push(`    <start>${isoDate(programme.event.dates[0] as Date)}</start>`);
  lines.push(`    <end>${isoDate(programme.event.dates[programme.event.dates.length - 1] as Date)}</end>`);
  lines.push(
    `    <days>${programme.event.dates.length}</days>`,
    '    <timeslot_duration>00:15</timeslot_duration>',
    '  </conference>',
  );
  recorder.event = programme.event.name;
  programme.event.dates.forEach((date, day) => {
    lines.push(`  <day index="${day + 1}" date="${isoDate(date)}">`);
    for (const room of programme.rooms) {
      lines.push(`    <room name="${escapeXml(room)}">`);
      for (const entry of programme.entries) {
        if (entry.type === 'break') {
          if (!withBreaks || entry.item.day !== day || (entry.item.room && entry.item.room !== room))
            continue;
          if (room !== programme.rooms[0] && !entry.item.room) continue;
          recorder.notTalk(entry.item.label);
          lines.push(
            `      <event id="${rng.int(1000, 9999)}">`,
            `        <start>${entry.item.start}</start>`,
            `        <duration>00:30</duration>`,
            `        <room>${escapeXml(room)}</room>`,
            `        <title>${escapeXml(entry.item.label)}</title>`,
            '        <type>other</type>',
            '        <persons/>',
            '      </event>',
          );
          continue;
        }
        const talk = entry.talk;
        if (talk.day !== day || talk.room !== room) continue;
        const [h1 = 0, m1 = 0] = talk.start.split(':').map(Number);
        const [h2 = 0, m2 = 0] = talk.end.split(':').map(Number);
        const minutes = h2 * 60 + m2 - (h1 * 60 + m1);
        lines.push(`      <event id="${talk.id}" guid="${rng.seed().toString(16)}-${talk.id}">`);
        lines.push(`        <date>${isoDate(date)}T${talk.start}:00+01:00</date>`);
        lines.push(`        <start>${talk.start}</start>`);
        lines.push(
          `        <duration>${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}</duration>`,
        );
        lines.push(`        <room>${escapeXml(room)}</room>`, `        <slug>${escapeXml(talk.slug)}</slug>`);
        lines.push(`        <title>${escapeXml(talk.title)}</title>`, '        <subtitle></subtitle>');
        lines.push(`        <track>${escapeXml(talk.track)}</track>`);
        lines.push(`        <type>${escapeXml(kindValue(context, talk))}</type>`);
        lines.push(`        <language>${context.language.code}</language>`);
        lines.push(
          `        <abstract>${escapeXml(talk.abstract)}</abstract>`,
          '        <description></description>',
        );
        if (joinedPersons && talk.speakers.length > 1) {
          lines.push(
            '        <persons>',
            `          <person id="${rng.int(1, 999)}">${escapeXml(speakerText(context, talk.speakers, { organizations }))}</person>`,
            '        </persons>',
          );
        } else {
          lines.push('        <persons>');
          for (const person of talk.speakers) {
            const name = organizations
              ? withOrganization(person.written, person.organization, 'paren')
              : person.written;
            lines.push(
              `          <person id="${programme.people.indexOf(person) + 1}">${escapeXml(name)}</person>`,
            );
          }
          lines.push('        </persons>');
        }
        lines.push('        <links>');
        if (talk.slides)
          lines.push(
            `          <link href="${escapeXml(talk.slides)}">${escapeXml(label(context, 'slides'))}</link>`,
          );
        lines.push('        </links>');
        if (talk.cancelled) {
          lines.push('        <status>cancelled</status>');
          recorder.cancelled(talk);
        } else recorder.talk(talk, { organizations });
        lines.push('      </event>');
      }
      lines.push('    </room>');
    }
    lines.push('  </day>');
  });
  lines.push('</schedule>', '');
  return lines.join('\n');
}

const customElements = [
  {
    root: 'programme',
    item: 'session',
    title: 'title',
    speakers: 'speakers',
    speaker: 'speaker',
    org: 'affiliation',
  },
  {
    root: 'agenda',
    item: 'talk',
    title: 'name',
    speakers: 'presenters',
    speaker: 'presenter',
    org: 'company',
  },
  {
    root: 'talks',
    item: 'talk',
    title: 'title',
    speakers: 'authors',
    speaker: 'author',
    org: 'organization',
  },
  {
    root: 'programm',
    item: 'vortrag',
    title: 'titel',
    speakers: 'referenten',
    speaker: 'referent',
    org: 'firma',
  },
  { root: 'event', item: 'slot', title: 'heading', speakers: 'people', speaker: 'person', org: 'org' },
] as const;

function customXml(context: FamilyContext, programme: Programme, recorder: GoldRecorder): string {
  const { rng } = context;
  const names = rng.pick(customElements);
  const organizations = rng.chance(0.5);
  const orgAsAttribute = rng.chance(0.5);
  const attributesOnly = rng.chance(0.25);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (rng.chance(0.6)) {
    lines.push(`<${names.root} name="${escapeXml(programme.event.name)}" year="${programme.event.year}">`);
    recorder.event = programme.event.name;
  } else lines.push(`<${names.root}>`);
  for (const entry of programme.entries) {
    if (entry.type === 'break') {
      if (rng.chance(0.5)) continue;
      recorder.notTalk(entry.item.label);
      lines.push(
        `  <${names.item} type="break" time="${entry.item.start}"><${names.title}>${escapeXml(entry.item.label)}</${names.title}></${names.item}>`,
      );
      continue;
    }
    const talk = entry.talk;
    const status = talk.cancelled ? ' status="cancelled"' : '';
    if (attributesOnly) {
      const speakerNames = joinNames(
        context,
        talk.speakers.map((p) => p.written),
      );
      lines.push(
        `  <${names.item} ${names.title}="${escapeXml(talk.title)}" ${names.speaker}="${escapeXml(speakerNames)}" time="${talk.start}" room="${escapeXml(talk.room)}"${status}/>`,
      );
      if (talk.cancelled) recorder.cancelled(talk);
      else recorder.talk(talk);
      continue;
    }
    lines.push(
      `  <${names.item} id="${talk.id}" time="${talk.start}"${status}>`,
      `    <${names.title}>${escapeXml(talk.title)}</${names.title}>`,
    );
    lines.push(`    <${names.speakers}>`);
    for (const person of talk.speakers) {
      const org = organizations && person.organization ? person.organization : undefined;
      if (org && orgAsAttribute)
        lines.push(
          `      <${names.speaker} ${names.org}="${escapeXml(org)}">${escapeXml(person.written)}</${names.speaker}>`,
        );
      else if (org)
        lines.push(
          `      <${names.speaker}><name>${escapeXml(person.written)}</name><${names.org}>${escapeXml(org)}</${names.org}></${names.speaker}>`,
        );
      else lines.push(`      <${names.speaker}>${escapeXml(person.written)}</${names.speaker}>`);
    }
    lines.push(`    </${names.speakers}>`);
    if (rng.chance(0.6)) lines.push(`    <abstract>${escapeXml(talk.abstract)}</abstract>`);
    lines.push(`  </${names.item}>`);
    if (talk.cancelled) recorder.cancelled(talk);
    else recorder.talk(talk, { organizations });
  }
  lines.push(`</${names.root}>`, '');
  return lines.join('\n');
}

export const xmlSchedule: LayoutFamily = {
  id: 'xml',
  render(context) {
    const { rng, language, english } = context;
    const frab = rng.chance(0.55);
    const programme = createProgramme(rng, language, english, {
      talks: [3, 30],
      days: [1, 2],
      rooms: [1, 3],
      breaks: rng.chance(0.5),
      cancelled: 0.2,
    });
    const recorder = new GoldRecorder();
    const text = frab ? frabXml(context, programme, recorder) : customXml(context, programme, recorder);
    return {
      files: [{ name: rng.pick(['schedule.xml', 'program.xml', 'talks.xml']), text }],
      gold: recorder.build(),
    };
  },
};

const zones: Record<string, string> = {
  en: 'Europe/London',
  de: 'Europe/Berlin',
  fr: 'Europe/Paris',
  es: 'Europe/Madrid',
  pt: 'America/Sao_Paulo',
  it: 'Europe/Rome',
  ja: 'Asia/Tokyo',
  zh: 'Asia/Shanghai',
  ko: 'Asia/Seoul',
  ru: 'Europe/Moscow',
  ar: 'Asia/Riyadh',
  he: 'Asia/Jerusalem',
  hi: 'Asia/Kolkata',
  el: 'Europe/Athens',
};

export const icalendar: LayoutFamily = {
  id: 'ical',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 30],
      days: [1, 3],
      rooms: [1, 3],
      breaks: rng.chance(0.7),
      cancelled: 0.2,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    const summaryForm = style.one(
      'ical-summary',
      language.code === 'en'
        ? ['kind-by', 'kind-by', 'title', 'name-colon', 'title-dash']
        : ['title', 'name-colon', 'title-dash', 'title-paren'],
    );
    const organizations = rng.chance(0.3);
    const timeForm = rng.pick(['tzid', 'utc', 'floating']);
    const zone = zones[language.code] ?? 'Europe/Berlin';
    const stamp = (day: number, time: string) => {
      const date = isoDate(programme.event.dates[day] as Date).replace(/-/g, '');
      const clock = `${time.replace(':', '')}00`;
      if (timeForm === 'utc') return `:${date}T${clock}Z`;
      if (timeForm === 'tzid') return `;TZID=${zone}:${date}T${clock}`;
      return `:${date}T${clock}`;
    };
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      `PRODID:-//${asciiSlug(programme.event.name) || 'event'}//schedule//EN`,
      'CALSCALE:GREGORIAN',
    ];
    if (rng.chance(0.7)) {
      lines.push(`X-WR-CALNAME:${icalText(programme.event.name)}`);
      recorder.event = programme.event.name;
    }
    if (timeForm === 'tzid') lines.push(`X-WR-TIMEZONE:${zone}`);
    let uid = 0;
    const vevent = (day: number, start: string, end: string, fields: string[]) => {
      uid += 1;
      lines.push(
        'BEGIN:VEVENT',
        `UID:${uid}-${rng.seed().toString(36)}@${asciiSlug(programme.event.name) || 'event'}.example.org`,
        `DTSTAMP:${programme.event.year - 1}1201T120000Z`,
      );
      lines.push(`DTSTART${stamp(day, start)}`, `DTEND${stamp(day, end)}`, ...fields, 'END:VEVENT');
    };
    for (const entry of programme.entries) {
      if (entry.type === 'break') {
        recorder.notTalk(entry.item.label);
        vevent(entry.item.day, entry.item.start, entry.item.end, [`SUMMARY:${icalText(entry.item.label)}`]);
        continue;
      }
      const talk = entry.talk;
      const names = speakerText(context, talk.speakers, { organizations });
      let summary: string;
      const description: string[] = [];
      switch (summaryForm) {
        case 'kind-by':
          summary = `${talk.title} (${talk.kind === 'lightning' ? 'lightning talk' : talk.kind} by ${names})`;
          break;
        case 'name-colon':
          summary = `${names}: ${talk.title}`;
          break;
        case 'title-dash':
          summary = `${talk.title} – ${names}`;
          break;
        case 'title-paren':
          summary = `${talk.title} (${names})`;
          break;
        default:
          summary = talk.title;
          description.push(
            `${talk.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker')}: ${names}`,
            '',
          );
      }
      description.push(talk.abstract);
      const fields = [
        `SUMMARY:${icalText(talk.cancelled ? `${summary} ${cancelledMark(context)}` : summary)}`,
        `DESCRIPTION:${icalText(description.join('\n'))}`,
        `LOCATION:${icalText(talk.room)}`,
      ];
      if (rng.chance(0.5)) fields.push(`CATEGORIES:${icalText(kindLabel(context, talk.kind))}`);
      if (rng.chance(0.4)) fields.push(`URL:${talk.url}`);
      if (talk.cancelled) {
        fields.push('STATUS:CANCELLED');
        recorder.cancelled(talk, `${summary} ${cancelledMark(context)}`);
      } else recorder.talk(talk, { organizations });
      vevent(talk.day, talk.start, talk.end, fields);
    }
    lines.push('END:VCALENDAR');
    return {
      files: [
        {
          name: rng.pick(['schedule.ics', 'talks.ics', 'calendar.ics']),
          text: `${lines.map(foldIcalLine).join('\r\n')}\r\n`,
        },
      ],
      gold: recorder.build(),
    };
  },
};

export { type Json, linkedRecords, stringify };

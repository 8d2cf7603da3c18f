// Talks in data files of any schema: every object in the tree is read as a possible talk, its keys
// mapped to fields by their words (title, title_en, Titel, speakers, presenters, persons, name_ja,
// company, tagLine, …). A key whose name is ambiguous ("name") takes its role from its values:
// people's names make it the speakers. Speakers may be strings, objects, or ids of objects
// elsewhere in the file; an object holding two or more talks is a grouping, not a talk.

import { profileFromUrl } from '../people/profiles.js';
import type { DataValue } from '../read/data.js';
import {
  atTime,
  durationMinutes,
  hasOffset,
  isoDate,
  isoDateTime,
  languageTag,
  offsetInZone,
  plusMinutes,
} from '../read/schedule-values.js';
import type { Inline, TreeNode } from '../read/tree.js';
import type { FieldEvidence, TalkKind, TalkSchedule } from '../types.js';
import {
  addColumnFeatures,
  candidatesOf,
  type PeopleCandidate,
  type RecordLine,
  structuredPeopleFeatures,
  viewOf,
} from './candidates.js';
import type { Unit } from './find.js';
import { fieldOfLabel, labelWords } from './labels.js';
import { type Person, peopleInText } from './people-line.js';
import { cancelMark, isNotHeldState, kindInTitle, kindOf } from './programme-words.js';
import { type ReaderModel, readerModel } from './reader-model.js';
import { evidenceOf, readRecord, skipReason } from './reading.js';

type DataObject = { [key: string]: DataValue };

export interface DataTalk {
  title: string;
  speakers: Person[];
  abstract: string | null;
  kind: TalkKind;
  schedule: Partial<TalkSchedule>;
  confidence: number;
  evidence: FieldEvidence[];
}

export interface DataSkipped {
  title: string;
  reason: string;
}

const isObject = (value: DataValue): value is DataObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value's text: a string or number, or an XML element's own text (`#text`). */
const textOf = (value: DataValue): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (isObject(value) && '#text' in value) return textOf(value['#text'] ?? null);
  // A value given per language ({"en": "Workshop", "de": "Workshop"}): English, else the first.
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/.test(k)))
      return textOf(value.en ?? value[keys[0] as string] ?? null);
  }
  return null;
};

/** Every object in the tree, depth first. */
export function objectsOf(value: DataValue, out: DataObject[] = []): DataObject[] {
  if (Array.isArray(value)) for (const item of value) objectsOf(item, out);
  else if (isObject(value)) {
    out.push(value);
    for (const child of Object.values(value)) objectsOf(child, out);
  }
  return out;
}

/** A handle from a profile link or a bare "@name". */
function handleOf(text: string): string | null {
  if (/^https?:\/\//.test(text)) return profileFromUrl(text)?.handle ?? null;
  return /^@?[\w.-]{1,40}$/.test(text) ? text.replace(/^@/, '') : null;
}

/** A web address, or null. */
const urlOf = (text: string | null) => (text && /^https?:\/\/\S+$/i.test(text) ? text : null);

/** Link keys that point at the entry itself, not at its slides, video or picture. */
const pageLinkWords = new Set(['url', 'link', 'website', 'web', 'homepage', 'page']);
const mediaLinkWords =
  /^(?:slides?|video|videos|recording|recordings|youtube|photo|avatar|image|picture|pdf|deck|logo|feedback|attachment|attachments|thumbnail|stream)$/;
const isPageLinkKey = (words: readonly string[]) =>
  words.some((w) => pageLinkWords.has(w)) && !words.some((w) => mediaLinkWords.test(w));

/** Id keys by how globally they identify: GUIDs and calendar UIDs first, a tool's code, then a plain id. */
const identifierRank = (words: readonly string[]): number | null => {
  if (words.some((w) => w === 'guid' || w === 'uuid' || w === 'uid')) return 0;
  if (words.includes('code')) return 1;
  if (words.includes('id')) return 2;
  return null;
};

/** A GUID: an id that names one person anywhere, unlike a tool's per-conference number or code. */
const isGuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** Keys that say a time value is when the entry ends, or how long it lasts. */
const endWords = /^(?:end|ends|until|finish|finishes|ende|bis|fin|fine)$/;
const durationWords = /^(?:duration|length|dauer|duree|duracion|durata)$/;

/** Entries with the same tool id are one talk (a speakers export lists a shared session under each speaker). */
function mergeById<T extends DataTalk>(talks: T[]): T[] {
  const byId = new Map<string, T>();
  const merged: T[] = [];
  for (const talk of talks) {
    const id = talk.schedule.identifier;
    const first = id ? byId.get(id) : undefined;
    if (!first) {
      if (id) byId.set(id, talk);
      merged.push(talk);
      continue;
    }
    const names = new Set(first.speakers.map((p) => p.name.toLowerCase()));
    first.speakers.push(...talk.speakers.filter((p) => !names.has(p.name.toLowerCase())));
  }
  return merged;
}

/** Entry types of schedules that are not talks: exams, breaks, meals, social and organisational slots. */
const notATalkType =
  /^(?:exams?|prüfung|examen|break|pause|breaks|lunch|meal|food|catering|registration|social|party|networking|admin|organi[sz]ational|logistics)$/i;

/** Reads the data tree's talks. */
/** An object read as a record: its lines (one per key), which key each line is, and the model's reading. */
interface ObjectRecord {
  unit: Unit;
  keys: string[];
  /** People a key holds as structure (objects, lists, ids of people), by line. */
  structured: Map<number, Person[]>;
}

const plainRun = (text: string): Inline => ({
  text,
  start: 0,
  strong: false,
  emphasis: false,
  code: false,
  href: null,
});

const emptyNode: TreeNode = {
  kind: 'block',
  heading: 0,
  label: null,
  inlines: [],
  children: [],
  line: 0,
  start: 0,
  end: 0,
};

/** Keys whose values are data, not names: numbers, times and ids as keys of a map ("2021-05-09T10:00", "12"). */
const dataKey = (key: string) => /^[\d\s:.+TZ-]+$|^[0-9a-f-]{8,}$/i.test(key);

export class DataReader {
  private readonly byId = new Map<string, DataObject>();
  /** Objects of one shape in one place (the items of one list, the values of one map) share a group. */
  private readonly groupOf = new Map<DataObject, string>();
  private records: Map<DataObject, ObjectRecord> | null = null;
  /** Objects other records name as their speakers: people's records. */
  private readonly personRecords = new Set<DataObject>();
  private model: ReaderModel | null = null;
  /** Objects listed under a key (rooms, categories' items), by the key's words and their id. */
  private readonly listed = new Map<string, { object: DataObject; group: string | null }>();
  /** The time zone the file states for its local times ("Europe/Berlin"), if any. */
  private readonly timeZone: string | null = null;

  constructor(private readonly root: DataValue) {
    const objects = objectsOf(root);
    const group = (value: DataValue, path: string) => {
      if (Array.isArray(value)) for (const item of value) group(item, `${path}[]`);
      else if (isObject(value)) {
        this.groupOf.set(value, path);
        for (const [key, child] of Object.entries(value)) group(child, `${path}.${dataKey(key) ? '*' : key}`);
      }
    };
    group(root, '');
    for (const object of objects) {
      // An object is known by its ids wherever a value refers to it: "id", "code", "uuid", "guid".
      for (const [key, value] of Object.entries(object)) {
        const id = identifierRank(labelWords(key)) !== null ? textOf(value) : null;
        if (id && !this.byId.has(id)) this.byId.set(id, object);
      }
      const group = textOf(object.title ?? object.name ?? null);
      for (const [key, value] of Object.entries(object)) {
        const words = labelWords(key);
        if (words.includes('zone') || words.includes('timezone') || words.includes('tz')) {
          const zone = textOf(value);
          if (zone && !this.timeZone && offsetInZone(zone, '2000-01-01T00:00:00')) this.timeZone = zone;
        }
        if (!Array.isArray(value)) continue;
        for (const item of value) {
          const itemId = isObject(item) ? textOf(item.id ?? null) : null;
          if (itemId)
            this.listed.set(`${this.listKind(key)}:${itemId}`, { object: item as DataObject, group });
        }
      }
    }
  }

  /** People a structured value holds: a list of names, ids or person objects, or one person object. */
  private structuredPeople(value: DataValue, holder: DataObject): Person[] {
    // A person's object holds values, translations ({en, de}) and lists of links, not other records.
    const flat = (v: DataValue) =>
      isObject(v) &&
      !Object.entries(v).some(
        ([key, inner]) =>
          (isObject(inner) &&
            !('#text' in inner) &&
            Object.keys(inner).some((k) => !/^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/.test(k))) ||
          (Array.isArray(inner) && inner.some(isObject) && fieldOfLabel(key) !== 'link'),
      );
    if (Array.isArray(value)) {
      if (
        value.length === 0 ||
        !value.every((v) => typeof v === 'string' || typeof v === 'number' || flat(v))
      )
        return [];
    } else if (isObject(value)) {
      const inner = Object.values(value);
      // A wrapper around the people (<persons><person>…</person></persons>) or one person.
      if (!flat(value) && !(inner.length === 1 && Array.isArray(inner[0]))) return [];
    } else {
      const text = textOf(value);
      const referenced = text ? this.byId.get(text) : undefined;
      // An object's own id refers to itself, not to its people.
      return referenced && referenced !== holder ? this.peopleOfObject(referenced) : [];
    }
    return this.peopleOf(value);
  }

  /** Every object as a record of lines, one per key, with the features of each key's column. */
  private build(): Map<DataObject, ObjectRecord> {
    if (this.records) return this.records;
    const records = new Map<DataObject, ObjectRecord>();
    const groups = new Map<string, ObjectRecord[]>();
    for (const object of objectsOf(this.root)) {
      const lines: RecordLine[] = [];
      const keys: string[] = [];
      const structured = new Map<number, Person[]>();
      for (const [key, value] of Object.entries(object)) {
        if (key === '#text' || dataKey(key)) continue;
        // A talks key ("sessions": [{id, name}]) lists talks, never people, whatever their names look like.
        const people =
          (typeof value === 'string' && !this.byId.has(value)) || fieldOfLabel(key) === 'title'
            ? []
            : this.structuredPeople(value, object);
        const text = people.length ? people.map((p) => p.name).join(', ') : textOf(value);
        if (!text || text.length > 2000) continue;
        // Person objects (or their ids) under a speakers key are people whatever their names look like,
        // and those objects are people's records, never talks.
        if (people.length && fieldOfLabel(key) === 'speakers' && typeof value !== 'string') {
          for (const [i, person] of people.entries()) people[i] = { ...person, confidence: 1 };
          for (const item of Array.isArray(value) ? value : [value]) {
            const target = isObject(item) ? item : this.byId.get(textOf(item) ?? '');
            if (target && target !== object) this.personRecords.add(target);
          }
        }
        if (people.length) structured.set(lines.length, people);
        keys.push(key);
        lines.push({
          inlines: [plainRun(text)],
          label: key,
          head: false,
          heading: 0,
          depth: 0,
          line: 0,
          start: 0,
          end: 0,
        });
      }
      if (lines.length === 0) continue;
      const group = this.groupOf.get(object) ?? '';
      const unit: Unit = {
        node: emptyNode,
        set: group,
        lines,
        views: lines.map(viewOf),
        context: { unit: 'object', siblings: 1, lines: lines.length },
        children: [],
      };
      unit.candidates = candidatesOf(unit.views);
      // Structured people are people whatever their text looks like: their line is one candidate, whole.
      for (const [line, people] of structured) {
        const candidate = unit.candidates.people.find((c) => c.line === line && c.parse === -1);
        if (candidate) {
          // Their features are the people's own (objects under a speakers key are people whatever their
          // names look like), and that a structured value holds them is evidence of its own.
          candidate.people = people;
          candidate.features = [
            structuredPeopleFeatures(people, candidate.text),
            ...candidate.features.slice(1),
          ];
        }
      }
      const record = { unit, keys, structured };
      records.set(object, record);
      groups.set(group, [...(groups.get(group) ?? []), record]);
    }
    for (const members of groups.values()) {
      for (const m of members) m.unit.context.siblings = members.length;
      addColumnFeatures(members.map((m) => m.unit.candidates as NonNullable<Unit['candidates']>));
    }
    this.records = records;
    return records;
  }

  /** Every object's record, read by `model`. */
  private prepare(model: ReaderModel): Map<DataObject, ObjectRecord> {
    const records = this.build();
    if (this.model === model) return records;
    for (const record of records.values()) {
      const { titles, people } = record.unit.candidates as NonNullable<Unit['candidates']>;
      record.unit.reading = readRecord(titles, people, record.unit.context, model);
    }
    this.model = model;
    return records;
  }

  /** The file's objects as units with their candidates: what training aligns with the gold. */
  units(): Unit[] {
    return [...this.build().values()].map((r) => r.unit);
  }

  /** What a list of objects holds, from its key: "rooms" → room, "items"/"categoryItems" → category. */
  private listKind(key: string): string {
    const words = labelWords(key);
    if (words.some((w) => w === 'category' || w === 'categories' || w === 'items')) return 'category';
    return fieldOfLabel(key) ?? key;
  }

  /** The name of a listed object a value refers to by id ("roomId": 12 → the room called "Hall A"). */
  private named(kind: string, value: DataValue): string | null {
    const text = textOf(value);
    const listed = text ? this.listed.get(`${kind}:${text}`) : undefined;
    return listed ? textOf(listed.object.name ?? listed.object.title ?? null) : null;
  }

  /**
   * The categories an entry is filed under, each with its group's name: Sessionize's ids of
   * category items, or objects naming their group and items ({name: "Track", categoryItems: […]}).
   */
  private categoriesOf(value: DataValue): { group: string; name: string }[] {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item) => {
      if (isObject(item)) {
        const group = textOf(item.name ?? item.title ?? null);
        const inner = item.categoryItems ?? item.items ?? null;
        if (!group || !Array.isArray(inner)) return [];
        return inner.flatMap((i) => {
          const name = isObject(i) ? textOf(i.name ?? null) : this.named('category', i);
          return name ? [{ group, name }] : [];
        });
      }
      const listed = this.listed.get(`category:${textOf(item)}`);
      const name = listed ? textOf(listed.object.name ?? null) : null;
      return listed?.group && name ? [{ group: listed.group, name }] : [];
    });
  }

  /** A stated time as ISO 8601: with its offset, else in the file's time zone when it names one. */
  private dateTime(text: string): string | null {
    const iso = isoDateTime(text);
    if (!iso || hasOffset(iso) || !this.timeZone) return iso;
    return iso + (offsetInZone(this.timeZone, iso) ?? '');
  }

  /** Start and end from an entry's time keys: full date-times, a day and a clock time, or a duration. */
  private times(values: readonly { words: string[]; text: string }[], day: string | null) {
    let start: string | null = null;
    let end: string | null = null;
    let date = day;
    let clock: string | null = null;
    let minutes: number | null = null;
    for (const { words, text } of values) {
      const full = this.dateTime(text);
      if (words.some((w) => durationWords.test(w))) minutes ??= durationMinutes(text);
      else if (words.some((w) => endWords.test(w))) end ??= full ?? (date ? atTime(date, text) : null);
      else if (full) start = start && !words.some((w) => w.startsWith('start')) ? start : full;
      else if (isoDate(text)) date = isoDate(text);
      else clock ??= text;
    }
    start ??= date && clock ? atTime(date, clock) : null;
    // A day and clock time written apart are local too: the file's zone applies to them as well.
    if (start) start = this.dateTime(start);
    if (start && end && !/T/.test(end)) end = atTime(start, end);
    if (start && !end && minutes) end = plusMinutes(start, minutes);
    // A time-of-day end written apart ("11:40") takes the start's day and offset.
    if (start && end && !hasOffset(end) && hasOffset(start)) end += start.slice(19);
    return { startsAt: start, endsAt: start ? end : null };
  }

  /** A person from an object: its name key(s), organization, role and profile links. */
  private peopleOfObject(object: DataObject): Person[] {
    let name: string | null = null;
    let first: string | null = null;
    let last: string | null = null;
    let organization: string | null = null;
    let role: string | null = null;
    let handle: string | null = null;
    let bio: string | null = null;
    let url: string | null = null;
    let identifier: string | null = null;
    for (const [key, value] of Object.entries(object)) {
      const words = labelWords(key);
      // A list of links ({title, url, linkType}): profiles give the handle, a site the web page.
      if (Array.isArray(value) && fieldOfLabel(key) === 'link') {
        for (const link of value) {
          const href = urlOf(isObject(link) ? textOf(link.url ?? link.href ?? null) : textOf(link));
          const profile = href ? profileFromUrl(href) : null;
          if (profile) handle ??= profile.handle;
          else url ??= href;
        }
        continue;
      }
      const text = textOf(value);
      if (!text) continue;
      const field = fieldOfLabel(key);
      // A person's own abstract or description is their biography.
      if (field === 'bio' || field === 'abstract') bio ??= text;
      if (identifierRank(words) !== null && isGuid(text)) identifier ??= text;
      if (field === 'link' && isPageLinkKey(words) && urlOf(text) && !profileFromUrl(text)) url ??= text;
      if (words.includes('first') || words.includes('given') || words.includes('firstname')) first ??= text;
      else if (
        words.includes('last') ||
        words.includes('family') ||
        words.includes('surname') ||
        words.includes('lastname')
      )
        last ??= text;
      else if (field === 'name' || field === 'speakers') name ??= text;
      else if (field === 'organization') organization ??= text;
      else if (field === 'role') role ??= text;
      else if (field === 'handle' || field === 'link') {
        const profile = /^https?:\/\//.test(text) ? profileFromUrl(text) : null;
        if (profile) handle ??= profile.handle;
        else if (field === 'handle' && /^@?[\w.-]+$/.test(text)) handle ??= text.replace(/^@/, '');
      }
    }
    const full =
      name ??
      (first || last ? [first, last].filter(Boolean).join(' ') : null) ??
      textOf(object['#text'] ?? null);
    if (!full) return [];
    const named = peopleInText(full, 0, { labelled: true, asWritten: true }) ?? [];
    // Keys for the first and last name say it is a person's name, whatever the name model thinks.
    if ((first || last) && named.length === 1) named[0] = { ...(named[0] as Person), confidence: 1 };
    // One name field holding several people ("A, B") gives them all; the rest describes one person.
    if (named.length !== 1) return named;
    const parsed = named[0] as Person;
    // "Role at Company" or "Role, Company" in a tagline or title.
    if (role && !organization) {
      const at = /\s(?:at|@|bei|chez|en|presso|w)\s|,/u.exec(role);
      const after = at ? role.slice(at.index + at[0].length).trim() : '';
      if (at && after) {
        role = role.slice(0, at.index).trim();
        organization = after;
      }
    }
    return [
      {
        ...parsed,
        organization: organization ?? parsed.organization,
        role: role ?? parsed.role,
        handle: parsed.handle ?? handle,
        bio,
        url,
        identifier,
      },
    ];
  }

  /** People a speakers value names: text, a list, objects, or ids of objects. */
  private peopleOf(value: DataValue): Person[] {
    if (Array.isArray(value)) return value.flatMap((v) => this.peopleOf(v));
    if (isObject(value)) {
      const people = this.peopleOfObject(value);
      if (people.length) return people;
      // A wrapper around the people (<persons><person>…</person></persons>).
      return Object.values(value).flatMap((v) => (isObject(v) || Array.isArray(v) ? this.peopleOf(v) : []));
    }
    const text = textOf(value);
    if (!text) return [];
    const referenced = this.byId.get(text);
    if (referenced) {
      const people = this.peopleOfObject(referenced);
      if (people.length) return people;
    }
    return peopleInText(text, 0, { labelled: true, asWritten: true }) ?? [];
  }

  /** One object as a talk, or why not (null when it does not look like a programme entry at all). */
  readObject(
    object: DataObject,
    day: string | null = null,
    context: { owner?: Person } = {},
  ): { talk: DataTalk } | DataSkipped | null {
    const model = readerModel();
    const record = this.prepare(model).get(object);
    const reading = record?.unit.reading ?? null;
    const schedule: Partial<TalkSchedule> = {};
    const timeValues: { words: string[]; text: string }[] = [];
    const ids: { rank: number; text: string }[] = [];
    const categories: { group: string; name: string }[] = [];
    let abstract: string | null = null;
    let kind: TalkKind | null = null;
    let status: string | null = null;
    let notTalk: string | null = null;
    let organization: string | null = null;
    let handle: string | null = null;
    for (const [key, value] of Object.entries(object)) {
      const field = fieldOfLabel(key);
      const text = textOf(value);
      const words = labelWords(key);
      if (words.some((w) => w === 'category' || w === 'categories'))
        categories.push(...this.categoriesOf(value));
      if (field === 'time' || words.some((w) => durationWords.test(w))) {
        // A slot object ({start, end, room}) holds the entry's time and place.
        if (isObject(value) && !('#text' in value)) {
          for (const [inner, v] of Object.entries(value)) {
            const t = textOf(v);
            if (!t) continue;
            if (fieldOfLabel(inner) === 'room') schedule.room ??= t;
            else timeValues.push({ words: labelWords(inner), text: t });
          }
        } else if (text) timeValues.push({ words, text });
        continue;
      }
      if (field === 'room' && words.includes('track')) schedule.track ??= text ?? null;
      else if (field === 'room')
        schedule.room ??= this.named('room', value) ?? (/\p{L}/u.test(text ?? '') ? text : null);
      else if (field === 'language' && text) schedule.language ??= languageTag(text);
      else if (field === 'link' && text && isPageLinkKey(words)) schedule.url ??= urlOf(text);
      const rank = identifierRank(words);
      if (rank !== null && text && !words.includes('room') && !words.includes('track'))
        ids.push({ rank, text });
      if (field === 'abstract' && text && !abstract) abstract = text;
      else if (field === 'organization' && text) organization ??= text;
      else if (field === 'handle' && text) handle ??= handleOf(text);
      else if (field === 'kind' && text) {
        kind ??= kindOf(text);
        if (notATalkType.test(text)) notTalk = text;
      } else if (field === 'status' && text) status = text;
      else if (value === true) {
        // A flag that marks the entry as something else: Sessionize's isServiceSession, "is_break".
        if (words.some((w) => w === 'service' || notATalkType.test(w))) notTalk = key;
        else kind ??= kindOf(key);
      }
    }
    if (!record || !reading) return null;
    const title = reading.title.text.replace(/\s+/g, ' ').trim();
    kind ??= reading.title.kind;
    const peopleCandidate: PeopleCandidate | null = reading.people;
    let speakers: Person[] = peopleCandidate
      ? (record.structured.get(peopleCandidate.line) ?? peopleCandidate.people)
      : [];
    let evidence: FieldEvidence[] = evidenceOf(reading, model, (candidate) => {
      const view = record.unit.views[candidate.line];
      const parse = candidate.parse >= 0 ? view?.parses[candidate.parse] : undefined;
      return {
        line: 0,
        source: parse?.separator ? 'cut' : 'key',
        separator: parse?.separator?.word ?? null,
        label: record.keys[candidate.line] ?? null,
      };
    });
    // An entry listed under a person (a speakers export's sessions) is theirs, unless it names its
    // own speakers in a structured value.
    const ownSpeakers = peopleCandidate !== null && record.structured.has(peopleCandidate.line);
    if (context.owner && !ownSpeakers) {
      speakers = [context.owner];
      evidence = [
        ...evidence.filter((e) => e.field !== 'speakers'),
        {
          field: 'speakers',
          line: 0,
          source: 'context',
          separator: null,
          label: null,
          probability: 1,
          signals: [],
        },
      ];
    }
    // A company key of the entry itself belongs to its speakers.
    if (organization)
      speakers = speakers.map((p) => ({ ...p, organization: p.organization ?? organization }));
    // So does a handle key ("speaker_twitter"), when there is one speaker to give it to.
    const lone = speakers.length === 1 ? speakers[0] : undefined;
    if (handle && lone && !lone.handle) speakers = [{ ...lone, handle }];
    const unique = [...new Map(speakers.map((p) => [p.name.toLowerCase(), p])).values()];
    for (const { group, name } of categories) {
      const field = fieldOfLabel(group);
      if (field === 'kind' || labelWords(group).includes('format')) {
        kind ??= kindOf(name);
        if (notATalkType.test(name)) notTalk = name;
      } else if (field === 'room' && labelWords(group).includes('track')) schedule.track ??= name;
      else if (field === 'language') schedule.language ??= languageTag(name);
    }
    Object.assign(schedule, this.times(timeValues, day));
    // A track that names a kind ("Keynotes", "Lightning Talks") gives it when no type does.
    if (schedule.track) kind ??= kindOf(schedule.track);
    schedule.identifier = ids.sort((a, b) => a.rank - b.rank)[0]?.text ?? null;
    if (status && isNotHeldState(status)) return { title, reason: `status "${status}"` };
    const cancelled = cancelMark(title);
    if (cancelled) return { title: cancelled.title || title, reason: cancelled.reason };
    if (notTalk) return { title, reason: `type "${notTalk}"` };
    if (unique.length === 0) return { title, reason: 'no speaker named' };
    if (reading.talkProbability < 0.5 && !context.owner) return { title, reason: skipReason(unique) };
    return {
      talk: {
        title,
        speakers: unique,
        abstract: abstract ?? null,
        kind: kind ?? kindInTitle(title) ?? 'talk',
        schedule,
        confidence: Math.round(reading.talkProbability * 1000) / 1000,
        evidence,
      },
    };
  }

  /** The talks of the whole file, and the entries that are not talks. */
  read(): {
    talks: (DataTalk & { object: DataObject })[];
    skipped: (DataSkipped & { object: DataObject })[];
  } {
    const talks: (DataTalk & { object: DataObject })[] = [];
    const talkObjectKeys: string[][] = [];
    type Skip = DataSkipped & { keys: string[]; object: DataObject; day: string | null };
    const skippedObjects: Skip[] = [];
    // A day's date written once for its entries (<day date="…"> around entries with clock times).
    const dayOf = (object: DataObject, outer: string | null) => {
      for (const [key, value] of Object.entries(object)) {
        const text = textOf(value);
        if (text && fieldOfLabel(key) === 'time' && isoDate(text) && !isoDateTime(text)) return isoDate(text);
      }
      return outer;
    };
    const ancestors: DataObject[] = [];
    // The conference's own records ({conference: {title, venue}}, in each file of a set) are the
    // event, not talks of it.
    this.build(); // knows the people's records
    const event = this.eventObject();
    const conferenceRecords = new Set<DataValue>(event && event.object !== this.root ? [event.object] : []);
    for (const object of objectsOf(this.root))
      if (isObject(object.conference ?? null)) conferenceRecords.add(object.conference as DataObject);
    const logOdds = (p: number) => Math.log(Math.min(p, 0.999999) / (1 - Math.min(p, 0.999999)));
    // The most likely set of talks among objects that do not contain one another (as for a tree's units).
    interface Choice {
      score: number;
      talks: { talk: DataTalk; keys: string[]; object: DataObject }[];
    }
    const visit = (value: DataValue, day: string | null): Choice => {
      const choice: Choice = { score: 0, talks: [] };
      if (Array.isArray(value)) {
        for (const v of value) {
          const inner = visit(v, day);
          choice.score += inner.score;
          choice.talks.push(...inner.talks);
        }
        return choice;
      }
      if (!isObject(value)) return choice;
      const childDay = dayOf(value, day);
      ancestors.push(value);
      for (const child of Object.values(value)) {
        const inner = visit(child, childDay);
        choice.score += inner.score;
        choice.talks.push(...inner.talks);
      }
      ancestors.pop();
      if (conferenceRecords.has(value) || this.personRecords.has(value)) return choice;
      let result = this.readObject(value, day);
      if (result && !('talk' in result) && /^(?:no speaker named|not read as a talk)$/.test(result.reason)) {
        const owner = this.ownerOf(value, ancestors);
        if (owner) result = this.readObject(value, day, { owner }) ?? result;
      }
      if (result && 'talk' in result) {
        const own = logOdds(result.talk.confidence);
        // (A talk read under its owner may score below even: it is still the only talk here.)
        if (choice.talks.length === 0 || own >= choice.score)
          return { score: own, talks: [{ talk: result.talk, keys: Object.keys(value), object: value }] };
      } else if (result && choice.talks.length === 0)
        skippedObjects.push({ ...result, keys: Object.keys(value), object: value, day });
      return choice;
    };
    for (const { talk, keys, object } of visit(this.root, null).talks) {
      talks.push({ ...talk, object });
      talkObjectKeys.push(keys);
    }
    // Entries shaped like the talks (most of their keys shared) are programme items worth listing;
    // other objects (the conference's own record, a room) are not.
    const talkKeys = new Set(talkObjectKeys.flat());
    // Entries of the groups that hold talks (a programme's breaks), not other records (its people).
    const talkGroups = new Set(talks.map((t) => this.groupOf.get(t.object)));
    const skipped = skippedObjects
      .filter(
        (s) =>
          talks.length === 0 ||
          (talkGroups.has(this.groupOf.get(s.object)) &&
            s.keys.filter((k) => talkKeys.has(k)).length * 2 >= s.keys.length),
      )
      .map(({ title, reason, object }) => ({ title, reason, object }));
    return { talks: mergeById(talks), skipped };
  }

  /**
   * The person an entry is listed under (`{name, sessions: [entry]}` in a speakers export): the
   * object that holds it under a talks key ("sessions", "talks") and reads as one person.
   */
  private ownerOf(entry: DataObject, ancestors: readonly DataObject[]): Person | null {
    const holder = ancestors.at(-1);
    if (!holder) return null;
    const key = Object.keys(holder).find((k) => {
      const value = holder[k] ?? null;
      return value === entry || (Array.isArray(value) && value.includes(entry));
    });
    if (!key || fieldOfLabel(key) !== 'title') return null;
    const people = this.peopleOfObject(holder);
    const person = people.length === 1 ? (people[0] as Person) : null;
    // A group's name ("All", "Day 1", a room's) is no person: only a likely name owns what is listed under it.
    return person && person.confidence >= 0.5 ? person : null;
  }

  /** The event a file names at its top (a conference object's title, or a top-level name), with its dates and page. */
  event(): {
    name: string;
    /** The key says it names the event ("event", "conference", "meetup"), not just something. */
    named: boolean;
    startDate: string | null;
    endDate: string | null;
    url: string | null;
  } | null {
    const found = this.eventObject();
    if (!found) return null;
    let startDate: string | null = null;
    let endDate: string | null = null;
    let url: string | null = null;
    for (const [key, value] of Object.entries(found.object)) {
      const text = textOf(value);
      const words = labelWords(key);
      if (!text) continue;
      if (fieldOfLabel(key) === 'time' && isoDate(text)) {
        if (words.some((w) => endWords.test(w))) endDate ??= isoDate(text);
        else if (words.some((w) => w.startsWith('start') || w === 'date')) startDate ??= isoDate(text);
      } else if (fieldOfLabel(key) === 'link' && isPageLinkKey(words)) url ??= urlOf(text);
    }
    return { name: found.name, named: found.named, startDate, endDate, url };
  }

  private eventObject(): { name: string; object: DataObject; named: boolean } | null {
    if (isObject(this.root)) {
      for (const key of ['event', 'conference', 'meetup', 'name', 'title']) {
        const name = textOf(this.root[key] ?? null);
        if (name) return { name, object: this.root, named: key !== 'name' && key !== 'title' };
      }
    }
    const objects = objectsOf(this.root).slice(0, 3);
    for (const object of objects) {
      for (const key of ['conference', 'event', 'meta']) {
        const inner = object[key] ?? null;
        if (isObject(inner)) {
          const name = textOf(inner.title ?? inner.name ?? null);
          if (name) return { name, object: inner, named: key !== 'meta' };
        }
      }
    }
    return null;
  }
}

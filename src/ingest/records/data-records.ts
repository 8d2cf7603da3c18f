// Talks in data files of any schema: every object in the tree is read as a possible talk, its keys
// mapped to fields by their words (title, title_en, Titel, speakers, presenters, persons, name_ja,
// company, tagLine, …). A key whose name is ambiguous ("name") takes its role from its values:
// people's names make it the speakers. Speakers may be strings, objects, or ids of objects
// elsewhere in the file; an object holding two or more talks is a grouping, not a talk.

import { profileFromUrl } from '../people/profiles.js';
import type { DataValue } from '../read/data.js';
import { type Field, fieldOfLabel, labelWords } from './labels.js';
import { type Person, peopleInText } from './people-line.js';
import { cleanTitle, kindOf, nameThenTitle, notHeld, splitHead, type TalkKind } from './read-record.js';

type DataObject = { [key: string]: DataValue };

export interface DataTalk {
  title: string;
  speakers: Person[];
  abstract: string | null;
  kind: TalkKind;
  confidence: number;
  evidence: string[];
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
function objectsOf(value: DataValue, out: DataObject[] = []): DataObject[] {
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

/** Entry types of schedules that are not talks: exams, breaks, meals, social and organisational slots. */
const notATalkType =
  /^(?:exams?|prüfung|examen|break|pause|breaks|lunch|meal|food|catering|registration|social|party|networking|admin|organi[sz]ational|logistics|other)$/i;

/** Reads the data tree's talks. */
export class DataReader {
  private readonly fieldOfKey = new Map<string, Field | null>();
  private readonly byId = new Map<string, DataObject>();

  constructor(private readonly root: DataValue) {
    const objects = objectsOf(root);
    const values = new Map<string, string[]>();
    for (const object of objects) {
      const id = textOf(object.id ?? null);
      if (id && !this.byId.has(id)) this.byId.set(id, object);
      for (const [key, value] of Object.entries(object)) {
        const text = textOf(value);
        if (text) values.set(key, [...(values.get(key) ?? []), text].slice(0, 200));
      }
    }
    for (const [key, list] of values) this.fieldOfKey.set(key, this.inferField(key, list));
  }

  /** A key's field: by its words, and for "name" by what its values are. */
  private inferField(key: string, values: readonly string[]): Field | null {
    const field = fieldOfLabel(key);
    if (field !== 'name') return field;
    const people = values.filter((v) => v.length < 120 && peopleInText(v, 0, { labelled: true })).length;
    return people >= values.length * 0.6 ? 'speakers' : 'title';
  }

  private keyField(key: string): Field | null {
    return this.fieldOfKey.has(key) ? (this.fieldOfKey.get(key) ?? null) : fieldOfLabel(key);
  }

  /** A person from an object: its name key(s), organization, role and profile links. */
  private peopleOfObject(object: DataObject): Person[] {
    let name: string | null = null;
    let first: string | null = null;
    let last: string | null = null;
    let organization: string | null = null;
    let role: string | null = null;
    let handle: string | null = null;
    for (const [key, value] of Object.entries(object)) {
      const text = textOf(value);
      if (!text) continue;
      const words = labelWords(key);
      const field = fieldOfLabel(key);
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
    // One name field holding several people ("A, B") gives them all; the rest describes one person.
    if (named.length !== 1) return named;
    const parsed = named[0] as Person;
    // "Role at Company" or "Role, Company" in a tagline or title.
    if (role && !organization) {
      const at = /^(.*?)(?:\s+(?:at|@|bei|chez|en|presso|w)\s+|\s*,\s*)(.+)$/u.exec(role);
      if (at) {
        role = (at[1] as string).trim();
        organization = (at[2] as string).trim();
      }
    }
    return [
      {
        ...parsed,
        organization: organization ?? parsed.organization,
        role: role ?? parsed.role,
        handle: parsed.handle ?? handle,
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
  readObject(object: DataObject): { talk: DataTalk } | DataSkipped | null {
    let title: string | null = null;
    let abstract: string | null = null;
    let kind: TalkKind | null = null;
    let status: string | null = null;
    let notTalk: string | null = null;
    let organization: string | null = null;
    let handle: string | null = null;
    const speakerValues: { value: DataValue; rank: number; key: string }[] = [];
    for (const [key, value] of Object.entries(object)) {
      const field = this.keyField(key);
      const text = textOf(value);
      if (field === 'title' && text && !title && /\p{L}/u.test(text)) {
        const clean = cleanTitle(text);
        title = clean.text;
        kind ??= clean.kind;
      } else if (field === 'speakers' && value !== null && value !== '') {
        // Structured people first, then keys that say they hold names, then the rest (ids, handles).
        const structured = Array.isArray(value) || isObject(value);
        const rank = structured ? 0 : labelWords(key).includes('name') ? 1 : 2;
        speakerValues.push({ value, rank, key });
      } else if (field === 'abstract' && text && !abstract) abstract = text;
      else if (field === 'organization' && text) organization ??= text;
      else if (field === 'handle' && text) handle ??= handleOf(text);
      else if (field === 'kind' && text) {
        kind ??= kindOf(text);
        if (notATalkType.test(text)) notTalk = text;
      } else if (field === 'status' && text) status = text;
      else if (value === true) kind ??= kindOf(key);
    }
    if (!title) return null;
    let titleEvidence = 'a title key';
    let speakers: Person[] = [];
    let evidence = '';
    for (const rank of [0, 1, 2]) {
      const group = speakerValues.filter((s) => s.rank === rank);
      const people = group.flatMap((s) => this.peopleOf(s.value));
      if (people.length) {
        speakers = people;
        evidence = `key${group.length > 1 ? 's' : ''} ${group.map((s) => `"${s.key}"`).join(', ')}`;
        break;
      }
    }
    if (speakers.length === 0) {
      // The title carries its speakers: "Title (talk by Name)", "Name - Title".
      const split =
        splitHead([{ text: title, start: 0, strong: false, emphasis: false, code: false, href: null }]) ??
        (kind ? nameThenTitle(title) : null);
      if (split) {
        kind ??= split.kind ?? null;
        title = split.title;
        speakers = split.speakers;
        titleEvidence = 'a title key, with its speakers';
        evidence = split.evidence;
      }
    }
    // A company key of the entry itself belongs to its speakers.
    if (organization)
      speakers = speakers.map((p) => ({ ...p, organization: p.organization ?? organization }));
    // So does a handle key ("speaker_twitter"), when there is one speaker to give it to.
    const lone = speakers.length === 1 ? speakers[0] : undefined;
    if (handle && lone && !lone.handle) speakers = [{ ...lone, handle }];
    const unique = [...new Map(speakers.map((p) => [p.name.toLowerCase(), p])).values()];
    if (status && notHeld.test(status.trim())) return { title, reason: `status "${status}"` };
    if (notTalk) return { title, reason: `type "${notTalk}"` };
    if (unique.length === 0) return { title, reason: 'no speaker named' };
    return {
      talk: {
        title,
        speakers: unique,
        abstract,
        kind: kind ?? kindOf(title) ?? 'talk',
        confidence: 0.9,
        evidence: [`title: ${titleEvidence}`, `speakers: ${evidence}`],
      },
    };
  }

  /** The talks of the whole file, and the entries that are not talks. */
  read(): { talks: DataTalk[]; skipped: DataSkipped[] } {
    const talks: DataTalk[] = [];
    const talkObjectKeys: string[][] = [];
    const skippedObjects: (DataSkipped & { keys: string[] })[] = [];
    const visit = (value: DataValue): number => {
      if (Array.isArray(value)) return value.reduce<number>((n, v) => n + visit(v), 0);
      if (!isObject(value)) return 0;
      let inner = 0;
      for (const child of Object.values(value)) inner += visit(child);
      if (inner >= 2) return inner;
      const result = this.readObject(value);
      if (result && 'talk' in result && inner === 0) {
        talks.push(result.talk);
        talkObjectKeys.push(Object.keys(value));
        return 1;
      }
      if (result && !('talk' in result) && inner === 0)
        skippedObjects.push({ ...result, keys: Object.keys(value) });
      return inner;
    };
    visit(this.root);
    // Entries shaped like the talks (most of their keys shared) are programme items worth listing;
    // other objects (the conference's own record, a room) are not.
    const talkKeys = new Set(talkObjectKeys.flat());
    const skipped = skippedObjects
      .filter((s) => talks.length === 0 || s.keys.filter((k) => talkKeys.has(k)).length * 2 >= s.keys.length)
      .map(({ title, reason }) => ({ title, reason }));
    return { talks, skipped };
  }

  /** The event a file names at its top: a conference object's title, or a top-level name. */
  event(): string | null {
    if (isObject(this.root)) {
      for (const key of ['event', 'conference', 'meetup', 'name', 'title']) {
        const name = textOf(this.root[key] ?? null);
        if (name) return name;
      }
    }
    const objects = objectsOf(this.root).slice(0, 3);
    for (const object of objects) {
      for (const key of ['conference', 'event', 'meta']) {
        const inner = object[key] ?? null;
        if (isObject(inner)) {
          const name = textOf(inner.title ?? inner.name ?? null);
          if (name) return name;
        }
      }
    }
    return null;
  }
}

// The talks as an iCalendar (RFC 5545) calendar, for calendar apps: one VEVENT per talk that has a
// start time. ical.js writes each property (escaping, value formats); lines are folded here, since
// ical.js lets a continuation line reach 76 octets with its leading space. docs/formats.md gives
// the mapping.
import ICAL from 'ical.js';
import type { NodeRow } from '../nodes.js';
import { entityIri } from '../rdf.js';
import type { Store } from '../store.js';
import type { Exporter, ExportOptions } from './exporter.js';
import {
  type Entity,
  eventPages,
  eventTalkPages,
  lastChanged,
  literalOf,
  literalsOf,
  loadEntities,
  loadNodeRows,
  objectsOf,
  talkPages,
} from './graph-pages.js';

const crlf = '\r\n';

/** RFC 5545 3.1: at most 75 octets a line, the leading space of a continuation included. */
export function foldContentLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > 75) {
      out += `${crlf} `;
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return out;
}

/** BEGIN, the properties, the subcomponents and END, each content line folded. */
function contentLines(component: ICAL.Component, close = true): string {
  const name = component.name.toUpperCase();
  let out = `BEGIN:${name}${crlf}`;
  for (const property of component.getAllProperties()) {
    out += foldContentLine(ICAL.stringify.property(property.toJSON(), ICAL.design.icalendar, true)) + crlf;
  }
  for (const sub of component.getAllSubcomponents()) out += contentLines(sub);
  return close ? `${out}END:${name}${crlf}` : out;
}

/** TEXT values may hold no control characters but tab; a line break of any kind becomes "\n". */
const text = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

interface StoredTime {
  fields: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** Minutes east of UTC; null for a floating local time. */
  offset: number | null;
}

/** A `datetime` literal (src/store/ontology.ts): ISO 8601, with or without an offset. */
function parseStoredTime(value: string | undefined): StoredTime | null {
  const match =
    value &&
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, zone, sign, offsetHours, offsetMinutes] = match;
  const offset =
    zone === undefined
      ? null
      : zone === 'Z'
        ? 0
        : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  return {
    fields: {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second ?? 0),
    },
    offset,
  };
}

/** An offset time in UTC; a floating time stays floating (the venue's local time). */
function icalTime(time: StoredTime, offset: number | null): ICAL.Time {
  if (offset === null) return ICAL.Time.fromData({ ...time.fields, isDate: false });
  const { year, month, day, hour, minute, second } = time.fields;
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute - offset, second));
  return ICAL.Time.fromJSDate(utc, true);
}

const guid = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
/** "id@host.example": a dot inside the host part, found without backtracking over it. */
const calendarUid = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/;

/**
 * The tool's own id when it is unique beyond that tool (a GUID, or a calendar UID "id@host"), so
 * that calendars importing both see one event; otherwise the talk's IRI, stable across exports.
 */
function uidOf(base: string, talk: Entity): string {
  return (
    literalsOf(talk, 'identifier').find((id) => guid.test(id) || calendarUid.test(id)) ??
    entityIri(base, talk.kind, talk.slug)
  );
}

function webUrl(entity: Entity): string | undefined {
  for (const url of literalsOf(entity, 'url')) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch {}
  }
  return undefined;
}

/** The VEVENT of a talk, or null when it has no start time. */
function talkEvent(
  base: string,
  talk: Entity,
  event: Entity | undefined,
  changed: Date | undefined,
): ICAL.Component | null {
  const start = parseStoredTime(literalOf(talk, 'starts_at'));
  if (!start) return null;
  const end = parseStoredTime(literalOf(talk, 'ends_at'));
  // A floating time beside an offset one is the same venue's clock: it takes that offset.
  const startOffset = start.offset ?? end?.offset ?? null;
  const endOffset = end ? (end.offset ?? start.offset) : null;
  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', uidOf(base, talk));
  vevent.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(changed ?? new Date(0), true));
  const dtstart = icalTime(start, startOffset);
  vevent.addPropertyWithValue('dtstart', dtstart);
  if (end) {
    const dtend = icalTime(end, endOffset);
    // RFC 5545 wants DTEND after DTSTART; without it the event is the instant it starts.
    if (dtend.compare(dtstart) > 0) vevent.addPropertyWithValue('dtend', dtend);
  }
  const summary = vevent.addPropertyWithValue('summary', text(talk.label));
  const language = literalOf(talk, 'language');
  if (language && /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(language))
    summary.setParameter('language', language);
  const speakers = objectsOf(talk, 'has_speaker').map(({ node }) => node.label);
  const description = [
    literalOf(talk, 'abstract'),
    speakers.length > 0
      ? `${speakers.length > 1 ? 'Speakers' : 'Speaker'}: ${speakers.join(', ')}`
      : undefined,
  ].filter((part) => part !== undefined);
  if (description.length > 0) vevent.addPropertyWithValue('description', text(description.join('\n\n')));
  const location = [
    literalOf(talk, 'room'),
    event && literalOf(event, 'venue'),
    event && literalOf(event, 'city'),
  ];
  const place = location.filter((part) => part !== undefined);
  if (place.length > 0) vevent.addPropertyWithValue('location', text(place.join(', ')));
  const categories = [...literalsOf(talk, 'format'), ...literalsOf(talk, 'track')].map(text);
  if (categories.length > 0) {
    const property = new ICAL.Property('categories');
    property.setValues(categories);
    vevent.addProperty(property);
  }
  const url = webUrl(talk);
  if (url) vevent.addPropertyWithValue('url', url);
  return vevent;
}

export const icalExporter: Exporter = (store, options) => writeCalendar(store, options);

async function* writeCalendar(store: Store, { event, iriBase }: ExportOptions): AsyncGenerator<string> {
  // One event: its talks in its order; the whole graph: every talk once, whatever its events.
  let talks: AsyncIterable<NodeRow[]>;
  let name = 'Talkgraph';
  if (event !== null) {
    // An unknown slug is NOT_FOUND before anything is written.
    const found = await eventPages(store, event).next();
    const eventNode = (found.value as NodeRow[])[0] as NodeRow;
    name = eventNode.label;
    talks = eventTalkPages(store, eventNode.id);
  } else {
    talks = talkPages(store, { withoutEvent: false });
  }
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', '-//Talkgraph//Talkgraph export//EN');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('x-wr-calname', text(name));
  yield contentLines(calendar, false);
  // Events are few and shared by many talks: each is read once.
  const events = new Map<number, Entity>();
  for await (const page of talks) {
    const entities = await loadEntities(store, page);
    const timed = entities.filter((talk) => literalOf(talk, 'starts_at') !== undefined);
    if (timed.length === 0) continue;
    const eventIds = new Set(
      timed.flatMap((talk) => objectsOf(talk, 'presented_at').map(({ node }) => node.id)),
    );
    const missing = [...eventIds].filter((id) => !events.has(id));
    const rows = missing.length > 0 ? await loadEntities(store, await loadNodeRows(store, missing)) : [];
    for (const row of rows) events.set(row.id, row);
    const changed = await lastChanged(
      store,
      timed.map((talk) => talk.id),
    );
    let out = '';
    for (const talk of timed) {
      const eventId = objectsOf(talk, 'presented_at')[0]?.node.id;
      const vevent = talkEvent(
        iriBase,
        talk,
        eventId === undefined ? undefined : events.get(eventId),
        changed.get(talk.id),
      );
      if (vevent) out += contentLines(vevent);
    }
    if (out) yield out;
  }
  yield `END:VCALENDAR${crlf}`;
}

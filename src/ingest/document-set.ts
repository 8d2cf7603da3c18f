// A folder read as one set of documents. Data files that refer to each other by ids (people in one
// file, sessions in another, a timetable in a third, as static-site generators keep them) are read
// together, so a session's speaker ids find their people; a folder of one-talk pages shares the
// event its index page (or most of its pages) names. Each file keeps its own talks. Pure: no I/O.
import { isTalkgraphError, TalkgraphError } from '../errors.js';
import {
  dataValueOf,
  formatOf,
  noTalkFound,
  type ParseOptions,
  readAny,
  readData,
  withGivenEvent,
} from './parse.js';
import type { DataValue } from './read/data.js';
import { DataReader, objectsOf } from './records/data-records.js';
import type { DocumentFormat, ParsedDocument, ParsedEvent } from './types.js';

export interface SetMember {
  name: string;
  text: string;
}

export interface MemberReading {
  name: string;
  format: DocumentFormat | null;
  /** What was read from the file; null when it could not be read. */
  document: ParsedDocument | null;
  /** Why the file could not be read (not valid JSON, not UTF-8, …). */
  error: TalkgraphError | null;
  /**
   * What the file gave the set: talks of its own, context for the others (people the sessions refer
   * to, the event an index page names), or nothing (`empty`, with `document.skipped` saying why).
   */
  role: 'talks' | 'context' | 'empty';
}

/** Pages that introduce a folder: their event is the folder's. */
const introduces = /(?:^|\/)(?:index|readme|_index|about|home)\.[a-z]+$/i;

function asError(error: unknown): TalkgraphError {
  if (isTalkgraphError(error)) return error;
  if (error instanceof RangeError)
    return new TalkgraphError('INGEST_REJECTED', 'nests its elements too deeply to be read as a programme');
  throw error;
}

/** The event most of the set names, preferring the one an index page names. */
function eventOfSet(readings: readonly MemberReading[]): ParsedEvent | null {
  const index = readings.find((r) => introduces.test(r.name) && r.document?.event);
  if (index?.document?.event) return index.document.event;
  const counts = new Map<string, { event: ParsedEvent; count: number }>();
  for (const r of readings) {
    const event = r.document?.event;
    if (!event) continue;
    const key = `${event.name}|${event.year ?? ''}`;
    const entry = counts.get(key) ?? { event, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.event ?? null;
}

export function parseDocumentSet(members: readonly SetMember[], options: ParseOptions = {}): MemberReading[] {
  const readings: MemberReading[] = [];
  const data: { member: SetMember; format: DocumentFormat; value: DataValue; reading: MemberReading }[] = [];
  for (const member of members) {
    const reading: MemberReading = {
      name: member.name,
      format: null,
      document: null,
      error: null,
      role: 'empty',
    };
    readings.push(reading);
    try {
      const format = formatOf(member.text, { ...options, name: member.name });
      reading.format = format;
      const value = dataValueOf(member.text, format);
      if (value === null) reading.document = readAny(member.text, format);
      else data.push({ member, format, value, reading });
    } catch (error) {
      reading.error = asError(error);
    }
  }
  if (data.length > 0) {
    // One reader over every data file: ids in one file find the objects of another.
    const root: { [key: string]: DataValue } = {};
    for (const { member, value } of data) root[member.name] = value;
    const reader = new DataReader(root);
    for (const { member, format, value, reading } of data) {
      const own = new Set(objectsOf(value));
      try {
        reading.document = readData(reader, member.text, format, (object) => own.has(object));
        reading.role = 'context';
      } catch (error) {
        reading.error = asError(error);
      }
    }
  }
  const event = eventOfSet(readings);
  for (const reading of readings) {
    const document = reading.document;
    if (!document) continue;
    if (document.talks.length > 0) {
      reading.role = 'talks';
      document.event ??= event;
    } else if (document.event && document.event === event) reading.role = 'context';
    withGivenEvent(document, options.event);
  }
  return readings;
}

/** A set's one document, when the set is a single file: what `parseDocument` answers for it. */
export function requireTalks(reading: MemberReading): ParsedDocument {
  if (reading.error) throw reading.error;
  const document = reading.document as ParsedDocument;
  if (document.talks.length === 0) throw noTalkFound(document);
  return document;
}

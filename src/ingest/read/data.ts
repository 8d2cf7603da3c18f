// Data files whose schema is not known in advance — JSON, YAML (anchors and aliases resolved),
// CSV and TSV (quoted multi-line fields), XML (a frab/Pentabarf schedule or any other), iCalendar —
// parsed by their standard parsers into plain values: a tree of records and keys. A file that does
// not parse is refused with the parser's reason.
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { parseAllDocuments } from 'yaml';
import { TalkgraphError } from '../../errors.js';
import { offsetInZone } from './schedule-values.js';

export type DataValue = string | number | boolean | null | DataValue[] | { [key: string]: DataValue };

const refuse = (message: string) => new TalkgraphError('INGEST_REJECTED', message);

export function readJson(text: string): DataValue {
  try {
    return JSON.parse(text) as DataValue;
  } catch (error) {
    throw refuse(`is not valid JSON (${(error as Error).message})`);
  }
}

export function readYaml(text: string): DataValue {
  const documents = parseAllDocuments(text, { uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: DataValue[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) throw refuse(`is not valid YAML (${error.message.split('\n')[0]})`);
    // Aliases are resolved into copies; the limit guards against alias bombs.
    values.push(document.toJS({ maxAliasCount: 10_000 }) as DataValue);
  }
  return values.length === 1 ? (values[0] as DataValue) : values;
}

/** The separator a delimited file uses: the one that splits its first line most consistently. */
function delimiterOf(text: string): string {
  const lines = text.split('\n', 6).filter((l) => l.trim());
  let best = ',';
  let bestScore = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => l.split(candidate).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const score = first * (counts.filter((c) => c >= first).length / counts.length);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Rows as objects keyed by the header row; `line` is each row's first line in the file. */
export function readCsv(text: string): { [key: string]: DataValue }[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      columns: (header: string[]) => header.map((h, i) => h.trim() || `column ${i + 1}`),
      delimiter: delimiterOf(text),
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw refuse(`is not valid CSV (${(error as Error).message})`);
  }
  return rows.map(({ record }) => record);
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

/** Elements become objects keyed by child element and attribute names; an element's own text is `#text`. */
export function readXml(text: string): DataValue {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw refuse(`is not valid XML (line ${valid.err.line}: ${valid.err.msg})`);
  return xml.parse(text) as DataValue;
}

/**
 * Calendar events as records: SUMMARY is the title, DESCRIPTION the abstract, LOCATION the room,
 * CATEGORIES the kind; folded lines and escapes are undone by the parser.
 */
export function readIcal(text: string): { [key: string]: DataValue }[] {
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw refuse(`is not valid iCalendar (${(error as Error).message})`);
  }
  const value = (event: ICAL.Component, name: string): DataValue => {
    const found = event.getFirstPropertyValue(name);
    if (found === null || found === undefined) return null;
    return typeof found === 'string' || typeof found === 'number' ? found : String(found);
  };
  // Times as ISO 8601: UTC as "Z", a named zone's local time with that zone's offset, floating as written.
  const time = (event: ICAL.Component, name: string): DataValue => {
    const property = event.getFirstProperty(name);
    const found = property?.getFirstValue();
    if (!(found instanceof ICAL.Time)) return null;
    const local = found.toString();
    if (found.isDate || /Z$/.test(local)) return local;
    const zone = property?.getParameter('tzid');
    const offset = typeof zone === 'string' ? offsetInZone(zone, local) : null;
    return offset ? `${local}${offset}` : local;
  };
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    title: value(event, 'summary'),
    abstract: value(event, 'description'),
    room: value(event, 'location'),
    start: time(event, 'dtstart'),
    end: time(event, 'dtend'),
    duration: value(event, 'duration'),
    url: value(event, 'url'),
    status: value(event, 'status'),
    type: value(event, 'categories'),
    uid: value(event, 'uid'),
  }));
}

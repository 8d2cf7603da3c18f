import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTalkgraphError } from '../../src/errors.js';
import { icalExporter } from '../../src/store/export/ical.js';
import { entityIri } from '../../src/store/rdf.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  collect,
  consensusTitle,
  floatingTalk,
  floatingTitle,
  harbor,
  harborFacts,
  longAbstract,
  quarryFacts,
  writeSchedule,
} from '../support/schedule.js';

const base = 'https://talks.example.org/id/';

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  const bySummary = new Map(events.map((e) => [String(e.getFirstPropertyValue('summary')), e]));
  return { calendar, events, bySummary };
}

describe.each(backends)('the iCalendar export on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let text: string;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeSchedule(store, 'harbor.md', harborFacts());
    await writeSchedule(store, 'quarry.md', quarryFacts());
    text = await collect(icalExporter(store, { event: harbor.slug, iriBase: base }));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('has one VEVENT per talk with a start time, and leaves out the talk without one', () => {
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Harbor Systems Conf 2024');
    expect(events.map((e) => e.getFirstPropertyValue('summary')).sort()).toEqual(
      [consensusTitle, floatingTitle].sort(),
    );
    for (const event of events) expect(event.getFirstPropertyValue('dtstamp')).toBeTruthy();
  });

  it('keeps commas, semicolons and line breaks of titles through escaping', () => {
    expect(text).toContain('SUMMARY;LANGUAGE=en:Consensus\\, Quorums\\; and Clocks\r\n');
    expect(text).toContain('SUMMARY:Floating\\, Local\\; Time\\nExplained\r\n');
    expect(parse(text).bySummary.get(floatingTitle)?.getFirstPropertyValue('summary')).toBe(floatingTitle);
  });

  it('writes an offset time in UTC and a floating local time as floating', () => {
    const { bySummary } = parse(text);
    const timed = bySummary.get(consensusTitle) as ICAL.Component;
    const start = timed.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.zone?.tzid).toBe('UTC');
    expect(start.toString()).toBe('2024-06-22T08:30:00Z');
    expect((timed.getFirstPropertyValue('dtend') as ICAL.Time).toString()).toBe('2024-06-22T09:15:00Z');
    expect(text).toContain('DTSTART:20240622T083000Z\r\n');

    const floating = bySummary.get(floatingTitle) as ICAL.Component;
    expect(text).toContain('DTSTART:20240622T140000\r\n');
    expect(text).toContain('DTEND:20240622T140500\r\n');
    const floatingStart = floating.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(floatingStart.zone?.tzid ?? 'floating').toBe('floating');
    expect(floatingStart.toString()).toBe('2024-06-22T14:00:00');
  });

  it('describes the talk: abstract and speakers, room and venue, format and track, link and UID', () => {
    const { bySummary } = parse(text);
    const timed = bySummary.get(consensusTitle) as ICAL.Component;
    expect(timed.getFirstPropertyValue('description')).toBe(
      `${longAbstract}\n\nSpeakers: Zoë Núñez, Ravi Iyer`,
    );
    expect(timed.getFirstPropertyValue('location')).toBe('Room A, Tejo Hall, Lisbon');
    expect(timed.getFirstProperty('categories')?.getValues()).toEqual(['talk', 'Distributed Systems']);
    expect(timed.getFirstPropertyValue('url')).toBe('https://harbor.example/2024/consensus');
    // A GUID from the conference tool is kept; a tool's local session id is not unique enough.
    expect(timed.getFirstPropertyValue('uid')).toBe('5f0c6f2e-8a49-4f7b-9a53-0f4b9b0c2d11');
    const floating = bySummary.get(floatingTitle) as ICAL.Component;
    expect(floating.getFirstPropertyValue('uid')).toBe(entityIri(base, 'talk', floatingTalk.slug));
    expect(floating.getFirstProperty('categories')?.getValues()).toEqual(['lightning']);
  });

  it('folds lines at 75 octets with CRLF, never inside a character', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines.some((line) => line.includes('\n'))).toBe(false);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(1);
    expect(text).not.toContain('\uFFFD');
  });

  it('is the same text for the same data', async () => {
    expect(await collect(icalExporter(store, { event: harbor.slug, iriBase: base }))).toBe(text);
  });

  it('exports every timed talk once when no event is given', async () => {
    const { events } = parse(await collect(icalExporter(store, { event: null, iriBase: base })));
    expect(events.map((e) => e.getFirstPropertyValue('summary')).sort()).toEqual(
      [consensusTitle, floatingTitle, 'Rust at the Quarry'].sort(),
    );
    const quarry = events.find((e) => e.getFirstPropertyValue('summary') === 'Rust at the Quarry');
    expect(String(quarry?.getFirstPropertyValue('dtstart'))).toBe('2023-03-02T18:30:00Z');
    expect(quarry?.hasProperty('dtend')).toBe(false);
  });

  it('gives a floating end the offset of its start, and leaves out an end before the start', async () => {
    const talk = (slug: string) => ({ kind: 'talk', slug, label: slug });
    const at = (slug: string, predicate: string, value: string) => ({
      subject: talk(slug),
      predicate,
      object: { value },
    });
    await writeSchedule(store, 'mixed.md', [
      { subject: talk('mixed-clocks'), predicate: 'presented_at', object: { node: harbor }, position: 9 },
      at('mixed-clocks', 'starts_at', '2024-06-22T16:00:00-04:00'),
      at('mixed-clocks', 'ends_at', '2024-06-22T16:45:00'),
      { subject: talk('backwards'), predicate: 'presented_at', object: { node: harbor }, position: 10 },
      at('backwards', 'starts_at', '2024-06-22T17:00:00'),
      at('backwards', 'ends_at', '2024-06-22T16:00:00'),
    ]);
    const { bySummary } = parse(await collect(icalExporter(store, { event: harbor.slug, iriBase: base })));
    const mixed = bySummary.get('mixed-clocks') as ICAL.Component;
    expect(String(mixed.getFirstPropertyValue('dtstart'))).toBe('2024-06-22T20:00:00Z');
    expect(String(mixed.getFirstPropertyValue('dtend'))).toBe('2024-06-22T20:45:00Z');
    const backwards = bySummary.get('backwards') as ICAL.Component;
    expect(String(backwards.getFirstPropertyValue('dtstart'))).toBe('2024-06-22T17:00:00');
    expect(backwards.hasProperty('dtend')).toBe(false);
  });

  it('names an unknown event in a NOT_FOUND error', async () => {
    const error = await collect(icalExporter(store, { event: 'no-such-event', iriBase: base })).catch(
      (e) => e,
    );
    expect(isTalkgraphError(error) && error.code).toBe('NOT_FOUND');
    expect(String(error.message)).toContain('no-such-event');
  });
});

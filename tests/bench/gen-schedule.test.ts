import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSchedule } from '../../bench/gen-schedule.js';
import { runCli } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'talkgraph-gen-schedule-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface C3vocEvent {
  guid: string;
  date: string;
  duration: string;
  room: string;
  type: string;
  track: string | null;
  persons: { name: string }[];
}
const eventsOf = (path: string): C3vocEvent[] => {
  const document = JSON.parse(readFileSync(path, 'utf8')) as {
    schedule: { conference: { days: { rooms: Record<string, C3vocEvent[]> }[] } };
  };
  return document.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());
};

describe('the schedule export generator', () => {
  const a = generateSchedule({ talks: 120, seed: 7, out: join(scratch, 'a') });

  it('writes the same pretalx JSON and frab XML for the same seed', () => {
    const b = generateSchedule({ talks: 120, seed: 7, out: join(scratch, 'b') });
    expect(readFileSync(b.json, 'utf8')).toBe(readFileSync(a.json, 'utf8'));
    expect(readFileSync(b.xml, 'utf8')).toBe(readFileSync(a.xml, 'utf8'));
    const other = generateSchedule({ talks: 120, seed: 8, out: join(scratch, 'c') });
    expect(readFileSync(other.json, 'utf8')).not.toBe(readFileSync(a.json, 'utf8'));
  });

  it('lays N talks with 1–3 persons over days and rooms, with breaks that have nobody on stage', () => {
    const events = eventsOf(a.json);
    const talks = events.filter((e) => e.type !== 'Break');
    expect(talks).toHaveLength(120);
    expect(a.talks).toBe(120);
    for (const talk of talks) {
      expect(talk.persons.length).toBeGreaterThanOrEqual(1);
      expect(talk.persons.length).toBeLessThanOrEqual(3);
      expect(talk.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+02:00$/);
    }
    const breaks = events.filter((e) => e.type === 'Break');
    expect(breaks.length).toBe(a.breaks);
    expect(breaks.length).toBeGreaterThan(0);
    for (const pause of breaks) expect(pause.persons).toEqual([]);
    expect(new Set(events.map((e) => e.guid)).size).toBe(events.length);
    expect(new Set(talks.map((t) => t.type))).toEqual(
      new Set(['Keynote', 'Talk', 'Workshop', 'Lightning Talk', 'Panel']),
    );
    expect(new Set(talks.map((t) => t.room)).size).toBeGreaterThan(1);
    // No two events share a room at the same time.
    const slots = events.map((e) => `${e.room} ${e.date}`);
    expect(new Set(slots).size).toBe(slots.length);
  });

  it('writes the same talks into the frab XML', () => {
    const text = readFileSync(a.xml, 'utf8');
    expect(text.match(/<event guid=/g)).toHaveLength(120 + a.breaks);
    for (const guid of eventsOf(a.json).map((e) => e.guid)) expect(text).toContain(`guid="${guid}"`);
  });

  // The benchmark measures what the reader makes of these files: every talk, no break.
  it.each(['json', 'xml'] as const)(
    'reads back every talk of the %s export and no break',
    { timeout: 90_000 },
    async (format) => {
      const result = await runCli(['ingest', '--dry-run', a[format]], { env: { DATABASE_URL: 'memory:' } });
      expect(result.code, result.stderr).toBe(0);
      const [document] = JSON.parse(result.stdout) as { talks: { title: string }[]; skipped: unknown[] }[];
      expect(document?.talks).toHaveLength(120);
      expect(document?.skipped).toHaveLength(a.breaks);
    },
  );
});

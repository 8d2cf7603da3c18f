// Exports of real conference tools — pretalx (REST API, frab XML, iCal), frab and Pentabarf (XML,
// c3voc JSON, events.json), Sessionize (Sessions and Speakers views) and a Google calendar — read
// through `talkgraph eval` against hand-made gold files. Every title and name in the fixtures is
// invented; the shapes follow each tool's documented export.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/ingest/extract.js';
import { runCli } from '../support/cli.js';

const folder = fileURLToPath(new URL('../fixtures/schedules/', import.meta.url));
const exports = readdirSync(folder)
  .filter((file) => file.endsWith('.gold.json'))
  .map((file) => file.slice(0, -'.gold.json'.length))
  .sort();

interface DocumentResult {
  name: string;
  rejected: string | null;
  talks: { f1: number };
  speakers: { f1: number };
  missedTalks: string[];
  extraTalks: string[];
}

// One eval run reads every export, each into a fresh in-memory graph: seconds on a busy machine.
describe('schedule exports of conference tools', { timeout: 120_000 }, () => {
  let byName: Map<string, DocumentResult>;

  beforeAll(async () => {
    const result = await runCli(['eval', folder, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { documents: DocumentResult[] };
    byName = new Map(out.documents.map((document) => [document.name, document]));
  }, 120_000);

  it('scores every export that has a gold file', () => {
    expect([...byName.keys()].sort()).toEqual(exports);
    expect(exports.length).toBeGreaterThanOrEqual(6);
  });

  it.each(exports)('reads the talks and speakers of %s (F1 ≥ 0.98 each)', (name) => {
    const document = byName.get(name);
    expect(document, name).toBeDefined();
    if (!document) return;
    // The misses and extras in the message say what went wrong, not only by how much.
    const detail = JSON.stringify({
      rejected: document.rejected,
      missed: document.missedTalks,
      extra: document.extraTalks,
    });
    expect(document.rejected, detail).toBeNull();
    expect(document.talks.f1, `talk F1 ${detail}`).toBeGreaterThanOrEqual(0.98);
    expect(document.speakers.f1, `speaker F1 ${detail}`).toBeGreaterThanOrEqual(0.98);
  });
});

// What a careful reader writes down besides titles and speakers: the gold files give each talk's
// time, room, track, language, format, page and tool id where the export states them, and the
// speakers' biographies. A key the gold leaves out is not checked.
describe('schedule facts of conference tools’ exports', () => {
  const scheduleKeys = ['startsAt', 'endsAt', 'room', 'track', 'language', 'url', 'identifier'] as const;
  interface GoldTalk {
    title: string;
    format?: string;
    [key: string]: unknown;
  }

  it.each(exports)('%s: each talk’s schedule and format, each speaker’s bio', (name) => {
    const text = readFileSync(`${folder}${name}`, 'utf8');
    const gold = JSON.parse(readFileSync(`${folder}${name}.gold.json`, 'utf8')) as {
      talks: GoldTalk[];
      bios?: Record<string, string>;
    };
    const document = extractDocument(text, { name });
    const byTitle = new Map(document.talks.map((talk) => [talk.title.toLowerCase(), talk]));
    for (const expected of gold.talks) {
      const talk = byTitle.get(expected.title.toLowerCase());
      expect(talk, expected.title).toBeDefined();
      if (!talk) continue;
      const read: Record<string, unknown> = { ...talk.schedule, format: talk.kind };
      const wanted = Object.fromEntries(
        [...scheduleKeys, 'format' as const].filter((k) => k in expected).map((k) => [k, expected[k]]),
      );
      const got = Object.fromEntries(Object.keys(wanted).map((k) => [k, read[k]]));
      expect(got, expected.title).toEqual(wanted);
    }
    const bios = new Map(
      document.talks.flatMap((talk) => talk.speakers.map((speaker) => [speaker.name, speaker.bio ?? null])),
    );
    for (const [speaker, bio] of Object.entries(gold.bios ?? {}))
      expect(bios.get(speaker), speaker).toBe(bio);
  });
});

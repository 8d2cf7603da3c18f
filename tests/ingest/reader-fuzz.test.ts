// Any text, in any of the reader's formats, is either read into well-formed talks or refused with
// INGEST_REJECTED: never another error, never a talk without a title or speakers, and never the
// super-linear blow-up of a pathological regular expression (long runs of whitespace, separators,
// quotes, nesting). The time bound is far above any linear reading, so it only catches blow-ups.
// Documents with a run of 100,000 characters inside a line, in every format, are read on a worker
// thread: one that never finishes fails its test at the test's timeout instead of hanging the run.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isTalkgraphError } from '../../src/errors.js';
import { parseDocument } from '../../src/ingest/parse.js';

const pieces = [
  '# Spring Summit 2024\n',
  '## Talk Title\n',
  '### Title: Something\n',
  'Speaker: Ada Lovelace\n',
  '**Speakers:** Grace Hopper, Alan Turing\n',
  '- 18:30 - 19:00: A Talk\n',
  '  - Jane Doe [@jane](https://github.com/jane), [Acme](https://acme.example)\n',
  'Ada Lovelace, "A Quoted Title", [slides](a.pdf)\n',
  'The talk by Ada Lovelace, *Engines*, was great.\n',
  '| Time | Talk | Speaker |\n|---|---|---|\n| 10:00 | Title | Ann Lee |\n',
  '<table><tr><th>Talk</th><th>Speaker</th></tr><tr><td>T</td><td>Bo Kim</td></tr></table>\n',
  '<div class="talk"><div class="title">T</div><div class="speaker">Ann Lee</div></div>\n',
  'Lunch\n',
  '\n',
];
const adversarial = fc.oneof(
  fc.constantFrom(
    ' ',
    '\t',
    '-',
    ' - ',
    ',',
    ' by ',
    '"',
    '(',
    '[',
    '*',
    '_',
    ':',
    '@',
    '.',
    '|',
    '<div>',
    '  - ',
  ),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('\u0000', '\u0007', '\u200b', '\ufeff', '🎤', '山田 太郎'),
);
/** A document: pieces of real layouts with long repeated runs of adversarial text between them. */
const documents = fc
  .array(
    fc.oneof(
      fc.constantFrom(...pieces),
      fc.tuple(adversarial, fc.integer({ min: 1, max: 3000 })).map(([s, n]) => s.repeat(n)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const formats = ['x.md', 'x.txt', 'x.html'] as const;

describe('reading any text', () => {
  it('reads well-formed talks, each with its speakers, or refuses with INGEST_REJECTED', () => {
    // Time is not asserted here (a busy machine is not a slow reader): the long runs below are read
    // on a thread that the test's own timeout ends.
    fc.assert(
      fc.property(documents, fc.constantFrom(...formats), (text, name) => {
        try {
          const doc = parseDocument(text, { name });
          for (const talk of doc.talks) {
            expect(talk.title.trim()).not.toBe('');
            expect(talk.speakers.length).toBeGreaterThan(0);
            expect(talk.confidence).toBeGreaterThan(0);
            expect(talk.confidence).toBeLessThanOrEqual(1);
          }
        } catch (error) {
          expect(isTalkgraphError(error) && error.code === 'INGEST_REJECTED').toBe(true);
        }
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('data files of any content: parsed, or refused with the parser’s reason', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (json) => {
        try {
          parseDocument(json, { name: 'x.json' });
        } catch (error) {
          expect(isTalkgraphError(error) && error.code === 'INGEST_REJECTED').toBe(true);
        }
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });
});

/** What reading one document on the worker came to: its talks, or the error it threw. */
type Reading =
  | { talks: { title: string; speakers: number }[] }
  | { error: { name: string; code?: string; message: string } };

/**
 * A thread that reads documents with parseDocument, one at a time. The TypeScript is loaded through
 * tsx's require hook given to the thread (Node 20 threads do not inherit this process's hooks).
 */
function startReader(): Worker {
  const root = resolve(import.meta.dirname, '../..');
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs');
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { parseDocument } = require(${JSON.stringify(resolve(root, 'src/ingest/parse.ts'))});
    const { isTalkgraphError } = require(${JSON.stringify(resolve(root, 'src/errors.ts'))});
    parentPort.on('message', ({ text, name }) => {
      try {
        const doc = parseDocument(text, { name });
        parentPort.postMessage({
          talks: doc.talks.map((t) => ({
            title: t.title,
            speakers: t.speakers.length,
          })),
        });
      } catch (error) {
        parentPort.postMessage({
          error: {
            name: isTalkgraphError(error) ? 'TalkgraphError' : String(error && error.name),
            code: error && error.code,
            message: String(error && error.message).slice(0, 300),
          },
        });
      }
    });`;
  return new Worker(code, { eval: true, execArgv: ['--require', tsx] });
}

/** A title, a run of 100,000 characters and a name on one line, as each format writes it. */
const runLength = 100_000;
const title = 'Counting Rivers with Streams';
const speaker = 'Imogen Falkner';
const runs: Record<string, string> = {
  spaces: ' ',
  tabs: '\t',
  dashes: '-',
  'spaced dashes': ' - ',
  commas: ',',
  'by by by': 'by ',
  quotes: '"',
  'curly quotes': '“',
  parentheses: '(',
  'paired parentheses': '()',
  asterisks: '*',
  underscores: '_',
  pipes: '|',
};
const xml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const documentsOf: Record<string, (line: string) => string> = {
  'x.txt': (line) => `Spring Summit 2024\n\n${line}\n\nAnother Talk\nSpeaker: Ada Lovelace\n`,
  'x.md': (line) => `# Spring Summit 2024\n\n- ${line}\n- **Another Talk** by Ada Lovelace\n\n## ${line}\n`,
  'x.html': (line) =>
    `<html><body><h1>Spring Summit 2024</h1><ul><li>${xml(line)}</li></ul><h2>${xml(line)}</h2></body></html>`,
  'x.csv': (line) =>
    `title,speaker\n"${line.replaceAll('"', '""')}",${speaker}\n"${line.replaceAll('"', '""')}",\n`,
  'x.json': (line) =>
    JSON.stringify({ event: 'Spring Summit 2024', talks: [{ title: line, speaker }, { title: line }] }),
  'x.yaml': (line) =>
    `event: Spring Summit 2024\ntalks:\n  - title: ${JSON.stringify(line)}\n    speaker: ${speaker}\n  - title: ${JSON.stringify(line)}\n`,
  'x.xml': (line) =>
    `<schedule><conference><title>Spring Summit 2024</title></conference><day><room><event><title>${xml(line)}</title><persons><person>${speaker}</person></persons></event><event><title>${xml(line)}</title></event></room></day></schedule>`,
  'x.ics': (line) =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Talkgraph tests//EN',
      'BEGIN:VEVENT',
      'UID:run-1@talkgraph.test',
      'DTSTART:20240501T100000Z',
      `SUMMARY:${line.replaceAll('\\', '\\\\').replaceAll(',', '\\,').replaceAll(';', '\\;')}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
};

describe('reading a line with a run of 100,000 characters inside it', () => {
  let reader: Worker | null = null;
  let busy = false;
  const read = (text: string, name: string): Promise<Reading> => {
    reader ??= startReader();
    const worker = reader;
    busy = true;
    return new Promise<Reading>((done, fail) => {
      const onMessage = (reading: Reading) => {
        worker.off('error', onError);
        busy = false;
        done(reading);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        busy = false;
        reader = null;
        fail(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ text, name });
    });
  };
  // A reading still under way when its test ended (at the timeout) ends with its thread.
  afterEach(async () => {
    if (!busy) return;
    await reader?.terminate();
    reader = null;
    busy = false;
  });
  afterAll(() => reader?.terminate());

  const cases = Object.keys(documentsOf).flatMap((name) =>
    Object.keys(runs).map((run) => [name, run] as const),
  );
  for (const [name, run] of cases) {
    it(`${name}: a title, a run of ${run} and a name: read, or refused with INGEST_REJECTED`, async () => {
      const unit = runs[run] as string;
      const line = `${title}${unit.repeat(Math.ceil(runLength / unit.length))}${speaker}`;
      const reading = await read((documentsOf[name] as (line: string) => string)(line), name);
      if ('error' in reading) {
        expect(reading.error).toMatchObject({ name: 'TalkgraphError', code: 'INGEST_REJECTED' });
        return;
      }
      for (const talk of reading.talks) {
        expect(talk.title.trim()).not.toBe('');
        expect(talk.speakers).toBeGreaterThan(0);
      }
    }, 60_000);
  }
});

// Any text, in any of the reader's formats, is either read into well-formed talks or refused with
// INGEST_REJECTED: never another error, never a talk without a title or speakers, and never the
// super-linear blow-up of a pathological regular expression (long runs of whitespace, separators,
// quotes, nesting). The time bound is far above any linear reading, so it only catches blow-ups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  it('reads well-formed talks or refuses with INGEST_REJECTED, in time linear in its size', () => {
    fc.assert(
      fc.property(documents, fc.constantFrom(...formats), (text, name) => {
        const started = performance.now();
        try {
          const doc = parseDocument(text, { name });
          for (const talk of doc.talks) {
            expect(talk.title.trim()).not.toBe('');
            // A listing's talk without its speakers line is kept only with a warning naming it.
            if (talk.speakers.length === 0)
              expect(doc.unclassified.some((u) => u.text === talk.title)).toBe(true);
            expect(talk.confidence).toBeGreaterThan(0);
            expect(talk.confidence).toBeLessThanOrEqual(1);
          }
        } catch (error) {
          expect(isTalkgraphError(error) && error.code === 'INGEST_REJECTED').toBe(true);
        }
        // Generous: about 1 s per 10,000 characters on top of a fixed second. A quadratic
        // expression on a 30,000-character run takes minutes.
        expect(performance.now() - started).toBeLessThan(1000 + text.length / 10);
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

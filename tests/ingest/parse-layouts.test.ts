import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/ingest/parse.js';
import type { ParsedDocument } from '../../src/ingest/types.js';
import { fixturesDir } from '../support/seeds.js';

const parse = (file: string) => parseDocument(readFileSync(`${fixturesDir}${file}`, 'utf8'));
const summary = (doc: ParsedDocument) =>
  doc.talks.map((t) => ({
    title: t.title,
    speakers: t.speakers.map((s) => (s.handle ? `${s.name} @${s.handle}` : s.name)),
    affiliations: t.affiliations.map(
      (a) => `${t.speakers[a.speaker]?.name} ${a.relation} ${a.organization} (${a.role})`,
    ),
  }));

describe('layouts beyond the seeds', () => {
  it('a Markdown listing with front matter and **Speaker:** lines', () => {
    const doc = parse('harbor-markdown-listing.md');
    expect(doc.format).toBe('markdown');
    expect(doc.event).toMatchObject({
      name: 'Harbor Data Days',
      year: 2023,
      city: 'Lisbon',
      venue: 'Harbor Hall',
    });
    expect(summary(doc).map((t) => [t.title, t.speakers])).toEqual([
      ['Streaming Joins Without Tears', ['Inês Carvalho']],
      ['Column Stores from Scratch', ['Tomasz Wiśniewski', 'Hana Sato']],
      ['The Future of the Lakehouse', ['Inês Carvalho', 'Amara Okafor', 'Luis Fernández']],
    ]);
    // "Closing Panel:" says what the talk is; the title is what follows (as the corpus's readers write it).
    expect(doc.talks[2]?.kind).toBe('panel');
    expect(doc.talks[0]?.abstractTruncated).toBe(true);
    expect(doc.talks[2]?.speakers[2]?.aliases).toEqual(['Lucho']);
    expect(doc.skipped).toEqual([]);
  });

  it('a Markdown recap with "Speakers: Name (@handle)" lines and affiliations in prose', () => {
    const doc = parse('riverside-markdown-recap.md');
    expect(doc.format).toBe('markdown');
    expect(doc.event).toMatchObject({
      name: 'Riverside Infra Meetup',
      year: 2022,
      city: 'Portland',
      venue: 'Old Mill Theatre',
    });
    expect(summary(doc)).toEqual([
      {
        title: 'Operators All the Way Down',
        speakers: ['Priya Raman @priyaops'],
        affiliations: ['Priya Raman works_at Kestrel Systems (staff engineer)'],
      },
      {
        title: 'Tracing the Untraceable',
        speakers: ['Jonas Berg @jberg', 'Maya Lindqvist'],
        affiliations: [
          'Jonas Berg works_at Fjord Labs (engineer)',
          'Maya Lindqvist works_at Fjord Labs (engineer)',
        ],
      },
    ]);
    expect(doc.talks[0]?.abstract).toContain('Lessons learned'); // a sub-heading stays in the write-up
    expect(doc.talks[1]?.abstract).toMatch(/Q: .*\n\nA: /s);
  });

  it('a plain listing with "Speakers: A and B" lines and no abstracts', () => {
    const doc = parse('plain-labelled-listing.txt');
    expect(doc.format).toBe('text');
    expect(doc.event).toMatchObject({ name: 'Northwind Frontend Forum', year: 2021, city: 'New York' });
    expect(summary(doc).map((t) => [t.title, t.speakers])).toEqual([
      ['Rendering at the Edge', ['Camille Dubois', 'Oren Katz']],
      ['Accessible Data Tables', ['Fatima Zahra El Amrani']],
      ['Signals, Not Effects', ['Camille Dubois', 'Ruth Okonkwo', 'Sven Müller']],
    ]);
    expect(doc.talks.every((t) => t.abstract === null)).toBe(true);
  });

  it('a recap whose headings are "Title — Name (@handle)" and "Title, by Name (@handle)"', () => {
    const doc = parse('dash-byline-recap.txt');
    expect(doc.format).toBe('text');
    expect(doc.event).toMatchObject({
      name: 'Cascade Security Camp',
      year: 2019,
      city: 'Seattle',
      venue: 'Pioneer Building',
    });
    expect(summary(doc)).toEqual([
      {
        title: 'Secrets in CI',
        speakers: ['Dana Whitfield @danaw'],
        affiliations: [
          'Dana Whitfield works_at Lockbox Labs (founder)',
          'Dana Whitfield contributes_to Vaultline (contributor)',
        ],
      },
      {
        title: 'Fuzzing Parsers for Fun and Bugs',
        speakers: ['Kenji Morimoto @kmori'],
        affiliations: ['Kenji Morimoto works_at Tidewater University (researcher)'],
      },
    ]);
    expect(doc.talks[1]?.abstract).not.toMatch(/Leave a Reply|email address/);
  });

  it('a schedule with times before titles; a break with no speakers is reported, not filed as a talk', () => {
    const doc = parse('schedule-listing.txt');
    expect(doc.event).toMatchObject({ name: 'Quarry Systems Summit', year: 2024, city: 'Berlin' });
    expect(summary(doc).map((t) => [t.title, t.speakers])).toEqual([
      ['Fifty Years of Unix Pipes', ['Greta Hoffmann']],
      ['Lock-Free Queues in Practice', ['Ivo Petrov', 'Leila Haddad']],
      ['Consensus for the Rest of Us', ['Greta Hoffmann']],
    ]);
    expect(doc.talks[0]?.kind).toBe('keynote');
    expect(doc.skipped).toEqual([
      expect.objectContaining({
        title: 'Coffee Break',
        line: 16,
        reason: 'a programme item that is not a talk',
      }),
    ]);
  });

  it('a paragraph that is no programme entry is read as no talk; the talks around it are read or reported', () => {
    const doc = parse('with-stray-block.txt');
    // Each talk is a title, an abstract and a name on lines of their own; the model reads the first
    // well over even odds and the second, with its three-word title, near them: it is read, or
    // reported as skipped, never lost without a word.
    expect(doc.talks[0]?.title).toBe('Gradual Typing in Practice');
    const second = 'Macros Considered Helpful';
    const read = doc.talks.some((t) => t.title === second && t.speakers[0]?.name === 'Elif Demir');
    expect(read || doc.skipped.some((s) => s.title === second)).toBe(true);
    expect(doc.talks.length + doc.skipped.length).toBe(2);
    expect(doc.talks.some((t) => /sponsors/i.test(t.title))).toBe(false);
    expect(doc.skipped.some((s) => /sponsors/i.test(s.title))).toBe(false);
  });

  it('Markdown bullets that are whole talks', () => {
    const doc = parse('bullet-talks.md');
    expect(doc.event).toMatchObject({ name: 'Mesa Mobile Meetup', year: 2018 });
    expect(summary(doc).map((t) => [t.title, t.speakers])).toEqual([
      ['Offline-First Sync with CRDTs', ['Rosa Álvarez']],
      ['Battery-Aware Background Work', ['Kwame Mensah', 'Lena Vogel']],
      ['Shipping Smaller Binaries', ['Arjun Mehta @arjunm']],
    ]);
  });
});

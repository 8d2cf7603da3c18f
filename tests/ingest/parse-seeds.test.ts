import { beforeAll, describe, expect, it } from 'vitest';
import { TalkgraphError } from '../../src/errors.js';
import { parseDocument } from '../../src/ingest/parse.js';
import type { ParsedDocument, ParsedTalk } from '../../src/ingest/types.js';
import { readSeed, sharedAvailable } from '../support/seeds.js';

const byTitle = (doc: ParsedDocument, prefix: string): ParsedTalk => {
  const talk = doc.talks.find((t) => t.title.startsWith(prefix));
  if (!talk)
    throw new Error(`no talk starting with "${prefix}" in ${doc.talks.map((t) => t.title).join(' | ')}`);
  return talk;
};
const names = (talk: ParsedTalk) => talk.speakers.map((s) => s.name);
const affiliations = (talk: ParsedTalk) =>
  talk.affiliations.map((a) => `${talk.speakers[a.speaker]?.name} ${a.relation} ${a.organization}`).sort();

describe.runIf(sharedAvailable)('the talk listing seed', () => {
  // Read when the suite runs, not when it is collected: collection happens without ../shared too.
  let seed: ReturnType<typeof readSeed>;
  let doc: ParsedDocument;
  beforeAll(() => {
    seed = readSeed('000');
    doc = parseDocument(seed.text);
  });

  it('is read as plain text: 17 talks at Go Systems Conf, San Francisco, 2020', () => {
    expect(doc.format).toBe('text');
    expect(doc.event).toMatchObject({ name: 'Go Systems Conf', year: 2020, city: 'San Francisco' });
    expect(doc.talks).toHaveLength(17);
    expect(doc.talks.map((t) => t.position)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    // The first line names the event: it is read as the event, not listed as an entry left out.
    expect(doc.skipped).toEqual([]);
  });

  it('keeps the group Q&A: nine speakers and no abstract', () => {
    const qa = byTitle(doc, 'Group Q&A');
    expect(qa.abstract).toBeNull();
    expect(qa.speakers).toHaveLength(9);
  });

  it('keeps speakers in order, nicknames as aliases and accents as written', () => {
    expect(names(byTitle(doc, 'The Evolution of the NATS Protocol'))).toEqual([
      'Wally Quevedo',
      'Jaime Piña',
    ]);
    const kena = byTitle(doc, 'Can We Panic Yet')?.speakers[0];
    expect(kena).toMatchObject({ name: 'Raphael Poss', aliases: ['kena'] });
    expect(names(byTitle(doc, 'Designing for Failure'))).toEqual(['Verónica López']);
    expect(names(byTitle(doc, 'Observability and Measurement'))).toEqual(['Jesús Espino']);
  });

  it('flags abstracts cut short with an ellipsis, and only those', () => {
    expect(byTitle(doc, 'White Water Rafting').abstractTruncated).toBe(true);
    expect(byTitle(doc, 'Intuitive Performance').abstractTruncated).toBe(false);
    for (const talk of doc.talks)
      expect(talk.abstractTruncated).toBe(/(\.\.\.|…)$/.test(talk.abstract ?? ''));
  });

  it('points every talk at its place in the text', () => {
    for (const talk of doc.talks) {
      expect(seed.text.slice(talk.span.start, talk.span.end)).toContain(talk.title);
      for (const speaker of talk.speakers) {
        const given = speaker.name.split(' ')[0] as string;
        expect(seed.text.slice(speaker.span?.start, (speaker.span?.start ?? 0) + given.length)).toBe(given);
      }
    }
  });
});

describe.runIf(sharedAvailable)('the event recap seed', () => {
  // Read when the suite runs, not when it is collected: collection happens without ../shared too.
  let seed: ReturnType<typeof readSeed>;
  let doc: ParsedDocument;
  beforeAll(() => {
    seed = readSeed('001');
    doc = parseDocument(seed.text);
  });

  it('is read as plain text: 7 talks at GopherFest Summer 2016, Bently Reserve, San Francisco', () => {
    expect(doc.format).toBe('text');
    expect(doc.event).toMatchObject({
      name: 'GopherFest Summer',
      year: 2016,
      city: 'San Francisco',
      venue: 'Bently Reserve',
    });
    expect(doc.talks).toHaveLength(7);
  });

  it('attaches the seven handles to their speakers', () => {
    const handles = Object.fromEntries(doc.talks.flatMap((t) => t.speakers.map((s) => [s.name, s.handle])));
    expect(handles).toEqual({
      'Blake Mizerany': 'bmizerany',
      'Faiq Raza': 'faiqus',
      'Peter Sanford': 'psanford',
      'Muir Manders': null,
      'Barak Michener': 'barakmich',
      'David Calavera': 'calavera',
      'Mike Flynn': 'thatmikeflynn',
      'Daniel Whitenack': 'dwhitena',
    });
  });

  it('reads affiliations from bylines and prose, and none where the organization is missing', () => {
    expect(affiliations(byTitle(doc, 'Process Introspection'))).toEqual([
      'Muir Manders works_at RetailNext',
      'Peter Sanford works_at RetailNext',
    ]);
    expect(byTitle(doc, 'Graph Databases').affiliations).toMatchObject([
      { organization: 'CoreOS', relation: 'works_at', role: 'engineer' },
    ]);
    expect(affiliations(byTitle(doc, 'Refactor your Go code'))).toEqual([
      'David Calavera contributes_to Docker',
      'David Calavera works_at Netlify',
    ]);
    expect(affiliations(byTitle(doc, 'Cleaning up your Go code'))).toEqual(['Faiq Raza works_at Wercker']);
    expect(byTitle(doc, 'Built for Snappiness').affiliations).toEqual([]);
  });

  it('keeps sub-headings and Q&A inside write-ups, and page chrome out of them', () => {
    const graph = byTitle(doc, 'Graph Databases');
    expect(graph.abstract).toContain('What cool things can I do with graphs?');
    expect(byTitle(doc, 'Built for Snappiness').abstract).toMatch(/Q: .*\n\nA: /s);
    for (const talk of doc.talks) {
      expect(talk.abstract).not.toMatch(/Leave a Comment|Akismet|\[wds/);
    }
    expect(byTitle(doc, 'A Gopher').abstract).toMatch(/static binary and drop it in somewhere\.$/);
  });
});

describe('layouts forced or not found', () => {
  it.runIf(sharedAvailable)(
    'forcing a format reads the document that way; older layout names still work',
    () => {
      const listing = readSeed('000').text;
      expect(parseDocument(listing, { format: 'text' }).talks).toHaveLength(17);
      expect(parseDocument(listing, { format: 'listing' }).talks).toHaveLength(17);
      expect(() => parseDocument(listing, { format: 'json' })).toThrow(/is not valid JSON/);
    },
  );

  it('a document with no talk in it is rejected with INGEST_REJECTED', () => {
    const attempt = () =>
      parseDocument('Just a note.\n\nNothing here looks like a programme, only sentences about the weather.');
    expect(attempt).toThrow(TalkgraphError);
    expect(attempt).toThrow(/no talk found/);
    try {
      attempt();
    } catch (error) {
      expect((error as TalkgraphError).code).toBe('INGEST_REJECTED');
    }
  });

  it.runIf(sharedAvailable)('--event names or renames the event', () => {
    const doc = parseDocument(readSeed('000').text, { event: 'Gopher Gathering NYC 2021' });
    expect(doc.event).toMatchObject({ name: 'Gopher Gathering', year: 2021, city: 'New York' });
  });
});

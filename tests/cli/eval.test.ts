import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/cli/eval.js';
import {
  type GoldDocument,
  type GoldTalk,
  parseGold,
  personKey,
  type ReadTalk,
  scoreDocument,
  textKey,
  totalScore,
} from '../../src/ingest/evaluation.js';
import { runCli } from '../support/cli.js';

const evalFixtures = fileURLToPath(new URL('../fixtures/eval/', import.meta.url));

const gold = (talks: GoldTalk[], more: Partial<GoldDocument> = {}): GoldDocument => ({
  talks,
  optional_talks: [],
  not_talks: [],
  ...more,
});
const talk = (title: string, speakers: string[], affiliations?: Record<string, string>): GoldTalk => ({
  title,
  speakers,
  affiliations,
});
const read = (title: string, speakers: (string | [string, ...string[]])[]): ReadTalk => ({
  title,
  speakers: speakers.map((s) =>
    typeof s === 'string' ? { name: s, organizations: [] } : { name: s[0], organizations: s.slice(1) },
  ),
});

describe('matching titles and names', () => {
  it('compares titles without case, accents, punctuation or whitespace', () => {
    expect(textKey('Développement  communautaire: le succès!')).toBe(
      textKey('developpement communautaire le succes'),
    );
    expect(textKey('Why Rust?')).not.toBe(textKey('Why Go?'));
  });

  it('compares people without case, accents, honorifics, handles or name order', () => {
    expect(personKey('KOWALSKI Anna')).toBe(personKey('Anna Kowalski'));
    expect(personKey('Prof. Mira Sen')).toBe(personKey('mira sen'));
    expect(personKey('Dr Lena Q')).toBe(personKey('Lena Q'));
    expect(personKey('Yusuke Kita (@muteki)')).toBe(personKey('Yusuke Kita'));
    expect(personKey('Zofia Wiśniewska')).toBe(personKey('Zofia Wisniewska'));
    expect(personKey('Paweł Łukasik')).toBe(personKey('Pawel Lukasik'));
    expect(personKey('Anna Kowalski')).not.toBe(personKey('Anna Kowalsky'));
  });
});

describe('scoring a document', () => {
  it('scores a perfect reading 1 everywhere', () => {
    const score = scoreDocument(
      gold([talk('Raft in Production', ['Ada Quinn'], { 'Ada Quinn': 'CoreOS' })]),
      [read('raft in production', [['QUINN Ada', 'coreos']])],
    );
    for (const metric of ['talks', 'speakers', 'pairs', 'affiliations'] as const) {
      expect(score[metric].f1, metric).toBe(1);
    }
  });

  it('counts precision and recall from the matches', () => {
    const score = scoreDocument(
      gold([talk('A', ['Ann Lee']), talk('B', ['Bo Chan']), talk('C', ['Cy Dahl']), talk('D', ['Di Eng'])]),
      [read('A', ['Ann Lee']), read('B', ['Bo Chan']), read('Z', ['Zed Fox'])],
    );
    expect(score.talks).toMatchObject({ matched: 2, read: 3, gold: 4 });
    expect(score.talks.precision).toBeCloseTo(2 / 3);
    expect(score.talks.recall).toBeCloseTo(1 / 2);
    expect(score.talks.f1).toBeCloseTo(4 / 7);
    expect(score.missedTalks).toEqual(['C', 'D']);
    expect(score.extraTalks).toEqual(['Z']);
  });

  it('matches the alternative title and the alternative spelling of a speaker', () => {
    const score = scoreDocument(
      gold([
        {
          title: 'Why does a bakery need DevRel?',
          title_alt: 'なぜパン屋にDevRelが必要なのか',
          speakers: ['Kenji Sato'],
          speakers_alt: ['佐藤 健二'],
        },
      ]),
      [read('なぜパン屋にDevRelが必要なのか', ['佐藤 健二'])],
    );
    expect(score.talks.f1).toBe(1);
    expect(score.speakers.f1).toBe(1);
    expect(score.pairs.f1).toBe(1);
  });

  it('needs two read talks for two gold talks with the same title, pairing those whose speakers agree', () => {
    const document = gold([talk('Keynote', ['Ann Lee']), talk('Keynote', ['Bo Chan'])]);
    const one = scoreDocument(document, [read('Keynote', ['Bo Chan'])]);
    expect(one.talks).toMatchObject({ matched: 1, read: 1, gold: 2 });
    // The one read keynote is Bo Chan's, so the pair counts even though Ann Lee's keynote comes first.
    expect(one.pairs).toMatchObject({ matched: 1, read: 1, gold: 2 });

    const both = scoreDocument(document, [read('KEYNOTE', ['Bo Chan']), read('keynote', ['Ann Lee'])]);
    expect(both.talks).toMatchObject({ matched: 2, read: 2, gold: 2 });
    expect(both.pairs.f1).toBe(1);

    const three = scoreDocument(document, [read('Keynote', []), read('Keynote', []), read('Keynote', [])]);
    expect(three.talks).toMatchObject({ matched: 2, read: 3, gold: 2 });
  });

  it('counts each person once, and a person read under two names as one false positive', () => {
    const document = gold([talk('A', ['Anna Kowalski']), talk('B', ['KOWALSKI Anna', 'Ann Lee'])]);
    expect(
      scoreDocument(document, [read('A', ['Anna Kowalski']), read('B', ['Anna Kowalski'])]).speakers,
    ).toMatchObject({
      matched: 1,
      read: 1,
      gold: 2,
    });
    expect(
      scoreDocument(document, [read('A', ['Anna Kowalski']), read('B', ['Kowalski Anna', 'Ann Lee'])])
        .speakers,
    ).toMatchObject({ matched: 2, read: 3, gold: 2 });
  });

  it('credits a talk→speaker pair only on a matched talk with a speaker the gold gives it', () => {
    const score = scoreDocument(gold([talk('A', ['Ann Lee', 'Bo Chan']), talk('B', ['Cy Dahl'])]), [
      read('A', ['Ann Lee', 'Cy Dahl']),
      read('B', ['Cy Dahl']),
    ]);
    expect(score.pairs).toMatchObject({ matched: 2, read: 3, gold: 3 });
  });

  it('leaves optional talks out of both sides, and their speakers unless they speak elsewhere', () => {
    const document = gold([talk('Closing Keynote', ['Ann Lee'])], {
      optional_talks: [talk('Lightning Talks', ['Ann Lee', 'Bo Chan'])],
    });
    const withOptional = scoreDocument(document, [
      read('Closing Keynote', ['Ann Lee']),
      read('Lightning talks', ['Ann Lee', 'Bo Chan']),
    ]);
    expect(withOptional.talks).toMatchObject({ matched: 1, read: 1, gold: 1 });
    expect(withOptional.speakers).toMatchObject({ matched: 1, read: 1, gold: 1 });
    expect(withOptional.pairs).toMatchObject({ matched: 1, read: 1, gold: 1 });
    expect(withOptional.optionalRead).toBe(1);
    // Not reading the optional item costs nothing either.
    expect(scoreDocument(document, [read('Closing Keynote', ['Ann Lee'])]).talks.f1).toBe(1);
  });

  it('counts a not-talk that was read as a false positive', () => {
    const document = gold([talk('Raft in Production', ['Ada Quinn'])], { not_talks: ['Lunch Break'] });
    const score = scoreDocument(document, [
      read('Raft in Production', ['Ada Quinn']),
      read('Lunch break', []),
    ]);
    expect(score.talks).toMatchObject({ matched: 1, read: 2, gold: 1 });
    expect(score.talks.precision).toBe(0.5);
    expect(score.notTalksRead).toBe(1);
  });

  it('scores affiliations as speaker→organization pairs, organizations compared loosely', () => {
    const document = gold([
      talk('A', ['Ann Lee', 'Bo Chan'], { 'Ann Lee': 'Société Générale', 'Bo Chan': 'Intel' }),
    ]);
    const score = scoreDocument(document, [
      read('A', [
        ['Ann Lee', 'societe generale'],
        ['Bo Chan', 'AMD'],
      ]),
    ]);
    expect(score.affiliations).toMatchObject({ matched: 1, read: 2, gold: 2 });
  });

  it('scores a document that was refused (nothing read) zero, and empty against empty as perfect', () => {
    const refused = scoreDocument(gold([talk('A', ['Ann Lee'])]), []);
    expect(refused.talks).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(scoreDocument(gold([]), []).talks.f1).toBe(1);
  });

  it('adds documents up by their counts (micro-average)', () => {
    const a = scoreDocument(gold([talk('A', ['Ann Lee'])]), [read('A', ['Ann Lee'])]);
    const b = scoreDocument(
      gold([talk('B', ['Bo Chan']), talk('C', ['Cy Dahl']), talk('D', ['Di Eng'])]),
      [],
    );
    const total = totalScore([a, b]);
    expect(total.talks).toMatchObject({ matched: 1, read: 1, gold: 4, precision: 1, recall: 0.25 });
  });
});

describe('gold files', () => {
  it('accepts the documented shape, with null among not-talks', () => {
    const parsed = parseGold(
      { event: 'X', talks: [{ title: 'A', speakers: ['Ann'], kind: 'talk' }], not_talks: [null, 'Lunch'] },
      'x.gold.json',
    );
    expect(parsed.not_talks).toEqual(['Lunch']);
    expect(parsed.optional_talks).toEqual([]);
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseGold({ talks: [{ title: 3 }] }, 'x.gold.json')).toThrow(
      /x\.gold\.json: talks\[0\]\.title/,
    );
    expect(() => parseGold([], 'x.gold.json')).toThrow(/JSON object/);
  });
});

describe('file name globs', () => {
  it('matches like a shell', () => {
    const glob = globToRegExp('0[2-5]-*');
    expect(glob.test('03-frab.xml')).toBe(true);
    expect(glob.test('06-yaml.yml')).toBe(false);
    expect(globToRegExp('*.md').test('notes.md')).toBe(true);
    expect(globToRegExp('*.md').test('notes.mdx')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('[!a]*').test('abc')).toBe(false);
  });
});

// Each run starts PGlite in a child process: seconds on a busy machine.
describe('talkgraph eval', { timeout: 90_000 }, () => {
  it('reads each document with a gold file into a fresh graph and prints the scores', async () => {
    const result = await runCli(['eval', evalFixtures, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      documents: { name: string; rejected: string | null; talks: { f1: number }; speakers: { f1: number } }[];
      total: { talks: { matched: number; gold: number } };
    };
    const byName = new Map(out.documents.map((d) => [d.name, d]));
    expect([...byName.keys()]).toEqual([
      'lakeside-listing.txt',
      'latin1-listing.txt',
      'orchard-markdown-recap.md',
    ]);
    // The honorific, the surname-first gold spelling and the optional lightning-talk block do not count.
    expect(byName.get('lakeside-listing.txt')).toMatchObject({
      rejected: null,
      talks: { f1: 1 },
      speakers: { f1: 1 },
    });
    expect(byName.get('orchard-markdown-recap.md')).toMatchObject({
      talks: { f1: 1 },
      affiliations: { f1: 1 },
    });
    // A document the reader refuses is scored as nothing read, with the reason.
    expect(byName.get('latin1-listing.txt')?.rejected).toMatch(/not valid UTF-8/);
    expect(byName.get('latin1-listing.txt')?.talks.f1).toBe(0);
    expect(out.total.talks).toMatchObject({ matched: 6, gold: 7 });
  });

  it('prints a table with a total, and filters documents by name', async () => {
    const result = await runCli(['eval', evalFixtures, '--exclude', 'latin1-*', '--only', '*.txt', '*.md']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^document\s+talk P\s+talk R\s+talk F1/);
    expect(result.stdout).toMatch(/^lakeside-listing\.txt\s+1\.00\s+1\.00\s+1\.00/m);
    expect(result.stdout).toMatch(/^total\s+1\.00\s+1\.00\s+1\.00/m);
    expect(result.stdout).not.toContain('latin1');
  });

  it('exits with its own code, naming each missed target, when a threshold fails', async () => {
    const result = await runCli(['eval', evalFixtures, '--min-talk-f1', '0.9', '--min-pair-f1', '0.99']);
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(/^total/m);
    expect(result.stderr).toContain('latin1-listing.txt: talks F1 0.00 < 0.9');
    expect(result.stderr).toMatch(/total: talk→speaker pairs F1 0\.\d\d < 0\.99/);
    expect(result.stderr).not.toContain('lakeside-listing.txt');

    const met = await runCli(['eval', evalFixtures, '--exclude', 'latin1-*', '--min-talk-f1', '1']);
    expect(met.code, met.stderr).toBe(0);
  });

  it('refuses a bad threshold and a folder without gold files', async () => {
    const bad = await runCli(['eval', evalFixtures, '--min-talk-f1', '95']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-talk-f1: expected a number from 0 to 1');
    const none = await runCli(['eval', evalFixtures, '--only', 'nothing-*']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no document with a .gold.json file beside it');
  });
});

import { describe, expect, it } from 'vitest';
import {
  looksLikeJobTitle,
  looksLikeOrganization,
  personNameScore,
  readPeople,
  readPersonName,
} from '../../src/ingest/people/names.js';
import { profileFromUrl } from '../../src/ingest/people/profiles.js';
import { isPlaceholderName } from '../../src/ingest/records/people-line.js';

const nameOf = (text: string, allowSingleWord = false) =>
  readPersonName(text, { allowSingleWord })?.name ?? null;
const peopleOf = (text: string) =>
  readPeople(text)?.map((p) => ({ name: p.name, organization: p.organization, role: p.role })) ?? null;

describe('reading one person’s name', () => {
  it('reads names with accents and letters of any Latin alphabet', () => {
    for (const name of [
      'Verónica Sánchez',
      'Łukasz Nowak',
      'Błażej Wiśniewski',
      'Rafał Zieliński',
      'Søren Ødegård',
    ]) {
      expect(nameOf(name)).toBe(name);
    }
  });

  it('keeps particles inside a name', () => {
    expect(nameOf('Carmen de la Fuente Ruiz')).toBe('Carmen de la Fuente Ruiz');
    expect(nameOf('Pierre de Montfort')).toBe('Pierre de Montfort');
    expect(nameOf('Anneke van der Berg')).toBe('Anneke van der Berg');
    expect(nameOf('Omar bin Khalid')).toBe('Omar bin Khalid');
  });

  it('reads initials, hyphens and apostrophes', () => {
    expect(nameOf('J. K. Miller')).toBe('J. K. Miller');
    expect(nameOf('Karen T. Hollis')).toBe('Karen T. Hollis');
    expect(nameOf("Marie-Claire O'Brien")).toBe("Marie-Claire O'Brien");
  });

  it('leaves honorifics out of the name but reports where the name starts', () => {
    const name = readPersonName('Dr. Helga Brandt', { offset: 100 });
    expect(name?.name).toBe('Helga Brandt');
    expect(name?.offset).toBe(104);
    expect(nameOf('Prof. Tomás Ribeiro')).toBe('Tomás Ribeiro');
    expect(nameOf('Dipl.-Ing. Uwe Hartmann')).toBe('Uwe Hartmann');
    expect(nameOf('Mrs. Linda Park')).toBe('Linda Park');
    expect(nameOf('Sir Arthur Pendle')).toBe('Arthur Pendle');
  });

  it('reads surname-first and upper-case names as written', () => {
    expect(nameOf('DURAND Pierre')).toBe('DURAND Pierre');
    expect(nameOf('Anne-Sophie MARTIN')).toBe('Anne-Sophie MARTIN');
    expect(nameOf('Etxeberria Mikel')).toBe('Etxeberria Mikel');
    expect(readPersonName('DURAND Pierre')?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('moves a quoted nickname and a handle out of the name', () => {
    const nick = readPersonName('Daniel “dax” Fischer');
    expect(nick).toMatchObject({ name: 'Daniel Fischer', nickname: 'dax' });
    expect(readPersonName("Daniel 'dax' Fischer")?.nickname).toBe('dax');
    expect(readPersonName('Nina Kovač @ninak')).toMatchObject({ name: 'Nina Kovač', handle: 'ninak' });
    expect(readPersonName('Nina Kovač (@ninak)')).toMatchObject({ name: 'Nina Kovač', handle: 'ninak' });
  });

  it('accepts a single word only when the field is known to hold a speaker', () => {
    expect(nameOf('Meera')).toBeNull();
    expect(nameOf('Meera', true)).toBe('Meera');
    expect(nameOf('Arjun', true)).toBe('Arjun');
    expect(nameOf('Keynote', true)).toBeNull();
    expect(nameOf('AWS', true)).toBeNull();
  });

  it('reads short names in scripts without case', () => {
    expect(nameOf('佐藤 花子')).toBe('佐藤 花子');
    expect(nameOf('佐藤 はなこ')).toBe('佐藤 はなこ');
    expect(nameOf('李小龙')).toBe('李小龙');
    expect(nameOf('박지훈')).toBe('박지훈');
    expect(nameOf('基調講演')).toBeNull();
    expect(nameOf('これはとても長い日本語の文章です')).toBeNull();
  });

  it('is surer of a name whose given name is known than of capitalised unknown words', () => {
    const known = readPersonName('Maria Kowalczyk')?.confidence ?? 0;
    const unknown = readPersonName('Zorvath Quellin')?.confidence ?? 0;
    expect(unknown).toBeGreaterThan(0);
    expect(known).toBeGreaterThan(unknown);
    expect(known).toBeLessThanOrEqual(1);
  });

  it('refuses text with digits, long runs of words and sentences', () => {
    expect(nameOf('Room 204')).toBeNull();
    expect(nameOf('Anna Bell 2')).toBeNull();
    expect(nameOf('Alpha Bravo Charlie Delta Echo Foxtrot')).toBeNull();
    expect(nameOf('We rewrote our parser in a weekend')).toBeNull();
    expect(nameOf('How We Shipped It')).toBeNull();
  });

  it('refuses talk titles and programme slots', () => {
    for (const title of [
      'Introduction to Rust',
      'Lunch Break',
      'Keynote',
      'TBA',
      'Opening Remarks',
      'Fearless Refactoring Patterns',
      'Lessons Learned',
      'Scaling Teams',
    ]) {
      expect(nameOf(title, true), title).toBeNull();
    }
  });

  it('refuses organizations and job titles', () => {
    for (const text of [
      'Green Meadow GmbH',
      'Raspberry Pi Ltd',
      'Northwind Systems',
      'Principal Engineer',
      'CNCF Ambassador',
      'CEO',
      'Developer Advocate',
    ]) {
      expect(nameOf(text, true), text).toBeNull();
    }
  });
});

describe('reading a speaker cell', () => {
  it('splits lists joined by punctuation and by “and” in many languages', () => {
    const two = [
      'Anna Weber, Tom Becker',
      'Anna Weber; Tom Becker',
      'Anna Weber & Tom Becker',
      'Anna Weber and Tom Becker',
      'Anna Weber + Tom Becker',
      'Anna Weber / Tom Becker',
      'Anna Weber und Tom Becker',
      'Anna Weber et Tom Becker',
      'Anna Weber y Tom Becker',
      'Anna Weber e Tom Becker',
      'Anna Weber i Tom Becker',
      'Anna Weber og Tom Becker',
      'Anna Weber och Tom Becker',
      'Anna Weber en Tom Becker',
      'Anna Weber и Tom Becker',
    ];
    for (const cell of two)
      expect(
        readPeople(cell)?.map((p) => p.name),
        cell,
      ).toEqual(['Anna Weber', 'Tom Becker']);
    expect(readPeople('佐藤花子と田中一郎')?.map((p) => p.name)).toEqual(['佐藤花子', '田中一郎']);
  });

  it('keeps a conjunction that is part of a name inside it', () => {
    expect(readPeople('José Ortega y Gasset')?.map((p) => p.name)).toEqual(['José Ortega y Gasset']);
  });

  it('gives each person’s offset in the caller’s document', () => {
    const people = readPeople('Anna Weber & Dr. Tom Becker', { offset: 10 });
    expect(people?.map((p) => p.offset)).toEqual([10, 27]);
  });

  it('reads an organization in parentheses, after “at”, “from”, a dash or a bar', () => {
    for (const cell of [
      'Greta Lindahl (Northwind Systems)',
      'Greta Lindahl at Northwind Systems',
      'Greta Lindahl from Northwind Systems',
      'Greta Lindahl - Northwind Systems',
      'Greta Lindahl | Northwind Systems',
    ]) {
      expect(peopleOf(cell), cell).toEqual([
        { name: 'Greta Lindahl', organization: 'Northwind Systems', role: null },
      ]);
    }
  });

  it('a company after a comma is an affiliation, not a second speaker', () => {
    expect(peopleOf('Greta Lindahl, Northwind Systems')).toEqual([
      { name: 'Greta Lindahl', organization: 'Northwind Systems', role: null },
    ]);
    expect(peopleOf('Greta Lindahl, Quillbridge')).toEqual([
      { name: 'Greta Lindahl', organization: 'Quillbridge', role: null },
    ]);
  });

  it('a person’s name after a comma is a second speaker', () => {
    expect(peopleOf('Greta Lindahl, Tom Becker')?.map((p) => p.name)).toEqual([
      'Greta Lindahl',
      'Tom Becker',
    ]);
  });

  it('reads a role beside the organization', () => {
    expect(peopleOf('Greta Lindahl, CTO, Northwind Systems')).toEqual([
      { name: 'Greta Lindahl', organization: 'Northwind Systems', role: 'CTO' },
    ]);
    expect(peopleOf('Greta Lindahl, Developer Advocate at Northwind')).toEqual([
      { name: 'Greta Lindahl', organization: 'Northwind', role: 'Developer Advocate' },
    ]);
    expect(peopleOf('Greta Lindahl (Staff Engineer, Northwind)')).toEqual([
      { name: 'Greta Lindahl', organization: 'Northwind', role: 'Staff Engineer' },
    ]);
  });

  it('reads two people when only the first has an organization', () => {
    expect(peopleOf('Lucía Romero at Blue Heron Ltd, Tom Becker')).toEqual([
      { name: 'Lucía Romero', organization: 'Blue Heron Ltd', role: null },
      { name: 'Tom Becker', organization: null, role: null },
    ]);
  });

  it('drops honorifics from every person in a list', () => {
    expect(readPeople('Prof. Kavita Rao & Dr. Meena S')?.map((p) => p.name)).toEqual([
      'Kavita Rao',
      'Meena S',
    ]);
  });

  it('reads single-word speakers when allowed', () => {
    expect(readPeople('Meera, Arjun', { allowSingleWord: true })?.map((p) => p.name)).toEqual([
      'Meera',
      'Arjun',
    ]);
  });

  it('skips a speaker label', () => {
    expect(readPeople('Speakers: Anna Weber, Tom Becker')?.map((p) => p.name)).toEqual([
      'Anna Weber',
      'Tom Becker',
    ]);
  });

  it('is null for a title or a sentence', () => {
    expect(readPeople('Introduction to Rust')).toBeNull();
    expect(readPeople('We will talk about memory safety and testing')).toBeNull();
    expect(readPeople('Lunch Break')).toBeNull();
    expect(readPeople('Rust and Go', { allowSingleWord: true })).toBeNull();
  });
});

describe('scoring a cell as a person’s name', () => {
  it('ranks names above titles, organizations and single words', () => {
    const name = personNameScore('Greta Lindahl');
    expect(name).toBeGreaterThan(0.7);
    expect(personNameScore('Greta Lindahl (Northwind Systems)')).toBeGreaterThan(0.5);
    expect(personNameScore('Lindahl')).toBeLessThan(name);
    for (const text of ['Introduction to Rust', 'Northwind Systems', '14:30']) {
      expect(personNameScore(text), text).toBeLessThan(0.1);
    }
  });
});

describe('organizations and job titles', () => {
  it('recognises company suffixes and organization words', () => {
    expect(looksLikeOrganization('Green Meadow GmbH')).toBe(true);
    expect(looksLikeOrganization('Acme S.A.')).toBe(true);
    expect(looksLikeOrganization('University of Somewhere')).toBe(true);
    expect(looksLikeOrganization('Northwind Systems')).toBe(true);
    expect(looksLikeOrganization('example.io')).toBe(true);
    expect(looksLikeOrganization('Greta Lindahl')).toBe(false);
    expect(looksLikeOrganization('Principal Engineer')).toBe(false);
  });

  it('recognises job titles in any arrangement of role words', () => {
    for (const title of [
      'Principal Engineer',
      'CNCF Ambassador',
      'CEO',
      'Developer Advocate',
      'Head of Engineering',
    ]) {
      expect(looksLikeJobTitle(title), title).toBe(true);
    }
    expect(looksLikeJobTitle('Greta Lindahl')).toBe(false);
    expect(looksLikeJobTitle('Northwind Systems')).toBe(false);
  });
});

describe('profile links', () => {
  it('reads a user from each network', () => {
    expect(profileFromUrl('https://github.com/octo-user')).toEqual({
      network: 'github',
      handle: 'octo-user',
    });
    expect(profileFromUrl('https://WWW.GitHub.com/octo-user/')).toEqual({
      network: 'github',
      handle: 'octo-user',
    });
    expect(profileFromUrl('https://twitter.com/someone?lang=en')).toEqual({
      network: 'twitter',
      handle: 'someone',
    });
    expect(profileFromUrl('https://x.com/someone/')).toEqual({ network: 'twitter', handle: 'someone' });
    expect(profileFromUrl('https://fosstodon.example/@someone')).toEqual({
      network: 'mastodon',
      handle: '@someone@fosstodon.example',
    });
    expect(profileFromUrl('https://www.linkedin.com/in/greta-lindahl-42/')).toEqual({
      network: 'linkedin',
      handle: 'greta-lindahl-42',
    });
    expect(profileFromUrl('https://bsky.app/profile/greta.example.social')).toEqual({
      network: 'bluesky',
      handle: 'greta.example.social',
    });
    expect(profileFromUrl('gitlab.com/someone')).toEqual({ network: 'gitlab', handle: 'someone' });
  });

  it('is null for repositories, site pages and share links', () => {
    for (const url of [
      'https://github.com/octo-user/some-repo',
      'https://github.com/orgs/some-org',
      'https://github.com/features',
      'https://github.com/topics/rust',
      'https://twitter.com/intent/tweet?text=hi',
      'https://twitter.com/share',
      'https://x.com/hashtag/rust',
      'https://x.com/i/lists/1',
      'https://gitlab.com/someone/project',
      'https://example.com/about',
      'not a url',
    ]) {
      expect(profileFromUrl(url), url).toBeNull();
    }
  });
});

describe('stand-ins for names', () => {
  it('a lone function word of some language stands for the whole group, not a person', () => {
    for (const group of ['Alle', 'alle', 'Todos', 'Tous', 'Tutti', 'Everyone', 'TBA', 'N.N.'])
      expect(isPlaceholderName(group), group).toBe(true);
  });

  it('given names that are also function words somewhere, and names no list knows, are names', () => {
    for (const name of ['Jan', 'Will', 'Kim', 'Ana', 'Tom', 'Faycal', 'Varya', 'Anna Alle'])
      expect(isPlaceholderName(name), name).toBe(false);
  });
});

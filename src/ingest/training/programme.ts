// The truth a generated document renders: an event, its people (names in the forms programmes
// write them — honorifics, initials, particles, family name first or in capitals, nicknames, first
// names alone), its talks (titles from the language's grammar, kinds, abstracts, times, rooms,
// tracks) and the items of a programme that are not talks (breaks, a welcome, "to be announced",
// cancelled talks). Every name a person has in a document is decided here, once, so every layout
// writes the same person the same way and the gold file can say what a careful reader reads.
import { Faker } from '@faker-js/faker';
import {
  type BreakKind,
  englishFaker as fakerEN,
  internationalFakers,
  type LanguageProfile,
  type TalkKind,
  technologies,
} from './languages.js';
import { hashSeed, type Random } from './random.js';

export interface Person {
  id: string;
  /** ASCII, for ids, file names, URLs and handles. */
  slug: string;
  /** The parts as the document writes them (an initial, a family name in capitals). */
  given: string;
  family: string;
  /** The whole name as written: honorific, nickname and name order included. */
  written: string;
  /** What the gold file gives: the written name minus honorific and nickname. */
  gold: string;
  /** The written name with its nickname, when it has one (for `speakers_alt`). */
  goldAlt?: string;
  nickname?: string;
  /** A social handle without "@". */
  handle: string;
  organization?: string;
  role?: string;
}

export interface Talk {
  id: string;
  slug: string;
  title: string;
  kind: TalkKind;
  speakers: Person[];
  abstract: string;
  /** 0-based day of the event. */
  day: number;
  start: string;
  end: string;
  room: string;
  track: string;
  url: string;
  slides?: string;
  video?: string;
  cancelled: boolean;
}

export interface BreakItem {
  id: string;
  category: BreakKind | 'tba';
  label: string;
  day: number;
  start: string;
  end: string;
  /** A break in one room only (most span every room). */
  room?: string;
}

export type Entry = { type: 'talk'; talk: Talk } | { type: 'break'; item: BreakItem };

export interface EventInfo {
  name: string;
  year: number;
  city: string;
  url: string;
  /** Start of each day, UTC midnight. */
  dates: Date[];
  meetup: boolean;
}

export interface Programme {
  language: LanguageProfile;
  event: EventInfo;
  rooms: string[];
  tracks: string[];
  /** Talks and other items in time order; parallel talks of one slot are consecutive. */
  entries: Entry[];
  /** Talks that take place (not cancelled), in entry order. */
  talks: Talk[];
  people: Person[];
}

export interface ProgrammeOptions {
  talks: readonly [number, number];
  days?: readonly [number, number];
  rooms?: readonly [number, number];
  /** Breaks, welcome, registration, closing. */
  breaks?: boolean;
  /** A meetup: an evening, one room, maybe first names only. */
  meetup?: boolean;
  /** Probability that the programme has a cancelled talk; and a "TBA" slot. */
  cancelled?: number;
  tba?: number;
  /** How often a speaker has an organisation (0..1); undefined: decided per document. */
  organizations?: number;
}

/** How a document writes names; decided once per document. */
type NameForm =
  | 'plain'
  | 'upper-family'
  | 'family-first-upper'
  | 'family-first'
  | 'initial-given'
  | 'middle-initial'
  | 'first-only';

/** Honorifics that only a woman carries. */
const femaleHonorifics = new Set(['Dott.ssa ', 'Dra. ', 'Profa. ']);

const nicknames = ['Sam', 'Max', 'Jo', 'Kiki', 'Bea', 'Teo', 'Nico', 'Lu', 'Benji', 'Mo', 'Dani', 'Fox'];
const syllables = ['ka', 'to', 'mi', 'ra', 'no', 'shi', 'lu', 've', 'da', 'an', 'ko', 'ri', 'sa', 'el'];

/** Lower-case ASCII letters and digits of a text, accents removed, runs of others as `separator`. */
export function asciiSlug(text: string, separator: '-' | '' = '-'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator);
  return separator === '' ? slug : slug.replace(/^-+|(?<!-)-+$/g, '');
}

/**
 * Cities of a locale, drawn once: faker builds many of its city names from templates, which costs
 * more than the rest of a document; a pool of them is as varied as a programme needs. The pool has
 * a faker and seed of its own, so it is the same whichever document asks for it first.
 */
const cityPools = new Map<LanguageProfile, string[]>();

export function city(rng: Random, language: LanguageProfile): string {
  let pool = cityPools.get(language);
  if (!pool) {
    const faker = new Faker({ locale: language.faker.definitions, seed: hashSeed('cities', language.code) });
    pool = Array.from({ length: 60 }, () => faker.location.city());
    cityPools.set(language, pool);
  }
  return rng.pick(pool);
}

const nameLists = new Map<Faker, Map<string, readonly string[]>>();

/**
 * A first or family name from a faker locale's own lists, drawn with the document's random source
 * (faker's templated name builders cost more than the rest of a document).
 */
function nameFromLocale(
  rng: Random,
  faker: Faker,
  part: 'first_name' | 'last_name',
  sex: 'female' | 'male',
): string {
  let lists = nameLists.get(faker);
  if (!lists) {
    lists = new Map();
    nameLists.set(faker, lists);
  }
  const key = `${part} ${sex}`;
  let list = lists.get(key);
  if (!list) {
    const entry = faker.definitions.person[part] as
      | { generic?: string[]; female?: string[]; male?: string[] }
      | undefined;
    list = entry?.[sex] ?? entry?.generic ?? [];
    lists.set(key, list);
  }
  if (list.length > 0) return rng.pick(list);
  return part === 'first_name' ? faker.person.firstName(sex) : faker.person.lastName(sex);
}

export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

const isCaseless = (language: LanguageProfile) =>
  ['Han', 'Japanese', 'Hangul', 'Arabic', 'Hebrew', 'Devanagari'].includes(language.script);

/** Upper case for a family name; Greek capitals are written without accents. */
function upper(text: string, language: LanguageProfile): string {
  const capitals = text.toLocaleUpperCase(language.intl);
  return language.script === 'Greek'
    ? capitals.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')
    : capitals;
}

function capitalize(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase() + text.slice(char.length);
}

/** The people of one document: unique names in the document's forms. */
export class PeopleFactory {
  private readonly used = new Set<string>();
  private readonly usedGiven = new Set<string>();
  private count = 0;
  readonly form: NameForm;
  private readonly mixRate: number;
  private readonly honorificRate: number;
  private readonly nicknameRate: number;
  private readonly particleRate: number;
  private readonly internationalRate: number;
  readonly organizationRate: number;
  readonly nativeSpace: string;

  constructor(
    private readonly rng: Random,
    private readonly language: LanguageProfile,
    options: { meetup?: boolean; organizations?: number; form?: NameForm } = {},
  ) {
    const latin = language.script === 'Latin';
    const cased = !isCaseless(language);
    const forms: [NameForm, number][] = [['plain', 10]];
    if (cased) forms.push(['upper-family', 1.2], ['family-first-upper', 0.8], ['initial-given', 0.8]);
    if (latin) forms.push(['middle-initial', 0.8]);
    if (language.script === 'Cyrillic') forms.push(['family-first', 3]);
    if (options.meetup && !['Han', 'Japanese', 'Hangul'].includes(language.script))
      forms.push(['first-only', 8]);
    this.form = options.form ?? rng.weighted(forms);
    this.mixRate = rng.pick([0, 0, 0.1, 0.25]);
    this.honorificRate = rng.pick([0, 0, 0, 0.15, 0.4]);
    this.nicknameRate = latin && this.form === 'plain' ? rng.pick([0, 0, 0, 0.1]) : 0;
    this.particleRate = language.particles.length > 0 ? rng.pick([0, 0.05, 0.15]) : 0;
    this.internationalRate = latin ? rng.pick([0, 0.1, 0.25, 0.4]) : rng.pick([0, 0, 0.1]);
    this.organizationRate = options.organizations ?? rng.pick([0, 0.5, 0.8, 1]);
    this.nativeSpace = rng.pick(language.nativeNameSpaces);
  }

  /** A new person, distinct from every other in the document. */
  create(): Person {
    for (let attempt = 0; ; attempt++) {
      const person = this.draw();
      const key = person.gold.toLowerCase();
      const givenKey = person.given.toLowerCase();
      if (
        attempt < 20 &&
        (this.used.has(key) || (this.form === 'first-only' && this.usedGiven.has(givenKey)))
      )
        continue;
      this.used.add(key);
      this.usedGiven.add(givenKey);
      return person;
    }
  }

  private draw(): Person {
    const rng = this.rng;
    const language = this.language;
    this.count += 1;
    const international = rng.chance(this.internationalRate);
    const faker: Faker = international
      ? language.script === 'Latin'
        ? rng.pick(internationalFakers)
        : fakerEN
      : language.faker;
    const foreignLatin = international && language.script !== 'Latin';
    const sex = rng.chance(0.5) ? 'female' : 'male';
    let given = nameFromLocale(rng, faker, 'first_name', sex);
    let family = nameFromLocale(rng, faker, 'last_name', sex);
    const native = !international || language.script === 'Latin';
    const cjk = native && ['Han', 'Japanese', 'Hangul'].includes(language.script);
    if (!international && rng.chance(this.particleRate) && language.particles.length > 0)
      family = `${rng.pick(language.particles)} ${family}`;

    let form: NameForm = rng.chance(this.mixRate)
      ? rng.pick<NameForm>(['plain', 'upper-family', 'initial-given'])
      : this.form;
    if (cjk || foreignLatin || (isCaseless(language) && native))
      form = form === 'first-only' ? 'first-only' : 'plain';
    if (cjk && form === 'first-only') form = 'plain';

    const slugSource = asciiSlug(`${given} ${family}`, '');
    const slug =
      slugSource.length >= 3
        ? asciiSlug(`${given} ${family}`)
        : `${rng.pick(syllables)}${rng.pick(syllables)}-${rng.pick(syllables)}${this.count}`;
    const handle =
      slugSource.length >= 3 ? slug.replace(/-/g, rng.pick(['', '_', ''])) : slug.replace(/-/g, '');

    let name: string;
    switch (form) {
      case 'upper-family':
        family = upper(family, language);
        name = `${given} ${family}`;
        break;
      case 'family-first-upper':
        family = upper(family, language);
        name = `${family} ${given}`;
        break;
      case 'family-first':
        name = `${family} ${given}`;
        break;
      case 'initial-given':
        given = `${[...given][0]}.`;
        name = `${given} ${family}`;
        break;
      case 'middle-initial': {
        const middle = String.fromCharCode(65 + rng.int(0, 25));
        given = `${given} ${middle}.`;
        name = `${given} ${family}`;
        break;
      }
      case 'first-only':
        family = '';
        name = given;
        break;
      default:
        name = cjk ? `${family}${this.nativeSpace}${given}` : `${given} ${family}`;
    }

    let written = name;
    let goldAlt: string | undefined;
    let nickname: string | undefined;
    if (form === 'plain' && !cjk && rng.chance(this.nicknameRate)) {
      nickname = rng.pick(nicknames);
      const quoted = rng.pick([`"${nickname}"`, `(${nickname})`, `‘${nickname}’`]);
      written = `${given} ${quoted} ${family}`;
      goldAlt = written;
    }
    const gold = name;
    if (form !== 'first-only' && rng.chance(this.honorificRate)) {
      const { prefix, suffix } = foreignLatin ? { prefix: ['Dr. '], suffix: [] } : language.honorifics;
      const all = [...prefix.map((p) => ({ p, s: '' })), ...suffix.map((s) => ({ p: '', s }))].filter(
        ({ p }) => sex === 'female' || !femaleHonorifics.has(p),
      );
      if (all.length > 0) {
        const { p, s } = rng.pick(all);
        written = `${p}${written}${s}`;
      }
    }
    const person: Person = {
      id: `p${this.count}`,
      slug,
      given,
      family,
      written,
      gold,
      handle,
    };
    if (goldAlt) person.goldAlt = goldAlt;
    if (nickname) person.nickname = nickname;
    if (rng.chance(this.organizationRate)) {
      person.organization = this.organization(international && !foreignLatin ? faker : language.faker);
      if (rng.chance(0.4)) person.role = rng.pick(language.roles);
    }
    return person;
  }

  private organization(faker: Faker): string {
    const language = this.language;
    const template = this.rng.pick(language.organizations);
    return fillTemplate(template, {
      family: nameFromLocale(this.rng, faker, 'last_name', 'male'),
      city: city(this.rng, language),
      word: this.rng.pick(language.words),
    });
  }
}

function pickTechnologies(rng: Random): [string, string] {
  // Two distinct ones without shuffling the whole list (titles draw them thousands of times).
  const first = rng.int(0, technologies.length - 1);
  let second = rng.int(0, technologies.length - 2);
  if (second >= first) second += 1;
  return [technologies[first] as string, technologies[second] as string];
}

/** Talk titles from the language's grammar, distinct within a document. */
export class TitleFactory {
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly language: LanguageProfile,
    private readonly english: LanguageProfile,
    /** Share of titles in English in a programme in another language. */
    private readonly englishRate: number,
  ) {}

  create(): string {
    for (let attempt = 0; ; attempt++) {
      const grammar = this.rng.chance(this.englishRate) ? this.english : this.language;
      const title = this.fill(this.rng.pick(grammar.titles), grammar);
      if (!this.used.has(title.toLowerCase()) || attempt > 30) {
        this.used.add(title.toLowerCase());
        return title;
      }
    }
  }

  private fill(template: string, grammar: LanguageProfile): string {
    const rng = this.rng;
    const [t, u] = pickTechnologies(rng);
    const domain = rng.pick(grammar.domains);
    const text = fillTemplate(grammar.script === 'Hangul' ? koreanTemplate(template, domain) : template, {
      T: t,
      U: u,
      D: domain,
      N: rng.int(3, 12),
      V: rng.pick([`${rng.int(1, 9)}.${rng.int(0, 9)}`, `${rng.int(2, 25)}`, `${rng.int(1, 4)}.0`]),
    });
    // A title that starts with a domain phrase starts with a capital; one that starts with a
    // technology keeps its spelling ("pandas", "eBPF").
    return template.startsWith('{D}') && ['Latin', 'Cyrillic', 'Greek'].includes(grammar.script)
      ? capitalize(text)
      : text;
  }

  /** 1–3 sentences in the language about the talk. */
  abstract(language: LanguageProfile = this.language): string {
    const rng = this.rng;
    const [t, u] = pickTechnologies(rng);
    const sentences = rng.sample(language.abstracts, rng.int(1, 3));
    return sentences
      .map((s) => {
        const domain = rng.pick(language.domains);
        return fillTemplate(language.script === 'Hangul' ? koreanTemplate(s, domain) : s, {
          T: t,
          U: u,
          D: domain,
        });
      })
      .join(' ');
  }
}

/** Pairs of Korean particles: after a syllable with a final consonant, and after one without. */
const particlePairs: Record<string, readonly [string, string]> = {
  를: ['을', '를'],
  을: ['을', '를'],
  와: ['과', '와'],
  과: ['과', '와'],
  는: ['은', '는'],
  은: ['은', '는'],
};

/**
 * A Korean template whose particle after the domain phrase agrees with the phrase's last syllable
 * (캐싱을, 보안과): the grammar writes one form, the phrase decides.
 */
export function koreanTemplate(template: string, domain: string): string {
  const last = domain.charCodeAt(domain.length - 1);
  if (last < 0xac00 || last > 0xd7a3) return template;
  const final = (last - 0xac00) % 28 !== 0;
  return template.replace(/\{D\}(를|을|와|과|는|은)/g, (_, particle: string) => {
    const [after, bare] = particlePairs[particle] ?? [particle, particle];
    return `{D}${final ? after : bare}`;
  });
}

const kindDurations: Record<TalkKind, readonly number[]> = {
  talk: [25, 30, 40, 45],
  keynote: [45, 60],
  lightning: [5, 10],
  panel: [45, 60],
  workshop: [90, 120],
};

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function distinctNames(rng: Random, templates: readonly string[], count: number): string[] {
  const names: string[] = [];
  const letters = 'ABCDEFGH';
  let attempt = 0;
  while (names.length < count && attempt < 50) {
    attempt += 1;
    const n = names.length + 1;
    const name = fillTemplate(rng.pick(templates), { n, L: letters[names.length] ?? 'Z' });
    if (!names.includes(name)) names.push(name);
  }
  while (names.length < count) names.push(`${names.length + 1}`);
  return names;
}

export function eventName(
  rng: Random,
  language: LanguageProfile,
  meetup: boolean,
  year: number,
  city: string,
) {
  const template = rng.pick(meetup ? language.meetups : language.events);
  return fillTemplate(template, { tech: rng.pick(technologies), year, city, n: rng.int(2, 60) });
}

export function createProgramme(
  rng: Random,
  language: LanguageProfile,
  english: LanguageProfile,
  options: ProgrammeOptions,
): Programme {
  const meetup = options.meetup ?? false;
  // A meetup is an evening of a few talks.
  const talkCount = Math.min(rng.int(options.talks[0], options.talks[1]), meetup ? 8 : 40);
  let days = meetup ? 1 : rng.int(...(options.days ?? [1, 2]));
  let roomCount = meetup
    ? 1
    : Math.min(rng.int(...(options.rooms ?? [1, 3])), Math.max(1, Math.floor(talkCount / 3)));
  // A day holds about nine slots per room: more talks take more days, then more rooms.
  while (!meetup && days * roomCount * 9 < talkCount) {
    if (days < 3) days += 1;
    else roomCount += 1;
  }
  const year = rng.int(2014, 2025);
  const cityName = city(rng, language);
  const start = Date.UTC(year, rng.int(0, 11), rng.int(1, 25));
  const dates = Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000));
  const name = eventName(rng, language, meetup, year, cityName);
  const event: EventInfo = {
    name,
    year,
    city: cityName,
    url: `https://${asciiSlug(name).replace(/-/g, '') || 'event'}.example.org`,
    dates,
    meetup,
  };
  const rooms = distinctNames(rng, language.rooms, roomCount);
  const tracks = rng.sample(language.tracks, Math.min(language.tracks.length, rng.int(2, 4)));

  const people = new PeopleFactory(rng, language, { meetup, organizations: options.organizations });
  const titles = new TitleFactory(
    rng,
    language,
    english,
    language.code === 'en' ? 0 : rng.pick([0, 0, 0.15, 0.4]),
  );
  const everyone: Person[] = [];
  const slugs = new Set<string>();
  const newTalk = (index: number, kind: TalkKind): Talk => {
    const speakerCount =
      kind === 'panel'
        ? rng.int(2, 4)
        : rng.weighted<number>([
            [1, 80],
            [2, 15],
            [3, 5],
          ]);
    const speakers: Person[] = [];
    while (speakers.length < speakerCount) {
      const reuse = everyone.length > 2 && rng.chance(0.08);
      const person = reuse ? rng.pick(everyone) : people.create();
      if (speakers.includes(person)) continue;
      if (!reuse) everyone.push(person);
      speakers.push(person);
    }
    const title = titles.create();
    // Slugs name files and keys: distinct, and never empty (titles in other scripts have few ASCII letters).
    let slug = asciiSlug(title)
      .slice(0, 60)
      .replace(/(?<!-)-+$/, '');
    if (slug.length < 3 || slugs.has(slug))
      slug = slug.length < 3 ? `talk-${index + 1}` : `${slug}-${index + 1}`;
    slugs.add(slug);
    return {
      id: `${rng.int(100, 999)}${index}`,
      slug,
      title,
      kind,
      speakers,
      abstract: titles.abstract(),
      day: 0,
      start: '',
      end: '',
      room: rooms[0] as string,
      track: rng.pick(tracks),
      url: `${event.url}/talks/${slug}`,
      slides: rng.chance(0.5) ? `https://slides.example.org/${speakers[0]?.handle}/${slug}.pdf` : undefined,
      video: rng.chance(0.4) ? `https://video.example.org/watch?v=${rng.seed().toString(36)}` : undefined,
      cancelled: false,
    };
  };

  const kinds: TalkKind[] = [];
  for (let i = 0; i < talkCount; i++) {
    kinds.push(
      i === 0 && !meetup && rng.chance(0.5)
        ? 'keynote'
        : rng.weighted<TalkKind>([
            ['talk', 80],
            ['lightning', meetup ? 12 : 6],
            ['panel', meetup ? 1 : 4],
            ['workshop', meetup ? 1 : 6],
            ['keynote', meetup ? 0 : 2],
          ]),
    );
  }
  const talks = kinds.map((kind, index) => newTalk(index, kind));
  // A cancelled talk keeps its speakers and title; it is marked in the document and is not a talk.
  if (talks.length > 3 && rng.chance(options.cancelled ?? 0)) {
    const cancelled = rng.pick(talks.slice(1));
    cancelled.cancelled = true;
  }

  const entries: Entry[] = [];
  let breakCount = 0;
  const addBreak = (category: BreakKind | 'tba', day: number, from: number, minutes: number) => {
    breakCount += 1;
    const label = category === 'tba' ? rng.pick(language.tba) : rng.pick(language.breaks[category]);
    entries.push({
      type: 'break',
      item: { id: `b${breakCount}`, category, label, day, start: clock(from), end: clock(from + minutes) },
    });
  };
  const withBreaks = options.breaks ?? true;
  const perDay = Math.ceil(talks.length / days);
  let next = 0;
  let tbaLeft = rng.chance(options.tba ?? 0) ? 1 : 0;
  for (let day = 0; day < days; day++) {
    let now = meetup
      ? rng.pick([18 * 60, 18 * 60 + 30, 19 * 60])
      : rng.pick([8 * 60 + 30, 9 * 60, 9 * 60 + 30]);
    if (withBreaks && day === 0 && rng.chance(0.6)) {
      addBreak('registration', day, now, 30);
      now += 30;
    }
    if (withBreaks && rng.chance(0.5)) {
      addBreak('welcome', day, now, 15);
      now += 15;
    }
    const dayTalks = talks.slice(next, next + perDay);
    next += dayTalks.length;
    let slotsSinceBreak = 0;
    let lunched = false;
    for (let i = 0; i < dayTalks.length; ) {
      // Keynotes take the whole slot; other talks run in parallel rooms.
      const first = dayTalks[i] as Talk;
      const width = first.kind === 'keynote' ? 1 : rooms.length;
      const slot = dayTalks.slice(i, i + width);
      const minutes = Math.max(...slot.map((t) => rng.pick(kindDurations[t.kind])));
      slot.forEach((talk, r) => {
        talk.day = day;
        talk.start = clock(now);
        talk.end = clock(now + minutes);
        talk.room = rooms[r] as string;
        entries.push({ type: 'talk', talk });
      });
      if (tbaLeft > 0 && slot.length < rooms.length && rng.chance(0.7)) {
        tbaLeft -= 1;
        addBreak('tba', day, now, minutes);
        const last = entries[entries.length - 1];
        if (last?.type === 'break') last.item.room = rooms[slot.length];
      }
      i += slot.length;
      now += minutes + rng.pick([0, 5, 10]);
      slotsSinceBreak += 1;
      if (!withBreaks || i >= dayTalks.length) continue;
      if (!lunched && !meetup && now >= 12 * 60) {
        addBreak('lunch', day, now, 60);
        now += 60;
        lunched = true;
        slotsSinceBreak = 0;
      } else if (slotsSinceBreak >= 2 && rng.chance(0.6)) {
        addBreak(meetup ? 'networking' : 'coffee', day, now, meetup ? 20 : 30);
        now += meetup ? 20 : 30;
        slotsSinceBreak = 0;
      }
    }
    if (tbaLeft > 0 && day === days - 1) {
      tbaLeft -= 1;
      addBreak('tba', day, now, 30);
      now += 30;
    }
    if (withBreaks && rng.chance(0.5)) addBreak(rng.pick<BreakKind>(['closing', 'networking']), day, now, 30);
  }

  return {
    language,
    event,
    rooms,
    tracks,
    entries,
    talks: talks.filter((t) => !t.cancelled),
    people: everyone,
  };
}

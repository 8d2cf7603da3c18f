// Examples for the person-name model, generated deterministically from a seed: people's names in
// the forms documents write them (given and family name either way round, upper-case family names,
// initials, particles, honorifics in many languages, nicknames, handles, Chinese, Japanese and
// Korean with and without spaces) from the name lists of faker's ~70 locales; and strings that are
// not one person's name: faker's other data in every locale (companies, products, job titles,
// places, books, songs, words, catch phrases), talk titles, event names, programme items, job titles
// and organizations composed from the word lists below in many languages, lists of two names, names
// with their affiliation, and sentences. Nothing here comes from ../shared: the corpus stays unseen.
//
// Held out: 15% of every name list and of the composed negatives never reach the fit; the held-out
// examples are made from them alone, so the reported accuracy is on names and strings not trained on.

import { Faker } from '@faker-js/faker';
import { type Example, type LogisticModel, probability, train } from '../model/logistic.js';
import { isEnglishWord } from '../topics/parts-of-speech.js';
import { languageProfile, languages } from '../training/languages.js';
import { TitleFactory } from '../training/programme.js';
import { Random } from '../training/random.js';
import { fakerLocales, fakerNameLists, registryNames, stringHash, trainingLexicon } from './lexicon.js';
import { type NameCandidate, nameFeatures, orderFeatures, readCandidate } from './name-features.js';
import { cjkScripts } from './name-syntax.js';

export type Split = 'train' | 'test';

export interface NameExample {
  text: string;
  label: 0 | 1;
  weight: number;
  /** Which generator made it (for reports). */
  source: string;
  /** For names of two or more parts: is the family name written first? */
  familyFirst?: boolean;
}

/** Whether a list entry or a composed string belongs to the held-out part. */
export const isHeldOut = (text: string) => stringHash(`split:${text}`) % 100 < 15;
const inSplit = (text: string, split: Split) => isHeldOut(text) === (split === 'test');

/** Seeded choices, drawn through faker's generator so that one seed gives one set of examples. */
class Draw {
  constructor(readonly faker: Faker) {}
  int(n: number): number {
    return this.faker.number.int({ min: 0, max: n - 1 });
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < p;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let at = this.faker.number.float({ min: 0, max: total });
    for (const [value, w] of entries) {
      at -= w;
      if (at <= 0) return value;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }
}

// --- name lists ---

interface LocaleNames {
  locale: string;
  given: string[];
  family: string[];
  middle: string[];
  /** faker's honorifics for the locale, and the ones written after a name. */
  prefixes: string[];
}

/** Locales that write the family name first. */
const familyFirstLocales = new Set(['ja', 'ko', 'zh_CN', 'zh_TW', 'hu', 'vi']);
/** Locales that write a name without a space between its parts. */
const unspacedLocales = new Set(['ko', 'zh_CN', 'zh_TW']);
const cjkLocales = new Set(['ja', 'ko', 'zh_CN', 'zh_TW']);

/** Honorifics written before a name, by language, beside faker's own (name syntax, not vocabulary). */
const prefixHonorifics: Record<string, string[]> = {
  en: ['Dr.', 'Dr', 'Prof.', 'Professor', 'Mr.', 'Mr', 'Mrs.', 'Ms.', 'Ms', 'Mx.', 'Sir', 'Dame', 'Rev.'],
  de: ['Dr.', 'Prof.', 'Prof. Dr.', 'Herr', 'Frau', 'Dr.-Ing.', 'Dipl.-Ing.', 'Dr. med.', 'Mag.'],
  fr: ['M.', 'Mme', 'Mlle', 'Dr', 'Pr', 'Me'],
  es: ['Sr.', 'Sra.', 'Srta.', 'Dr.', 'Dra.', 'D.', 'Dña.', 'Prof.'],
  it: ['Dott.', 'Dott.ssa', 'Ing.', 'Prof.', 'Prof.ssa', 'Avv.', 'Sig.', 'Sig.ra', 'Arch.'],
  pt: ['Sr.', 'Sra.', 'Dr.', 'Dra.', 'Prof.', 'Profa.', 'Eng.'],
  nl: ['dhr.', 'mevr.', 'ir.', 'drs.', 'dr.', 'prof.'],
  pl: ['dr', 'prof.', 'mgr', 'inż.', 'Pan', 'Pani', 'dr hab.'],
  cyrillic: ['д-р', 'проф.', 'г-н', 'г-жа', 'акад.', 'доц.'],
  el: ['Δρ.', 'Καθ.', 'κ.', 'κα'],
  ar: ['د.', 'د. ', 'الدكتور', 'أ.د.', 'م.', 'السيد', 'السيدة', 'الأستاذ', 'الشيخ'],
  he: ['ד"ר', 'ד״ר', "פרופ'", 'מר', "גב'", 'עו"ד'],
  fa: ['دکتر', 'آقای', 'خانم', 'مهندس'],
  ur: ['ڈاکٹر', 'محترم', 'محترمہ'],
  deva: ['श्री', 'श्रीमती', 'डॉ.', 'प्रो.', 'सुश्री'],
};
/** Honorifics written after a name in Japanese, Chinese and Korean. */
const suffixHonorifics: Record<string, string[]> = {
  ja: ['さん', '様', '氏', '先生', '教授', '博士', 'くん', 'ちゃん'],
  zh_CN: ['先生', '女士', '教授', '博士', '老师'],
  zh_TW: ['先生', '女士', '教授', '博士', '老師'],
  ko: ['님', '씨', '교수', '박사', '선생님'],
};

function honorificGroup(locale: string): string | null {
  const language = locale.split('_')[0] as string;
  if (['ru', 'uk', 'mk', 'sr', 'bg'].includes(language) || locale === 'mn_MN_cyrl') return 'cyrillic';
  if (language === 'ne') return 'deva';
  if (language === 'nl') return 'nl';
  if (language in prefixHonorifics) return language;
  return null;
}

/** Particles between the given and the family name, by language. */
const particleForms: Record<string, string[]> = {
  nl: ['van', 'van der', 'van den', 'van de', 'de', 'ter', 'ten'],
  de: ['von', 'von der', 'vom', 'zu'],
  fr: ['de', 'du', 'de la', "d'"],
  es: ['de', 'del', 'de la', 'de los'],
  pt: ['da', 'de', 'do', 'dos', 'das'],
  it: ['di', 'de', 'del', 'della', 'da', "d'"],
  sv: ['af', 'von'],
  da: ['af', 'von'],
  nb: ['af', 'von'],
  ar: ['بن', 'بنت', 'ابن', 'آل', 'أبو'],
  fa: ['بن'],
  he: ['בן', 'בת'],
};
/** Arabic particles as written in Latin letters, joined to any name. */
const latinArabicParticles = ['bin', 'binti', 'ibn', 'al-', 'el-', 'abu', 'bint'];

function localeNames(split: Split): LocaleNames[] {
  const locales = fakerLocales();
  const lists: LocaleNames[] = [];
  for (const { locale, given, family } of fakerNameLists()) {
    const keep = (list: string[]) => [...new Set(list)].filter((n) => n.trim() && inSplit(n, split));
    const g = keep(given);
    const f = keep(family);
    if (g.length < 5 || f.length < 3) continue;
    const person = (locales as Record<string, { person?: Record<string, unknown> }>)[locale]?.person;
    const middle = keep(Object.values((person?.middle_name as Record<string, string[]>) ?? {}).flat());
    const prefixes = Object.values((person?.prefix as Record<string, string[]> | null) ?? {}).flat();
    lists.push({ locale, given: g, family: f, middle, prefixes });
  }
  return lists;
}

const hasCase = (text: string) => text.toLowerCase() !== text.toUpperCase();
const initialOf = (name: string) => Array.from(name)[0]?.toUpperCase() ?? '';

// --- positives ---

type NameForm =
  | 'given-family'
  | 'family-given'
  | 'FAMILY-given'
  | 'given-FAMILY'
  | 'ALL-CAPS'
  | 'initials'
  | 'family-initials'
  | 'middle'
  | 'patronymic-first'
  | 'double-family'
  | 'hyphenated'
  | 'particle'
  | 'suffix'
  | 'lowercase'
  | 'single'
  | 'cjk';

/**
 * Given names of the civil registries, capitalised, for names in Latin letters: without them every
 * name the fit saw would be one faker lists, and a name only a registry knows would look like the
 * ordinary words registries also hold.
 */
let registryGiven: { split: Split; names: string[] } | null = null;

function registryGivenNames(split: Split): string[] {
  if (registryGiven?.split !== split) {
    const names = registryNames()
      .filter((n) => inSplit(n, split))
      .map((n) => n.replace(/(^|[\s-])(\p{Ll})/gu, (_, a: string, b: string) => a + b.toUpperCase()));
    registryGiven = { split, names: [...new Set(names)].sort() };
  }
  return registryGiven.names;
}

/**
 * Family names that are also English words (Baker, Storm, Green, Hardy): common in the documents
 * read, rarer in faker's lists; without more of them the fit would learn that an English word is
 * never a surname.
 */
let wordSurnames: { split: Split; names: string[] } | null = null;

function wordSurnamesOf(split: Split): string[] {
  if (wordSurnames?.split !== split) {
    const names = new Set<string>();
    for (const { family } of fakerNameLists())
      for (const name of family)
        if (/^\p{sc=Latin}+$/u.test(name) && inSplit(name, split) && isEnglishWord(name.toLowerCase()))
          names.add(name);
    wordSurnames = { split, names: [...names].sort() };
  }
  return wordSurnames.names;
}

function positiveName(draw: Draw, names: LocaleNames, split: Split): NameExample {
  const { locale } = names;
  const language = locale.split('_')[0] as string;
  const latin = /^\p{sc=Latin}/u.test(names.given[0] ?? '');
  const given = latin && draw.chance(0.25) ? draw.pick(registryGivenNames(split)) : draw.pick(names.given);
  const family = latin && draw.chance(0.12) ? draw.pick(wordSurnamesOf(split)) : draw.pick(names.family);
  const cased = hasCase(given + family);
  const cjk = cjkLocales.has(locale);
  const nativeFamilyFirst = familyFirstLocales.has(locale);
  const forms: [NameForm, number][] = cjk
    ? [
        ['cjk', 20],
        ['single', 2],
      ]
    : [
        [nativeFamilyFirst ? 'family-given' : 'given-family', 30],
        [nativeFamilyFirst ? 'given-family' : 'family-given', 5],
        ['middle', language === 'ru' || language === 'uk' ? 6 : 3],
        ['particle', particleForms[language] ? 5 : 2],
        ['double-family', language === 'es' || language === 'pt' ? 6 : 1],
        ['hyphenated', 2],
        ['single', 6],
      ];
  if (cased && !cjk) {
    forms.push(
      ['FAMILY-given', 5],
      ['given-FAMILY', 4],
      ['ALL-CAPS', 3],
      ['initials', 7],
      ['family-initials', 1],
      ['suffix', language === 'en' ? 2 : 0.3],
      ['lowercase', 1],
    );
  }
  if (language === 'ru' || language === 'uk') forms.push(['patronymic-first', 2]);
  const form = draw.weighted(forms);
  const other = () => draw.pick(names.given);
  let text: string;
  let familyFirst: boolean | undefined;
  let weight = 1;
  switch (form) {
    case 'given-family':
      text = `${given} ${family}`;
      familyFirst = false;
      break;
    case 'family-given':
      text = `${family} ${given}`;
      familyFirst = true;
      break;
    case 'FAMILY-given':
      text = `${family.toUpperCase()} ${given}`;
      familyFirst = true;
      break;
    case 'given-FAMILY':
      text = `${given} ${family.toUpperCase()}`;
      familyFirst = false;
      break;
    case 'ALL-CAPS':
      familyFirst = draw.chance(0.3);
      text = (familyFirst ? `${family} ${given}` : `${given} ${family}`).toUpperCase();
      break;
    case 'initials': {
      const second = initialOf(other());
      const first = initialOf(given);
      text = draw.weighted([
        [`${first}. ${family}`, 3],
        [`${first}. ${second}. ${family}`, 3],
        [`${first}.${second}. ${family}`, 2],
        [`${first}. ${second}.${family}`, 0.5],
        [`${first} ${family}`, 1],
        [`${given} ${second}. ${family}`, 4],
        [`${given} ${second} ${family}`, 1],
        [`${first}.${second}.${initialOf(other())}. ${family}`, 0.5],
      ]);
      familyFirst = false;
      break;
    }
    case 'family-initials':
      text = draw.chance(0.5)
        ? `${family} ${initialOf(given)}.`
        : `${family} ${initialOf(given)}${initialOf(other())}`;
      familyFirst = true;
      break;
    case 'middle': {
      const middle = names.middle.length > 0 && draw.chance(0.7) ? draw.pick(names.middle) : other();
      text = nativeFamilyFirst ? `${family} ${given} ${middle}` : `${given} ${middle} ${family}`;
      familyFirst = nativeFamilyFirst;
      break;
    }
    case 'patronymic-first': {
      const middle = names.middle.length > 0 ? draw.pick(names.middle) : other();
      text = `${family} ${given} ${middle}`;
      familyFirst = true;
      break;
    }
    case 'double-family':
      text = draw.chance(0.2)
        ? `${given} ${family} y ${draw.pick(names.family)}`
        : `${given} ${family} ${draw.pick(names.family)}`;
      familyFirst = false;
      break;
    case 'hyphenated':
      text = draw.chance(0.5)
        ? `${given}-${other()} ${family}`
        : `${given} ${family}-${draw.pick(names.family)}`;
      familyFirst = false;
      break;
    case 'particle': {
      const local = particleForms[language];
      const useLocal = local && draw.chance(0.75);
      if (useLocal) {
        const particle = draw.pick(local);
        text = particle.endsWith("'") ? `${given} ${particle}${family}` : `${given} ${particle} ${family}`;
        if (draw.chance(0.2)) text = `${text} ${draw.pick(names.family)}`;
        if (
          particle === 'بن' ||
          particle === 'ابن' ||
          particle === 'بنت' ||
          particle === 'בן' ||
          particle === 'בת'
        )
          text = `${given} ${particle} ${other()}`;
      } else if (cased) {
        const particle = draw.pick(latinArabicParticles);
        text = particle.endsWith('-')
          ? `${given} ${draw.chance(0.3) ? particle[0]?.toUpperCase() + particle.slice(1) : particle}${family}`
          : `${given} ${particle} ${other()}`;
      } else {
        text = `${given} ${family}`;
      }
      familyFirst = false;
      break;
    }
    case 'suffix':
      text = `${given} ${family} ${draw.pick(['Jr.', 'Jr', 'Sr.', 'II', 'III', 'IV'])}`;
      familyFirst = false;
      break;
    case 'lowercase':
      text = `${given} ${family}`.toLowerCase();
      familyFirst = false;
      weight = 0.5;
      break;
    case 'single':
      text = draw.chance(0.6) ? given : family;
      break;
    case 'cjk': {
      familyFirst = true;
      const spaced =
        locale === 'ja' ? draw.chance(0.5) : unspacedLocales.has(locale) ? draw.chance(0.12) : true;
      text = spaced ? `${family}${draw.chance(0.15) ? '\u3000' : ' '}${given}` : `${family}${given}`;
      break;
    }
  }
  return { text, label: 1, weight, source: `name:${form}`, familyFirst };
}

/** Honorifics, nicknames, handles and degrees around a name. */
function decorate(draw: Draw, names: LocaleNames, example: NameExample): NameExample {
  const { locale } = names;
  const decoration = draw.weighted([
    ['none', 60],
    ['honorific', 14],
    ['nickname', 5],
    ['handle', 5],
    ['degree', 2],
  ] as const);
  if (decoration === 'none') return example;
  let text = example.text;
  const parts = text.split(' ');
  if (decoration === 'honorific') {
    const suffixes = suffixHonorifics[locale];
    if (suffixes && (example.source === 'name:cjk' || example.source === 'name:single')) {
      text = `${text}${draw.chance(0.3) ? ' ' : ''}${draw.pick(suffixes)}`;
    } else {
      const group = honorificGroup(locale);
      const choices = [...(group ? (prefixHonorifics[group] as string[]) : []), ...names.prefixes];
      if (choices.length === 0) choices.push('Dr.', 'Prof.');
      const prefix = draw.pick(choices);
      text = `${prefix}${prefix.endsWith(' ') ? '' : ' '}${text}`.replace(/\s+/gu, ' ');
      if (draw.chance(0.1) && group !== 'ar') text = `${draw.pick(['Prof.', 'Dr.'])} ${text}`;
    }
  } else if (decoration === 'nickname' && parts.length >= 2) {
    const nick = draw.chance(0.5) ? draw.pick(names.given) : draw.pick(names.given).toLowerCase().slice(0, 5);
    const [open, close] = draw.pick([
      ["'", "'"],
      ['"', '"'],
      ['“', '”'],
      ['‘', '’'],
      ['«', '»'],
      ['„', '“'],
      ['(', ')'],
      ['(', ')'],
    ] as const);
    text = `${parts[0]} ${open}${nick}${close} ${parts.slice(1).join(' ')}`;
  } else if (decoration === 'handle') {
    const handle = `${parts
      .map((p) => p.toLowerCase())
      .join(draw.pick(['', '_', '.']))
      .replace(/[^a-z0-9_.]/gu, '')}${draw.chance(0.3) ? draw.int(100) : ''}`;
    if (!handle) return example;
    text = draw.chance(0.7) ? `${text} (@${handle})` : `${text} @${handle}`;
  } else if (decoration === 'degree' && hasCase(text)) {
    text = `${text}${draw.pick([', PhD', ', Ph.D.', ' PhD', ', MD', ', MBA', ', MSc'])}`;
  }
  return { ...example, text, source: `${example.source}+${decoration}` };
}

// --- negatives: faker's other data ---

type FakerString = (faker: Faker) => string;

/** faker's data that is not a person's name (book authors and music artists are, so they are not here). */
const fakerNegatives: [string, FakerString, number][] = [
  ['company', (f) => f.company.name(), 6],
  ['catch-phrase', (f) => f.company.catchPhrase(), 2],
  ['buzz-phrase', (f) => f.company.buzzPhrase(), 2],
  ['product', (f) => f.commerce.productName(), 4],
  ['department', (f) => f.commerce.department(), 1],
  ['job-title', (f) => f.person.jobTitle(), 5],
  ['job-type', (f) => f.person.jobType(), 1],
  ['job-area', (f) => f.person.jobArea(), 1],
  ['city', (f) => f.location.city(), 5],
  ['street', (f) => f.location.street(), 2],
  ['country', (f) => f.location.country(), 2],
  ['state', (f) => f.location.state(), 1],
  ['book', (f) => f.book.title(), 3],
  ['book-genre', (f) => f.book.genre(), 0.5],
  ['publisher', (f) => f.book.publisher(), 0.5],
  ['song', (f) => f.music.songName(), 3],
  ['album', (f) => f.music.album(), 1],
  ['music-genre', (f) => f.music.genre(), 0.5],
  ['hacker', (f) => f.hacker.phrase(), 1],
  ['hacker-words', (f) => `${f.hacker.adjective()} ${f.hacker.noun()}`, 2],
  ['dish', (f) => f.food.dish(), 2],
  ['ingredient', (f) => f.food.ingredient(), 1],
  ['vehicle', (f) => f.vehicle.vehicle(), 1],
  ['manufacturer', (f) => f.vehicle.manufacturer(), 0.5],
  ['animal', (f) => f.animal.type(), 1],
  ['dog', (f) => f.animal.dog(), 0.5],
  ['element', (f) => f.science.chemicalElement().name, 0.5],
  ['colour', (f) => f.color.human(), 1],
  ['month', (f) => f.date.month(), 0.5],
  ['weekday', (f) => f.date.weekday(), 0.5],
  ['words', (f) => f.word.words({ count: { min: 1, max: 4 } }), 6],
  ['adjective-noun', (f) => `${f.word.adjective()} ${f.word.noun()}`, 4],
  ['noun', (f) => f.word.noun(), 2],
  ['lorem', (f) => f.lorem.words({ min: 1, max: 4 }), 2],
  ['sentence', (f) => f.lorem.sentence(), 1],
  ['airline', (f) => f.airline.airline().name, 0.5],
  ['airport', (f) => f.airline.airport().name, 0.5],
];

/** One faker per locale, seeded from the run's seed; made afresh by each run so runs never share state. */
const fakers = new Map<string, Faker>();
let fakerSeed = 0;

function localeFaker(locale: string): Faker {
  let faker = fakers.get(locale);
  if (!faker) {
    const locales = fakerLocales();
    faker = new Faker({ locale: [locales[locale as keyof typeof locales], locales.base] });
    faker.seed(fakerSeed * 100_003 + (stringHash(locale) % 100_000));
    fakers.set(locale, faker);
  }
  return faker;
}

/** Headings and cells are written in any case: as given, Title Case, UPPER or lower. */
function recase(draw: Draw, text: string): string {
  const style = draw.weighted([
    ['as-is', 55],
    ['title', 30],
    ['upper', 7],
    ['lower', 8],
  ] as const);
  if (style === 'title')
    return text.replace(/(^|[\s-])(\p{Ll})/gu, (_, a: string, b: string) => a + b.toUpperCase());
  if (style === 'upper') return text.toUpperCase();
  if (style === 'lower') return text.toLowerCase();
  return text;
}

// --- negatives: composed from word lists ---

/** Technologies talks are about. */
const technologies = (
  'Rust|Go|Python|Java|Kotlin|Swift|Ruby|Crystal|Julia|Elixir|Erlang|Haskell|Scala|Clojure|TypeScript|' +
  'JavaScript|Node.js|Deno|React|Vue|Svelte|Angular|Kubernetes|Docker|Terraform|Ansible|Kafka|Postgres|' +
  'PostgreSQL|MySQL|SQLite|Redis|GraphQL|gRPC|WebAssembly|Wasm|Linux|eBPF|LLVM|Spark|Flink|Airflow|PyTorch|' +
  'TensorFlow|LLMs|OpenTelemetry|Prometheus|Grafana|Nix|Zig|OCaml|Dart|Flutter|Android|iOS|Unity|Godot|Git|' +
  'Jenkins|Istio|Envoy|Cassandra|MongoDB|Elasticsearch|ClickHouse|DuckDB|Django|Rails|Laravel|Spring Boot|' +
  '.NET|C++|C#|PHP|Lua|Emacs|Vim|Bazel|Gradle|Maven|Helm|Argo CD|Backstage|Vault|Consul|Nomad|OpenStack|' +
  'Ceph|ZFS|FreeBSD|Raspberry Pi|Arduino|Jupyter|Pandas|NumPy|Polars|Arrow|Parquet|Iceberg|Delta Lake|' +
  'Snowflake|BigQuery|Tailwind|Next.js|Remix|Astro|HTMX|Electron|Tauri|Qt|GTK|Wayland|systemd|Tokio|Bevy'
).split('|');

const topicWords = (
  'Data|Science|Machine|Learning|Ops|Cloud|Native|Security|Testing|Performance|Observability|Systems|' +
  'Design|Architecture|Infrastructure|Platform|Engineering|Compilers|Concurrency|Memory|Safety|Streaming|' +
  'Analytics|Microservices|Serverless|Edge|Computing|Mobile|Web|Accessibility|Privacy|Open|Source|' +
  'Community|Leadership|Career|Culture|Teams|Productivity|Developer|Experience|Databases|Networking|' +
  'Automation|Reliability|Embedded|Robotics|Games|Graphics|Audio|Search|Quantum|Blockchain|Frontend|' +
  'Backend|APIs|Types|Functional|Programming|Parsing|Storage|Caching|Scheduling|Deployment|Migration|' +
  'Monitoring|Tracing|Logging|Incidents|Documentation|Onboarding|Mentoring|Hiring|Ethics|Sustainability|' +
  'Green|Energy|Hardware|Kernels|Drivers|Firmware|Interop|Tooling|Refactoring|Legacy|Modernization'
).split('|');

const adjectives = (
  'Modern|Fast|Safe|Scalable|Reliable|Practical|Effective|Fearless|Async|Distributed|Real-Time|Reactive|' +
  'Functional|Secure|Resilient|Better|Simple|Small|Big|Deep|Zero-Cost|Incremental|Hidden|Unexpected|' +
  'Boring|Lazy|Cheap|Hard|Hidden|Continuous|Declarative|Composable|Typed|Portable|Observable|Accessible|' +
  'Sustainable|Inclusive|Open|Native|Serverless|Immutable|Ephemeral|Tiny|Massive|Pragmatic|Advanced'
).split('|');

/** Talk titles in the languages programmes are written in: {T} a technology, {N} a topic, {A} an adjective. */
const titlePatterns: Record<string, string[]> = {
  en: [
    'Introduction to {T}',
    '{T} in Production',
    'Building {A} {N} with {T}',
    'Why {T}?',
    '{A} {N}',
    '{N} at Scale',
    'The Future of {N}',
    'Lessons Learned from {N}',
    'How We Migrated to {T}',
    '{T} for {N}',
    'Beyond {N}',
    'A Deep Dive into {T}',
    '{T}: The Good Parts',
    'Getting Started with {T}',
    '{T} vs {T2}',
    'From Zero to {T}',
    'Scaling {N} with {T}',
    '{A} {T}',
    'Hello, {T}',
    '{N} Without Tears',
    'State of {T}',
    '{T} Internals',
    "What's New in {T}",
    'Debugging {N}',
    '{T} Patterns',
    '{N} and {N2}',
    '{A} {N} in {T}',
    'Taming {N}',
    'Rethinking {N}',
    '{N} for Everyone',
    'Practical {T}',
    'The Art of {N}',
    'Writing {A} {T}',
    '{T} on the Edge',
    'Confessions of a {N} Engineer',
    'Ten Years of {T}',
    'We Rewrote It in {T}',
    '{N} Is Hard',
    'Let’s Talk About {N}',
    '{T} Beyond the Basics',
  ],
  de: [
    'Einführung in {T}',
    '{T} in der Praxis',
    '{T} für Einsteiger',
    'Was ist neu in {T}?',
    '{N} mit {T}',
    'Von {T} zu {T2}',
    'Warum {T}?',
    'Moderne {N} mit {T}',
    '{T} im Produktivbetrieb',
    'Praxisbericht: {T}',
    'Wie wir {T} einsetzen',
  ],
  fr: [
    'Introduction à {T}',
    '{T} en production',
    'Découvrir {T}',
    'Pourquoi {T} ?',
    '{T} pour les débutants',
    "Retour d'expérience sur {T}",
    'Les nouveautés de {T}',
    'De {T} à {T2}',
    '{N} avec {T}',
  ],
  es: [
    'Introducción a {T}',
    '{T} en producción',
    'Primeros pasos con {T}',
    '¿Por qué {T}?',
    '{N} con {T}',
    'De {T} a {T2}',
    'Novedades de {T}',
    'Aprendiendo {T}',
  ],
  pt: [
    'Introdução ao {T}',
    '{T} em produção',
    'Primeiros passos com {T}',
    'Por que {T}?',
    '{N} com {T}',
    'Novidades do {T}',
    'Aprendendo {T}',
  ],
  it: ['Introduzione a {T}', '{T} in produzione', 'Perché {T}?', '{N} con {T}', 'Novità di {T}'],
  nl: ['Introductie tot {T}', '{T} in productie', 'Waarom {T}?', 'Aan de slag met {T}'],
  pl: ['Wprowadzenie do {T}', '{T} na produkcji', 'Dlaczego {T}?'],
  ru: [
    'Введение в {T}',
    '{T} в продакшене',
    'Зачем нужен {T}',
    'Как мы перешли на {T}',
    '{T} для начинающих',
    'Опыт использования {T}',
  ],
  uk: ['Вступ до {T}', '{T} у продакшені', 'Чому {T}?'],
  el: ['Εισαγωγή στο {T}', '{T} στην παραγωγή', 'Γιατί {T};'],
  ja: [
    '{T}入門',
    '{T}で始める{Nja}',
    '{T}の未来',
    'はじめての{T}',
    '{T}による{Nja}',
    '{T}を本番環境で使う',
    '実践{T}',
    '{T}とは何か',
    '{Nja}のすすめ',
    '{Nja}入門',
  ],
  zh: [
    '{T}入门',
    '基于{T}的{Nzh}',
    '{T}实践',
    '{T}在生产环境中的应用',
    '深入理解{T}',
    '{T}的未来',
    '从零开始学{T}',
    '{Nzh}实践',
    '{Nzh}入门',
  ],
  ko: ['{T} 입문', '{T}로 시작하는 {Nko}', '{T} 실전', '{T}의 미래', '{T} 도입기', '{Nko} 이야기'],
  ar: ['مقدمة إلى {T}', '{T} في بيئة الإنتاج', 'لماذا {T}؟', 'تعلم {T}'],
  he: ['מבוא ל-{T}', '{T} בפרודקשן', 'למה {T}?'],
  hi: ['{T} का परिचय', '{T} के साथ शुरुआत', '{T} क्यों?', 'उत्पादन में {T}'],
  fa: ['مقدمه‌ای بر {T}', 'چرا {T}؟'],
};

const cjkTopics: Record<string, string[]> = {
  Nja: [
    'データ分析',
    '機械学習',
    '開発',
    '分散システム',
    '型システム',
    'テスト',
    '並行処理',
    '設計',
    '運用',
    '監視',
  ],
  Nzh: ['数据分析', '机器学习', '微服务', '分布式系统', '云原生', '性能优化', '架构设计', '开发', '数据库'],
  Nko: ['데이터 분석', '머신러닝', '개발', '분산 시스템', '테스트', '운영', '클라우드'],
};

/** Programme items that are not talks, in many languages. */
const programmeItems = (
  'Coffee Break|Lunch|Lunch Break|Registration|Keynote|Opening Keynote|Closing Keynote|Welcome|' +
  'Opening Remarks|Closing Remarks|Q&A|Panel Discussion|Lightning Talks|Networking|Happy Hour|Breakfast|' +
  'Dinner|Sponsor Talk|Break|Doors Open|Social Event|Awards|Wrap-up|Hallway Track|Workshop|Office Hours|' +
  'Poster Session|Unconference|TBA|TBD|Morning Break|Afternoon Break|Conference Party|Check-in|' +
  'Badge Pickup|Fireside Chat|Ask Me Anything|Community Hour|Welcome Reception|Closing Party|' +
  'Kaffeepause|Mittagspause|Mittagessen|Begrüßung|Eröffnung|Anmeldung|Registrierung|Abendveranstaltung|' +
  'Podiumsdiskussion|Pause|Fragerunde|Abschluss|Blitzvorträge|Pause café|Déjeuner|Accueil|Ouverture|' +
  'Clôture|Inscription|Table ronde|Questions-réponses|Mot de bienvenue|Soirée|Pausa café|Almuerzo|Comida|' +
  'Registro|Acreditación|Bienvenida|Apertura|Clausura|Mesa redonda|Preguntas y respuestas|' +
  'Charlas relámpago|Descanso|Intervalo|Almoço|Credenciamento|Abertura|Encerramento|Boas-vindas|' +
  'Perguntas e respostas|Pausa caffè|Pranzo|Registrazione|Chiusura|Benvenuto|Tavola rotonda|Koffiepauze|' +
  'Lunchpauze|Registratie|Afsluiting|Borrel|Przerwa kawowa|Obiad|Rejestracja|Otwarcie|Zakończenie|' +
  'Panel dyskusyjny|Перерыв|Кофе-брейк|Обед|Регистрация|Открытие|Закрытие|Вопросы и ответы|Круглый стол|' +
  'Приветственное слово|Перерва|Обід|Реєстрація|Відкриття|Закриття|Διάλειμμα|Γεύμα|Εγγραφή|Έναρξη|Λήξη|' +
  'Καλωσόρισμα|休憩|昼食|昼休憩|受付|開会|閉会|開会挨拶|閉会挨拶|基調講演|懇親会|質疑応答|' +
  'ライトニングトーク|パネルディスカッション|ランチ|招待講演|スポンサーセッション|茶歇|午餐|午休|签到|' +
  '开幕式|闭幕式|开幕致辞|主题演讲|圆桌讨论|问答环节|闪电演讲|晚宴|휴식|점심|점심시간|등록|개회|폐회|' +
  '개회사|기조연설|패널 토론|질의응답|라이트닝 토크|네트워킹|استراحة|استراحة قهوة|غداء|التسجيل|' +
  'الافتتاح|الختام|كلمة ترحيبية|حلقة نقاش|أسئلة وأجوبة|الكلمة الرئيسية|הפסקה|הפסקת קפה|ארוחת צהריים|' +
  'הרשמה|פתיחה|סיום|דברי פתיחה|פאנל|שאלות ותשובות|चाय विराम|भोजनावकाश|दोपहर का भोजन|पंजीकरण|उद्घाटन|' +
  'समापन|स्वागत भाषण|मुख्य भाषण|पैनल चर्चा|प्रश्नोत्तर|استراحت|ناهار|ثبت‌نام|افتتاحیه|اختتامیه|' +
  'Kahve Arası|Öğle Yemeği|Kayıt|Açılış|Kapanış|Speaker|Speakers|Various|Everyone|All Speakers|N.N.|' +
  'Special Guest|Surprise Talk|Organizers|Volunteers|Sponsors'
).split('|');

const eventWords = (
  'Conf|Con|Summit|Days|Day|Camp|Meetup|Forum|Week|Fest|Festival|Symposium|Workshop|User Group|World|' +
  'Live|Connect|Expo|Tage|Konferenz|Journées|Jornadas|Encuentro|Conferência|Hackathon|Sprint|Night|Talks|' +
  'Bootcamp|Academy|Lab|Unconference|Barcamp|Devroom|Track|Village'
).split('|');

const roleHeads = (
  'Engineer|Developer|Architect|Scientist|Manager|Advocate|Evangelist|Consultant|Designer|Analyst|' +
  'Researcher|Lead|Director|Specialist|Maintainer|Contributor|Ambassador|Intern|Student|Professor'
).split('|');
const roleAreas = (
  'Software|Data|Platform|Security|Cloud|Frontend|Backend|Mobile|Site Reliability|Machine Learning|DevOps|' +
  'Product|QA|Infrastructure|Developer Relations|Research|Solutions|Staff Software|Principal'
).split('|');
const roleLevels = 'Senior|Staff|Principal|Lead|Junior|Chief|Head of|VP of|Director of|Distinguished'.split(
  '|',
);
const otherRoles = (
  'CEO|CTO|CFO|COO|Founder|Co-founder|Co-Founder & CTO|Developer Advocate|Developer Relations|Tech Lead|' +
  'Softwareentwickler|Softwareentwicklerin|Leiterin Entwicklung|Ingénieur logiciel|Développeuse|' +
  'Desarrollador Senior|Ingeniera de datos|Engenheiro de software|Sviluppatore|Разработчик|' +
  'Ведущий инженер|Архітектор|エンジニア|ソフトウェアエンジニア|代表取締役|工程师|高级工程师|架构师|' +
  '技术总监|개발자|엔지니어|수석 엔지니어|مهندس برمجيات|מפתחת תוכנה|सॉफ्टवेयर इंजीनियर'
).split('|');

const organizationPatterns = [
  '{F} Labs',
  '{W} Technologies',
  '{W} Systems',
  '{W} Software',
  '{F} & {F2}',
  '{W} GmbH',
  '{F} AG',
  '{W} Inc.',
  '{W} Ltd',
  '{F} LLC',
  'University of {C}',
  '{C} University',
  'Universität {C}',
  'Université de {C}',
  'Universidad de {C}',
  '{C} Institute of Technology',
  '{W} Foundation',
  'The {W} Project',
  '{W}.io',
  '{W} Cloud',
  '{W} Analytics',
  '{W} Studio',
  '{F} Consulting',
  'Team {W}',
  '{W} Collective',
  '株式会社{J}',
  '{Z}有限公司',
  '{Z}科技',
  '{K} 주식회사',
];
const cjkCompanyStems = {
  J: ['サイボウズ', 'テクノ', 'クラウド', 'データ', 'ネクスト', '未来', '日本技術', 'システム'],
  Z: ['北京云', '上海数据', '深圳智能', '杭州网络', '华信', '星辰', '腾云'],
  K: ['한빛', '네오', '클라우드', '데이터랩', '코드웍스'],
};

/** Sentences that mention names or technologies: prose, never one name. */
const sentencePatterns = [
  '{P} is a {R} at {O}.',
  'We rewrote our {N} in {T}.',
  'In this talk, we will explore {N}.',
  'Join {P} for a talk about {T}',
  '{P} will show how {T} works',
  'Dans cette présentation, nous verrons {T}.',
  'In diesem Vortrag zeigt {P}, wie {T} funktioniert.',
  'En esta charla veremos {T}.',
  'Nesta palestra, {P} apresenta {T}.',
  'В этом докладе {P} расскажет о {T}.',
  'このセッションでは{T}について話します。',
  '本次演讲将介绍{T}。',
  '이번 발표에서는 {T}를 소개합니다.',
  'في هذه المحاضرة نتحدث عن {T}.',
  'בהרצאה זו נדבר על {T}.',
  'इस सत्र में {T} पर चर्चा होगी।',
  'Thanks to {P} and {P2}',
  'Slides by {P}',
  'Talk by {P}',
  'Speaker: {P}',
  'with {P}',
  '{P}’s talk',
];

/** Joining words of lists of people, by script. */
const listJoins = [
  ', ',
  ' & ',
  ' and ',
  ' und ',
  ' et ',
  ' y ',
  ' e ',
  ' i ',
  ' en ',
  ' og ',
  ' och ',
  '; ',
  ' / ',
];
const nonLatinJoins: Record<string, string[]> = {
  Cyrillic: [' и ', ' і ', ', '],
  Greek: [' και ', ', '],
  Arabic: [' و', ' و ', '، '],
  Hebrew: [' ו', ', '],
  Devanagari: [' और ', ', '],
  cjk: ['、', 'と', '和', ', ', ' ', ' 및 '],
};

function fill(pattern: string, slots: Record<string, () => string>): string {
  return pattern.replace(/\{([A-Za-z]+[0-9]?)\}/gu, (_, key: string) => (slots[key] ?? (() => key))());
}

// --- generating ---

export interface GeneratedExamples {
  examples: NameExample[];
  /** How many of each source, for the report. */
  sources: Record<string, number>;
}

/**
 * Generate a split's examples from `seed`: `count` names and about as many non-names. Every locale
 * with name lists gets its share of the names; Chinese, Japanese and Korean, written in few
 * locales, get more so that their scripts are learned as well as the others.
 */
export function generateNameExamples(split: Split, seed: number, count: number): GeneratedExamples {
  const base = new Faker({ locale: [fakerLocales().base] });
  base.seed(seed);
  fakers.clear();
  missingData.clear();
  fakerSeed = seed;
  const draw = new Draw(base);
  const lists = localeNames(split);
  const localeWeight = (locale: string) =>
    cjkLocales.has(locale) ? 4 : locale === 'ne' ? 3 : locale.startsWith('en') || locale === 'he' ? 1.5 : 1;
  const weightedLists = lists.map((l) => [l, localeWeight(l.locale)] as const);
  const examples: NameExample[] = [];
  const sources: Record<string, number> = {};
  const push = (example: NameExample) => {
    examples.push(example);
    const key = example.source.split('+')[0] as string;
    sources[key] = (sources[key] ?? 0) + 1;
  };
  const personName = (names: LocaleNames = draw.weighted(weightedLists)) =>
    positiveName(draw, names, split).text;
  const fullName = (names: LocaleNames) => {
    for (;;) {
      const example = positiveName(draw, names, split);
      if (example.source !== 'name:single') return example.text;
    }
  };

  for (let i = 0; i < count; i++) {
    const names = draw.weighted(weightedLists);
    push(decorate(draw, names, positiveName(draw, names, split)));
  }

  // Non-names: the same number again, from every generator below in proportion to its weight.
  const negativeLocales = Object.keys(fakerLocales()).filter((l) => l !== 'base' && l !== 'en_BORK');
  const keep = (text: string) => text.trim().length > 0 && inSplit(text, split);
  const slots = (language: string): Record<string, () => string> => ({
    T: () => draw.pick(technologies),
    T2: () => draw.pick(technologies),
    N: () => draw.pick(topicWords),
    N2: () => draw.pick(topicWords),
    A: () => draw.pick(adjectives),
    Nja: () => draw.pick(cjkTopics.Nja as string[]),
    Nzh: () => draw.pick(cjkTopics.Nzh as string[]),
    Nko: () => draw.pick(cjkTopics.Nko as string[]),
    P: () => personName(),
    P2: () => personName(),
    R: () => `${draw.pick(roleAreas).toLowerCase()} ${draw.pick(roleHeads).toLowerCase()}`,
    O: () => fakerString('company', language) ?? 'Acme',
  });
  // Talk titles of the generated-documents suite's grammars, in every language it writes, half of
  // them in title case: capitalised words of a title ("CSS Grid Tricks", German nouns) are no name.
  const titleRng = new Random(seed ^ 0x5bd1e995);
  const english = languageProfile('en');
  const titleFactories = languages.map((language) => new TitleFactory(titleRng, language, english, 0));
  const composers: [string, () => string | null, number][] = [
    ['faker', () => fakerNegative(draw, negativeLocales), 40],
    [
      'generated-title',
      () => {
        const title = draw.pick(titleFactories).create();
        const words = title.split(/\s+/);
        const short = words.slice(0, 1 + draw.int(Math.min(4, words.length))).join(' ');
        const text = draw.chance(0.5) ? short : title;
        return draw.chance(0.5)
          ? text.replace(/(^|\s)(\p{Ll})/gu, (_, space, c) => space + c.toUpperCase())
          : text;
      },
      10,
    ],
    [
      'talk-title',
      () => {
        const language = draw.weighted(
          Object.keys(titlePatterns).map((l) => [l, l === 'en' ? 6 : 1] as const),
        );
        return fill(draw.pick(titlePatterns[language] as string[]), slots(language));
      },
      14,
    ],
    ['programme', () => recase(draw, draw.pick(programmeItems)), 5],
    [
      'event',
      () =>
        `${draw.chance(0.6) ? draw.pick(technologies) : draw.pick(topicWords)}${draw.chance(0.3) ? ` ${draw.pick(topicWords)}` : ''} ${draw.pick(eventWords)}${draw.chance(0.2) ? ` ${2015 + draw.int(12)}` : ''}`,
      4,
    ],
    [
      'topic',
      () =>
        draw.weighted([
          [`${draw.pick(topicWords)} ${draw.pick(topicWords)}`, 3],
          [`${draw.pick(adjectives)} ${draw.pick(topicWords)}`, 2],
          [`${draw.pick(topicWords)} ${draw.pick(topicWords)} ${draw.pick(topicWords)}`, 1],
          [draw.pick(technologies), 2],
          [draw.pick(topicWords), 1],
        ]),
      6,
    ],
    [
      'role',
      () =>
        draw.weighted([
          [`${draw.pick(roleLevels)} ${draw.pick(roleAreas)} ${draw.pick(roleHeads)}`, 2],
          [`${draw.pick(roleAreas)} ${draw.pick(roleHeads)}`, 3],
          [draw.pick(otherRoles), 2],
        ]),
      4,
    ],
    [
      'organization',
      () =>
        fill(draw.pick(organizationPatterns), {
          F: () => draw.pick(draw.weighted(weightedLists).family),
          F2: () => draw.pick(draw.weighted(weightedLists).family),
          W: () => draw.pick(draw.chance(0.5) ? topicWords : adjectives),
          C: () => fakerString('city', draw.pick(['en', 'de', 'fr', 'es', 'it', 'pl'])) ?? 'Springfield',
          J: () => draw.pick(cjkCompanyStems.J),
          Z: () => draw.pick(cjkCompanyStems.Z),
          K: () => draw.pick(cjkCompanyStems.K),
        }),
      5,
    ],
    ['title-pattern', () => recase(draw, fill(draw.pick(titlePatterns.en as string[]), slots('en'))), 2],
    [
      'name-list',
      () => {
        const names = draw.weighted(weightedLists);
        const script = cjkLocales.has(names.locale) ? 'cjk' : scriptGroup(names.given[0] ?? '');
        const joins = script === 'Latin' ? listJoins : (nonLatinJoins[script] ?? [', ']);
        const parts = [fullName(names), fullName(names)];
        if (draw.chance(0.2)) parts.push(fullName(names));
        const join = draw.pick(joins);
        return parts.join(join);
      },
      6,
    ],
    [
      'name-affiliation',
      () => {
        const names = draw.weighted(weightedLists);
        const name = fullName(names);
        const organization = fakerString('company', names.locale) ?? fakerString('company', 'en') ?? 'Acme';
        const role = `${draw.pick(roleAreas)} ${draw.pick(roleHeads)}`;
        return draw.weighted([
          [`${name} (${organization})`, 3],
          [`${name}, ${organization}`, 3],
          [`${name} - ${organization}`, 1],
          [`${name} at ${organization}`, 1],
          [`${name} | ${organization}`, 1],
          [`${name}, ${role}`, 2],
          [`${name} (${role}, ${organization})`, 1],
          [`${name}: ${fill(draw.pick(titlePatterns.en as string[]), slots('en'))}`, 2],
          [`${fill(draw.pick(titlePatterns.en as string[]), slots('en'))} by ${name}`, 2],
          [`${fill(draw.pick(titlePatterns.en as string[]), slots('en'))} - ${name}`, 1],
        ]);
      },
      6,
    ],
    ['sentence', () => fill(draw.pick(sentencePatterns), slots('en')), 4],
    ['schedule', () => scheduleText(draw), 3],
    [
      'name-number',
      () => {
        const name = fullName(draw.weighted(weightedLists));
        return draw.weighted([
          [`${name} ${1 + draw.int(9)}`, 2],
          [`${name} ${2015 + draw.int(12)}`, 1],
          [`${name} ${scheduleText(draw)}`, 1],
          [`${scheduleText(draw)} ${name}`, 1],
        ]);
      },
      1.5,
    ],
    [
      'acronym',
      () =>
        draw.weighted([
          [Array.from({ length: 2 + draw.int(3) }, () => String.fromCharCode(65 + draw.int(26))).join(''), 2],
          [draw.pick(technologies).toUpperCase(), 1],
          [`${draw.pick(technologies)} ${draw.pick(technologies)}`, 1],
        ]),
      3,
    ],
  ];
  const target = examples.length;
  let made = 0;
  let tries = 0;
  while (made < target && tries < target * 20) {
    tries++;
    const [source, compose] = draw.weighted(composers.map(([s, c, w]) => [[s, c] as const, w] as const));
    const text = compose();
    if (!text || !keep(text)) continue;
    push({ text: text.replace(/\s+/gu, ' ').trim(), label: 0, weight: 1, source: `not:${source}` });
    made++;
  }
  return { examples, sources };
}

/** Times, dates, rooms, tracks, links and addresses: the other cells of a programme. */
function scheduleText(draw: Draw): string {
  const hour = () => String(7 + draw.int(13)).padStart(draw.chance(0.5) ? 2 : 1, '0');
  const minute = () => draw.pick(['00', '15', '30', '45', '10', '50']);
  const time = () => draw.pick([`${hour()}:${minute()}`, `${hour()}h${minute()}`, `${hour()}.${minute()}`]);
  const room = draw.pick([
    'Room',
    'Hall',
    'Saal',
    'Salle',
    'Sala',
    'Track',
    'Stage',
    'Raum',
    'Aula',
    'Zaal',
    'Auditorium',
  ]);
  const month = draw.pick(['May', 'June', 'März', 'octobre', 'septiembre', 'Oct', 'Nov', '5月', '十月']);
  const day = 1 + draw.int(28);
  return draw.weighted([
    [time(), 3],
    [`${time()} - ${time()}`, 2],
    [`${time()}–${time()}`, 1],
    [`${room} ${draw.chance(0.5) ? 1 + draw.int(300) : String.fromCharCode(65 + draw.int(6))}`, 3],
    [`${day} ${month} ${2016 + draw.int(10)}`, 1],
    [`${month} ${day}`, 1],
    [`${2016 + draw.int(10)}-0${1 + draw.int(9)}-${10 + draw.int(18)}`, 1],
    [
      `${draw
        .pick(technologies)
        .toLowerCase()
        .replace(/[^a-z]/gu, '')}.${draw.pick(['io', 'dev', 'org', 'com'])}`,
      1,
    ],
    [`https://example.org/${draw.pick(topicWords).toLowerCase()}`, 1],
    [`${draw.pick(['info', 'talks', 'cfp'])}@${draw.pick(topicWords).toLowerCase()}.org`, 1],
    [`${10 + draw.int(80)} min`, 1],
    [`#${draw.pick(technologies).replace(/[^A-Za-z]/gu, '')}`, 1],
  ]);
}

function scriptGroup(text: string): string {
  if (/\p{sc=Cyrillic}/u.test(text)) return 'Cyrillic';
  if (/\p{sc=Greek}/u.test(text)) return 'Greek';
  if (/\p{sc=Arabic}/u.test(text)) return 'Arabic';
  if (/\p{sc=Hebrew}/u.test(text)) return 'Hebrew';
  if (/\p{sc=Devanagari}/u.test(text)) return 'Devanagari';
  return 'Latin';
}

const fakerKinds = new Map(fakerNegatives.map(([kind, make]) => [kind, make]));

/** One of faker's strings of `kind` in `locale`, or null when the locale has no such data. */
function fakerString(kind: string, locale: string): string | null {
  const make = fakerKinds.get(kind);
  const key = `${kind}:${locale}`;
  if (!make || missingData.has(key)) return null;
  try {
    const text = make(localeFaker(locale));
    return typeof text === 'string' && text.trim() ? text : null;
  } catch {
    missingData.add(key); // the locale lacks this data
    return null;
  }
}

/** Kinds of data a locale was found to lack (faker throws, which is slow to do again and again). */
const missingData = new Set<string>();

/** A string of faker's data in a random locale that has that kind of data. */
function fakerNegative(draw: Draw, locales: string[]): string | null {
  const [kind] = draw.weighted(fakerNegatives.map(([k, m, w]) => [[k, m] as const, w] as const));
  for (let attempt = 0; attempt < 12; attempt++) {
    const text = fakerString(kind, draw.pick(locales));
    if (text) return recase(draw, text);
  }
  return null;
}

// --- fitting ---

export interface FitOptions {
  seed?: number;
  /** Names generated for training (as many non-names again). */
  names?: number;
  /** Names generated for the held-out test. */
  heldOutNames?: number;
  /** Keep at most this many weights of the name model (the largest). */
  maxWeights?: number;
  /** The fit's full-batch steps and L2 penalty. */
  steps?: number;
  l2?: number;
  log?: (line: string) => void;
}

export interface Accuracy {
  examples: number;
  accuracy: number;
  /** Of the names, how many were read as names. */
  recall: number;
  /** Of what was read as a name, how much was one. */
  precision: number;
}

export interface NameModelReport {
  seed: number;
  trainingExamples: number;
  heldOutExamples: number;
  weights: number;
  heldOut: Accuracy;
  training: Accuracy;
  /** Held-out accuracy by the script of the example. */
  heldOutByScript: Record<string, Accuracy>;
  /** Held-out accuracy by generator (name forms and kinds of non-name). */
  heldOutBySource: Record<string, Accuracy>;
  order: { trainingExamples: number; heldOutAccuracy: number };
}

/** Feature families whose every value is a word or letters: kept only when seen often enough. */
const sparseFamilies = /^(?:g|c|b|w|e0|eL):/u;

function accuracyOf(rows: { label: 0 | 1; p: number }[]): Accuracy {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (const { label, p } of rows) {
    const said = p >= 0.5 ? 1 : 0;
    if (said === label) correct++;
    if (said === 1 && label === 1) tp++;
    if (said === 1 && label === 0) fp++;
    if (said === 0 && label === 1) fn++;
  }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    examples: rows.length,
    accuracy: round(correct / Math.max(1, rows.length)),
    recall: round(tp / Math.max(1, tp + fn)),
    precision: round(tp / Math.max(1, tp + fp)),
  };
}

function groupAccuracy<T extends { label: 0 | 1; p: number }>(rows: T[], key: (row: T) => string) {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k) ?? [];
    list.push(row);
    groups.set(k, list);
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, accuracyOf(groups.get(k) as T[])]));
}

/** Keep the `max` largest weights of at least `least` magnitude. */
function pruneModel(model: LogisticModel, least: number, max: number): LogisticModel {
  const kept = Object.entries(model.weights)
    .filter(([, w]) => Math.abs(w) >= least)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { bias: model.bias, weights: Object.fromEntries(kept) };
}

/**
 * Generate examples, fit the name model and the order model on the training part, and score both
 * on the held-out part. The lexicon the fit sees is the training lexicon (part of every list), so
 * that unlisted names are learned from their letters and shape as well.
 */
export function fitNameModel(options: FitOptions = {}): {
  name: LogisticModel;
  order: LogisticModel;
  report: NameModelReport;
} {
  const {
    seed = 23,
    names = 60_000,
    heldOutNames = 10_000,
    maxWeights = 45_000,
    steps = 800,
    l2 = 1e-5,
    log = () => {},
  } = options;
  const lexicon = trainingLexicon();
  const featured = (examples: NameExample[]) =>
    examples.flatMap((example) => {
      const candidate = readCandidate(example.text, lexicon);
      return candidate ? [{ example, candidate, features: nameFeatures(candidate, lexicon) }] : [];
    });
  log(`generating ${names} names and as many non-names (seed ${seed})`);
  const training = featured(generateNameExamples('train', seed, names).examples);
  const heldOut = featured(generateNameExamples('test', seed + 1, heldOutNames).examples);
  log(`${training.length} training and ${heldOut.length} held-out examples`);

  // Letters and words seen too rarely to weigh are left out of the fit.
  const seen = new Map<string, number>();
  for (const { features } of training)
    for (const name in features) if (sparseFamilies.test(name)) seen.set(name, (seen.get(name) ?? 0) + 1);
  const often = (name: string) =>
    !sparseFamilies.test(name) || (seen.get(name) ?? 0) >= (name.startsWith('w:') ? 5 : 3);
  // Lone words are weighed as a class of their own, names and non-names balanced within it as the
  // whole is: a lone word in a field of speakers is asked about with the same even prior as a full
  // name anywhere (there are far more lone non-name words than lone names to generate).
  const lone = (candidate: NameCandidate) =>
    candidate.tokens.length === 1 && !cjkScripts.has(candidate.script);
  const loneWeight = { 0: 0, 1: 0 };
  for (const { example, candidate } of training)
    if (lone(candidate)) loneWeight[example.label] += example.weight;
  const loneScale = (label: 0 | 1) =>
    loneWeight[0] > 0 && loneWeight[1] > 0 ? (loneWeight[0] + loneWeight[1]) / (2 * loneWeight[label]) : 1;
  const examples: Example[] = training.map(({ example, candidate, features }) => ({
    features: Object.fromEntries(Object.entries(features).filter(([name]) => often(name))),
    label: example.label,
    weight: example.weight * (lone(candidate) ? loneScale(example.label) : 1),
  }));
  log(`fitting the name model on ${examples.length} examples`);
  const fitted = train(examples, { l2, steps, rate: 0.05 });
  const name = pruneModel(fitted, 0.02, maxWeights);

  const score = (rows: typeof training) =>
    rows.map(({ example, candidate, features }) => ({
      label: example.label,
      p: probability(name, features),
      script: candidate.script,
      source: example.source.split('+')[0] as string,
    }));
  const trainingScores = score(training);
  const heldOutScores = score(heldOut);

  // The order model: names of two or more parts (or a Chinese, Japanese or Korean name).
  const orderRows = (rows: typeof training) =>
    rows.flatMap(({ example, candidate }) =>
      example.label === 1 && example.familyFirst !== undefined
        ? [{ features: orderFeatures(candidate, lexicon), label: (example.familyFirst ? 1 : 0) as 0 | 1 }]
        : [],
    );
  const orderTraining = orderRows(training);
  log(`fitting the order model on ${orderTraining.length} names`);
  const order = pruneModel(train(orderTraining, { l2: 1e-3, steps: 300, rate: 0.05 }), 0.01, 5_000);
  const orderHeldOut = orderRows(heldOut);
  const orderAccuracy = accuracyOf(
    orderHeldOut.map((r) => ({ label: r.label, p: probability(order, r.features) })),
  );

  const report: NameModelReport = {
    seed,
    trainingExamples: training.length,
    heldOutExamples: heldOut.length,
    weights: Object.keys(name.weights).length,
    heldOut: accuracyOf(heldOutScores),
    training: accuracyOf(trainingScores),
    heldOutByScript: groupAccuracy(heldOutScores, (r) => r.script),
    heldOutBySource: groupAccuracy(heldOutScores, (r) => r.source),
    order: { trainingExamples: orderTraining.length, heldOutAccuracy: orderAccuracy.accuracy },
  };
  return { name, order, report };
}

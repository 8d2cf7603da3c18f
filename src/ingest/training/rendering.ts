// What every layout family shares: the document's style choices (made once, so one document is
// consistent and two documents differ), the gold recorder (a family records each talk as it writes
// it, so the gold is exactly what the document shows — organisations only where they are written),
// and the writing of names, speaker lists, times, dates, labels and kinds in the document's language.
import type { GoldDocument, GoldTalk } from '../evaluation.js';
import type { LabelKey, LanguageProfile, TalkKind } from './languages.js';
import { fillTemplate, type Person, type Programme, type Talk } from './programme.js';
import type { Random } from './random.js';

export interface DocumentFile {
  name: string;
  text: string;
}

export interface Rendering {
  files: DocumentFile[];
  gold: GoldDocument;
}

export interface FamilyContext {
  rng: Random;
  language: LanguageProfile;
  english: LanguageProfile;
  style: DocumentStyle;
}

export interface LayoutFamily {
  id: string;
  /** Languages the family is written in; every language when absent. */
  languages?: readonly string[];
  render(context: FamilyContext): Rendering;
}

/** Choices made once per document and then kept: the same key gives the same option. */
export class DocumentStyle {
  private readonly made = new Map<string, unknown>();

  constructor(private readonly rng: Random) {}

  one<T>(key: string, options: readonly T[]): T {
    if (!this.made.has(key)) this.made.set(key, this.rng.pick(options));
    return this.made.get(key) as T;
  }

  flag(key: string, probability: number): boolean {
    if (!this.made.has(key)) this.made.set(key, this.rng.chance(probability));
    return this.made.get(key) as boolean;
  }
}

/** Collects what a document shows, in order, and turns it into its gold file. */
export class GoldRecorder {
  private readonly talks: Talk[] = [];
  private readonly optional: Talk[] = [];
  private readonly notTalks: string[] = [];
  private readonly organizationsShown = new Set<Person>();
  event: string | undefined;
  private readonly notes: string[] = [];

  /** A talk as the document shows it; `organizations`: its speakers' organisations are written. */
  talk(talk: Talk, options: { organizations?: boolean } = {}): void {
    if (!this.talks.includes(talk)) this.talks.push(talk);
    if (options.organizations) for (const person of talk.speakers) this.organizationShown(person);
  }

  organizationShown(person: Person): void {
    if (person.organization) this.organizationsShown.add(person);
  }

  /** An item that is not a talk (a break, "TBA"), by the text the document gives it. */
  notTalk(label: string): void {
    if (label.trim() && !this.notTalks.includes(label)) this.notTalks.push(label);
  }

  /** A cancelled talk: its bare title and its marked form are both not talks. */
  cancelled(talk: Talk, marked?: string): void {
    this.notTalk(talk.title);
    if (marked) this.notTalk(marked);
  }

  optionalTalk(talk: Talk): void {
    if (!this.optional.includes(talk)) this.optional.push(talk);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  private goldTalk(talk: Talk): GoldTalk {
    const gold: GoldTalk = { title: talk.title, speakers: talk.speakers.map((p) => p.gold), kind: talk.kind };
    const affiliations = Object.fromEntries(
      talk.speakers
        .filter((p) => this.organizationsShown.has(p) && p.organization)
        .map((p) => [p.gold, p.organization as string]),
    );
    if (Object.keys(affiliations).length > 0) gold.affiliations = affiliations;
    if (talk.speakers.some((p) => p.goldAlt))
      gold.speakers_alt = talk.speakers.map((p) => p.goldAlt ?? p.gold);
    return gold;
  }

  build(): GoldDocument {
    const gold: GoldDocument = {
      talks: this.talks.map((t) => this.goldTalk(t)),
      optional_talks: this.optional.map((t) => this.goldTalk(t)),
      not_talks: [...this.notTalks],
    };
    if (this.event) gold.event = this.event;
    if (this.notes.length > 0) gold.notes = this.notes.join(' ');
    return gold;
  }
}

/** A label in the document's language, or in English in some documents; one word per key per document. */
export function label(context: FamilyContext, key: LabelKey): string {
  const { language, english, style } = context;
  const source = language.code !== 'en' && style.flag('english-labels', 0.2) ? english : language;
  return style.one(`label:${key}`, source.labels[key]);
}

export function kindLabel(context: FamilyContext, kind: TalkKind): string {
  return context.style.one(`kind:${kind}`, context.language.kinds[kind]);
}

export type OrganizationForm = 'paren' | 'comma' | 'at' | 'dash' | 'bracket';

/** How the document attaches an organisation to a name. */
export function organizationForm(context: FamilyContext): OrganizationForm {
  return context.style.one<OrganizationForm>('organization-form', [
    'paren',
    'paren',
    'comma',
    'at',
    'dash',
    'bracket',
  ]);
}

export function withOrganization(
  name: string,
  organization: string | undefined,
  form: OrganizationForm,
): string {
  if (!organization) return name;
  switch (form) {
    case 'comma':
      return `${name}, ${organization}`;
    case 'at':
      return `${name} @ ${organization}`;
    case 'dash':
      return `${name} – ${organization}`;
    case 'bracket':
      return `${name} [${organization}]`;
    default:
      return `${name} (${organization})`;
  }
}

/**
 * Joins several already-written names the document's way ("A, B and C", "A & B", "A、B");
 * `sentence`: inside running text, where the last two are joined by the language's word for "and".
 */
export function joinNames(context: FamilyContext, names: readonly string[], sentence = false): string {
  if (names.length <= 1) return names[0] ?? '';
  const { language, style } = context;
  const comma = style.one('name-comma', language.comma);
  const words = language.and.filter((a) => /\p{L}/u.test(a));
  const and =
    sentence && words.length > 0
      ? style.one('name-and-word', words)
      : style.one('name-and', [...language.and, comma]);
  if (names.length === 2) return `${names[0]}${and}${names[1]}`;
  const lastJoin = and.trim() === ',' && and !== comma ? comma : and;
  return `${names.slice(0, -1).join(comma)}${lastJoin}${names[names.length - 1]}`;
}

export interface SpeakerWriting {
  organizations?: boolean;
  /** Inside running text ("A, B and C"). */
  sentence?: boolean;
  handles?: boolean;
  /** Wraps each name (a link, emphasis). */
  decorate?: (person: Person, written: string) => string;
}

/** The speakers of a talk as one string: written names, maybe organisations and handles. */
export function speakerText(
  context: FamilyContext,
  speakers: readonly Person[],
  how: SpeakerWriting = {},
): string {
  // "A, Org, B, Org" cannot be told apart: several speakers take their organisations in parentheses.
  const chosen = organizationForm(context);
  const form = chosen === 'comma' && speakers.length > 1 ? 'paren' : chosen;
  const names = speakers.map((person) => {
    let written = person.written;
    if (how.decorate) written = how.decorate(person, written);
    if (how.handles) written = `${written} (@${person.handle})`;
    return how.organizations ? withOrganization(written, person.organization, form) : written;
  });
  // Shared organisation written once after all the names: "A & B (Org)".
  if (
    how.organizations &&
    speakers.length > 1 &&
    form === 'paren' &&
    speakers.every((p) => p.organization && p.organization === speakers[0]?.organization)
  ) {
    const plain = speakers.map((p) => (how.decorate ? how.decorate(p, p.written) : p.written));
    return `${joinNames(context, plain, how.sentence)} (${speakers[0]?.organization})`;
  }
  return joinNames(context, names, how.sentence);
}

export type TimeForm = '24h' | '24h-short' | '12h' | 'h' | 'dot';

export function timeForm(context: FamilyContext): TimeForm {
  const code = context.language.code;
  const options: TimeForm[] =
    code === 'en'
      ? ['24h', '12h', '12h', '24h-short']
      : code === 'fr'
        ? ['24h', 'h', 'h']
        : code === 'de'
          ? ['24h', 'dot', '24h-short']
          : ['24h', '24h-short'];
  return context.style.one('time-form', options);
}

export function formatTime(context: FamilyContext, time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const mm = String(m).padStart(2, '0');
  switch (timeForm(context)) {
    case '24h-short':
      return `${h}:${mm}`;
    case '12h': {
      const suffix = context.style.one('ampm', ['AM', 'am', 'a.m.']);
      const pm = suffix === 'AM' ? 'PM' : suffix === 'am' ? 'pm' : 'p.m.';
      return `${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? suffix : pm}`;
    }
    case 'h':
      return `${h}h${mm}`;
    case 'dot':
      return `${String(h).padStart(2, '0')}.${mm}`;
    default:
      return time;
  }
}

export function timeRange(context: FamilyContext, start: string, end: string): string {
  const dash = context.style.one('time-dash', ['–', '-', ' - ', ' – ', ' to ']);
  const join = dash === ' to ' && context.language.code !== 'en' ? '–' : dash;
  return `${formatTime(context, start)}${join}${formatTime(context, end)}`;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Building an Intl formatter costs far more than using one; one per locale and form. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(context: FamilyContext, date: Date, form?: 'long' | 'weekday' | 'iso'): string {
  const chosen =
    form ?? context.style.one<'long' | 'weekday' | 'iso'>('date-form', ['long', 'weekday', 'iso']);
  if (chosen === 'iso') return isoDate(date);
  const key = `${context.language.intl} ${chosen}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(context.language.intl, {
      weekday: chosen === 'weekday' ? 'long' : undefined,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** "Day 2 — Tuesday, 14 March 2024", "Tag 2", "14. März 2024". */
export function dayHeading(context: FamilyContext, programme: Programme, day: number): string {
  const date = programme.event.dates[day] as Date;
  const word = fillTemplate(context.style.one('day-word', context.language.day), { n: day + 1 });
  const form = context.style.one('day-heading', ['word', 'date', 'both', 'both']);
  if (form === 'word') return word;
  if (form === 'date') return formatDate(context, date, 'weekday');
  return `${word} — ${formatDate(context, date, 'weekday')}`;
}

/** The programme's entries of one day (all days when `day` is undefined). */
export function entriesOf(programme: Programme, day?: number) {
  return programme.entries.filter((entry) =>
    day === undefined ? true : (entry.type === 'talk' ? entry.talk.day : entry.item.day) === day,
  );
}

export function dayCount(programme: Programme): number {
  return programme.event.dates.length;
}

/** The text a document writes for a cancelled talk's marker, placed after its title. */
export function cancelledMark(context: FamilyContext): string {
  return context.style.one('cancelled', context.language.cancelled);
}

/** The event's introduction line in the document's language. */
export function introLine(context: FamilyContext, programme: Programme): string {
  const { event } = programme;
  return fillTemplate(context.rng.pick(context.language.intro), {
    event: event.name,
    city: event.city,
    date: formatDate(context, event.dates[0] as Date, 'long'),
  });
}

/** A quoted title with the document's quotes (not ones the title itself uses). */
export function quoteTitle(context: FamilyContext, title: string): string {
  const usable = context.language.quotes.filter(
    ([open, close]) => !title.includes(open.trim()) && !title.includes(close.trim()),
  );
  const [open, close] = usable.length > 0 ? context.style.one(`quotes:${usable.length}`, usable) : ['', ''];
  return `${open}${title}${close}`;
}

/** A URL-ish profile link for a person. */
export function profileUrl(context: FamilyContext, person: Person): string {
  const site = context.style.one('profile-site', [
    'https://github.com/',
    'https://twitter.com/',
    'https://mastodon.social/@',
    'https://www.linkedin.com/in/',
  ]);
  return `${site}${person.handle}`;
}

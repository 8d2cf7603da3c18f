// Scoring what the reader read from a document against a hand-made gold file (`NAME.gold.json`):
// precision, recall and F1 for talks, speakers, talk→speaker pairs and affiliations. Pure: the
// `talkgraph eval` command (src/cli/eval.ts) does the reading, storing and printing.
import { TalkgraphError } from '../errors.js';

export interface GoldTalk {
  title: string;
  /** In billing order, as the document writes them. */
  speakers: string[];
  /** Speaker (as written in `speakers`) → organization. */
  affiliations?: Record<string, string>;
  kind?: string;
  /** Another title the same talk goes by (a translation); matching either counts. */
  title_alt?: string;
  /** Other spellings of the speakers, position by position with `speakers`. */
  speakers_alt?: string[];
}

export interface GoldDocument {
  event?: string;
  talks: GoldTalk[];
  /** Items whose status as a talk is unclear: neither rewarded nor penalised when read. */
  optional_talks: GoldTalk[];
  /** Titles of schedule items that are not talks (a break, a welcome): false positives when read. */
  not_talks: string[];
  notes?: string;
}

export interface ReadSpeaker {
  name: string;
  organizations: string[];
}

/** A talk as the graph holds it: its title, its speakers in order with their organizations. */
export interface ReadTalk {
  title: string;
  speakers: ReadSpeaker[];
}

export interface Counts {
  /** Read items that match a gold item (one-to-one). */
  matched: number;
  read: number;
  gold: number;
}

export interface Score extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export const metrics = ['talks', 'speakers', 'pairs', 'affiliations'] as const;
export type Metric = (typeof metrics)[number];

export interface DocumentScore {
  talks: Score;
  speakers: Score;
  /** Talk→speaker pairs: a matched talk with a matched speaker that the gold gives it. */
  pairs: Score;
  /** Speaker→organization pairs. */
  affiliations: Score;
  /** Gold talks nobody read. */
  missedTalks: string[];
  /** Read talks that match no gold talk (not-talks among them). */
  extraTalks: string[];
  /** How many of the extra talks are listed as not-talks. */
  notTalksRead: number;
  /** Read talks left out because they match an optional item. */
  optionalRead: number;
}

const honorifics = new Set(['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'mx', 'sir', 'dame']);

/** Letters that Unicode does not decompose into a base letter and an accent. */
const unaccented: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
};

/** Lower case, accents removed, compatibility forms (full-width letters) unified. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðþæœß]/g, (c) => unaccented[c] ?? c);
}

/** Titles and organizations compare without case, accents, punctuation or whitespace. */
export function textKey(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * People compare without case, accents, honorifics, handles ("(@x)", "@x") or order of the name's
 * parts: "KOWALSKI Anna" is "Anna Kowalski", "Prof. Mira Sen" is "Mira Sen".
 */
export function personKey(name: string): string {
  const words = fold(name)
    .replace(/\(\s*@[^()]*\)/g, ' ')
    .replace(/(^|\s)@\S+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !honorifics.has(word));
  return words.sort().join(' ');
}

export function score(counts: Counts): Score {
  const { matched, read, gold } = counts;
  // Nothing to find and nothing read is a perfect answer, not an undefined one.
  const precision = read > 0 ? matched / read : gold > 0 ? 0 : 1;
  const recall = gold > 0 ? matched / gold : read > 0 ? 0 : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { matched, read, gold, precision, recall, f1 };
}

/** Micro-average: the documents' counts summed, then scored. */
export function totalScore(documents: readonly DocumentScore[]): Record<Metric, Score> {
  const total = (metric: Metric) =>
    score(
      documents.reduce(
        (sum, d) => ({
          matched: sum.matched + d[metric].matched,
          read: sum.read + d[metric].read,
          gold: sum.gold + d[metric].gold,
        }),
        { matched: 0, read: 0, gold: 0 },
      ),
    );
  return {
    talks: total('talks'),
    speakers: total('speakers'),
    pairs: total('pairs'),
    affiliations: total('affiliations'),
  };
}

/** One person of the gold file: every key a spelling of them reduces to, and their organizations. */
interface GoldPerson {
  keys: Set<string>;
  organizations: Set<string>;
}

/** The distinct people of the gold talks; a name that reduces to a known key is that person. */
function goldPeople(talks: readonly GoldTalk[]): {
  people: GoldPerson[];
  byKey: Map<string, GoldPerson>;
  speakersOf: GoldPerson[][];
} {
  const people: GoldPerson[] = [];
  const byKey = new Map<string, GoldPerson>();
  const speakersOf = talks.map((talk) =>
    talk.speakers.map((name, index) => {
      const keys = [name, talk.speakers_alt?.[index]]
        .filter((n): n is string => typeof n === 'string')
        .map(personKey)
        .filter((key) => key !== '');
      let person = keys.map((key) => byKey.get(key)).find((p) => p !== undefined);
      if (!person) {
        person = { keys: new Set(), organizations: new Set() };
        people.push(person);
      }
      for (const key of keys) {
        person.keys.add(key);
        byKey.set(key, person);
      }
      const organization = talk.affiliations?.[name];
      if (organization && textKey(organization)) person.organizations.add(textKey(organization));
      return person;
    }),
  );
  return { people, byKey, speakersOf: speakersOf.map((list) => [...new Set(list)]) };
}

const titleKeys = (talk: GoldTalk) =>
  [talk.title, talk.title_alt].filter((t): t is string => typeof t === 'string').map(textKey);

/**
 * Pairs read talks with gold talks one to one by title. When titles tie (two gold talks called
 * "Keynote"), pairings whose speakers agree are made first.
 */
function matchTalks(
  gold: readonly GoldTalk[],
  goldSpeakers: readonly GoldPerson[][],
  read: readonly ReadTalk[],
): Map<number, number> {
  const candidates: { goldIndex: number; readIndex: number; agreement: number }[] = [];
  read.forEach((talk, readIndex) => {
    const key = textKey(talk.title);
    if (!key) return;
    const readKeys = new Set(talk.speakers.map((s) => personKey(s.name)));
    gold.forEach((goldTalk, goldIndex) => {
      if (!titleKeys(goldTalk).includes(key)) return;
      const people = goldSpeakers[goldIndex] ?? [];
      const shared = people.filter((p) => [...p.keys].some((k) => readKeys.has(k))).length;
      const agreement = shared / Math.max(people.length, readKeys.size, 1);
      candidates.push({ goldIndex, readIndex, agreement });
    });
  });
  candidates.sort(
    (a, b) => b.agreement - a.agreement || a.goldIndex - b.goldIndex || a.readIndex - b.readIndex,
  );
  const readToGold = new Map<number, number>();
  const goldTaken = new Set<number>();
  for (const { goldIndex, readIndex } of candidates) {
    if (readToGold.has(readIndex) || goldTaken.has(goldIndex)) continue;
    readToGold.set(readIndex, goldIndex);
    goldTaken.add(goldIndex);
  }
  return readToGold;
}

export function scoreDocument(gold: GoldDocument, read: readonly ReadTalk[]): DocumentScore {
  const { people, byKey, speakersOf } = goldPeople(gold.talks);
  const readToGold = matchTalks(gold.talks, speakersOf, read);
  const optionalTitles = new Set(gold.optional_talks.flatMap(titleKeys));
  const notTalkTitles = new Set(gold.not_talks.map(textKey));

  // Read talks that match an optional item (and no gold talk) leave both sides.
  const keptIndexes = read.flatMap((talk, index) =>
    readToGold.has(index) || !optionalTitles.has(textKey(talk.title)) ? [index] : [],
  );
  const isKept = new Set(keptIndexes);

  // The distinct people read, by name as the graph holds them; a person the reader split in two is
  // a false positive, not one speaker. A person only read in an optional item is left out unless
  // the gold names them in a talk.
  const readPeople = new Map<string, ReadSpeaker & { organizationKeys: Set<string> }>();
  for (const [index, talk] of read.entries()) {
    const optional = !isKept.has(index);
    for (const speaker of talk.speakers) {
      if (optional && !byKey.has(personKey(speaker.name))) continue;
      const person = readPeople.get(speaker.name) ?? {
        ...speaker,
        organizationKeys: new Set<string>(),
      };
      for (const organization of speaker.organizations) {
        if (textKey(organization)) person.organizationKeys.add(textKey(organization));
      }
      readPeople.set(speaker.name, person);
    }
  }
  const personOf = new Map<string, GoldPerson>();
  const peopleTaken = new Set<GoldPerson>();
  for (const name of readPeople.keys()) {
    const person = byKey.get(personKey(name));
    if (person && !peopleTaken.has(person)) {
      personOf.set(name, person);
      peopleTaken.add(person);
    }
  }

  let pairsRead = 0;
  let pairsMatched = 0;
  for (const index of keptIndexes) {
    const talk = read[index];
    if (!talk) continue;
    const names = [...new Set(talk.speakers.map((s) => s.name))];
    pairsRead += names.length;
    const goldIndex = readToGold.get(index);
    if (goldIndex === undefined) continue;
    const goldPeopleOfTalk = speakersOf[goldIndex] ?? [];
    const credited = new Set<GoldPerson>();
    for (const name of names) {
      const person = personOf.get(name);
      if (person && goldPeopleOfTalk.includes(person) && !credited.has(person)) {
        credited.add(person);
        pairsMatched += 1;
      }
    }
  }

  let affiliationsRead = 0;
  let affiliationsMatched = 0;
  for (const [name, speaker] of readPeople) {
    affiliationsRead += speaker.organizationKeys.size;
    const person = personOf.get(name);
    if (!person) continue;
    for (const key of speaker.organizationKeys) if (person.organizations.has(key)) affiliationsMatched += 1;
  }

  const matchedGold = new Set(readToGold.values());
  const extraTalks = keptIndexes
    .filter((index) => !readToGold.has(index))
    .map((index) => read[index]?.title ?? '');
  return {
    talks: score({ matched: readToGold.size, read: keptIndexes.length, gold: gold.talks.length }),
    speakers: score({ matched: personOf.size, read: readPeople.size, gold: people.length }),
    pairs: score({
      matched: pairsMatched,
      read: pairsRead,
      gold: speakersOf.reduce((sum, list) => sum + list.length, 0),
    }),
    affiliations: score({
      matched: affiliationsMatched,
      read: affiliationsRead,
      gold: people.reduce((sum, p) => sum + p.organizations.size, 0),
    }),
    missedTalks: gold.talks.filter((_, index) => !matchedGold.has(index)).map((talk) => talk.title),
    extraTalks,
    notTalksRead: extraTalks.filter((title) => notTalkTitles.has(textKey(title))).length,
    optionalRead: read.length - keptIndexes.length,
  };
}

/** Checks a parsed gold file's shape; `name` is the file, for the message. */
export function parseGold(value: unknown, name: string): GoldDocument {
  const fail = (reason: string): never => {
    throw new TalkgraphError('BAD_USER_INPUT', `${name}: ${reason}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const strings = (v: unknown, what: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`${what} must be a list of strings`);
    return v as string[];
  };
  const talk = (v: unknown, where: string): GoldTalk => {
    if (!isObject(v)) return fail(`${where} must be an object`);
    if (typeof v.title !== 'string') fail(`${where}.title must be a string`);
    const affiliations = v.affiliations;
    if (
      affiliations !== undefined &&
      (!isObject(affiliations) || Object.values(affiliations).some((o) => typeof o !== 'string'))
    )
      fail(`${where}.affiliations must map speakers to organizations`);
    if (v.title_alt !== undefined && typeof v.title_alt !== 'string')
      fail(`${where}.title_alt must be a string`);
    return {
      title: v.title as string,
      speakers: strings(v.speakers, `${where}.speakers`),
      affiliations: affiliations as Record<string, string> | undefined,
      kind: typeof v.kind === 'string' ? v.kind : undefined,
      title_alt: v.title_alt as string | undefined,
      speakers_alt:
        v.speakers_alt === undefined ? undefined : strings(v.speakers_alt, `${where}.speakers_alt`),
    };
  };
  const talks = (v: unknown, what: string): GoldTalk[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return fail(`${what} must be a list`);
    return v.map((item, index) => talk(item, `${what}[${index}]`));
  };
  if (!isObject(value)) return fail('a gold file must hold a JSON object');
  if (!Array.isArray(value.talks)) fail('talks must be a list');
  const notTalks = value.not_talks ?? [];
  if (!Array.isArray(notTalks)) return fail('not_talks must be a list');
  return {
    event: typeof value.event === 'string' ? value.event : undefined,
    talks: talks(value.talks, 'talks'),
    optional_talks: talks(value.optional_talks, 'optional_talks'),
    // Gold files may hold null for "no not-talks".
    not_talks: notTalks.filter((t): t is string => typeof t === 'string'),
    notes: typeof value.notes === 'string' ? value.notes : undefined,
  };
}

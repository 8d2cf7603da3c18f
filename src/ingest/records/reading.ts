// One record read at its best: the title candidate and the people candidate the model finds most
// likely (compatible: two sides of one cut of a line, or different lines), then whether the record
// so read is a talk. Every probability comes from the fitted model; the evidence is the features
// that moved each decision.
import {
  choiceProbabilities,
  contributions,
  type Features,
  featureValue,
  logit,
  probability,
} from '../model/logistic.js';
import type { FieldEvidence } from '../types.js';
import type { PeopleCandidate, TitleCandidate } from './candidates.js';
import { isKindOnly, itemWordShare } from './programme-words.js';
import type { ReaderModel } from './reader-model.js';

export type { FieldEvidence };

export interface Reading {
  title: TitleCandidate;
  titleProbability: number;
  people: PeopleCandidate | null;
  peopleProbability: number;
  talkProbability: number;
  talkFeatures: Features;
}

/** Context the record's own lines do not give: its kind of unit and how many siblings share its shape. */
export interface RecordContext {
  unit: string;
  /** A record over several rows whose later rows leave the first one's leading column empty (a continuation). */
  continues?: boolean;
  /** How many units a window spans (absent for a unit of its own). */
  parts?: number;
  /** A window over several units with running text between its first and its last (an abstract). */
  proseInside?: boolean;
  siblings: number;
  lines: number;
}

/** A title and people that do not take the same characters of a line. */
function compatible(title: TitleCandidate, people: PeopleCandidate): boolean {
  if (!people.lines.includes(title.line)) return true;
  // On one line, the title and its people are the two sides of one cut: a title cut at one dash and
  // names cut at another would drop the words between them.
  if (people.line === title.line && people.parse >= 0 && title.parse > 0 && people.parse !== title.parse)
    return false;
  return people.parse !== -2 && (title.to <= people.from || people.to <= title.from);
}

/**
 * Candidates that read the same thing by different cuts share one probability: the softmax spreads
 * a reading over its duplicates, so their probabilities are summed back per reading — a title per
 * text, people per the names they give ("Ann Lee (@ann)", "Ann Lee (@ann" and "Ann Lee" are one).
 */
function byReading<C>(
  candidates: readonly C[],
  probabilities: readonly number[],
  offset: number,
  key: (c: C) => string,
) {
  const total = new Map<string, number>();
  candidates.forEach((c, i) => {
    total.set(key(c), (total.get(key(c)) ?? 0) + (probabilities[i + offset] as number));
  });
  return candidates.map((c, i) => ({
    c,
    p: total.get(key(c)) as number,
    own: probabilities[i + offset] as number,
  }));
}

const titleKey = (c: TitleCandidate) => c.text;
const peopleKey = (c: PeopleCandidate) => c.people.map((p) => p.name.toLowerCase()).join('\u0000');

/** How many candidates of each role are paired: the rest are too unlikely to matter. */
const shortlist = 4;

/** The option of "no people in this record", scored with the people candidates. */
export const noPeople: Features = { 'p.null': 1 };

const squash = (x: number) => Math.round(Math.tanh(x / 4) * 1000) / 1000;

/** The first feature name of `parts` that `pattern` matches, as the match ("t.label:title" → "title"). */
function firstFeature(parts: readonly Features[], pattern: RegExp): RegExpExecArray | null {
  for (const part of parts)
    for (const key in part) {
      const found = pattern.exec(key);
      if (found) return found;
    }
  return null;
}

export function talkFeaturesOf(
  title: TitleCandidate,
  titleProbability: number,
  people: PeopleCandidate | null,
  peopleProbability: number,
  context: RecordContext,
  model: ReaderModel,
): Features {
  const features: Features = {
    'r.title': titleProbability,
    'r.titleScore': squash(logit(model.title, title.features)),
    'r.people': people ? peopleProbability : 0,
    'r.peopleScore': people
      ? squash(logit(model.people, people.features) - logit(model.people, noPeople))
      : 0,
    'r.siblings': Math.round(Math.log1p(context.siblings) * 1000) / 1000,
    'r.lines': Math.round(Math.log1p(context.lines) * 1000) / 1000,
  };
  if (!people) features['r.noPeople'] = 1;
  else features['r.count'] = Math.min(4, people.people.length) / 4;
  const items = itemWordShare(title.text);
  if (items.share) features['r.itemWords'] = items.share;
  if (items.first) features['r.itemFirst'] = 1;
  if (items.ceremony) features['r.ceremony'] = 1;
  if (isKindOnly(title.text)) features['r.kindOnly'] = 1;
  const t = (name: string) => featureValue(title.features, name);
  const p = (name: string) => (people ? featureValue(people.features, name) : 0);
  const name = t('t.name');
  if (name) features['r.titleName'] = name;
  if (people) {
    features['r.peopleName'] = p('p.name');
    // Where the people were found: the record's own lines, its write-up's sentences, the page.
    if (p('p.prose')) features['r.peopleProse'] = p('p.prose');
    if (p('p.context')) {
      features['r.peopleContext'] = 1;
      for (const part of people.features)
        for (const key in part) if (key.startsWith('p.contextFrom:')) features[`r.${key.slice(2)}`] = 1;
      if (p('p.contextNoLine')) features['r.contextNoLine'] = 1;
    }
    if (p('p.group')) features['r.peopleNested'] = 1;
    if (p('p.structured')) features['r.peopleStructured'] = 1;
    const column = p('cp:p.name');
    if (column) features['r.peopleColumnName'] = column;
  }
  // What the title's and the people's labels say, and whether the "title" reads as sentences:
  // a person's record (a name and a bio) is not a talk.
  // What the title looks like and where it was cut from: an organization's name, text from inside
  // brackets, a cut through a line of names are seldom a talk's title.
  for (const part of title.features)
    for (const key in part) {
      if (key.startsWith('t.label:')) features[`r.titleLabel:${key.slice(8)}`] = part[key] as number;
      else if (key.startsWith('t.length:')) features[`r.titleLength:${key.slice(9)}`] = 1;
      else if (key.startsWith('t.sep:') && key.split(':').length === 3)
        features[`r.titleCut:${key.slice(6)}`] = 1;
      else if (
        key === 't.organization' ||
        key === 't.bracketed' ||
        key === 't.unbalanced' ||
        key === 't.whole'
      )
        features[`r.title${key[2]?.toUpperCase()}${key.slice(3)}`] = 1;
    }
  if (people)
    for (const part of people.features)
      for (const key in part)
        if (key.startsWith('p.label:')) features[`r.peopleLabel:${key.slice(8)}`] = part[key] as number;
  // The two labels together: "name" beside "title" is a talk's speaker, "name" beside "bio" a person's record.
  const titleLabel = firstFeature(title.features, /^t\.label:(.*)/)?.[1];
  const peopleLabel = people ? firstFeature(people.features, /^p\.label:(.*)/)?.[1] : null;
  if (titleLabel && peopleLabel) features[`r.labels:${titleLabel}+${peopleLabel}`] = 1;
  if (t('t.sentences')) features['r.titleSentences'] = 1;
  if (context.continues) features['r.continues'] = 1;
  // A record starts with its title: a title further down a window is another record's tail.
  const partOf = (parts: readonly Features[]) => Number(firstFeature(parts, /^[tp]\.part(\d)/)?.[1] ?? 0);
  const later = (parts: readonly Features[]) => partOf(parts) > 0;
  // A window that goes on past its title and people holds the start of the next record.
  if (
    context.parts &&
    context.parts - 1 > Math.max(partOf(title.features), people ? partOf(people.features) : 0)
  )
    features['r.unitsAfter'] = 1;
  const titleLater = later(title.features);
  if (titleLater) features['r.titleLater'] = 1;
  if (people && later(people.features) && !titleLater) {
    features['r.peopleLater'] = 1;
    if (context.proseInside) features['r.peopleAfterProse'] = 1;
    // A line of its own that is only names (a listing's speaker line), not names inside sentences.
    if (p('p.whole')) features['r.peopleLaterLine'] = 1;
  }
  features['r.titleWords'] = t('t.words');
  const columnCoverage = t('ct:coverage');
  if (columnCoverage) features['r.titleCoverage'] = columnCoverage;
  return features;
}

export function readRecord(
  titles: readonly TitleCandidate[],
  people: readonly PeopleCandidate[],
  context: RecordContext,
  model: ReaderModel,
): Reading | null {
  if (titles.length === 0) return null;
  const titleP = choiceProbabilities(
    model.title,
    titles.map((c) => c.features),
  );
  const scoredTitles = byReading(titles, titleP, 0, titleKey)
    .sort((a, b) => b.p - a.p || b.own - a.own)
    .slice(0, shortlist * 2);
  const peopleP = choiceProbabilities(model.people, [noPeople, ...people.map((c) => c.features)]);
  const scoredPeople = byReading(people, peopleP, 1, peopleKey)
    .sort((a, b) => b.p - a.p || b.own - a.own)
    .slice(0, shortlist * 2);
  // The record's readings are pairs of a title and people (or none) that do not overlap; a pair's
  // probability is its share of all the pairs, so a whole line ("Title by Name") does not split
  // the title's probability with its own cut when only the cut leaves room for the names.
  const noneP = peopleP[0] as number;
  type Pair = {
    title: (typeof scoredTitles)[number];
    people: (typeof scoredPeople)[number] | null;
    weight: number;
  };
  const pairs: Pair[] = [];
  for (const t of scoredTitles) {
    pairs.push({ title: t, people: null, weight: t.own * noneP });
    for (const q of scoredPeople)
      if (compatible(t.c, q.c)) pairs.push({ title: t, people: q, weight: t.own * q.own });
  }
  const total = pairs.reduce((sum, pair) => sum + pair.weight, 0);
  if (pairs.length === 0 || total <= 0) return null;
  // Candidates that read the same are one reading: their pairs' shares add up; the reading is shown
  // by its likeliest pair.
  const shareOf = new Map<string, number>();
  const keyOf = (pair: Pair) =>
    `${titleKey(pair.title.c)}\u0001${pair.people ? peopleKey(pair.people.c) : ''}`;
  for (const pair of pairs) shareOf.set(keyOf(pair), (shareOf.get(keyOf(pair)) ?? 0) + pair.weight / total);
  let best = pairs[0] as Pair;
  for (const pair of pairs) {
    const gain = (shareOf.get(keyOf(pair)) ?? 0) - (shareOf.get(keyOf(best)) ?? 0);
    if (gain > 0 || (gain === 0 && keyOf(pair) === keyOf(best) && pair.weight > best.weight)) best = pair;
  }
  const share = shareOf.get(keyOf(best)) ?? 0;
  const titleShare =
    pairs
      .filter((p) => titleKey(p.title.c) === titleKey(best.title.c))
      .reduce((sum, p) => sum + p.weight, 0) / total;
  const bestPeople = best.people ? peopleKey(best.people.c) : null;
  const peopleShare =
    bestPeople !== null
      ? pairs
          .filter((p) => p.people && peopleKey(p.people.c) === bestPeople)
          .reduce((sum, p) => sum + p.weight, 0) / total
      : 0;
  const talkFeatures = talkFeaturesOf(
    best.title.c,
    titleShare,
    best.people?.c ?? null,
    peopleShare,
    context,
    model,
  );
  talkFeatures['r.pair'] = Math.round(share * 1000) / 1000;
  return {
    title: best.title.c,
    titleProbability: titleShare,
    people: best.people?.c ?? null,
    peopleProbability: peopleShare,
    talkProbability: probability(model.talk, talkFeatures),
    talkFeatures,
  };
}
/**
 * Why an entry read as no talk was skipped, for the report: what it gives as people reads as no
 * one's name ("Lunch" with its type "Service"), or it names someone and still reads as no talk.
 */
export function skipReason(people: readonly { confidence: number }[]): string {
  return people.some((p) => p.confidence >= 0.5) ? 'not read as a talk' : 'no speaker named';
}

/** The evidence of a reading, per field, for --dry-run and the ingest report. */
export function evidenceOf(
  reading: Reading,
  model: ReaderModel,
  place: (candidate: {
    line: number;
    parse: number;
  }) => Omit<FieldEvidence, 'field' | 'probability' | 'signals'>,
): FieldEvidence[] {
  const round = (p: number) => Math.round(p * 1000) / 1000;
  const out: FieldEvidence[] = [
    {
      field: 'title',
      ...place(reading.title),
      probability: round(reading.titleProbability),
      signals: contributions(model.title, reading.title.features),
    },
  ];
  if (reading.people)
    out.push({
      field: 'speakers',
      ...place(reading.people),
      probability: round(reading.peopleProbability),
      signals: contributions(model.people, reading.people.features),
    });
  out.push({
    field: 'talk',
    ...place(reading.title),
    probability: round(reading.talkProbability),
    signals: contributions(model.talk, reading.talkFeatures),
  });
  return out;
}

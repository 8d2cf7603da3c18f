// Fits the reader model from labelled documents: the gold files say which titles and speakers a
// document holds, and aligning them with the reader's own candidates labels every candidate. Three
// logistic models are fitted in turn — titles, people, then talks (whose features are the first two
// models' probabilities). Deterministic: the same documents give the same model.
import { type GoldDocument, personKey, textKey } from '../evaluation.js';
import { dataOf, markupOf } from '../parse.js';
import type { DataValue } from '../read/data.js';
import { DataReader } from '../records/data-records.js';
import {
  allUnits,
  contextPeople,
  headingPairs,
  prepareUnits,
  prosePeopleOf,
  readUnits,
  type Unit,
  unitsOf,
} from '../records/find.js';
import { prosePairs } from '../records/prose.js';
import { type ReaderModel, untrainedModel } from '../records/reader-model.js';
import { noPeople } from '../records/reading.js';
import { type ChoiceExample, type Example, type FeatureParts, train, trainChoice } from './logistic.js';

export interface LabelledDocument {
  name: string;
  /** The document's text; for a set of files, empty (the files are in `files`). */
  text: string;
  /** A folder read as one set of documents, when the gold describes the folder. */
  files?: { name: string; text: string }[];
  gold: GoldDocument;
  /** Where the document comes from: documents of one source are held out together. */
  source: string;
}

type GoldItem = {
  kind: 'talk' | 'optional' | 'not';
  speakers: Set<string>[];
  /** The titles as written (writtenKey): what tells the title from a slug made of it. */
  written: Set<string>;
};

/**
 * A title as written, without its punctuation: "Nix(OS) – Ein Überblick" and "Nix(OS) - Ein
 * Überblick" are one, "nix-os-ein-uberblick" (a key or a page's slug spelling it) is not.
 */
const writtenKey = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Gold titles by key: talks, optional items and not-talks. */
function goldItems(gold: GoldDocument): Map<string, GoldItem> {
  const items = new Map<string, GoldItem>();
  const people = (names: string[], alt?: string[]) =>
    names.map((name, i) => new Set([personKey(name), ...(alt?.[i] ? [personKey(alt[i] as string)] : [])]));
  for (const talk of gold.talks) {
    const item: GoldItem = {
      kind: 'talk',
      speakers: people(talk.speakers, talk.speakers_alt),
      written: new Set([talk.title, talk.title_alt ?? ''].filter(Boolean).map(writtenKey)),
    };
    for (const title of [talk.title, talk.title_alt]) if (title) items.set(textKey(title), item);
  }
  for (const talk of gold.optional_talks) {
    const key = textKey(talk.title);
    if (!items.has(key))
      items.set(key, {
        kind: 'optional',
        speakers: people(talk.speakers),
        written: new Set([writtenKey(talk.title)]),
      });
  }
  for (const title of gold.not_talks) {
    const key = textKey(title);
    if (!items.has(key)) items.set(key, { kind: 'not', speakers: [], written: new Set([writtenKey(title)]) });
  }
  return items;
}

/** The people named match the gold speakers exactly (any order, any spelling the gold allows). */
function samePeople(names: readonly string[], gold: readonly Set<string>[]): boolean {
  if (names.length !== gold.length || gold.length === 0) return false;
  const keys = names.map(personKey);
  return gold.every((alternatives) => keys.some((k) => alternatives.has(k)));
}

function anyPeople(names: readonly string[], gold: readonly Set<string>[]): boolean {
  const keys = names.map(personKey);
  return gold.some((alternatives) => keys.some((k) => alternatives.has(k)));
}

interface AlignedUnit {
  unit: Unit;
  /** The gold item the unit holds, when it holds exactly one. */
  item: GoldItem | null;
  itemKey: string | null;
  /** How many gold titles the unit's candidates hold. */
  held: number;
}

function align(units: readonly Unit[], items: Map<string, GoldItem>): AlignedUnit[] {
  const out: AlignedUnit[] = [];
  // Every unit, windows over consecutive units included.
  for (const unit of allUnits(units)) {
    const titles = unit.candidates?.titles ?? [];
    const keys = new Set(titles.map((t) => textKey(t.text)).filter((k) => items.has(k)));
    const only = keys.size === 1 ? ([...keys][0] as string) : null;
    out.push({ unit, item: only ? (items.get(only) as GoldItem) : null, itemKey: only, held: keys.size });
  }
  return out;
}

export interface DocumentUnits {
  document: LabelledDocument;
  units: Unit[];
  aligned: AlignedUnit[];
}

/** The units of a set of files: each markup's tree, and the objects of its data files read together. */
export function unitsOfSet(files: readonly { name: string; text: string }[]): Unit[] {
  const units: Unit[] = [];
  const root: { [key: string]: DataValue } = {};
  for (const file of files) {
    const markup = markupOf(file.text, file.name);
    if (markup) {
      const own = unitsOf(markup.tree);
      prepareUnits(own, contextPeople(markup.tree, markup.meta));
      units.push(...own);
      continue;
    }
    const data = dataOf(file.text, file.name);
    if (data !== null) root[file.name] = data;
  }
  if (Object.keys(root).length) units.push(...new DataReader(root).units());
  return units;
}

/** The units the reader reads in a document: a markup's tree, or a data file's objects. */
export function unitsOfDocument(text: string, name: string): Unit[] | null {
  const markup = markupOf(text, name);
  if (markup) {
    const units = unitsOf(markup.tree);
    prepareUnits(units, contextPeople(markup.tree, markup.meta));
    return units;
  }
  const data = dataOf(text, name);
  return data === null ? null : new DataReader(data).units();
}

function documentUnits(document: LabelledDocument): DocumentUnits | null {
  let units: Unit[] | null;
  try {
    units = document.files ? unitsOfSet(document.files) : unitsOfDocument(document.text, document.name);
  } catch {
    return null;
  }
  if (!units) return null;
  return { document, units, aligned: align(units, goldItems(document.gold)) };
}

/** A choice whose right option is the first one marked right; the other right ones are left out. */
function choiceOf(options: FeatureParts[], right: boolean[]): ChoiceExample | null {
  const chosen = right.indexOf(true);
  if (chosen < 0 || options.length < 2) return null;
  const kept = options.filter((_, i) => i === chosen || !right[i]);
  return { options: kept, chosen: kept.indexOf(options[chosen] as FeatureParts) };
}

/** Each document weighs the same in total, whatever its length: a long one does not drown the rest. */
function perDocument<E extends { weight?: number }>(examples: E[][]): E[] {
  return examples.flatMap((list) => {
    const weight = 1 / Math.sqrt(Math.max(1, list.length));
    return list.map((e) => ({ ...e, weight: (e.weight ?? 1) * weight }));
  });
}

export interface TrainReport {
  documents: number;
  examples: { title: number; people: number; talk: number; prose: number };
}

/** The documents' units and their alignment with the gold: what training reads, prepared once. */
export function prepareDocuments(documents: readonly LabelledDocument[]): DocumentUnits[] {
  return documents.flatMap((d) => documentUnits(d) ?? []);
}

export function trainReader(documents: readonly LabelledDocument[] | readonly DocumentUnits[]): {
  model: ReaderModel;
  report: TrainReport;
} {
  const prepared = documents.map((d) => ('aligned' in d ? d : documentUnits(d))).filter((d) => d !== null);
  const model = untrainedModel();
  // Prose first: the people a heading's write-up names are candidates for the other models.
  const proseExamples: Example[][] = [];
  for (const { units, aligned, document } of prepared) {
    const items = goldItems(document.gold);
    const examples: Example[] = [];
    const speaks = (item: GoldItem | undefined | null, name: string) =>
      item?.kind === 'talk' && item.speakers.some((alternatives) => alternatives.has(personKey(name)));
    for (const unit of allUnits(units)) {
      if (unit.node.kind !== 'text' || unit.context.unit !== 'text') continue;
      const text = unit.node.inlines
        .map((r) => r.text)
        .join('')
        .replace(/\n/g, ' ');
      for (const pair of prosePairs(text, unit.node.inlines, 0, null))
        examples.push({
          features: pair.features,
          label: speaks(items.get(textKey(pair.title.text)), pair.person.name) ? 1 : 0,
        });
    }
    for (const { unit, item } of aligned) {
      if (item?.kind !== 'talk') continue;
      for (const { pair } of headingPairs(unit))
        examples.push({ features: pair.features, label: speaks(item, pair.person.name) ? 1 : 0 });
    }
    proseExamples.push(examples);
  }
  const clock = process.env.TALKGRAPH_TRAIN_TIMES
    ? (what: string) => console.error(what, Math.round(performance.now()))
    : () => {};
  clock('prose examples');
  model.prose = train(perDocument(proseExamples));
  clock('prose model');
  for (const { units } of prepared)
    for (const unit of allUnits(units)) unit.prosePeople = prosePeopleOf(unit, model);

  const titleExamples: ChoiceExample[][] = [];
  const peopleExamples: ChoiceExample[][] = [];
  for (const { aligned } of prepared) {
    const titles: ChoiceExample[] = [];
    const people: ChoiceExample[] = [];
    for (const { unit, item, itemKey } of aligned) {
      if (!item || !itemKey) continue;
      const candidates = unit.candidates ?? { titles: [], people: [] };
      const talk = item.kind === 'talk' && item.speakers.length > 0;
      const peopleCandidates = talk ? [...candidates.people, ...(unit.prosePeople ?? [])] : [];
      const right = peopleCandidates.map((c) =>
        samePeople(
          c.people.map((p) => p.name),
          item.speakers,
        ),
      );
      // A talk's title is learnt from units that hold its whole record (title and people), not from
      // a span that cuts through records (the last lines of one and the title of the next).
      if (talk && !right.some(Boolean)) continue;
      // A record starts with its own title or people: a span over several units that starts with
      // another record's last lines is not this talk's record.
      const partOf = (line: number) => unit.views[line]?.line.part ?? 0;
      const startsHere =
        candidates.titles.some((c, i) => partOf(c.line) === 0 && textKey(c.text) === itemKey && i >= 0) ||
        peopleCandidates.some((c, i) => right[i] && partOf(c.line) === 0);
      if (!startsHere) continue;
      // The right title is the one written as the gold writes it, when a candidate is; else any that
      // reads the same.
      const written = candidates.titles.map((c) => item.written.has(writtenKey(c.text)));
      const example = choiceOf(
        candidates.titles.map((c) => c.features),
        written.some(Boolean) ? written : candidates.titles.map((c) => textKey(c.text) === itemKey),
      );
      if (example) titles.push(example);
      if (!talk) continue;
      const choice = choiceOf([noPeople, ...peopleCandidates.map((c) => c.features)], [false, ...right]);
      if (choice) people.push(choice);
    }
    titleExamples.push(titles);
    peopleExamples.push(people);
  }
  clock('choice examples');
  model.title = trainChoice(perDocument(titleExamples));
  model.people = trainChoice(perDocument(peopleExamples));
  clock('title and people models');

  const talkExamples: Example[][] = [];
  for (const { units, aligned } of prepared) {
    readUnits(units, model);
    const talks: Example[] = [];
    for (const { unit, item, itemKey, held } of aligned) {
      const reading = unit.reading;
      if (!reading || item?.kind === 'optional') continue;
      const right =
        item?.kind === 'talk' &&
        held === 1 &&
        textKey(reading.title.text) === itemKey &&
        reading.people !== null &&
        anyPeople(
          reading.people.people.map((p) => p.name),
          item.speakers,
        );
      talks.push({ features: reading.talkFeatures, label: right ? 1 : 0 });
    }
    talkExamples.push(talks);
  }
  clock('talk examples');
  model.talk = train(perDocument(talkExamples));
  clock('talk model');
  return {
    model,
    report: {
      documents: prepared.length,
      examples: {
        title: titleExamples.flat().length,
        people: peopleExamples.flat().length,
        talk: talkExamples.flat().length,
        prose: proseExamples.flat().length,
      },
    },
  };
}

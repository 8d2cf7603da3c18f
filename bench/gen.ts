// `npm run gen -- --talks N --seed S --out DIR [--check]`: a deterministic synthetic corpus of talk
// listings and event recaps (events of 20–80 talks, Zipf-distributed topics and speakers, 5%
// multi-speaker talks, accented names, affiliations in prose) and a truth file of what it holds.
// With --check, extracts every document and reports precision and recall of speakers and topics.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractDocument } from '../src/ingest/extract.js';
import { canonicalTopic } from '../src/ingest/topics/topics.js';
import { defaultVocabulary } from '../src/ingest/topics/vocabulary.js';
import { slugify } from '../src/store/slug.js';

export interface TruthTalk {
  title: string;
  speakers: string[];
  topics: string[];
  affiliations: { speaker: string; organization: string }[];
}
export interface TruthDocument {
  file: string;
  layout: 'listing' | 'recap';
  event: { name: string; year: number; city: string };
  talks: TruthTalk[];
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws indexes 0..n-1 with probability ∝ 1 / (rank + 1)^s: a few very common, a long tail. */
function zipf(n: number, s: number, rand: () => number) {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  return () => {
    const r = rand();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const firstNames =
  'Ada Amara Ana Arjun Björn Camille Chen Dana Darius Elif Émile Fatima Felipe Freya Greta Hana Ibrahim Inês Ivo Jonas José Julia Kenji Kwame Lars Leila Lena Luis Maya Mei Mia Nadia Noor Olúwaseun Oren Priya Rafael Ravi Renée Rosa Ruth Sami Sofia Søren Tomasz Uma Verónica Wei Yusuf Zoë Zainab Mateo Aisha Nikolai Ingrid Kofi Lucía Matías Hiroshi Anaïs'.split(
    ' ',
  );
const lastNames =
  'Adé Åberg Berg Carvalho Chen Dubois Demir Fernández García Haddad Hoffmann Iyer Katz Kowalski Lindqvist Mensah Morimoto Müller Núñez Okafor Okonkwo Petrov Raman Ruiz Sato Schmidt Silva Suzuki Vogel Whitfield Wiśniewski Yilmaz Zhang Novak Moreau Rossi Nakamura Kaur Jensen Costa Ivanova Dimitrov Lopes Haugen'.split(
    ' ',
  );
const orgWords =
  'North Blue Iron Cedar Harbor Quill Lumen Fjord Kestrel Tidal Copper Granite Willow Orbit Ember Nimbus Atlas Pebble'.split(
    ' ',
  );
const orgKinds = 'Labs Systems Analytics Cloud Works Data Software Networks Health Robotics'.split(' ');
const eventWords =
  'Lakeside Mountain River Harbor Prairie Summit Coastal Canyon Forest Meadow Glacier Island'.split(' ');
const eventKinds =
  'Systems Summit|Data Days|Infra Conf|Dev Summit|Backend Forum|Cloud Days|Code Camp|Platform Con'.split('|');
const cities: [string, string][] = [
  ['SF', 'San Francisco'],
  ['NYC', 'New York'],
  ['BER', 'Berlin'],
  ['CHI', 'Chicago'],
  ['LDN', 'London'],
  ['AMS', 'Amsterdam'],
  ['SEA', 'Seattle'],
  ['ATX', 'Austin'],
];
const titleTemplates = [
  (a: string) => `${cap(a)} in Practice`,
  (a: string) => `Scaling ${cap(a)}`,
  (a: string, b: string) => `${cap(a)} Meets ${cap(b)}`,
  (a: string) => `A Deep Dive into ${cap(a)}`,
  (a: string) => `Lessons from a Decade of ${cap(a)}`,
  (a: string, b: string) => `${cap(a)} for ${cap(b)} Teams`,
  (a: string) => `What Nobody Tells You About ${cap(a)}`,
];
const sentences = [
  (a: string, b: string) => `This talk explores ${a} for teams that already run ${b} in production.`,
  (a: string) => `We start from first principles and build up a working mental model of ${a}.`,
  (a: string, b: string) =>
    `Along the way we look at how ${a} interacts with ${b}, with measurements from real systems.`,
  (a: string) => `Expect war stories, a few graphs and practical advice on ${a}.`,
  (_a: string, b: string) => `The second half compares approaches to ${b} and when each one pays off.`,
];
const cap = (text: string) => text.replace(/(^|\s)(\p{Ll})/gu, (_match, space, c) => space + c.toUpperCase());

export function generate(options: { talks: number; seed: number; out: string }): TruthDocument[] {
  const rand = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const vocabulary = JSON.parse(
    readFileSync(new URL('../data/vocabulary.json', import.meta.url), 'utf8'),
  ) as {
    topics: string[];
  };
  const topicLabels = vocabulary.topics
    .map((t) => t.split('|')[0] as string)
    .filter((t) => /^[a-z]/.test(t) && t.length > 4);
  const topicOf = zipf(topicLabels.length, 1.05, rand);
  const speakerCount = Math.max(20, Math.round(options.talks / 3));
  const speakers = Array.from({ length: speakerCount }, (_, i) => {
    const name = `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]}${i >= firstNames.length * lastNames.length ? ` ${cap(slugify(String(i)))}` : ''}`;
    return {
      name,
      handle: rand() < 0.4 ? slugify(name).replace(/-/g, '').slice(0, 14) + (i % 97) : null,
      org: `${pick(orgWords)} ${pick(orgKinds)}`,
    };
  });
  const speakerOf = zipf(speakers.length, 0.9, rand);
  mkdirSync(join(options.out, 'documents'), { recursive: true });
  const documents: TruthDocument[] = [];
  let made = 0;
  for (let e = 0; made < options.talks; e++) {
    const size = Math.min(options.talks - made, 20 + Math.floor(rand() * 61));
    const [abbreviation, city] = pick(cities);
    const year = 2012 + Math.floor(rand() * 13);
    const name = `${pick(eventWords)} ${pick(eventKinds)} ${e + 1}`;
    const layout = rand() < 0.6 ? 'listing' : 'recap';
    const titles = new Set<string>();
    const talks: TruthTalk[] = [];
    const blocks: string[] = [];
    for (let t = 0; t < size; t++) {
      const topics = [
        ...new Set([topicLabels[topicOf()], topicLabels[topicOf()], topicLabels[topicOf()]]),
      ] as string[];
      const [a, b = a, c = b] = topics as [string, string?, string?];
      let title = (pick(titleTemplates) as (x: string, y: string) => string)(a, b);
      if (titles.has(title)) title = `${title}, Part ${t + 1}`;
      titles.add(title);
      const people = [speakers[speakerOf()]];
      if (rand() < 0.05) people.push(speakers[speakerOf()]);
      const unique = [...new Map(people.map((p) => [p?.name, p])).values()] as (typeof speakers)[number][];
      const abstract = [0, 1, 2]
        .map((i) =>
          (sentences[(t + i) % sentences.length] as (x: string, y: string) => string)(i === 2 ? c : a, b),
        )
        .join(' ');
      const affiliations: TruthTalk['affiliations'] = [];
      if (layout === 'listing') {
        const truncated = rand() < 0.3 ? `${abstract.slice(0, 180).replace(/\s+\S*$/, '')}...` : abstract;
        blocks.push(
          `${title}\n\n${truncated}\n\n${unique.map((p) => p.name).join(unique.length > 1 ? ' & ' : '')}`,
        );
      } else {
        const byline = unique.map((p) => (p.handle ? `${p.name} @${p.handle}` : p.name)).join(' & ');
        const first = unique[0] as (typeof unique)[number];
        const affiliation =
          rand() < 0.5 ? `${first.name.split(' ')[0]} is an engineer at ${first.org}. ` : '';
        if (affiliation) affiliations.push({ speaker: first.name, organization: first.org });
        blocks.push(`${title} by ${byline}\n\n${affiliation}${abstract}`);
      }
      talks.push({ title, speakers: unique.map((p) => p.name), topics, affiliations });
    }
    const file = `${String(e + 1).padStart(5, '0')}-${slugify(name)}.txt`;
    const header =
      layout === 'listing'
        ? `${name} ${abbreviation} ${year}\n\n\n`
        : `${name} ${year} Recap\n\nA day of talks at the Grand Hall in ${city}. Here is what we saw.\n\n`;
    const footer = layout === 'recap' ? '\n\nLeave a Comment\n' : '\n';
    writeFileSync(
      join(options.out, 'documents', file),
      header + blocks.join(layout === 'listing' ? '\n\n\n' : '\n\n') + footer,
    );
    documents.push({ file, layout, event: { name, year, city }, talks });
    made += size;
  }
  writeFileSync(
    join(options.out, 'truth.json'),
    `${JSON.stringify({ seed: options.seed, talks: made, documents }, null, 1)}\n`,
  );
  return documents;
}

/** Precision and recall of extracted speakers and topics against the truth. */
export function check(out: string, documents: TruthDocument[]) {
  const vocabulary = defaultVocabulary();
  let speakerHits = 0;
  let speakerExtracted = 0;
  let speakerTruth = 0;
  let topicHits = 0;
  let topicExtracted = 0;
  let topicTruth = 0;
  let topicRecallHits = 0;
  let talksFound = 0;
  let talksTruth = 0;
  for (const doc of documents) {
    const extracted = extractDocument(readFileSync(join(out, 'documents', doc.file), 'utf8'));
    const byTitle = new Map(extracted.talks.map((t) => [t.title, t]));
    talksTruth += doc.talks.length;
    for (const truth of doc.talks) {
      const talk = byTitle.get(truth.title);
      speakerTruth += truth.speakers.length;
      topicTruth += truth.topics.length;
      if (!talk) continue;
      talksFound++;
      const names = talk.speakers.map((s) => s.name);
      speakerExtracted += names.length;
      speakerHits += names.filter((n) => truth.speakers.includes(n)).length;
      // A tag counts as right when it is one of the truth's topics or a wider topic of one.
      const right = new Set(
        truth.topics.flatMap((t) => {
          const entry = vocabulary.entries.find((e) => e.kind === 'topic' && e.label === t);
          return [
            canonicalTopic(t, vocabulary).slug,
            ...(entry?.broader ?? []).flatMap((b) => [b.slug, ...b.broader.map((x) => x.slug)]),
          ];
        }),
      );
      const slugs = talk.topics.map((t) => t.slug);
      topicExtracted += slugs.length;
      topicHits += slugs.filter((s) => right.has(s)).length;
      const truthSlugs = truth.topics.map((t) => canonicalTopic(t, vocabulary).slug);
      topicRecallHits += truthSlugs.filter((s) => slugs.includes(s)).length;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  const result = {
    talks: { found: talksFound, truth: talksTruth, recall: ratio(talksFound, talksTruth) },
    speakers: { precision: ratio(speakerHits, speakerExtracted), recall: ratio(speakerHits, speakerTruth) },
    topics: { precision: ratio(topicHits, topicExtracted), recall: ratio(topicRecallHits, topicTruth) },
  };
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      talks: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/out/corpus' },
      check: { type: 'boolean', default: false },
    },
  });
  const talks = Number(values.talks);
  const seed = Number(values.seed);
  if (!Number.isInteger(talks) || talks < 1 || !Number.isInteger(seed)) {
    process.stderr.write('gen: --talks and --seed must be integers, --talks at least 1\n');
    process.exit(2);
  }
  const started = performance.now();
  const documents = generate({ talks, seed, out: values.out as string });
  process.stdout.write(
    `generated ${talks} talks in ${documents.length} documents under ${values.out} (${Math.round(performance.now() - started)} ms)\n`,
  );
  if (values.check)
    process.stdout.write(`${JSON.stringify(check(values.out as string, documents), null, 2)}\n`);
}

// The generated-documents suite: one truth rendered by many layout families, languages and scripts,
// each document with a gold file. These tests hold the promises the reader's training and its
// held-out-family evaluation rely on: the suite is deterministic, broad, parseable, and its gold
// says only what the documents show.
import { describe, expect, it, vi } from 'vitest';
import { parseGold, personKey, textKey } from '../../src/ingest/evaluation.js';
import {
  type DataValue,
  readCsv,
  readIcal,
  readJson,
  readXml,
  readYaml,
} from '../../src/ingest/read/data.js';
import {
  type GeneratedDocument,
  generateDocuments,
  layoutFamilies,
} from '../../src/ingest/training/generated-documents.js';

const perFamily = 8;
const suite = generateDocuments({ seed: 11, perFamily });

function extension(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).toLowerCase();
}

const dataExtensions = new Set(['json', 'yml', 'yaml', 'csv', 'tsv', 'xml', 'ics']);

/** Every string a parsed data file holds (keys included). */
function strings(value: DataValue | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      strings(item, out);
    }
  return out;
}

/** A data file through the reader's own parser. */
function parseData(name: string, text: string): DataValue {
  switch (extension(name)) {
    case 'json':
      return readJson(text);
    case 'yml':
    case 'yaml':
      return readYaml(text);
    case 'csv':
    case 'tsv':
      return readCsv(text);
    case 'xml':
      return readXml(text);
    default:
      return readIcal(text);
  }
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** What a reader sees of a file once its markup is removed, as far as titles and names go. */
function readableText(name: string, text: string): string {
  if (dataExtensions.has(extension(name))) return strings(parseData(name, text)).join('\n');
  let readable = text
    .replace(/\]\([^)\s]*\)/g, ']')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/&(#\d+|\w+);/g, (whole, entity: string) =>
      entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : (entities[entity] ?? whole),
    );
  if (extension(name) === 'tex') readable = readable.replace(/\\([&%$#_{}])/g, '$1');
  // Front matter is YAML: its quoted values read unescaped.
  const frontMatter = /^---\n([\s\S]*?)\n---/.exec(readable);
  if (frontMatter?.[1]) readable += `\n${strings(readYaml(frontMatter[1])).join('\n')}`;
  return readable;
}

function documentText(document: GeneratedDocument): string {
  return textKey(document.files.map((file) => readableText(file.name, file.text)).join('\n'));
}

describe('the generated-documents suite', () => {
  it('gives the same documents for the same seed, and other documents for another seed', () => {
    const again = generateDocuments({ seed: 11, perFamily: 2 });
    expect(again).toEqual(generateDocuments({ seed: 11, perFamily: 2 }));
    const other = generateDocuments({ seed: 12, perFamily: 2 });
    expect(other.map((d) => d.files)).not.toEqual(again.map((d) => d.files));
  });

  it('leaves every other document unchanged when families are held out or more documents are asked for', async () => {
    const kept = ['ical', 'prose-recap', 'personal-talk-list'];
    // Documents come in the suite's order of families, whatever the order asked for.
    const fromSuite = layoutFamilies
      .filter((family) => kept.includes(family))
      .flatMap((family) => suite.filter((d) => d.family === family).slice(0, 3));
    // In a fresh module, where these are the first documents it ever generates.
    vi.resetModules();
    const fresh = await import('../../src/ingest/training/generated-documents.js');
    const subset = fresh.generateDocuments({ seed: 11, perFamily: 3, families: kept });
    expect(subset).toEqual(fromSuite);
  });

  it('renders at least 20 layout families, every one of them', () => {
    expect(layoutFamilies.length).toBeGreaterThanOrEqual(20);
    for (const family of layoutFamilies)
      expect(suite.filter((d) => d.family === family)).toHaveLength(perFamily);
    expect(() => generateDocuments({ seed: 1, perFamily: 1, families: ['no-such-layout'] })).toThrow(
      /no-such-layout/,
    );
  });

  it('spans at least 8 languages and 5 scripts', () => {
    expect(new Set(suite.map((d) => d.language)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(suite.map((d) => d.script)).size).toBeGreaterThanOrEqual(5);
  });

  it('writes prose recaps in English, French, German, Spanish and Portuguese', () => {
    const languages = new Set(suite.filter((d) => d.family === 'prose-recap').map((d) => d.language));
    for (const language of ['en', 'fr', 'de', 'es', 'pt']) expect(languages).toContain(language);
  });

  it('writes folder families as several files, every file named with an extension', () => {
    for (const document of suite) {
      if (document.family.startsWith('folder-')) expect(document.files.length).toBeGreaterThan(1);
      else expect(document.files).toHaveLength(1);
      for (const file of document.files) expect(file.name).toMatch(/\.[a-z]+$/);
      expect(new Set(document.files.map((f) => f.name)).size).toBe(document.files.length);
    }
  });

  it('gives every document a gold file the evaluator accepts, with talks that have speakers', () => {
    for (const document of suite) {
      const gold = parseGold(JSON.parse(JSON.stringify(document.gold)), document.family);
      expect(gold.talks.length, document.family).toBeGreaterThan(0);
      const titles = new Set(gold.talks.map((t) => textKey(t.title)));
      for (const talk of gold.talks) {
        expect(talk.speakers.length, talk.title).toBeGreaterThan(0);
        for (const speaker of talk.speakers) expect(personKey(speaker), talk.title).not.toBe('');
      }
      // A break, a placeholder or a cancelled talk is never also a talk.
      for (const notTalk of gold.not_talks) expect(titles.has(textKey(notTalk)), notTalk).toBe(false);
    }
  });

  it('finds every gold title, speaker and organisation in its document once markup is removed', () => {
    for (const document of suite) {
      const text = documentText(document);
      const data = document.files.every((f) => dataExtensions.has(extension(f.name)));
      // Data files may keep a name's parts in separate fields: there, each word of it must occur.
      const occurs = (name: string) =>
        data ? name.split(/\s+/).every((word) => text.includes(textKey(word))) : text.includes(textKey(name));
      for (const talk of document.gold.talks) {
        expect(text.includes(textKey(talk.title)), `${document.family}: ${talk.title}`).toBe(true);
        talk.speakers.forEach((speaker, index) => {
          const alternative = talk.speakers_alt?.[index];
          const found = occurs(speaker) || (alternative !== undefined && occurs(alternative));
          expect(found, `${document.family}: ${speaker}`).toBe(true);
        });
        for (const organization of Object.values(talk.affiliations ?? {}))
          expect(text.includes(textKey(organization)), `${document.family}: ${organization}`).toBe(true);
      }
      for (const notTalk of document.gold.not_talks)
        expect(text.includes(textKey(notTalk)), `${document.family}: ${notTalk}`).toBe(true);
    }
  });

  it("writes JSON, YAML, CSV, XML and iCalendar files that the reader's parsers read, titles intact", () => {
    const seen = new Set<string>();
    for (const document of suite) {
      for (const file of document.files) {
        const kind = extension(file.name);
        if (!dataExtensions.has(kind)) continue;
        seen.add(kind === 'yaml' ? 'yml' : kind === 'tsv' ? 'csv' : kind);
        const value = parseData(file.name, file.text);
        if (document.files.length > 1) continue;
        const values = strings(value);
        for (const talk of document.gold.talks) {
          // A title is a whole value in data files; in CSV and iCalendar it is (part of) one cell or summary.
          const found =
            kind === 'csv' || kind === 'tsv' || kind === 'ics'
              ? values.some((v) => v.includes(talk.title))
              : values.includes(talk.title);
          expect(found, `${document.family} ${file.name}: ${talk.title}`).toBe(true);
        }
      }
    }
    expect([...seen].sort()).toEqual(['csv', 'ics', 'json', 'xml', 'yml']);
  });

  it('gives a personal talk list its one speaker for every talk', () => {
    const lists = suite.filter((d) => d.family === 'personal-talk-list');
    expect(lists.length).toBeGreaterThan(0);
    for (const document of lists) {
      const owners = new Set(document.gold.talks.map((t) => personKey(t.speakers[0] ?? '')));
      expect(owners.size).toBe(1);
    }
  });
});

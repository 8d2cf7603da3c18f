// The generated-documents suite: one truth (an event, its talks and speakers, its breaks) rendered
// by many layout families in many languages and scripts, each document with the gold file a careful
// reader would write for it. The suite is training data for the reader's learned weights and a test
// of them with whole families held out. Pure and deterministic: the same seed gives the same
// documents, and a document depends only on the seed, its family and its index.
import type { GoldDocument } from '../evaluation.js';
import { icalendar, jsonNested, linkedData, xmlSchedule, yamlTalks } from './families/data.js';
import { folderLinkedData, folderTalkPages } from './families/folders.js';
import { bylineHeadings, labelledHeadings, personalTalkList } from './families/headings.js';
import { definitionList, htmlCards, htmlTable } from './families/html.js';
import { bulletList, nestedList, plainText } from './families/lists.js';
import { asciidoc, latexProgramme, orgMode, restructuredText } from './families/markup-languages.js';
import { proseRecap } from './families/prose.js';
import { csvExport, markdownTable, mediawiki } from './families/tables.js';
import { languageProfile, type Script, seedFakers } from './languages.js';
import { hashSeed, Random } from './random.js';
import { type DocumentFile, DocumentStyle, type LayoutFamily } from './rendering.js';

export interface GeneratedDocument {
  /** Layout family id, e.g. 'md-table', 'prose-recap'. */
  family: string;
  /** BCP 47 code of the programme's text. */
  language: string;
  /** Main script of names and titles. */
  script: Script;
  /** One file, or several for folder families (names relative to the folder). */
  files: DocumentFile[];
  gold: GoldDocument;
}

const families: readonly LayoutFamily[] = [
  markdownTable,
  htmlTable,
  csvExport,
  nestedList,
  bulletList,
  labelledHeadings,
  bylineHeadings,
  htmlCards,
  definitionList,
  proseRecap,
  jsonNested,
  linkedData,
  yamlTalks,
  folderTalkPages,
  folderLinkedData,
  orgMode,
  asciidoc,
  restructuredText,
  latexProgramme,
  mediawiki,
  plainText,
  icalendar,
  xmlSchedule,
  personalTalkList,
];

export const layoutFamilies: readonly string[] = families.map((family) => family.id);

/** English comes up more often than any other language, as it does in what people publish. */
const languageCycle = [
  'en',
  'de',
  'fr',
  'es',
  'ja',
  'pt',
  'zh',
  'ru',
  'en',
  'it',
  'ar',
  'ko',
  'hi',
  'el',
  'he',
  'en',
];

export interface GenerateOptions {
  seed: number;
  perFamily: number;
  /** Only these families (ids from `layoutFamilies`), in the suite's order. */
  families?: readonly string[];
}

export function generateDocuments(options: GenerateOptions): GeneratedDocument[] {
  const unknown = (options.families ?? []).filter((id) => !layoutFamilies.includes(id));
  if (unknown.length > 0) throw new Error(`unknown layout families: ${unknown.join(', ')}`);
  const english = languageProfile('en');
  const documents: GeneratedDocument[] = [];
  families.forEach((family, familyIndex) => {
    if (options.families && !options.families.includes(family.id)) return;
    const cycle = family.languages ?? languageCycle;
    for (let index = 0; index < options.perFamily; index++) {
      const rng = new Random(hashSeed(options.seed, family.id, index));
      // Families start at different places in the cycle so that a small suite still covers it.
      const language = languageProfile(cycle[(familyIndex * 5 + index) % cycle.length] as string);
      seedFakers(rng.seed());
      const rendering = family.render({ rng, language, english, style: new DocumentStyle(rng) });
      documents.push({
        family: family.id,
        language: language.code,
        script: language.script,
        files: rendering.files,
        gold: rendering.gold,
      });
    }
  });
  return documents;
}

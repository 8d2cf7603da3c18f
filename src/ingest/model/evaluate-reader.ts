// Scores the reader on labelled documents without a database: what the graph would hold for a
// document (its facts, with talks and people identified as the store identifies them) is read back
// from the facts themselves. Training and cross-validation score thousands of readings this way;
// `talkgraph eval` without --cross-validate goes through a real database instead.
import { isTalkgraphError } from '../../errors.js';
import { parseDocumentSet } from '../document-set.js';
import { type DocumentScore, type ReadTalk, scoreDocument } from '../evaluation.js';
import { documentFacts } from '../facts.js';
import { parseDocument } from '../parse.js';
import type { ExtractedDocument, ParsedDocument } from '../types.js';
import type { LabelledDocument } from './train-reader.js';

/** What the graph would hold for the document: talks with their speakers in order and their organizations. */
export function readTalksOf(parsed: ParsedDocument, name: string): ReadTalk[] {
  const extracted: ExtractedDocument = {
    ...parsed,
    talks: parsed.talks.map((t) => ({ ...t, topics: [], mentions: [] })),
  };
  const { facts } = documentFacts(extracted, name);
  const labels = new Map<string, string>();
  const talks = new Map<string, { title: string; speakers: string[] }>();
  const organizations = new Map<string, string[]>();
  for (const fact of facts) {
    const subject = `${fact.subject.kind}:${fact.subject.slug}`;
    if (!labels.has(subject)) labels.set(subject, fact.subject.label);
    if (fact.subject.kind === 'talk' && !talks.has(subject))
      talks.set(subject, { title: fact.subject.label, speakers: [] });
    if (!('node' in fact.object)) continue;
    const object = `${fact.object.node.kind}:${fact.object.node.slug}`;
    if (!labels.has(object)) labels.set(object, fact.object.node.label);
    if (fact.predicate === 'has_speaker') {
      const talk = talks.get(subject);
      if (talk && !talk.speakers.includes(object)) talk.speakers.push(object);
    } else if (fact.predicate === 'works_at') {
      organizations.set(subject, [...(organizations.get(subject) ?? []), fact.object.node.label]);
    }
  }
  return [...talks.values()].map((talk) => ({
    title: talk.title,
    speakers: talk.speakers.map((id) => ({
      name: labels.get(id) as string,
      organizations: [...new Set(organizations.get(id) ?? [])],
    })),
  }));
}

export interface ReaderScore extends DocumentScore {
  name: string;
  source: string;
  /** Why the reader refused the document, when it did. */
  rejected: string | null;
}

export function evaluateDocument(document: LabelledDocument): ReaderScore {
  let read: ReadTalk[] = [];
  let rejected: string | null = null;
  if (document.files) {
    // A set: what all its files hold together.
    for (const member of parseDocumentSet(document.files))
      if (member.document) read.push(...readTalksOf(member.document, member.name));
    if (read.length === 0) rejected = 'no talk found in any file';
    return { name: document.name, source: document.source, rejected, ...scoreDocument(document.gold, read) };
  }
  try {
    read = readTalksOf(parseDocument(document.text, { name: document.name }), document.name);
  } catch (error) {
    if (!isTalkgraphError(error)) throw error;
    rejected = error.message;
  }
  return { name: document.name, source: document.source, rejected, ...scoreDocument(document.gold, read) };
}

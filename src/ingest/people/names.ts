// The person-name API of the reader: does a piece of text name a person, or a list of people with
// their organizations and roles, in any script and layout? Whether a string is one person's name is
// the fitted model's answer (name-model.ts: a logistic regression over lexicon, shape and character
// n-gram features, trained by `npm run train names`); this module splits lists and affiliations
// around it, by their punctuation and joining words.
import { memoize } from '../memoize.js';
import { looksLikeJobTitle, looksLikeOrganization } from './affiliation-words.js';
import { analyzeName, isFamilyNameFirst, nameProbability } from './name-model.js';
import { cjkScripts, particles } from './name-syntax.js';

export { looksLikeJobTitle, looksLikeOrganization, nameProbability };

/** Where a person is named and how surely: what every reader of names gives. */
export interface NamedPerson {
  /** The name as written, honorifics, nickname and handle removed, whitespace normalized. */
  name: string;
  /** A nickname in quotes or brackets ("Raphael 'kena' Poss", "Robert (Bob) Smith"). */
  nickname: string | null;
  /** A handle written after the name ("@kena", "(@kena)"), without the "@". */
  handle: string | null;
  /** Where the name starts in the caller's document. */
  offset: number;
  /** In (0, 1]: how surely this is a person's name (the name model's probability). */
  confidence: number;
}

/** What the model read of how the name is written. */
export interface NameForm {
  /** The honorifics and degrees taken off ("Dr.", "Prof. Dr.", "さん", "PhD"), as written. */
  honorific: string | null;
  /** The family name comes first ("KOWALSKI Anna", "Haddad Noor", "山田太郎"). */
  familyFirst: boolean;
  /** The script most of its letters are in: 'Latin', 'Cyrillic', 'Greek', 'Han', 'Hangul', 'Arabic', … */
  script: string;
}

export interface PersonName extends NamedPerson, NameForm {}

/** A person with the organization and role written beside them. Readers of names without the model leave out the form. */
export interface PersonWithAffiliation extends NamedPerson, Partial<NameForm> {
  organization: string | null;
  role: string | null;
}

export interface NameReadingOptions {
  /** Where `text` starts in the caller's document. */
  offset?: number;
  /** Accept a lone word ("Varya"), for fields already known to hold speakers. */
  allowSingleWord?: boolean;
}

/** The model's decision boundary: a name when it is likelier one than not. */
const isName = (probability: number) => probability >= 0.5;

/** A word alone, in a script that writes spaces between the parts of a name. */
const isLoneWord = (name: string, script: string | undefined) =>
  !name.includes(' ') && !(script !== undefined && cjkScripts.has(script));

/**
 * Read one person's name from `text`, or null when it is not one (a title, prose, a company, a
 * list). A lone word is read only when `allowSingleWord` says the field holds speakers, or an
 * honorific says it is a person ("Dr. Nakamura").
 */
export function readPersonName(text: string, options: NameReadingOptions = {}): PersonName | null {
  const analysis = analyzeName(text);
  if (!analysis || !isName(analysis.probability)) return null;
  const { candidate } = analysis;
  const { cleaned } = candidate;
  if (isLoneWord(cleaned.core, candidate.script) && !options.allowSingleWord && !cleaned.honorific)
    return null;
  return {
    name: cleaned.core,
    nickname: cleaned.nickname,
    handle: cleaned.handle,
    offset: (options.offset ?? 0) + cleaned.start,
    confidence: Math.round(analysis.probability * 1000) / 1000,
    honorific: cleaned.honorific,
    familyFirst: isFamilyNameFirst(candidate),
    script: candidate.script,
  };
}

/**
 * How much this string reads as naming people, in [0, 1]; used to find the column or key that
 * holds speakers when its header is unknown. One name scores its probability; a list of people or
 * a name with its affiliation scores the mean probability of the names read from it.
 */
export const personNameScore: (text: string) => number = memoize(scoreCell, 100_000);

/** What a list of people or an affiliation needs: a separator, a joining word, a label or brackets. */
const mayHoldSeveral =
  /[,;；、，&+/(（|·:：@–—]|\s-\s|\s(?:and|und|et|og|och|и|en|y|e|i|ja|és|a|ve|at|from|bei|chez|presso|by|with|par|por)\s|^(?:by|with|par|por)\s|と/iu;

function scoreCell(text: string): number {
  const trimmed = text.trim();
  const whole = nameProbability(trimmed);
  if (isName(whole) || !mayHoldSeveral.test(trimmed)) return whole;
  const people = readPeople(trimmed);
  if (!people) return whole;
  const mean = people.reduce((sum, p) => sum + p.confidence, 0) / people.length;
  return Math.max(whole, mean);
}

// --- lists of people with their affiliations ---

interface Piece {
  text: string;
  start: number;
  /** The separator before this piece ('' for the first). */
  before: string;
}

/**
 * "Name (Org)" → the text before the brackets and inside them, when the text ends in one pair of
 * round brackets holding no other; null otherwise. Read by position, not by a pattern, so that long
 * runs of brackets or spaces cost one pass.
 */
export function splitTrailingParenthesis(text: string): { before: string; inside: string } | null {
  const trimmed = text.trimEnd();
  const last = trimmed.at(-1);
  if (last !== ')' && last !== '）') return null;
  const open = Math.max(trimmed.lastIndexOf('('), trimmed.lastIndexOf('（'));
  if (open < 0) return null;
  const inside = trimmed.slice(open + 1, -1);
  if (!inside || /[()（）]/.test(inside)) return null;
  return { before: trimmed.slice(0, open).trimEnd(), inside };
}

/** Split at `separator` (a global pattern) outside parentheses, keeping where each piece starts. */
function splitTopLevel(text: string, start: number, separator: RegExp): Piece[] {
  const pieces: Piece[] = [];
  const depthAt: number[] = [];
  let depth = 0;
  for (const ch of text) {
    for (let i = 0; i < ch.length; i++) depthAt.push(depth);
    if (ch === '(' || ch === '（' || ch === '[') depth++;
    else if ((ch === ')' || ch === '）' || ch === ']') && depth > 0) depth--;
  }
  let from = 0;
  let before = '';
  for (const m of text.matchAll(separator)) {
    if ((depthAt[m.index] ?? 0) > 0) continue;
    pieces.push({ text: text.slice(from, m.index), start: start + from, before });
    from = m.index + m[0].length;
    before = m[0].trim();
  }
  pieces.push({ text: text.slice(from), start: start + from, before });
  return pieces.map((p) => {
    const lead = p.text.length - p.text.trimStart().length;
    return { text: p.text.trim(), start: p.start + lead, before: p.before };
  });
}

/** Separators of a list of people: punctuation, and "and" in the languages programmes use. */
const listSeparator =
  /(?<!\s)\s*[;；、]\s*|(?<!\s)\s+[&+/]\s+|(?<!\s)\s+(?:and|und|et|og|och|и|en|y|e|i|ja|és|a|ve|и)\s+|(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])と(?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])/gu;
/** Conjunctions that are also name particles ("Ortega y Gasset") or ordinary letters. */
const softSeparators = new Set(['y', 'e', 'i', 'en', 'a', 'と']);
const affiliationMarker = /(?<!\s)\s+(?:at|from|@|bei|chez|de chez|presso|en)\s+|(?<!\s)\s+[-–—|·]\s+/u;
const speakerLabel =
  /^(?:(?:speakers?|presenters?|hosts?|sprecher(?:in|innen)?|referent(?:in|en)?|ponentes?|intervenant(?:e|s)?|relatori?|palestrantes?)\s*[:：]|(?:presented by|hosted by|by|with|par|por)\s)\s*/iu;

interface Affiliation {
  organization: string | null;
  role: string | null;
}

/** "CEO", "Acme GmbH", "Developer Advocate at Acme", "CTO, Acme" → role and organization. */
function readAffiliation(text: string): Affiliation | null {
  const parts = text
    .split(/(?<!\s)\s*,\s*|(?<!\s)\s+(?:at|@|bei|chez)\s+/u)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 3) return null;
  const affiliation: Affiliation = { organization: null, role: null };
  for (const part of parts) {
    if (part.split(/\s+/).length > 8 || /[.!?]$/u.test(part)) return null;
    if (looksLikeJobTitle(part) && !affiliation.role) affiliation.role = part;
    else if (!affiliation.organization) affiliation.organization = part;
    else return null;
  }
  return affiliation;
}

/** One person, maybe with an affiliation written inline: "Name (Org)", "Name at Org", "Name - Org". */
function readPersonWithInlineAffiliation(
  piece: Piece,
  allowSingleWord: boolean,
): PersonWithAffiliation | null {
  const whole = readPersonName(piece.text, { offset: piece.start, allowSingleWord });
  if (whole) return { ...whole, organization: null, role: null };
  const parenthesised = splitTrailingParenthesis(piece.text);
  let namePart: string | null = null;
  let affiliationText: string | null = null;
  if (parenthesised?.before) {
    namePart = parenthesised.before;
    affiliationText = parenthesised.inside;
  } else {
    const marker = affiliationMarker.exec(piece.text);
    if (marker) {
      namePart = piece.text.slice(0, marker.index);
      affiliationText = piece.text.slice(marker.index + marker[0].length);
    }
  }
  if (!namePart || !affiliationText) return null;
  const name = readPersonName(namePart, { offset: piece.start, allowSingleWord });
  const affiliation = readAffiliation(affiliationText);
  if (!name || !affiliation) return null;
  return { ...name, ...affiliation };
}

/** A comma-separated run: people, each maybe followed by its role and organization. */
function readCommaRun(piece: Piece, allowSingleWord: boolean): PersonWithAffiliation[] | null {
  const people: PersonWithAffiliation[] = [];
  for (const part of splitTopLevel(piece.text, piece.start, /(?<!\s)\s*[,，]\s*/gu)) {
    if (!part.text) return null;
    const last = people.at(-1);
    const person = readPersonWithInlineAffiliation(part, allowSingleWord);
    // After a name, what reads as a company or a role, or a lone word after a full name, is that
    // person's affiliation ("Greta Lindahl, Quillbridge"); lone words after lone words are people.
    const affiliationLike =
      looksLikeOrganization(part.text) ||
      looksLikeJobTitle(part.text) ||
      (person !== null &&
        last !== undefined &&
        isLoneWord(person.name, person.script) &&
        !isLoneWord(last.name, last.script));
    if (person && (!last || !affiliationLike)) {
      people.push(person);
      continue;
    }
    const reading = last && readAffiliationOf(part.text, last);
    if (last && reading) {
      last.role ??= reading.role;
      last.organization ??= reading.organization;
    } else if (person) {
      people.push(person);
    } else {
      return null;
    }
  }
  return people.length > 0 ? people : null;
}

/** The affiliation `text` gives `person`, when it fills a role or organization still empty. */
function readAffiliationOf(text: string, person: PersonWithAffiliation): Affiliation | null {
  const affiliation = readAffiliation(text);
  if (!affiliation) return null;
  if (affiliation.role && person.role) return null;
  if (affiliation.organization && person.organization) return null;
  return affiliation;
}

/**
 * Sentences, not a list of names: a full stop followed by more words, or mostly lowercase words
 * (names are capitalised wherever the script has case). A cheap test that spares the full model
 * the abstracts and paragraphs it is asked about.
 */
function isRunningText(text: string): boolean {
  if (/[.!?]\s+\p{Lu}\p{Ll}+\s+\p{Ll}/u.test(text)) return true;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length < 8) return false;
  const lower = words.filter(
    (w) => /^\p{Ll}/u.test(w) && !particles.has(w) && !/^(?:and|und|et|y|e|i|og|och|en)$/.test(w),
  );
  return lower.length * 2 > words.length;
}

/**
 * Read a whole speaker cell or byline: one or more people, each with an organization and role
 * when written. Null when the text is not a list of people (a title, a sentence).
 */
export function readPeople(text: string, options: NameReadingOptions = {}): PersonWithAffiliation[] | null {
  if (text.trim().length === 0 || text.length > 600 || isRunningText(text)) return null;
  const allowSingleWord = options.allowSingleWord ?? false;
  const base = options.offset ?? 0;
  const label = speakerLabel.exec(text.trimStart());
  const lead = text.length - text.trimStart().length + (label ? label[0].length : 0);
  const pieces = splitTopLevel(text.slice(lead), base + lead, listSeparator);
  const people: PersonWithAffiliation[] = [];
  const joined = (from: Piece, to: Piece): Piece => ({
    text: text.slice(from.start - base, to.start - base + to.text.length),
    start: from.start,
    before: from.before,
  });
  let previous: { piece: Piece; count: number } | null = null;
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] as Piece;
    let found = readCommaRun(piece, allowSingleWord);
    // A soft conjunction that did not separate two people is part of a name: join and retry,
    // with the next piece ("Ortega y Gasset Jiménez") or the one before ("José Ortega y Gasset").
    while (!found && pieces[i + 1] && softSeparators.has(pieces[i + 1]?.before ?? '')) {
      piece = joined(piece, pieces[++i] as Piece);
      found = readCommaRun(piece, allowSingleWord);
    }
    if (!found && previous?.count === 1 && softSeparators.has(piece.before)) {
      const whole = joined(previous.piece, piece);
      const again = readCommaRun(whole, allowSingleWord);
      if (again) {
        people.splice(people.length - 1, 1, ...again);
        previous = { piece: whole, count: again.length };
        continue;
      }
    }
    if (!found) {
      // "Name / Company", "Name & Company GmbH": an organization after a person without one.
      const last = people.at(-1);
      if (last && !last.organization && looksLikeOrganization(piece.text)) {
        last.organization = piece.text;
        continue;
      }
      return null;
    }
    people.push(...found);
    previous = { piece, count: found.length };
  }
  return people.length > 0 ? people : null;
}

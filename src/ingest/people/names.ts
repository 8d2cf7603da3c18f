// The person-name model: does a piece of text name a person (or a list of people with their
// organizations and roles), in any layout and language? Evidence is the shape of each word (case,
// initials, particles, hyphens, scripts without case), a first-name lexicon, and words that mark
// titles, prose, organizations and job titles; capital letters alone never make a name.
import { memoize } from '../memoize.js';
import { looksLikeJobTitle, looksLikeOrganization } from './affiliation-words.js';
import { foldWord, isGivenName, startsWithCjkFamilyName } from './lexicon.js';

export { looksLikeJobTitle, looksLikeOrganization };

export interface PersonName {
  /** The name as written, honorifics, nickname and handle removed, whitespace normalized. */
  name: string;
  /** A quoted nickname ("Raphael 'kena' Poss" → "kena"). */
  nickname: string | null;
  /** A handle written after the name ("@kena", "(@kena)"), without the "@". */
  handle: string | null;
  /** Where the name starts in the caller's document. */
  offset: number;
  /** In (0, 1]: how surely this is a person's name. */
  confidence: number;
}

export interface PersonWithAffiliation extends PersonName {
  organization: string | null;
  role: string | null;
}

export interface NameReadingOptions {
  /** Where `text` starts in the caller's document. */
  offset?: number;
  /** Accept a lone word ("Varya"), for fields already known to hold speakers. */
  allowSingleWord?: boolean;
}

/** Lowercase words that sit inside names: van, von, de la, bin, ter, … */
const particles = new Set(
  (
    'van von de da das do dos di del della delle dei degli der den des du la le les lo ter ten te het ' +
    'bin binti bint ibn ben al el af av zu zum zur y e st'
  ).split(' '),
);

const nameSuffixes = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/**
 * Words that, capitalised or not, mark a title, a programme slot, prose or a topic rather than a
 * name. Given names that are also words (Will, May, Grace, Julia, Ruby) are deliberately absent.
 */
const notNameWords = new Set(
  // function words and common verbs of titles, in the languages programmes are written in
  (
    'the a an of to in on for with and or but is are was were be been how why what when where who which ' +
    'your our my we you it its this that these those not from into over under about after before beyond ' +
    'through using vs versus via do does did can should would could let lets let’s get make build ' +
    'building meet learn use run write scale ship go-to towards toward without within between ' +
    'der die das und mit für über von zum zur ein eine les des une pour avec sur dans el los las una ' +
    'para con por sobre il gli per con una ' +
    // programme slots
    'introduction intro keynote lunch break coffee breakfast dinner opening closing remarks welcome tba ' +
    'tbd tbc n/a panel discussion workshop tutorial talk talks lightning session sessions networking ' +
    'registration party day track room hall stage recap summit conference meetup agenda schedule speaker ' +
    'speakers abstract sponsors sponsor q&a ama hackathon social reception announcement awards wrap-up ' +
    'kickoff kick-off demo demos update updates overview part chapter notes summary live virtual ' +
    'breakout unconference bof tea snacks pause mittagspause mittagessen kaffeepause begrüßung eröffnung ' +
    'pausa almuerzo déjeuner bienvenue bienvenida apertura clausura clôture cierre ouverture ' +
    'plenary poster posters office hours happy hour closing-remarks' +
    // topic words
    ' rust python javascript typescript kubernetes cloud native data web api apis security testing ' +
    'performance design software devops microservices serverless database databases machine learning ' +
    'ai llm llms graphql react linux container containers async compiler compilers memory safety ' +
    'scaling future state modern great better best fast faster simple easy real world deep dive ' +
    'inside zero hero next new lessons tips tricks patterns practices best-practices deep-dive ' +
    'observability monitoring infrastructure architecture open source open-source community ' +
    'concurrency distributed systems programming language languages code types type embedded wasm ' +
    'webassembly frontend backend mobile game games quantum blockchain crypto developer developers ' +
    'engineering team teams product products project projects journey story stories guide primer'
  ).split(' '),
);

/** Suffixes of ordinary words (nouns, adjectives, participles) that names rarely carry. */
const wordySuffix =
  /(?:ness|tion|tions|sion|sions|ment|ments|ity|ism|isms|ics|ency|ance|able|ible|less|ful|ous|ize|ise|ology|graphy|ware|ing|ings|ized|ised)$/;

const honorific =
  /^(?:(?:dr|prof|professor|mr|mrs|ms|mx|miss|sir|dame|mme|mlle|herr|frau|hon|rev|drs|dott|dott\.ssa|ir)\.?|dipl\.-?\s?[a-z]+\.?|ing\.|mag\.|m\.|sr\.|sra\.|srta\.)\s+/iu;
const degree = /,?\s+(?:ph\.?\s?d\.?|md|m\.d\.|mba|msc|m\.sc\.|bsc|b\.sc\.)$/iu;
const trailingHandle = /(?:^|\s)[(（]?@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9_.-]+)?)[)）]?\s*$/u;
const quotedNickname = /\s(["'“‘«„‚])([^"'“”‘’«»„‚]{1,30})(["'”’»“‘])(?=\s)/u;

const caselessLetters = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}ー・々';
const caselessScript = new RegExp(`[${caselessLetters}]`, 'u');
const caselessName = new RegExp(`^[${caselessLetters}]+(?:[ \\u3000][${caselessLetters}]+)?$`, 'u');
/** Programme words, verbs and grammatical particles of Japanese, Chinese and Korean. */
const caselessNotName =
  /(講演|基調|休憩|昼食|懇親|開会|閉会|挨拶|発表|未定|招待|会議|大会|受付|紹介|入門|概要|演讲|主题|午餐|茶歇|开幕|闭幕|介绍|报告|세션|점심|휴식|기조|소개|발표|セッション|ランチ|キーノート|ワークショップ|パネル|について|とは|です|ます|する|을|를|에서)/u;

type WordKind = 'name' | 'caps' | 'initial' | 'particle' | 'suffix' | 'lower';

/** A word's kind; documents repeat their words, and the patterns below are the model's hot path. */
const kindOf = memoize(wordKind, 50_000);

function wordKind(word: string): WordKind | null {
  if (/^\p{Lu}\.?$/u.test(word) || /^(?:\p{Lu}\.){2,3}$/u.test(word) || /^\p{Lu}\p{Ll}\.$/u.test(word)) {
    return 'initial';
  }
  const folded = word.toLowerCase();
  if (nameSuffixes.has(folded) && word !== folded) return 'suffix';
  if (particles.has(word)) return 'particle';
  if (/^\p{Lu}[\p{Lu}\p{M}]+(?:['’-]\p{Lu}[\p{Lu}\p{M}]*)*$/u.test(word)) return 'caps';
  // Title case, with an inner capital (McDonald, DeVito) and hyphen or apostrophe parts.
  if (
    /^(?:(?:d|l|o|al|el|bin|ibn|ben|da|de|di|dell)['’-])?\p{Lu}[\p{Ll}\p{M}]*(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:['’-]\p{L}[\p{Ll}\p{M}]*)*$/u.test(
      word,
    )
  ) {
    return 'name';
  }
  if (/^\p{Ll}[\p{Ll}\p{M}'’-]*$/u.test(word)) return 'lower';
  return null;
}

interface Cleaned {
  core: string;
  /** Index of `core` in the original text. */
  start: number;
  nickname: string | null;
  handle: string | null;
  hadHonorific: boolean;
}

/** Strip what surrounds a name (honorifics, degrees, a handle, a quoted nickname). */
function cleanName(text: string): Cleaned | null {
  let core = text;
  let handle: string | null = null;
  const handleMatch = trailingHandle.exec(core);
  if (handleMatch && handleMatch.index > 0) {
    handle = handleMatch[1] ?? null;
    core = core.slice(0, handleMatch.index);
  }
  core = core.replace(degree, '').trimEnd();
  let start = core.length - core.trimStart().length;
  let hadHonorific = false;
  for (let m = honorific.exec(core.slice(start)); m; m = honorific.exec(core.slice(start))) {
    start += m[0].length;
    hadHonorific = true;
  }
  core = core.slice(start);
  let nickname: string | null = null;
  const nick = quotedNickname.exec(core);
  if (nick) {
    nickname = nick[2]?.trim() || null;
    core = core.slice(0, nick.index) + core.slice(nick.index + nick[0].length);
  }
  core = core.replace(/\s+/gu, ' ').trim();
  return core ? { core, start, nickname, handle, hadHonorific } : null;
}

function readCaselessName(core: string): number | null {
  if (!caselessName.test(core) || caselessNotName.test(core) || looksLikeOrganization(core)) return null;
  const letters = Array.from(core.replace(/[ \u3000・]/gu, ''));
  if (letters.length < 2 || letters.length > 8) return null;
  const spaced = /[ \u3000・]/u.test(core);
  let confidence = spaced ? 0.7 : 0.55;
  if (/^[\p{sc=Katakana}ー]+$/u.test(core)) confidence = 0.4; // loanwords are written so too
  if (startsWithCjkFamilyName(core)) confidence += 0.2;
  return Math.min(confidence, 0.9);
}

function readCasedName(core: string, allowSingleWord: boolean): number | null {
  const words = core.split(' ');
  if (words.length > 8) return null;
  const kinds: WordKind[] = [];
  for (const word of words) {
    const kind = kindOf(word);
    if (!kind) return null;
    kinds.push(kind);
  }
  // Inside a name a particle may be capitalised: "Fatima Zahra El Amrani", "Pieter Van Dijk".
  for (let i = 1; i < words.length - 1; i++) {
    if (particles.has((words[i] as string).toLowerCase())) kinds[i] = 'particle';
  }
  if (words.some((w, i) => kinds[i] !== 'particle' && notNameWords.has(foldWord(w)))) return null;
  if (looksLikeOrganization(core) || looksLikeJobTitle(core)) return null;
  const nameWords = words.filter((_, i) => kinds[i] === 'name' || kinds[i] === 'caps');
  if (nameWords.length > 5) return null;

  if (kinds.every((k) => k === 'lower' || k === 'particle')) return readLowercaseName(words);
  if (kinds.includes('lower')) return null; // a lowercase word among capitalised ones is prose
  if (kinds[0] === 'particle' || kinds.at(-1) === 'particle') return null;
  if (kinds.slice(0, -1).includes('suffix')) return null;
  const initials = kinds.filter((k) => k === 'initial').length;
  if (nameWords.length === 0) return null;
  if (nameWords.length + initials < 2) {
    const single = nameWords[0] ?? '';
    if (!allowSingleWord || initials > 0) return null;
    if (kinds[0] === 'caps' && single.length <= 4) return null; // an acronym
    if (wordySuffix.test(foldWord(single)) && !isGivenName(single)) return null;
    return isGivenName(single) ? 0.7 : kinds[0] === 'caps' ? 0.35 : 0.45;
  }

  // Surname first is marked by an upper-case surname ("KOWALSKI Anna"); otherwise the given name is
  // the first word, or (unmarked surname first, "Haddad Noor") the last.
  const surnameFirst = kinds[0] === 'caps' && kinds[1] === 'name';
  const given = surnameFirst ? words[1] : nameWords[0];
  const givenKnown = given !== undefined && isGivenName(given);
  const otherKnown = nameWords.some((w) => w !== given && isGivenName(w));
  const unknownWordy = nameWords.filter((w) => !isGivenName(w) && wordySuffix.test(foldWord(w)));
  if (unknownWordy.length > 0 && !givenKnown) return null;
  if (given && !givenKnown && /ing$/u.test(foldWord(given)) && given.length >= 6) return null;

  let confidence = givenKnown ? 0.9 : otherKnown ? 0.8 : 0.55;
  if (kinds.every((k) => k === 'caps') && !givenKnown) confidence = 0.4;
  if (initials > 0) confidence += 0.05;
  if (kinds.includes('particle')) confidence += 0.05;
  confidence -= 0.15 * unknownWordy.length;
  if (nameWords.some((w) => w.length > 20)) confidence -= 0.2;
  return confidence;
}

/** All-lowercase text is a name only when its first word is a known given name. */
function readLowercaseName(words: string[]): number | null {
  const first = words[0] ?? '';
  if (words.length < 2 || words.length > 3 || !isGivenName(first)) return null;
  if (particles.has(words.at(-1) ?? '')) return null;
  return 0.45;
}

/** Read one person's name from `text`, or null when it is not one (a title, prose, a company). */
export function readPersonName(text: string, options: NameReadingOptions = {}): PersonName | null {
  if (text.length === 0 || text.length > 120) return null;
  const cleaned = cleanName(text);
  if (!cleaned || /\p{N}/u.test(cleaned.core)) return null;
  const { core } = cleaned;
  let confidence: number | null;
  if (caselessScript.test(core) && !/\p{sc=Latin}/u.test(core)) {
    confidence = readCaselessName(core);
  } else {
    confidence = readCasedName(core, options.allowSingleWord ?? false);
  }
  if (confidence === null) return null;
  if (cleaned.hadHonorific) confidence += 0.05;
  if (cleaned.nickname || cleaned.handle) confidence += 0.05;
  return {
    name: core,
    nickname: cleaned.nickname,
    handle: cleaned.handle,
    offset: (options.offset ?? 0) + cleaned.start,
    confidence: Math.round(Math.min(1, Math.max(0.05, confidence)) * 100) / 100,
  };
}

/**
 * How much this string reads as one person's name, in [0, 1]; used to find the column or key
 * that holds speakers when its header is unknown. A list of people or a name with its
 * affiliation counts a little less, a lone word much less.
 */
export function personNameScore(text: string): number {
  const trimmed = text.trim();
  const name = readPersonName(trimmed);
  if (name) return name.confidence;
  const people = readPeople(trimmed);
  if (people) return (0.85 * people.reduce((sum, p) => sum + p.confidence, 0)) / people.length;
  const single = readPersonName(trimmed, { allowSingleWord: true });
  return single ? single.confidence * 0.5 : 0;
}

// --- lists of people with their affiliations ---

interface Piece {
  text: string;
  start: number;
  /** The separator before this piece ('' for the first). */
  before: string;
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
  /\s*[;；、]\s*|\s+[&+/]\s+|\s+(?:and|und|et|og|och|и|en|y|e|i|ja|és|a|ve|и)\s+|(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])と(?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])/gu;
/** Conjunctions that are also name particles ("Ortega y Gasset") or ordinary letters. */
const softSeparators = new Set(['y', 'e', 'i', 'en', 'a', 'と']);
const affiliationMarker = /\s+(?:at|from|@|bei|chez|de chez|presso|en)\s+|\s+[-–—|·]\s+/u;
const speakerLabel =
  /^(?:(?:speakers?|presenters?|hosts?|sprecher(?:in|innen)?|referent(?:in|en)?|ponentes?|intervenant(?:e|s)?|relatori?|palestrantes?)\s*[:：]|(?:presented by|hosted by|by|with|par|por)\s)\s*/iu;

interface Affiliation {
  organization: string | null;
  role: string | null;
}

/** "CEO", "Acme GmbH", "Developer Advocate at Acme", "CTO, Acme" → role and organization. */
function readAffiliation(text: string): Affiliation | null {
  const parts = text
    .split(/\s*,\s*|\s+(?:at|@|bei|chez)\s+/u)
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
  const parenthesised = /^(.*?)\s*[(（]([^()（）]+)[)）]\s*$/u.exec(piece.text);
  let namePart: string | null = null;
  let affiliationText: string | null = null;
  if (parenthesised?.[1]) {
    namePart = parenthesised[1];
    affiliationText = parenthesised[2] ?? null;
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
  for (const part of splitTopLevel(piece.text, piece.start, /\s*[,，]\s*/gu)) {
    if (!part.text) return null;
    const last = people.at(-1);
    const person = readPersonWithInlineAffiliation(part, allowSingleWord);
    // After a name, a weak name that reads as a company or a role is that person's affiliation.
    const weak =
      person && person.confidence < 0.7 && !(isSingleWord(last?.name) && isSingleWord(person.name));
    if (person && (!last || (!weak && !looksLikeOrganization(part.text)))) {
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

const isSingleWord = (name: string | undefined) => name !== undefined && !name.includes(' ');

/** The affiliation `text` gives `person`, when it fills a role or organization still empty. */
function readAffiliationOf(text: string, person: PersonWithAffiliation): Affiliation | null {
  const affiliation = readAffiliation(text);
  if (!affiliation) return null;
  if (affiliation.role && person.role) return null;
  if (affiliation.organization && person.organization) return null;
  return affiliation;
}

/**
 * Read a whole speaker cell or byline: one or more people, each with an organization and role
 * when written. Null when the text is not a list of people (a title, a sentence).
 */
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

export function readPeople(text: string, options: NameReadingOptions = {}): PersonWithAffiliation[] | null {
  if (text.trim().length === 0 || text.length > 600 || isRunningText(text)) return null;
  const allowSingleWord = options.allowSingleWord ?? false;
  const base = options.offset ?? 0;
  const label = speakerLabel.exec(text.trimStart());
  const lead = text.length - text.trimStart().length + (label ? label[0].length : 0);
  const pieces = splitTopLevel(text.slice(lead), base + lead, listSeparator);
  const people: PersonWithAffiliation[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] as Piece;
    let found = readCommaRun(piece, allowSingleWord);
    // A soft conjunction that did not separate two people is part of a name: join and retry.
    while (!found && pieces[i + 1] && softSeparators.has(pieces[i + 1]?.before ?? '')) {
      const next = pieces[++i] as Piece;
      piece = {
        text: text.slice(piece.start - base, next.start - base + next.text.length),
        start: piece.start,
        before: piece.before,
      };
      found = readCommaRun(piece, allowSingleWord);
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
  }
  return people.length > 0 ? people : null;
}

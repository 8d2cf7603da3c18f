// Is this text a person's name, or a list of them? General heuristics (capitalized words, name
// particles, initials, quoted nicknames, @handles), never a list of known people.

export interface NameMatch {
  /** The name as written, nickname and handle removed, whitespace normalized. */
  name: string;
  /** A quoted nickname ("Raphael 'kena' Poss" → "kena"). */
  nickname: string | null;
  handle: string | null;
  /** Offset of the name's first character within the text that was parsed. */
  offset: number;
}

/** Lowercase words that can sit inside a name: de, van, von, bin, ... */
const particles = new Set([
  'de',
  'da',
  'das',
  'do',
  'dos',
  'di',
  'del',
  'della',
  'der',
  'den',
  'du',
  'la',
  'le',
  'van',
  'von',
  'ter',
  'ten',
  'bin',
  'binti',
  'al',
  'el',
  'y',
  'e',
  'af',
  'zu',
  'st',
]);

/**
 * Capitalized words that begin sentences, titles and headings far more often than names. A "name"
 * containing one of them is taken for prose.
 */
const notNameWords = new Set(
  // function words
  (
    'A An The This That These Those It Its In On At Of For From To With Without By And Or But Not No Yes If When Why How ' +
    'What Who Where Which While Into Over Under About After Before Between Beyond During Through Our Your My We You They ' +
    'He She Is Are Was Were Be Been Can Could Should Would Will Do Does Did Has Have Had Let Lets ' +
    // words of programmes and pages
    'Intro Introduction Group Panel Keynote Lightning Talk Talks Workshop Session Q&A Break Lunch Opening Closing Welcome ' +
    'Day Track Room Hall Stage Recap Summit Conference Conf Meetup Edition Part Chapter Notes Summary Agenda Schedule ' +
    'Speaker Speakers Abstract Description Update Announcement Sponsors Sponsor'
  ).split(' '),
);

const upperStart = /^\p{Lu}/u;
const letters = /^[\p{L}\p{M}'’.-]+$/u;
const quoted = /^(['‘’"“”])(.+)(['‘’"“”])$/u;

/** One token of a name: Capitalized, an initial ("J."), a particle, or a hyphenated part. */
function isNameToken(token: string, index: number, count: number): boolean {
  if (particles.has(token) && index > 0 && index < count - 1) return true;
  if (!letters.test(token) || !upperStart.test(token)) return false;
  if (/^\p{Lu}\.?$/u.test(token)) return true; // an initial
  if (notNameWords.has(token.replace(/[.’']+$/, ''))) return false;
  // ALL-CAPS words of 3+ letters are acronyms (NATS, TLS), not names.
  if (token.length >= 3 && token === token.toUpperCase() && !/[.-]/.test(token)) return false;
  return true;
}

/**
 * Parses one person: "Verónica López", "Raphael 'kena' Poss", "Blake Mizerany @bmizerany". Returns
 * null for anything that does not look like a name of 2 to 5 words.
 */
export function parsePersonName(text: string, offset = 0): NameMatch | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 80 || /\d/.test(trimmed.replace(/@[\w.]+/g, ''))) return null;
  let handle: string | null = null;
  let nickname: string | null = null;
  const words: string[] = [];
  for (const raw of trimmed.split(/\s+/)) {
    const handleMatch = /^[(]?@([A-Za-z0-9_][A-Za-z0-9_.]{0,38})[)]?[,;:]?$/.exec(raw);
    if (handleMatch) {
      if (handle) return null;
      handle = (handleMatch[1] as string).replace(/\.$/, '');
      continue;
    }
    if (handle) return null; // words after the handle: not just a name
    const nick = quoted.exec(raw);
    if (nick && words.length > 0) {
      nickname = nick[2] as string;
      continue;
    }
    words.push(raw);
  }
  if (words.length < 2 || words.length > 5) return null;
  if (!words.every((word, i) => isNameToken(word, i, words.length))) return null;
  const start = trimmed.indexOf(words[0] as string);
  return { name: words.join(' '), nickname, handle, offset: offset + text.indexOf(trimmed) + start };
}

/** Separators between names in a list: commas, semicolons, "&", "and". */
const listSeparator = /\s*(?:,\s*(?:and\s+|&\s*)?|;\s*|\s+&\s+|\s+and\s+)\s*/u;

/**
 * Parses a list of people ("A, B & C", "A and B"); null unless every item is a name. A trailing
 * "at Org" is not part of the list and makes this return null (callers strip it first).
 */
export function parseNameList(text: string, offset = 0): NameMatch[] | null {
  const trimmed = text.trim().replace(/[.;,]$/, '');
  if (!trimmed || trimmed.length > 600) return null;
  const names: NameMatch[] = [];
  let cursor = 0;
  for (const part of trimmed.split(listSeparator)) {
    const at = trimmed.indexOf(part, cursor);
    cursor = at + part.length;
    const match = parsePersonName(part, offset + text.indexOf(trimmed) + at);
    if (!match) return null;
    names.push(match);
  }
  return names.length > 0 ? names : null;
}

/** The first name of a person, for references like "Barak is ...". */
export function givenName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

export function familyName(name: string): string {
  return name.split(/\s+/).at(-1) ?? name;
}

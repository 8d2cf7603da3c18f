// The syntax of written names, as small closed sets: particles (van, de, bin, al-), name suffixes
// (Jr., III), honorifics and post-nominal degrees in many languages and scripts, and the marks of a
// nickname or a handle. Reading a candidate here removes what surrounds a name, says what it removed
// and splits the rest into typed tokens; whether the rest is a name is the model's question
// (name-model.ts), never decided here.
import { foldWord, nameLexicon } from './lexicon.js';

/** Lowercase words (and their scripts' equivalents) that sit inside names. */
export const particles: ReadonlySet<string> = new Set(
  (
    'van von vom de da das do dos di del della delle dei degli der den des du la le les lo ter ten te het ' +
    "'t zu zum zur af av bin binti bint ibn ben bat al el abu abd y e st d' l' " +
    // Arabic, Persian and Hebrew: son/daughter of, father of, the
    'بن ابن بنت أبو ابو عبد آل בן בת'
  )
    .split(' ')
    .filter(Boolean),
);

/** Particles written joined to the next word by a hyphen or apostrophe ("al-Haddad", "d'Arcy"). */
const attachedParticle =
  /^(?:al|el|ad|ar|as|at|az|an|ash|ibn|bin|ben|abu|da|de|di|del|dell|d|l)['’‐-]\p{L}/iu;

export const nameSuffixes: ReadonlySet<string> = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/**
 * Honorifics written before a name, folded and without their final dot. The ones that are also
 * given names, surnames or initials (Don, Pan, Bay, M., D.) are only taken off when two words of
 * name remain after them.
 */
const strongHonorifics = (
  'dr dra drª dr-ing dr.-ing dipl-ing dipl.-ing prof profa profª prof.ssa profssa professor professora ' +
  'mr mrs ms mx miss mister mrs herr frau fraulein mme mlle mmes dott dott.ssa dottssa sig sig.ra sigra ' +
  'ing ing. avv arch sr sra srta sta dna dona dhr mevr ir drs mgr inz mag hon rev sir dame pr ' +
  'д-р др проф г-н г-жа г-ца г-ѓа г-дин м-р акад доц господин госпожа пані ' +
  'δρ δρα καθ κα κος κυριος κυρια δοκτορ ' +
  'د دكتور الدكتور دكتورة الدكتورة أ أ.د ا.د م المهندس مهندس السيد السيدة الأستاذ الاستاذ أستاذ استاذ ' +
  'الشيخ بروفيسور البروفيسور آنسة سيدة سيد دکتر آقای خانم ڈاکٹر محترم محترمہ ' +
  "ד\"ר ד״ר דר' פרופ' פרופ׳ פרופ מר גב' גב׳ גברת עו\"ד עו״ד הרב " +
  'श्री श्रीमती सुश्री डॉ डा प्रो कुमारी श्रीमान'
).split(' ');
const weakHonorifics = new Set('m d g κ don pan pani bay bayan lord lady fr me'.split(' '));
/** Second words of two-word honorifics ("Dr. med.", "Dr. rer. nat."). */
const honorificContinuations = new Set('med rer nat phil habil h.c h c jur ing dent vet'.split(' '));

/** Honorifics written after a name in Chinese, Japanese and Korean, joined or spaced (spaces trimmed apart). */
const cjkHonorificSuffix =
  /(?:さん|さま|様|氏|くん|ちゃん|准教授|先生|教授|博士|女士|小姐|老师|老師|선생님|교수님|박사님|선생|교수|박사|님|씨)$/u;

/** Degrees and post-nominals after a name ("Jane Doe, PhD", "John Smith MD"), folded and without dots. */
const degreeWords = new Set([
  'phd',
  'dphil',
  'md',
  'mba',
  'msc',
  'bsc',
  'dds',
  'dvm',
  'esq',
  'mph',
  'llm',
  'ma',
  'ba',
]);
/** Degrees that are also names ("Ma", "Ba"): only after a comma. */
const degreesAfterComma = new Set(['ma', 'ba']);

/** The degree ending `text`, and the text before it, or null. Read by words: no pattern backtracks. */
function takeDegree(text: string): { before: string; degree: string } | null {
  const at = Math.max(text.lastIndexOf(' '), text.lastIndexOf(','));
  if (at <= 0) return null;
  const degree = text.slice(at + 1);
  const key = degree.toLowerCase().replaceAll('.', '');
  if (!degreeWords.has(key)) return null;
  let before = text.slice(0, at).trimEnd();
  const comma = text[at] === ',' || before.endsWith(',');
  if (degreesAfterComma.has(key) && !comma) return null;
  if (before.endsWith(',')) before = before.slice(0, -1).trimEnd();
  return before ? { before, degree } : null;
}

const trailingHandle = /(?:^|\s)[(（]?@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9_.-]+)?)[)）]?\s*$/u;
/** A nickname between two words of a name, in quotes or brackets. */
const innerNickname =
  /\s(?:(["'“‘«„‚])([^"'“”‘’«»„‚()[\]]{1,30})(["'”’»“‘])|\(([^()"“”]{1,30})\)|\[([^[\]]{1,30})\])(?=\s)/u;

let honorificSet: Set<string> | null = null;

/** The prefix honorifics: the list above and every locale's prefixes as faker writes them. */
function honorifics(): Set<string> {
  if (!honorificSet) {
    honorificSet = new Set(strongHonorifics.map(honorificKey));
    for (const word of nameLexicon().prefixes) honorificSet.add(honorificKey(word));
    for (const weak of weakHonorifics) honorificSet.delete(weak);
  }
  return honorificSet;
}

const honorificKey = (word: string) => foldWord(word).replace(/(?<![.:,])[.:,]+$/u, '');

/** Arabic honorifics are written joined to the name by their dot ("د.محمد"). */
const joinedArabicHonorific = /^(?:أ\.د\.|ا\.د\.|(?:د|م|أ)\.(?=\p{sc=Arabic}))/u;

export interface CleanedName {
  /** The name as written, without what surrounds it, whitespace normalized. */
  core: string;
  /** Index of `core`'s first character in the text. */
  start: number;
  /** The honorifics and degrees taken off, as written ("Prof. Dr.", "PhD", "さん"). */
  honorific: string | null;
  nickname: string | null;
  handle: string | null;
}

const mayHoldNickname = /["'“‘«„‚([]/u;

/** Take off what surrounds a name: honorifics, degrees, a handle, a nickname in quotes or brackets. */
export function cleanName(text: string): CleanedName | null {
  let core = text.trimEnd();
  let handle: string | null = null;
  const titles: string[] = [];
  const after: string[] = [];
  if (core.includes('@')) {
    const handleMatch = trailingHandle.exec(core);
    if (handleMatch && handleMatch.index > 0) {
      handle = handleMatch[1] ?? null;
      core = core.slice(0, handleMatch.index).trimEnd();
    }
  }
  for (let taken = takeDegree(core); taken; taken = takeDegree(core)) {
    after.unshift(taken.degree);
    core = taken.before;
  }
  if (core.charCodeAt(core.length - 1) >= 0x3000) {
    const suffix = cjkHonorificSuffix.exec(core);
    if (suffix && suffix.index > 0 && core.slice(0, suffix.index).trim()) {
      after.unshift(suffix[0]);
      core = core.slice(0, suffix.index).trimEnd();
    }
  }
  let start = core.length - core.trimStart().length;
  const known = honorifics();
  for (;;) {
    const rest = core.slice(start);
    const joined = joinedArabicHonorific.exec(rest);
    if (joined) {
      titles.push(joined[0]);
      start += joined[0].length;
      start += core.slice(start).length - core.slice(start).trimStart().length;
      continue;
    }
    const space = rest.search(/\s/u);
    if (space <= 0) break;
    const word = rest.slice(0, space);
    const key = honorificKey(word);
    const maybe =
      known.has(key) || weakHonorifics.has(key) || (titles.length > 0 && honorificContinuations.has(key));
    if (!maybe) break;
    const remainder = rest.slice(space).trimStart();
    const remaining = remainder ? remainder.split(/\s+/u).length : 0;
    if (remaining < (weakHonorifics.has(key) ? 2 : 1)) break;
    titles.push(word);
    start += rest.length - remainder.length;
  }
  core = core.slice(start);
  let nickname: string | null = null;
  const nick = mayHoldNickname.test(core) ? innerNickname.exec(core) : null;
  if (nick) {
    nickname = (nick[2] ?? nick[4] ?? nick[5] ?? '').trim() || null;
    core = core.slice(0, nick.index) + core.slice(nick.index + nick[0].length);
  }
  core = core.replace(/\s+/gu, ' ').trim();
  const honorific = [...titles, ...after].join(' ') || null;
  return core ? { core, start, honorific, nickname, handle } : null;
}

/**
 * The kind of one word of a candidate name: T title case (McDonald, O'Brien, Jean-Luc), U upper
 * case, I an initial (J., J, A.B., Th.), P a particle (van, de, bin), Q a capitalised particle
 * (Van, De, El), A a particle joined to a name (al-Haddad, d'Arcy), S a suffix (Jr., III), L lower
 * case, M mixed case (GraphQL, iOS), C letters of a script without case, N digits, X other.
 */
export type TokenKind = 'T' | 'U' | 'I' | 'P' | 'Q' | 'A' | 'S' | 'L' | 'M' | 'C' | 'N' | 'X';

export function tokenKind(token: string): TokenKind {
  if (/\p{N}/u.test(token)) return 'N';
  const folded = token.toLowerCase();
  if (particles.has(token)) return 'P';
  if (nameSuffixes.has(folded) && token !== folded) return 'S';
  if (
    /^\p{Lu}\.?$/u.test(token) ||
    /^(?:\p{Lu}\.-?){2,4}$/u.test(token) ||
    /^\p{Lu}\p{Ll}{1,2}\.$/u.test(token)
  )
    return 'I';
  // Scripts without case: letters (and the marks names are written with) only, or something else.
  if (!/[\p{Lu}\p{Ll}]/u.test(token)) return /^[\p{L}\p{M}・ー々'’׳״‐-]+$/u.test(token) ? 'C' : 'X';
  if (particles.has(folded)) return 'Q';
  if (attachedParticle.test(token)) return 'A';
  if (/^\p{Lu}[\p{Lu}\p{M}]*(?:['’‐-]\p{Lu}[\p{Lu}\p{M}]*)*$/u.test(token)) return 'U';
  if (
    /^(?:\p{Lu}['’])?\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:['’‐-]\p{L}[\p{Ll}\p{M}]*)*$/u.test(
      token,
    )
  )
    return 'T';
  if (/^[\p{Ll}\p{M}]+(?:['’‐-][\p{Ll}\p{M}]+)*$/u.test(token)) return 'L';
  if (/^[\p{L}\p{M}]+$/u.test(token)) return 'M';
  return 'X';
}

/** Split a cleaned name into words: at spaces, and after initials written without one ("A.B.Cole"). */
export function nameTokens(core: string): string[] {
  const spaced = core.includes('.') ? core.replace(/(\p{Lu}\.)(?=\p{Lu}\p{Ll})/gu, '$1 ') : core;
  return spaced.split(' ').filter((t) => t.length > 0);
}

/** Unicode scripts by code point, for the letters names are written in. */
export function scriptOf(code: number): string | null {
  if (code < 0x80) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 'Latin' : null;
  if (code < 0x250) return code === 0xd7 || code === 0xf7 || code < 0xc0 ? null : 'Latin';
  if (code >= 0x1e00 && code <= 0x1eff) return 'Latin';
  if (code >= 0x370 && code <= 0x3ff) return 'Greek';
  if (code >= 0x1f00 && code <= 0x1fff) return 'Greek';
  if (code >= 0x400 && code <= 0x52f) return 'Cyrillic';
  if (code >= 0x530 && code <= 0x58f) return 'Armenian';
  if (code >= 0x591 && code <= 0x5ff) return 'Hebrew';
  if (
    (code >= 0x600 && code <= 0x6ff) ||
    (code >= 0x750 && code <= 0x77f) ||
    (code >= 0x8a0 && code <= 0x8ff)
  )
    return 'Arabic';
  if (code >= 0xfb50 && code <= 0xfeff) return code >= 0xfb1d && code <= 0xfb4f ? 'Hebrew' : 'Arabic';
  if (code >= 0x780 && code <= 0x7bf) return 'Thaana';
  if (code >= 0x900 && code <= 0x97f) return 'Devanagari';
  if (code >= 0x980 && code <= 0x9ff) return 'Bengali';
  if (code >= 0xb80 && code <= 0xbff) return 'Tamil';
  if (code >= 0xe00 && code <= 0xe7f) return 'Thai';
  if (code >= 0x10a0 && code <= 0x10ff) return 'Georgian';
  if (
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f) ||
    (code >= 0xac00 && code <= 0xd7af)
  )
    return 'Hangul';
  if (code >= 0x3040 && code <= 0x309f) return 'Hiragana';
  if (
    (code >= 0x30a0 && code <= 0x30ff) ||
    (code >= 0x31f0 && code <= 0x31ff) ||
    (code >= 0xff66 && code <= 0xff9f)
  )
    return code === 0x30fb ? null : 'Katakana'; // the middle dot separates, it is no letter
  if (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3134f) ||
    code === 0x3005
  )
    return 'Han';
  return null;
}

/** Scripts written without spaces between words, whose names need a segmenter. */
export const unspacedScripts: ReadonlySet<string> = new Set(['Han', 'Hiragana', 'Katakana']);
export const cjkScripts: ReadonlySet<string> = new Set(['Han', 'Hiragana', 'Katakana', 'Hangul']);

/** The script most letters of `text` are written in, and whether letters of another one occur too. */
export function dominantScript(text: string): { script: string; mixed: boolean } {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const script = scriptOf(ch.codePointAt(0) as number);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let script = 'Other';
  let best = 0;
  for (const [name, count] of counts) {
    if (count > best) {
      best = count;
      script = name;
    }
  }
  // Kana and kanji together are Japanese; a name of both is reported by its kanji when it has some.
  if ((script === 'Hiragana' || script === 'Katakana') && counts.has('Han')) script = 'Han';
  const japanese = ['Han', 'Hiragana', 'Katakana'];
  const mixed = [...counts.keys()].some(
    (s) => s !== script && !(japanese.includes(s) && japanese.includes(script)),
  );
  return { script, mixed };
}

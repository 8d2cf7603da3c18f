// A line that names people, read with its links: "Name [@handle](github), Role, [Company](url)",
// "A, B & C", "Name (Org)". Profile links give handles, other links name organizations, and the
// person-name model (src/ingest/people) decides what is a name.
import { foldWord, isFunctionWord, nameLexicon } from '../people/lexicon.js';
import {
  looksLikeJobTitle,
  looksLikeOrganization,
  nameProbability,
  type PersonWithAffiliation,
  readPeople,
  readPersonName,
  splitTrailingParenthesis,
} from '../people/names.js';
import { profileFromUrl } from '../people/profiles.js';
import type { Inline } from '../read/tree.js';

export interface Person {
  name: string;
  nickname: string | null;
  handle: string | null;
  organization: string | null;
  role: string | null;
  start: number;
  confidence: number;
  /** What a data file's person record adds: biography, web page, the tool's id. */
  bio?: string | null;
  url?: string | null;
  identifier?: string | null;
}

/** Link texts that say what a link is rather than name anything. */
const genericLinkText =
  /^(?:contact|website|web|homepage|home|blog|profile|slides?|video|recording|link|more|details|linkedin|twitter|github|gitlab|mastodon|bluesky|x|youtube|email|e-mail|mail|site|page)$/i;

interface Segment {
  text: string;
  start: number;
  href: string | null;
}

/** Splits a line's runs at commas and semicolons outside links; a link stays one segment. */
function segments(inlines: readonly Inline[]): Segment[] {
  const out: Segment[] = [];
  let current: Segment | null = null;
  const push = () => {
    if (current?.text.trim()) out.push({ ...current, text: current.text.trim() });
    current = null;
  };
  for (const inline of inlines) {
    if (inline.href) {
      if (current && !(current as Segment).href && (current as Segment).text.trim()) {
        // "Name [@handle](…)": a link that continues the words before it belongs to them.
        (current as Segment).text += inline.text;
        (current as Segment).href = inline.href;
        continue;
      }
      push();
      current = { text: inline.text, start: inline.start, href: inline.href };
      continue;
    }
    let offset = inline.start;
    // Commas, semicolons and the conjunctions of lists separate people ("[A](…) and [B](…)").
    for (const part of inline.text.split(/([,;]\s*|(?<!\s)\s+(?:and|&|und|y|et|i|e)\s+)/)) {
      if (/^(?:[,;]\s*|\s+(?:and|&|und|y|et|i|e)\s+)$/.test(part)) push();
      else if (part) {
        if (!current) current = { text: '', start: offset, href: null };
        (current as Segment).text += part;
      }
      offset += part.length;
    }
  }
  push();
  return out;
}

/**
 * People named by a line. `labelled` when a label, header or key says the line holds speakers: then
 * one-word names are accepted and unknown words after a name are its organization. Null when the
 * line is not (only) people.
 */
export function peopleInLine(inlines: readonly Inline[], options: { labelled: boolean }): Person[] | null {
  const hasLinks = inlines.some((i) => i.href);
  const text = inlines.map((i) => i.text).join('');
  if (!hasLinks)
    return peopleInText(text, inlines[0]?.start ?? 0, { ...options, asWritten: options.labelled });
  const parts = segments(inlines);
  const people: Person[] = [];
  for (const part of parts) {
    const profile = part.href ? profileFromUrl(part.href) : null;
    const words = part.text.replace(/\s+/g, ' ').trim();
    const last = people.at(-1);
    if (/^@[\w.-]+$/.test(words) && last) {
      last.handle ??= words.slice(1);
      continue;
    }
    if (genericLinkText.test(words)) {
      if (profile && last) last.handle ??= profile.handle;
      continue;
    }
    const named = peopleInText(words, part.start, {
      labelled: options.labelled || people.length === 0,
      asWritten: options.labelled && people.length === 0,
    });
    if (named && named.length > 0 && !(part.href && !profile && last)) {
      if (profile && named.length === 1) (named[0] as Person).handle ??= profile.handle;
      people.push(...named);
      continue;
    }
    if (!last) return null;
    // After a name: an organization (a link that is not a profile, or words that read as one) or a role.
    if (part.href && !profile) last.organization ??= words;
    else if (looksLikeJobTitle(words)) last.role ??= words;
    else if (looksLikeOrganization(words) || options.labelled) last.organization ??= words;
    else return null;
  }
  return people.length > 0 ? people : null;
}

/** People in plain text: a list of names, each maybe with an organization or role. */
export function peopleInText(
  text: string,
  start: number,
  options: { labelled: boolean; asWritten?: boolean },
): Person[] | null {
  // "Name [Org]" is written like "Name (Org)": square brackets become round ones, offsets kept.
  if (text.includes('[')) text = text.replace(/\[([^[\]]{2,80})\]/g, '($1)');
  const found =
    readPeople(text, { offset: start, allowSingleWord: options.labelled }) ??
    (options.asWritten ? namesAsWritten(text, start) : null);
  if (!found || found.length === 0) return null;
  return found.map((p) => ({
    name: p.name,
    nickname: p.nickname,
    handle: p.handle,
    organization: p.organization,
    role: p.role,
    start: p.offset,
    confidence: p.confidence,
  }));
}

/**
 * Not a name but a stand-in for one: "TBA", "N.N.", "xxx", "?", "-", or a lone function word of
 * some language that no list knows as a given name ("Alle", "Todos", "Everyone": the whole group).
 */
export function isPlaceholderName(text: string): boolean {
  const trimmed = text.trim();
  if (
    /^(?:tba|tbd|tbc|t\.b\.a\.?|n\.?\s?n\.?|n\/?a|none|null|undefined|unknown|anonymous|speaker|-+|\?+|(\p{L})\1{2,})$/iu.test(
      trimmed,
    )
  )
    return true;
  return !/\s/.test(trimmed) && isFunctionWord(trimmed) && !nameLexicon().given.has(foldWord(trimmed));
}

/**
 * In a field that a label says holds speakers, names as written even when the name model does not
 * know them ("MiraSen RK"): short parts of letters, no digits, no sentence.
 */
function namesAsWritten(text: string, start: number): PersonWithAffiliation[] | null {
  const parts = text.split(/(?<!\s)\s*[,;/]\s*|(?<!\s)\s+(?:&|and|und|y|et|e|i)\s+/u).filter((p) => p.trim());
  if (parts.length === 0) return null;
  const people: PersonWithAffiliation[] = [];
  for (const written of parts) {
    // "Name (Organization)": the parenthesis names where the person works.
    const paren = splitTrailingParenthesis(written);
    const part = paren ? paren.before : written;
    const words = part.trim().split(/\s+/);
    if (words.length > 4 || /\d|https?:|@.*@|[.!?]\s/.test(part) || !/^\p{L}/u.test(part)) return null;
    if (isPlaceholderName(part)) return null;
    people.push({
      name: part.trim(),
      nickname: null,
      handle: null,
      offset: start + text.indexOf(part),
      // Kept as written, with the name model's reading of how much it is a name.
      confidence: Math.round(nameProbability(part.trim()) * 1000) / 1000,
      organization: paren ? paren.inside.trim() : null,
      role: null,
    });
  }
  return people;
}

/** One person's name in running text ("given by Ada Lovelace"), or null. */
export function personAt(text: string, start: number): Person | null {
  const match = readPersonName(text, { offset: start });
  if (!match) return null;
  return { ...match, organization: null, role: null, start: match.offset };
}

// Lines that name a talk's speakers, in the forms listings use: a bare list of names ("A, B & C"),
// a labelled line ("Speakers: A and B", "**Speaker:** Name (@handle)"), or a byline ("by Name @x").

import type { ParsedSpeaker } from '../types.js';
import { type PersonWithAffiliation, readPeople } from './names.js';

export interface SpeakerLine {
  speakers: ParsedSpeaker[];
  /** Each speaker's organization, when the line names one ("Name (Org)", "Name, Org", "… at Org"). */
  organizations: (string | null)[];
}

/** How sure names on a line of their own must be, with no label to say they are names. */
const bareNameConfidence = 0.55;

const label =
  /^(?:[-*+]\s+)?(?:\*\*|__)?(?:speakers?|presenters?|presented by|hosts?|panelists?|by|with)(?:\*\*|__)?\s*[:：]?\s*(?:\*\*|__)?\s*(?:[:：]\s*)?/i;

function toSpeaker(match: PersonWithAffiliation): ParsedSpeaker {
  return {
    name: match.name,
    aliases: match.nickname ? [match.nickname] : [],
    handle: match.handle,
    span: { start: match.offset, end: match.offset + match.name.length },
  };
}

/** Parses names, allowing "(@handle)" after a name, organizations after names and a final "at Org". */
export function parseSpeakerList(
  text: string,
  offset: number,
  options = { bare: false },
): SpeakerLine | null {
  let body = text.replace(/\*{1,2}|__/g, (m) => ' '.repeat(m.length));
  let shared: string | null = null;
  // The last " at " only, tested from there: scanning every position would be quadratic on long runs.
  const atIndex = body.lastIndexOf(' at ');
  const at =
    atIndex >= 0
      ? /^\s*at\s+((?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*(?: (?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*){0,4})\s*$/u.exec(
          body.slice(atIndex),
        )
      : null;
  if (at) {
    shared = (at[1] as string).replace(/[.,]$/, '');
    body = body.slice(0, atIndex);
  }
  const people = readPeople(body, { offset });
  if (!people) return null;
  if (options.bare && people.some((p) => p.confidence < bareNameConfidence || p.role)) return null;
  return { speakers: people.map(toSpeaker), organizations: people.map((p) => p.organization ?? shared) };
}

/**
 * A line that names speakers: "Speakers: A, B", "**Speaker:** Name", or (when `bare` is allowed) just
 * "A, B & C". Null when the line is anything else.
 */
export function parseSpeakerLine(
  text: string,
  offset: number,
  options: { bare: boolean },
): SpeakerLine | null {
  const labelled = label.exec(text);
  if (labelled?.[0].trim()) {
    const rest = text.slice(labelled[0].length);
    return parseSpeakerList(rest, offset + labelled[0].length);
  }
  return options.bare ? parseSpeakerList(text, offset, { bare: true }) : null;
}

/**
 * A heading that carries its byline: "Title by Name @handle & Name", "Title — Name", "Title, by Name
 * (@handle)". The byline must parse as people; a title that merely contains "by" stays a title.
 */
export function splitByline(text: string, offset: number): { title: string; byline: SpeakerLine } | null {
  // (?<!\s): a run of spaces is tried from its start only, so a long run costs linear time.
  const pattern = /(?:,?(?<!\s)\s+by\s+|(?<!\s)\s+[–—]\s+(?:by\s+)?|(?<!\s)\s+-\s+by\s+)/gi;
  const candidates: number[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) candidates.push(match.index);
  for (const index of candidates) {
    const separator = /^(?:,?\s+by\s+|\s+[–—]\s+(?:by\s+)?|\s+-\s+by\s+)/i.exec(text.slice(index));
    if (!separator) continue;
    const title = text
      .slice(0, index)
      .replace(/[*_"“”]+/g, '')
      .trim();
    const rest = index + separator[0].length;
    const byline = parseSpeakerList(text.slice(rest), offset + rest);
    if (title && byline) return { title, byline };
  }
  return null;
}

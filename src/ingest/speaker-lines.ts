// Lines that name a talk's speakers, in the forms listings use: a bare list of names ("A, B & C"),
// a labelled line ("Speakers: A and B", "**Speaker:** Name (@handle)"), or a byline ("by Name @x").
import { type NameMatch, parseNameList } from './person-names.js';
import type { ParsedSpeaker } from './types.js';

export interface SpeakerLine {
  speakers: ParsedSpeaker[];
  /** "at Org" after the names, as in "by Name @handle at Org". */
  organization: string | null;
}

const label =
  /^(?:[-*+]\s+)?(?:\*\*|__)?(?:speakers?|presenters?|presented by|hosts?|panelists?|by|with)(?:\*\*|__)?\s*[:：]?\s*(?:\*\*|__)?\s*(?:[:：]\s*)?/i;

function toSpeaker(match: NameMatch): ParsedSpeaker {
  return {
    name: match.name,
    aliases: match.nickname ? [match.nickname] : [],
    handle: match.handle,
    span: { start: match.offset, end: match.offset + match.name.length },
  };
}

/** Parses names, allowing "(@handle)" after a name and a final "at Org". */
export function parseSpeakerList(text: string, offset: number): SpeakerLine | null {
  let body = text.replace(/\((@[\w.]+)\)/g, ' $1 ').replace(/\*{1,2}|__/g, (m) => ' '.repeat(m.length));
  let organization: string | null = null;
  const at =
    /\s+at\s+((?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*(?:\s+(?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*){0,4})\s*$/u.exec(body);
  if (at) {
    organization = (at[1] as string).replace(/[.,]$/, '');
    body = body.slice(0, at.index);
  }
  const names = parseNameList(body, offset);
  if (!names) return null;
  return { speakers: names.map(toSpeaker), organization };
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
  return options.bare ? parseSpeakerList(text, offset) : null;
}

/**
 * A heading that carries its byline: "Title by Name @handle & Name", "Title — Name", "Title, by Name
 * (@handle)". The byline must parse as people; a title that merely contains "by" stays a title.
 */
export function splitByline(text: string, offset: number): { title: string; byline: SpeakerLine } | null {
  const pattern = /(?:,?\s+by\s+|\s+[–—]\s+(?:by\s+)?|\s+-\s+by\s+)/gi;
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

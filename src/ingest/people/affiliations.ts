// Affiliations from prose: "X is an engineer at Y", "I'm the founder at Y", "Peter and Muir are
// technical staff members for Y", "a contributor to the Y project". The subject may be a speaker's
// full, first or last name, a pronoun, or "I" in a single-speaker write-up.
import type { ParsedAffiliation, ParsedSpeaker } from '../types.js';
import { namesRole } from './affiliation-words.js';

/** The first name of a person, for references like "Barak is ...". */
const givenName = (name: string) => name.split(/\s+/)[0] ?? name;
const familyName = (name: string) => name.split(/\s+/).at(-1) ?? name;

/** An organization's name: capitalized words (CamelCase, digits, "&", ".") up to the first lowercase word. */
const organization = String.raw`((?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*(?:\s+(?:&\s+)?(?:\p{Lu}|\d)[\p{L}\p{N}&.'’+-]*){0,4})`;

/** Roles as written → as stored. */
function normalizeRole(role: string): string | null {
  const cleaned = role
    .toLowerCase()
    .replace(/^(?:an?|the|one of the|one of|also|now|currently|a senior|senior)\s+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) return null;
  // "technical staff members" → "technical staff member"
  return cleaned.replace(
    /\b(member|engineer|founder|developer|maintainer|contributor|lead|manager)s\b/,
    '$1',
  );
}

// A subject ends on a non-space and a role starts and ends on one, so that a run of spaces is
// crossed by one part of a pattern, not split between two in every way (polynomial time).
const employment = new RegExp(
  String.raw`^(?<subject>.*?\S)\s+(?:is|are|was|were|'m|’m|am|has been|have been|works?|worked)\s+(?:(?:now|currently|also)\s+)?(?:(?:as|the|an?|one of the)\s+)?(?<role>(?:\p{Lu}{2,5}\s+)?[\p{Ll}\p{Lu}][\p{Ll}\s-]{1,60}?|\p{Lu}{2,5})\s+(?:at|for|with|of)\s+${organization}(?=$|[\s,.;:!?)])`,
  'u',
);
/** "Samuele, a backend engineer for Yelp, showed …": the role in an apposition after the name. */
const apposition = new RegExp(
  String.raw`^(?<subject>[^,]{2,60}),\s+(?:an?|the|one of the)\s+(?<role>[\p{L}-][\p{L}\s-]{0,58}?[\p{L}-])\s+(?:at|for|with|of)\s+${organization}(?=$|[\s,.;:!?)])`,
  'u',
);
/** "X currently works at Y", "X works for Y": employment without a role. */
const worksAt = new RegExp(
  String.raw`^(?<subject>.+?)\s+(?:(?:now|currently|also)\s+)?(?:works|worked|is working)\s+(?:at|for)\s+${organization}(?=$|[\s,.;:!?)])`,
  'u',
);
const contribution = new RegExp(
  String.raw`\b(?:an?|the)\s+(?:(?:core|long-?time|frequent|active|major)\s+)?(?:contributor|committer|maintainer)s?\s+(?:to|of|on)\s+(?:the\s+)?${organization}(?:\s+(?:project|open[- ]source project|codebase|community))?`,
  'u',
);

/** Which speakers a subject ("Barak", "Peter and Muir", "He", "I", "David Calavera") refers to. */
function resolveSubject(subject: string, speakers: readonly ParsedSpeaker[]): number[] {
  const text = subject.trim().replace(/^(?:and|but|so|now|today|both)\s+/i, '');
  if (speakers.length === 1 && /^(?:I|He|She|They|We)$/i.test(text)) return [0];
  if (/^(?:They|We|Both)$/i.test(text) || /^(?:the|both) speakers$/i.test(text))
    return speakers.map((_, i) => i);
  // Spaces before a separator are taken from the start of their run only (linear time).
  const parts = text.split(/(?:(?<!\s)\s+)?(?:,|\band\b|&)\s*/).filter(Boolean);
  const found: number[] = [];
  for (const part of parts) {
    const index = speakers.findIndex(
      (s) =>
        part === s.name ||
        part === givenName(s.name) ||
        part === familyName(s.name) ||
        s.aliases.includes(part) ||
        (s.handle !== null && part.replace(/^@/, '') === s.handle),
    );
    if (index < 0) return [];
    found.push(index);
  }
  return found;
}

/** Sentences of a paragraph, with their offsets. */
function sentences(text: string, offset: number): { text: string; start: number }[] {
  const result: { text: string; start: number }[] = [];
  // A full stop inside a word ("Kiwi.com", "Node.js") does not end a sentence.
  const pattern = /(?:[^.!?]|[.!?](?!\s|$))+(?:[.!?]+(?=\s|$)|$)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const sentence = match[0];
    const lead = sentence.length - sentence.trimStart().length;
    if (sentence.trim()) result.push({ text: sentence.trim(), start: offset + match.index + lead });
  }
  return result;
}

/**
 * Affiliations stated in `paragraphs` (each with its offset in the document) about `speakers`.
 * A statement whose organization is missing or cut off yields nothing.
 */
export function extractAffiliations(
  paragraphs: readonly { text: string; start: number }[],
  speakers: readonly ParsedSpeaker[],
): ParsedAffiliation[] {
  const result: ParsedAffiliation[] = [];
  const seen = new Set<string>();
  const add = (affiliation: ParsedAffiliation) => {
    const key = `${affiliation.speaker}|${affiliation.relation}|${affiliation.organization.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(affiliation);
    }
  };
  for (const paragraph of paragraphs) {
    for (const written of sentences(paragraph.text, paragraph.start)) {
      // Statements of employment are short; whitespace runs collapsed keep the patterns linear.
      if (written.text.length > 1000) continue;
      const sentence = { ...written, text: written.text.replace(/\s+/g, ' ') };
      const span = { start: sentence.start, end: sentence.start + sentence.text.length };
      // Clauses joined by ", and" keep the sentence's subject: "X is head of ... at Y, and a contributor to Z".
      const employed = employment.exec(sentence.text);
      let subjects: number[] = [];
      if (employed?.groups) {
        subjects = resolveSubject(employed.groups.subject as string, speakers);
        const role = employed.groups.role as string;
        const org = cleanOrganization(employed[3] ?? '');
        if (subjects.length && org && namesRole(role)) {
          for (const speaker of subjects) {
            add({ speaker, organization: org, relation: 'works_at', role: normalizeRole(role), span });
          }
        }
      }
      if (!subjects.length) {
        const appositive = apposition.exec(sentence.text);
        const working = appositive ? null : worksAt.exec(sentence.text);
        const found = appositive ?? working;
        const role = appositive?.groups?.role ?? null;
        const org = found ? cleanOrganization(found[found.length - 1] ?? '') : null;
        const who = found?.groups ? resolveSubject(found.groups.subject as string, speakers) : [];
        // A role is a few words naming a job ("backend engineer"), not a phrase ("author of a library").
        const job = role === null || (namesRole(role) && !/\b(?:of|a|an|the|in|on|to|about)\b/i.test(role));
        if (org && who.length && job) {
          subjects = who;
          for (const speaker of who)
            add({
              speaker,
              organization: org,
              relation: 'works_at',
              role: role ? normalizeRole(role) : null,
              span,
            });
        }
      }
      const contributed = contribution.exec(sentence.text);
      if (contributed) {
        const before = sentence.text.slice(0, contributed.index);
        const subjectMatch = /^(.*?\S)\s+(?:is|are|was|were|'m|’m|am|has been|have been)\b/.exec(before);
        const who = subjects.length
          ? subjects
          : subjectMatch
            ? resolveSubject(subjectMatch[1] as string, speakers)
            : [];
        const org = cleanOrganization(contributed[1] ?? '');
        if (org) {
          for (const speaker of who)
            add({ speaker, organization: org, relation: 'contributes_to', role: 'contributor', span });
        }
      }
    }
  }
  return result;
}

/** Trims words that follow a name but are not part of it ("CoreOS, and" → "CoreOS"). */
function cleanOrganization(text: string): string | null {
  const cleaned = text
    // (?<!…): a run is tried from its start only, so trimming takes linear time.
    .replace(/(?<![.,;:!?)'’])[.,;:!?)'’]+$/, '')
    .replace(/(?<!\s)\s+(?:project|team|community|Inc\.?$)$/i, (m) => (/Inc/i.test(m) ? m : ''))
    .trim();
  if (!cleaned || /^(?:I|We|He|She|They|The|A|An|This|That)$/.test(cleaned)) return null;
  return cleaned;
}

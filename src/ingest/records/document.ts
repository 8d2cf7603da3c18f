// Found records → the parsed document: talks with their speakers, affiliations (from the records
// and from the write-ups' prose), the event (front matter, the page title or the first heading),
// and what was skipped. Shared by every tree-shaped input (Markdown, HTML, data files).
import { extractAffiliations } from '../people/affiliations.js';
import { isTruncated } from '../read/text-blocks.js';
import {
  noSchedule,
  type ParsedAffiliation,
  type ParsedEvent,
  type ParsedSpeaker,
  type ParsedTalk,
} from '../types.js';
import { looksLikeEventName, parseEventHeading } from './event-heading.js';
import type { FoundRecords, FoundTalk } from './find.js';
import { kindOf } from './programme-words.js';

function speakersOf(talk: FoundTalk): ParsedSpeaker[] {
  return talk.speakers.map((p) => ({
    name: p.name,
    aliases: p.nickname ? [p.nickname] : [],
    handle: p.handle,
    bio: p.bio ?? null,
    url: p.url ?? null,
    identifier: p.identifier ?? null,
    span: { start: p.start, end: p.start + p.name.length },
  }));
}

/**
 * The write-up's paragraphs with their offsets in the document (found after the talk's start by
 * their first line; the talk's start when the text is not the document's as written).
 */
function paragraphsOf(abstract: string, text: string, from: number): { text: string; start: number }[] {
  let at = from;
  return abstract.split(/\n{2,}/).map((paragraph) => {
    const head = (paragraph.split('\n')[0] ?? '').slice(0, 80);
    const found = head ? text.indexOf(head, at) : -1;
    if (found >= 0) at = found + head.length;
    return { text: paragraph.replace(/\n+/g, ' '), start: found >= 0 ? found : from };
  });
}

export function toParsedTalk(talk: FoundTalk, position: number, text = ''): ParsedTalk {
  const speakers = speakersOf(talk);
  const affiliations: ParsedAffiliation[] = [];
  talk.speakers.forEach((person, speaker) => {
    if (person.organization)
      affiliations.push({
        speaker,
        organization: person.organization,
        relation: 'works_at',
        role: person.role ? person.role.toLowerCase() : null,
        span: { start: person.start, end: person.start + person.name.length },
      });
  });
  if (talk.abstract) {
    for (const found of extractAffiliations(paragraphsOf(talk.abstract, text, talk.start), speakers)) {
      // The write-up may name another employer than the speaker line ("… is an SRE at Y"): both are kept.
      const known = affiliations.some(
        (a) =>
          a.speaker === found.speaker && a.organization.toLowerCase() === found.organization.toLowerCase(),
      );
      if (!known) affiliations.push(found);
    }
  }
  return {
    title: talk.title,
    abstract: talk.abstract,
    abstractTruncated: talk.abstract !== null && isTruncated(talk.abstract),
    speakers,
    affiliations,
    position,
    span: { start: talk.start, end: talk.end },
    kind: talk.kind,
    schedule: { ...noSchedule, ...talk.schedule },
    confidence: talk.confidence,
    evidence: talk.evidence,
  };
}

/**
 * One entry holding several talks in parallel lists: as many titles set apart by semicolons as it
 * names speakers ("A; B" with "Ann Lee; Bo Chan", two short talks in one slot) is one talk per
 * speaker, paired by position. A semicolon seldom stands inside one title, and the counts agreeing
 * is what pairs them; commas, which titles hold, are not read this way.
 */
function pairedTalks(talk: FoundTalk): FoundTalk[] {
  const count = talk.speakers.length;
  if (count < 2 || !/[;；]/.test(talk.title)) return [talk];
  const parts: { title: string; at: number }[] = [];
  const cut = /[;；]/g;
  let from = 0;
  for (const end of [...talk.title.matchAll(cut)].map((m) => m.index).concat(talk.title.length)) {
    const raw = talk.title.slice(from, end);
    const title = raw.trim();
    if (!/\p{L}/u.test(title)) return [talk];
    parts.push({ title, at: from + raw.indexOf(title) });
    from = end + 1;
  }
  if (parts.length !== count) return [talk];
  return parts.map(({ title, at }, i) => ({
    ...talk,
    title,
    titleStart: talk.titleStart + at,
    speakers: [talk.speakers[i] as FoundTalk['speakers'][number]],
    // Whose the entry's abstract is, it does not say.
    abstract: null,
  }));
}

/** A title that only names a kind of slot ("Keynote", "Workshop"): a placeholder when its speakers give another talk. */
const slotName = (title: string) => kindOf(title) !== null && title.trim().split(/\s+/).length <= 2;

/**
 * One talk per title and speakers: a schedule that lists a talk in two rooms or twice names it once,
 * and a "Keynote" slot of someone whose keynote is listed by its title is that talk's placeholder.
 */
/** `text`: the document as written, which the talks' offsets point into. */
export function talksOf(found: FoundRecords, text = ''): ParsedTalk[] {
  const seen = new Set<string>();
  const talks: ParsedTalk[] = [];
  const names = (talk: FoundTalk) => talk.speakers.map((s) => s.name.toLowerCase());
  for (const talk of found.talks.flatMap(pairedTalks)) {
    const key = `${talk.title.toLowerCase()}|${names(talk).join(',')}`;
    if (seen.has(key)) continue;
    const placeholder =
      slotName(talk.title) &&
      found.talks.some(
        (other) =>
          other !== talk && !slotName(other.title) && names(talk).every((n) => names(other).includes(n)),
      );
    if (placeholder) continue;
    seen.add(key);
    talks.push(toParsedTalk(talk, talks.length + 1, text));
  }
  return talks;
}

/** The event from what names the document: front matter, the page title, the first heading. */
export function eventOf(
  candidates: readonly (string | null | undefined)[],
  year: string | null = null,
): ParsedEvent | null {
  for (const candidate of candidates) {
    const text = candidate?.trim();
    // A line ending in a colon introduces what follows ("Talks given at the X meetups:").
    if (!text || /[:：]$/.test(text) || !looksLikeEventName(text)) continue;
    const event = parseEventHeading(text);
    // "2023.05" is a date heading, not an event's name.
    if (!event || !/\p{L}{2}/u.test(event.name)) continue;
    if (!event.year && year) event.year = Number(/\b(?:19|20)\d{2}\b/.exec(year)?.[0]) || null;
    return event;
  }
  return null;
}

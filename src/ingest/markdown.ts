// Markdown listings and recaps: optional front matter, "#" for the event, "##" (or the first level
// below the event) per talk, speakers in the heading's byline or on a "**Speaker:** Name" /
// "Speakers: A, B" line, or talks as bullets ("- **Title** — Name"). Deeper headings stay inside a
// talk's write-up.
import { extractAffiliations } from './affiliations.js';
import { isRecapTitle, looksLikeEventName, parseEventHeading, placeFromProse } from './event-heading.js';
import { parseSpeakerLine, type SpeakerLine, splitByline } from './speaker-lines.js';
import { isChrome, isTruncated, type Line, splitLines, stripTime } from './text-blocks.js';
import type { ParsedEvent, ParsedTalk, UnclassifiedBlock } from './types.js';

type Segment =
  | { kind: 'heading'; level: number; text: string; line: Line }
  | { kind: 'bullet'; text: string; line: Line }
  | { kind: 'paragraph'; lines: Line[] };

export interface MarkdownResult {
  event: ParsedEvent | null;
  talks: ParsedTalk[];
  unclassified: UnclassifiedBlock[];
  /** Talks came from "Title by Name" headings, or the title says "Recap": the document is a recap. */
  recap: boolean;
}

const stripInline = (text: string) =>
  text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](link) → text
    .replace(/`([^`]*)`/g, '$1')
    .trim();

function frontMatter(lines: Line[]): { values: Record<string, string>; rest: Line[] } {
  if (lines[0]?.text.trim() !== '---') return { values: {}, rest: lines };
  const end = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)$/.test(line.text.trim()));
  if (end < 0) return { values: {}, rest: lines };
  const values: Record<string, string> = {};
  for (const line of lines.slice(1, end)) {
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line.text.trim());
    if (match)
      values[(match[1] as string).toLowerCase()] = (match[2] as string).replace(/^["']|["']$/g, '').trim();
  }
  return { values, rest: lines.slice(end + 1) };
}

function segments(lines: Line[]): Segment[] {
  const result: Segment[] = [];
  let paragraph: Line[] = [];
  const flush = () => {
    if (paragraph.length) result.push({ kind: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  for (const line of lines) {
    const text = line.text;
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(text);
    if (heading) {
      flush();
      result.push({
        kind: 'heading',
        level: (heading[1] as string).length,
        text: stripInline(heading[2] as string),
        line,
      });
    } else if (bullet && !/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(text)) {
      flush();
      result.push({ kind: 'bullet', text: stripInline(bullet[1] as string), line });
    } else if (text.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(text)) {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return result;
}

const offsetOf = (line: Line, text: string) => line.start + Math.max(0, line.text.indexOf(text));

/** A bullet that is a whole talk: "**Title** — Name", "Title by Name @x", "Title (Name)". */
function bulletTalk(bullet: { text: string; line: Line }) {
  const text = bullet.text;
  const bold = /^\*\*(.+?)\*\*\s*(?:[-–—:,]|by)?\s*(.+)$/.exec(text);
  if (bold) {
    const names = parseSpeakerLine(
      (bold[2] as string).replace(/^by\s+/i, ''),
      offsetOf(bullet.line, bold[2] as string),
      { bare: true },
    );
    if (names) return { title: stripTime(bold[1] as string), speakers: names };
  }
  const paren = /^(.+?)\s*\(([^()]+)\)\s*$/.exec(text);
  if (paren) {
    const names = parseSpeakerLine(paren[2] as string, offsetOf(bullet.line, paren[2] as string), {
      bare: true,
    });
    if (names) return { title: stripTime(paren[1] as string), speakers: names };
  }
  const byline = splitByline(text.replace(/\*\*/g, ''), offsetOf(bullet.line, text));
  return byline ? { title: stripTime(byline.title), speakers: byline.byline } : null;
}

export function parseMarkdown(text: string): MarkdownResult {
  const { values, rest } = frontMatter(splitLines(text));
  const parts = segments(rest);
  const unclassified: UnclassifiedBlock[] = [];
  const talks: ParsedTalk[] = [];
  let bylines = false;

  // The event: front matter, else the first top-level heading.
  const headings = parts.filter((p): p is Extract<Segment, { kind: 'heading' }> => p.kind === 'heading');
  const topLevel = Math.min(...headings.map((h) => h.level));
  let eventHeading: Extract<Segment, { kind: 'heading' }> | null = null;
  let event: ParsedEvent | null = null;
  if (values.title || values.event) {
    const name = values.event ?? values.title ?? '';
    event = parseEventHeading(
      `${name} ${values.date && !/\b(?:19|20)\d{2}\b/.test(name) ? (values.date.match(/\b(?:19|20)\d{2}\b/)?.[0] ?? '') : ''}`,
    );
    const place = values.location ?? values.city ?? values.venue ?? '';
    if (event && place) {
      const city = place
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      event.city ??= city.at(-1) ?? null;
      if (city.length > 1) event.venue = city.slice(0, -1).join(', ');
    }
  }
  const firstHeading = headings[0];
  const levels = new Set(headings.map((h) => h.level));
  if (
    firstHeading &&
    firstHeading.level === topLevel &&
    (headings.filter((h) => h.level === topLevel).length === 1 || looksLikeEventName(firstHeading.text)) &&
    (levels.size > 1 || looksLikeEventName(firstHeading.text)) &&
    !splitByline(firstHeading.text, 0)
  ) {
    eventHeading = firstHeading;
    const fromHeading = parseEventHeading(firstHeading.text, {
      start: firstHeading.line.start,
      end: firstHeading.line.start + firstHeading.line.text.length,
    });
    event = event ? { ...fromHeading, ...event, year: event.year ?? fromHeading?.year ?? null } : fromHeading;
  }
  const talkLevel = Math.min(...headings.filter((h) => h !== eventHeading).map((h) => h.level));

  type Section = { heading: Extract<Segment, { kind: 'heading' }>; body: Segment[] };
  const sections: Section[] = [];
  const loose: Segment[] = [];
  let section: Section | null = null;
  for (const part of parts) {
    if (part === eventHeading) continue;
    if (part.kind === 'heading' && part.level <= talkLevel) {
      section = { heading: part, body: [] };
      sections.push(section);
    } else if (section) {
      section.body.push(part);
    } else {
      loose.push(part);
    }
  }

  // Intro prose before the first talk may name the venue and city.
  const intro = loose
    .filter((p) => p.kind === 'paragraph')
    .map((p) => p.lines.map((l) => l.text.trim()).join(' '));
  if (event && intro.length) {
    const place = placeFromProse(intro.join(' '));
    event.city ??= place.city;
    event.venue ??= place.venue;
  }

  const addBulletTalks = (items: Segment[]) => {
    for (const item of items) {
      if (item.kind !== 'bullet') continue;
      const talk = bulletTalk(item);
      if (!talk) continue;
      talks.push({
        title: talk.title,
        abstract: null,
        abstractTruncated: false,
        speakers: talk.speakers.speakers,
        affiliations: [],
        position: talks.length + 1,
        span: { start: item.line.start, end: item.line.start + item.line.text.length },
      });
    }
  };
  addBulletTalks(loose);

  for (const { heading, body } of sections) {
    let speakers: SpeakerLine | null = null;
    const byline = splitByline(heading.text, offsetOf(heading.line, heading.text));
    if (byline) bylines = true;
    const paragraphs: { text: string; start: number; end: number }[] = [];
    for (const [i, part] of body.entries()) {
      if (part.kind === 'heading') {
        paragraphs.push({
          text: part.text,
          start: part.line.start,
          end: part.line.start + part.line.text.length,
        });
        continue;
      }
      const lines = part.kind === 'paragraph' ? part.lines : [part.line];
      const kept: Line[] = [];
      for (const line of lines) {
        const content = part.kind === 'bullet' ? part.text : line.text.trim();
        const labelled: SpeakerLine | null =
          !byline && !speakers ? parseSpeakerLine(content, offsetOf(line, content), { bare: false }) : null;
        const bare: SpeakerLine | null =
          !byline && !speakers && !labelled && i === 0 && kept.length === 0 && lines.length === 1
            ? parseSpeakerLine(content.replace(/^[*_]+|[*_]+$/g, ''), offsetOf(line, content), { bare: true })
            : null;
        if (labelled || bare) speakers = labelled ?? bare;
        else if (!isChrome(content)) kept.push(line);
      }
      if (kept.length) {
        const first = kept[0] as Line;
        const last = kept.at(-1) as Line;
        paragraphs.push({
          text: kept.map((l) => (part.kind === 'bullet' ? `- ${part.text}` : l.text.trim())).join(' '),
          start: first.start,
          end: last.start + last.text.length,
        });
      }
    }
    const people = byline?.byline ?? speakers;
    const title = stripTime(byline?.title ?? heading.text);
    if (!people) {
      // A section with bullets of talks ("## Schedule") holds talks; any other is reported.
      const before = talks.length;
      addBulletTalks(body);
      if (talks.length === before) {
        unclassified.push({
          text: heading.text,
          line: heading.line.number,
          reason: `section "${heading.text}" names no speakers`,
        });
      }
      continue;
    }
    const affiliations = extractAffiliations(paragraphs, people.speakers);
    if (people.organization) {
      people.speakers.forEach((_, speaker) => {
        if (!affiliations.some((a) => a.speaker === speaker && a.relation === 'works_at')) {
          affiliations.push({
            speaker,
            organization: people.organization as string,
            relation: 'works_at',
            role: null,
            span: null,
          });
        }
      });
    }
    const abstract = paragraphs.length ? paragraphs.map((p) => p.text).join('\n\n') : null;
    talks.push({
      title,
      abstract,
      abstractTruncated: abstract !== null && isTruncated(abstract),
      speakers: people.speakers,
      affiliations,
      position: talks.length + 1,
      span: {
        start: heading.line.start,
        end: paragraphs.at(-1)?.end ?? heading.line.start + heading.line.text.length,
      },
    });
  }
  const recap =
    bylines || (eventHeading !== null && isRecapTitle(eventHeading.text)) || isRecapTitle(values.title ?? '');
  return { event, talks, unclassified, recap };
}

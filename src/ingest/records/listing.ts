// Talk listings in plain text: an event name, then per talk a title, an abstract (possibly cut
// short, possibly absent) and a line of speakers. Blank lines may or may not separate the parts.
import { extractAffiliations } from '../people/affiliations.js';
import { parseSpeakerLine, type SpeakerLine } from '../people/speaker-lines.js';
import {
  type Block,
  isChrome,
  isHeadingLike,
  isHeadingText,
  isProse,
  isTruncated,
  type Line,
  stripTime,
} from '../read/text-blocks.js';
import { noSchedule, type ParsedTalk, type UnclassifiedBlock } from '../types.js';
import { kindInTitle } from './read-record.js';

interface OpenTalk {
  title: Line;
  abstract: Line[][];
  start: number;
}

export interface ListingResult {
  talks: ParsedTalk[];
  unclassified: UnclassifiedBlock[];
}

const joinParagraphs = (paragraphs: Line[][]) =>
  paragraphs.map((lines) => lines.map((l) => l.text.trim()).join(' ')).join('\n\n');

/** Speakers on a line of their own: bare names, or labelled ("Speakers: ..."). */
function speakerLine(line: Line): SpeakerLine | null {
  const text = line.text.trim();
  const offset = line.start + (line.text.length - line.text.trimStart().length);
  return parseSpeakerLine(text, offset, { bare: true });
}

/**
 * Parses the talk blocks of a listing (everything after the event heading). Positions count from
 * `firstPosition`.
 */
export function parseListingBlocks(blocks: readonly Block[], firstPosition = 1): ListingResult {
  const talks: ParsedTalk[] = [];
  const unclassified: UnclassifiedBlock[] = [];
  let open: OpenTalk | null = null;

  const close = (speakers: SpeakerLine | null, end: number) => {
    if (!open) return;
    const abstract = open.abstract.length ? joinParagraphs(open.abstract) : null;
    const talkSpeakers = speakers?.speakers ?? [];
    const paragraphs = open.abstract.map((lines) => ({
      text: lines.map((l) => l.text.trim()).join(' '),
      start: lines[0]?.start ?? 0,
    }));
    const affiliations = extractAffiliations(paragraphs, talkSpeakers);
    speakers?.organizations.forEach((organization, speaker) => {
      if (organization && !affiliations.some((a) => a.speaker === speaker && a.relation === 'works_at'))
        affiliations.push({ speaker, organization, relation: 'works_at', role: null, span: null });
    });
    const title = stripTime(open.title.text.trim());
    if (!speakers) {
      unclassified.push({
        text: title,
        line: open.title.number,
        reason: `talk "${title}" has no line naming its speakers`,
      });
    }
    talks.push({
      schedule: noSchedule,
      title,
      abstract,
      abstractTruncated: abstract !== null && isTruncated(abstract),
      speakers: talkSpeakers,
      affiliations,
      position: firstPosition + talks.length,
      span: { start: open.start, end },
      kind: kindInTitle(title) ?? 'talk',
      confidence: speakers ? 0.9 : 0.5,
      evidence: ['title: a title line', speakers ? 'speakers: a line of people' : 'speakers: none found'],
    });
    open = null;
  };

  for (const [index, block] of blocks.entries()) {
    if (block.lines.every((line) => isChrome(line.text))) continue;
    const next = blocks[index + 1];
    if (!open) {
      const first = block.lines[0] as Line;
      const last = block.lines.at(-1) as Line;
      if (!isHeadingText(stripTime(first.text.trim()))) {
        unclassified.push({
          text: block.text.slice(0, 200),
          line: block.line,
          reason: 'text outside any talk (no title before it)',
        });
        continue;
      }
      open = { title: first, abstract: [], start: block.start };
      if (block.lines.length === 1) continue;
      // Title, abstract and speakers in one block.
      const speakers = speakerLine(last);
      const middle = block.lines.slice(1, speakers ? -1 : undefined);
      if (middle.length) open.abstract.push(middle);
      if (speakers) close(speakers, block.end);
      continue;
    }
    const speakers = block.lines.length <= 2 ? speakerLine(block.lines.at(-1) as Line) : null;
    if (speakers && block.lines.length === 1) {
      close(speakers, block.end);
      continue;
    }
    const trailing = speakerLine(block.lines.at(-1) as Line);
    if (
      trailing &&
      block.lines.length > 1 &&
      !isProse({ ...block, text: (block.lines.at(-1) as Line).text })
    ) {
      open.abstract.push(block.lines.slice(0, -1));
      close(trailing, block.end);
      continue;
    }
    // A title followed by prose starts the next talk: the open one had no speakers line, and if it
    // had no abstract either it was a programme entry such as a break, not a talk.
    if (isHeadingLike(block) && next && isProse(next)) {
      const pending = open as OpenTalk;
      if (pending.abstract.length > 0) close(null, blocks[index - 1]?.end ?? block.start);
      else {
        const text = stripTime(pending.title.text.trim());
        unclassified.push({
          text,
          line: pending.title.number,
          reason: `"${text}" has neither an abstract nor speakers`,
        });
      }
      open = { title: block.lines[0] as Line, abstract: [], start: block.start };
      continue;
    }
    open.abstract.push(block.lines);
  }
  if (open) {
    const pending = open as OpenTalk;
    if (pending.abstract.length === 0) {
      unclassified.push({
        text: pending.title.text.trim(),
        line: pending.title.number,
        reason: 'a line after the last talk that is not a talk',
      });
      open = null;
    } else {
      const last = pending.abstract.at(-1)?.at(-1) as Line;
      close(null, last.start + last.text.length);
    }
  }
  return { talks, unclassified };
}

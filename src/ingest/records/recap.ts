// Event recaps (blog posts): a title, an intro naming the venue, then per talk a heading with its
// byline ("Title by Name @handle & Name") followed by write-up paragraphs, then page furniture.
import { extractAffiliations } from '../people/affiliations.js';
import { splitByline } from '../people/speaker-lines.js';
import { type Block, isChrome, isHeadingText } from '../read/text-blocks.js';
import { noSchedule, type ParsedTalk, type UnclassifiedBlock } from '../types.js';
import { kindInTitle } from './read-record.js';

/** Lines after which a post's own text has ended (comment forms, related posts, sharing). */
const endOfArticle =
  /^(?:leave a (?:comment|reply)|post a comment|\d+ comments?|comments|related posts?|you may also like|share this)\b/i;

export interface RecapResult {
  /** Paragraphs before the first talk: where the event and venue are introduced. */
  intro: Block[];
  talks: ParsedTalk[];
  unclassified: UnclassifiedBlock[];
}

/** A block that opens a talk: one short line whose byline parses as people. */
export function talkHeading(block: Block) {
  if (block.lines.length !== 1) return null;
  const text = block.text.replace(/^#{1,6}\s+/, '').trim();
  if (!isHeadingText(text, 250)) return null;
  return splitByline(text, block.start + (block.text.length - text.length));
}

export function parseRecapBlocks(blocks: readonly Block[], firstPosition = 1): RecapResult {
  const intro: Block[] = [];
  const talks: ParsedTalk[] = [];
  const unclassified: UnclassifiedBlock[] = [];
  let current: { heading: Block; parsed: NonNullable<ReturnType<typeof talkHeading>>; body: Block[] } | null =
    null;

  const close = () => {
    if (!current) return;
    const { heading, parsed, body } = current;
    const speakers = parsed.byline.speakers;
    const paragraphs = body.map((b) => ({ text: b.text, start: b.start }));
    const affiliations = extractAffiliations(paragraphs, speakers);
    // "by Name @handle at Org": the organization belongs to the speakers of the byline.
    parsed.byline.organizations.forEach((organization, speaker) => {
      if (organization && !affiliations.some((a) => a.speaker === speaker && a.relation === 'works_at'))
        affiliations.push({
          speaker,
          organization,
          relation: 'works_at',
          role: null,
          span: { start: heading.start, end: heading.end },
        });
    });
    const abstract = body.length ? body.map((b) => b.text).join('\n\n') : null;
    talks.push({
      schedule: noSchedule,
      title: parsed.title,
      abstract,
      abstractTruncated: false,
      speakers,
      affiliations,
      position: firstPosition + talks.length,
      span: { start: heading.start, end: body.at(-1)?.end ?? heading.end },
      kind: kindInTitle(parsed.title) ?? 'talk',
      confidence: 0.85,
      evidence: ['title: heading', 'speakers: byline in the heading'],
    });
    current = null;
  };

  for (const block of blocks) {
    if (endOfArticle.test(block.text.trim())) break;
    if (block.lines.every((line) => isChrome(line.text))) continue;
    const heading = talkHeading(block);
    if (heading) {
      close();
      current = { heading: block, parsed: heading, body: [] };
    } else if (current) {
      current.body.push(block);
    } else {
      intro.push(block);
    }
  }
  close();
  if (talks.length === 0) {
    for (const block of intro) {
      unclassified.push({
        text: block.text.slice(0, 200),
        line: block.line,
        reason: 'no talk heading ("Title by Name") found',
      });
    }
  }
  return { intro, talks, unclassified };
}

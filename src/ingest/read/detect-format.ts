// Which layout a document uses, from signals any listing or recap shows; `--format` overrides.

import { parseSpeakerLine } from '../people/speaker-lines.js';
import { talkHeading } from '../records/recap.js';
import type { DocumentFormat } from '../types.js';
import { splitBlocks } from './text-blocks.js';

export interface FormatScores {
  markdown: number;
  recap: number;
  listing: number;
}

/**
 * Scores, each a count of evidence:
 * - markdown: front matter (3), "#" headings (1 each), "**Speaker:**"-style labels (2 each), bold bullets (1 each);
 * - recap: headings with a byline, "Title by Name" (3 each), a first line ending in "Recap" (2), Q:/A: lines (1 each);
 * - listing: lines that are only a list of people (2 each), labelled "Speakers:" lines (2 each).
 */
export function scoreFormats(text: string): FormatScores {
  const lines = text.split('\n');
  let markdown = /^---\n[\s\S]*?\n---/.test(text) ? 3 : 0;
  let recap = /\b(?:recap|wrap-?up|highlights|round-?up)\b/i.test(lines.find((l) => l.trim()) ?? '') ? 2 : 0;
  let listing = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    if (/^#{1,6}\s+\S/.test(trimmed)) markdown += 1;
    if (/^(?:[-*+]\s+)?(?:\*\*|__)[^*_]+(?:\*\*|__)/.test(trimmed)) markdown += 1;
    if (/^(?:\*\*|__)(?:speakers?|presenters?)\s*:?(?:\*\*|__)/i.test(trimmed)) markdown += 2;
    if (/^(?:Q|A)\s*[:.]\s+\S/.test(trimmed)) recap += 1;
  }
  for (const block of splitBlocks(text)) {
    const first = block.lines[0];
    if (!first) continue;
    if (talkHeading({ ...block, lines: [first], text: first.text.trim() })) recap += 3;
    for (const line of block.lines) {
      const trimmed = line.text.trim().replace(/^#{1,6}\s+/, '');
      if (trimmed.length > 300) continue;
      if (parseSpeakerLine(trimmed, 0, { bare: false })) listing += 2;
      else if (block.lines.length <= 2 && parseSpeakerLine(trimmed, 0, { bare: true })) listing += 2;
    }
  }
  return { markdown, recap, listing };
}

export function detectFormat(text: string): DocumentFormat {
  const scores = scoreFormats(text);
  const recapLike = scores.recap > scores.listing;
  if (scores.markdown >= 3) return recapLike ? 'markdown-recap' : 'markdown-listing';
  return recapLike ? 'recap' : 'listing';
}

// A document as blocks: runs of non-blank lines, each with its offsets and line number, so that
// every extracted fact can point back at where the document states it.

export interface Line {
  text: string;
  /** Offset of the line's first character in the document. */
  start: number;
  /** 1-based line number. */
  number: number;
}

export interface Block {
  lines: Line[];
  /** The block's lines joined by single spaces (a paragraph as one string). */
  text: string;
  start: number;
  end: number;
  line: number;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    lines.push({ text: raw.trimEnd(), start, number: i + 1 });
    start += raw.length + 1;
  });
  return lines;
}

export function toBlock(lines: Line[]): Block {
  const first = lines[0] as Line;
  const last = lines.at(-1) as Line;
  return {
    lines,
    text: lines.map((l) => l.text.trim()).join(' '),
    start: first.start + (first.text.length - first.text.trimStart().length),
    end: last.start + last.text.length,
    line: first.number,
  };
}

/** Splits on blank lines. */
export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Line[] = [];
  for (const line of splitLines(text)) {
    if (line.text.trim() === '') {
      if (current.length) blocks.push(toBlock(current));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) blocks.push(toBlock(current));
  return blocks;
}

/**
 * Page furniture of blog posts and event pages: comment forms, sharing links, footers, shortcodes.
 * Recognized by what such lines say, in any post.
 */
const chromePatterns = [
  /^\[\/?[a-z][\w-]*(?:\s[^\]]*)?\]$/i, // [shortcode id="2"]
  /^(?:leave a (?:comment|reply)|post a comment|add a comment|\d+ comments?|comments?(?: \(\d+\))?:?|reply)$/i,
  /this site uses akismet/i,
  /^(?:share (?:this|on)\b|tweet this|follow us\b|subscribe\b|sign up for our newsletter)/i,
  /^(?:related posts?|you may also like|read more|previous post|next post|older posts?|newer posts?)\b/i,
  /^(?:posted (?:in|on|by)\b|filed under\b|tags?:|categories?:)/i,
  /^(?:©|copyright\b|\(c\) \d{4}|all rights reserved)/i,
  /^(?:your email address will not be published|required fields are marked)/i,
  /^(?:name|email|website|comment)\s*\*?$/i,
];

export function isChrome(text: string): boolean {
  const trimmed = text.trim();
  return chromePatterns.some((pattern) => pattern.test(trimmed));
}

/**
 * A block is a single short line that does not end like a sentence: a title or heading. (Titles may
 * end in "?" or "!"; an ending "." or ":" marks a sentence or a label.)
 */
export function isHeadingLike(block: Block, maxLength = 160): boolean {
  return block.lines.length === 1 && isHeadingText(block.text, maxLength);
}

export function isHeadingText(text: string, maxLength = 160): boolean {
  return (
    text.length <= maxLength &&
    !/(?<!\.\.)[.:;,]$/.test(text) &&
    /\p{L}/u.test(text) &&
    text.split(/\s+/).length <= 25
  );
}

/** Strips a leading time or time range from schedule lines: "18:30 - 19:00: Title", "10h00 Title", "9am | Title". */
export function stripTime(text: string): string {
  // Spaces after a time are taken only before "am"/"pm": the spaces that follow belong to one part
  // of the pattern, not to three in turn (cubic time on a long run of them).
  const time = String.raw`(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)`;
  return text
    .replace(
      new RegExp(String.raw`^\s*${time}(?:\s*(?:[-–—]|to|bis|à)\s*${time})?\s*(?:[-–—|:]\s*)?(?=\S)`, 'i'),
      '',
    )
    .trim();
}

/** True when an abstract was cut short: it ends in an ellipsis. */
export function isTruncated(text: string): boolean {
  return /(?:\.\.\.|…)\s*$/.test(text.trim());
}

// Plain text (a .txt programme, an e-mail, text with no markup) → the same document tree as every
// markup: blank lines separate blocks; a line underlined (or over- and underlined) with `===`/`---`
// and a line in capitals or ending with ":" that opens a block are headings, ranked in the order
// their styles first appear; bullets (`-`, `*`, `•`, `–`, `1.`, `a)`, …) make list items nested by
// indentation, the lines wrapped under an item's text belong to it, and lines indented under a line
// nest under it as one block. Every line keeps its offsets; bare URLs become links.

import type { MarkupDocument } from './markup.js';
import type { Inline, TreeNode } from './tree.js';
import { branch, lineNode, plainMarks, rootNode, run, type SourceLine, sourceLines } from './tree-build.js';

interface Line extends SourceLine {
  /** Columns of indentation (a tab counts four). */
  indent: number;
  blank: boolean;
}

function linesOf(source: string): Line[] {
  return sourceLines(source).map((line) => {
    let indent = 0;
    let k = 0;
    for (; k < line.text.length; k++) {
      const c = line.text[k];
      if (c === ' ') indent++;
      else if (c === '\t') indent += 4;
      else break;
    }
    return { ...line, indent, blank: k === line.text.length };
  });
}

/** Characters a title is underlined with. */
const adornment = /^([=\-~*#^+_.:])\1{2,}$/;
const separator = /^(?:[=\-~*#^+_.:] ?){3,}$/;
const bullet = /^(?:[-*•–·▪►‣◦+]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|[A-Z]\)|\([a-z]\))[ \t]+(?=\S)/;

/** The kind of bullet (items of one list share it): "-", "1.", "a)", … */
function bulletKind(text: string): string | null {
  const marker = bullet.exec(text)?.[0].trim();
  if (!marker) return null;
  return marker
    .replace(/\d{1,3}/, '1')
    .replace(/^\(?[a-z]/, '(a')
    .replace(/^[A-Z]/, 'A');
}

const maxHeadingLength = 80;
const maxDepth = 40;

function isCapitals(text: string): boolean {
  return (
    text.length <= maxHeadingLength &&
    /\p{Lu}.*\p{Lu}/su.test(text) &&
    !/\p{Ll}/u.test(text) &&
    !/[.;,]$/.test(text) &&
    text.split(/\s+/).length <= 12
  );
}

function isLabelHeading(text: string): boolean {
  return (
    text.length <= 60 &&
    text.endsWith(':') &&
    !text.endsWith('::') &&
    /\p{L}/u.test(text) &&
    text.split(/\s+/).length <= 8
  );
}

class PlainTextReader {
  private readonly styles: string[] = [];
  private depth = 0;

  constructor(private readonly lines: readonly Line[]) {}

  /** A text node of lines (a paragraph, an item's text): each line's runs, URLs as links. */
  private text(from: number, to: number, firstColumn?: number, heading = 0): TreeNode | null {
    const runs: Inline[] = [];
    for (let i = from; i < to; i++) {
      const line = this.lines[i] as Line;
      const skip =
        i === from && firstColumn !== undefined
          ? firstColumn
          : line.text.length - line.text.trimStart().length;
      const text = line.text.slice(skip);
      const start = line.start + skip;
      if (i > from) runs.push(run('\n', line.start - 1));
      let last = 0;
      for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>()[\]]+/g)) {
        // (?<!…): a run of punctuation is tried from its start only (linear time).
        const url = match[0].replace(/(?<![.,;:!?'"])[.,;:!?'"]+$/, '');
        if (match.index > last) runs.push(run(text.slice(last, match.index), start + last));
        runs.push(run(url, start + match.index, { ...plainMarks, href: url }));
        last = match.index + url.length;
      }
      if (last < text.length) runs.push(run(text.slice(last), start + last));
    }
    return lineNode(runs, heading);
  }

  private level(style: string): number {
    let index = this.styles.indexOf(style);
    if (index < 0) {
      this.styles.push(style);
      index = this.styles.length - 1;
    }
    return Math.min(6, index + 1);
  }

  private isBlank(i: number): boolean {
    return i < 0 || i >= this.lines.length || (this.lines[i] as Line).blank;
  }

  private trimmed(i: number): string {
    return (this.lines[i]?.text ?? '').trim();
  }

  /** End (exclusive) of the lines after `i` that are indented past `indent`, blank lines included. */
  private nestedEnd(i: number, to: number, indent: number): number {
    let end = i;
    for (let j = i; j < to; j++) {
      const line = this.lines[j] as Line;
      if (line.blank) continue;
      if (line.indent <= indent) break;
      end = j + 1;
    }
    return end;
  }

  /** Lines `[from, to)` as blocks; `top` allows headings. */
  blocks(from: number, to: number, top: boolean): TreeNode[] {
    if (this.depth >= maxDepth) {
      const node = this.text(from, to);
      return node ? [node] : [];
    }
    this.depth++;
    try {
      return this.blocksAt(from, to, top);
    } finally {
      this.depth--;
    }
  }

  private blocksAt(from: number, to: number, top: boolean): TreeNode[] {
    const out: TreeNode[] = [];
    let i = from;
    while (i < to) {
      const line = this.lines[i] as Line;
      if (line.blank) {
        i++;
        continue;
      }
      const text = line.text.trim();
      const next = i + 1 < to ? this.trimmed(i + 1) : '';
      if (top) {
        // Over- and underlined, or underlined titles.
        const over = adornment.exec(text)?.[1];
        if (over && i + 2 < to && !this.isBlank(i + 1) && adornment.exec(this.trimmed(i + 2))?.[1] === over) {
          const node = this.text(i + 1, i + 2, undefined, this.level(`${over}${over}`));
          if (node) out.push(node);
          i += 3;
          continue;
        }
        const under = adornment.exec(next)?.[1];
        if (under && !over && text.length <= 120 && !bulletKind(text)) {
          const node = this.text(i, i + 1, undefined, this.level(under));
          if (node) out.push(node);
          i += 2;
          continue;
        }
        if (separator.test(text)) {
          i++;
          continue;
        }
        // A line in capitals, or a label ending in ":", that opens a block.
        if (this.isBlank(i - 1) && !bulletKind(text)) {
          const style = isCapitals(text)
            ? 'capitals'
            : isLabelHeading(text) && !this.isBlank(i + 1)
              ? 'label'
              : null;
          if (style) {
            const node = this.text(i, i + 1, undefined, this.level(style));
            if (node) out.push(node);
            i++;
            continue;
          }
        }
      }
      const kind = bulletKind(text);
      if (kind) {
        i = this.list(i, to, kind, out);
        continue;
      }
      // A paragraph: lines of the same indentation, up to a blank line, a bullet or a title.
      let end = i + 1;
      while (end < to) {
        const candidate = this.lines[end] as Line;
        if (candidate.blank || candidate.indent !== line.indent || bulletKind(candidate.text.trim())) break;
        if (top && adornment.test(this.trimmed(end + 1))) break;
        end++;
      }
      const paragraph = this.text(i, end);
      // Lines indented under it (with no blank line between) nest under it.
      const nested = end < to && !this.isBlank(end) && (this.lines[end] as Line).indent > line.indent;
      if (nested) {
        const nestEnd = this.nestedEnd(end, to, line.indent);
        const children = this.blocks(end, nestEnd, false);
        out.push(branch('block', [...(paragraph ? [paragraph] : []), ...children]));
        i = nestEnd;
      } else {
        if (paragraph) out.push(paragraph);
        i = end;
      }
    }
    return out;
  }

  /** Items with bullets of `kind` at the indentation of line `i`. */
  private list(i: number, to: number, kind: string, out: TreeNode[]): number {
    const indent = (this.lines[i] as Line).indent;
    const items: TreeNode[] = [];
    let j = i;
    while (j < to) {
      const line = this.lines[j] as Line;
      if (line.blank || line.indent !== indent || bulletKind(line.text.trim()) !== kind) break;
      const leading = line.text.length - line.text.trimStart().length;
      const marker = (bullet.exec(line.text.trim()) as RegExpExecArray)[0];
      const contentColumn = leading + marker.length;
      const end = this.nestedEnd(j + 1, to, indent);
      // Lines wrapped under the item's text (indented past the bullet, not bullets) continue it.
      let wrapped = j + 1;
      while (
        wrapped < end &&
        !this.isBlank(wrapped) &&
        (this.lines[wrapped] as Line).indent <= line.indent + marker.length &&
        !bulletKind(this.trimmed(wrapped))
      )
        wrapped++;
      const head = this.text(j, wrapped, contentColumn);
      const children = this.blocks(wrapped, end, false);
      const item = branch('item', [...(head ? [head] : []), ...children]);
      if (item.children.length) items.push(item);
      j = end;
      while (j < to && this.isBlank(j)) j++;
      const following = this.lines[j];
      if (following && (following.indent !== indent || bulletKind(following.text.trim()) !== kind)) {
        // Blank lines after the list belong to no item.
        while (j > end && this.isBlank(j - 1)) j--;
        break;
      }
    }
    if (items.length) out.push(branch('list', items));
    return Math.max(j, i + 1);
  }
}

export function readPlainText(text: string): MarkupDocument {
  const lines = linesOf(text);
  const reader = new PlainTextReader(lines);
  const children = reader.blocks(0, lines.length, true);
  return { tree: rootNode(children, text), meta: {}, frontMatter: null };
}

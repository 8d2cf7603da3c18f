// What every markup reader builds its document tree from: inline runs, lines, containers, tables
// whose cells carry their column's header, description items labelled by their term, sections
// nested under headings, line numbers from offsets, and a locator that finds text a parser rewrote
// (typographic quotes, dashes, collapsed spaces) back in the source so offsets stay true.

import { type Inline, type NodeKind, plainText, type TreeNode, textNode } from './tree.js';

export type Marks = Omit<Inline, 'text' | 'start'>;

export const plainMarks: Marks = { strong: false, emphasis: false, code: false, href: null };

export function run(text: string, start: number, marks: Marks = plainMarks): Inline {
  return { ...marks, text, start };
}

const blank = (inline: Inline) => inline.text.trim() === '';

/**
 * A text node of runs, with whitespace-only runs at either end dropped; null when no text is left.
 * `label` names a field ("Speaker" of `:Speaker: Ada`), as a cell's column header does.
 */
export function lineNode(
  inlines: readonly Inline[],
  heading = 0,
  label: string | null = null,
): TreeNode | null {
  let first = 0;
  let last = inlines.length - 1;
  while (first <= last && blank(inlines[first] as Inline)) first++;
  while (last >= first && blank(inlines[last] as Inline)) last--;
  if (first > last) return null;
  const kept = inlines.slice(first, last + 1);
  // Indentation and line ends inside the outer runs are not the line's text.
  const lead = kept[0] as Inline;
  const leading = lead.text.length - lead.text.trimStart().length;
  if (leading) kept[0] = { ...lead, text: lead.text.slice(leading), start: lead.start + leading };
  const trail = kept.at(-1) as Inline;
  if (/\s$/.test(trail.text)) kept[kept.length - 1] = { ...trail, text: trail.text.trimEnd() };
  const head = kept[0] as Inline;
  const tail = kept.at(-1) as Inline;
  const node = textNode(kept, heading, 0, head.start, Math.max(head.start, tail.start + tail.text.length));
  node.label = label;
  return node;
}

/** A container; its span is its children's unless given. */
export function branch(
  kind: NodeKind,
  children: TreeNode[],
  label: string | null = null,
  span?: { start: number; end: number },
): TreeNode {
  const start = span?.start ?? children[0]?.start ?? 0;
  const end = span?.end ?? children.reduce((max, c) => Math.max(max, c.end), start);
  return { kind, heading: 0, label, inlines: [], children, line: 0, start, end };
}

/**
 * A description-list entry (`Term :: text`, `;term :text`, `\item[Term] text`): an item labelled by its
 * term that keeps the term as its first line, as an HTML <dt>/<dd> pair reads.
 */
export function describedItem(
  term: TreeNode | null,
  rest: TreeNode[],
  span?: { start: number; end: number },
) {
  const children = term ? [term, ...rest] : rest;
  return branch('item', children, term ? plainText(term.inlines) || null : null, span);
}

export interface CellInput {
  children: TreeNode[];
  /** A header cell (`!`, `th`, a bold first row). */
  header: boolean;
  colSpan?: number;
  rowSpan?: number;
  start: number;
  end: number;
}

export interface RowInput {
  cells: CellInput[];
  /** Set when the markup says the row is a header row (a rule under it, `header-rows`). */
  header?: boolean;
  start: number;
  end: number;
}

/**
 * A table: its leading header rows become the column labels of every cell below them (spans
 * honoured), as HTML tables read; the other rows become `row` nodes of `cell`s.
 */
export function tableNode(rows: readonly RowInput[], span?: { start: number; end: number }): TreeNode {
  let headers: string[] = [];
  const occupied = new Map<number, number>(); // column → rows it stays taken for
  const children: TreeNode[] = [];
  let inHead = true;
  for (const row of rows) {
    if (row.cells.length === 0) continue;
    const isHeader = inHead && (row.header === true || row.cells.every((c) => c.header));
    if (!isHeader) inHead = false;
    let column = 0;
    const cells: TreeNode[] = [];
    for (const cell of row.cells) {
      while ((occupied.get(column) ?? 0) > 0) column++;
      const colSpan = Math.max(1, cell.colSpan ?? 1);
      const rowSpan = Math.max(1, cell.rowSpan ?? 1);
      if (rowSpan > 1) for (let c = column; c < column + colSpan; c++) occupied.set(c, rowSpan);
      const text = cell.children.map((c) => (c.kind === 'text' ? plainText(c.inlines) : '')).join(' ');
      if (isHeader) {
        for (let c = column; c < column + colSpan; c++)
          headers[c] = headers[c] && text ? `${headers[c]} ${text}` : text || headers[c] || '';
      } else {
        const label = headers[column] || null;
        cells.push(branch('cell', cell.children, label, { start: cell.start, end: cell.end }));
      }
      column += colSpan;
    }
    for (const [c, left] of occupied) occupied.set(c, left - 1);
    if (!isHeader) children.push(branch('row', cells, null, { start: row.start, end: row.end }));
  }
  headers = headers.map((h) => h ?? '');
  const label = headers.some((h) => h) ? headers.join(' | ') : null;
  return branch('table', children, label, span ?? { start: rows[0]?.start ?? 0, end: rows.at(-1)?.end ?? 0 });
}

/** Nests a flat run of headings and blocks into sections: a heading owns what follows it. */
export function nestSections(children: readonly TreeNode[]): TreeNode[] {
  const result: TreeNode[] = [];
  const stack: TreeNode[] = [];
  for (const child of children) {
    if (child.kind === 'text' && child.heading > 0) {
      while (stack.length && ((stack.at(-1) as TreeNode).children[0]?.heading ?? 0) >= child.heading)
        stack.pop();
      const section = branch('section', [child]);
      (stack.length ? (stack.at(-1) as TreeNode).children : result).push(section);
      stack.push(section);
    } else {
      (stack.length ? (stack.at(-1) as TreeNode).children : result).push(child);
    }
  }
  return result;
}

/** Offsets of line starts, to turn offsets into 1-based line numbers. */
export function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The document's root: sections nested under headings, each container's end stretched over its
 * children, and every node's line set from its start.
 */
export function rootNode(children: readonly TreeNode[], source: string): TreeNode {
  const root = branch('root', nestSections(children), null, { start: 0, end: source.length });
  const starts = lineStartsOf(source);
  const finish = (node: TreeNode): number => {
    node.line = lineAt(starts, node.start);
    for (const child of node.children) node.end = Math.max(node.end, finish(child));
    return node.end;
  };
  finish(root);
  return root;
}

/** What a parser may have written in place of source text (typographic replacements). */
const sourceForms: Record<string, readonly string[]> = {
  '—': ['---', '--', '—'],
  '–': ['--', '–'],
  '…': ['...', '…'],
  '’': ["'", '’'],
  '‘': ["'", '`', '‘'],
  '“': ['"', '``', '“'],
  '”': ['"', "''", '”'],
  '©': ['(C)', '©'],
  '®': ['(R)', '®'],
  '™': ['(TM)', '™'],
  '→': ['->', '→'],
  '⇒': ['=>', '⇒'],
  '←': ['<-', '←'],
  '⇐': ['<=', '⇐'],
  '\u00a0': ['~', ' ', '\u00a0'],
};
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const ignorable = (c: string) => c === '\u200b' || c === '\u2060';

/** Longer runs are matched only exactly: a flexible match costs time quadratic in their length. */
const maxFlexibleLength = 2000;
/** How far past its own length a run may stand from where the previous one ended (markup between). */
const searchSlack = 256;

/** The end of a match of `wanted` at `at` in `source`, tolerating rewritten spaces and typography. */
function flexibleEnd(source: string, wanted: string, at: number, to: number): number {
  let i = at;
  let j = 0;
  while (j < wanted.length) {
    const w = wanted[j] as string;
    if (ignorable(w)) {
      j++;
      continue;
    }
    if (isSpace(w)) {
      // Any run of spaces matches any other, or none: parsers add spaces ("a--b" → "a — b").
      while (j < wanted.length && isSpace(wanted[j])) j++;
      while (i < to && isSpace(source[i])) i++;
      continue;
    }
    if (w === '"' && source[i] === '"' && source[i + 1] === '"') {
      // A quote doubled to escape it inside a quoted CSV field.
      i += 2;
      j++;
      continue;
    }
    if (source[i] === w) {
      i++;
      j++;
      continue;
    }
    if (source[i] === '\\' && source[i + 1] === w) {
      i += 2;
      j++;
      continue;
    }
    const form = sourceForms[w]?.find((f) => source.startsWith(f, i));
    if (form === undefined) return -1;
    i += form.length;
    j++;
  }
  return i <= to ? i : -1;
}

/**
 * Finds where a parser's text stands in the source, searching forward from `from` and no further
 * than `to`. Returns the source's own text there (so that slicing the source at `start` gives it
 * back), or null when the text was generated or rewritten beyond recognition.
 */
export function locateText(
  source: string,
  wanted: string,
  from: number,
  to: number,
): { start: number; text: string } | null {
  if (!wanted.trim()) return null;
  const limit = Math.min(to, from + wanted.length * 2 + searchSlack);
  const exact = source.slice(from, limit).indexOf(wanted);
  if (exact >= 0) return { start: from + exact, text: wanted };
  if (wanted.length > maxFlexibleLength) return null;
  const core = wanted.trimStart();
  const first = core[0] as string;
  const firstForms = sourceForms[first] ?? [first];
  for (let at = from; at < limit; at++) {
    if (!firstForms.some((f) => source.startsWith(f, at)) && source[at] !== '\\') continue;
    const end = flexibleEnd(source, core, at, limit);
    if (end > at) return { start: at, text: source.slice(at, end) };
  }
  return null;
}

/**
 * Places runs a parser rewrote (with no offsets of their own) in the source, in order from `from`:
 * each found run takes the source's text and offset; a run not found borrows the offset where the
 * previous one ended. Returns the offset after the last run found.
 */
export function placeRuns(runs: Inline[], source: string, from: number, to: number): number {
  let cursor = from;
  for (const inline of runs) {
    if (inline.text === '\n' || !inline.text.trim()) {
      // Spaces between marked runs stand just past the closing marker.
      const near =
        inline.text === '\n' ? -1 : source.slice(cursor, Math.min(to, cursor + 16)).indexOf(inline.text);
      inline.start = near >= 0 ? cursor + near : cursor;
      if (near >= 0) cursor += near + inline.text.length;
      continue;
    }
    const found = locateText(source, inline.text, cursor, to);
    if (found) {
      inline.start = found.start;
      inline.text = found.text;
      cursor = found.start + found.text.length;
    } else {
      inline.start = cursor;
    }
  }
  return cursor;
}

/**
 * Counts how deeply `open`/`close` pairs nest, skipping escaped ones; parsers that recurse per level
 * overflow the stack on absurd depths, so readers refuse those first.
 */
export function deepestNesting(text: string, open: string, close: string, escapeChar = '\\'): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar) i++;
    else if (c === open) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === close && depth > 0) depth--;
  }
  return deepest;
}

/**
 * Runs for verbatim text a parser kept without offsets (a code block's lines, which may have lost
 * their indentation): each line found in the source from `from`, lines joined by line breaks.
 */
export function verbatimRuns(
  value: string,
  source: string,
  from: number,
  to: number,
  marks: Marks,
): Inline[] {
  const runs: Inline[] = [];
  let cursor = from;
  value.split('\n').forEach((line, i) => {
    if (i > 0) runs.push(run('\n', cursor, marks));
    if (!line.trim()) return;
    const found = locateText(source, line.trim(), cursor, to);
    const start = found?.start ?? cursor;
    runs.push(run(found?.text ?? line.trim(), start, marks));
    if (found) cursor = found.start + found.text.length;
  });
  return runs;
}

/** Fills the offsets of runs a parser left without one (-1) from the run before, or after. */
export function borrowOffsets(runs: Inline[], fallback: number): void {
  let last = fallback;
  for (const inline of runs) {
    if (inline.start < 0) inline.start = last;
    else last = inline.start + (inline.text === '\n' ? 0 : inline.text.length);
  }
}

const sameMarks = (a: Marks, b: Marks) =>
  a.strong === b.strong && a.emphasis === b.emphasis && a.code === b.code && a.href === b.href;

/**
 * Joins runs that stand next to each other in the source with the same marks (a tokenizer's words
 * and spaces), leaving decoded runs (whose text is not the source's) apart.
 */
export function mergeRuns(runs: readonly Inline[], source: string): Inline[] {
  const out: Inline[] = [];
  let previousExact = false;
  for (const inline of runs) {
    const exact = inline.start >= 0 && source.startsWith(inline.text, inline.start);
    const previous = out.at(-1);
    if (
      previous &&
      exact &&
      previousExact &&
      previous.start + previous.text.length === inline.start &&
      sameMarks(previous, inline)
    ) {
      previous.text += inline.text;
    } else {
      out.push({ ...inline });
      previousExact = exact;
    }
  }
  return out;
}

/** A line of the document, or part of one (a list item's text, a table cell's), with its offset. */
export interface SourceLine {
  text: string;
  start: number;
}

/** Splits a document into lines with their offsets; a line's trailing spaces and `\r` are dropped. */
export function sourceLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (const raw of source.split('\n')) {
    lines.push({ text: raw.trimEnd(), start });
    start += raw.length + 1;
  }
  return lines;
}

/**
 * The lines of a paragraph joined by `\n`, for an inline scanner to read as one string, with the way
 * back from a position in that string to the offset in the document.
 */
export class JoinedLines {
  readonly text: string;
  private readonly starts: number[] = [];
  private index = 0;

  constructor(private readonly lines: readonly SourceLine[]) {
    let at = 0;
    for (const line of lines) {
      this.starts.push(at);
      at += line.text.length + 1;
    }
    this.text = lines.map((l) => l.text).join('\n');
  }

  /** The document offset of position `k`; positions are mostly asked for in increasing order. */
  offsetAt(k: number): number {
    const starts = this.starts;
    while (this.index + 1 < starts.length && (starts[this.index + 1] as number) <= k) this.index++;
    while (this.index > 0 && (starts[this.index] as number) > k) this.index--;
    const line = this.lines[this.index];
    return line ? line.start + (k - (starts[this.index] as number)) : k;
  }

  /** Runs of `text[from, to)` with `marks`: one per line piece, with `\n` runs between them. */
  emit(from: number, to: number, marks: Marks, out: Inline[]): void {
    let piece = from;
    for (let k = from; k <= to; k++) {
      if (k === to || this.text[k] === '\n') {
        if (k > piece) out.push(run(this.text.slice(piece, k), this.offsetAt(piece), marks));
        if (k < to) out.push(run('\n', this.offsetAt(k - 1) + 1, marks));
        piece = k + 1;
      }
    }
  }
}

/** A run of one character longer than this is masked before a third-party parser sees it. */
const longRun = 64;
/** Characters whose long runs some parsers read in quadratic time or recurse into (emphasis markers). */
const maskedRunChars = new Set([
  ' ',
  '\t',
  '*',
  '/',
  '_',
  '=',
  '~',
  '+',
  '-',
  '`',
  '#',
  "'",
  '|',
  '[',
  ']',
  '{',
  '}',
]);
/** Stands in for a masked space: not whitespace to a parser's regular expressions, one UTF-16 unit. */
const spaceMask = '\u2800';

/**
 * The text with each long run of one character (spaces inside a line, not its indentation; emphasis
 * and bracket characters anywhere) masked, all but the run's first and last character. Some parsers'
 * patterns take time quadratic in such runs, or recurse once per character; the masked text has the
 * same length, so offsets into it are offsets into the source.
 */
export function maskLongRuns(text: string): string {
  const chunks: string[] = [];
  let copied = 0;
  let lineHasText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineHasText = false;
      continue;
    }
    const space = c === ' ' || c === '\t';
    if (!maskedRunChars.has(c as string)) {
      lineHasText = true;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] === c) end++;
    if ((lineHasText || !space) && end - i > longRun) {
      chunks.push(text.slice(copied, i + 1), spaceMask.repeat(end - i - 2));
      copied = end - 1;
    }
    if (!space) lineHasText = true;
    i = end - 1;
  }
  if (copied === 0) return text;
  chunks.push(text.slice(copied));
  return chunks.join('');
}

/**
 * After parsing masked text: every run that is the masked text's own gets the source's text back,
 * and meta values lose their masks.
 */
export function unmaskTree(node: TreeNode, masked: string, source: string): void {
  if (masked === source) return;
  for (const inline of node.inlines)
    if (masked.startsWith(inline.text, inline.start))
      inline.text = source.slice(inline.start, inline.start + inline.text.length);
    else inline.text = inline.text.replaceAll(spaceMask, ' ');
  if (node.label) node.label = node.label.replaceAll(spaceMask, ' ');
  for (const child of node.children) unmaskTree(child, masked, source);
}

export function unmaskMeta(meta: Record<string, string>): void {
  for (const [key, value] of Object.entries(meta)) meta[key] = value.replaceAll(spaceMask, ' ').trim();
}

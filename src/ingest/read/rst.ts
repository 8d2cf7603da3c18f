// reStructuredText documents → the document tree, by a block parser of its own for the constructs
// programmes use: section titles (under- or over-and-underlined, levels in the order their styles
// first appear), paragraphs, bullet and enumerated lists, field lists (`:Speaker: Name` → a line
// labelled with the field name), definition lists, line blocks, literal blocks, grid tables, simple
// tables, `csv-table` and `list-table` directives, and other directives as blocks named after them.
// The field list that opens the document (its bibliographic fields) and the title are the meta.
//
// Why not a parser from npm: `restructured` is an unmaintained 0.0.x release; `rst-compiler`, the
// maintained one, keeps only line numbers (not the offsets of inline text), ranks an over-and-
// underlined title and an underlined one of the same character as one level (docutils ranks them
// apart), and pulls a syntax highlighter and a math renderer into the runtime. This parser keeps
// every run's offset, reads line by line, and finds inline closers with forward-only searches, so
// its time is linear in the document. Grid-table cells that span rows are read as separate cells,
// and tabs count as one column of indentation.

import { parse as parseCsv } from 'csv-parse/sync';
import { TalkgraphError } from '../../errors.js';
import type { MarkupDocument } from './markup.js';
import { type Inline, plainText, type TreeNode } from './tree.js';
import {
  branch,
  type CellInput,
  describedItem,
  JoinedLines,
  lineNode,
  locateText,
  type Marks,
  mergeRuns,
  plainMarks,
  type RowInput,
  rootNode,
  run,
  type SourceLine,
  sourceLines,
  tableNode,
} from './tree-build.js';

type Line = SourceLine;

const isBlank = (line: Line | undefined) => line === undefined || line.text.trim() === '';
const indentOf = (text: string) => text.length - text.replace(/^[ \t]+/, '').length;

/** The least indentation of the lines that are not blank (`fallback` when all are). */
function leastIndent(lines: readonly Line[], fallback = 0): number {
  let least = Number.POSITIVE_INFINITY;
  for (const line of lines) if (!isBlank(line)) least = Math.min(least, indentOf(line.text));
  return Number.isFinite(least) ? least : fallback;
}

/** Deeper than this, nested lists and quotes are no programme's layout; what is deeper reads as text. */
const maxDepth = 40;

function dedent(lines: readonly Line[], by: number): Line[] {
  return lines.map((line) => {
    const cut = Math.min(by, indentOf(line.text));
    return { text: line.text.slice(cut), start: line.start + cut };
  });
}

/** A line of one punctuation character repeated: a title's adornment or a transition. */
function adornmentChar(line: Line | undefined, minimum = 2): string | null {
  const text = line?.text ?? '';
  if (text.length < minimum || indentOf(text) > 0) return null;
  const char = text[0] as string;
  if (!/[!-/:-@[-`{-~]/.test(char)) return null;
  for (let i = 1; i < text.length; i++) if (text[i] !== char) return null;
  return char;
}

const bulletPattern = /^([-*+•‣⁃])(?: +|$)/;
const enumeratorPattern =
  /^(?:\(?(\d{1,4}|#|[a-zA-Z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[.)])(?: +|$)|^\((\d{1,4}|#|[a-zA-Z])\)(?: +|$)/;
const gridBorder = /^\+(?:[-=]+\+)+$/;
const simpleBorder = /^=+(?: +=+)+$/;

/** `:name: body` → the field's name and where its body starts, or null. */
function fieldOf(text: string): { name: string; body: number } | null {
  if (text[0] !== ':' || text[1] === ' ' || text[1] === ':') return null;
  for (let j = 1; j < text.length && j < 200; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] !== ':') continue;
    const after = text[j + 1];
    if (after !== undefined && after !== ' ' && after !== '\t') return null; // a role: ":ref:`x`"
    const name = text.slice(1, j);
    if (!name.trim() || name !== name.trim()) return null;
    let body = j + 1;
    while (text[body] === ' ' || text[body] === '\t') body++;
    return { name: name.replace(/\\(.)/g, '$1'), body };
  }
  return null;
}

// ---- inline markup ---------------------------------------------------------------------------

const openingContext = /[\s\p{Ps}\p{Pi}\p{Pd}\p{Po}<'"/:]/u;
const closingContext = /[\s\p{Pe}\p{Pf}\p{Pd}\p{Po}>'"/:]/u;

/** Finds closers left to right; each search starts where the last one ended, so a line is read once. */
class CloserFinder {
  private from = -1;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly closer: string,
    private readonly valid: (at: number) => boolean,
  ) {}

  next(from: number): number {
    if (from >= this.from && (this.found === -1 ? this.from >= 0 : this.found >= from)) return this.found;
    let at = this.text.indexOf(this.closer, from);
    while (at >= 0 && !this.valid(at)) at = this.text.indexOf(this.closer, at + 1);
    this.from = from;
    this.found = at;
    return at;
  }
}

const normalizeName = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();

const roleMarks: Record<string, Partial<Marks>> = {
  strong: { strong: true },
  emphasis: { emphasis: true },
  literal: { code: true },
  code: { code: true },
  samp: { code: true },
  file: { code: true },
  command: { code: true },
  kbd: { code: true },
  title: { emphasis: true },
  'title-reference': { emphasis: true },
};

/** Inline runs of a paragraph's lines: emphasis, strong, literals, links and roles, with offsets. */
function inlineRuns(lines: readonly Line[], targets: ReadonlyMap<string, string>): Inline[] {
  const joined = new JoinedLines(lines);
  const text = joined.text;
  const runs: Inline[] = [];
  const emit = (from: number, to: number, marks: Marks) => joined.emit(from, to, marks, runs);
  const canOpen = (i: number, width: number) =>
    (i === 0 || openingContext.test(text[i - 1] as string)) && !/\s/.test(text[i + width] ?? ' ');
  const canClose = (j: number, width: number) =>
    !/\s/.test(text[j - 1] ?? ' ') &&
    (j + width >= text.length || closingContext.test(text[j + width] as string));
  const finders = {
    strong: new CloserFinder(text, '**', (j) => canClose(j, 2)),
    emphasis: new CloserFinder(
      text,
      '*',
      (j) => text[j + 1] !== '*' && text[j - 1] !== '*' && canClose(j, 1),
    ),
    literal: new CloserFinder(text, '``', (j) => !/\s/.test(text[j - 1] ?? ' ')),
    interpreted: new CloserFinder(
      text,
      '`',
      (j) => text[j + 1] !== '`' && text[j - 1] !== '`' && !/\s/.test(text[j - 1] ?? ' '),
    ),
  };
  let plainFrom = 0;
  let i = 0;
  const take = (from: number) => {
    emit(plainFrom, from, plainMarks);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      take(i);
      emit(i + 1, Math.min(i + 2, text.length), plainMarks);
      i += 2;
      plainFrom = i;
      continue;
    }
    if (c === '*' && text[i + 1] === '*' && canOpen(i, 2)) {
      const close = finders.strong.next(i + 3);
      if (close > 0) {
        take(i);
        emit(i + 2, close, { ...plainMarks, strong: true });
        i = plainFrom = close + 2;
        continue;
      }
    } else if (c === '*' && canOpen(i, 1)) {
      const close = finders.emphasis.next(i + 2);
      if (close > 0) {
        take(i);
        emit(i + 1, close, { ...plainMarks, emphasis: true });
        i = plainFrom = close + 1;
        continue;
      }
    } else if (c === '`' && text[i + 1] === '`' && canOpen(i, 2)) {
      const close = finders.literal.next(i + 3);
      if (close > 0) {
        take(i);
        emit(i + 2, close, { ...plainMarks, code: true });
        i = plainFrom = close + 2;
        continue;
      }
    } else if ((c === '`' || c === ':') && canOpen(i, c === '`' ? 1 : 0)) {
      // `text`_, `text <url>`_, `text`:role:, :role:`text`
      let role: string | null = null;
      let open = i;
      if (c === ':') {
        const match = /^:([\w.+-]+(?::[\w.+-]+)?):`/.exec(text.slice(i, i + 64));
        if (match) {
          role = (match[1] as string).split(':').at(-1) as string;
          open = i + match[0].length - 1;
        } else open = -1;
      }
      const close = open >= 0 ? finders.interpreted.next(open + 2) : -1;
      if (close > 0) {
        let end = close + 1;
        let link = false;
        if (!role && text[end] === '_') {
          link = true;
          end += text[end + 1] === '_' ? 2 : 1;
        } else if (!role) {
          const suffix = /^:([\w.+-]+(?::[\w.+-]+)?):/.exec(text.slice(end, end + 64));
          if (suffix) {
            role = (suffix[1] as string).split(':').at(-1) as string;
            end += suffix[0].length;
          }
        }
        const inner = text.slice(open + 1, close);
        // "Title <target>": the title is shown; the target is a link's address.
        const angle = inner.endsWith('>') ? inner.lastIndexOf('<') : -1;
        const title = angle > 0 ? inner.slice(0, angle).trimEnd() : angle === 0 ? '' : inner;
        const target = angle >= 0 ? inner.slice(angle + 1, -1).trim() : null;
        let marks: Marks = plainMarks;
        if (link) marks = { ...plainMarks, href: target ?? targets.get(normalizeName(inner)) ?? null };
        else if (role) marks = { ...plainMarks, ...(roleMarks[role] ?? {}) };
        else marks = { ...plainMarks, emphasis: true }; // the default role: a title reference
        take(i);
        if (title) emit(open + 1, open + 1 + title.length, marks);
        else if (target) emit(open + 2, open + 2 + target.length, marks);
        i = plainFrom = end;
        continue;
      }
    } else if (c === '[' && canOpen(i, 0)) {
      // Footnote and citation references ([1]_, [#note]_, [CIT2002]_) are not the line's text.
      const match = /^\[(?:\d+|#[\w-]*|\*|[\w.-]+)\]_/.exec(text.slice(i, i + 64));
      if (match) {
        take(i);
        i = plainFrom = i + match[0].length;
        continue;
      }
    } else if (c === '_' && i > plainFrom && /[\p{L}\p{N}]/u.test(text[i - 1] as string)) {
      // word_ : a reference named by the word before it.
      const endsWord =
        i + 1 >= text.length || closingContext.test(text[i + 1] as string) || text[i + 1] === '_';
      if (endsWord) {
        let w = i;
        while (w > plainFrom && /[\p{L}\p{N}_.+-]/u.test(text[w - 1] as string)) w--;
        const name = text.slice(w, i);
        take(w);
        emit(w, i, { ...plainMarks, href: targets.get(normalizeName(name)) ?? null });
        i = plainFrom = i + (text[i + 1] === '_' ? 2 : 1);
        continue;
      }
    } else if (
      (text.startsWith('http', i) || text.startsWith('mailto:', i)) &&
      (i === 0 || openingContext.test(text[i - 1] as string))
    ) {
      const match = /^(?:https?:\/\/|mailto:)[^\s<>`]+/.exec(text.slice(i, i + 2048));
      if (match) {
        const url = match[0].replace(/(?<![.,;:!?)\]'"])[.,;:!?)\]'"]+$/, '');
        take(i);
        emit(i, i + url.length, { ...plainMarks, href: url });
        i = plainFrom = i + url.length;
        continue;
      }
    }
    i++;
  }
  take(text.length);
  return runs;
}

// ---- blocks ----------------------------------------------------------------------------------

interface Directive {
  name: string;
  argument: Line[];
  options: { name: string; value: Line }[];
  content: Line[];
  start: number;
  end: number;
}

class RstReader {
  readonly meta: Record<string, string> = {};
  private readonly styles: string[] = [];
  private readonly targets = new Map<string, string>();
  /** Whether anything but the title has been read: the first field list is the document's own. */
  private readAnything = false;
  private depth = 0;
  /** The first title, and how many titles share its style: a style used once is the document's title. */
  firstTitle: { text: string; style: string } | null = null;
  readonly styleCounts = new Map<string, number>();

  constructor(
    private readonly source: string,
    lines: readonly Line[],
  ) {
    lines.forEach((line, index) => {
      // The address starts on a non-space: spaces before it are split one way only (linear time).
      const match = /^\s*\.\. _(`[^`]+`|[^:`][^:]*):(?:\s+(\S.*)?)?$/.exec(line.text.slice(0, 2048));
      if (!match) return;
      let url = match[2] ?? '';
      // A target's address may continue on indented lines.
      for (let k = index + 1; k < lines.length && indentOf(lines[k]?.text ?? '') > indentOf(line.text); k++)
        url += (lines[k] as Line).text.trim();
      if (url)
        this.targets.set(normalizeName((match[1] as string).replace(/^`|`$/g, '')), url.replace(/\s+/g, ''));
    });
  }

  private text(lines: readonly Line[], heading = 0, label: string | null = null): TreeNode | null {
    return lineNode(mergeRuns(inlineRuns(lines, this.targets), this.source), heading, label);
  }

  /** Lines from `i` that are blank or indented past `column`, up to the first that is not. */
  private indentedEnd(lines: readonly Line[], i: number, column: number): number {
    let end = i;
    let j = i;
    while (j < lines.length) {
      const line = lines[j] as Line;
      if (isBlank(line)) j++;
      else if (indentOf(line.text) >= column) end = ++j;
      else break;
    }
    return end;
  }

  /** Reads a body: lines whose own indentation is 0. `top` allows section titles. */
  body(lines: readonly Line[], top: boolean): TreeNode[] {
    if (this.depth >= maxDepth) {
      const node = this.text(lines.filter((l) => !isBlank(l)));
      return node ? [node] : [];
    }
    this.depth++;
    try {
      return this.bodyAt(lines, top);
    } finally {
      this.depth--;
    }
  }

  private bodyAt(lines: readonly Line[], top: boolean): TreeNode[] {
    const out: TreeNode[] = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i] as Line;
      if (isBlank(line)) {
        i++;
        continue;
      }
      const indent = indentOf(line.text);
      if (indent > 0) {
        // A block quote: its lines read as a body of their own.
        const end = this.indentedEnd(lines, i, 1);
        const inner = lines.slice(i, end);
        const children = this.body(dedent(inner, leastIndent(inner)), false);
        if (children.length === 1) out.push(children[0] as TreeNode);
        else if (children.length) out.push(branch('block', children));
        i = end;
        continue;
      }
      const next = this.block(lines, i, top, out);
      i = next > i ? next : i + 1;
    }
    return out;
  }

  /** Reads the block starting at `i` (not indented, not blank) into `out`; returns the next index. */
  private block(lines: readonly Line[], i: number, top: boolean, out: TreeNode[]): number {
    const line = lines[i] as Line;
    const text = line.text;
    // Section titles: overline, title, underline; or title, underline.
    const over = adornmentChar(line);
    if (top && over && !isBlank(lines[i + 1]) && adornmentChar(lines[i + 2]) === over) {
      this.heading([{ ...(lines[i + 1] as Line) }], `${over}${over}`, out);
      return i + 3;
    }
    const under = adornmentChar(lines[i + 1]);
    if (
      top &&
      under &&
      !over &&
      !isBlank(line) &&
      (lines[i + 1] as Line).text.length >= Math.min(text.trim().length, 3)
    ) {
      this.heading([line], under, out);
      return i + 2;
    }
    if (over && text.length >= 4 && isBlank(lines[i + 1])) return i + 1; // a transition
    if (gridBorder.test(text)) return this.gridTable(lines, i, out);
    if (simpleBorder.test(text)) return this.simpleTable(lines, i, out);
    if (text.startsWith('..') && (text.length === 2 || text[2] === ' ')) return this.explicit(lines, i, out);
    if (bulletPattern.test(text)) return this.list(lines, i, out, (t) => bulletPattern.exec(t)?.[1] ?? null);
    const enumerated = this.enumeratorKind(lines, i);
    if (enumerated)
      return this.list(lines, i, out, (t) =>
        this.enumeratorKind([{ text: t, start: 0 }], 0) ? enumerated : null,
      );
    if (fieldOf(text)) return this.fieldList(lines, i, out);
    if (text === '|' || text.startsWith('| ')) return this.lineBlock(lines, i, out);
    if (!isBlank(lines[i + 1]) && indentOf((lines[i + 1] as Line).text) > 0)
      return this.definitionList(lines, i, out);
    return this.paragraph(lines, i, top, out);
  }

  private heading(titleLines: Line[], style: string, out: TreeNode[]): void {
    let level = this.styles.indexOf(style);
    if (level < 0) {
      this.styles.push(style);
      level = this.styles.length - 1;
    }
    const trimmed = titleLines.map((l) => ({ text: l.text.trimStart(), start: l.start + indentOf(l.text) }));
    const node = this.text(trimmed, Math.min(6, level + 1));
    if (!node) return;
    this.styleCounts.set(style, (this.styleCounts.get(style) ?? 0) + 1);
    if (!this.readAnything && !this.firstTitle) this.firstTitle = { text: plainText(node.inlines), style };
    else this.readAnything = true;
    out.push(node);
  }

  /** The enumerator's kind when line `i` opens an enumerated list item. */
  private enumeratorKind(lines: readonly Line[], i: number): string | null {
    const match = enumeratorPattern.exec((lines[i] as Line).text);
    if (!match) return null;
    // "A. Lovelace spoke" is a sentence: an item's second line must be blank, indented or another item.
    const following = lines[i + 1];
    if (
      following &&
      !isBlank(following) &&
      indentOf(following.text) === 0 &&
      !enumeratorPattern.test(following.text)
    )
      return null;
    const value = match[1] ?? match[2] ?? '';
    const format = match[0].startsWith('(') ? '()' : match[0].trimEnd().slice(-1);
    return `${/\d|#/.test(value) ? '1' : /^[ivxlcdmIVXLCDM]+$/.test(value) && value.length > 1 ? 'i' : 'a'}${format}`;
  }

  /** Consecutive items whose marker `kindOf` recognizes as the first one's. */
  private list(
    lines: readonly Line[],
    i: number,
    out: TreeNode[],
    kindOf: (text: string) => string | null,
  ): number {
    const kind = kindOf((lines[i] as Line).text);
    const items: TreeNode[] = [];
    let j = i;
    while (j < lines.length) {
      const line = lines[j] as Line;
      if (isBlank(line) || indentOf(line.text) > 0 || kindOf(line.text) !== kind) break;
      const marker = /^\S+ */.exec(line.text)?.[0] ?? '';
      const column = Math.max(marker.length, marker.trim().length + 1);
      const end = this.indentedEnd(lines, j + 1, 1);
      const first = {
        text: line.text.slice(Math.min(column, line.text.length)),
        start: line.start + Math.min(column, line.text.length),
      };
      const rest = dedent(lines.slice(j + 1, end), column);
      const children = this.body([first, ...rest], false);
      if (children.length)
        items.push(
          branch('item', children, null, { start: line.start, end: children.at(-1)?.end ?? line.start }),
        );
      j = end;
      while (j < lines.length && isBlank(lines[j])) j++;
    }
    if (items.length) {
      this.readAnything = true;
      out.push(branch('list', items));
    }
    return j;
  }

  private fieldList(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const opening = !this.readAnything;
    const fields: TreeNode[] = [];
    const values: [string, string][] = [];
    let j = i;
    while (j < lines.length) {
      const line = lines[j] as Line;
      const field = isBlank(line) ? null : fieldOf(line.text);
      if (!field) break;
      const end = this.indentedEnd(lines, j + 1, 1);
      const rest = lines.slice(j + 1, end);
      const first = { text: line.text.slice(field.body), start: line.start + field.body };
      const children = this.body([first, ...dedent(rest, leastIndent(rest))], false);
      const only = children.length === 1 ? (children[0] as TreeNode) : null;
      if (only?.kind === 'text') {
        only.label = field.name;
        fields.push(only);
        values.push([field.name, plainText(only.inlines)]);
      } else if (children.length) fields.push(branch('block', children, field.name));
      j = end;
      while (j < lines.length && isBlank(lines[j]) && fieldOf(lines[j + 1]?.text ?? '')) j++;
    }
    if (opening) {
      // The document's bibliographic fields (:Date:, :Location:) describe it, not a record in it.
      for (const [name, value] of values) this.meta[name.toLowerCase()] ??= value;
    } else if (fields.length) out.push(...fields);
    this.readAnything = true;
    return j;
  }

  private lineBlock(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const children: TreeNode[] = [];
    let j = i;
    while (j < lines.length) {
      const line = lines[j] as Line;
      if (!(line.text === '|' || line.text.startsWith('| '))) break;
      const node = this.text([{ text: line.text.slice(2), start: line.start + 2 }]);
      if (node) children.push(node);
      j++;
    }
    if (children.length) out.push(branch('block', children));
    this.readAnything = true;
    return j;
  }

  private definitionList(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const items: TreeNode[] = [];
    let j = i;
    while (j < lines.length) {
      const term = lines[j] as Line;
      const definition = lines[j + 1];
      if (
        isBlank(term) ||
        indentOf(term.text) > 0 ||
        isBlank(definition) ||
        indentOf((definition as Line).text) === 0
      )
        break;
      const end = this.indentedEnd(lines, j + 1, 1);
      const rest = lines.slice(j + 1, end);
      const least = leastIndent(rest);
      // "Term : classifier": the classifier is not the term.
      const classifier = term.text.indexOf(' : ');
      const termLine = {
        text: classifier > 0 ? term.text.slice(0, classifier) : term.text,
        start: term.start,
      };
      items.push(describedItem(this.text([termLine]), this.body(dedent(rest, least), false)));
      j = end;
      while (j < lines.length && isBlank(lines[j])) j++;
    }
    if (items.length) out.push(branch('list', items));
    this.readAnything = true;
    return Math.max(j, i + 1);
  }

  private paragraph(lines: readonly Line[], i: number, top: boolean, out: TreeNode[]): number {
    let j = i;
    while (j < lines.length && !isBlank(lines[j]) && indentOf((lines[j] as Line).text) === 0) {
      // A title underlined further down starts a section: the paragraph ends above it.
      if (top && j > i && adornmentChar(lines[j + 1]) && !adornmentChar(lines[j])) break;
      j++;
    }
    const paragraph = lines.slice(i, j).map((l) => ({ ...l }));
    const last = paragraph.at(-1) as Line;
    let literal = false;
    if (last.text.endsWith('::')) {
      literal = true;
      // "Text::" shows "Text:"; "Text ::" and a lone "::" show nothing of the marker.
      last.text = /(?:^|\s)::$/.test(last.text) ? last.text.slice(0, -2).trimEnd() : last.text.slice(0, -1);
    }
    const node = this.text(paragraph);
    if (node) out.push(node);
    this.readAnything = true;
    if (!literal) return j;
    let k = j;
    while (k < lines.length && isBlank(lines[k])) k++;
    const end = this.indentedEnd(lines, k, 1);
    if (end > k) {
      const code = lines.slice(k, end).filter((l) => !isBlank(l));
      const runs: Inline[] = [];
      code.forEach((l, n) => {
        if (n > 0) runs.push(run('\n', l.start - 1, { ...plainMarks, code: true }));
        const cut = indentOf(l.text);
        runs.push(run(l.text.slice(cut), l.start + cut, { ...plainMarks, code: true }));
      });
      const literalNode = lineNode(runs);
      if (literalNode) out.push(literalNode);
    }
    return Math.max(end, j);
  }

  // ---- explicit markup: directives, comments, targets -------------------------------------

  private explicit(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const line = lines[i] as Line;
    const end = this.indentedEnd(lines, i + 1, 1);
    const match = /^\.\.\s+([\w][\w:+.-]*)::(?:\s+|$)/.exec(line.text);
    if (!match || /^\.\.\s+(?:_|\[|\|)/.test(line.text)) return end; // a comment, target, footnote or substitution
    const block = dedent(lines.slice(i + 1, end), leastIndent(lines.slice(i + 1, end)));
    const argument: Line[] = [];
    const first = { text: line.text.slice(match[0].length), start: line.start + match[0].length };
    if (first.text.trim()) argument.push(first);
    let k = 0;
    while (k < block.length && !isBlank(block[k]) && !fieldOf((block[k] as Line).text))
      argument.push(block[k++] as Line);
    const options: Directive['options'] = [];
    while (k < block.length && !isBlank(block[k])) {
      const option = block[k] as Line;
      const field = fieldOf(option.text);
      if (field)
        options.push({
          name: field.name.toLowerCase(),
          value: { text: option.text.slice(field.body), start: option.start + field.body },
        });
      else if (options.length) {
        // An option's value continued on the next line.
        const previous = options.at(-1) as Directive['options'][number];
        previous.value = {
          text: `${previous.value.text} ${option.text.trim()}`,
          start: previous.value.start,
        };
      }
      k++;
    }
    const directive: Directive = {
      name: (match[1] as string).toLowerCase(),
      argument,
      options,
      content: block.slice(k),
      start: line.start,
      end: lines[end - 1]
        ? (lines[end - 1] as Line).start + (lines[end - 1] as Line).text.length
        : line.start,
    };
    this.directive(directive, out);
    this.readAnything = true;
    return end;
  }

  private directive(directive: Directive, out: TreeNode[]): void {
    const { name } = directive;
    const caption = directive.argument.length ? this.text(directive.argument) : null;
    const option = (key: string) => directive.options.find((o) => o.name === key)?.value ?? null;
    if (
      [
        'image',
        'include',
        'raw',
        'contents',
        'sectnum',
        'meta',
        'highlight',
        'default-role',
        'role',
        'math',
        'toctree',
        'literalinclude',
        'index',
        'footer',
        'header',
        'target-notes',
        'replace',
        'unicode',
        'date',
      ].includes(name)
    )
      return;
    if (name === 'title') {
      if (caption) this.meta.title = plainText(caption.inlines);
      return;
    }
    if (
      caption &&
      ['csv-table', 'list-table', 'table', 'topic', 'sidebar', 'admonition', 'figure'].includes(name)
    )
      out.push(caption);
    if (name === 'csv-table') {
      const table = this.csvTable(directive);
      if (table) out.push(table);
      return;
    }
    if (name === 'list-table') {
      const table = this.listTable(directive, Number.parseInt(option('header-rows')?.text ?? '0', 10) || 0);
      if (table) out.push(table);
      return;
    }
    if (['code', 'code-block', 'sourcecode', 'parsed-literal', 'doctest'].includes(name)) {
      const runs: Inline[] = [];
      directive.content
        .filter((l) => !isBlank(l))
        .forEach((l, n) => {
          if (n > 0) runs.push(run('\n', l.start - 1, { ...plainMarks, code: true }));
          runs.push(run(l.text, l.start, { ...plainMarks, code: true }));
        });
      const node = lineNode(runs);
      if (node) out.push(node);
      return;
    }
    if (name === 'rubric') {
      if (caption) out.push(caption);
      return;
    }
    const children = this.body(directive.content, false);
    if (['table', 'figure', 'only', 'ifconfig', 'tab', 'tabs'].includes(name)) {
      out.push(...children);
      return;
    }
    // containers and classes name their blocks; other directives (admonitions, a site's own `.. talk::`)
    // are blocks named after the directive, their argument and options its labelled lines.
    const standard = [
      'container',
      'class',
      'topic',
      'sidebar',
      'admonition',
      'note',
      'tip',
      'hint',
      'important',
      'attention',
      'caution',
      'danger',
      'error',
      'warning',
      'seealso',
      'epigraph',
      'highlights',
      'pull-quote',
      'compound',
    ].includes(name);
    const classes = option('class')?.text.trim();
    const label =
      name === 'container' || name === 'class'
        ? directive.argument.map((l) => l.text.trim()).join(' ') || classes || null
        : [name, classes].filter(Boolean).join(' ');
    const lines: TreeNode[] = [];
    if (!standard) {
      if (caption) lines.push(caption);
      for (const { name: key, value } of directive.options) {
        const node = this.text([value], 0, key);
        if (node) lines.push(node);
      }
    }
    const all = [...lines, ...children];
    if (all.length) out.push(branch('block', all, label, { start: directive.start, end: directive.end }));
  }

  private csvTable(directive: Directive): TreeNode | null {
    const option = (key: string) => directive.options.find((o) => o.name === key)?.value ?? null;
    const delimiterOption = option('delim')?.text.trim();
    const delimiter =
      delimiterOption === 'tab' ? '\t' : delimiterOption === 'space' ? ' ' : delimiterOption || ',';
    const quote = option('quote')?.text.trim() || '"';
    const trim = !directive.options.some((o) => o.name === 'keepspace');
    const parse = (text: string, where: number): string[][] => {
      try {
        return parseCsv(text, {
          delimiter,
          quote,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          ltrim: trim,
          rtrim: trim,
        }) as string[][];
      } catch (error) {
        const line = this.source.slice(0, where).split('\n').length;
        throw new TalkgraphError(
          'INGEST_REJECTED',
          `the csv-table at line ${line} is not valid CSV: ${(error as Error).message}`,
          { cause: error },
        );
      }
    };
    /** Each value found in the source in order from `from`; a value not found borrows the cursor. */
    const place = (values: string[], from: number, to: number): { cells: CellInput[]; end: number } => {
      let cursor = from;
      const cells = values.map((value) => {
        const found = value.trim() ? locateText(this.source, value, cursor, to) : null;
        const start = found?.start ?? cursor;
        if (found) cursor = found.start + found.text.length;
        let node: TreeNode | null = null;
        if (found) {
          // The value as written, line by line (a quoted value may wrap), read for inline markup.
          const parts: Line[] = [];
          let offset = found.start;
          for (const part of found.text.split('\n')) {
            const indent = part.length - part.trimStart().length;
            parts.push({ text: part.trim(), start: offset + indent });
            offset += part.length + 1;
          }
          node = this.text(parts);
        } else if (value.trim()) node = lineNode([run(value.trim(), start)]);
        return { children: node ? [node] : [], header: false, start, end: node?.end ?? start };
      });
      return { cells, end: cursor };
    };
    const rows: RowInput[] = [];
    const header = option('header');
    if (header) {
      const values = parse(header.text, directive.start)[0] ?? [];
      const { cells, end } = place(values, header.start, header.start + header.text.length + 1);
      rows.push({ cells, header: true, start: header.start, end });
    }
    const content = directive.content;
    if (!content.some((l) => !isBlank(l))) return rows.length ? tableNode(rows) : null;
    const from = (content.find((l) => !isBlank(l)) as Line).start;
    const to = directive.end;
    const records = parse(content.map((l) => l.text).join('\n'), directive.start);
    const headerRows = Number.parseInt(option('header-rows')?.text ?? '0', 10) || 0;
    let cursor = from;
    records.forEach((values, index) => {
      const placed = place(values, cursor, to);
      const start = placed.cells[0]?.start ?? cursor;
      cursor = placed.end;
      rows.push({ cells: placed.cells, header: index < headerRows, start, end: placed.end });
    });
    return tableNode(rows, { start: directive.start, end: directive.end });
  }

  private listTable(directive: Directive, headerRows: number): TreeNode | null {
    const list = this.body(directive.content, false).find((n) => n.kind === 'list');
    if (!list) return null;
    const rows: RowInput[] = list.children.map((item, index) => {
      const inner = item.children.find((c) => c.kind === 'list');
      const cells: CellInput[] = (inner?.children ?? []).map((cell) => ({
        children: cell.children,
        header: false,
        start: cell.start,
        end: cell.end,
      }));
      return { cells, header: index < headerRows, start: item.start, end: item.end };
    });
    return tableNode(rows, { start: directive.start, end: directive.end });
  }

  // ---- tables ------------------------------------------------------------------------------

  private cell(lines: readonly Line[]): TreeNode[] {
    if (lines.every((l) => isBlank(l))) return [];
    const body = dedent(lines, leastIndent(lines));
    while (body.length && isBlank(body[0])) body.shift();
    return this.body(body, false);
  }

  private gridTable(lines: readonly Line[], i: number, out: TreeNode[]): number {
    let end = i;
    while (end < lines.length && /^[+|]/.test((lines[end] as Line).text)) end++;
    const grid = lines.slice(i, end);
    const top = (grid[0] as Line).text;
    const columns: number[] = [];
    for (let k = 0; k < top.length; k++) if (top[k] === '+') columns.push(k);
    const rows: RowInput[] = [];
    let headerEnd = -1;
    grid.forEach((line, index) => {
      if (index > 0 && /^\+=[=+]*\+$/.test(line.text)) headerEnd = index;
    });
    let regionStart = 1;
    for (let index = 1; index < grid.length; index++) {
      const line = grid[index] as Line;
      if (!line.text.startsWith('+')) continue;
      const region = grid.slice(regionStart, index);
      regionStart = index + 1;
      if (!region.length) continue;
      // A boundary stands in this row where every line of it has a bar (or a corner) there.
      const present = columns.filter(
        (column, c) =>
          c === 0 ||
          c === columns.length - 1 ||
          region.every((l) => l.text[column] === '|' || l.text[column] === '+'),
      );
      const cells: CellInput[] = [];
      for (let c = 0; c + 1 < present.length; c++) {
        const left = present[c] as number;
        const right = present[c + 1] as number;
        const cellLines = region.map((l) => ({
          text: l.text.slice(left + 1, right).trimEnd(),
          start: l.start + left + 1,
        }));
        const children = this.cell(cellLines);
        const start = children[0]?.start ?? (region[0] as Line).start + left + 1;
        cells.push({
          children,
          header: false,
          colSpan: columns.indexOf(right) - columns.indexOf(left),
          start,
          end: children.at(-1)?.end ?? start,
        });
      }
      const regionLast = region.at(-1) as Line;
      rows.push({
        cells,
        header: headerEnd > 0 && index <= headerEnd,
        start: (region[0] as Line).start,
        end: regionLast.start + regionLast.text.length,
      });
    }
    const last = grid.at(-1) as Line;
    out.push(tableNode(rows, { start: (grid[0] as Line).start, end: last.start + last.text.length }));
    this.readAnything = true;
    return end;
  }

  private simpleTable(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const border = (lines[i] as Line).text;
    const columns: [number, number][] = [];
    for (const match of border.matchAll(/=+/g)) columns.push([match.index, match.index + match[0].length]);
    // The table ends at a border followed by a blank line or the document's end.
    let end = -1;
    const borders = new Set<number>();
    let firstBorder = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const text = (lines[j] as Line).text;
      if (simpleBorder.test(text) || /^=+$/.test(text)) {
        borders.add(j);
        if (firstBorder < 0) firstBorder = j;
        if (isBlank(lines[j + 1])) {
          end = j;
          break;
        }
      }
    }
    const closed = end >= 0;
    if (!closed) end = lines.length - 1; // unclosed: read to the document's end
    // A border between the first and the last separates the header rows (in an unclosed table, any).
    const headerBorder = borders.size > (closed ? 1 : 0) ? firstBorder : -1;
    const rows: RowInput[] = [];
    interface Pending {
      lines: Line[][];
      header: boolean;
    }
    let pending: Pending | null = null;
    const flushRow = () => {
      if (!pending) return;
      const cells: CellInput[] = pending.lines.map((cellLines) => {
        const children = this.cell(cellLines);
        const start = children[0]?.start ?? (cellLines[0] as Line).start;
        return { children, header: false, start, end: children.at(-1)?.end ?? start };
      });
      rows.push({ cells, header: pending.header, start: cells[0]?.start ?? 0, end: cells.at(-1)?.end ?? 0 });
      pending = null;
    };
    for (let j = i + 1; j < end; j++) {
      const line = lines[j] as Line;
      if (borders.has(j) || isBlank(line) || /^[- ]+$/.test(line.text)) {
        if (!isBlank(line) || pending) flushRow();
        continue;
      }
      const parts = columns.map(([from], c) => {
        const to = c + 1 < columns.length ? (columns[c + 1] as [number, number])[0] : line.text.length;
        return {
          text: line.text.slice(from, Math.max(from, to)),
          start: line.start + Math.min(from, line.text.length),
        };
      });
      // A line whose first column is blank continues the row above.
      if (pending && !(parts[0] as Line).text.trim()) {
        for (const [c, part] of parts.entries()) (pending as Pending).lines[c]?.push(part);
        continue;
      }
      flushRow();
      pending = { lines: parts.map((p) => [p]), header: headerBorder > 0 && j < headerBorder };
    }
    flushRow();
    out.push(
      tableNode(rows, {
        start: (lines[i] as Line).start,
        end: (lines[end] as Line).start + (lines[end] as Line).text.length,
      }),
    );
    this.readAnything = true;
    return end + 1;
  }
}

export function readRst(text: string): MarkupDocument {
  const lines = sourceLines(text);
  const reader = new RstReader(text, lines);
  const children = reader.body(lines, true);
  const first = reader.firstTitle;
  if (first && reader.styleCounts.get(first.style) === 1) reader.meta.title ??= first.text;
  return { tree: rootNode(children, text), meta: reader.meta, frontMatter: null };
}

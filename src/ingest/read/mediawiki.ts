// MediaWiki pages → the document tree: `== headings ==` open sections; `*`, `#`, `;`/`:` lines
// become (nested, description) lists; `{| … |}` tables become rows of cells labelled by their `!`
// header cells (attributes dropped, spans kept, cells may hold lists and nested tables); a template
// standing on its own lines (`{{Talk|title=…|speaker=…}}`) is a record whose parameters are labelled
// lines, and repeated ones make a list; `'''bold'''`, `''italic''`, `[[links|text]]`, `[url text]`
// and `<code>` become marks. Comments and `<ref>` footnotes are blanked out first, offsets kept.
//
// Why a parser of its own: `wikiparser-node` gives positions but is GPL-licensed, which this MIT
// project cannot ship; `wtf_wikipedia` keeps no source offsets. This one reads line by line and
// finds closers with forward-only searches, so it stays linear in the document.

import type { MarkupDocument } from './markup.js';
import { type Inline, plainText, type TreeNode } from './tree.js';
import {
  branch,
  type CellInput,
  describedItem,
  JoinedLines,
  lineNode,
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

/** Replaces `[from, to)` of the text with spaces, keeping line breaks, so offsets stay put. */
function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/** The page with comments and footnotes (`<ref>…</ref>`) blanked out (UTF-16 units, as offsets are). */
function withoutComments(source: string): string {
  const chars = source.split('');
  for (let at = source.indexOf('<!--'); at >= 0; at = source.indexOf('<!--', at + 4)) {
    const end = source.indexOf('-->', at + 4);
    const stop = end < 0 ? source.length : end + 3;
    blank(chars, at, stop);
    if (end < 0) break;
    at = stop - 4;
  }
  for (let at = source.indexOf('<ref'); at >= 0; at = source.indexOf('<ref', at + 4)) {
    if (!/[\s>/]/.test(source[at + 4] ?? '')) continue;
    const close = source.indexOf('>', at);
    if (close < 0) break;
    if (source[close - 1] === '/') {
      blank(chars, at, close + 1);
      continue;
    }
    const end = source.indexOf('</ref>', close);
    blank(chars, at, end < 0 ? close + 1 : end + 6);
    if (end >= 0) at = end;
  }
  return chars.join('');
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  middot: '·',
  bull: '•',
  laquo: '«',
  raquo: '»',
  copy: '©',
  euro: '€',
};

/** Namespaces whose links are not text on the page (images, categories, interwiki files). */
const hiddenLink =
  /^:?\s*(?:file|image|category|media|datei|bild|kategorie|fichier|catégorie|archivo|categoría|imagen|файл|категория)\s*:/i;

/**
 * Finds the closer of a bracket pair from a position on; once it finds none it answers at once,
 * so scanning a line with many openers stays linear.
 */
class Closer {
  private from = -1;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly closer: string,
  ) {}

  next(from: number): number {
    if (from >= this.from && (this.found === -1 ? this.from >= 0 : this.found >= from)) return this.found;
    this.from = from;
    this.found = this.text.indexOf(this.closer, from);
    return this.found;
  }
}

/** The end (exclusive) of the `{{…}}` opening at `at`, or -1 when it is never closed. */
function templateEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length - 1; i++) {
    if (text[i] === '{' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && text[i + 1] === '}') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Positions of `|` that separate parts at the top level (not inside `[[…]]` or `{{…}}`). */
function topLevelPipes(text: string, from: number, to: number): number[] {
  const pipes: number[] = [];
  let links = 0;
  let templates = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '[' && text[i + 1] === '[') {
      links++;
      i++;
    } else if (c === ']' && text[i + 1] === ']' && links > 0) {
      links--;
      i++;
    } else if (c === '{' && text[i + 1] === '{') {
      templates++;
      i++;
    } else if (c === '}' && text[i + 1] === '}' && templates > 0) {
      templates--;
      i++;
    } else if (c === '|' && links === 0 && templates === 0) pipes.push(i);
  }
  return pipes;
}

/** Inline runs of lines: bold and italic quotes, links, tags, entities; templates dropped. */
function inlineRuns(lines: readonly Line[]): Inline[] {
  const joined = new JoinedLines(lines);
  const text = joined.text;
  const runs: Inline[] = [];
  let marks: Marks = plainMarks;
  let plainFrom = 0;
  const take = (to: number) => {
    joined.emit(plainFrom, to, marks, runs);
  };
  const links = new Closer(text, ']]');
  const brackets = new Closer(text, ']');
  let templatesClosed = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      // Bold and italics end with their line.
      take(i + 1);
      plainFrom = i + 1;
      marks = { ...plainMarks };
      i++;
      continue;
    }
    if (c === "'" && text[i + 1] === "'") {
      let n = 2;
      while (text[i + n] === "'") n++;
      take(i);
      // '' italic, ''' bold, ''''' both; a fourth quote is a literal apostrophe before bold.
      const literal = n === 4 ? 1 : n > 5 ? n - 5 : 0;
      if (literal) joined.emit(i, i + literal, marks, runs);
      const toggles = n - literal;
      if (toggles === 2) marks = { ...marks, emphasis: !marks.emphasis };
      else if (toggles === 3) marks = { ...marks, strong: !marks.strong };
      else marks = { ...marks, strong: !marks.strong, emphasis: !marks.emphasis };
      i = plainFrom = i + n;
      continue;
    }
    if (c === '[' && text[i + 1] === '[') {
      const close = links.next(i + 2);
      const newline = text.indexOf('\n', i);
      if (close > 0 && (newline < 0 || close < newline)) {
        take(i);
        const inner = text.slice(i + 2, close);
        const pipe = inner.indexOf('|');
        const target = (pipe < 0 ? inner : inner.slice(0, pipe)).trim();
        if (!hiddenLink.test(target)) {
          const labelFrom = pipe < 0 ? i + 2 : i + 3 + pipe;
          const label = text.slice(labelFrom, close);
          const lead = label.length - label.trimStart().length;
          if (label.trim())
            joined.emit(
              labelFrom + lead,
              labelFrom + label.trimEnd().length,
              { ...marks, href: target },
              runs,
            );
          else joined.emit(i + 2, i + 2 + target.length, { ...marks, href: target }, runs);
        }
        i = plainFrom = close + 2;
        continue;
      }
    } else if (c === '[' && /^\[(?:https?:|mailto:|\/\/)/.test(text.slice(i, i + 10))) {
      const close = brackets.next(i + 1);
      const newline = text.indexOf('\n', i);
      if (close > 0 && (newline < 0 || close < newline)) {
        take(i);
        const space = text.slice(i + 1, close).search(/\s/);
        const url = space < 0 ? text.slice(i + 1, close) : text.slice(i + 1, i + 1 + space);
        if (space < 0) joined.emit(i + 1, close, { ...marks, href: url }, runs);
        else {
          let from = i + 1 + space;
          while (from < close && /\s/.test(text[from] as string)) from++;
          joined.emit(from, close, { ...marks, href: url }, runs);
        }
        i = plainFrom = close + 1;
        continue;
      }
    } else if ((c === 'h' || c === 'm') && (text.startsWith('http', i) || text.startsWith('mailto:', i))) {
      const match = /^(?:https?:\/\/|mailto:)[^\s<>[\]{}|"]+/.exec(text.slice(i, i + 2048));
      if (match && (i === 0 || /[\s(]/.test(text[i - 1] as string))) {
        const url = match[0].replace(/(?<![.,;:!?)'"])[.,;:!?)'"]+$/, '');
        take(i);
        joined.emit(i, i + url.length, { ...marks, href: url }, runs);
        i = plainFrom = i + url.length;
        continue;
      }
    } else if (c === '{' && text[i + 1] === '{' && templatesClosed) {
      const end = templateEnd(text, i);
      if (end > 0) {
        take(i);
        i = plainFrom = end;
        continue;
      }
      templatesClosed = false; // one unclosed template: every later "{{" is text
    } else if (c === '<') {
      const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,200}?(\/?)>/.exec(text.slice(i, i + 256));
      if (match) {
        take(i);
        const closing = match[1] === '/';
        const tag = (match[2] as string).toLowerCase();
        if (tag === 'br') runs.push(run('\n', joined.offsetAt(i), marks));
        else if (tag === 'b' || tag === 'strong') marks = { ...marks, strong: !closing };
        else if (tag === 'i' || tag === 'em' || tag === 'cite') marks = { ...marks, emphasis: !closing };
        else if (tag === 'code' || tag === 'tt' || tag === 'kbd' || tag === 'samp')
          marks = { ...marks, code: !closing };
        i = plainFrom = i + match[0].length;
        continue;
      }
    } else if (c === '&') {
      const match = /^&(?:#(\d{1,7})|#x([\da-fA-F]{1,6})|([a-zA-Z]{2,8}));/.exec(text.slice(i, i + 12));
      const decoded = match
        ? match[1]
          ? String.fromCodePoint(Number(match[1]) % 0x110000)
          : match[2]
            ? String.fromCodePoint(Number.parseInt(match[2], 16) % 0x110000)
            : entities[(match[3] as string).toLowerCase()]
        : undefined;
      if (match && decoded !== undefined) {
        take(i);
        runs.push(run(decoded, joined.offsetAt(i), marks)); // decoded: "&ndash;" → "–"
        i = plainFrom = i + match[0].length;
        continue;
      }
    }
    i++;
  }
  take(text.length);
  return runs;
}

/** The level of a `== heading ==` line, and where its text stands, or null. */
function headingOf(text: string): { level: number; from: number; to: number } | null {
  if (!text.startsWith('=')) return null;
  let open = 0;
  while (text[open] === '=') open++;
  let end = text.length;
  let close = 0;
  while (end > open && text[end - 1] === '=') {
    end--;
    close++;
  }
  const level = Math.min(open, close, 6);
  if (level === 0) return null;
  let from = level;
  let to = text.length - level;
  while (from < to && /\s/.test(text[from] as string)) from++;
  while (to > from && /\s/.test(text[to - 1] as string)) to--;
  return to > from ? { level, from, to } : null;
}

const listPrefix = (text: string) => /^[*#:;]+/.exec(text)?.[0] ?? '';
const tableOpens = (text: string) => /^:*\s*\{\|/.test(text);

/** Deeper than this, lists and tables in cells are no programme's layout: what is deeper is text. */
const maxDepth = 40;

class WikiReader {
  private depth = 0;

  constructor(private readonly source: string) {}

  private line(lines: readonly Line[], heading = 0, label: string | null = null): TreeNode | null {
    return lineNode(mergeRuns(inlineRuns(lines), this.source), heading, label);
  }

  body(lines: readonly Line[]): TreeNode[] {
    if (this.depth >= maxDepth) {
      const node = this.line(lines.filter((l) => !isBlank(l)));
      return node ? [node] : [];
    }
    this.depth++;
    try {
      return this.bodyAt(lines);
    } finally {
      this.depth--;
    }
  }

  private bodyAt(lines: readonly Line[]): TreeNode[] {
    const out: TreeNode[] = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i] as Line;
      const text = line.text;
      if (isBlank(line) || /^-{4,}$/.test(text.trim()) || /^__[A-Z]+__$/.test(text.trim())) {
        i++;
        continue;
      }
      const heading = headingOf(text);
      if (heading) {
        const node = this.line(
          [{ text: text.slice(heading.from, heading.to), start: line.start + heading.from }],
          heading.level,
        );
        if (node) out.push(node);
        i++;
        continue;
      }
      if (tableOpens(text)) {
        i = this.table(lines, i, out);
        continue;
      }
      if (listPrefix(text)) {
        let end = i;
        while (end < lines.length && listPrefix((lines[end] as Line).text)) end++;
        out.push(...this.list(lines.slice(i, end), 0));
        i = end;
        continue;
      }
      if (text.startsWith('{{')) {
        const next = this.templates(lines, i, out);
        if (next > i) {
          i = next;
          continue;
        }
      }
      if (text.startsWith(' ')) {
        // Preformatted text: lines that start with a space.
        let end = i;
        while (end < lines.length && (lines[end] as Line).text.startsWith(' ')) end++;
        const runs: Inline[] = [];
        lines.slice(i, end).forEach((l, n) => {
          if (n > 0) runs.push(run('\n', l.start - 1, { ...plainMarks, code: true }));
          runs.push(run(l.text.slice(1), l.start + 1, { ...plainMarks, code: true }));
        });
        const node = lineNode(runs);
        if (node) out.push(node);
        i = end;
        continue;
      }
      let end = i + 1;
      while (end < lines.length) {
        const next = (lines[end] as Line).text;
        if (
          !next.trim() ||
          headingOf(next) ||
          tableOpens(next) ||
          listPrefix(next) ||
          next.startsWith(' ') ||
          next.startsWith('{{')
        )
          break;
        end++;
      }
      const node = this.line(lines.slice(i, end));
      if (node) out.push(node);
      i = end;
    }
    return out;
  }

  /** Lines with list prefixes, read at `depth` (the prefix character being read). */
  private list(lines: readonly Line[], depth: number): TreeNode[] {
    if (depth >= maxDepth) {
      const node = this.line(lines.map((l) => ({ text: l.text.slice(depth), start: l.start + depth })));
      return node ? [node] : [];
    }
    const lists: TreeNode[] = [];
    let items: TreeNode[] = [];
    let family = '';
    const close = () => {
      if (items.length) lists.push(branch('list', items));
      items = [];
    };
    let i = 0;
    while (i < lines.length) {
      const line = lines[i] as Line;
      const prefix = listPrefix(line.text);
      const char = prefix[depth] ?? '';
      const lineFamily = char === ';' || char === ':' ? 'dl' : char;
      if (lineFamily !== family) {
        close();
        family = lineFamily;
      }
      // The lines below this one that go deeper belong to it.
      let end = i + 1;
      while (end < lines.length && listPrefix((lines[end] as Line).text).length > depth + 1) end++;
      const nested = end > i + 1 ? this.list(lines.slice(i + 1, end), depth + 1) : [];
      let own: TreeNode[] = [];
      let term: TreeNode | null = null;
      if (prefix.length > depth + 1) {
        // A line that skips a level ("**" under nothing): its content is read one level deeper.
        own = this.list([line], depth + 1);
      } else {
        let from = prefix.length;
        while (from < line.text.length && line.text[from] === ' ') from++;
        let text = line.text.slice(from);
        let start = line.start + from;
        if (char === ';') {
          // "; term : definition" on one line.
          const colon = topLevelColon(text);
          const termText = colon < 0 ? text : text.slice(0, colon);
          term = this.line([{ text: termText.trimEnd(), start }]);
          if (colon >= 0) {
            const rest = text.slice(colon + 1);
            const lead = rest.length - rest.trimStart().length;
            text = rest.trimStart();
            start += colon + 1 + lead;
          } else text = '';
        }
        const node = text ? this.line([{ text, start }]) : null;
        if (node) own = [node];
      }
      const previous = items.at(-1);
      if (char === ':' && previous?.label !== undefined && previous.label !== null && family === 'dl') {
        // A definition under its term: part of the term's item.
        previous.children.push(...own, ...nested);
        previous.end = Math.max(previous.end, ...[...own, ...nested].map((n) => n.end));
      } else if (char === ';') {
        items.push(describedItem(term, [...own, ...nested]));
      } else if (own.length || nested.length) {
        items.push(branch('item', [...own, ...nested]));
      }
      i = end;
    }
    close();
    return lists;
  }

  /** Block templates on their own lines from `i`: records. Returns `i` when there are none. */
  private templates(lines: readonly Line[], i: number, out: TreeNode[]): number {
    const calls: { name: string; node: TreeNode }[] = [];
    let j = i;
    while (j < lines.length) {
      while (j < lines.length && isBlank(lines[j])) j++;
      const line = lines[j];
      if (!line?.text.startsWith('{{')) break;
      // The template's text may run over several lines: up to the line where its braces close.
      let depth = 0;
      let last = -1;
      let column = -1;
      for (let k = j; k < lines.length && k < j + 200 && last < 0; k++) {
        const t = (lines[k] as Line).text;
        for (let c = 0; c < t.length - 1; c++) {
          if (t[c] === '{' && t[c + 1] === '{') {
            depth++;
            c++;
          } else if (t[c] === '}' && t[c + 1] === '}') {
            depth--;
            c++;
            if (depth === 0) {
              last = k;
              column = c + 1;
              break;
            }
          }
        }
      }
      if (last < 0 || (lines[last] as Line).text.slice(column).trim()) break; // unclosed, or text follows
      const joined = new JoinedLines(lines.slice(j, last + 1));
      const call = this.templateCall(
        joined,
        joined.text.length - ((lines[last] as Line).text.length - column),
      );
      if (!call) break;
      calls.push(call);
      j = last + 1;
    }
    if (calls.length === 0) return i;
    // Calls of one template in a row are a list of records.
    let k = 0;
    while (k < calls.length) {
      let m = k + 1;
      while (m < calls.length && calls[m]?.name === calls[k]?.name) m++;
      const group = calls.slice(k, m).map((c) => c.node);
      if (group.length > 1) out.push(branch('list', group, calls[k]?.name ?? null));
      else out.push({ ...(group[0] as TreeNode), kind: 'block' });
      k = m;
    }
    return j;
  }

  private templateCall(joined: JoinedLines, end: number): { name: string; node: TreeNode } | null {
    const text = joined.text;
    const pipes = topLevelPipes(text, 2, end - 2);
    const bounds = [1, ...pipes, end - 2];
    const name = text.slice(2, bounds[1]).trim();
    if (!name || name.includes('\n') || /^#/.test(name)) return null;
    const lines: TreeNode[] = [];
    let positional = 0;
    for (let p = 1; p + 1 < bounds.length; p++) {
      const from = (bounds[p] as number) + 1;
      const to = bounds[p + 1] as number;
      const part = text.slice(from, to);
      const equals = part.indexOf('=');
      const key = equals > 0 && !/[[{<]/.test(part.slice(0, equals)) ? part.slice(0, equals).trim() : null;
      const valueFrom = key !== null ? from + equals + 1 : from;
      const label = key ?? `arg${++positional}`;
      const runs: Inline[] = [];
      // The value's own lines, each at its offset.
      const valueLines: Line[] = [];
      let at = valueFrom;
      for (const piece of text.slice(valueFrom, to).split('\n')) {
        valueLines.push({ text: piece, start: joined.offsetAt(at) });
        at += piece.length + 1;
      }
      runs.push(...inlineRuns(valueLines));
      const node = lineNode(mergeRuns(runs, this.source), 0, label);
      if (node) lines.push(node);
    }
    const start = joined.offsetAt(0);
    return { name, node: branch('item', lines, name, { start, end: joined.offsetAt(end) }) };
  }

  /** A `{| … |}` table from line `i`; returns the index after it (the document's end if unclosed). */
  private table(lines: readonly Line[], i: number, out: TreeNode[]): number {
    interface RawCell {
      header: boolean;
      attributes: string;
      lines: Line[];
    }
    const rows: RawCell[][] = [[]];
    let caption: Line[] | null = null;
    let nested = 0;
    let j = i + 1;
    const cellsOf = (line: Line, header: boolean) => {
      // "| a || b" and "! a !! b": cells on one line; "| attrs | content": attributes dropped.
      const text = line.text.trimStart();
      const offset = line.start + (line.text.length - text.length) + 1;
      const body = text.slice(1);
      const separator = header ? /!!|\|\|/g : /\|\|/g;
      const parts: { text: string; start: number }[] = [];
      let last = 0;
      for (const pipe of splitTopLevel(body, separator)) {
        parts.push({ text: body.slice(last, pipe.at), start: offset + last });
        last = pipe.at + pipe.width;
      }
      parts.push({ text: body.slice(last), start: offset + last });
      for (const part of parts) {
        const pipes = topLevelPipes(part.text, 0, part.text.length);
        const single = pipes.find((p) => part.text[p + 1] !== '|' && part.text[p - 1] !== '|');
        const attributes = single === undefined ? '' : part.text.slice(0, single);
        let from = single === undefined ? 0 : single + 1;
        // A cell's text starts after the spaces that follow its marker (a space there is no <pre>).
        while (from < part.text.length && /\s/.test(part.text[from] as string)) from++;
        (rows.at(-1) as RawCell[]).push({
          header,
          attributes,
          lines: [{ text: part.text.slice(from), start: part.start + from }],
        });
      }
    };
    for (; j < lines.length; j++) {
      const line = lines[j] as Line;
      const text = line.text.trimStart();
      const cells = rows.at(-1) as RawCell[];
      if (nested > 0) {
        if (text.startsWith('|}')) nested--;
        if (tableOpens(text)) nested++;
        cells.at(-1)?.lines.push(line);
        continue;
      }
      if (text.startsWith('|}')) break;
      if (text.startsWith('{|')) {
        // A table in a cell: its lines are the cell's content.
        nested++;
        if (!cells.length) cellsOf({ text: '|', start: line.start }, false);
        (rows.at(-1) as RawCell[]).at(-1)?.lines.push(line);
        continue;
      }
      if (text.startsWith('|+'))
        caption = [{ text: text.slice(2), start: line.start + (line.text.length - text.length) + 2 }];
      else if (text.startsWith('|-')) rows.push([]);
      else if (text.startsWith('|')) cellsOf(line, false);
      else if (text.startsWith('!')) cellsOf(line, true);
      else if (cells.length) cells.at(-1)?.lines.push(line);
    }
    const end = Math.min(j, lines.length - 1);
    if (caption) {
      const node = this.line(caption);
      if (node) out.push(node);
    }
    const inputs: RowInput[] = [];
    for (const raw of rows) {
      if (!raw.length) continue;
      const cells: CellInput[] = raw.map((cell) => {
        const children = this.body(cell.lines);
        const start = children[0]?.start ?? (cell.lines[0] as Line).start;
        const span = (name: 'colspan' | 'rowspan') =>
          Number.parseInt(
            new RegExp(`${name}\\s*=\\s*["']?(\\d{1,3})`, 'i').exec(cell.attributes)?.[1] ?? '1',
            10,
          ) || 1;
        return {
          children,
          header: cell.header,
          colSpan: span('colspan'),
          rowSpan: span('rowspan'),
          start,
          end: children.at(-1)?.end ?? start,
        };
      });
      inputs.push({ cells, start: cells[0]?.start ?? 0, end: cells.at(-1)?.end ?? 0 });
    }
    const first = lines[i] as Line;
    const last = lines[end] as Line;
    out.push(tableNode(inputs, { start: first.start, end: last.start + last.text.length }));
    return j + 1;
  }
}

/** Where `separator` matches at the top level of a cell line (not inside links or templates). */
function splitTopLevel(text: string, separator: RegExp): { at: number; width: number }[] {
  const pipes = new Set(topLevelPipes(text, 0, text.length));
  const found: { at: number; width: number }[] = [];
  for (const match of text.matchAll(separator)) {
    const at = match.index;
    if (match[0] === '!!' || pipes.has(at)) found.push({ at, width: 2 });
  }
  return found;
}

/** The `:` that ends a `; term` (outside links and URLs), or -1. */
function topLevelColon(text: string): number {
  let links = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[' && text[i + 1] === '[') links++;
    else if (text[i] === ']' && text[i + 1] === ']' && links > 0) links--;
    else if (text[i] === ':' && links === 0 && text[i + 1] !== '/') return i;
  }
  return -1;
}

export function readMediawiki(text: string): MarkupDocument {
  const cleaned = withoutComments(text);
  const lines = sourceLines(cleaned);
  const reader = new WikiReader(text);
  const children = reader.body(lines);
  const title = children.find((c) => c.kind === 'text' && c.heading > 0);
  const meta: Record<string, string> = {};
  // A page's title is not in its text; a lone level-1 heading stands for it.
  if (title && title.heading === 1 && children.filter((c) => c.heading === 1).length === 1)
    meta.title = plainText(title.inlines);
  return { tree: rootNode(children, text), meta, frontMatter: null };
}

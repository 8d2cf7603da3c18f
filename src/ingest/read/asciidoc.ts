// AsciiDoc documents → the document tree, through Asciidoctor.js (3.x: its API is synchronous, as
// the readers are; the 4.x line only loads documents asynchronously). Sections, lists, description
// lists (`Term:: text`), tables with their header rows, and delimited blocks with their roles become
// tree nodes; the document title, author and header attributes are the meta.
//
// Asciidoctor keeps a block's line but not the offsets of its inline text, and hands inline text
// back converted to HTML. The HTML gives the runs and their marks; each run is then found in the
// source by searching forward from its block's line, so offsets point at the text as written.

import { createRequire } from 'node:module';
import type Asciidoctor from '@asciidoctor/core';
import type { Element, ElementContent, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { TalkgraphError } from '../../errors.js';
import type { MarkupDocument } from './markup.js';
import type { Inline, TreeNode } from './tree.js';
import {
  branch,
  type CellInput,
  describedItem,
  lineNode,
  lineStartsOf,
  type Marks,
  maskLongRuns,
  placeRuns,
  plainMarks,
  type RowInput,
  rootNode,
  run,
  tableNode,
  unmaskMeta,
  unmaskTree,
  verbatimRuns,
} from './tree-build.js';

type Processor = ReturnType<typeof Asciidoctor>;
let loaded: Processor | null = null;

/** Asciidoctor, loaded when the first AsciiDoc document is read (its runtime takes ~0.2 s to load). */
function asciidoctor(): Processor {
  if (!loaded) {
    const create = createRequire(import.meta.url)('@asciidoctor/core') as typeof Asciidoctor;
    loaded = create();
    // Asciidoctor reports problems of the document (an unterminated table) on the console; the reader
    // reads on regardless, so they are not logged, nor kept (a memory logger would grow per document).
    loaded.LoggerManager.setLogger(loaded.NullLogger.create());
  }
  return loaded;
}

const fragment = unified().use(rehypeParse, { fragment: true });

/**
 * Longer lines (masked runs aside) are refused: Asciidoctor's inline patterns take time quadratic in
 * a line's length when its markers do not pair up, and no programme writes a line this long.
 */
const maxLineLength = 20_000;

function longestLine(text: string): number {
  let longest = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') length = 0;
    else if (c !== '\u2800' && ++length > longest) longest = length;
  }
  return longest;
}

/** Elements of converted inline HTML that end a line. */
const blockTags = new Set([
  'p',
  'div',
  'li',
  'dt',
  'dd',
  'tr',
  'pre',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

function htmlRuns(nodes: readonly ElementContent[], marks: Marks, out: Inline[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (node.value) out.push(run(node.value, -1, marks));
      continue;
    }
    if (node.type !== 'element') continue;
    const element = node as Element;
    const tag = element.tagName;
    if (tag === 'br') {
      out.push(run('\n', -1, marks));
      continue;
    }
    // Footnote markers ("[1]") are not the line's text.
    const classes = element.properties?.className;
    if (tag === 'sup' && Array.isArray(classes) && classes.includes('footnote')) continue;
    const href = element.properties?.href;
    htmlRuns(
      element.children,
      {
        strong: marks.strong || tag === 'strong' || tag === 'b',
        emphasis: marks.emphasis || tag === 'em' || tag === 'i' || tag === 'cite',
        code: marks.code || tag === 'code' || tag === 'kbd',
        href: tag === 'a' && typeof href === 'string' ? href : marks.href,
      },
      out,
    );
    if (blockTags.has(tag)) out.push(run('\n', -1, marks));
  }
}

/** Minimal shapes of the Asciidoctor objects read here (its typings describe them loosely). */
interface AdocNode {
  getContext(): string;
  getLineNumber(): number | undefined;
  getBlocks(): AdocNode[];
  getTitle(): string | undefined;
  getRoles(): string[];
  getStyle(): string | undefined;
  getLevel(): number;
  getContent(): string | unknown;
  getSourceLines(): string[];
  getSource(): string;
  getItems(): unknown[];
  /** Opal's nil (not a string) for a list item or description that is only an attached block. */
  getText(): string | unknown;
  getRows(): { head: AdocCell[][]; body: AdocCell[][]; foot: AdocCell[][] };
  getContentModel(): string;
}

/** A node's text: '' when Asciidoctor has none (Opal's nil, not a string). */
const textOf = (node: AdocNode) => {
  const text = node.getText();
  return typeof text === 'string' ? text : '';
};

interface AdocCell {
  getText(): string;
  getSource(): string;
  getLineNumber(): number | undefined;
  getColumnSpan(): number | undefined;
  getRowSpan(): number | undefined;
  getStyle(): string | undefined;
  getInnerDocument(): { convert(): string } | undefined;
}

/** Styles that only say which kind of delimited block it is; roles and other styles name it. */
const plainStyles = new Set(['open', 'example', 'sidebar', 'quote', 'verse', 'partintro', 'abstract']);

class Reader {
  readonly source: string;
  private readonly lineStarts: number[];

  constructor(source: string) {
    this.source = source;
    this.lineStarts = lineStartsOf(source);
  }

  /** Offset of the start of a 1-based line, or of the document's end past its last line. */
  offsetOfLine(line: number): number {
    if (line < 1) return 0;
    return this.lineStarts[line - 1] ?? this.source.length;
  }

  /** A line of converted inline HTML, its runs found in the source within `lines` lines from `line`. */
  line(html: string, line: number, lines: number, heading = 0, label: string | null = null): TreeNode | null {
    if (!html.trim()) return null;
    const runs: Inline[] = [];
    htmlRuns((fragment.parse(html) as Root).children as ElementContent[], plainMarks, runs);
    const from = this.offsetOfLine(line);
    placeRuns(runs, this.source, from, this.offsetOfLine(line + Math.max(1, lines) + 1));
    return lineNode(runs, heading, label);
  }

  blocks(blocks: readonly AdocNode[]): TreeNode[] {
    const out: TreeNode[] = [];
    for (const block of blocks) out.push(...this.block(block));
    return out;
  }

  private block(block: AdocNode): TreeNode[] {
    const context = block.getContext();
    const line = block.getLineNumber() ?? 1;
    const out: TreeNode[] = [];
    // A block's title (".Day 1 talks" above a table) reads as a line before it.
    const title = context === 'section' || context === 'floating_title' ? undefined : block.getTitle();
    if (title) {
      const caption = this.line(title, Math.max(1, line - 2), 3);
      if (caption) out.push(caption);
    }
    switch (context) {
      case 'section':
      case 'floating_title': {
        const heading = this.line(block.getTitle() ?? '', line, 1, Math.min(6, block.getLevel() + 1));
        if (heading) out.push(heading);
        out.push(...this.blocks(block.getBlocks()));
        break;
      }
      case 'preamble':
        out.push(...this.blocks(block.getBlocks()));
        break;
      case 'paragraph': {
        const node = this.line(String(block.getContent()), line, block.getSourceLines().length);
        if (node) out.push(node);
        break;
      }
      case 'ulist':
      case 'olist':
      case 'colist': {
        const items = (block.getItems() as AdocNode[]).map((item) => {
          const itemLine = item.getLineNumber() ?? line;
          const text = textOf(item);
          const head = this.line(text, itemLine, text.split('\n').length);
          return branch('item', [...(head ? [head] : []), ...this.blocks(item.getBlocks())]);
        });
        const kept = items.filter((item) => item.children.length > 0);
        if (kept.length) out.push(branch('list', kept));
        break;
      }
      case 'dlist': {
        const items = (block.getItems() as [AdocNode[], AdocNode | null][]).map(([terms, description]) => {
          const termLines = terms.flatMap((term) => {
            const node = this.line(textOf(term), term.getLineNumber() ?? line, 1);
            return node ? [node] : [];
          });
          const rest: TreeNode[] = termLines.slice(1);
          if (description) {
            const text = textOf(description);
            const descriptionLine = description.getLineNumber() ?? termLines[0]?.line ?? line;
            const node = text ? this.line(text, descriptionLine, text.split('\n').length) : null;
            if (node) rest.push(node);
            rest.push(...this.blocks(description.getBlocks()));
          }
          return describedItem(termLines[0] ?? null, rest);
        });
        const kept = items.filter((item) => item.children.length > 0);
        if (kept.length) out.push(branch('list', kept));
        break;
      }
      case 'table':
        out.push(this.table(block));
        break;
      case 'listing':
      case 'literal': {
        const from = this.offsetOfLine(line);
        const to = this.offsetOfLine(line + block.getSourceLines().length + 2);
        const node = lineNode(
          verbatimRuns(block.getSource(), this.source, from, to, { ...plainMarks, code: true }),
        );
        if (node) out.push(node);
        break;
      }
      case 'open':
      case 'example':
      case 'sidebar':
      case 'quote':
      case 'verse':
      case 'admonition': {
        const style = block.getStyle();
        const names = [
          ...block.getRoles(),
          ...(style && !plainStyles.has(style) ? [style.toLowerCase()] : []),
        ];
        const children =
          block.getContentModel() === 'compound'
            ? this.blocks(block.getBlocks())
            : [this.line(String(block.getContent()), line, block.getSourceLines().length)].filter(
                (n): n is TreeNode => n !== null,
              );
        if (children.length) out.push(branch('block', children, names.join(' ') || null));
        break;
      }
      default:
        // Images, media, passthroughs, breaks and tables of contents carry no programme text.
        break;
    }
    return out;
  }

  private table(block: AdocNode): TreeNode {
    const rows = block.getRows();
    const toRow = (cells: AdocCell[], header: boolean): RowInput => {
      const inputs: CellInput[] = cells.map((cell) => {
        const cellLine = cell.getLineNumber() ?? block.getLineNumber() ?? 1;
        const html =
          cell.getStyle() === 'asciidoc' ? (cell.getInnerDocument()?.convert() ?? '') : cell.getText();
        const node = this.line(html, cellLine, cell.getSource().split('\n').length);
        const start = node?.start ?? this.offsetOfLine(cellLine);
        return {
          children: node ? [node] : [],
          header,
          colSpan: cell.getColumnSpan() ?? 1,
          rowSpan: cell.getRowSpan() ?? 1,
          start,
          end: node?.end ?? start,
        };
      });
      const start = inputs[0]?.start ?? 0;
      return { cells: inputs, header, start, end: inputs.reduce((max, c) => Math.max(max, c.end), start) };
    };
    return tableNode([
      ...rows.head.map((cells) => toRow(cells, true)),
      ...rows.body.map((cells) => toRow(cells, false)),
      ...rows.foot.map((cells) => toRow(cells, false)),
    ]);
  }
}

/** Attribute entries of the document header (`:location: Tromsø`), up to its first blank line. */
function headerAttributes(source: string): string[] {
  const names: string[] = [];
  let seen = false;
  for (const line of source.split('\n', 200)) {
    const trimmed = line.trim();
    if (!trimmed) {
      if (seen) break;
      continue;
    }
    seen = true;
    const match = /^:!?([\w][\w-]*)!?:/.exec(trimmed);
    if (match) names.push(match[1] as string);
  }
  return names;
}

export function readAsciidoc(text: string): MarkupDocument {
  let document: ReturnType<Processor['load']>;
  const masked = maskLongRuns(text);
  const longest = longestLine(masked);
  if (longest > maxLineLength)
    throw new TalkgraphError(
      'INGEST_REJECTED',
      `the AsciiDoc document has a line of ${longest} characters; lines longer than ${maxLineLength} are not read`,
    );
  try {
    // Secure mode: includes and other file access are never followed.
    document = asciidoctor().load(masked, {
      safe: 'secure',
      sourcemap: true,
      attributes: { 'skip-front-matter': '' },
    });
  } catch (error) {
    throw new TalkgraphError(
      'INGEST_REJECTED',
      `the AsciiDoc document could not be parsed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const reader = new Reader(masked);
  const meta: Record<string, string> = {};
  for (const name of headerAttributes(text)) {
    const value = document.getAttribute(name);
    if (typeof value === 'string' && value.trim()) meta[name.toLowerCase()] = value.trim();
  }
  const children: TreeNode[] = [];
  const title = document.getDocumentTitle({ sanitize: true });
  if (typeof title === 'string' && title.trim()) {
    meta.title = title.trim();
    // The title as written: its line in the header (`= Title`), the first that holds its text.
    const raw = document.getDocumentTitle();
    const titleLine = text.split('\n', 200).findIndex((l) => /^(?:=|#)\s+\S/.test(l));
    const heading = reader.line(typeof raw === 'string' ? raw : title, titleLine + 1, 1, 1);
    if (heading) children.push(heading);
  }
  const author: unknown = document.getAuthor();
  if (typeof author === 'string' && author.trim()) meta.author = author.trim();
  const date: unknown = document.getRevisionDate();
  if (typeof date === 'string' && date.trim()) meta.date ??= date.trim();
  children.push(...reader.blocks(document.getBlocks() as unknown as AdocNode[]));
  const tree = rootNode(children, text);
  unmaskTree(tree, masked, text);
  unmaskMeta(meta);
  return { tree, meta, frontMatter: null };
}

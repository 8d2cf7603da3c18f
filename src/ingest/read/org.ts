// Org-mode documents → the document tree, through uniorg's parser (with positions): headlines open
// sections, plain lists and description lists (`- Speaker :: Name`) become lists, tables keep their
// column headers, a headline's property drawer and planning lines become labelled lines, named
// drawers and special blocks become labelled blocks. `#+TITLE:`-style keywords and a property
// drawer before the first headline are the document's meta.

import type { GreaterElementType, ElementType as OrgElement, OrgNode, Timestamp } from 'uniorg';
import { parse as parseOrg } from 'uniorg-parse/lib/parser.js';
import { TalkgraphError } from '../../errors.js';
import type { MarkupDocument } from './markup.js';
import type { Inline, TreeNode } from './tree.js';
import {
  borrowOffsets,
  branch,
  type CellInput,
  describedItem,
  lineNode,
  type Marks,
  maskLongRuns,
  plainMarks,
  type RowInput,
  rootNode,
  run,
  tableNode,
  unmaskMeta,
  unmaskTree,
  verbatimRuns,
} from './tree-build.js';

type Node = OrgNode | GreaterElementType | OrgElement;

const linkTypes = ['https', 'http', 'mailto', 'ftp', 'doi'];

const startOf = (node: { position?: { start: { offset?: number } } }) => node.position?.start.offset ?? -1;
const endOf = (node: { position?: { end: { offset?: number } } }) => node.position?.end.offset ?? -1;
const childrenOf = (node: Node): Node[] => ('children' in node ? (node.children as Node[]) : []);

/** Inline runs of Org objects (text, emphasis, links, verbatim, timestamps, entities). */
function inlinesOf(nodes: readonly Node[], marks: Marks, source: string, out: Inline[]): void {
  for (const node of nodes) {
    const start = startOf(node);
    switch (node.type) {
      case 'text':
        if (node.value) out.push(run(node.value, start, marks));
        break;
      case 'bold':
        inlinesOf(node.children as Node[], { ...marks, strong: true }, source, out);
        break;
      case 'italic':
        inlinesOf(node.children as Node[], { ...marks, emphasis: true }, source, out);
        break;
      case 'code':
      case 'verbatim':
        // The value stands one marker character after the object's start.
        out.push(run(node.value, start < 0 ? -1 : start + 1, { ...marks, code: true }));
        break;
      case 'link': {
        const href = node.rawLink || `${node.linkType}:${node.path}`;
        if (node.children.length) inlinesOf(node.children as Node[], { ...marks, href }, source, out);
        else {
          const at = start < 0 ? -1 : source.indexOf(node.rawLink, start);
          out.push(run(node.rawLink, at >= 0 && at < endOf(node) ? at : start, { ...marks, href }));
        }
        break;
      }
      case 'timestamp':
        out.push(run(node.rawValue, start, marks));
        break;
      case 'entity':
        out.push(run(node.utf8, start, marks)); // decoded: "\alpha" → "α"
        break;
      case 'line-break':
        out.push(run('\n', start, marks));
        break;
      case 'latex-fragment':
        out.push(run(node.value, start, marks));
        break;
      case 'underline':
      case 'strike-through':
      case 'subscript':
      case 'superscript':
      case 'table-cell':
        inlinesOf(node.children as Node[], marks, source, out);
        break;
      default:
        // Footnote references, statistics cookies, export snippets and citations are no text of the line.
        break;
    }
  }
}

function lineOfObjects(
  nodes: readonly Node[],
  source: string,
  fallback: number,
  heading = 0,
): TreeNode | null {
  const runs: Inline[] = [];
  inlinesOf(nodes, plainMarks, source, runs);
  borrowOffsets(runs, fallback);
  return lineNode(runs, heading);
}

/** A labelled line whose value stands somewhere inside `[from, to)` of the source. */
function valueLine(label: string, value: string, source: string, from: number, to: number): TreeNode | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const at = from < 0 ? -1 : source.slice(from, to).lastIndexOf(trimmed);
  return lineNode([run(trimmed, at >= 0 ? from + at : Math.max(from, 0))], 0, label);
}

function tableOf(node: Node, source: string): TreeNode {
  const rows = childrenOf(node).filter((r) => r.type === 'table-row');
  const firstRule = rows.findIndex((r) => r.type === 'table-row' && r.rowType === 'rule');
  const firstStandard = rows.findIndex((r) => r.type === 'table-row' && r.rowType === 'standard');
  // Rows above the first rule are headers when rows follow it: `| Time | Title |` then `|---+---|`.
  const headerRows =
    firstRule > firstStandard &&
    firstStandard >= 0 &&
    rows.slice(firstRule).some((r) => r.type === 'table-row' && r.rowType === 'standard');
  const inputs: RowInput[] = [];
  rows.forEach((row, index) => {
    if (row.type !== 'table-row' || row.rowType !== 'standard') return;
    const cells: CellInput[] = childrenOf(row).map((cell) => {
      const line = lineOfObjects(childrenOf(cell), source, startOf(cell));
      return { children: line ? [line] : [], header: false, start: startOf(cell), end: endOf(cell) };
    });
    inputs.push({ cells, header: headerRows && index < firstRule, start: startOf(row), end: endOf(row) });
  });
  return tableNode(inputs, { start: startOf(node), end: endOf(node) });
}

function timestampLines(node: Node, source: string): TreeNode[] {
  if (node.type !== 'planning') return [];
  const lines: TreeNode[] = [];
  for (const key of ['scheduled', 'deadline', 'closed'] as const) {
    const stamp: Timestamp | null = node[key];
    if (!stamp) continue;
    const line = valueLine(key, stamp.rawValue, source, startOf(node), endOf(node));
    if (line) lines.push(line);
  }
  return lines;
}

/** `:KEY: value` lines of a drawer: labelled lines, or the document's meta when `meta` is given. */
function drawerProperties(text: string, offset: number, meta: Record<string, string> | null): TreeNode[] {
  const lines: TreeNode[] = [];
  let at = offset;
  for (const line of text.split('\n')) {
    const match = /^(\s*):([^:\s]+):[ \t]*(\S.*)?$/.exec(line);
    const key = match?.[2];
    const value = match?.[3]?.trim();
    if (key && value && key.toUpperCase() !== 'END') {
      if (meta) meta[key.toLowerCase()] ??= value;
      else {
        const node = lineNode(
          [run(value, at + line.indexOf(value, (match?.[1]?.length ?? 0) + key.length + 2))],
          0,
          key,
        );
        if (node) lines.push(node);
      }
    }
    at += line.length + 1;
  }
  return lines;
}

interface Context {
  source: string;
  meta: Record<string, string>;
}

/** Org elements → tree nodes; `inSection` tells a headline's own drawer from the document's. */
function convert(nodes: readonly Node[], context: Context, inSection: boolean): TreeNode[] {
  const { source, meta } = context;
  const out: TreeNode[] = [];
  for (const node of nodes) {
    const start = startOf(node);
    const end = endOf(node);
    switch (node.type) {
      case 'section': {
        const [headline, ...rest] = childrenOf(node);
        if (headline?.type !== 'headline') {
          out.push(...convert(childrenOf(node), context, true));
          break;
        }
        if (headline.commented) break; // COMMENT headlines are not part of the document.
        const heading = lineOfObjects(
          childrenOf(headline),
          source,
          startOf(headline),
          Math.min(6, headline.level),
        );
        if (heading) out.push(heading);
        out.push(...convert(rest, context, true));
        break;
      }
      case 'keyword':
        if (!inSection && node.value.trim()) {
          const key = node.key.toLowerCase();
          meta[key] = meta[key] ? `${meta[key]} ${node.value.trim()}` : node.value.trim();
        }
        break;
      case 'property-drawer':
        for (const property of childrenOf(node)) {
          if (property.type !== 'node-property') continue;
          if (!inSection) meta[property.key.toLowerCase()] ??= property.value.trim();
          else {
            const line = valueLine(property.key, property.value, source, startOf(property), endOf(property));
            if (line) out.push(line);
          }
        }
        break;
      case 'planning':
        out.push(...timestampLines(node, source));
        break;
      case 'paragraph': {
        const line = lineOfObjects(childrenOf(node), source, start);
        if (line) out.push(line);
        break;
      }
      case 'plain-list': {
        const items = childrenOf(node).map((item) => {
          const [first, ...rest] = childrenOf(item);
          const span = { start: startOf(item), end: endOf(item) };
          if (first?.type === 'list-item-tag') {
            const term = lineOfObjects(childrenOf(first), source, startOf(item));
            return describedItem(term, convert(rest, context, inSection), span);
          }
          return branch('item', convert(childrenOf(item), context, inSection), null, span);
        });
        if (items.length) out.push(branch('list', items, null, { start, end }));
        break;
      }
      case 'table':
        if (node.tableType === 'org') out.push(tableOf(node, source));
        else {
          const line = lineNode(verbatimRuns(node.value, source, start, end, { ...plainMarks, code: true }));
          if (line) out.push(line);
        }
        break;
      case 'drawer':
      case 'special-block': {
        if (node.type === 'drawer' && node.name.toUpperCase() === 'PROPERTIES') {
          // A property drawer the parser did not take for one (after the file's keywords).
          out.push(...drawerProperties(source.slice(start, end), start, inSection ? null : meta));
          break;
        }
        const children = convert(childrenOf(node), context, inSection);
        const label = node.type === 'drawer' ? node.name : node.blockType;
        if (children.length) out.push(branch('block', children, label, { start, end }));
        break;
      }
      case 'quote-block':
      case 'verse-block':
      case 'center-block': {
        const children = convert(childrenOf(node), context, inSection);
        if (children.length) out.push(branch('block', children, null, { start, end }));
        break;
      }
      case 'src-block':
      case 'example-block':
      case 'fixed-width':
      case 'export-block': {
        const line = lineNode(verbatimRuns(node.value, source, start, end, { ...plainMarks, code: true }));
        if (line) out.push(line);
        break;
      }
      default:
        // Comments, rules, clocks, footnote definitions, LaTeX environments: not the programme's text.
        break;
    }
  }
  return out;
}

export function readOrg(text: string): MarkupDocument {
  let data: ReturnType<typeof parseOrg>;
  const masked = maskLongRuns(text);
  try {
    // Sub- and superscripts only in braces: "snake_case" in a title is not a subscript. Plain links
    // of web and mail schemes only: uniorg builds a pattern of every scheme for each object it reads.
    data = parseOrg(masked, { trackPosition: true, useSubSuperscripts: '{}', linkTypes });
  } catch (error) {
    throw new TalkgraphError(
      'INGEST_REJECTED',
      `the Org-mode document could not be parsed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const meta: Record<string, string> = {};
  const children = convert(data.children as Node[], { source: masked, meta }, false);
  const tree = rootNode(children, text);
  unmaskTree(tree, masked, text);
  unmaskMeta(meta);
  return { tree, meta, frontMatter: null };
}

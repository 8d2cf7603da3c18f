// An HTML syntax tree (hast: from an HTML page, or from Markdown with its embedded HTML) → the
// document tree. Page chrome (navigation, headers, footers, scripts, forms, comment sections) is
// dropped; headings open sections; tables keep each cell's column header.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { type Inline, type TreeNode, textNode } from './tree.js';

const dropped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'form',
  'button',
  'select',
  'input',
  'textarea',
  'iframe',
  'video',
  'audio',
  'svg',
  'canvas',
  'head',
  'aside',
  'img',
  'picture',
]);
/** Class names and ids of page furniture: comment threads, sharing, menus, cookie banners. */
const chromeName =
  /(?:^|[\s_-])(?:comments?|respond|reply|share|sharing|social|sidebar|menu|navbar|nav|breadcrumbs?|cookie|banner|footer|header|masthead|related|pagination|widget|skip-link|sr-only|visually-hidden)(?:$|[\s_-])/i;
/** Elements whose content is a flow of blocks, not one line of text. */
const containers = new Set([
  'div',
  'section',
  'article',
  'main',
  'body',
  'html',
  'blockquote',
  'details',
  'center',
]);
/** Elements that end a line inside phrasing content: the containers and the blocks of text. */
const blockTags = new Set([
  ...containers,
  'p',
  'dl',
  'dd',
  'dt',
  'figure',
  'figcaption',
  'summary',
  'pre',
  'address',
  'li',
  'td',
  'th',
]);
const headingLevel: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

const startOf = (node: { position?: { start: { offset?: number; line: number } } }) =>
  node.position?.start?.offset ?? -1;
const lineOf = (node: { position?: { start: { line: number } } }) => node.position?.start?.line ?? 0;

function classesOf(element: Element): string[] {
  const value: unknown = element.properties?.className;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

function isChrome(element: Element): boolean {
  if (dropped.has(element.tagName)) return true;
  if (element.properties?.hidden !== undefined && element.properties.hidden !== false) return true;
  const names = [...classesOf(element), String(element.properties?.id ?? '')].join(' ');
  // A class naming a role on the page (menu, comments) marks chrome; "speaker-social" inside a talk is not
  // chrome, so only whole-word names count and only on block elements.
  return (
    names !== ' ' && chromeName.test(names) && !/\b(?:talk|session|speaker|schedule|program)/i.test(names)
  );
}

/** Inline runs of an element's phrasing content. */
function inlinesOf(nodes: readonly ElementContent[], marks: Omit<Inline, 'text' | 'start'>, out: Inline[]) {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (node.value) out.push({ ...marks, text: node.value, start: startOf(node) });
    } else if (node.type === 'element') {
      if (dropped.has(node.tagName)) continue;
      if (node.tagName === 'br') {
        out.push({ ...marks, text: '\n', start: startOf(node) });
        continue;
      }
      const tag = node.tagName;
      const next = {
        strong: marks.strong || tag === 'strong' || tag === 'b',
        emphasis: marks.emphasis || tag === 'em' || tag === 'i' || tag === 'cite',
        code: marks.code || tag === 'code' || tag === 'kbd',
        href: tag === 'a' && typeof node.properties?.href === 'string' ? node.properties.href : marks.href,
      };
      const before = out.length;
      inlinesOf(node.children, next, out);
      // Block elements inside phrasing content (a <div> in a cell) still end a line.
      if (blockTags.has(tag) && out.length > before) out.push({ ...marks, text: '\n', start: -1 });
    }
  }
}

const plainMarks = { strong: false, emphasis: false, code: false, href: null };

function lineNode(
  inlines: Inline[],
  heading: number,
  element: { position?: Element['position'] },
): TreeNode | null {
  // Offsets of runs without a position (decoded or generated text) borrow their neighbour's.
  let last = startOf(element);
  for (const inline of inlines) {
    if (inline.start < 0) inline.start = last;
    last = inline.start + (inline.text === '\n' ? 0 : inline.text.length);
  }
  const trimmedStart = inlines.findIndex((i) => i.text.trim());
  if (trimmedStart < 0) return null;
  const kept = inlines.slice(trimmedStart);
  while (kept.length && !(kept.at(-1) as Inline).text.trim()) kept.pop();
  const start = (kept[0] as Inline).start;
  const tail = kept.at(-1) as Inline;
  return textNode(kept, heading, lineOf(element), start, tail.start + tail.text.length);
}

function hasBlockChildren(element: Element): boolean {
  return element.children.some(
    (c) =>
      c.type === 'element' &&
      (containers.has(c.tagName) ||
        c.tagName === 'p' ||
        c.tagName in headingLevel ||
        c.tagName === 'ul' ||
        c.tagName === 'ol' ||
        c.tagName === 'table' ||
        c.tagName === 'dl' ||
        c.tagName === 'pre'),
  );
}

function container(
  kind: TreeNode['kind'],
  element: Element,
  children: TreeNode[],
  label: string | null = null,
): TreeNode {
  const first = children[0];
  const last = children.at(-1);
  return {
    kind,
    heading: 0,
    label,
    inlines: [],
    children,
    line: lineOf(element) || first?.line || 0,
    start: startOf(element) >= 0 ? startOf(element) : (first?.start ?? 0),
    end: element.position?.end?.offset ?? last?.end ?? 0,
  };
}

/** Cells of a table with their column headers, honouring colspan and rowspan. */
function convertTable(table: Element): TreeNode {
  const rows: Element[] = [];
  const collect = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') rows.push(child);
      else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) collect(child);
    }
  };
  collect(table);
  let headers: string[] = [];
  const occupied = new Map<number, number>(); // column → rows it stays taken for
  const children: TreeNode[] = [];
  for (const row of rows) {
    const cells = row.children.filter(
      (c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'),
    );
    if (cells.length === 0) continue;
    const isHeader = cells.every((c) => c.tagName === 'th') && children.length === 0;
    let column = 0;
    const converted: TreeNode[] = [];
    const texts: string[] = [];
    for (const cell of cells) {
      while ((occupied.get(column) ?? 0) > 0) column++;
      const span = Math.max(1, Number(cell.properties?.colSpan ?? 1) || 1);
      const rowSpan = Math.max(1, Number(cell.properties?.rowSpan ?? 1) || 1);
      if (rowSpan > 1) for (let c = column; c < column + span; c++) occupied.set(c, rowSpan);
      const node = convertFlow(cell.children, cell);
      const text = node.children.map((c) => c.inlines.map((i) => i.text).join('')).join(' ');
      texts.push(text.replace(/\s+/g, ' ').trim());
      const classes = classesOf(cell).join(' ');
      const header = isHeader ? null : (headers[column] ?? null);
      converted.push({ ...node, kind: 'cell', label: header ?? (classes || null) });
      column += span;
    }
    for (const [c, left] of occupied) occupied.set(c, left - 1);
    if (isHeader) {
      headers = texts;
      continue;
    }
    children.push(container('row', row, converted));
  }
  return container('table', table, children, headers.length ? headers.join(' | ') : null);
}

/** A flow of block and phrasing content → nodes; phrasing runs between blocks become lines. */
function convertFlow(nodes: readonly (RootContent | ElementContent)[], parent: Element | Root): TreeNode {
  const children: TreeNode[] = [];
  let pending: Inline[] = [];
  const flush = () => {
    if (pending.length) {
      const node = lineNode(pending, 0, parent);
      if (node) children.push(node);
    }
    pending = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      pending.push({ ...plainMarks, text: node.value, start: startOf(node) });
      continue;
    }
    if (node.type !== 'element') continue;
    const tag = node.tagName;
    if (isChrome(node)) continue;
    const level = headingLevel[tag];
    if (level) {
      flush();
      const inlines: Inline[] = [];
      inlinesOf(node.children, plainMarks, inlines);
      const heading = lineNode(inlines, level, node);
      if (heading) children.push(heading);
    } else if (tag === 'ul' || tag === 'ol') {
      flush();
      const items = node.children
        .filter((c): c is Element => c.type === 'element' && c.tagName === 'li')
        .map((li) => ({ ...convertFlow(li.children, li), kind: 'item' as const }));
      if (items.length) children.push(container('list', node, items));
    } else if (tag === 'dl') {
      // A definition list: each term with the descriptions after it is one item.
      flush();
      const groups: ElementContent[][] = [];
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'dt' || groups.length === 0) groups.push([]);
        (groups.at(-1) as ElementContent[]).push(child);
      }
      const items = groups
        .map((group) => ({ ...convertFlow(group, node), kind: 'item' as const }))
        .filter((item) => item.children.length > 0);
      if (items.length) children.push(container('list', node, items));
    } else if (tag === 'table') {
      flush();
      children.push(convertTable(node));
    } else if (
      tag === 'p' ||
      tag === 'pre' ||
      tag === 'dt' ||
      tag === 'dd' ||
      tag === 'figcaption' ||
      tag === 'summary'
    ) {
      flush();
      if (hasBlockChildren(node)) children.push(convertFlow(node.children, node));
      else {
        const inlines: Inline[] = [];
        inlinesOf(node.children, plainMarks, inlines);
        const line = lineNode(inlines, 0, node);
        if (line) children.push(line);
      }
    } else if (containers.has(tag) || tag === 'li' || tag === 'td' || tag === 'th') {
      flush();
      const block = convertFlow(node.children, node);
      if (block.children.length === 0) continue;
      const classes = classesOf(node).join(' ');
      // A wrapper with a single child and no name of its own adds nothing.
      if (block.children.length === 1 && !classes) children.push(block.children[0] as TreeNode);
      else children.push({ ...block, label: classes || null });
    } else if (tag === 'hr') {
      flush();
    } else if (classesOf(node).length > 0 && !['a', 'em', 'strong', 'b', 'i', 'code'].includes(tag)) {
      // A named inline element standing in a block (<span class="speaker-name">) is a field of its own.
      flush();
      const inlines: Inline[] = [];
      inlinesOf([node], plainMarks, inlines);
      const line = lineNode(inlines, 0, node);
      if (line) children.push({ ...container('block', node, [line]), label: classesOf(node).join(' ') });
    } else {
      inlinesOf([node], plainMarks, pending);
    }
  }
  flush();
  return container(parent.type === 'root' ? 'root' : 'block', parent as Element, children);
}

/** Nests the flat run of headings and blocks into sections: a heading owns what follows it. */
function sectionize(node: TreeNode): TreeNode {
  const children = node.children.map((c) => (c.kind === 'text' ? c : sectionize(c)));
  if (!children.some((c) => c.heading > 0)) return { ...node, children };
  const result: TreeNode[] = [];
  const stack: TreeNode[] = [];
  for (const child of children) {
    if (child.heading > 0) {
      while (stack.length && ((stack.at(-1) as TreeNode).children[0]?.heading ?? 0) >= child.heading)
        stack.pop();
      const section: TreeNode = {
        kind: 'section',
        heading: 0,
        label: null,
        inlines: [],
        children: [child],
        line: child.line,
        start: child.start,
        end: child.end,
      };
      (stack.length ? (stack.at(-1) as TreeNode).children : result).push(section);
      stack.push(section);
    } else {
      (stack.length ? (stack.at(-1) as TreeNode).children : result).push(child);
    }
  }
  const fixEnds = (n: TreeNode): number => {
    for (const c of n.children) n.end = Math.max(n.end, fixEnds(c));
    return n.end;
  };
  const out = { ...node, children: result };
  fixEnds(out);
  return out;
}

/** Sets every node's line from its offset (positions of generated nodes are approximate). */
function assignLines(node: TreeNode, lineStarts: readonly number[]): void {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= node.start) lo = mid;
    else hi = mid - 1;
  }
  node.line = lo + 1;
  for (const child of node.children) assignLines(child, lineStarts);
}

export function treeFromHast(root: Root, source: string): TreeNode {
  const tree = sectionize(convertFlow(root.children, root));
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  assignLines(tree, lineStarts);
  return tree;
}

/** The page's <title>, when it has one. */
export function titleOfHast(root: Root): string | null {
  let found: string | null = null;
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (found || child.type !== 'element') continue;
      if (child.tagName === 'title') {
        found = child.children
          .map((c) => (c.type === 'text' ? c.value : ''))
          .join('')
          .trim();
      } else if (child.tagName === 'head' || child.tagName === 'html') visit(child);
    }
  };
  visit(root);
  return found || null;
}

// The document tree every markup input becomes before any talk is read from it: sections under
// headings, lists and their items, tables with their header cells, blocks with their class names,
// and lines of inline text that keep emphasis, links and where they stand in the source.

/** A run of text with its marks, and the offset of its first character in the document. */
export interface Inline {
  text: string;
  start: number;
  strong: boolean;
  emphasis: boolean;
  code: boolean;
  /** The link's target when the run is a link's text. */
  href: string | null;
}

export type NodeKind = 'root' | 'section' | 'list' | 'item' | 'table' | 'row' | 'cell' | 'block' | 'text';

export interface TreeNode {
  kind: NodeKind;
  /** A heading's level (1–6) on `text` nodes that are headings; 0 otherwise. */
  heading: number;
  /** What names the node in its source: HTML class names, or a table cell's column header. */
  label: string | null;
  /** The inline runs of a `text` node (a paragraph, heading or line); empty on other kinds. */
  inlines: Inline[];
  children: TreeNode[];
  /** 1-based line of the node's start, and offsets into the document. */
  line: number;
  start: number;
  end: number;
}

export function textNode(
  inlines: Inline[],
  heading: number,
  line: number,
  start: number,
  end: number,
): TreeNode {
  return { kind: 'text', heading, label: null, inlines, children: [], line, start, end };
}

/** The node's text: inline runs joined, whitespace collapsed. */
export function plainText(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => i.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every text node below `node`, in document order. */
export function textsOf(node: TreeNode): TreeNode[] {
  if (node.kind === 'text') return [node];
  return node.children.flatMap(textsOf);
}

/**
 * Splits a text node into one node per source line (hard or soft line breaks), unless `keep` says
 * the lines are one flow of prose.
 */
export function splitTextLines(node: TreeNode, keep?: (lines: string[]) => boolean): TreeNode[] {
  if (!node.inlines.some((i) => i.text.includes('\n'))) return [node];
  if (
    keep?.(
      node.inlines
        .map((i) => i.text)
        .join('')
        .split('\n'),
    )
  )
    return [node];
  const lines: Inline[][] = [[]];
  for (const inline of node.inlines) {
    const parts = inline.text.split('\n');
    let offset = inline.start;
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) (lines.at(-1) as Inline[]).push({ ...inline, text: part, start: offset });
      offset += part.length + 1;
    });
  }
  let line = node.line;
  return lines.flatMap((inlines) => {
    const here = line++;
    if (!plainText(inlines)) return [];
    const start = inlines[0]?.start ?? node.start;
    const last = inlines.at(-1) as Inline;
    return [textNode(inlines, node.heading, here, start, last.start + last.text.length)];
  });
}

// The records of a document tree that carry talks. Every unit that can hold one talk is read —
// heading sections, list items, table rows, named blocks, paragraphs — and the units that read as
// talks are kept; a unit whose own children read as two or more talks is a grouping (a day, a
// meetup), not a talk. Recurrence raises confidence: siblings of the same shape that all read as
// talks confirm each other.

import { stripTime } from '../read/text-blocks.js';
import { plainText, splitTextLines, type TreeNode, textsOf } from '../read/tree.js';
import { contentLabel, leadingLabel } from './labels.js';
import { isProse, type RecordLine, readRecord, type TalkReading } from './read-record.js';

/** Lines of a paragraph are one flow of prose when it reads as sentences and no line is labelled. */
const oneFlow = (lines: string[]) => isProse(lines.join(' ')) && !lines.some((l) => leadingLabel(l));

export interface FoundTalk extends TalkReading {
  line: number;
  start: number;
  end: number;
}

export interface SkippedRecord {
  title: string;
  line: number;
  reason: string;
}

export interface FoundRecords {
  talks: FoundTalk[];
  skipped: SkippedRecord[];
}

function toLine(node: TreeNode, head: boolean, depth: number, label: string | null): RecordLine {
  return { inlines: node.inlines, label, head, depth, line: node.line, start: node.start, end: node.end };
}

/** A talk's record is never longer; the cap keeps deeply nested documents linear to read. */
const maxLinesPerUnit = 300;

/** The lines a unit holds itself: not those of the sections below it. */
export function linesOf(node: TreeNode): RecordLine[] {
  const lines: RecordLine[] = [];
  const visit = (n: TreeNode, depth: number, label: string | null) => {
    if (lines.length >= maxLinesPerUnit) return;
    if (n.kind === 'text') {
      for (const line of splitTextLines(n, oneFlow)) lines.push(toLine(line, false, depth, label));
      return;
    }
    if (n.kind === 'table') return;
    const childDepth = n.kind === 'list' ? depth + 1 : depth;
    const childLabel = n.kind === 'cell' || n.kind === 'block' ? (contentLabel(n.label) ?? label) : label;
    for (const child of n.children) visit(child, childDepth, childLabel);
  };
  if (node.kind === 'row') {
    for (const cell of node.children)
      for (const text of textsOf(cell)) lines.push(toLine(text, false, 0, contentLabel(cell.label)));
    // Without column headers, the first cell that is not a time or a number heads the row.
    if (!lines.some((l) => l.label !== null)) {
      const head = lines.find((l) => /\p{L}{2}/u.test(stripTime(plainText(l.inlines))));
      if (head) head.head = true;
    }
    return lines;
  }
  visit(node, 0, node.kind === 'block' ? node.label : null);
  // The first line heads the unit (a heading, an item's text, a paragraph's first line) unless a
  // label says what it is.
  if (lines[0] && (lines[0].label === null || node.kind === 'section')) lines[0].head = true;
  return lines;
}

/** Units that can hold a talk. */
function isUnit(node: TreeNode, parent: TreeNode | null): boolean {
  if (node.kind === 'section' || node.kind === 'item' || node.kind === 'row') return true;
  // A cell is a unit when it holds named parts or several lines (a grid's slot: title, then speakers).
  if (node.kind === 'cell')
    return (
      node.children.some((c) => c.label !== null) ||
      textsOf(node).length > 1 ||
      splitTextLines(node.children[0] ?? node).length > 1
    );
  if (node.kind === 'block') return node.label !== null || node.children.length > 1;
  if (node.kind === 'text') return node.heading === 0 && parent?.kind !== 'item' && parent?.kind !== 'cell';
  return false;
}

interface Reading {
  node: TreeNode;
  talk: TalkReading | null;
  skipped: string | null;
  title: string | null;
  inner: number;
}

export function findTalks(tree: TreeNode): FoundRecords {
  const readings: Reading[] = [];
  const walk = (node: TreeNode, parent: TreeNode | null): number => {
    // Talks below this node, counted before the node itself is judged.
    let inner = 0;
    for (const child of node.children) inner += walk(child, node);
    if (!isUnit(node, parent)) return inner;
    // A paragraph of lines that are each a talk ("10:00 Title — Name" one per line) is a list.
    if (node.kind === 'text') {
      const perLine = splitTextLines(node, oneFlow);
      if (perLine.length >= 2) {
        const results = perLine.map((line) => ({ line, result: readRecord([toLine(line, true, 0, null)]) }));
        if (results.filter(({ result }) => 'talk' in result).length >= 2) {
          for (const { line, result } of results) {
            if ('talk' in result)
              readings.push({
                node: line,
                talk: result.talk,
                skipped: null,
                title: result.talk.title,
                inner: 0,
              });
            else if (result.title)
              readings.push({
                node: line,
                talk: null,
                skipped: result.skipped,
                title: result.title,
                inner: 0,
              });
          }
          return results.filter(({ result }) => 'talk' in result).length;
        }
      }
    }
    const lines = linesOf(node);
    if (lines.length === 0) return inner;
    const result = readRecord(lines);
    if ('talk' in result && inner < 2) {
      readings.push({ node, talk: result.talk, skipped: null, title: result.talk.title, inner });
      return 1;
    }
    if ('skipped' in result && inner === 0 && result.title && node.kind !== 'text')
      readings.push({ node, talk: null, skipped: result.skipped, title: result.title, inner });
    return inner;
  };
  walk(tree, null);

  // A unit that read as one talk and holds one inner talk: the inner one is the talk when all the
  // outer one's speakers stand inside it (an "Agenda" section around its only item); otherwise the
  // outer one is (a section whose paragraph also read as its talk).
  const kept = readings.filter((r) => r.talk);
  const inside = (inner: TreeNode, outerNode: TreeNode) =>
    inner !== outerNode && inner.start >= outerNode.start && inner.end <= outerNode.end;
  const dropped = new Set<Reading>();
  for (const outer of kept.filter((r) => r.inner === 1)) {
    const inner = kept.find((r) => inside(r.node, outer.node));
    if (!inner) continue;
    const within = (outer.talk as TalkReading).speakers.every(
      (p) => p.start >= inner.node.start && p.start <= inner.node.end,
    );
    dropped.add(within ? outer : inner);
  }
  const talks = kept.filter((r) => !dropped.has(r));

  // Recurrence: siblings of one shape that read as talks confirm each other.
  const shapeCount = new Map<string, number>();
  // What the evidence was, not its exact words: "Speaker" and "Speakers" labels are one shape.
  const shape = (r: Reading) =>
    `${r.node.kind}/${r.node.label ?? ''}/${r.talk?.evidence.map((e) => e.replace(/"[^"]*"/g, '')).join('|')}`;
  for (const r of talks) shapeCount.set(shape(r), (shapeCount.get(shape(r)) ?? 0) + 1);

  // One entry per programme item: a row and its only cell (or a section and its paragraph) that
  // read as the same non-talk are listed once, at the innermost unit.
  const notTalks = readings.filter(
    (r) => !r.talk && r.title && !talks.some((t) => inside(r.node, t.node) || inside(t.node, r.node)),
  );
  const skipped: SkippedRecord[] = notTalks
    .filter((r) => !notTalks.some((other) => other.title === r.title && inside(other.node, r.node)))
    .map((r) => ({
      title: (r.title as string).slice(0, 120),
      line: r.node.line,
      reason: r.skipped ?? 'not a talk',
    }));
  return {
    talks: talks.map((r) => {
      const talk = r.talk as TalkReading;
      const recurring = (shapeCount.get(shape(r)) ?? 1) >= 3;
      const confidence = Math.min(1, talk.confidence + (recurring ? 0.05 : -0.1));
      return {
        ...talk,
        confidence: Math.round(confidence * 1000) / 1000,
        line: r.node.line,
        start: r.node.start,
        end: r.node.end,
      };
    }),
    skipped: skipped.sort((a, b) => a.line - b.line),
  };
}

/** Text of a node, for messages. */
export const nodeText = (node: TreeNode) =>
  textsOf(node)
    .map((t) => plainText(t.inlines))
    .join(' ');

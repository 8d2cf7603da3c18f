import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTalkgraphError } from '../../src/errors.js';
import { readAsciidoc } from '../../src/ingest/read/asciidoc.js';
import { detectMarkup, markupOfFileName } from '../../src/ingest/read/detect-markup.js';
import { readLatex } from '../../src/ingest/read/latex.js';
import type { MarkupDocument } from '../../src/ingest/read/markup.js';
import { readMediawiki } from '../../src/ingest/read/mediawiki.js';
import { readOrg } from '../../src/ingest/read/org.js';
import { readPlainText } from '../../src/ingest/read/plain-text.js';
import { readRst } from '../../src/ingest/read/rst.js';
import { plainText, type TreeNode, textsOf } from '../../src/ingest/read/tree.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/markups/${name}`, import.meta.url), 'utf8');

function nodesOf(node: TreeNode, kind: TreeNode['kind']): TreeNode[] {
  const found: TreeNode[] = node.kind === kind ? [node] : [];
  for (const child of node.children) found.push(...nodesOf(child, kind));
  return found;
}

const textOf = (node: TreeNode) =>
  textsOf(node)
    .map((t) => plainText(t.inlines))
    .join(' | ');
const headings = (doc: MarkupDocument) =>
  textsOf(doc.tree)
    .filter((t) => t.heading > 0)
    .map((t) => [t.heading, plainText(t.inlines)]);

/** The section whose heading reads `title`. */
function section(doc: MarkupDocument, title: string): TreeNode {
  const found = nodesOf(doc.tree, 'section').find((s) => plainText(s.children[0]?.inlines ?? []) === title);
  if (!found) throw new Error(`no section "${title}"`);
  return found;
}

/** Rows of the first table under `node`, as { column label: cell text }. */
function rowsOf(node: TreeNode): Record<string, string>[] {
  const table = nodesOf(node, 'table')[0];
  if (!table) throw new Error('no table');
  return table.children.map((row) =>
    Object.fromEntries(row.children.map((cell) => [cell.label, textOf(cell)])),
  );
}

/** Labelled lines under `node`, as [label, text] pairs. */
const labelledLines = (node: TreeNode) =>
  textsOf(node)
    .filter((t) => t.label !== null)
    .map((t) => [t.label, plainText(t.inlines)]);

/**
 * Every run with text that is not `decoded` stands in the source where its offset says, and every
 * node's line is the line of its start.
 */
function expectTrueOffsets(doc: MarkupDocument, source: string, decoded: string[] = []) {
  const wrong: string[] = [];
  const visit = (node: TreeNode) => {
    const line = source.slice(0, node.start).split('\n').length;
    if (node.line !== line) wrong.push(`line of ${node.kind} at ${node.start}: ${node.line} ≠ ${line}`);
    for (const inline of node.inlines) {
      if (!inline.text.trim() || decoded.includes(inline.text)) continue;
      const at = source.slice(inline.start, inline.start + inline.text.length);
      if (at !== inline.text)
        wrong.push(`${JSON.stringify(inline.text)} at ${inline.start} reads ${JSON.stringify(at)}`);
    }
    node.children.forEach(visit);
  };
  visit(doc.tree);
  expect(wrong).toEqual([]);
  expect(textsOf(doc.tree).length).toBeGreaterThan(5);
}

function expectRejected(read: () => unknown, problem: RegExp) {
  try {
    read();
  } catch (error) {
    expect(isTalkgraphError(error) && error.code).toBe('INGEST_REJECTED');
    expect((error as Error).message).toMatch(problem);
    return;
  }
  throw new Error('the document was read');
}

describe('Org-mode', () => {
  const source = fixture('programme.org');
  const doc = readOrg(source);

  it('reads keywords and the file-level property drawer as meta', () => {
    expect(doc.meta).toMatchObject({
      title: 'Nordlicht Summit 2025',
      date: '2025-09-18',
      author: 'Programme committee',
      location: 'Tromsø, Norway',
    });
  });

  it('opens sections at headlines, with emphasis kept as marks', () => {
    expect(headings(doc)).toEqual([
      [1, 'Day 1 — Thursday'],
      [2, '09:30 Opening keynote: Building calm systems'],
      [2, 'Lightning talks'],
      [1, 'Day 2 — Friday'],
    ]);
    const keynote = section(doc, '09:30 Opening keynote: Building calm systems');
    const heading = keynote.children[0] as TreeNode;
    expect(heading.inlines.find((i) => i.text === 'Building')?.strong).toBe(true);
    expect(heading.inlines.find((i) => i.text === 'calm')?.emphasis).toBe(true);
    const body = textsOf(keynote).find((t) => plainText(t.inlines).startsWith('We look at')) as TreeNode;
    expect(body.inlines.find((i) => i.text === 'queues')?.code).toBe(true);
    expect(body.inlines.find((i) => i.text === 'the slides')?.href).toBe('https://example.org/talk');
  });

  it("reads a headline's property drawer as labelled lines", () => {
    expect(labelledLines(section(doc, '09:30 Opening keynote: Building calm systems'))).toEqual([
      ['SPEAKER', 'Åsa Lindqvist'],
      ['ROOM', 'Aula'],
    ]);
  });

  it('reads description lists as items labelled by their term, and tables with column labels', () => {
    const talks = section(doc, 'Lightning talks');
    const items = nodesOf(talks, 'item');
    expect(items.map((i) => [i.label, textOf(i)])).toEqual([
      ['Speaker', 'Speaker | Jürgen Müller'],
      ['Room', 'Room | Hall B'],
    ]);
    expect(rowsOf(talks)).toEqual([
      { Time: '10:00', Title: 'Типы в Rust', Speaker: 'Ирина Петрова' },
      { Time: '11:00', Title: '分布式系统入门', Speaker: '王芳' },
    ]);
  });

  it('keeps wrapped list items whole and special blocks as named blocks', () => {
    const day2 = section(doc, 'Day 2 — Friday');
    expect(nodesOf(day2, 'item').map(textOf)).toEqual([
      'Λάμδα λογισμός για όλους — Νίκος Παπαδόπουλος with a wrapped second line',
      'مقدمة في التعلم الآلي — ليلى حداد',
    ]);
    const block = nodesOf(day2, 'block').find((b) => b.label === 'talk');
    expect(block && textOf(block)).toBe('Closing panel with Ana Souza');
  });

  it('keeps offsets into the source', () => expectTrueOffsets(doc, source));

  it('reads malformed input without failing', () => {
    const broken = readOrg('* Unclosed\n#+begin_talk\nNo end\n| a | b\n|---\n:PROPERTIES:\n:SPEAKER: Ana');
    expect(textsOf(broken.tree).map((t) => plainText(t.inlines))).toContain('Unclosed');
  });
});

describe('AsciiDoc', () => {
  const source = fixture('programme.adoc');
  const doc = readAsciidoc(source);

  it('reads the title, author and header attributes as meta', () => {
    expect(doc.meta).toMatchObject({
      title: 'Nordlicht Summit 2025',
      author: 'Programme Committee',
      date: '2025-09-18',
      location: 'Tromsø, Norway',
    });
  });

  it('opens sections at titles, the document title first', () => {
    expect(headings(doc)).toEqual([
      [1, 'Nordlicht Summit 2025'],
      [2, 'Day 1 — Thursday'],
      [3, '09:30 Opening keynote: Building calm systems'],
      [2, 'Day 2 — Friday'],
    ]);
  });

  it('reads description lists, nested lists and marks', () => {
    const keynote = section(doc, '09:30 Opening keynote: Building calm systems');
    const items = nodesOf(keynote, 'item');
    expect(items.filter((i) => i.label).map((i) => [i.label, textOf(i)])).toEqual([
      ['Speaker', 'Speaker | Åsa Lindqvist'],
      ['Room', 'Room | Aula'],
    ]);
    expect(items.filter((i) => !i.label).map(textOf)).toEqual([
      'Typen in Rust by Jürgen Müller',
      '分布式系统入门 — 王芳 | nested item',
      'nested item',
    ]);
    const body = textsOf(keynote).find((t) => plainText(t.inlines).startsWith('We look at')) as TreeNode;
    expect(body.inlines.find((i) => i.text === 'the slides')?.href).toBe('https://example.org/talk');
    expect(body.inlines.find((i) => i.text === 'queues')?.code).toBe(true);
  });

  it('reads tables with their header row as column labels, and the block title before them', () => {
    const keynote = section(doc, '09:30 Opening keynote: Building calm systems');
    expect(textsOf(keynote).some((t) => plainText(t.inlines) === 'Talks in Hall B')).toBe(true);
    expect(rowsOf(keynote)).toEqual([
      { Time: '10:00', Title: 'Типы в Rust', Speaker: 'Ирина Петрова' },
      { Time: '11:00', Title: 'Λάμδα λογισμός', Speaker: 'Νίκος Παπαδόπουλος' },
    ]);
  });

  it('names delimited blocks by their role', () => {
    const block = nodesOf(doc.tree, 'block').find((b) => b.label === 'talk');
    expect(block && textOf(block)).toBe('Closing panel | Ana Souza, ليلى حداد');
  });

  it('keeps offsets into the source', () => expectTrueOffsets(doc, source));

  it('reads list items and descriptions that are only an attached block or a nested list', () => {
    const attached = readAsciidoc(
      '= Programme\n\nStreaming Joins::\n+\n--\nMarta Quintero\n--\n\nTyped Configs::\n* Jonas Eklund\n',
    );
    expect(nodesOf(attached.tree, 'item').map(textOf)).toEqual([
      'Streaming Joins | Marta Quintero',
      'Typed Configs | Jonas Eklund',
      'Jonas Eklund',
    ]);
    const bullet = readAsciidoc('= Programme\n\n* {empty}\n+\nA bullet whose text is its block\n');
    expect(nodesOf(bullet.tree, 'item').map(textOf)).toEqual(['A bullet whose text is its block']);
  });

  it('reads an unclosed table without failing, and refuses an absurdly long line', () => {
    const broken = readAsciidoc('== Day\n\n|===\n|Time |Title\n|10:00 |Unclosed');
    expect(textsOf(broken.tree).map((t) => plainText(t.inlines))).toContain('Unclosed');
    expectRejected(() => readAsciidoc(`Title \`a${' `a'.repeat(20_000)}`), /line of \d+ characters/);
  });
});

describe('reStructuredText', () => {
  const source = fixture('programme.rst');
  const doc = readRst(source);

  it('reads the title and the opening field list as meta', () => {
    expect(doc.meta).toEqual({
      title: 'Nordlicht Summit 2025',
      date: '2025-09-18',
      location: 'Tromsø, Norway',
    });
  });

  it('ranks titles by their adornment style, overlined apart from underlined', () => {
    expect(headings(doc)).toEqual([
      [1, 'Nordlicht Summit 2025'],
      [2, 'Day 1 — Thursday'],
      [3, 'Opening keynote: Building calm systems'],
      [2, 'Day 2 — Friday'],
    ]);
  });

  it('reads field lists as labelled lines, and inline markup as marks', () => {
    const keynote = section(doc, 'Opening keynote: Building calm systems');
    expect(labelledLines(keynote).slice(0, 2)).toEqual([
      ['Speaker', 'Åsa Lindqvist'],
      ['Room', 'Aula'],
    ]);
    const body = textsOf(keynote).find((t) => plainText(t.inlines).startsWith('We look at')) as TreeNode;
    expect(plainText(body.inlines)).toBe('We look at queues and the slides, see slides and intro.');
    expect(body.inlines.find((i) => i.text === 'queues')?.code).toBe(true);
    expect(body.inlines.find((i) => i.text === 'the slides')?.href).toBe('https://example.org/talk');
    expect(body.inlines.find((i) => i.text === 'slides')?.href).toBe('https://example.org/slides');
  });

  it('reads bullet lists, nested lists and definition lists', () => {
    const keynote = section(doc, 'Opening keynote: Building calm systems');
    const items = nodesOf(keynote, 'item');
    expect(items.map((i) => [i.label, textOf(i)])).toEqual([
      [null, 'Typen in Rust by Jürgen Müller'],
      [null, '分布式系统入门 — 王芳 | nested item'],
      [null, 'nested item'],
      ['Jürgen Müller', 'Jürgen Müller | Speaker from Zürich.'],
    ]);
  });

  it('reads grid tables and simple tables with their header rows as column labels', () => {
    const tables = nodesOf(section(doc, 'Opening keynote: Building calm systems'), 'table');
    expect(tables.map((t) => t.children.map((row) => row.children.map((c) => [c.label, textOf(c)])))).toEqual(
      [
        [
          [
            ['Time', '10:00'],
            ['Title', 'Типы в Rust'],
            ['Speaker', 'Ирина Петрова'],
          ],
          [
            ['Time', '11:00'],
            ['Title', 'Café & crème (part two)'],
            ['Speaker', "Zoë O'Neil"],
          ],
        ],
        [
          [
            ['Time', '12:00'],
            ['Title', 'Λάμδα λογισμός'],
            ['Speaker', 'Νίκος Παπαδόπουλος'],
          ],
          [
            ['Time', '13:00'],
            ['Title', 'Lunch'],
            ['Speaker', ''],
          ],
        ],
      ],
    );
  });

  it('reads a csv-table, its header option as column labels and a quoted cell wrapped over lines', () => {
    const day2 = section(doc, 'Day 2 — Friday');
    expect(textsOf(day2).some((t) => plainText(t.inlines) === 'Friday talks')).toBe(true);
    expect(rowsOf(day2)).toEqual([
      { Time: '09:00', Title: 'Keynote, with a comma', Speaker: 'Ana Souza' },
      { Time: '10:00', Title: 'مقدمة في التعلم الآلي (الجزء الأول)', Speaker: 'ليلى حداد' },
    ]);
  });

  it('keeps offsets into the source', () => expectTrueOffsets(doc, source));

  it('reads unclosed tables without failing, and names broken CSV', () => {
    const broken = readRst('Day\n===\n\n=====  =====\nTime   Title\n=====  =====\n10:00  Unclosed\n');
    expect(rowsOf(broken.tree)).toEqual([{ Time: '10:00', Title: 'Unclosed' }]);
    const grid = readRst('+------+\n| Open |\n+------');
    expect(textsOf(grid.tree).map((t) => plainText(t.inlines))).toContain('Open');
    expectRejected(() => readRst('.. csv-table::\n\n   "never closed, "x"\n'), /csv-table at line 1/);
  });
});

describe('LaTeX', () => {
  const source = fixture('programme.tex');
  const doc = readLatex(source);

  it('reads \\title and \\date as meta', () => {
    expect(doc.meta).toMatchObject({ title: 'Nordlicht Summit 2025', date: '18 September 2025' });
  });

  it('reads repeated macro calls as records, arguments labelled by what the definition writes beside them', () => {
    const day1 = section(doc, 'Day 1 — Thursday');
    const list = nodesOf(day1, 'list')[0] as TreeNode;
    expect(list.label).toBe('talk');
    expect(list.children.map((item) => [item.kind, item.label, labelledLines(item)])).toEqual([
      [
        'item',
        'talk',
        [
          ['arg1', 'Opening keynote: calm systems'],
          ['speaker', 'Åsa Lindqvist'],
          ['room', 'Aula'],
        ],
      ],
      [
        'item',
        'talk',
        [
          ['arg1', 'Типы в Rust'],
          ['speaker', 'Ирина Петрова'],
          ['room', 'B'],
        ],
      ],
      [
        'item',
        'talk',
        [
          ['arg1', '分布式系统入门'],
          ['speaker', '王芳'],
          ['room', 'C'],
        ],
      ],
    ]);
  });

  it('reads lists, description lists and marks', () => {
    const day2 = section(doc, 'Day 2 — Friday');
    const items = nodesOf(day2, 'item');
    expect(items.map((i) => [i.label, textOf(i)])).toEqual([
      [null, 'Typen in Rust by Jürgen Müller'],
      [null, 'See the slides'],
      ['Speaker', "Speaker | Zoë O'Neil"],
    ]);
    const first = textsOf(items[0] as TreeNode)[0] as TreeNode;
    expect(first.inlines.find((i) => i.text === 'Typen in Rust')?.strong).toBe(true);
    const link = textsOf(items[1] as TreeNode)[0] as TreeNode;
    expect(link.inlines.find((i) => i.text === 'the slides')?.href).toBe('https://example.org/talk');
  });

  it('reads tabular with a bold first row as the header, and environments as named blocks', () => {
    const day2 = section(doc, 'Day 2 — Friday');
    expect(rowsOf(day2)).toEqual([
      { Time: '10:00', Title: 'Café & crème', Speaker: 'Zoë' },
      { Time: '11:00', Title: 'Λάμδα λογισμός', Speaker: 'Νίκος Παπαδόπουλος' },
    ]);
    const session = nodesOf(day2, 'block').find((b) => b.label === 'session');
    expect(session && textOf(session)).toBe('Closing | Panel with Ana Souza and ليلى حداد.');
  });

  it('keeps offsets into the source', () => expectTrueOffsets(doc, source, ['é']));

  it('reads unclosed environments without failing, and refuses absurd nesting', () => {
    const broken = readLatex(
      '\\section{Day}\n\\begin{tabular}{ll}\n\\textbf{Time} & \\textbf{Title} \\\\\n10:00 & Unclosed',
    );
    expect(rowsOf(broken.tree)).toEqual([{ Time: '10:00', Title: 'Unclosed' }]);
    const mismatched = readLatex('\\begin{itemize}\\item One\n\\end{enumerate}\n\\end{itemize} After');
    expect(textsOf(mismatched.tree).map((t) => plainText(t.inlines))).toEqual(['One', 'After']);
    expectRejected(() => readLatex(`${'{'.repeat(5000)}x`), /nests braces too deeply/);
    expectRejected(() => readLatex('\\begin{a}'.repeat(3000)), /nests environments too deeply/);
  });
});

describe('MediaWiki', () => {
  const source = fixture('programme.wiki');
  const doc = readMediawiki(source);

  it('reads headings as sections, and a lone top heading as the title', () => {
    expect(doc.meta).toEqual({ title: 'Nordlicht Summit 2025' });
    expect(headings(doc)).toEqual([
      [1, 'Nordlicht Summit 2025'],
      [2, 'Day 1 — Thursday'],
      [2, 'Day 2 — Friday'],
    ]);
  });

  it('drops comments and footnotes, and reads bold and links as marks', () => {
    const intro = textsOf(doc.tree)[1] as TreeNode;
    expect(plainText(intro.inlines)).toBe('The Nordlicht Summit takes place in Tromsø on 18 September 2025.');
    expect(intro.inlines.find((i) => i.text === 'Nordlicht Summit')?.strong).toBe(true);
    expect(intro.inlines.find((i) => i.text === 'Tromsø')?.href).toBe('Tromsø');
  });

  it('reads tables: header cells as column labels, attributes dropped, spans kept, caption before', () => {
    const day1 = section(doc, 'Day 1 — Thursday');
    expect(textsOf(day1).some((t) => plainText(t.inlines) === 'Talks on Thursday')).toBe(true);
    expect(rowsOf(day1)).toEqual([
      { Time: '10:00', Title: 'Типы в Rust', Speaker: 'Ирина Петрова' },
      { Time: '11:00', Title: '分布式系统入门', Speaker: '王芳' },
      { Time: 'Lunch', Speaker: '—' },
    ]);
  });

  it('reads bullet and description lists', () => {
    const items = nodesOf(section(doc, 'Day 1 — Thursday'), 'item');
    expect(items.map((i) => [i.label, textOf(i)])).toEqual([
      [null, 'Typen in Rust by Jürgen Müller'],
      [null, 'See the slides | nested item'],
      [null, 'nested item'],
      ['Speaker', "Speaker | Zoë O'Neil"],
      ['Room', 'Room | Hall B'],
    ]);
  });

  it('reads templates on their own lines as records with labelled parameters', () => {
    const list = nodesOf(section(doc, 'Day 2 — Friday'), 'list')[0] as TreeNode;
    expect(list.children.map((item) => [item.label, labelledLines(item)])).toEqual([
      [
        'Talk',
        [
          ['title', 'Λάμδα λογισμός'],
          ['speaker', 'Νίκος Παπαδόπουλος'],
          ['room', 'Aula'],
        ],
      ],
      [
        'Talk',
        [
          ['title', 'مقدمة في التعلم الآلي'],
          ['speaker', 'ليلى حداد'],
        ],
      ],
    ]);
  });

  it('keeps offsets into the source', () => expectTrueOffsets(doc, source));

  it('reads an unclosed table and unclosed markup without failing', () => {
    const broken = readMediawiki("{|\n! Time !! Title\n|-\n| 10:00 || '''Unclosed [[link\n{{template");
    expect(rowsOf(broken.tree)[0]).toMatchObject({ Time: '10:00' });
  });
});

describe('plain text', () => {
  const source = fixture('programme.txt');
  const doc = readPlainText(source);

  it('reads underlined lines, capitals and labels ending in ":" as headings ranked by first appearance', () => {
    expect(headings(doc)).toEqual([
      [1, 'NORDLICHT SUMMIT 2025'],
      [2, 'DAY 1 — THURSDAY'],
      [3, 'Workshops:'],
      [4, 'Day 2 — Friday'],
    ]);
  });

  it('nests indented lines under the line above them', () => {
    const blocks = nodesOf(section(doc, 'DAY 1 — THURSDAY'), 'block');
    expect(blocks.map((b) => b.children.map((c) => plainText(c.inlines)))).toEqual([
      [
        '09:30 Opening keynote: Building calm systems',
        'Åsa Lindqvist, Aula A look at queues that never grow.',
      ],
      ['10:30 Типы в Rust', 'Ирина Петрова'],
    ]);
  });

  it('reads bullets as items: wrapped lines continue the item, deeper lines and bullets nest in it', () => {
    const items = nodesOf(section(doc, 'Workshops:'), 'item');
    expect(items.map((i) => i.children.map((c) => textOf(c)))).toEqual([
      [
        'Typen in Rust — Jürgen Müller (wrapped line of the same item)',
        'Abstract indented deeper under the item.',
      ],
      ['分布式系统入门 — 王芳', 'nested bullet'],
      ['nested bullet'],
      ['Λάμδα λογισμός — Νίκος Παπαδόπουλος'],
      ['مقدمة في التعلم الآلي — ليلى حداد'],
    ]);
  });

  it('keeps URLs as links and offsets into the source', () => {
    const url = textsOf(doc.tree)
      .flatMap((t) => t.inlines)
      .find((i) => i.href);
    expect(url?.href).toBe('https://example.org/nordlicht');
    expectTrueOffsets(doc, source);
  });
});

describe('detectMarkup', () => {
  it('recognizes each markup from its text', () => {
    expect(detectMarkup(fixture('programme.org'))).toBe('org');
    expect(detectMarkup(fixture('programme.adoc'))).toBe('asciidoc');
    expect(detectMarkup(fixture('programme.rst'))).toBe('rst');
    expect(detectMarkup(fixture('programme.tex'))).toBe('latex');
    expect(detectMarkup(fixture('programme.wiki'))).toBe('mediawiki');
  });

  it('claims no markup for plain text or Markdown', () => {
    expect(detectMarkup(fixture('programme.txt'))).toBeNull();
    expect(
      detectMarkup('# Meetup\n\n- **Typed Rust** by [Ana](https://example.org)\n\nTitle\n=====\n'),
    ).toBeNull();
  });

  it('maps file extensions to markups', () => {
    expect(markupOfFileName('talks/Programme.ORG')).toBe('org');
    expect(markupOfFileName('a.adoc')).toBe('asciidoc');
    expect(markupOfFileName('a.asc')).toBe('asciidoc');
    expect(markupOfFileName('a.rest')).toBe('rst');
    expect(markupOfFileName('a.latex')).toBe('latex');
    expect(markupOfFileName('a.mediawiki')).toBe('mediawiki');
    expect(markupOfFileName('notes.txt')).toBe('plain-text');
    expect(markupOfFileName('page.md')).toBeNull();
    expect(markupOfFileName('dir.d/README')).toBeNull();
  });
});

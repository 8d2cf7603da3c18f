// LaTeX programmes → the document tree, through unified-latex's parser (its minimal pass: tokens
// with positions; arguments are gathered here, so that the document's own macros read the same as
// the known ones). Sectioning commands open sections; itemize/enumerate/description become lists;
// tabular becomes rows and cells, with a header row when the first row is bold or ruled off; bold,
// italics, code and links become marks.
//
// Programmes are often written as records: a macro the document calls again and again
// (`\talk{Title}{Speaker}{Room}`) becomes one item per call whose arguments are labelled lines,
// named after what its `\newcommand` body writes next to each `#n` ("room #3", `\speaker{#2}`) or
// `arg1`, `arg2`…; environments (`\begin{talk}…\end{talk}`) become blocks labelled with their name.
// `\title`, `\author`, `\date` and one-argument macros of the preamble are the meta.

import type * as Ast from '@unified-latex/unified-latex-types';
import { parseMinimal } from '@unified-latex/unified-latex-util-parse';
import { TalkgraphError } from '../../errors.js';
import type { MarkupDocument } from './markup.js';
import { type Inline, plainText, type TreeNode } from './tree.js';
import {
  branch,
  type CellInput,
  deepestNesting,
  describedItem,
  lineNode,
  type Marks,
  mergeRuns,
  plainMarks,
  type RowInput,
  rootNode,
  run,
  tableNode,
} from './tree-build.js';

type Node = Ast.Node;

/** Deeper than this, groups or environments are no programme's layout (and overflow the parser). */
const maxNesting = 100;

const sectioning = ['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph'];
const metaMacros = new Set([
  'title',
  'subtitle',
  'author',
  'date',
  'institute',
  'location',
  'venue',
  'event',
]);
const styleMacros: Record<string, keyof Omit<Marks, 'href'> | null> = {
  textbf: 'strong',
  emph: 'emphasis',
  textit: 'emphasis',
  textsl: 'emphasis',
  texttt: 'code',
  textsc: null,
  textrm: null,
  textsf: null,
  textup: null,
  textmd: null,
  textnormal: null,
  underline: null,
  uline: null,
  mbox: null,
  fbox: null,
  hbox: null,
  makebox: null,
};
/** Declarations that style the rest of their group: `{\bf …}`. */
const declarations: Record<string, keyof Omit<Marks, 'href'>> = {
  bf: 'strong',
  bfseries: 'strong',
  it: 'emphasis',
  itshape: 'emphasis',
  em: 'emphasis',
  sl: 'emphasis',
  slshape: 'emphasis',
  tt: 'code',
  ttfamily: 'code',
};
/** Known macros that print nothing of the programme, with the arguments they take. */
const silentMacros: Record<string, string> = {
  label: 'm',
  ref: 'm',
  pageref: 'm',
  eqref: 'm',
  cite: 'om',
  nocite: 'm',
  includegraphics: 'om',
  vspace: 'sm',
  hspace: 'sm',
  setlength: 'mm',
  addtolength: 'mm',
  setcounter: 'mm',
  addtocounter: 'mm',
  usepackage: 'om',
  RequirePackage: 'om',
  documentclass: 'om',
  input: 'm',
  include: 'm',
  pagestyle: 'm',
  thispagestyle: 'm',
  geometry: 'm',
  hypersetup: 'm',
  definecolor: 'mmm',
  color: 'm',
  cline: 'm',
  cmidrule: 'om',
  thanks: 'm',
  index: 'm',
  bibliography: 'm',
  bibliographystyle: 'm',
  newpage: '',
  clearpage: '',
  maketitle: '',
  tableofcontents: '',
  noindent: '',
  centering: '',
  raggedright: '',
  raggedleft: '',
  hline: '',
  toprule: 'o',
  midrule: 'o',
  bottomrule: 'o',
  today: '',
  small: '',
  footnotesize: '',
  scriptsize: '',
  tiny: '',
  large: '',
  Large: '',
  LARGE: '',
  huge: '',
  Huge: '',
  normalsize: '',
  smallskip: '',
  medskip: '',
  bigskip: '',
  vfill: '',
  hfill: '',
  protect: '',
  relax: '',
  selectlanguage: 'm',
  foreignlanguage: 'm',
  caption: 'om',
  footnote: 'om',
  endhead: '',
  endfirsthead: '',
  endfoot: '',
  endlastfoot: '',
};
const definitions = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand']);
const environmentDefinitions = new Set(['newenvironment', 'renewenvironment']);
const symbols: Record<string, string> = {
  '&': '&',
  '%': '%',
  $: '$',
  '#': '#',
  _: '_',
  '{': '{',
  '}': '}',
  ' ': ' ',
  ',': ' ',
  ';': ' ',
  quad: ' ',
  qquad: ' ',
  enspace: ' ',
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  copyright: '©',
  euro: '€',
  texteuro: '€',
  S: '§',
  ldots: '…',
  dots: '…',
  textendash: '–',
  textemdash: '—',
  textquoteright: '’',
  textquoteleft: '‘',
  textbar: '|',
  textbackslash: '\\',
  slash: '/',
  // Between authors in \author{A \and B}.
  and: ', ',
};
const accents: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  d: '\u0323',
  b: '\u0331',
  r: '\u030a',
  k: '\u0328',
  t: '\u0361',
};
/** Environments that only arrange what they hold. */
const wrappers = new Set([
  'document',
  'center',
  'flushleft',
  'flushright',
  'minipage',
  'table',
  'table*',
  'figure',
  'figure*',
  'multicols',
  'adjustbox',
  'landscape',
  'small',
  'footnotesize',
  'frame',
]);
const lists = new Set([
  'itemize',
  'enumerate',
  'description',
  'compactitem',
  'compactenum',
  'inparaenum',
  'list',
]);
const tables = new Set([
  'tabular',
  'tabular*',
  'tabularx',
  'tabulary',
  'longtable',
  'array',
  'supertabular',
  'xtabular',
]);
const verbatims = new Set(['verbatim', 'lstlisting', 'minted', 'Verbatim', 'comment']);
/** Arguments each known environment takes after `\begin{…}`. */
const environmentArguments: Record<string, string> = {
  itemize: 'o',
  enumerate: 'o',
  description: 'o',
  tabular: 'om',
  'tabular*': 'mom',
  tabularx: 'mom',
  tabulary: 'mom',
  longtable: 'om',
  array: 'om',
  supertabular: 'om',
  xtabular: 'om',
  minipage: 'ooom',
  table: 'o',
  'table*': 'o',
  figure: 'o',
  'figure*': 'o',
  multicols: 'm',
  list: 'mm',
  frame: 'om',
};

interface Definition {
  /** 'o' for an optional argument, 'm' for a mandatory one, in order. */
  signature: string;
  names: string[];
}

const isString = (node: Node | undefined): node is Ast.String => node?.type === 'string';
const isMacro = (node: Node | undefined): node is Ast.Macro => node?.type === 'macro';
/** A string token of exactly `value` ("[", "&", "*"). */
const isToken = (node: Node | undefined, value: string) => node?.type === 'string' && node.content === value;
/** A call of the macro `name`. */
const isCall = (node: Node | undefined, name: string) => node?.type === 'macro' && node.content === name;
const startOf = (node: Node) => node.position?.start.offset ?? -1;
const endOf = (node: Node) => node.position?.end.offset ?? -1;
const contentOf = (node: Node): Node[] =>
  'content' in node && Array.isArray(node.content) ? node.content : [];

interface Gobbled {
  /** Each argument's nodes, or null when an optional one is absent. */
  args: (Node[] | null)[];
  /** The group nodes of mandatory arguments (for their raw source). */
  groups: (Node | null)[];
  next: number;
}

/** Index of the next node that is not a space within a line (line breaks count as spaces). */
function skipSpaces(nodes: readonly Node[], i: number): number {
  while (i < nodes.length && (nodes[i]?.type === 'whitespace' || nodes[i]?.type === 'comment')) i++;
  return i;
}

/** Takes a macro's arguments from the nodes after it, as its signature says ('s', 'o', 'm'). */
function gobble(nodes: readonly Node[], i: number, signature: string): Gobbled {
  const args: (Node[] | null)[] = [];
  const groups: (Node | null)[] = [];
  for (const kind of signature) {
    const j = skipSpaces(nodes, i);
    const node = nodes[j];
    if (kind === 's') {
      const star = isToken(node, '*');
      args.push(star ? [] : null);
      groups.push(null);
      if (star) i = j + 1;
    } else if (kind === 'o') {
      let close = -1;
      if (isToken(node, '[')) {
        for (let k = j + 1; k < nodes.length && k < j + 400; k++) {
          if (nodes[k]?.type === 'parbreak') break;
          if (isToken(nodes[k], ']')) {
            close = k;
            break;
          }
        }
      }
      if (close < 0) {
        args.push(null);
        groups.push(null);
      } else {
        args.push(nodes.slice(j + 1, close));
        groups.push(null);
        i = close + 1;
      }
    } else if (node?.type === 'group') {
      args.push(node.content);
      groups.push(node);
      i = j + 1;
    } else if (node && (node.type === 'string' || node.type === 'macro')) {
      args.push([node]);
      groups.push(null);
      i = j + 1;
    } else {
      args.push(null);
      groups.push(null);
    }
  }
  return { args, groups, next: i };
}

/** The shape of a call of a macro nobody defined: an optional argument, then the groups that follow. */
function inferredSignature(nodes: readonly Node[], i: number): string {
  let signature = '';
  let j = skipSpaces(nodes, i);
  if (isToken(nodes[j], '[')) {
    const probe = gobble(nodes, i, 'o');
    if (probe.args[0]) {
      signature += 'o';
      j = skipSpaces(nodes, probe.next);
    }
  }
  while (nodes[j]?.type === 'group') {
    signature += 'm';
    j = skipSpaces(nodes, j + 1);
  }
  return signature;
}

/** The name of a macro given as `{\talk}` or `\talk`. */
function definedName(arg: Node[] | null): string | null {
  const macro = arg?.find((n) => n.type === 'macro');
  return macro && isMacro(macro)
    ? macro.content
    : arg?.map((n) => (isString(n) ? n.content : '')).join('') || null;
}

/**
 * What the body of a definition writes next to each `#n`: the word before it ("room #3" → room)
 * or the macro it is the argument of (`\speaker{#2}` → speaker), unless that macro only styles.
 */
function argumentHints(body: readonly Node[], count: number): string[] {
  const hints: (string | null)[] = Array.from({ length: count }, () => null);
  const visit = (nodes: readonly Node[], enclosing: string | null) => {
    nodes.forEach((node, index) => {
      if (isToken(node, '#')) {
        const digit = nodes[index + 1];
        const n = isString(digit) ? Number.parseInt(digit.content, 10) : Number.NaN;
        if (!(n >= 1 && n <= count) || hints[n - 1]) return;
        let k = index - 1;
        while (
          k >= 0 &&
          (nodes[k]?.type === 'whitespace' || isToken(nodes[k], ':') || isToken(nodes[k], '='))
        )
          k--;
        const before = nodes[k];
        if (isString(before) && /^\p{L}{2,}$/u.test(before.content)) hints[n - 1] = before.content;
        else if (enclosing) hints[n - 1] = enclosing;
        return;
      }
      if (node.type === 'group' || node.type === 'environment') {
        const previous = nodes[index - 1];
        const named =
          previous &&
          isMacro(previous) &&
          !(previous.content in styleMacros) &&
          !(previous.content in declarations)
            ? previous.content
            : enclosing;
        visit(contentOf(node), node.type === 'environment' ? node.env : named);
      }
    });
  };
  visit(body, null);
  const used = new Set<string>();
  return hints.map((hint, i) => {
    if (!hint || used.has(hint)) return `arg${i + 1}`;
    used.add(hint);
    return hint;
  });
}

/** Closes environments the parser left open (`\begin{tabular}` with no `\end`) where their list ends. */
function repairEnvironments(nodes: Node[]): Node[] {
  interface Frame {
    env: string;
    begin: Node;
    content: Node[];
  }
  const root: Node[] = [];
  const stack: Frame[] = [];
  const target = () => (stack.length ? (stack.at(-1) as Frame).content : root);
  const close = (frame: Frame, end: number) => {
    const env: Ast.Environment = {
      type: 'environment',
      env: frame.env,
      content: frame.content,
      position: {
        start: frame.begin.position?.start ?? { offset: 0, line: 1, column: 1 },
        end: { offset: end, line: 0, column: 0 },
      },
    };
    target().push(env);
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Node;
    const nameGroup = nodes[i + 1];
    const name =
      nameGroup?.type === 'group'
        ? nameGroup.content.map((n) => (isString(n) ? n.content : '')).join('')
        : '';
    if (isCall(node, 'begin') && name) {
      stack.push({ env: name, begin: node, content: [] });
      i++;
      continue;
    }
    if (isCall(node, 'end') && name) {
      const at = stack.map((f) => f.env).lastIndexOf(name);
      i++;
      if (at < 0) continue; // An \end with no \begin: dropped.
      while (stack.length > at) close(stack.pop() as Frame, endOf(nameGroup as Node));
      continue;
    }
    if ('content' in node && Array.isArray(node.content))
      (node as Ast.Group).content = repairEnvironments(node.content as Node[]);
    target().push(node);
  }
  while (stack.length) {
    const frame = stack.pop() as Frame;
    const last = frame.content.at(-1);
    close(frame, last ? endOf(last) : endOf(frame.begin));
  }
  return root;
}

interface FlowState {
  out: TreeNode[];
  pending: Inline[];
}

class LatexReader {
  readonly meta: Record<string, string> = {};
  private readonly macros = new Map<string, Definition>();
  private readonly environments = new Map<string, Definition>();
  private readonly headingLevels = new Map<string, number>();

  constructor(private readonly source: string) {
    // Heading levels are ranked among the sectioning commands the document uses.
    const used = new Set<string>();
    for (const match of source.matchAll(
      /\\(part|chapter|section|subsection|subsubsection|paragraph|subparagraph)\b/g,
    ))
      used.add(match[1] as string);
    for (const [i, s] of sectioning.filter((name) => used.has(name)).entries())
      this.headingLevels.set(s, Math.min(6, i + 1));
  }

  /** Reads `\newcommand`, `\def`, `\NewDocumentCommand` and `\newenvironment` definitions. */
  collectDefinitions(nodes: readonly Node[]): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      if (node.type === 'environment' && node.env === 'document') this.collectDefinitions(node.content);
      if (!isMacro(node)) continue;
      const name = node.content;
      if (definitions.has(name) || environmentDefinitions.has(name)) {
        const isEnvironment = environmentDefinitions.has(name);
        const { args } = gobble(nodes, i + 1, isEnvironment ? 'smoomm' : 'smoom');
        const defined = definedName(args[1] ?? null);
        const count = Number.parseInt(plainNodesText(args[2] ?? []), 10) || 0;
        if (!defined) continue;
        const signature = (args[3] ? 'o' : 'm') + 'm'.repeat(Math.max(0, count - 1));
        const body = args[4] ?? [];
        (isEnvironment ? this.environments : this.macros).set(defined, {
          signature: count ? signature : '',
          names: argumentHints(body, count),
        });
      } else if (name === 'def') {
        const target = nodes[i + 1];
        if (!isMacro(target)) continue;
        let count = 0;
        let j = i + 2;
        while (j < nodes.length && nodes[j]?.type !== 'group') {
          if (isToken(nodes[j], '#')) count++;
          j++;
        }
        const body = nodes[j];
        this.macros.set(target.content, {
          signature: 'm'.repeat(count),
          names: argumentHints(body ? contentOf(body) : [], count),
        });
      } else if (name === 'NewDocumentCommand' || name === 'DeclareDocumentCommand') {
        const { args } = gobble(nodes, i + 1, 'mmm');
        const defined = definedName(args[0] ?? null);
        const spec = plainNodesText(args[1] ?? []).replace(/[^mo]/g, '');
        if (defined)
          this.macros.set(defined, { signature: spec, names: argumentHints(args[2] ?? [], spec.length) });
      }
    }
  }

  // ---- inline text ------------------------------------------------------------------------

  /** Runs of a list of nodes read as text; `{\bf …}` declarations style the rest of the list. */
  inline(nodes: readonly Node[], marks: Marks, out: Inline[]): void {
    let local = marks;
    for (let i = 0; i < nodes.length; ) {
      const node = nodes[i] as Node;
      if (isMacro(node) && node.content in declarations) {
        local = { ...local, [declarations[node.content] as string]: true };
        i++;
        continue;
      }
      i = this.inlineNode(nodes, i, local, out);
    }
  }

  /** Reads the node at `i` as text; returns the index of the next node. */
  private inlineNode(nodes: readonly Node[], i: number, marks: Marks, out: Inline[]): number {
    const node = nodes[i] as Node;
    const start = startOf(node);
    switch (node.type) {
      case 'string': {
        const text = node.content;
        // TeX ligatures: -- and --- are dashes, `` and '' are quotes.
        const ligature = (char: string) => {
          let j = i;
          while (isToken(nodes[j], char) && j - i < 3) j++;
          return j - i;
        };
        if (text === '-' || text === '`' || text === "'") {
          const n = ligature(text);
          if (n >= 2) {
            const decoded = text === '-' ? (n === 3 ? '—' : '–') : text === '`' ? '“' : '”';
            out.push(run(decoded, start, marks));
            return i + n;
          }
        }
        out.push(run(text === '~' ? '\u00a0' : text, start, marks));
        return i + 1;
      }
      case 'whitespace':
        out.push(run(this.source.slice(start, endOf(node)) || ' ', start, marks));
        return i + 1;
      case 'parbreak':
        out.push(run('\n', start, marks));
        return i + 1;
      case 'group':
        this.inline(node.content, marks, out);
        return i + 1;
      case 'inlinemath': {
        const inner = this.source.slice(start + 1, endOf(node) - 1);
        if (inner.trim()) out.push(run(inner, start + 1, marks));
        return i + 1;
      }
      case 'verb': {
        const at = this.source.indexOf(node.content, start);
        out.push(run(node.content, at >= 0 ? at : start, { ...marks, code: true }));
        return i + 1;
      }
      case 'macro':
        return this.inlineMacro(nodes, i, node, marks, out);
      default:
        // Comments, display math and environments inside a line are not its text.
        return i + 1;
    }
  }

  private inlineMacro(
    nodes: readonly Node[],
    i: number,
    macro: Ast.Macro,
    marks: Marks,
    out: Inline[],
  ): number {
    const name = macro.content;
    const start = startOf(macro);
    if (name in styleMacros) {
      const { args, next } = gobble(nodes, i + 1, 'm');
      const mark = styleMacros[name];
      this.inline(args[0] ?? [], mark ? { ...marks, [mark]: true } : marks, out);
      return next;
    }
    if (name === 'href') {
      const { args, groups, next } = gobble(nodes, i + 1, 'mm');
      this.inline(args[1] ?? [], { ...marks, href: this.rawOf(groups[0] ?? null) || null }, out);
      return next;
    }
    if (name === 'url' || name === 'nolinkurl') {
      const { groups, next } = gobble(nodes, i + 1, 'm');
      const raw = this.rawOf(groups[0] ?? null);
      if (raw) out.push(run(raw, startOf(groups[0] as Node) + 1, { ...marks, href: raw }));
      return next;
    }
    if (name === 'textcolor' || name === 'colorbox') {
      const { args, next } = gobble(nodes, i + 1, 'mm');
      this.inline(args[1] ?? [], marks, out);
      return next;
    }
    if (name === '\\' || name === 'newline' || name === 'linebreak' || name === 'tabularnewline') {
      out.push(run('\n', start, marks));
      return gobble(nodes, i + 1, name === '\\' ? 'so' : name === 'linebreak' ? 'o' : '').next;
    }
    if (name === 'footnote') {
      // A footnote (often an affiliation) stays with the line, set apart by a space.
      const { args, next } = gobble(nodes, i + 1, 'om');
      out.push(run(' ', start, marks));
      this.inline(args[1] ?? [], marks, out);
      return next;
    }
    if (name in accents) {
      let j = i + 1;
      if (/^[a-zA-Z]$/.test(name)) j = skipSpaces(nodes, j);
      const target = nodes[j];
      const letters =
        target?.type === 'group' ? plainNodesText(target.content) : isString(target) ? target.content : '';
      const base = letters.slice(0, 1);
      out.push(run(`${base}${accents[name]}`.normalize('NFC'), start, marks));
      if (isString(target) && target.content.length > 1)
        out.push(run(target.content.slice(1), startOf(target) + 1, marks));
      return target ? j + 1 : j;
    }
    if (name in symbols) {
      // An escaped character (\&) stands one past its backslash: its run is the source's own text.
      const escaped = name.length === 1 && symbols[name] === name;
      out.push(run(symbols[name] as string, escaped ? start + 1 : start, marks));
      // A control word eats the space after it, unless braces end it: \ss{} or \LaTeX{}.
      return nodes[i + 1]?.type === 'group' && contentOf(nodes[i + 1] as Node).length === 0 ? i + 2 : i + 1;
    }
    if (name in silentMacros && name !== 'footnote')
      return gobble(nodes, i + 1, silentMacros[name] as string).next;
    if (definitions.has(name)) return gobble(nodes, i + 1, 'smoom').next;
    if (environmentDefinitions.has(name)) return gobble(nodes, i + 1, 'smoomm').next;
    // Another macro: its arguments' text, one after another.
    const signature = this.macros.get(name)?.signature ?? inferredSignature(nodes, i + 1);
    const { args, next } = gobble(nodes, i + 1, signature);
    args.forEach((arg, index) => {
      if (!arg) return;
      if (index > 0) out.push(run(' ', start, marks));
      this.inline(arg, marks, out);
    });
    return next;
  }

  /** The source text inside a group's braces. */
  private rawOf(group: Node | null): string {
    if (!group) return '';
    return this.source.slice(startOf(group) + 1, endOf(group) - 1).trim();
  }

  private lineOf(nodes: readonly Node[], heading = 0, label: string | null = null): TreeNode | null {
    const runs: Inline[] = [];
    this.inline(nodes, plainMarks, runs);
    return lineNode(mergeRuns(runs, this.source), heading, label);
  }

  // ---- blocks -----------------------------------------------------------------------------

  private flush(state: FlowState): void {
    if (state.pending.length) {
      const node = lineNode(mergeRuns(state.pending, this.source));
      if (node) state.out.push(node);
    }
    state.pending = [];
  }

  /** A call that stands on its own line: nothing before it in the paragraph, a line end after it. */
  private standsAlone(state: FlowState, nodes: readonly Node[], next: number): boolean {
    if (state.pending.some((r) => r.text.trim())) return false;
    for (let j = next; j < nodes.length; j++) {
      const node = nodes[j] as Node;
      if (node.type === 'parbreak' || node.type === 'comment') return true;
      if (node.type !== 'whitespace') return node.type === 'macro' || node.type === 'environment';
      if (this.source.slice(startOf(node), endOf(node)).includes('\n')) return true;
    }
    return true;
  }

  /** Flow content (paragraphs, headings, lists, tables, records) → nodes. */
  flow(nodes: readonly Node[]): TreeNode[] {
    const state: FlowState = { out: [], pending: [] };
    for (let i = 0; i < nodes.length; ) {
      const node = nodes[i] as Node;
      if (node.type === 'parbreak') {
        this.flush(state);
        i++;
      } else if (node.type === 'environment' || node.type === 'mathenv') {
        this.flush(state);
        state.out.push(...this.environment(node));
        i++;
      } else if (node.type === 'verbatim') {
        this.flush(state);
        const at = this.source.indexOf(node.content, startOf(node));
        const line = lineNode([
          run(node.content, at >= 0 ? at : startOf(node), { ...plainMarks, code: true }),
        ]);
        if (line && node.env !== 'comment') state.out.push(line);
        i++;
      } else if (node.type === 'displaymath' || node.type === 'comment') {
        i++;
      } else if (
        node.type === 'group' &&
        node.content.some((n) => n.type === 'parbreak' || n.type === 'environment')
      ) {
        // A group around blocks ({\small \begin{itemize}…}) only scopes a style.
        this.flush(state);
        state.out.push(...this.flow(node.content));
        i++;
      } else if (isMacro(node)) {
        i = this.flowMacro(nodes, i, node, state);
      } else {
        i = this.inlineNode(nodes, i, plainMarks, state.pending);
      }
    }
    this.flush(state);
    return state.out;
  }

  private flowMacro(nodes: readonly Node[], i: number, macro: Ast.Macro, state: FlowState): number {
    const name = macro.content;
    const level = this.headingLevels.get(name);
    if (level) {
      const { args, next } = gobble(nodes, i + 1, 'som');
      this.flush(state);
      const heading = this.lineOf(args[2] ?? [], level);
      if (heading) state.out.push(heading);
      return next;
    }
    if (metaMacros.has(name)) {
      const { args, next } = gobble(nodes, i + 1, name === 'date' || name === 'subtitle' ? 'm' : 'om');
      const value = this.lineOf(args.at(-1) ?? []);
      // Several authors are joined by \and.
      if (value) this.meta[name] = plainText(value.inlines);
      return next;
    }
    if (name === 'par' || name === 'item') {
      this.flush(state);
      return name === 'item' ? gobble(nodes, i + 1, 'o').next : i + 1;
    }
    if (name === 'caption') {
      const { args, next } = gobble(nodes, i + 1, 'om');
      this.flush(state);
      const line = this.lineOf(args[1] ?? []);
      if (line) state.out.push(line);
      return next;
    }
    const known =
      name in styleMacros ||
      name in declarations ||
      name in silentMacros ||
      name in symbols ||
      name in accents ||
      definitions.has(name) ||
      environmentDefinitions.has(name) ||
      ['href', 'url', 'nolinkurl', 'textcolor', 'colorbox', '\\', 'newline', 'linebreak', 'def'].includes(
        name,
      );
    if (!known) {
      const definition = this.macros.get(name);
      const signature = definition?.signature ?? inferredSignature(nodes, i + 1);
      if (signature.length > 0) {
        const first = gobble(nodes, i + 1, signature);
        if (this.standsAlone(state, nodes, first.next)) {
          this.flush(state);
          return this.records(nodes, i, name, signature, state);
        }
      }
    }
    if (name === 'def') {
      // \def\name#1#2{body}: skipped up to its body.
      let j = i + 1;
      while (j < nodes.length && nodes[j]?.type !== 'group') j++;
      return j + 1;
    }
    return this.inlineNode(nodes, i, plainMarks, state.pending);
  }

  /** One call's arguments as labelled lines. */
  private callLines(name: string, args: (Node[] | null)[]): TreeNode[] {
    const names = this.macros.get(name)?.names ?? [];
    const lines: TreeNode[] = [];
    args.forEach((arg, index) => {
      if (!arg) return;
      const line = this.lineOf(arg, 0, names[index] ?? `arg${index + 1}`);
      if (line) lines.push(line);
    });
    return lines;
  }

  /**
   * Consecutive calls of one macro standing on their own lines: a list of items, one per call (a
   * single call is a labelled block).
   */
  private records(
    nodes: readonly Node[],
    i: number,
    name: string,
    signature: string,
    state: FlowState,
  ): number {
    const calls: TreeNode[] = [];
    let next = i;
    for (;;) {
      const macro = nodes[next] as Node;
      const { args, next: after } = gobble(nodes, next + 1, signature);
      const lines = this.callLines(name, args);
      const end = after > 0 ? endOf(nodes[after - 1] as Node) : endOf(macro);
      if (lines.length) calls.push(branch('item', lines, name, { start: startOf(macro), end }));
      next = after;
      let j = next;
      while (j < nodes.length && ['whitespace', 'parbreak', 'comment'].includes(nodes[j]?.type ?? '')) j++;
      if (!isCall(nodes[j], name)) break;
      const probe = gobble(nodes, j + 1, signature);
      if (!this.standsAlone({ out: [], pending: [] }, nodes, probe.next)) break;
      next = j;
    }
    if (calls.length === 1) state.out.push({ ...(calls[0] as TreeNode), kind: 'block' });
    else if (calls.length > 1) state.out.push(branch('list', calls, name));
    return next;
  }

  private environment(env: Ast.Environment): TreeNode[] {
    const name = env.env;
    const span = { start: startOf(env), end: endOf(env) };
    if (
      env.type === 'mathenv' ||
      /^(?:equation|align|gather|multline|eqnarray|math|displaymath)\*?$/.test(name)
    )
      return [];
    if (verbatims.has(name)) return [];
    const definition = this.environments.get(name);
    const signature =
      environmentArguments[name] ?? definition?.signature ?? inferredSignature(env.content, 0);
    const { args, next } = gobble(env.content, 0, signature);
    const body = env.content.slice(next);
    if (lists.has(name)) return [this.list(body, span)];
    if (tables.has(name)) return [this.table(body, span)];
    if (wrappers.has(name)) return this.flow(body);
    // Any other environment is a named block; its arguments are labelled lines before its body.
    const names = definition?.names ?? [];
    const argLines: TreeNode[] = [];
    args.forEach((arg, index) => {
      if (!arg || environmentArguments[name]) return;
      const line = this.lineOf(arg, 0, names[index] ?? `arg${index + 1}`);
      if (line) argLines.push(line);
    });
    const children = [...argLines, ...this.flow(body)];
    return children.length ? [branch('block', children, name, span)] : [];
  }

  private list(body: readonly Node[], span: { start: number; end: number }): TreeNode {
    const items: TreeNode[] = [];
    let i = 0;
    while (i < body.length && !isCall(body[i], 'item')) i++;
    while (i < body.length) {
      const item = body[i] as Node;
      const { args, next } = gobble(body, i + 1, 'o');
      let end = next;
      while (end < body.length && !isCall(body[end], 'item')) end++;
      const content = this.flow(body.slice(next, end));
      const term = args[0] ? this.lineOf(args[0]) : null;
      const itemSpan = { start: startOf(item), end: end > next ? endOf(body[end - 1] as Node) : endOf(item) };
      const node = term ? describedItem(term, content, itemSpan) : branch('item', content, null, itemSpan);
      if (node.children.length) items.push(node);
      i = end;
    }
    return branch('list', items, null, span);
  }

  private table(body: readonly Node[], span: { start: number; end: number }): TreeNode {
    interface RawRow {
      cells: Node[][];
      ruleAfter: boolean;
      headEnds: boolean;
    }
    const rows: RawRow[] = [{ cells: [[]], ruleAfter: false, headEnds: false }];
    const current = () => rows.at(-1) as RawRow;
    for (let i = 0; i < body.length; i++) {
      const node = body[i] as Node;
      if (isToken(node, '&')) current().cells.push([]);
      else if (isCall(node, '\\') || isCall(node, 'tabularnewline')) {
        i = gobble(body, i + 1, 'so').next - 1;
        rows.push({ cells: [[]], ruleAfter: false, headEnds: false });
      } else if (
        isMacro(node) &&
        ['hline', 'toprule', 'midrule', 'bottomrule', 'cline', 'cmidrule'].includes(node.content)
      ) {
        i = gobble(body, i + 1, silentMacros[node.content] ?? '').next - 1;
        // A rule after a row (not one above the first).
        const previous = rows.at(-2);
        if (
          current().cells.every((c) => c.every((n) => n.type === 'whitespace' || n.type === 'comment')) &&
          previous
        )
          previous.ruleAfter = true;
      } else if (isCall(node, 'endhead') || isCall(node, 'endfirsthead')) {
        const previous = rows.at(-2);
        if (previous) previous.headEnds = true;
      } else if (node.type !== 'comment') (current().cells.at(-1) as Node[]).push(node);
    }
    const filled = rows.filter((row) =>
      row.cells.some((c) => c.some((n) => n.type !== 'whitespace' && n.type !== 'parbreak')),
    );
    const isBold = (nodes: Node[]): boolean => {
      const kept = nodes.filter((n) => n.type !== 'whitespace');
      if (kept.length === 0) return true;
      const first = kept[0] as Node;
      if (isCall(first, 'textbf') || isCall(first, 'bfseries') || isCall(first, 'bf')) return true;
      if (first.type === 'group') return isCall(skipToContent(first.content), 'bf') || isBold(first.content);
      if (isCall(first, 'multicolumn')) return isBold(gobble(kept, 1, 'mmm').args[2] ?? []);
      return false;
    };
    const first = filled[0];
    const allRuled = filled.slice(0, -1).every((r) => r.ruleAfter);
    const header =
      first !== undefined &&
      filled.length > 1 &&
      (first.headEnds ||
        (first.cells.every(isBold) && first.cells.some((c) => c.some((n) => n.type !== 'whitespace'))) ||
        (first.ruleAfter && !allRuled));
    const inputs: RowInput[] = filled.map((row, index) => {
      const cells: CellInput[] = row.cells.map((cellNodes) => {
        let nodes = cellNodes;
        let colSpan = 1;
        const lead = nodes.find((n) => n.type !== 'whitespace');
        if (lead && isCall(lead, 'multicolumn')) {
          const { args } = gobble(nodes, nodes.indexOf(lead) + 1, 'mmm');
          colSpan = Number.parseInt(plainNodesText(args[0] ?? []), 10) || 1;
          nodes = args[2] ?? [];
        } else if (lead && isCall(lead, 'multirow')) {
          nodes = gobble(nodes, nodes.indexOf(lead) + 1, 'omom').args[3] ?? [];
        }
        const children = this.flow(nodes);
        const positioned = cellNodes.filter((n) => startOf(n) >= 0);
        const start = children[0]?.start ?? (positioned[0] ? startOf(positioned[0]) : span.start);
        const end = children.at(-1)?.end ?? start;
        return { children, header: false, colSpan, start, end };
      });
      const start = cells[0]?.start ?? span.start;
      return { cells, header: header && index === 0, start, end: cells.at(-1)?.end ?? start };
    });
    return tableNode(inputs, span);
  }
}

function skipToContent(nodes: readonly Node[]): Node | undefined {
  return nodes.find((n) => n.type !== 'whitespace');
}

/** The plain characters of a few nodes (a number of arguments, an argument spec). */
function plainNodesText(nodes: readonly Node[]): string {
  return nodes.map((n) => (isString(n) ? n.content : n.type === 'whitespace' ? ' ' : '')).join('');
}

export function readLatex(text: string): MarkupDocument {
  if (deepestNesting(text, '{', '}') > maxNesting)
    throw new TalkgraphError('INGEST_REJECTED', 'the LaTeX document nests braces too deeply to be read');
  let open = 0;
  for (const match of text.matchAll(/\\(begin|end)\s*\{/g)) {
    open = Math.max(0, open + (match[1] === 'begin' ? 1 : -1));
    if (open > maxNesting)
      throw new TalkgraphError(
        'INGEST_REJECTED',
        'the LaTeX document nests environments too deeply to be read',
      );
  }
  let root: Ast.Root;
  try {
    root = parseMinimal(text);
  } catch (error) {
    throw new TalkgraphError('INGEST_REJECTED', `the LaTeX document could not be parsed: ${String(error)}`, {
      cause: error,
    });
  }
  const nodes = repairEnvironments(root.content);
  const reader = new LatexReader(text);
  reader.collectDefinitions(nodes);
  const document = nodes.find((n): n is Ast.Environment => n.type === 'environment' && n.env === 'document');
  // The preamble only defines and names things; its meta macros are read, its paragraphs are not.
  if (document) {
    // A one-argument macro of the preamble (\conference{…}) names the document, like \title.
    for (const node of reader.flow(nodes.slice(0, nodes.indexOf(document))))
      if (node.kind === 'block' && node.label && node.children.length === 1)
        reader.meta[node.label.toLowerCase()] ??= plainText((node.children[0] as TreeNode).inlines);
  }
  const children = reader.flow(document ? document.content : nodes);
  return { tree: rootNode(children, text), meta: reader.meta, frontMatter: null };
}

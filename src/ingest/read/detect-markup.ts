// Which markup a text is written in, when its file name does not say: each markup scores the
// constructs only it has (Org's `#+TITLE:` and property drawers, AsciiDoc's `= Title` and `|===`,
// reStructuredText's directives and over/underlined titles, LaTeX's `\documentclass` and
// environments, MediaWiki's `{|` tables and `== headings ==`), against Markdown's own signs.
// Pure and linear: each line is tested against a few anchored patterns, over a bounded prefix.

export type MarkupKind = 'org' | 'asciidoc' | 'rst' | 'latex' | 'mediawiki';
export type TextMarkup = MarkupKind | 'plain-text';

/** File extensions (lower case, with the dot) of the markups read as document trees. */
export const markupExtensions: Readonly<Record<string, TextMarkup>> = {
  '.org': 'org',
  '.adoc': 'asciidoc',
  '.asciidoc': 'asciidoc',
  '.asc': 'asciidoc',
  '.rst': 'rst',
  '.rest': 'rst',
  '.tex': 'latex',
  '.latex': 'latex',
  '.ltx': 'latex',
  '.wiki': 'mediawiki',
  '.mediawiki': 'mediawiki',
  '.wikitext': 'mediawiki',
  '.txt': 'plain-text',
  '.text': 'plain-text',
};

/** The markup a file name's extension names, or null. */
export function markupOfFileName(name: string): TextMarkup | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot < name.lastIndexOf('/')) return null;
  return markupExtensions[name.slice(dot).toLowerCase()] ?? null;
}

export type MarkupScores = Record<MarkupKind | 'markdown', number>;

/** Lines past this are not looked at: a document shows its markup early. */
const maxLines = 4000;
/** Characters of a line that are looked at. */
const maxLineLength = 400;
/** Below this score no markup is claimed. */
const minimumScore = 3;

const orgKeyword =
  /^#\+(?:title|author|date|email|options|startup|setupfile|language|subtitle|description|keywords|filetags|property|begin_\w+|end_\w+|caption|name):/i;
const asciidocDelimiter = /^(?:\.{4,}|-{4,}|\*{4,}|_{4,}|\+{4,}|={4,})$/;
const rstAdornment = /^([!-/:-@[-`{-~])\1{2,}$/;

function isWikiHeading(line: string): boolean {
  if (!line.startsWith('==')) return false;
  const trimmed = line.trimEnd();
  return trimmed.length > 4 && trimmed.endsWith('==') && /[^=\s]/.test(trimmed);
}

/** Evidence counts per markup (see the patterns in each clause). */
export function scoreMarkups(text: string): MarkupScores {
  const scores: MarkupScores = { org: 0, asciidoc: 0, rst: 0, latex: 0, mediawiki: 0, markdown: 0 };
  const lines = text.split('\n', maxLines).map((l) => l.slice(0, maxLineLength).replace(/\r$/, ''));
  const firstContent = lines.find((l) => l.trim() && !l.startsWith('//'));
  if (firstContent && /^= \S/.test(firstContent)) scores.asciidoc += 3;
  if (/^---\s*$/.test(lines[0] ?? '')) scores.markdown += 2;
  let latexEnvironments = 0;
  lines.forEach((line, i) => {
    const next = lines[i + 1] ?? '';
    const previous = lines[i - 1] ?? '';
    // Org-mode
    if (orgKeyword.test(line)) scores.org += 3;
    if (/^\*{2,} \S/.test(line)) scores.org += 1;
    if (/^\s*:PROPERTIES:\s*$/.test(line)) scores.org += 3;
    if (/^\s*(?:SCHEDULED|DEADLINE):\s*</.test(line)) scores.org += 2;
    if (/^\s*\|-+(?:\+-+)+\|?\s*$/.test(line)) scores.org += 2;
    if (/\[\[[^\]]{1,200}\]\[[^\]]{1,200}\]\]/.test(line)) scores.org += 2;
    if (/^\s*[-+] \S[^:]{0,80} :: /.test(line)) scores.org += 1;
    // AsciiDoc
    if (/^={2,6} \S/.test(line) && !line.trimEnd().endsWith('=')) scores.asciidoc += 1;
    if (/^:[a-z][\w-]*:(?: |$)/.test(line)) scores.asciidoc += 1;
    if (/^\|===\s*$/.test(line)) scores.asciidoc += 3;
    if (/^\[(?:source|cols|options|quote|verse|NOTE|TIP|IMPORTANT|WARNING|\.[\w-]+|#[\w-]+)[\],=]/.test(line))
      scores.asciidoc += 2;
    if (/\b(?:link|xref|image|include|kbd|footnote):{1,2}[^\s[]{0,200}\[/.test(line)) scores.asciidoc += 2;
    if (asciidocDelimiter.test(line) && !previous.trim()) scores.asciidoc += 0.5;
    if (/^(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION): \S/.test(line)) scores.asciidoc += 1;
    // reStructuredText
    if (/^\.\. [\w-]+::/.test(line)) scores.rst += 3;
    if (/^\.\. _[^:]{1,100}:/.test(line)) scores.rst += 2;
    if (/^:[A-Z][\w -]{0,40}: \S/.test(line)) scores.rst += 1;
    if (/`[^`]{1,200} <[^>]{1,300}>`__?/.test(line)) scores.rst += 2;
    if (/:(?:ref|doc|download|term|class|func|meth|code|abbr):`/.test(line)) scores.rst += 2;
    if (/^=+(?: +=+)+\s*$/.test(line)) scores.rst += 2;
    if (/^\+(?:-+\+){1,50}\s*$/.test(line)) scores.rst += 2;
    const adorned = rstAdornment.exec(next.trimEnd());
    if (
      adorned &&
      line.trim() &&
      !rstAdornment.test(line.trim()) &&
      next.trimEnd().length >= line.trimEnd().length
    ) {
      const char = adorned[1] as string;
      const overlined = rstAdornment.exec(previous.trimEnd())?.[1] === char;
      if (overlined) scores.rst += 3;
      else if (char === '=' || char === '-') {
        scores.rst += 1;
        scores.markdown += 1; // Markdown's setext headings look the same
      } else scores.rst += 2;
    }
    // LaTeX
    if (/\\documentclass\b/.test(line)) scores.latex += 5;
    if (/\\usepackage\b/.test(line)) scores.latex += 3;
    if (/\\begin\{[\w*]{1,40}\}/.test(line) && latexEnvironments++ < 10) scores.latex += 2;
    if (/\\(?:part|chapter|section|subsection|subsubsection)\*?\{/.test(line)) scores.latex += 2;
    if (/^\s*\\item\b/.test(line)) scores.latex += 1;
    if (/\\(?:textbf|emph|textit|href|url)\{/.test(line)) scores.latex += 1;
    // MediaWiki
    if (/^\{\|/.test(line)) scores.mediawiki += 3;
    if (/^\|-/.test(line) || /^\|\}/.test(line)) scores.mediawiki += 2;
    if (/^!.{0,200}!!/.test(line)) scores.mediawiki += 2;
    if (isWikiHeading(line)) scores.mediawiki += 2;
    if (/'''[^']{1,200}'''/.test(line)) scores.mediawiki += 1;
    if (/\[\[[^\]|[]{1,200}(?:\|[^\]]{0,200})?\]\]/.test(line)) scores.mediawiki += 1;
    if (/\[https?:\/\/\S{1,300} [^\]]{1,200}\]/.test(line)) scores.mediawiki += 2;
    if (/^\{\{[^}]{1,200}(?:\}\}|\|)/.test(line)) scores.mediawiki += 1;
    // Markdown's own signs
    if (/^#{1,6} \S/.test(line)) scores.markdown += 1;
    if (/\[[^\]]{1,200}\]\([^)\s]{1,300}\)/.test(line)) scores.markdown += 2;
    if (/^(?:```|~~~)/.test(line)) scores.markdown += 2;
    if (/\*\*[^*]{1,200}\*\*/.test(line)) scores.markdown += 1;
    // Spaces belong before each pipe, not after a cell as well (two ways per run: quadratic time).
    if (/^\|?\s*:?-{3,}:?(?:\s*\|\s*:?-{3,}:?){1,50}(?:\s*\|)?\s*$/.test(line)) scores.markdown += 2;
  });
  return scores;
}

const order: MarkupKind[] = ['latex', 'org', 'asciidoc', 'rst', 'mediawiki'];

/**
 * The markup the text is written in, or null when none shows clearly (plain text, Markdown, HTML:
 * those are told apart elsewhere).
 */
export function detectMarkup(text: string): MarkupKind | null {
  const scores = scoreMarkups(text);
  let best: MarkupKind | null = null;
  for (const kind of order) if (scores[kind] > (best ? scores[best] : 0)) best = kind;
  if (!best || scores[best] < minimumScore || scores.markdown >= scores[best]) return null;
  return best;
}

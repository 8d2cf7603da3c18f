// Markdown (CommonMark + GFM, with the HTML it embeds) and HTML pages → the document tree, through
// unified's real parsers: remark for Markdown, parse5 (rehype) for HTML. Front matter is read as YAML.

import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { TalkgraphError } from '../../errors.js';
import { titleOfHast, treeFromHast } from './hast.js';
import type { TreeNode } from './tree.js';

export interface MarkupDocument {
  tree: TreeNode;
  /** Front matter (Markdown) or the page's <title> (HTML): where the event is often named. */
  meta: Record<string, string>;
  /** The front matter as parsed, when it is a map: a page about one talk keeps the talk there. */
  frontMatter: Record<string, unknown> | null;
}

const markdown = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
const raw = unified().use(rehypeRaw);
const html = unified().use(rehypeParse);

/** YAML front matter between `---` lines at the very start; its text is blanked, keeping offsets. */
function frontMatter(text: string): {
  meta: Record<string, string>;
  data: Record<string, unknown> | null;
  body: string;
} {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { meta: {}, data: null, body: text };
  const meta: Record<string, string> = {};
  let data: Record<string, unknown> | null = null;
  try {
    const values = parseYaml(match[1] as string) as unknown;
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      data = values as Record<string, unknown>;
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === 'string' || typeof value === 'number')
          meta[key.toLowerCase()] = String(value).trim();
        else if (value instanceof Date) meta[key.toLowerCase()] = value.toISOString().slice(0, 10);
      }
    }
  } catch {
    // Front matter that is not YAML is left out; the body is still read.
  }
  return { meta, data, body: match[0].replace(/[^\n]/g, ' ') + text.slice(match[0].length) };
}

/** Deeper than this, list and quote markers on one line are no programme's layout. */
const maxLineNesting = 32;

/**
 * The most list or quote markers that open on one line ("- - - > 1. …"). Markdown's parser takes
 * time quadratic in that depth, so a document that nests absurdly is refused before it is parsed.
 */
function deepestLineNesting(text: string): number {
  let deepest = 0;
  let depth = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      depth = 0;
      atLineStart = true;
    } else if (!atLineStart || c === 32 || c === 9) {
    } else if ((c === 45 || c === 42 || c === 43 || c === 62) && /[ \t\n]/.test(text[i + 1] ?? '\n')) {
      depth++; // "-", "*", "+", ">"
      if (depth > deepest) deepest = depth;
    } else {
      atLineStart = false;
    }
  }
  return deepest;
}

export function readMarkdown(text: string): MarkupDocument {
  if (deepestLineNesting(text) > maxLineNesting)
    throw new TalkgraphError('INGEST_REJECTED', 'nests its elements too deeply to be read as a programme');
  const { meta, data, body } = frontMatter(text);
  let hast = markdown.runSync(markdown.parse(body)) as Root;
  // Raw HTML blocks (a table written in HTML) are parsed as HTML only when the document has some.
  if (/<[a-z][\w-]*[\s>/]/i.test(body)) hast = raw.runSync(hast) as Root;
  return { tree: treeFromHast(hast, text), meta, frontMatter: data };
}

export function readHtml(text: string): MarkupDocument {
  const hast = html.parse(text) as Root;
  const title = titleOfHast(hast);
  return { tree: treeFromHast(hast, text), meta: title ? { title } : {}, frontMatter: null };
}

// Where documents come from: files, folders (walked for the extensions below) and standard input,
// each checked before anything reads it as a document: size, emptiness, binary or non-UTF-8 bytes.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { TalkgraphError } from '../errors.js';

/** Larger files are refused: a talk listing is kilobytes; a 5 MiB "document" is a mistake. */
export const maxDocumentBytes = 5 * 1024 * 1024;
export const documentExtensions = new Set([
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.json',
  '.yaml',
  '.yml',
  '.csv',
  '.tsv',
  '.xml',
  '.ics',
  '.org',
  '.adoc',
  '.asciidoc',
  '.asc',
  '.rst',
  '.rest',
  '.tex',
  '.latex',
  '.ltx',
  '.wiki',
  '.mediawiki',
  '.wikitext',
]);

export interface SourceDocument {
  /** The document's identity in the graph: its path relative to the working directory. */
  name: string;
  text: string;
  bytes: number;
  sha256: string;
}

/** A named input that could not be listed (missing path, unreadable folder). */
export interface SourceProblem {
  name: string;
  error: TalkgraphError;
}

/**
 * A document to read. `folder` names the folder argument it came from: a folder's documents are
 * read as one set (src/ingest/document-set.ts).
 */
export type SourceEntry =
  | { name: string; folder?: string; read: () => Promise<SourceDocument> }
  | SourceProblem;

/**
 * A set member's identity for "unchanged": its own bytes and every other file of its set, since
 * what it says depends on them (the people its sessions refer to, the event its index names).
 */
export function inSet(source: SourceDocument, members: readonly SourceDocument[]): SourceDocument {
  const hash = createHash('sha256');
  for (const member of members) hash.update(`${member.name}\u0000${member.sha256}\u0000`);
  return {
    ...source,
    sha256: createHash('sha256')
      .update(`${source.sha256}:${hash.digest('hex')}`)
      .digest('hex'),
  };
}

const reject = (name: string, reason: string) => new TalkgraphError('INGEST_REJECTED', `${name}: ${reason}`);

/** Checks raw bytes and decodes them; the error names the document and the reason. */
export function decodeDocument(name: string, bytes: Uint8Array): SourceDocument {
  if (bytes.length === 0) throw reject(name, 'is empty');
  if (bytes.length > maxDocumentBytes) {
    throw reject(
      name,
      `is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, over the ${maxDocumentBytes / 1024 / 1024} MiB limit`,
    );
  }
  if (bytes.includes(0)) throw reject(name, 'looks binary (it contains NUL bytes), not a text document');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw reject(name, 'is not valid UTF-8 text (convert it to UTF-8 first)');
  }
  // Control characters other than tab, newlines and form feed mean this is not prose.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0 && controls > text.length / 1000)
    throw reject(name, 'looks binary (it contains control characters)');
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw reject(name, 'is empty (only whitespace)');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { name, text, bytes: bytes.length, sha256 };
}

async function readWhole(stream: NodeJS.ReadableStream, name: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxDocumentBytes)
      throw reject(name, `is over the ${maxDocumentBytes / 1024 / 1024} MiB limit`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function documentName(path: string, cwd = process.cwd()): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  const name = rel.startsWith('..') ? absolute : rel;
  return name.split(sep).join('/');
}

async function readFileDocument(path: string, name: string): Promise<SourceDocument> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.size > maxDocumentBytes) {
      throw reject(
        name,
        `is ${(info.size / 1024 / 1024).toFixed(1)} MiB, over the ${maxDocumentBytes / 1024 / 1024} MiB limit`,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof TalkgraphError) throw error;
    throw reject(
      name,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return decodeDocument(name, bytes);
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && documentExtensions.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/**
 * Expands the command line's inputs into documents to read, in order. Folders contribute their
 * documents (the extensions above; sorted, recursively); "-" is standard input, named `stdinName`.
 */
export async function listSources(
  inputs: readonly string[],
  options: { stdin?: NodeJS.ReadableStream; stdinName?: string; cwd?: string } = {},
): Promise<SourceEntry[]> {
  const cwd = options.cwd ?? process.cwd();
  const entries: SourceEntry[] = [];
  for (const input of inputs) {
    if (input === '-') {
      const name = options.stdinName ?? 'stdin';
      const stream = options.stdin ?? process.stdin;
      entries.push({ name, read: async () => decodeDocument(name, await readWhole(stream, name)) });
      continue;
    }
    const path = resolve(cwd, input);
    const name = documentName(path, cwd);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code})`;
      entries.push({ name, error: reject(name, reason) });
      continue;
    }
    if (info.isDirectory()) {
      let files: string[];
      try {
        files = await walk(path);
      } catch (error) {
        entries.push({
          name,
          error: reject(name, `folder cannot be read (${(error as NodeJS.ErrnoException).code})`),
        });
        continue;
      }
      if (files.length === 0) {
        entries.push({
          name,
          error: reject(name, `folder holds no ${[...documentExtensions].join('/')} file`),
        });
      }
      for (const file of files) {
        const fileName = documentName(file, cwd);
        entries.push({ name: fileName, folder: name, read: () => readFileDocument(file, fileName) });
      }
    } else {
      entries.push({ name, read: () => readFileDocument(path, name) });
    }
  }
  return entries;
}

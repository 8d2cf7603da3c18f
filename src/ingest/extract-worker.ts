// A worker thread of the extraction pool (extract-pool.ts): loads the extractors once, and warms them
// up, then reads one document per task. Failures come back as data (code and message), since an
// Error crossing threads loses its code.
import { isTalkgraphError } from '../errors.js';
import { extractDocument, extractSet, extractSource } from './extract.js';
import type { ExtractReply, WorkerReply, WorkerTask } from './extract-pool.js';
import { loadVocabulary, type Vocabulary } from './topics/vocabulary.js';

// The first document read builds the readers' models and tables (seconds); done here, before the
// worker takes a task, it counts against no document's time cap.
try {
  extractDocument('Warm-up Meetup 2024\n\nReading Documents on Threads\nSpeaker: Ada Lovelace\n', {
    name: 'warm-up.txt',
  });
} catch {
  // A reader that fails here fails on the documents too, and says why there.
}

/** Vocabularies by their files: a CLI run names the same files for every document. */
const vocabularies = new Map<string, Vocabulary>();

function vocabularyOf(files: readonly string[] | undefined): Vocabulary | undefined {
  if (!files?.length) return undefined;
  const key = JSON.stringify(files);
  let vocabulary = vocabularies.get(key);
  if (!vocabulary) {
    vocabulary = loadVocabulary([...files]);
    vocabularies.set(key, vocabulary);
  }
  return vocabulary;
}

export default function extractTask(task: WorkerTask): WorkerReply {
  const reply = read(task);
  // The worker's own heap, after the document: the server's metrics show the readers' memory apart.
  const { heapUsed, external } = process.memoryUsage();
  return { ...reply, memory: { heapUsed, external } };
}

function read({ started, source, set, ...options }: WorkerTask): ExtractReply {
  started.postMessage('begun');
  if (set) {
    const members = extractSet(set, {
      format: options.format,
      event: options.event,
      vocabulary: vocabularyOf(options.vocabularyFiles),
    });
    return {
      members: members.map((m) => ({
        name: m.source.name,
        document: m.extracted,
        error: m.error ? { code: m.error.code, message: m.error.message } : null,
        role: m.role,
      })),
    };
  }
  try {
    const document = extractSource(source, {
      format: options.format,
      event: options.event,
      vocabulary: vocabularyOf(options.vocabularyFiles),
    });
    return { document };
  } catch (error) {
    if (isTalkgraphError(error)) return { error: { code: error.code, message: error.message } };
    // A reader's bug is this document's failure, not the worker's: reported as the CLI always has.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { error: { code: 'INGEST_REJECTED', message: `${source.name}: ${message}` } };
  }
}

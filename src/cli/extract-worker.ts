// Extraction on a worker thread for `talkgraph ingest`: reading a document is CPU work that would
// otherwise block the thread that drives the database, stalling the write of the previous document
// for as long as the next one takes to extract. The worker runs the same pure extractors.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { isTalkgraphError, TalkgraphError } from '../errors.js';
import type { SourceDocument } from '../ingest/document-source.js';
import type { ExtractedDocument, ExtractOptions } from '../ingest/extract.js';

export interface WorkerOptions {
  format?: ExtractOptions['format'];
  event?: string;
  /** Vocabulary files, loaded by the worker itself. */
  vocabulary?: string[];
}

type Reply = { id: number; document: ExtractedDocument } | { id: number; code: string; message: string };

/** Starts a worker; `extract` runs one document on it, `close` ends it. */
export function startExtractWorker(options: WorkerOptions) {
  // The worker is this module: compiled, it runs as it is; as TypeScript (no build, or a source
  // newer than it), it registers tsx first, as bin/talkgraph.js does.
  const compiled = import.meta.url.endsWith('.js');
  const boot = compiled
    ? `import(${JSON.stringify(import.meta.url)})`
    : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: options });
  const pending = new Map<number, { resolve: (d: ExtractedDocument) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('document' in reply) waiting?.resolve(reply.document);
    else waiting?.reject(new TalkgraphError(reply.code as never, reply.message));
  });
  // A worker that failed or exited fails every extraction, present and future, rather than hang.
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(failure);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the extraction worker stopped (exit code ${code})`)));
  return {
    extract(source: SourceDocument): Promise<ExtractedDocument> {
      const id = next++;
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, source });
      });
    },
    close: () => worker.terminate(),
  };
}

if (parentPort && workerData) {
  const port = parentPort;
  const options = workerData as WorkerOptions;
  const { extractSource } = await import('../ingest/extract.js');
  const { loadVocabulary } = await import('../ingest/topics/vocabulary.js');
  const extract: ExtractOptions = {
    format: options.format,
    event: options.event,
    vocabulary: options.vocabulary?.length ? loadVocabulary(options.vocabulary) : undefined,
  };
  port.on('message', ({ id, source }: { id: number; source: SourceDocument }) => {
    try {
      port.postMessage({ id, document: extractSource(source, extract) } satisfies Reply);
    } catch (error) {
      const code = isTalkgraphError(error) ? error.code : 'INGEST_REJECTED';
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({
        id,
        code,
        message: isTalkgraphError(error) ? message : `${source.name}: ${message.split('\n')[0]}`,
      });
    }
  });
}

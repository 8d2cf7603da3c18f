// Where documents are read: worker threads of a piscina pool, never the thread that answers queries
// or drives the database. The server keeps one pool (INGEST_WORKERS threads, default 1) for
// ingestDocument, `talkgraph ingest` one for its run. Each worker loads the extractors once
// (extract-worker.ts). A document whose reading takes longer than the cap (INGEST_TIMEOUT_MS) is
// refused with INGEST_REJECTED and its worker is ended mid-document; the pool starts another.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { defaultIngestTimeoutMs, defaultIngestWorkers } from '../config.js';
import { TalkgraphError } from '../errors.js';
import type { SourceDocument } from './document-source.js';
import type { ExtractedDocument, ExtractOptions } from './extract.js';
import { workerModule } from './worker-module.js';

/** One document to read, as it crosses to a worker: plain data only. */
export interface ExtractTask {
  /** The document: its name (whose extension says how to read it) and text. */
  source: SourceDocument;
  /** A folder's documents read as one set (data files joined, pages sharing an event); `source` names it. */
  set?: readonly SourceDocument[];
  format?: ExtractOptions['format'];
  /** The event's name when the document does not state it, or to override what it states. */
  event?: string;
  /** Topic vocabulary files besides the default one, loaded by the worker (once per worker). */
  vocabularyFiles?: readonly string[];
}

/** A task as a worker takes it: with the port it says on that it has begun. */
export type WorkerTask = ExtractTask & { started: MessagePort };

/** What a worker answers: the document, or the expected failure to report (code and message). */
export type ExtractReply =
  | { document: ExtractedDocument }
  | { members: SetMemberReply[] }
  | { error: { code: TalkgraphError['code']; message: string } };

/** The memory of the worker that read a document, measured after it (its own heap, not the process's). */
export interface ReaderMemory {
  heapUsed: number;
  external: number;
}

/** A reply as it comes back from a worker: with the worker's memory. */
export type WorkerReply = ExtractReply & { memory: ReaderMemory };

/** One file of a set: what it holds, or why it could not be read. */
export interface SetMemberReply {
  name: string;
  document: ExtractedDocument | null;
  error: { code: TalkgraphError['code']; message: string } | null;
  role: 'talks' | 'context' | 'empty';
}

export interface ExtractPoolOptions {
  /** Worker threads (INGEST_WORKERS; default 1). */
  threads?: number;
  /** How long one document may take to read, in milliseconds (INGEST_TIMEOUT_MS; default 60 s). */
  timeoutMs?: number;
}

export interface ExtractPool {
  /**
   * Reads one document on a worker. Rejects with a TalkgraphError: the extractors' own (the
   * document named in its message), or INGEST_REJECTED when reading took longer than the cap.
   */
  extract(task: ExtractTask): Promise<ExtractedDocument>;
  /** Reads a folder's documents as one set (task.set), under one time cap for the whole set. */
  extractSet(task: ExtractTask & { set: readonly SourceDocument[] }): Promise<SetMemberReply[]>;
  /** The memory the last worker to read a document reported, or null before the first. */
  readerMemory(): ReaderMemory | null;
  /** Ends the workers; reads under way are rejected. Safe to call more than once. */
  close(): Promise<void>;
}

/** "60 s", "1.5 s", "200 ms". */
function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const threads = options.threads ?? defaultIngestWorkers;
  const timeoutMs = options.timeoutMs ?? defaultIngestTimeoutMs;
  // Started on the first document: a server that only answers queries never loads the extractors.
  let pool: Piscina<WorkerTask, WorkerReply> | undefined;
  let memory: ReaderMemory | null = null;
  let closed: Promise<void> | undefined;
  const started = () => {
    if (closed) throw new TalkgraphError('INGEST_REJECTED', 'documents are no longer read: shutting down');
    if (!pool) {
      const { filename, execArgv } = workerModule(import.meta.url, 'extract-worker');
      pool = new Piscina({
        filename,
        minThreads: threads,
        maxThreads: threads,
        idleTimeout: Number.POSITIVE_INFINITY,
        execArgv: [...process.execArgv, ...execArgv],
      });
    }
    return pool;
  };

  const run = async (task: ExtractTask): Promise<ExtractReply> => {
    const workers = started();
    // The cap counts from when a worker takes the document (it says so on `begun`), not from
    // when it was queued behind another or waited for a new worker to load the extractors.
    const { port1: begun, port2: beginning } = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let finished = false;
    begun.once('message', () => {
      if (finished) return; // the answer came first: the two travel on different ports
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, timeoutMs).unref();
    });
    try {
      const reply = await workers.run(
        {
          ...task,
          set: task.set && [...task.set],
          vocabularyFiles: task.vocabularyFiles && [...task.vocabularyFiles],
          started: beginning,
        },
        { signal: abort.signal, transferList: [beginning] },
      );
      memory = reply.memory;
      if ('error' in reply) throw new TalkgraphError(reply.error.code, reply.error.message);
      return reply;
    } catch (error) {
      if (timedOut) {
        throw new TalkgraphError(
          'INGEST_REJECTED',
          `${task.source.name}: took longer than ${duration(timeoutMs)} to read (INGEST_TIMEOUT_MS); nothing was written`,
        );
      }
      if (error instanceof TalkgraphError) throw error;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new TalkgraphError('INGEST_REJECTED', `${task.source.name}: ${message}`, { cause: error });
    } finally {
      finished = true;
      clearTimeout(timer);
      begun.close();
    }
  };

  return {
    async extract(task) {
      const reply = await run(task);
      if (!('document' in reply))
        throw new TalkgraphError('INGEST_REJECTED', `${task.source.name}: not read`);
      return reply.document;
    },
    async extractSet(task) {
      const reply = await run(task);
      if (!('members' in reply)) throw new TalkgraphError('INGEST_REJECTED', `${task.source.name}: not read`);
      return reply.members;
    },
    readerMemory: () => memory,
    close() {
      closed ??= pool ? pool.destroy() : Promise.resolve();
      return closed;
    },
  };
}

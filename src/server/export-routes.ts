// GET /export/<event-slug>.<format>: one event in a web format (JSON-LD, iCalendar, N-Quads),
// streamed from the exporters in src/store/export as it is read. Each answer carries an ETag
// derived from the data's last change, so a client that polls a calendar or a page that embeds the
// JSON-LD revalidates with one small query instead of a whole export. docs/formats.md.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { defaultExportsAtOnce } from '../config.js';
import { isTalkgraphError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Exporter } from '../store/export/exporter.js';
import { withStatementTimeout } from '../store/request-deadline.js';
import type { Store } from '../store/store.js';

interface ExportRoute {
  /** Imported on first use: every CLI command loads the server's modules, and few export. */
  exporter: () => Promise<Exporter>;
  contentType: string;
}

/** The formats served, by file suffix. */
export const exportRoutes: Readonly<Record<string, ExportRoute>> = {
  jsonld: {
    exporter: async () => (await import('../store/export/jsonld.js')).jsonLdExporter,
    contentType: 'application/ld+json',
  },
  ics: {
    exporter: async () => (await import('../store/export/ical.js')).icalExporter,
    contentType: 'text/calendar; charset=utf-8',
  },
  nq: {
    exporter: async () => (await import('../store/export/nquads.js')).nquadsExporter,
    contentType: 'application/n-quads',
  },
};

export const exportPathPrefix = '/export/';

/**
 * Caches and browsers may reuse an export for a minute without asking; after that they revalidate
 * with If-None-Match, which costs one small query and answers 304 while nothing was ingested.
 */
export const exportCacheControl = 'public, max-age=60';

const eventSlug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// A new version may write the same data differently: its ETags differ from the old version's.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export interface ExportRouteOptions {
  store: Store;
  logger: Logger;
  /** The IRI base entities are named under (TALKGRAPH_IRI_BASE). */
  iriBase: string;
  /** Exports streamed at once by this server (EXPORTS_AT_ONCE); more are answered 429. */
  exportsAtOnce?: number;
}

/** One page of an export is a bulk read: it may take longer than an API statement's deadline. */
export const exportStatementMs = 30_000;

export function useExportRoutes(options: ExportRouteOptions): Plugin {
  const slots = exportSlots(options.exportsAtOnce ?? defaultExportsAtOnce);
  const store = { ...options.store, db: withStatementTimeout(options.store.db, exportStatementMs) };
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      if (!url.pathname.startsWith(exportPathPrefix)) return;
      const res = (serverContext as { res?: ServerResponse } | undefined)?.res;
      const name = url.pathname.slice(exportPathPrefix.length);
      endResponse(await answerExport({ ...options, store }, slots, request, name, res));
    },
  };
}

/** Counts the exports running; `take` gives a release that is safe to call more than once. */
function exportSlots(limit: number) {
  let running = 0;
  return {
    limit,
    take(): (() => void) | null {
      if (running >= limit) return null;
      running += 1;
      let released = false;
      return () => {
        if (!released) running -= 1;
        released = true;
      };
    },
  };
}

// The API's error shape, so that clients read one kind of error body.
const errorResponse = (status: number, code: string, message: string, headers = {}) =>
  Response.json({ errors: [{ message, extensions: { code } }] }, { status, headers });

async function answerExport(
  options: ExportRouteOptions,
  slots: ReturnType<typeof exportSlots>,
  request: Request,
  name: string,
  res: ServerResponse | undefined,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(405, 'METHOD_NOT_ALLOWED', 'exports are read with GET or HEAD', {
      allow: 'GET, HEAD',
    });
  }
  const dot = name.lastIndexOf('.');
  const slug = decodeSafely(name.slice(0, Math.max(dot, 0)));
  const suffix = name.slice(dot + 1);
  const route = dot > 0 && Object.hasOwn(exportRoutes, suffix) ? exportRoutes[suffix] : undefined;
  if (!route || !slug || !eventSlug.test(slug)) {
    const formats = Object.keys(exportRoutes).map((s) => `.${s}`);
    return errorResponse(
      404,
      'NOT_FOUND',
      `no export at ${exportPathPrefix}${name}: ask for ${exportPathPrefix}<event-slug> followed by ${formats.join(', ')}`,
    );
  }
  const release = slots.take();
  if (!release) {
    return errorResponse(
      429,
      'RATE_LIMITED',
      `this server streams ${slots.limit} exports at once; try again shortly`,
      { 'retry-after': '1' },
    );
  }
  const { store, logger, iriBase } = options;
  let streaming = false;
  try {
    const etag = `"${await dataTag(store, [suffix, slug, iriBase, version])}"`;
    // Vary: the CORS headers depend on the Origin, and a shared cache must not hand one origin's
    // answer to another.
    const headers: Record<string, string> = { etag, 'cache-control': exportCacheControl, vary: 'Origin' };
    if (matchesETag(request.headers.get('if-none-match'), etag)) {
      return new Response(null, { status: 304, headers });
    }
    const exporter = await route.exporter();
    const chunks = exporter(store, { event: slug, iriBase })[Symbol.asyncIterator]();
    // The first chunk is read before answering: an unknown event is a 404, not a broken 200.
    const first = await chunks.next();
    Object.assign(headers, {
      'content-type': route.contentType,
      'content-disposition': `inline; filename="${slug}.${suffix}"`,
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      await chunks.return?.();
      return new Response(null, { status: 200, headers });
    }
    const body = streamOf(first, chunks, { logger, url: request.url, res, release });
    streaming = true;
    return new Response(body, { status: 200, headers });
  } catch (error) {
    if (isTalkgraphError(error) && error.code === 'NOT_FOUND') {
      return errorResponse(404, 'NOT_FOUND', error.message);
    }
    if (isTalkgraphError(error) && error.code === 'DATABASE_UNAVAILABLE') {
      logger.warn({ err: error.cause ?? error }, 'export failed: the database does not answer');
      return errorResponse(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', {
        'retry-after': '1',
      });
    }
    logger.error({ err: error, url: request.url }, 'export failed');
    return errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
  } finally {
    if (!streaming) release();
  }
}

function decodeSafely(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * A tag for the data as it is now, from one small statement: how many documents there are, when
 * each was last ingested (summed, so a re-ingest of any of them shows even when it is not the
 * latest), and the newest fact. Every ingest, re-ingest or removal changes one of them.
 */
export async function dataTag(store: Store, parts: readonly string[]): Promise<string> {
  const [row] = await store.db.query<{ documents: number; ingested: string | null; newest: number | null }>(
    `select (select count(*) from document) as documents,
            (select sum(extract(epoch from ingested_at))::text from document) as ingested,
            (select max(id) from triple) as newest`,
  );
  const state = [...parts, row?.documents ?? 0, row?.ingested ?? '', row?.newest ?? 0].join('\n');
  return createHash('sha256').update(state).digest('base64url').slice(0, 27);
}

/** RFC 9110 13.1.2: If-None-Match compares weakly; "*" matches any current representation. */
function matchesETag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * The chunks as a byte stream, pulled as the client reads. A client that leaves (or a reader that
 * cancels) stops the export; an export that fails after its status was sent cuts the connection, so
 * the client sees a short body at once rather than waiting for more. Nothing here rejects unhandled.
 */
function streamOf(
  first: IteratorResult<string>,
  chunks: AsyncIterator<string>,
  { logger, url, res, release }: { logger: Logger; url: string; res?: ServerResponse; release: () => void },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: IteratorResult<string> | null = first;
  let ended = false;
  const stop = async () => {
    if (ended) return;
    ended = true;
    release();
    try {
      await chunks.return?.();
    } catch (error) {
      logger.debug({ err: error, url }, 'an export its client left failed while stopping');
    }
  };
  res?.once('close', () => void stop());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (ended) return;
      try {
        const next = pending ?? (await chunks.next());
        pending = null;
        if (ended) return; // the client left while the page was read
        if (next.done) {
          ended = true;
          release();
          controller.close();
        } else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        if (ended) return;
        ended = true;
        release();
        logger.error({ err: error, url }, 'export failed while streaming');
        // Cutting the connection is all a client can be told now. An errored stream would also
        // reject inside the HTTP adapter, where nothing handles it: on Node the stream is left open.
        if (res) res.destroy();
        else controller.error(error);
      }
    },
    cancel: stop,
  });
}

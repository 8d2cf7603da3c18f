// The common request, answered without the Fetch-API round trip: a JSON POST to /graphql whose
// query runs without errors. graphql-yoga adapts every Node request into a WHATWG Request and
// Response (headers objects, an AbortSignal, stream piping); for a small query that adaptation costs
// several times the query itself (docs/benchmarks.md). This path runs the same envelop pipeline as
// yoga (the parse and validation caches, the request limits, error masking, the context) and writes
// the JSON itself. Anything else, and any request whose answer has errors, goes to yoga unchanged,
// so every status code, header and error body stays exactly yoga's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import type { QueryRunner } from '../api/sql-compiler.js';
import type { App } from './app.js';
import { bodyTooLarge, requestLimits } from './limits.js';

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

const paramNames = new Set(['query', 'variables', 'operationName', 'extensions']);
const jsonMediaType = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/**
 * A node:http listener: the fast path where it applies, yoga for everything else. `compiled`, when
 * given, answers the operations it can compile with one SQL statement (src/api/sql-compiler.ts).
 */
export function createRequestListener(
  app: App,
  compiled?: QueryRunner,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!takesFastPath(req)) {
      app(req, res);
      return;
    }
    // A request that cannot be read or answered (the client went away, say) ends its connection;
    // nothing may reject unhandled, which would stop the process.
    readBody(req)
      .then((body) => (body ? answer(app, compiled, req, res, body) : writeResponse(res, bodyTooLarge())))
      .catch(() => res.destroy());
  };
}

/** Decided on the headers alone, before reading the body. */
function takesFastPath(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const { headers } = req;
  // CORS answers and other media types are yoga's.
  if (headers.origin !== undefined) return false;
  if (!jsonMediaType.test(headers['content-type'] ?? '')) return false;
  const accept = headers.accept;
  if (accept !== undefined && accept !== '*/*' && !jsonMediaType.test(accept)) return false;
  // Chunked or oversized bodies go to yoga, whose limit plugin answers 413.
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= requestLimits.documentBytes;
}

/** The body, counted as it is read (a Content-Length is only a claim); undefined once over the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= requestLimits.documentBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function answer(
  app: App,
  compiled: QueryRunner | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  try {
    const params = paramsOf(body);
    const result = params && (await execute(app, compiled, req, params));
    if (result !== undefined) {
      const json = typeof result === 'string' ? `{"data":${result}}` : JSON.stringify(result);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(json),
      });
      res.end(json);
      return;
    }
  } catch {
    // Thrown errors are answered by yoga below, which masks and reports them its own way.
  }
  await answerWithYoga(app, req, res, body);
}

/** The request's GraphQL parameters when they are well formed; otherwise yoga explains what is wrong. */
function paramsOf(body: Buffer): Params | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const params = value as Record<string, unknown>;
  for (const key in params) if (params[key] != null && !paramNames.has(key)) return undefined;
  if (typeof params.query !== 'string') return undefined;
  for (const key of ['variables', 'extensions'] as const) {
    const v = params[key];
    if (v != null && (typeof v !== 'object' || Array.isArray(v))) return undefined;
  }
  if (params.operationName != null && typeof params.operationName !== 'string') return undefined;
  return params as unknown as Params;
}

/**
 * Parse, validate and execute through yoga's own envelop, so its plugins all apply. The answer: the
 * result, the `data` JSON text of a compiled operation, or undefined for yoga to answer (errors).
 */
async function execute(
  app: App,
  compiled: QueryRunner | undefined,
  req: IncomingMessage,
  params: Params,
): Promise<ExecutionResult | string | undefined> {
  // Yoga's plugins look at the request (a parse error gets its code only when there is one); a
  // light stand-in saves building a WHATWG Request that nothing else reads.
  const request = {
    method: 'POST',
    url: `http://${req.headers.host ?? 'localhost'}${req.url}`,
    get headers() {
      return headersOf(req);
    },
  };
  const enveloped = app.getEnveloped({ params, request, req } as never);
  const document = enveloped.parse(params.query) as DocumentNode;
  if (enveloped.validate(enveloped.schema, document).length > 0) return undefined;
  // Queries only: anything else is left to yoga (the API has no mutations or subscriptions today).
  if (getOperationAST(document, params.operationName)?.operation !== 'query') return undefined;
  const data = await compiled?.(document, params.variables);
  if (data !== undefined) return data;
  const contextValue = await enveloped.contextFactory();
  const result = (await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  })) as ExecutionResult;
  return result.errors ? undefined : result;
}

/** Hands an already-read request to yoga and copies its response back. */
async function answerWithYoga(app: App, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const response = await app.fetch(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
    method: 'POST',
    headers: headersOf(req),
    body,
  });
  await writeResponse(res, response);
}

/** Copies a Fetch-API response to Node's. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  out['content-length'] = String(payload.length);
  res.writeHead(response.status, out);
  res.end(payload);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

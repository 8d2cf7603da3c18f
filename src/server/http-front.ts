// The server's node:http front for GraphQL requests, answered without yoga's Fetch-API round trip.
// graphql-yoga adapts every Node request into a WHATWG Request and Response (headers objects, an
// AbortSignal, stream piping); for a small query that adaptation costs several times the query
// itself (docs/benchmarks.md). The front takes the requests real clients send: a POST of a JSON body
// or a GET with the query in the URL, with any Accept header that asks for JSON or
// application/graphql-response+json (q-values and all), from a browser page (Origin, CORS) or not.
// It runs them through yoga's own envelop (parse and validation caches, request limits, masking,
// the context, the compiled SQL executor) exactly once, and writes the answer yoga would write:
// the same status, media type, CORS headers and body, errors included. Anything else (preflights,
// GraphiQL, bodies it cannot read as GraphQL parameters, parse and validation failures, operations
// other than queries) goes to yoga unchanged, before anything has been executed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCORSHeadersByRequestAndOptions } from '@whatwg-node/server';
import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import { type App, isGraphqlRequest } from './app.js';
import { corsFor } from './cors.js';
import { bodyTooLarge, requestLimits } from './limits.js';

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** The media types a GraphQL answer is written in. */
type AnswerType = 'application/json' | 'application/graphql-response+json';

const paramNames = new Set(['query', 'variables', 'operationName', 'extensions']);
/** POST bodies the front reads: JSON, with no parameter but a UTF-8 charset. */
const jsonBody = /^application\/(json|graphql-response\+json)\s*(;\s*charset=utf-8\s*)?$/i;

/**
 * The media type yoga's result processor answers a regular result with, given the Accept header;
 * undefined when it would answer 406 or stream. As yoga reads it: q-values are ignored, the first
 * listed type that a JSON answer matches wins, `application/json` where a wildcard matches both, and
 * types with a charset other than UTF-8 do not count.
 */
export function answerTypeFor(accept: string | undefined): AnswerType | undefined {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [main, sub] = type.split('/');
    if (main !== '*' && main !== 'application') continue;
    if (sub === '*' || sub === 'json') return 'application/json';
    if (sub === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return undefined;
}

/**
 * A node:http listener: the front where it applies, yoga for everything else. `corsOrigins`: the
 * origins the app allows (CORS_ORIGINS), answered with the same headers yoga gives them.
 */
export function createRequestListener(
  app: App,
  corsOrigins: readonly string[] = [],
): (req: IncomingMessage, res: ServerResponse) => void {
  const cors = corsFor(corsOrigins);
  return (req, res) => {
    const taken = takenRequest(req);
    if (!taken) {
      app(req, res);
      return;
    }
    // A request that cannot be read or answered (the client went away, say) ends its connection;
    // nothing may reject unhandled, which would stop the process.
    const corsHeaders = () => {
      if (req.headers.origin === undefined) return null;
      const request = lightRequest(req, taken.method);
      return getCORSHeadersByRequestAndOptions(request as Request, cors(request as Request));
    };
    const body = taken.method === 'GET' ? Promise.resolve(undefined) : readBody(req);
    body
      .then((raw) => {
        if (raw === tooLarge) return writeResponse(res, bodyTooLarge(), corsHeaders());
        const params = raw ? paramsOfBody(raw) : paramsOfUrl(req.url ?? '');
        return answer(app, { req, res, taken, raw, corsHeaders }, params);
      })
      .catch(() => res.destroy());
  };
}

interface Taken {
  method: 'GET' | 'POST';
  answerType: AnswerType;
}

/** Decided on the request line and headers alone, before reading the body. */
function takenRequest(req: IncomingMessage): Taken | undefined {
  const { method, headers } = req;
  if ((method !== 'POST' && method !== 'GET') || !isGraphqlRequest(req.url)) return undefined;
  // GraphiQL is served to browsers that ask for HTML.
  if (headers.accept?.includes('text/html')) return undefined;
  const answerType = answerTypeFor(headers.accept);
  if (!answerType) return undefined;
  if (method === 'GET') {
    // Oversized query strings: yoga's limit plugin answers 413.
    return (req.url?.length ?? 0) <= requestLimits.documentBytes ? { method, answerType } : undefined;
  }
  if (!jsonBody.test(headers['content-type'] ?? '')) return undefined;
  // Chunked or oversized bodies go to yoga, whose limit plugin answers 413.
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > requestLimits.documentBytes) return undefined;
  return { method, answerType };
}

const tooLarge = Symbol('too large');

/** The body, counted as it is read (a Content-Length is only a claim). */
function readBody(req: IncomingMessage): Promise<Buffer | typeof tooLarge> {
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
      resolve(tooLarge);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function paramsOfBody(body: Buffer): Params | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  return checkedParams(value);
}

/** GET parameters as yoga reads them: variables and extensions are JSON text. */
function paramsOfUrl(url: string): Params | undefined {
  const search = new URLSearchParams(url.slice(url.indexOf('?') + 1));
  const value: Record<string, unknown> = {};
  for (const [key, text] of search) {
    if (key in value) return undefined;
    if (key === 'variables' || key === 'extensions') {
      try {
        value[key] = JSON.parse(text);
      } catch {
        return undefined;
      }
    } else value[key] = text;
  }
  return checkedParams(value);
}

/** The GraphQL parameters when they are well formed; otherwise yoga explains what is wrong. */
function checkedParams(value: unknown): Params | undefined {
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

/** One request the front took: what it asked for and, for a POST, the body as read. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  taken: Taken;
  raw: Buffer | undefined;
  corsHeaders: () => Record<string, string> | null;
}

async function answer(app: App, exchange: Exchange, params: Params | undefined): Promise<void> {
  const { req, res, taken } = exchange;
  let result: ExecutionResult | undefined;
  try {
    result = params && (await execute(app, req, taken, params));
  } catch {
    // Thrown errors are answered by yoga below, which masks and reports them its own way; nothing
    // was executed (execution reports its errors in the result).
    result = undefined;
  }
  if (!result) {
    await answerWithYoga(app, exchange);
    return;
  }
  const cors = exchange.corsHeaders();
  if (result.errors?.length || result.extensions) {
    // Status codes and error bodies exactly as yoga writes them.
    await writeResponse(res, processRegularResult(result, app.fetchAPI, taken.answerType), cors);
    return;
  }
  const stringify = (result as { stringify?: (r: ExecutionResult) => string }).stringify ?? JSON.stringify;
  const json = stringify(result);
  res.writeHead(200, {
    ...cors,
    'content-type': `${taken.answerType}; charset=utf-8`,
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/**
 * Parse, validate and execute through yoga's own envelop, so its plugins all apply. Undefined when
 * yoga must answer instead: a document that does not parse or validate, or an operation that is not
 * a query (mutations over GET are refused by yoga; subscriptions stream).
 */
async function execute(
  app: App,
  req: IncomingMessage,
  taken: Taken,
  params: Params,
): Promise<ExecutionResult | undefined> {
  const request = lightRequest(req, taken.method);
  const enveloped = app.getEnveloped({ params, request, req } as never);
  const document = enveloped.parse(params.query) as DocumentNode;
  if (enveloped.validate(enveloped.schema, document).length > 0) return undefined;
  if (getOperationAST(document, params.operationName)?.operation !== 'query') return undefined;
  const contextValue = await enveloped.contextFactory();
  return (await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  })) as ExecutionResult;
}

/**
 * What yoga's plugins read of a request (a parse error gets its code only when there is one; GET
 * refuses mutations by its method), without building a WHATWG Request that nothing else reads.
 */
function lightRequest(req: IncomingMessage, method: string) {
  return { method, url: `http://${req.headers.host ?? 'localhost'}${req.url}`, headers: lightHeaders(req) };
}

/**
 * The request's headers as a Fetch-API Headers object: `get` and `has` read Node's own header map
 * (all the CORS check and yoga's plugins ask), anything else builds a full Headers object. A
 * browser sends a dozen headers, and copying them into Headers for each request cost more than
 * the rest of a small query's handling.
 */
function lightHeaders(req: IncomingMessage): Headers {
  let full: Headers | undefined;
  const value = (name: string) => {
    const found = req.headers[name.toLowerCase()];
    return Array.isArray(found) ? found.join(', ') : (found ?? null);
  };
  return new Proxy({} as Headers, {
    get: (_target, key) => {
      if (key === 'get') return value;
      if (key === 'has') return (name: string) => value(name) !== null;
      full ??= headersOf(req);
      const member = Reflect.get(full, key, full);
      return typeof member === 'function' ? member.bind(full) : member;
    },
  });
}

/**
 * Hands a request to yoga, with its body as already read, and copies the response back; a stream (a
 * subscription asked for with an Accept that also takes SSE or multipart) is piped as it comes, until
 * the client leaves, which ends the subscription.
 */
async function answerWithYoga(app: App, { req, res, raw }: Exchange): Promise<void> {
  const leaving = new AbortController();
  res.once('close', () => leaving.abort());
  const response = await app.fetch(
    `http://${req.headers.host ?? 'localhost'}${req.url}`,
    {
      method: req.method,
      headers: headersOf(req),
      body: raw,
      signal: leaving.signal,
    },
    // The node request as server context, as yoga's own node adapter passes it (the client's address).
    { req },
  );
  if (response.body && streamedTypes.test(response.headers.get('content-type') ?? '')) {
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    res.writeHead(response.status, out);
    // Read chunk by chunk: yoga's body is @whatwg-node's stream, which Readable.fromWeb refuses.
    const reader = response.body.getReader();
    res.once('close', () => reader.cancel().catch(() => {}));
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
    res.end();
    return;
  }
  await writeResponse(res, response);
}

/** Answers that stream: subscriptions over SSE or multipart. */
const streamedTypes = /^(text\/event-stream|multipart\/mixed)/i;

/** Copies a Fetch-API response to Node's, with the CORS headers yoga adds to its own answers. */
async function writeResponse(
  res: ServerResponse,
  response: Response,
  cors: Record<string, string> | null = null,
): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = { ...cors };
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

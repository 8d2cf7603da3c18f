// Which browsers may call the API, and which request bodies are executed. Cross-origin answers go
// only to the origins configured in CORS_ORIGINS (src/config.ts), and only JSON bodies are executed:
// a form post (url-encoded, multipart, plain text) is what a page on any site can send without a
// CORS preflight, so executing one would let that page act with the user's cookies. The exception,
// a multipart file upload that carries an API token, is one no such page can send.
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { bodyTooLarge, readBodyWithin } from './limits.js';

/** The media types of POST bodies that are executed. */
export const executedMediaTypes = ['application/json', 'application/graphql-response+json'];

/**
 * Whether `origin` is one of `allowed`: an exact origin (`https://app.example.org`) or one with any
 * port (`http://localhost:*`).
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  const normalized = origin.toLowerCase();
  return allowed.some((pattern) =>
    pattern.endsWith(':*')
      ? normalized.startsWith(pattern.slice(0, -1)) && /^\d{1,5}$/.test(normalized.slice(pattern.length - 1))
      : normalized === pattern,
  );
}

/**
 * yoga's `cors` option: an allowed origin gets itself back, with credentials; any other origin gets
 * no CORS headers at all, so the browser keeps the answer from the page.
 */
export function corsFor(allowed: readonly string[]) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !isAllowedOrigin(origin, allowed)) return false as const;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept'],
      maxAge: 600,
    };
  };
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** POST bodies of any other media type are answered 415 and never parsed. */
export function useJsonBodiesOnly(): Plugin<YogaInitialContext> {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      // yoga parses application/json; the GraphQL-over-HTTP response type is the same JSON. The body
      // is read here, counted like any other.
      if (request.method !== 'POST' || mediaType(request) !== 'application/graphql-response+json') return;
      const body = await readBodyWithin(request.body);
      if (!body) {
        endResponse(bodyTooLarge());
        return;
      }
      const headers = new fetchAPI.Headers(request.headers);
      headers.set('content-type', 'application/json');
      setRequest(new fetchAPI.Request(request.url, { method: 'POST', headers, body }));
    },
    onRequestParse({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const type = mediaType(request);
      if (executedMediaTypes.includes(type)) return;
      // File uploads (GraphQL multipart requests, for ingestDocument) with an API token: a page on
      // another site cannot add an Authorization header without a CORS preflight, which only the
      // configured origins pass (and corsFor allows them no Authorization header).
      if (type === 'multipart/form-data' && request.headers.has('authorization')) return;
      endResponse(
        Response.json(
          {
            errors: [
              {
                message: `POST bodies must be ${executedMediaTypes.join(' or ')}, not ${type ? `"${type}"` : 'without a content type'}; queries can also be sent with GET${type === 'multipart/form-data' ? '; file uploads need an API token (Authorization: Bearer <token>)' : ''}`,
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          },
          { status: 415, headers: { connection: 'close' } },
        ),
      );
    },
  };
}

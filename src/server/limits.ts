// Request limits that keep one bad query from taking the server down, each failing with a message
// that names the limit and extensions.code QUERY_TOO_COMPLEX. Depth, breadth and cost are checked
// by the schema (src/api/builder.ts); these act before execution, on the request and the document.
import type { IncomingMessage } from 'node:http';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  parse,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { requestAuth } from '../api/request-auth.js';
import { maxDocumentBytes } from '../ingest/document-source.js';
import type { Queryable } from '../store/database.js';
import { scopeAllows } from '../store/tokens.js';

export const requestLimits = {
  /** Bytes of a request body or query string. */
  documentBytes: 64 * 1024,
  /**
   * Bytes of the body of a request whose API token (verified first) may send a document to
   * ingestDocument: twice the largest document (its text escaped in JSON can grow) and
   * the operation. A larger upload is refused before it is read whole; a document that fits here
   * but is over 5 MiB gets the CLI's INGEST_REJECTED answer as a userError.
   */
  tokenBodyBytes: 2 * maxDocumentBytes + 64 * 1024,
  /** Lexical tokens in a GraphQL document. */
  tokens: 5_000,
  /** Aliased fields in one operation. */
  aliases: 30,
  /** Fragment spreads written in a document. */
  fragmentSpreads: 100,
  /** Fields in an operation once every fragment is expanded (the schema's breadth limit is finer). */
  expandedFields: 2_000,
};

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

/**
 * Fragments that spread earlier ones twice double in size at each step: 24 of them, under 1 KB of
 * text, expand to 16 million fields, and everything that walks the expanded tree (the cost analysis,
 * graphql-jit's compiler) then runs for minutes. Rejected here, before execution, in time linear in
 * the document: each fragment's expanded size is computed once and reused wherever it is spread.
 */
export const expansionLimitRule: ValidationRule = (context) => {
  const document = context.getDocument();
  const fragments = new Map<string, FragmentDefinitionNode>();
  let spreads = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const sizes = new Map<string, number>();
  const sizeOfFragment = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    sizes.set(name, 0); // a cycle (reported by NoFragmentCyclesRule) counts once, never loops
    const fragment = fragments.get(name);
    const size = fragment ? sizeOf(fragment.selectionSet) : 0;
    sizes.set(name, size);
    return size;
  };
  const sizeOf = (selectionSet: SelectionSetNode): number => {
    let size = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        size += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        size += sizeOf(selection.selectionSet);
      } else {
        size += sizeOfFragment(selection.name.value);
      }
    }
    return size;
  };
  return {
    FragmentSpread() {
      spreads += 1;
    },
    Document: {
      leave() {
        if (spreads > requestLimits.fragmentSpreads) {
          context.reportError(
            tooComplex(
              `document has ${spreads} fragment spreads, over the limit of ${requestLimits.fragmentSpreads}`,
            ),
          );
          return;
        }
        for (const definition of document.definitions) {
          if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
          const size = sizeOf(definition.selectionSet);
          if (size > requestLimits.expandedFields) {
            const shown = size < 1e15 ? String(size) : size.toExponential(1);
            context.reportError(
              tooComplex(
                `operation selects ${shown} fields once its fragments are expanded, over the limit of ${requestLimits.expandedFields}`,
              ),
            );
          }
        }
      },
    },
  };
};

/**
 * The 413 answer. `connection: close` because the rest of an oversized body is never read: the
 * connection ends once the answer is written instead of draining what the client still sends.
 */
export function bodyTooLarge(bytes?: number, limit = requestLimits.documentBytes): Response {
  const size = bytes === undefined ? 'request body' : `request of ${bytes} bytes`;
  return Response.json(
    {
      errors: [
        {
          message: `${size} exceeds the limit of ${limit}`,
          extensions: { code: 'QUERY_TOO_COMPLEX' },
        },
      ],
    },
    { status: 413, headers: { connection: 'close' } },
  );
}

/**
 * A body read while counting its bytes, whatever its transfer encoding (Content-Length can be absent,
 * as with chunked bodies): undefined as soon as it passes the limit, the rest left unread.
 */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | null,
  limit = requestLimits.documentBytes,
): Promise<Buffer<ArrayBuffer> | undefined> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      // Released, not cancelled: cancelling destroys the Node request and with it the socket, before
      // the 413 could be written.
      reader.releaseLock();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Node's request under a yoga request, when it runs on node:http. */
export const nodeRequestOf = (serverContext: unknown): IncomingMessage | undefined =>
  (serverContext as { req?: IncomingMessage } | undefined)?.req;

/**
 * How many bytes a request's body may have: more for a token that may send documents, verified
 * before any of the body is read, so that a made-up token cannot make the server hold megabytes.
 */
async function bodyLimitOf(request: Request, db: Queryable, req: object | undefined): Promise<number> {
  if (!request.headers.has('authorization')) return requestLimits.documentBytes;
  try {
    const actor = await requestAuth(request, db, req).actor();
    if (actor && scopeAllows(actor.scope, 'ingest')) return requestLimits.tokenBodyBytes;
  } catch {
    // A refused token (or a database that does not answer) keeps the small limit.
  }
  return requestLimits.documentBytes;
}

export function useRequestLimits(db: Queryable): Plugin {
  return {
    // Synchronous for every request that claims a small body.
    onRequest({ request, url, endResponse, serverContext }) {
      if (url.search.length > requestLimits.documentBytes) {
        endResponse(bodyTooLarge(url.search.length));
        return;
      }
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length <= requestLimits.documentBytes) return;
      return bodyLimitOf(request, db, nodeRequestOf(serverContext)).then((limit) => {
        if (length > limit) endResponse(bodyTooLarge(length, limit));
      });
    },
    // Content-Length is only a claim, and chunked bodies have none: every parser yoga chose reads a
    // body that was first read here, counted.
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      if (request.method !== 'POST' || !requestParser) return;
      setRequestParser(async (request) => {
        const limit = await bodyLimitOf(request, db, nodeRequestOf(serverContext));
        const body = await readBodyWithin(request.body, limit);
        if (!body) return bodyTooLarge(undefined, limit);
        return requestParser(
          new fetchAPI.Request(request.url, { method: 'POST', headers: request.headers, body }),
        );
      });
    },
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: requestLimits.tokens });
        } catch (error) {
          if (error instanceof GraphQLError && /more th(an|at) \d+ tokens/.test(error.message)) {
            throw tooComplex(`document exceeds the limit of ${requestLimits.tokens} tokens`);
          }
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(expansionLimitRule);
      addValidationRule(
        maxAliasesRule({
          n: requestLimits.aliases,
          propagateOnRejection: false,
          onReject: [
            (context, error) => {
              const found = /found (\d+)/.exec(error.message)?.[1];
              context?.reportError(
                tooComplex(`operation uses ${found} aliases, over the limit of ${requestLimits.aliases}`),
              );
            },
          ],
        }),
      );
    },
  };
}

// Request limits that keep one bad query from taking the server down, each failing with a message
// that names the limit and extensions.code QUERY_TOO_COMPLEX. Depth, breadth and cost are checked
// by the schema (src/api/builder.ts); these act before execution, on the request and the document.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const requestLimits = {
  /** Bytes of a request body or query string. */
  documentBytes: 64 * 1024,
  /** Lexical tokens in a GraphQL document. */
  tokens: 5_000,
  /** Aliased fields in one operation. */
  aliases: 30,
};

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

export function useRequestLimits(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > requestLimits.documentBytes || url.search.length > requestLimits.documentBytes) {
        endResponse(
          Response.json(
            {
              errors: [
                {
                  message: `request of ${length || url.search.length} bytes exceeds the limit of ${requestLimits.documentBytes}`,
                  extensions: { code: 'QUERY_TOO_COMPLEX' },
                },
              ],
            },
            { status: 413 },
          ),
        );
      }
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

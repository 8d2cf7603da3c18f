// Who may use the API, beyond the scopes each mutation declares (src/api/builder.ts): refused tokens
// are logged (reason, client address, operation; never the token or its hash), READ_REQUIRES_TOKEN
// makes every operation and export need a valid token, and mutations are rate-limited per token
// (MUTATION_RATE_LIMIT). docs/curation.md, "Tokens".
import type { IncomingMessage } from 'node:http';
import { type DocumentNode, GraphQLError, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from '../api/builder.js';
import { type RequestAuth, requestAuth } from '../api/request-auth.js';
import { isTalkgraphError, TalkgraphError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/database.js';
import type { Actor } from '../store/tokens.js';
import { exportPathPrefix } from './export-routes.js';
import { nodeRequestOf } from './limits.js';

/**
 * Throws RATE_LIMITED once a token has sent `perMinute` mutations within a minute. Counted in this
 * process: each server instance allows a token its own rate.
 */
export function createMutationLimiter(perMinute: number): (actor: Actor, mutations: number) => Promise<void> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async (actor, mutations) => {
    if (mutations > perMinute)
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `this request holds ${mutations} mutations, more than the ${perMinute} a token may send in a minute (MUTATION_RATE_LIMIT): send them in several requests`,
      );
    try {
      await limiter.consume(actor.name, mutations);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await limiter.reward(actor.name, mutations); // a refused request applied nothing: it costs nothing
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new TalkgraphError(
        'RATE_LIMITED',
        `the token "${actor.name}" would send more than ${perMinute} mutations this minute (MUTATION_RATE_LIMIT): nothing in this request was applied; retry in ${seconds} s`,
        { retryAfterSeconds: seconds },
      );
    }
  };
}

export interface TokenAuthOptions {
  db: Queryable;
  logger: Logger;
  /** READ_REQUIRES_TOKEN: every operation, reads included, and every export needs a valid token. */
  readRequiresToken: boolean;
}

/** What the request context holds besides the app's own: the node:http request, when there is one. */
type ExecutionContext = Context & { req?: IncomingMessage; request?: Request };

interface OperationArgs {
  contextValue: unknown;
  document: DocumentNode;
  operationName?: string | null;
}

/** Where graphql-js starts its suggestions ("… on type "Query". Did you mean "changes"?"). */
const suggestion = ' Did you mean ';

const readNeedsToken =
  'this server requires an API token for every request: send "Authorization: Bearer <token>" (talkgraph token create)';

/**
 * The envelop plugin: registered after the plugins that set the executor (graphql-jit, the compiled
 * SQL), so that whatever executes, its check comes first; on the node:http front and through yoga.
 */
export function useTokenAuth({ db, logger, readRequiresToken }: TokenAuthOptions): Plugin {
  const logRefusals = (args: OperationArgs) => {
    const context = args.contextValue as ExecutionContext;
    context.auth.onRefused((reason) => {
      const operation = getOperationAST(args.document, args.operationName);
      const forwardedFor = context.request?.headers.get('x-forwarded-for') ?? undefined;
      logger.warn(
        {
          reason,
          client: context.req?.socket.remoteAddress,
          ...(forwardedFor ? { forwardedFor } : {}),
          operation: operation?.name?.value ?? null,
          operationType: operation?.operation,
        },
        `API token refused: ${reason}`,
      );
    });
  };
  // Synchronous unless reads need a token: an anonymous read passes through without a promise.
  return {
    // Validation runs before the token is checked: its "Did you mean …?" would name the schema's
    // fields to a client that may not read it. Without suggestions, the errors still say what is wrong.
    onValidate() {
      if (!readRequiresToken) return;
      return ({ result, setResult }) => {
        if (!result.some((error) => error.message.includes(suggestion))) return;
        setResult(
          result.map((error) => {
            const at = error.message.indexOf(suggestion);
            if (at < 0) return error;
            return new GraphQLError(error.message.slice(0, at), {
              nodes: error.nodes,
              extensions: error.extensions,
            });
          }),
        );
      };
    },
    onExecute({ args, setExecuteFn }) {
      const { auth } = args.contextValue as unknown as Context;
      if (auth.hasToken) logRefusals(args);
      if (!readRequiresToken) return;
      return refusal(auth).then((refused) => {
        if (refused) setExecuteFn(() => ({ errors: [refused] }));
      });
    },
    onSubscribe({ args, setSubscribeFn }) {
      const { auth } = args.contextValue as unknown as Context;
      if (auth.hasToken) logRefusals(args);
      if (!readRequiresToken) return;
      return refusal(auth).then((refused) => {
        if (refused) setSubscribeFn(() => ({ errors: [refused] }));
      });
    },
    // Exports read the graph too. They are answered in onRequest (export-routes.ts), so this plugin
    // must be registered before theirs.
    async onRequest({ request, url, endResponse, serverContext, fetchAPI }) {
      if (!readRequiresToken || !url.pathname.startsWith(exportPathPrefix)) return;
      const req = nodeRequestOf(serverContext);
      const auth = requestAuth(request, db, req);
      auth.onRefused((reason) =>
        logger.warn(
          { reason, client: req?.socket.remoteAddress, path: url.pathname },
          `API token refused: ${reason}`,
        ),
      );
      const refused = await refusal(auth);
      if (!refused) return;
      const code = isTalkgraphError(refused.originalError) ? refused.originalError.code : undefined;
      const status = code === 'UNAUTHENTICATED' ? 401 : code === 'DATABASE_UNAVAILABLE' ? 503 : 500;
      endResponse(
        new fetchAPI.Response(`${refused.message}\n`, {
          status,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
          },
        }),
      );
    },
  };
}

/** Why a request may not read: no token, or a refused one (or a database that does not answer). */
async function refusal(auth: RequestAuth): Promise<GraphQLError | null> {
  let error: unknown;
  try {
    if (await auth.actor()) return null;
    error = new TalkgraphError('UNAUTHENTICATED', readNeedsToken);
  } catch (thrown) {
    error = thrown;
  }
  // The app's error masking gives TalkgraphErrors their extensions.code, and hides anything else.
  const message = isTalkgraphError(error) ? error.message : 'Unexpected error.';
  return new GraphQLError(message, { originalError: error as Error });
}

/**
 * The mutation fields an operation runs, fragments included: the rate limit is taken for all of them
 * before the first runs, so a request is applied whole or not at all.
 */
export function useMutationCount(): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const fragments = new Map<string, SelectionSetNode>();
      for (const definition of args.document.definitions)
        if (definition.kind === Kind.FRAGMENT_DEFINITION)
          fragments.set(definition.name.value, definition.selectionSet);
      const count = (set: SelectionSetNode, seen: Set<string>): number =>
        set.selections.reduce((sum, selection) => {
          if (selection.kind === Kind.FIELD) return sum + (selection.name.value === '__typename' ? 0 : 1);
          if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) return sum;
          return sum + count(fragment, new Set([...seen, name]));
        }, 0);
      const fields = Math.max(1, count(operation.selectionSet, new Set()));
      (args.contextValue as unknown as Context).countMutations(fields);
    },
  };
}

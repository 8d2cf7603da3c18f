// The Pothos schema builder and the per-request context. Defines no types itself: each GraphQL type
// lives in src/api/types/<type>.ts, and src/api/schema.ts assembles them.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getNullableType, isListType } from 'graphql';
import { TalkgraphError } from '../errors.js';
import type { ExtractTask } from '../ingest/extract-pool.js';
import type { ExtractedDocument } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { type Actor, scopeAllows, type TokenScope } from '../store/tokens.js';
import type { GraphEvents } from './events.js';
import type { Loaders } from './loaders.js';
import type { RequestAuth } from './request-auth.js';
import TextArgumentsPlugin from './text-arguments.js';

/** Created fresh for every request (src/server/app.ts), so loaders never share a cache across requests. */
export interface Context {
  store: Store;
  loaders: Loaders;
  /** The request's API token, checked on first use (reads without one cost nothing). */
  auth: RequestAuth;
  /** Where mutations announce what they changed, after they commit; subscriptions listen. */
  events: GraphEvents;
  /**
   * Throws RATE_LIMITED when the token would send more mutations than its rate allows: taken once
   * per request, for all its mutation fields, so every field of a request is refused or none.
   */
  limitMutation: (actor: Actor) => Promise<void>;
  /** Told before execution how many mutation fields the request's operation runs (default 1). */
  countMutations: (fields: number) => void;
  /** For what a mutation does after its answer is decided (refreshing derived data), which may fail. */
  logger: Logger;
  /** Has the related-talk lists committed changes marked recomputed soon, in the background. */
  refreshRelatedLists: () => void;
  /** Reads a document on the extraction pool's worker threads (src/ingest/extract-pool.ts). */
  extract: (task: ExtractTask) => Promise<ExtractedDocument>;
  /**
   * A subscription answers each event like a request of its own: its statements get the request
   * limit afresh (the stream may be open for hours) and read past what earlier events cached.
   */
  beginEvent: () => void;
}

/**
 * Query limits (docs/api.md). Cost multiplies each list's expected size into everything below it:
 * a connection counts as its `first` (default 20), any other list as 5.
 */
export const queryLimits = { complexity: 250_000, depth: 15, breadth: 300 };
const defaultPageMultiplier = 20;
const listMultiplier = 5;

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    /** An uploaded file (GraphQL multipart request); input only. */
    File: { Input: File; Output: never };
  };
  AuthScopes: Record<TokenScope, boolean>;
}>({
  // Scope checks first, before any other plugin's wrapping runs (docs/curation.md, "Tokens").
  plugins: [ScopeAuthPlugin, ComplexityPlugin, TextArgumentsPlugin],
  scopeAuth: {
    authScopes: async (ctx) => {
      const actor = await ctx.auth.actor();
      return {
        ingest: actor !== null && scopeAllows(actor.scope, 'ingest'),
        curate: actor !== null && scopeAllows(actor.scope, 'curate'),
        admin: actor !== null && scopeAllows(actor.scope, 'admin'),
      };
    },
    // The scope function above already threw UNAUTHENTICATED for a bad token.
    treatErrorsAsUnauthorized: false,
    unauthorizedError: (_parent, ctx, info) => {
      const actor = ctx.auth.known;
      return actor
        ? new TalkgraphError(
            'FORBIDDEN',
            `${info.fieldName}: the token "${actor.name}" (scope ${actor.scope}) may not do this`,
          )
        : new TalkgraphError(
            'UNAUTHENTICATED',
            `${info.fieldName} needs an API token: send "Authorization: Bearer <token>" (talkgraph token create)`,
          );
    },
  },
  defaultFieldNullability: false,
  complexity: {
    limit: queryLimits,
    fieldComplexity: (args, _ctx, field) => {
      if (field.args.some((arg) => arg.name === 'first')) {
        const first = typeof args.first === 'number' ? args.first : defaultPageMultiplier;
        return { field: 1, multiplier: Math.max(1, first) };
      }
      return { field: 1, multiplier: isListType(getNullableType(field.type)) ? listMultiplier : 1 };
    },
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as 'complexity' | 'depth' | 'breadth';
      const limit = queryLimits[measure];
      return new TalkgraphError(
        'QUERY_TOO_COMPLEX',
        `query ${measure} ${result[measure]} exceeds the limit of ${limit}; ask for fewer or smaller pages`,
      );
    },
  },
});

builder.queryType({ description: 'Entry points into the Talkgraph knowledge graph.' });
builder.mutationType({
  description: 'Changes to the graph: ingest documents and curate what they say (needs an API token).',
});
builder.subscriptionType({ description: 'Live updates, over Server-Sent Events.' });

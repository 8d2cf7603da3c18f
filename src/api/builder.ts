// The Pothos schema builder and the per-request context. Defines no types itself: each GraphQL type
// lives in src/api/types/<type>.ts, and src/api/schema.ts assembles them.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import { getNullableType, isListType } from 'graphql';
import { TalkgraphError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { Loaders } from './loaders.js';
import TextArgumentsPlugin from './text-arguments.js';

/** Created fresh for every request (src/server/app.ts), so loaders never share a cache across requests. */
export interface Context {
  store: Store;
  loaders: Loaders;
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
  };
}>({
  plugins: [ComplexityPlugin, TextArgumentsPlugin],
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

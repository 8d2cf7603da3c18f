// The Pothos schema builder and the per-request context. Defines no types itself: each GraphQL type
// lives in src/api/types/<type>.ts, and src/api/schema.ts assembles them.
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import type { Store } from '../store/store.js';

/** Created fresh for every request (src/server/app.ts); loaders live on it via the dataloader plugin. */
export interface Context {
  store: Store;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
}>({
  plugins: [DataloaderPlugin],
  defaultFieldNullability: false,
});

builder.queryType({ description: 'Entry points into the Talkgraph knowledge graph.' });

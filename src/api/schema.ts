// Assembles the GraphQL schema from the type modules. Importing a module registers its types.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './types/stats.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema/schema.graphql (sorted, so that diffs show real changes). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

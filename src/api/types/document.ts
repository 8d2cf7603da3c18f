import type { Context } from '../builder.js';
import { builder } from '../builder.js';
import { Document } from '../refs.js';
import { Entity, NodeInterface } from './entity.js';

interface DocumentDetails {
  name: string;
  sha256: string;
  format: string;
  bytes: number;
  ingestedAt: Date;
}

function details(ctx: Context, id: number): Promise<DocumentDetails> {
  return ctx.loaders
    .batch<number, DocumentDetails>('document', async (ids) => {
      const rows = await ctx.store.db.query<DocumentDetails & { id: number }>(
        `select node_id as id, name, sha256, format, bytes, ingested_at as "ingestedAt"
           from document where node_id = any($1::bigint[])`,
        [[...ids]],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? new Error(`document ${id} has no details`));
    })
    .load(id);
}

builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO 8601 string in UTC.',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`"${value}" is not an ISO 8601 date`);
    return date;
  },
});

Document.implement({
  description: 'A source document that facts were read from.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({
      description: 'The name it was ingested under (its path).',
      resolve: async (row, _a, ctx) => (await details(ctx, row.id)).name,
    }),
    sha256: t.string({
      description: 'SHA-256 of its bytes, hex.',
      resolve: async (row, _a, ctx) => (await details(ctx, row.id)).sha256,
    }),
    format: t.string({
      description: 'The layout it was read as: listing, recap, markdown-listing, markdown-recap.',
      resolve: async (row, _a, ctx) => (await details(ctx, row.id)).format,
    }),
    bytes: t.int({
      description: 'Its size in bytes.',
      resolve: async (row, _a, ctx) => (await details(ctx, row.id)).bytes,
    }),
    ingestedAt: t.field({
      type: 'DateTime',
      description: 'When this version was ingested.',
      resolve: async (row, _a, ctx) => (await details(ctx, row.id)).ingestedAt,
    }),
  }),
});

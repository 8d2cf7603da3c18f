// Relay-style connections: `first`/`after` arguments, edges with opaque cursors, nodes, pageInfo and
// totalCount. Nested lists page by rank within their parent; top-level lists page by node id.

import type { ArgBuilder, InterfaceRef, ObjectRef } from '@pothos/core';
import { TalkgraphError } from '../errors.js';
import type { PageOf, Slice } from '../store/traversal.js';
import { builder } from './builder.js';

export const maxPageSize = 100;
export const defaultPageSize = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function pageSize(first: number | null | undefined, fallback = defaultPageSize): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new TalkgraphError('BAD_USER_INPUT', `first must be between 0 and ${maxPageSize}, got ${first}`);
  }
  return size;
}

function decodeCursor(cursor: string, prefix: 'r' | 'k'): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = new RegExp(`^${prefix}:(\\d{1,15})$`).exec(decoded);
  if (!match) throw new TalkgraphError('BAD_USER_INPUT', `"${cursor}" is not a cursor of this list`);
  return Number(match[1]);
}

export const rankCursor = (rank: number) => Buffer.from(`r:${rank}`).toString('base64url');
export const keyCursor = (key: number) => Buffer.from(`k:${key}`).toString('base64url');

/** first/after of a nested list → how many rows to skip and take. */
export function rankSlice(args: PageArgs): Slice {
  return { first: pageSize(args.first), offset: args.after ? decodeCursor(args.after, 'r') : 0 };
}

/** first/after of a top-level list → page size and the id to continue after. */
export function keySlice(args: PageArgs): { first: number; after: number | null } {
  return { first: pageSize(args.first), after: args.after ? decodeCursor(args.after, 'k') : null };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number | (() => Promise<number>);
}

export function rankConnection<T>(page: PageOf<T>): Connection<T> {
  const edges = page.rows.map((node, i) => ({ cursor: rankCursor(page.offset + i + 1), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}

export function keyConnection<T extends { id: number }>(
  rows: T[],
  slice: { first: number; after: number | null },
  totalCount: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, slice.first);
  const edges = page.map((node) => ({ cursor: keyCursor(node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > slice.first,
      hasPreviousPage: slice.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

export const PageInfo = builder.objectRef<Connection<unknown>['pageInfo']>('PageInfo').implement({
  description: 'Where a page sits in its list.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', {
      description: 'More items follow; ask again with after: endCursor.',
    }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Items precede this page.' }),
    startCursor: t.exposeString('startCursor', { nullable: true, description: 'Cursor of the first item.' }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Cursor of the last item.' }),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Defines `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionOf<T>(
  name: string,
  nodeRef: ObjectRef<Types, T> | InterfaceRef<Types, T>,
  what: string,
) {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    description: `One ${what} in a list, with its cursor.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this item.' }),
      node: t.field({ type: nodeRef, description: `The ${what}.`, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<Connection<T>>(`${name}Connection`).implement({
    description: `A page of ${what}s.`,
    fields: (t) => ({
      // The connection's field already multiplies by its page size; its lists add nothing more.
      edges: t.field({
        type: [Edge],
        complexity: { field: 0, multiplier: 1 },
        description: 'The items with their cursors.',
        resolve: (c) => c.edges,
      }),
      nodes: t.field({
        type: [nodeRef],
        complexity: { field: 0, multiplier: 1 },
        description: 'The items, without cursors.',
        resolve: (c) => c.edges.map((edge) => edge.node),
      }),
      pageInfo: t.field({ type: PageInfo, description: 'Paging information.', resolve: (c) => c.pageInfo }),
      totalCount: t.int({
        description: `How many ${what}s the whole list holds.`,
        resolve: (c) => (typeof c.totalCount === 'function' ? c.totalCount() : c.totalCount),
      }),
    }),
  });
}

export const pageArgs = (arg: ArgBuilder<Types>, what: string) => ({
  first: arg.int({
    required: false,
    description: `How many ${what}s to return (at most ${maxPageSize}; default ${defaultPageSize}).`,
  }),
  after: arg.string({
    required: false,
    description: 'Return items after this cursor (an endCursor or edge cursor).',
  }),
});

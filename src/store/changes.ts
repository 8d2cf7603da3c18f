// The audit trail: every mutation that changed the graph, recorded in the mutation's own transaction
// (so a change that rolls back leaves no record), with who, what, which entities, before and after.
import type { Queryable } from './database.js';

export interface ChangeInput {
  /** The token's name. */
  actor: string;
  /** The mutation: "mergeEntities", "ingestDocument", … */
  operation: string;
  /** Node ids it touched. */
  entities: readonly number[];
  note?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface ChangeRow {
  id: number;
  at: Date;
  actor: string;
  operation: string;
  entities: number[];
  note: string | null;
  before: unknown;
  after: unknown;
}

/** Records a change; returns its id, which the curation rows it makes refer to. */
export async function recordChange(q: Queryable, input: ChangeInput): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `insert into change (actor, operation, entities, note, before, after)
     values ($1, $2, $3::bigint[], $4, $5::text::jsonb, $6::text::jsonb) returning id`,
    [
      input.actor,
      input.operation,
      [...new Set(input.entities)],
      input.note ?? null,
      input.before === undefined ? null : JSON.stringify(input.before),
      input.after === undefined ? null : JSON.stringify(input.after),
    ],
  );
  return (row as { id: number }).id;
}

/**
 * Fills in what a change recorded at its start learns later (what a merge moved, what a retraction
 * removed). JSON goes as text: a driver would encode a string sent for a jsonb parameter again.
 */
export async function describeChange(
  q: Queryable,
  id: number,
  update: { before?: unknown; after?: unknown },
): Promise<void> {
  await q.query(
    `update change set before = coalesce($2::text::jsonb, before), after = coalesce($3::text::jsonb, after)
      where id = $1`,
    [
      id,
      update.before === undefined ? null : JSON.stringify(update.before),
      update.after === undefined ? null : JSON.stringify(update.after),
    ],
  );
}

const changeColumns = 'id, at, actor, operation, entities, note, before, after';

/** Changes newest first, `first` at a time after the change `after`; only those touching `entity`. */
export async function listChanges(
  q: Queryable,
  options: { first: number; after?: number | null; entity?: number | null },
): Promise<{ changes: ChangeRow[]; hasNextPage: boolean }> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (options.after != null) {
    params.push(options.after);
    clauses.push(`id < $${params.length}`);
  }
  if (options.entity != null) {
    params.push([options.entity]);
    clauses.push(`entities @> $${params.length}::bigint[]`);
  }
  params.push(options.first + 1);
  const rows = await q.query<ChangeRow>(
    `select ${changeColumns} from change ${clauses.length ? `where ${clauses.join(' and ')}` : ''}
      order by id desc limit $${params.length}`,
    params,
  );
  return { changes: rows.slice(0, options.first), hasNextPage: rows.length > options.first };
}

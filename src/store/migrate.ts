// Applies drizzle-kit's SQL migrations (drizzle/) and the ontology, on PGlite and on a server alike.
// Everything runs in one transaction under an advisory lock, so two processes starting at once
// cannot both apply a migration, and a failed migration leaves the database as it was.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database, Queryable } from './database.js';
import { kinds, predicates } from './ontology.js';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle/', import.meta.url));

// Arbitrary but fixed: identifies Talkgraph's migration lock among other advisory locks.
const MIGRATION_LOCK = 7_411_902_331;

export interface MigrationReport {
  /** Tags of the migrations applied by this run, e.g. ["0000_triple_store"]. */
  applied: string[];
  /** Migrations already in the database before this run. */
  alreadyApplied: number;
}

export async function migrate(db: Database): Promise<MigrationReport> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const tags = migrationTags();
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // drizzle's own bookkeeping table, so drizzle-kit's tools see the same history.
    await tx.query('create schema if not exists drizzle');
    await tx.query(
      'create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
    );
    const [last] = await tx.query<{ created_at: string | number }>(
      'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    const lastMillis = last ? Number(last.created_at) : -1;
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const [index, migration] of migrations.entries()) {
      if (migration.folderMillis <= lastMillis) {
        alreadyApplied++;
        continue;
      }
      for (const statement of migration.sql) if (statement.trim()) await tx.query(statement);
      await tx.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        migration.hash,
        migration.folderMillis,
      ]);
      applied.push(tags[index] ?? String(migration.folderMillis));
    }
    await upsertOntology(tx);
    return { applied, alreadyApplied };
  });
}

/** Migration names in journal order ("0000_triple_store"), parallel to readMigrationFiles' result. */
function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((entry) => entry.tag);
}

async function upsertOntology(tx: Queryable): Promise<void> {
  await tx.query(
    `insert into kind (name, label, description)
     select * from unnest($1::text[], $2::text[], $3::text[])
     on conflict (name) do update set label = excluded.label, description = excluded.description`,
    [kinds.map((k) => k.name), kinds.map((k) => k.label), kinds.map((k) => k.description)],
  );
  await tx.query(
    `insert into predicate (name, label, description, subject_kind, object_type, object_kind)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     on conflict (name) do update set label = excluded.label, description = excluded.description,
       subject_kind = excluded.subject_kind, object_type = excluded.object_type, object_kind = excluded.object_kind`,
    [
      predicates.map((p) => p.name),
      predicates.map((p) => p.label),
      predicates.map((p) => p.description),
      predicates.map((p) => p.subjectKind),
      predicates.map((p) => p.objectType),
      predicates.map((p) => p.objectKind),
    ],
  );
}

// Applies drizzle-kit's SQL migrations (drizzle/) and the ontology, on PGlite and on a server alike.
// Everything runs in one transaction under an advisory lock, so two processes starting at once
// cannot both apply a migration, and a failed migration leaves the database as it was.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { TalkgraphError } from '../errors.js';
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
    const recorded = await tx.query<{ hash: string; created_at: string | number }>(
      'select hash, created_at from drizzle.__drizzle_migrations order by created_at',
    );
    checkLandedMigrations(migrations, tags, recorded);
    const lastMillis = recorded.length ? Number(recorded.at(-1)?.created_at) : -1;
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

/**
 * Versions of landed migrations that were edited before this check existed, by their hash: the
 * database applied one of these, and a later migration (0019) brings it to the current form.
 */
const supersededHashes = new Set([
  // 0018_statement_level_references as first landed
  '0524947c7fdb8759514ebbb70c5bc5c2bd87653a4587a827ab14c677768e8e4c',
]);

/**
 * A migration the database applied must still be the file it applied: a landed migration is never
 * edited (add a new one), so a changed file means this checkout and the database disagree.
 */
function checkLandedMigrations(
  migrations: readonly { hash: string; folderMillis: number }[],
  tags: readonly string[],
  recorded: readonly { hash: string; created_at: string | number }[],
): void {
  const appliedHash = new Map(recorded.map((r) => [Number(r.created_at), r.hash]));
  for (const [index, migration] of migrations.entries()) {
    const hash = appliedHash.get(migration.folderMillis);
    if (hash === undefined || hash === migration.hash || supersededHashes.has(hash)) continue;
    throw new TalkgraphError(
      'BAD_CONFIG',
      `migration ${tags[index] ?? migration.folderMillis} was changed after this database applied it (applied ${hash.slice(0, 12)}, file ${migration.hash.slice(0, 12)}); restore the file as it landed and add a new migration for the change`,
    );
  }
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

// The triple store as the rest of the program sees it: an open, migrated database and its predicates.
import type { DatabaseTarget } from '../config.js';
import { type Database, type OpenOptions, openDatabase } from './database.js';
import { type MigrationReport, migrate } from './migrate.js';
import { PredicateRegistry } from './predicates.js';

export interface Store {
  db: Database;
  predicates: PredicateRegistry;
  migration: MigrationReport;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and loads the predicates. */
export async function openStore(target: DatabaseTarget, options: OpenOptions = {}): Promise<Store> {
  const db = await openDatabase(target, options);
  try {
    const migration = await migrate(db);
    const predicates = await PredicateRegistry.load(db);
    return { db, predicates, migration, close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

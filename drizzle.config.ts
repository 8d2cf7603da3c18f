import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/store/schema.ts (`npm run db:generate`) and applied at start-up
// by src/store/migrate.ts on both PGlite and the Postgres server.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
  casing: 'snake_case',
});

-- Extensions for accent- and case-insensitive matching and typo-tolerant search. Both ship with
-- PGlite and are trusted extensions on Postgres 13+ (a database owner may create them).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;

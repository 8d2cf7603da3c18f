-- Full-text search over literals now reads the stored search_vector (ranking no longer re-parses
-- each abstract); its index replaces the expression index of 0002.
DROP INDEX IF EXISTS triple_literal_fts;--> statement-breakpoint
CREATE INDEX triple_search_vector ON triple USING gin (search_vector) WHERE search_vector IS NOT NULL;

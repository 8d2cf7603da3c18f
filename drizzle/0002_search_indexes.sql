-- Search: one folding function (accents and case) used by both the indexes and the queries, trigram
-- indexes for typo-tolerant matching of names, labels, aliases and handles, and a full-text index
-- for titles' and abstracts' words. unaccent() itself is only STABLE (its dictionary could change);
-- naming the dictionary explicitly makes the wrapper safe to declare IMMUTABLE for indexing.
CREATE OR REPLACE FUNCTION talkgraph_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));--> statement-breakpoint
CREATE INDEX node_label_trgm ON node USING gin (talkgraph_fold(label) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX node_label_fts ON node USING gin (to_tsvector('english', talkgraph_fold(label)));--> statement-breakpoint
CREATE INDEX triple_short_literal_trgm ON triple USING gin (talkgraph_fold(object_value) gin_trgm_ops)
  WHERE object_value IS NOT NULL AND length(object_value) <= 200;--> statement-breakpoint
CREATE INDEX triple_literal_fts ON triple USING gin (to_tsvector('english', talkgraph_fold(object_value)))
  WHERE object_value IS NOT NULL;

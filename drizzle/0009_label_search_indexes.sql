-- Search on node labels reads the stored folded label and its words; these indexes replace the
-- expression indexes of 0002.
DROP INDEX IF EXISTS node_label_trgm;--> statement-breakpoint
DROP INDEX IF EXISTS node_label_fts;--> statement-breakpoint
CREATE INDEX node_label_folded_trgm ON node USING gin (label_folded gin_trgm_ops);--> statement-breakpoint
CREATE INDEX node_label_vector ON node USING gin (label_vector);

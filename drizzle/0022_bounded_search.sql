-- Search reads bounded candidate sets (src/store/search.ts), and its indexes cover only what it reads.
-- Names (every label but talks' titles and documents') and aliases and handles are matched by
-- trigram; talks by their words, through talk_term's (term, weight desc, talk_id) index, so that a
-- common word costs a few index entries instead of ranking thousands of titles and abstracts.
-- Aliases and handles, the other names, get a table of their own kept by statement-level triggers:
-- a partial index cannot name predicates (their ids are data), and the trigram index over every
-- short literal (times, ids, urls, formats) cost every ingest for the few hundred search reads.
-- Every statement may run again on a database that has them (tests/store/migrations.test.ts).
CREATE TABLE IF NOT EXISTS "search_alias" (
	"triple_id" bigint PRIMARY KEY NOT NULL,
	"node_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"folded" text GENERATED ALWAYS AS (talkgraph_fold(value)) STORED
);
--> statement-breakpoint
-- GiST: the planner prices a GIN trigram scan above reading a table of a few thousand rows, and
-- reading it computes trigrams for every row; GiST's leaves hold each short value's trigrams.
CREATE INDEX IF NOT EXISTS search_alias_folded_trgm ON search_alias USING gist (folded gist_trgm_ops);--> statement-breakpoint
-- A fact's value is part of its identity (triple_spo_literal): a fact is asserted and retracted,
-- never given another value, so inserts and deletes are all there is to follow. A deleted node's
-- facts are deleted by its cascade (0018), which fires the delete below in turn.
CREATE OR REPLACE FUNCTION talkgraph_index_search_aliases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_alias (triple_id, node_id, kind, value)
      SELECT a.id, a.subject_id, n.kind, a.object_value
        FROM added_triples a
        JOIN predicate p ON p.id = a.predicate_id AND p.name IN ('alias', 'handle')
        JOIN node n ON n.id = a.subject_id
       WHERE a.object_value IS NOT NULL AND length(a.object_value) <= 200;
  ELSE
    DELETE FROM search_alias s USING removed_triples r WHERE s.triple_id = r.id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE TRIGGER triple_search_aliases_on_insert AFTER INSERT ON triple
  REFERENCING NEW TABLE AS added_triples FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_index_search_aliases();--> statement-breakpoint
CREATE OR REPLACE TRIGGER triple_search_aliases_on_delete AFTER DELETE ON triple
  REFERENCING OLD TABLE AS removed_triples FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_index_search_aliases();--> statement-breakpoint
-- Graphs stored before this migration.
INSERT INTO search_alias (triple_id, node_id, kind, value)
  SELECT t.id, t.subject_id, n.kind, t.object_value
    FROM triple t
    JOIN predicate p ON p.id = t.predicate_id AND p.name IN ('alias', 'handle')
    JOIN node n ON n.id = t.subject_id
   WHERE t.object_value IS NOT NULL AND length(t.object_value) <= 200
  ON CONFLICT (triple_id) DO NOTHING;--> statement-breakpoint
-- Names by trigram: only the labels search matches that way. Talks' titles are found through their
-- words, and documents are never hits. Without fastupdate, as the vocabulary's index below: every
-- search reads these small indexes, and a pending list (flushed only by vacuum, which PGlite never
-- runs on its own) would be read in full by each.
CREATE INDEX IF NOT EXISTS node_name_trgm ON node USING gin (label_folded gin_trgm_ops)
  WITH (fastupdate = off) WHERE kind NOT IN ('talk', 'document');--> statement-breakpoint
-- A misspelt word finds the talks of the words it is close to: trigrams over the vocabulary.
CREATE INDEX IF NOT EXISTS term_frequency_term_trgm ON term_frequency USING gin (term gin_trgm_ops)
  WITH (fastupdate = off);--> statement-breakpoint
-- No longer read: trigrams over every label and every short literal, and words over every label
-- and every literal. Talks' abstracts are ranked from the stored search_vector of the few
-- candidate talks, read through triple_sp.
DROP INDEX IF EXISTS node_label_folded_trgm;--> statement-breakpoint
DROP INDEX IF EXISTS node_label_vector;--> statement-breakpoint
DROP INDEX IF EXISTS triple_short_literal_trgm;--> statement-breakpoint
DROP INDEX IF EXISTS triple_search_vector;

-- Keep edge_count exact however triple changes (ingest, retraction, cascades when a node is deleted):
-- statement-level triggers add or subtract whole batches, taking row locks in key order so that
-- concurrent ingests do not deadlock. Counts that reach zero are deleted.
CREATE OR REPLACE FUNCTION talkgraph_count_edges() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO edge_count (object_id, predicate_id, facts)
      SELECT object_id, predicate_id, count(*)::int FROM added_triples
       WHERE object_id IS NOT NULL GROUP BY object_id, predicate_id ORDER BY object_id, predicate_id
      ON CONFLICT (object_id, predicate_id) DO UPDATE SET facts = edge_count.facts + excluded.facts;
  ELSE
    PERFORM 1 FROM edge_count c
      WHERE (c.object_id, c.predicate_id) IN (SELECT object_id, predicate_id FROM removed_triples)
      ORDER BY c.object_id, c.predicate_id FOR UPDATE;
    UPDATE edge_count c SET facts = c.facts - d.n
      FROM (SELECT object_id, predicate_id, count(*)::int AS n FROM removed_triples
             WHERE object_id IS NOT NULL GROUP BY object_id, predicate_id) d
     WHERE c.object_id = d.object_id AND c.predicate_id = d.predicate_id;
    DELETE FROM edge_count c
     WHERE c.facts = 0
       AND (c.object_id, c.predicate_id) IN (SELECT object_id, predicate_id FROM removed_triples);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER triple_edges_counted_on_insert AFTER INSERT ON triple
  REFERENCING NEW TABLE AS added_triples FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_count_edges();--> statement-breakpoint
CREATE TRIGGER triple_edges_counted_on_delete AFTER DELETE ON triple
  REFERENCING OLD TABLE AS removed_triples FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_count_edges();--> statement-breakpoint
-- Graphs stored before this migration: count what is there.
INSERT INTO edge_count (object_id, predicate_id, facts)
  SELECT object_id, predicate_id, count(*)::int FROM triple
   WHERE object_id IS NOT NULL GROUP BY object_id, predicate_id;

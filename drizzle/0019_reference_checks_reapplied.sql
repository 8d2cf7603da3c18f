-- 0018 was edited after it landed: databases that applied its first version still run the first
-- form of these two checks. Recreating them here gives every database the current form.
CREATE OR REPLACE FUNCTION talkgraph_check_triple_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem text;
BEGIN
  SELECT missing INTO problem FROM (
    SELECT CASE
             WHEN NOT EXISTS (SELECT 1 FROM node n WHERE n.id = c.subject_id OFFSET 0)
               THEN format('node %s as its subject', c.subject_id)
             WHEN NOT EXISTS (SELECT 1 FROM predicate p WHERE p.id = c.predicate_id OFFSET 0)
               THEN format('predicate %s', c.predicate_id)
             WHEN c.object_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM node n WHERE n.id = c.object_id OFFSET 0)
               THEN format('node %s as its object', c.object_id)
           END AS missing
      FROM checked_triples c) checked
   WHERE missing IS NOT NULL
   LIMIT 1;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION 'a triple refers to %, which does not exist', problem
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION talkgraph_check_source_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem text;
BEGIN
  SELECT missing INTO problem FROM (
    SELECT CASE
             WHEN NOT EXISTS (SELECT 1 FROM triple t WHERE t.id = c.triple_id OFFSET 0)
               THEN format('triple %s', c.triple_id)
             WHEN NOT EXISTS (SELECT 1 FROM document d WHERE d.node_id = c.document_id OFFSET 0)
               THEN format('document %s', c.document_id)
           END AS missing
      FROM checked_sources c) checked
   WHERE missing IS NOT NULL
   LIMIT 1;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION 'a fact''s source refers to %, which does not exist', problem
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;

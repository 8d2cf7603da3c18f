-- Keep term_frequency exact however talk_term changes (refreshes at ingest, cascades when a talk is
-- deleted): statement-level triggers add or subtract whole batches, visiting terms in order so that
-- concurrent ingests take row locks in the same order. The empty term counts talks.
CREATE OR REPLACE FUNCTION talkgraph_count_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO term_frequency (term, talks)
      SELECT term, n FROM (
        SELECT term, count(*)::int AS n FROM changed_terms GROUP BY term
        UNION ALL SELECT '', count(DISTINCT talk_id)::int FROM changed_terms
      ) d WHERE n > 0 ORDER BY term
      ON CONFLICT (term) DO UPDATE SET talks = term_frequency.talks + excluded.talks;
  ELSE
    PERFORM 1 FROM term_frequency
      WHERE term IN (SELECT term FROM removed_terms) OR term = '' ORDER BY term FOR UPDATE;
    UPDATE term_frequency f SET talks = f.talks - d.n
      FROM (
        SELECT term, count(*)::int AS n FROM removed_terms GROUP BY term
        UNION ALL SELECT '', count(DISTINCT talk_id)::int FROM removed_terms
      ) d WHERE f.term = d.term;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER talk_term_counted_on_insert AFTER INSERT ON talk_term
  REFERENCING NEW TABLE AS changed_terms FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_count_terms();--> statement-breakpoint
CREATE TRIGGER talk_term_counted_on_delete AFTER DELETE ON talk_term
  REFERENCING OLD TABLE AS removed_terms FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_count_terms();

DROP INDEX "talk_term_term";--> statement-breakpoint
CREATE INDEX "talk_term_term_weight" ON "talk_term" USING btree ("term","talk_id","weight");
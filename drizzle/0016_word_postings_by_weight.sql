DROP INDEX "talk_term_term_weight";--> statement-breakpoint
CREATE INDEX "talk_term_term_weight" ON "talk_term" USING btree ("term","weight" DESC NULLS LAST,"talk_id");
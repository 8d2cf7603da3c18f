DROP INDEX "triple_sp";--> statement-breakpoint
CREATE INDEX "triple_sp" ON "triple" USING btree ("subject_id","predicate_id","position","id","object_id","confidence");
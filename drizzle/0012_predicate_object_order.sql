DROP INDEX "triple_po";--> statement-breakpoint
CREATE INDEX "triple_pocs" ON "triple" USING btree ("predicate_id","object_id","confidence" DESC NULLS LAST,"subject_id");
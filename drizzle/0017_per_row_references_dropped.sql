ALTER TABLE "talk_term" DROP CONSTRAINT "talk_term_talk_id_node_id_fk";
--> statement-breakpoint
ALTER TABLE "triple" DROP CONSTRAINT "triple_subject_id_node_id_fk";
--> statement-breakpoint
ALTER TABLE "triple" DROP CONSTRAINT "triple_predicate_id_predicate_id_fk";
--> statement-breakpoint
ALTER TABLE "triple" DROP CONSTRAINT "triple_object_id_node_id_fk";
--> statement-breakpoint
ALTER TABLE "triple_source" DROP CONSTRAINT "triple_source_triple_id_triple_id_fk";
--> statement-breakpoint
ALTER TABLE "triple_source" DROP CONSTRAINT "triple_source_document_id_document_node_id_fk";

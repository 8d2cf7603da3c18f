-- Re-runnable, like 0020-0022: a database whose record of later migrations was rewritten applies it again.
CREATE TABLE IF NOT EXISTS "api_token" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_token_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_name_unique" UNIQUE("name"),
	CONSTRAINT "api_token_hash_unique" UNIQUE("hash"),
	CONSTRAINT "api_token_scope" CHECK ("api_token"."scope" in ('ingest', 'curate', 'admin')),
	CONSTRAINT "api_token_hash_format" CHECK ("api_token"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "change" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"operation" text NOT NULL,
	"entities" bigint[] DEFAULT '{}' NOT NULL,
	"note" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "curated_label" (
	"node_id" bigint PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"change_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "merged_entity" (
	"id" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"label" text NOT NULL,
	"into_id" bigint NOT NULL,
	"change_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "retraction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retraction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subject_id" bigint NOT NULL,
	"predicate_id" smallint NOT NULL,
	"object_id" bigint,
	"object_value" text,
	"change_id" bigint NOT NULL,
	CONSTRAINT "retraction_object_xor_value" CHECK (("retraction"."object_id" is null) <> ("retraction"."object_value" is null))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "triple_curation" (
	"triple_id" bigint NOT NULL,
	"change_id" bigint NOT NULL,
	CONSTRAINT "triple_curation_triple_id_change_id_pk" PRIMARY KEY("triple_id","change_id")
);
--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "curated_label" ADD CONSTRAINT "curated_label_change_id_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change"("id") ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "merged_entity" ADD CONSTRAINT "merged_entity_change_id_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change"("id") ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "retraction" ADD CONSTRAINT "retraction_change_id_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change"("id") ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "triple_curation" ADD CONSTRAINT "triple_curation_change_id_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."change"("id") ON DELETE no action ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "change_entities" ON "change" USING gin ("entities");--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "merged_entity_kind_slug" ON "merged_entity" USING btree ("kind","slug");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "merged_entity_into" ON "merged_entity" USING btree ("into_id");--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "retraction_spo_node" ON "retraction" USING btree ("subject_id","predicate_id","object_id") WHERE "retraction"."object_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "retraction_spo_literal" ON "retraction" USING btree ("subject_id","predicate_id",md5("object_value")) WHERE "retraction"."object_value" is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "triple_curation_change" ON "triple_curation" USING btree ("change_id");--> statement-breakpoint
-- A deleted fact takes its curation rows too, like its source rows (0018).
CREATE OR REPLACE FUNCTION talkgraph_delete_triple_curations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM triple_curation c USING removed_triples r WHERE c.triple_id = r.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS triple_curations_deleted ON triple;--> statement-breakpoint
CREATE TRIGGER triple_curations_deleted AFTER DELETE ON triple
  REFERENCING OLD TABLE AS removed_triples FOR EACH STATEMENT EXECUTE FUNCTION talkgraph_delete_triple_curations();
--> statement-breakpoint
-- The survivor of an entity merged into another, by its old id or slug. A function, not inlined (its
-- body reads a table), so that a compiled query calls it only when a lookup found no node: the
-- statements that find their node never plan, lock or read merged_entity.
CREATE OR REPLACE FUNCTION talkgraph_merged_into(merged_id bigint, merged_kind text, merged_slug text)
  RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT into_id FROM merged_entity WHERE kind = merged_kind AND (id = merged_id OR slug = merged_slug) LIMIT 1
$$;

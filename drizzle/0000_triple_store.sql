CREATE TABLE "document" (
	"node_id" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"bytes" integer NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_name_unique" UNIQUE("name"),
	CONSTRAINT "document_sha256_format" CHECK ("document"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "document_bytes_positive" CHECK ("document"."bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "kind" (
	"name" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "kind_name_format" CHECK ("kind"."name" ~ '^[a-z][a-z0-9_]*$')
);
--> statement-breakpoint
CREATE TABLE "node" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "node_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "node_slug_format" CHECK ("node"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "node_label_not_blank" CHECK (btrim("node"."label") <> '')
);
--> statement-breakpoint
CREATE TABLE "predicate" (
	"id" smallint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "predicate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 32767 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"label" text NOT NULL,
	"description" text NOT NULL,
	"subject_kind" text,
	"object_type" text NOT NULL,
	"object_kind" text,
	CONSTRAINT "predicate_name_unique" UNIQUE("name"),
	CONSTRAINT "predicate_name_format" CHECK ("predicate"."name" ~ '^[a-z][a-z0-9_]*$'),
	CONSTRAINT "predicate_object_type" CHECK ("predicate"."object_type" in ('node', 'string', 'integer', 'boolean', 'datetime')),
	CONSTRAINT "predicate_object_kind_for_nodes" CHECK ("predicate"."object_kind" is null or "predicate"."object_type" = 'node')
);
--> statement-breakpoint
CREATE TABLE "triple" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "triple_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subject_id" bigint NOT NULL,
	"predicate_id" smallint NOT NULL,
	"object_id" bigint,
	"object_value" text,
	"position" integer,
	"qualifier" text,
	"confidence" real DEFAULT 1 NOT NULL,
	CONSTRAINT "triple_object_xor_value" CHECK (("triple"."object_id" is null) <> ("triple"."object_value" is null)),
	CONSTRAINT "triple_confidence_range" CHECK ("triple"."confidence" > 0 and "triple"."confidence" <= 1)
);
--> statement-breakpoint
CREATE TABLE "triple_source" (
	"triple_id" bigint NOT NULL,
	"document_id" bigint NOT NULL,
	"span_start" integer,
	"span_end" integer,
	"confidence" real DEFAULT 1 NOT NULL,
	CONSTRAINT "triple_source_triple_id_document_id_pk" PRIMARY KEY("triple_id","document_id"),
	CONSTRAINT "triple_source_span" CHECK ("triple_source"."span_start" is null or "triple_source"."span_end" >= "triple_source"."span_start"),
	CONSTRAINT "triple_source_confidence_range" CHECK ("triple_source"."confidence" > 0 and "triple_source"."confidence" <= 1)
);
--> statement-breakpoint
ALTER TABLE "document" ADD CONSTRAINT "document_node_id_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."node"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node" ADD CONSTRAINT "node_kind_kind_name_fk" FOREIGN KEY ("kind") REFERENCES "public"."kind"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predicate" ADD CONSTRAINT "predicate_subject_kind_kind_name_fk" FOREIGN KEY ("subject_kind") REFERENCES "public"."kind"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predicate" ADD CONSTRAINT "predicate_object_kind_kind_name_fk" FOREIGN KEY ("object_kind") REFERENCES "public"."kind"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triple" ADD CONSTRAINT "triple_subject_id_node_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."node"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triple" ADD CONSTRAINT "triple_predicate_id_predicate_id_fk" FOREIGN KEY ("predicate_id") REFERENCES "public"."predicate"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triple" ADD CONSTRAINT "triple_object_id_node_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."node"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triple_source" ADD CONSTRAINT "triple_source_triple_id_triple_id_fk" FOREIGN KEY ("triple_id") REFERENCES "public"."triple"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triple_source" ADD CONSTRAINT "triple_source_document_id_document_node_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("node_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "node_kind_slug" ON "node" USING btree ("kind","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "triple_spo_node" ON "triple" USING btree ("subject_id","predicate_id","object_id") WHERE "triple"."object_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "triple_spo_literal" ON "triple" USING btree ("subject_id","predicate_id",md5("object_value")) WHERE "triple"."object_value" is not null;--> statement-breakpoint
CREATE INDEX "triple_sp" ON "triple" USING btree ("subject_id","predicate_id","position","id");--> statement-breakpoint
CREATE INDEX "triple_ops" ON "triple" USING btree ("object_id","predicate_id","subject_id") WHERE "triple"."object_id" is not null;--> statement-breakpoint
CREATE INDEX "triple_po" ON "triple" USING btree ("predicate_id","object_id");--> statement-breakpoint
CREATE INDEX "triple_p_literal" ON "triple" USING btree ("predicate_id",md5("object_value")) WHERE "triple"."object_value" is not null;--> statement-breakpoint
CREATE INDEX "triple_source_document" ON "triple_source" USING btree ("document_id");
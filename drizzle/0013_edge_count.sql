CREATE TABLE "edge_count" (
	"object_id" bigint NOT NULL,
	"predicate_id" smallint NOT NULL,
	"facts" integer NOT NULL,
	CONSTRAINT "edge_count_object_id_predicate_id_pk" PRIMARY KEY("object_id","predicate_id"),
	CONSTRAINT "edge_count_not_negative" CHECK ("edge_count"."facts" >= 0)
);

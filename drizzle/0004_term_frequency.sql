CREATE TABLE "term_frequency" (
	"term" text PRIMARY KEY NOT NULL,
	"talks" integer NOT NULL,
	CONSTRAINT "term_frequency_not_negative" CHECK ("term_frequency"."talks" >= 0)
);

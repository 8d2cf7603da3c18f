CREATE TABLE "talk_term" (
	"talk_id" bigint NOT NULL,
	"term" text NOT NULL,
	"weight" real NOT NULL,
	CONSTRAINT "talk_term_talk_id_term_pk" PRIMARY KEY("talk_id","term")
);
--> statement-breakpoint
ALTER TABLE "talk_term" ADD CONSTRAINT "talk_term_talk_id_node_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."node"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "talk_term_term" ON "talk_term" USING btree ("term","talk_id");
-- Every statement may run again on a database that has them (tests/store/migrations.test.ts).
CREATE TABLE IF NOT EXISTS "related_talk_list" (
	"talk_id" bigint PRIMARY KEY NOT NULL,
	"related" bigint[] DEFAULT '{}' NOT NULL,
	"scores" double precision[] DEFAULT '{}' NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"talks" integer DEFAULT 0 NOT NULL,
	"state" smallint DEFAULT 2 NOT NULL,
	"marked_by" "xid8"
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "related_talk_list_related" ON "related_talk_list" USING gin ("related");
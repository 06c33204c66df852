CREATE TABLE "command_cooldowns" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" bigint NOT NULL,
	"per_ms" bigint NOT NULL,
	"used" integer NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "command_slots" (
	"key" text NOT NULL,
	"slot" integer NOT NULL,
	"holder" text NOT NULL,
	"run_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "command_slots_pk" PRIMARY KEY("key","slot")
);
--> statement-breakpoint
CREATE INDEX "command_cooldowns_expires" ON "command_cooldowns" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "command_slots_holder" ON "command_slots" USING btree ("holder");
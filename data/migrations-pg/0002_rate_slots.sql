CREATE TABLE "rate_slots" (
	"key" text PRIMARY KEY NOT NULL,
	"tat" bigint NOT NULL
);

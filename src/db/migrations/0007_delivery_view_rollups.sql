CREATE TABLE "child_delivery_ledger" (
	"child_id" uuid PRIMARY KEY NOT NULL,
	"la_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"owed_term_minutes" integer NOT NULL,
	"delivered_term_minutes" integer NOT NULL,
	"shortfall_term_minutes" integer NOT NULL,
	"items_behind_term" integer NOT NULL,
	"owed_year_minutes" integer NOT NULL,
	"delivered_year_minutes" integer NOT NULL,
	"shortfall_year_minutes" integer NOT NULL,
	"items_behind_year" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_rate_rollup" (
	"la_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"period" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text,
	"items" integer NOT NULL,
	"children" integer NOT NULL,
	"owed_minutes" bigint NOT NULL,
	"delivered_minutes" bigint NOT NULL
);
--> statement-breakpoint
DROP INDEX "provision_delivery_corrects_unique";--> statement-breakpoint
ALTER TABLE "child_delivery_ledger" ADD CONSTRAINT "child_delivery_ledger_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_delivery_ledger" ADD CONSTRAINT "child_delivery_ledger_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_rate_rollup" ADD CONSTRAINT "delivery_rate_rollup_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "child_delivery_ledger_term_shortfall_idx" ON "child_delivery_ledger" USING btree ("la_id","shortfall_term_minutes");--> statement-breakpoint
CREATE INDEX "child_delivery_ledger_year_shortfall_idx" ON "child_delivery_ledger" USING btree ("la_id","shortfall_year_minutes");--> statement-breakpoint
CREATE INDEX "delivery_rate_rollup_la_idx" ON "delivery_rate_rollup" USING btree ("la_id","period","dimension");--> statement-breakpoint
CREATE INDEX "provision_item_ledger_term_shortfall_idx" ON "provision_item_ledger" USING btree ("la_id",("owed_term_minutes" - "delivered_term_minutes"));--> statement-breakpoint
CREATE INDEX "provision_item_ledger_year_shortfall_idx" ON "provision_item_ledger" USING btree ("la_id",("owed_year_minutes" - "delivered_year_minutes"));--> statement-breakpoint
CREATE UNIQUE INDEX "provision_delivery_corrects_unique" ON "provision_delivery" USING btree ("corrects_id") WHERE corrects_id is not null;
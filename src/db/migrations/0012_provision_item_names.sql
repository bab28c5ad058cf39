CREATE TABLE "provision_item_name" (
	"provision_item_id" uuid PRIMARY KEY NOT NULL,
	"la_id" uuid NOT NULL,
	"short_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_item_name_length" CHECK (char_length("provision_item_name"."short_name") between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "provision_item_name" ADD CONSTRAINT "provision_item_name_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item_name" ADD CONSTRAINT "provision_item_name_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "provision_item" ADD COLUMN "previous_item_id" uuid;--> statement-breakpoint
ALTER TABLE "provision_item" ADD COLUMN "continues_previous" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "provision_item" ADD CONSTRAINT "provision_item_previous_item_id_provision_item_id_fk" FOREIGN KEY ("previous_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provision_item_continues_unique" ON "provision_item" USING btree ("previous_item_id") WHERE continues_previous;--> statement-breakpoint
ALTER TABLE "provision_item" ADD CONSTRAINT "provision_item_continues_needs_previous" CHECK (not "provision_item"."continues_previous" or "provision_item"."previous_item_id" is not null);
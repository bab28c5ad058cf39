ALTER TABLE "plan_outcome" ADD COLUMN "previous_outcome_id" uuid;--> statement-breakpoint
ALTER TABLE "plan_version" ADD COLUMN "amends_version_id" uuid;--> statement-breakpoint
ALTER TABLE "plan_version" ADD COLUMN "proposed_on" date;--> statement-breakpoint
ALTER TABLE "plan_version" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_version" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "plan_version" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_outcome" ADD CONSTRAINT "plan_outcome_previous_outcome_id_plan_outcome_id_fk" FOREIGN KEY ("previous_outcome_id") REFERENCES "public"."plan_outcome"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_amends_version_id_plan_version_id_fk" FOREIGN KEY ("amends_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- One open draft per plan (hand-written: drizzle cannot say it). Deferred to commit, because the
-- demo seed writes every version of a plan as a draft and issues them in the same transaction.
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_one_draft_per_plan" EXCLUDE USING btree ("plan_id" WITH =) WHERE (status = 'draft') DEFERRABLE INITIALLY DEFERRED;

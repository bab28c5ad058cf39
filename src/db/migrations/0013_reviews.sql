CREATE TABLE "review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"reason_detail" text,
	"concern_id" uuid,
	"run_by" text DEFAULT 'la' NOT NULL,
	"setting_id" uuid,
	"due_by" date NOT NULL,
	"transfer_to" text,
	"transfer_date" date,
	"stage" text DEFAULT 'scheduled' NOT NULL,
	"meeting_date" date,
	"meeting_time" text,
	"meeting_place" text,
	"invitations_sent_on" date,
	"papers_circulated_on" date,
	"held_on" date,
	"recommendations" text,
	"differences_of_view" text,
	"report_sent_on" date,
	"decision" text,
	"decision_on" date,
	"decided_by" uuid,
	"decision_reasons" text,
	"cease_reason" text,
	"appeal_rights_given_on" date,
	"draft_version_id" uuid,
	"amendment_proposed_on" date,
	"amended_version_id" uuid,
	"amended_plan_issued_on" date,
	"closed_on" date,
	"cancelled_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_held_after_invitations" CHECK (held_on is null or invitations_sent_on is null or held_on >= invitations_sent_on),
	CONSTRAINT "review_decision_after_meeting" CHECK (decision_on is null or (held_on is not null and decision_on >= held_on))
);
--> statement-breakpoint
CREATE TABLE "review_contribution" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"assisted_by" uuid,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_outcome_rating" (
	"la_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"evidence" text NOT NULL,
	CONSTRAINT "review_outcome_rating_review_id_outcome_id_pk" PRIMARY KEY("review_id","outcome_id"),
	CONSTRAINT "review_outcome_rating_scale" CHECK (rating between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "review_participant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"organisation" text,
	"invited_on" date,
	"attended" boolean,
	"attended_how" text
);
--> statement-breakpoint
CREATE TABLE "review_provision_record" (
	"la_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"provision_item_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"owed_minutes" integer NOT NULL,
	"delivered_minutes" integer NOT NULL,
	"missed_minutes" integer NOT NULL,
	"open_concerns" integer NOT NULL,
	"closed_concerns" integer NOT NULL,
	CONSTRAINT "review_provision_record_review_id_provision_item_id_pk" PRIMARY KEY("review_id","provision_item_id")
);
--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_plan_id_ehc_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."ehc_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_concern_id_provision_concern_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."provision_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_setting_id_setting_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."setting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_draft_version_id_plan_version_id_fk" FOREIGN KEY ("draft_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_amended_version_id_plan_version_id_fk" FOREIGN KEY ("amended_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review" ADD CONSTRAINT "review_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_contribution" ADD CONSTRAINT "review_contribution_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_contribution" ADD CONSTRAINT "review_contribution_review_id_review_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_contribution" ADD CONSTRAINT "review_contribution_document_id_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."document"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_contribution" ADD CONSTRAINT "review_contribution_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_contribution" ADD CONSTRAINT "review_contribution_assisted_by_app_user_id_fk" FOREIGN KEY ("assisted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_outcome_rating" ADD CONSTRAINT "review_outcome_rating_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_outcome_rating" ADD CONSTRAINT "review_outcome_rating_review_id_review_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_outcome_rating" ADD CONSTRAINT "review_outcome_rating_outcome_id_plan_outcome_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."plan_outcome"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participant" ADD CONSTRAINT "review_participant_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participant" ADD CONSTRAINT "review_participant_review_id_review_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participant" ADD CONSTRAINT "review_participant_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_provision_record" ADD CONSTRAINT "review_provision_record_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_provision_record" ADD CONSTRAINT "review_provision_record_review_id_review_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_provision_record" ADD CONSTRAINT "review_provision_record_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_child_idx" ON "review" USING btree ("child_id","due_by");--> statement-breakpoint
CREATE INDEX "review_la_stage_due_idx" ON "review" USING btree ("la_id","stage","due_by");--> statement-breakpoint
CREATE INDEX "review_la_meeting_idx" ON "review" USING btree ("la_id","meeting_date");--> statement-breakpoint
CREATE INDEX "review_setting_idx" ON "review" USING btree ("setting_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "review_one_open_annual_per_plan" ON "review" USING btree ("plan_id") WHERE kind <> 'interim' and stage not in ('closed', 'cancelled');--> statement-breakpoint
CREATE INDEX "review_contribution_review_idx" ON "review_contribution" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "review_participant_review_idx" ON "review_participant" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "review_participant_user_idx" ON "review_participant" USING btree ("user_id","review_id");
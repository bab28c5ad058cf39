CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"job_title" text,
	"password_hash" text NOT NULL,
	"team_id" uuid,
	"setting_id" uuid,
	"organisation_id" uuid,
	"child_id" uuid,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_authority" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dfe_code" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "local_authority_dfe_code_unique" UNIQUE("dfe_code")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempt" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ip_address" text NOT NULL,
	"email" text NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"la_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "setting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"name" text NOT NULL,
	"urn" text,
	"ukprn" text,
	"setting_type" text NOT NULL,
	"phase" text NOT NULL,
	"has_sen_unit" boolean DEFAULT false NOT NULL,
	"has_resourced_provision" boolean DEFAULT false NOT NULL,
	"postcode" text
);
--> statement-breakpoint
CREATE TABLE "child" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"forename" text NOT NULL,
	"surname" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text NOT NULL,
	"ethnicity" text NOT NULL,
	"postcode" text,
	"upn" text,
	"uln" text,
	"upn_unknown_reason" text,
	"caseworker_id" uuid,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "family_link" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"has_parental_responsibility" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "professional_assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"involvement" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date
);
--> statement-breakpoint
CREATE TABLE "ehc_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"status" text NOT NULL,
	"first_issued_date" date,
	"last_review_date" date,
	"next_review_due" date,
	"ceased_date" date,
	"cease_reason" text,
	"current_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"setting_id" uuid,
	"sen_setting_code" text,
	"rank" smallint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"sen_unit" boolean DEFAULT false NOT NULL,
	"resourced_provision" boolean DEFAULT false NOT NULL,
	"annual_cost_pence" integer
);
--> statement-breakpoint
CREATE TABLE "plan_need" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"sen_type" text NOT NULL,
	"rank" smallint NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_outcome" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"area" text NOT NULL,
	"description" text NOT NULL,
	"target_date" date
);
--> statement-breakpoint
CREATE TABLE "plan_section" (
	"la_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"section" text NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "plan_section_plan_version_id_section_pk" PRIMARY KEY("plan_version_id","section")
);
--> statement-breakpoint
CREATE TABLE "plan_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"issued_date" date,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"section" text NOT NULL,
	"position" smallint NOT NULL,
	"description" text NOT NULL,
	"provider_kind" text NOT NULL,
	"organisation_id" uuid,
	"sessions_per_period" integer,
	"minutes_per_session" integer,
	"period" text,
	"group_size" text,
	"term_time_only" boolean DEFAULT true NOT NULL,
	"annual_cost_pence" integer
);
--> statement-breakpoint
CREATE TABLE "provision_outcome" (
	"provision_item_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	CONSTRAINT "provision_outcome_provision_item_id_outcome_id_pk" PRIMARY KEY("provision_item_id","outcome_id")
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"la_id" uuid,
	"actor_user_id" uuid,
	"actor_role" text,
	"action" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"child_id" uuid,
	"request_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" jsonb
);
--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team" ADD CONSTRAINT "team_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "setting" ADD CONSTRAINT "setting_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child" ADD CONSTRAINT "child_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child" ADD CONSTRAINT "child_caseworker_id_app_user_id_fk" FOREIGN KEY ("caseworker_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child" ADD CONSTRAINT "child_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_link" ADD CONSTRAINT "family_link_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_link" ADD CONSTRAINT "family_link_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_link" ADD CONSTRAINT "family_link_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_assignment" ADD CONSTRAINT "professional_assignment_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_assignment" ADD CONSTRAINT "professional_assignment_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_assignment" ADD CONSTRAINT "professional_assignment_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ehc_plan" ADD CONSTRAINT "ehc_plan_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ehc_plan" ADD CONSTRAINT "ehc_plan_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement" ADD CONSTRAINT "placement_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement" ADD CONSTRAINT "placement_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement" ADD CONSTRAINT "placement_setting_id_setting_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."setting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_need" ADD CONSTRAINT "plan_need_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_need" ADD CONSTRAINT "plan_need_plan_version_id_plan_version_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_outcome" ADD CONSTRAINT "plan_outcome_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_outcome" ADD CONSTRAINT "plan_outcome_plan_version_id_plan_version_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_section" ADD CONSTRAINT "plan_section_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_section" ADD CONSTRAINT "plan_section_plan_version_id_plan_version_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_plan_id_ehc_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."ehc_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_issued_by_app_user_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item" ADD CONSTRAINT "provision_item_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item" ADD CONSTRAINT "provision_item_plan_version_id_plan_version_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item" ADD CONSTRAINT "provision_item_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_outcome" ADD CONSTRAINT "provision_outcome_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_outcome" ADD CONSTRAINT "provision_outcome_outcome_id_plan_outcome_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."plan_outcome"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_email_unique" ON "app_user" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "app_user_la_role_idx" ON "app_user" USING btree ("la_id","role");--> statement-breakpoint
CREATE INDEX "sign_in_attempt_ip_idx" ON "sign_in_attempt" USING btree ("ip_address","attempted_at");--> statement-breakpoint
CREATE INDEX "team_la_idx" ON "team" USING btree ("la_id");--> statement-breakpoint
CREATE INDEX "user_session_user_idx" ON "user_session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "organisation_la_idx" ON "organisation" USING btree ("la_id");--> statement-breakpoint
CREATE INDEX "setting_la_idx" ON "setting" USING btree ("la_id","name");--> statement-breakpoint
CREATE INDEX "child_la_name_idx" ON "child" USING btree ("la_id","surname","forename","id");--> statement-breakpoint
CREATE INDEX "child_la_caseworker_idx" ON "child" USING btree ("la_id","caseworker_id");--> statement-breakpoint
CREATE INDEX "child_la_upn_idx" ON "child" USING btree ("la_id","upn");--> statement-breakpoint
CREATE INDEX "family_link_child_idx" ON "family_link" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "family_link_user_idx" ON "family_link" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "professional_assignment_user_idx" ON "professional_assignment" USING btree ("user_id","child_id");--> statement-breakpoint
CREATE INDEX "professional_assignment_child_idx" ON "professional_assignment" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "ehc_plan_child_idx" ON "ehc_plan" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "ehc_plan_la_status_review_idx" ON "ehc_plan" USING btree ("la_id","status","next_review_due");--> statement-breakpoint
CREATE INDEX "placement_child_idx" ON "placement" USING btree ("child_id","rank");--> statement-breakpoint
CREATE INDEX "placement_setting_idx" ON "placement" USING btree ("setting_id","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_need_rank_unique" ON "plan_need" USING btree ("plan_version_id","rank");--> statement-breakpoint
CREATE INDEX "plan_outcome_version_idx" ON "plan_outcome" USING btree ("plan_version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_version_number_unique" ON "plan_version" USING btree ("plan_id","version_number");--> statement-breakpoint
CREATE INDEX "provision_item_version_idx" ON "provision_item" USING btree ("plan_version_id","section","position");--> statement-breakpoint
CREATE INDEX "audit_event_child_idx" ON "audit_event" USING btree ("child_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_event_la_time_idx" ON "audit_event" USING btree ("la_id","occurred_at");
CREATE TABLE "resource_base" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"designation" text NOT NULL,
	"age_from" smallint NOT NULL,
	"age_to" smallint NOT NULL,
	"commissioned_places" smallint NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_base_places" CHECK ("resource_base"."commissioned_places" >= 0),
	CONSTRAINT "resource_base_ages" CHECK ("resource_base"."age_from" <= "resource_base"."age_to")
);
--> statement-breakpoint
CREATE TABLE "resource_base_survey_answer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"resource_base_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"term_name" text NOT NULL,
	"happy" smallint NOT NULL,
	"progress" smallint NOT NULL,
	"support" smallint NOT NULL,
	"informed" smallint NOT NULL,
	"listened" smallint NOT NULL,
	"comment" text,
	CONSTRAINT "resource_base_survey_answer_scale" CHECK ("resource_base_survey_answer"."happy" between 1 and 5 and "resource_base_survey_answer"."progress" between 1 and 5 and "resource_base_survey_answer"."support" between 1 and 5 and "resource_base_survey_answer"."informed" between 1 and 5 and "resource_base_survey_answer"."listened" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "resource_base_survey_respondent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"resource_base_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_base_visit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"resource_base_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"visited_by" uuid NOT NULL,
	"findings" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_base_visit_pupil" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"progress" text NOT NULL,
	"progress_note" text,
	"provision_in_place" text,
	"provision_note" text
);
--> statement-breakpoint
ALTER TABLE "placement" ADD COLUMN "resource_base_id" uuid;--> statement-breakpoint
ALTER TABLE "resource_base" ADD CONSTRAINT "resource_base_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base" ADD CONSTRAINT "resource_base_setting_id_setting_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."setting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_survey_answer" ADD CONSTRAINT "resource_base_survey_answer_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_survey_answer" ADD CONSTRAINT "resource_base_survey_answer_resource_base_id_resource_base_id_fk" FOREIGN KEY ("resource_base_id") REFERENCES "public"."resource_base"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_survey_respondent" ADD CONSTRAINT "resource_base_survey_respondent_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_survey_respondent" ADD CONSTRAINT "resource_base_survey_respondent_resource_base_id_resource_base_id_fk" FOREIGN KEY ("resource_base_id") REFERENCES "public"."resource_base"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_survey_respondent" ADD CONSTRAINT "resource_base_survey_respondent_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit" ADD CONSTRAINT "resource_base_visit_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit" ADD CONSTRAINT "resource_base_visit_resource_base_id_resource_base_id_fk" FOREIGN KEY ("resource_base_id") REFERENCES "public"."resource_base"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit" ADD CONSTRAINT "resource_base_visit_visited_by_app_user_id_fk" FOREIGN KEY ("visited_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit_pupil" ADD CONSTRAINT "resource_base_visit_pupil_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit_pupil" ADD CONSTRAINT "resource_base_visit_pupil_visit_id_resource_base_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."resource_base_visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_base_visit_pupil" ADD CONSTRAINT "resource_base_visit_pupil_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_base_la_name_idx" ON "resource_base" USING btree ("la_id","name");--> statement-breakpoint
CREATE INDEX "resource_base_la_setting_idx" ON "resource_base" USING btree ("la_id","setting_id");--> statement-breakpoint
CREATE INDEX "resource_base_survey_answer_term_idx" ON "resource_base_survey_answer" USING btree ("la_id","resource_base_id","term_start");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_base_survey_once_per_term" ON "resource_base_survey_respondent" USING btree ("resource_base_id","term_start","user_id");--> statement-breakpoint
CREATE INDEX "resource_base_visit_base_idx" ON "resource_base_visit" USING btree ("la_id","resource_base_id","visited_on");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_base_visit_pupil_once" ON "resource_base_visit_pupil" USING btree ("visit_id","child_id");--> statement-breakpoint
CREATE INDEX "resource_base_visit_pupil_child_idx" ON "resource_base_visit_pupil" USING btree ("child_id");--> statement-breakpoint
ALTER TABLE "placement" ADD CONSTRAINT "placement_resource_base_id_resource_base_id_fk" FOREIGN KEY ("resource_base_id") REFERENCES "public"."resource_base"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_resource_base_idx" ON "placement" USING btree ("resource_base_id","end_date") WHERE resource_base_id is not null;
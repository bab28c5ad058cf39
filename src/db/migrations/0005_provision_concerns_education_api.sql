CREATE TABLE "delivery_import" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"source" text NOT NULL,
	"file_name" text,
	"content_sha256" text NOT NULL,
	"record_count" integer NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_item_ledger" (
	"provision_item_id" uuid PRIMARY KEY NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"owed_window_minutes" integer NOT NULL,
	"delivered_window_minutes" integer NOT NULL,
	"owed_silent_window_minutes" integer NOT NULL,
	"records_in_silent_window" integer NOT NULL,
	"owed_term_minutes" integer NOT NULL,
	"delivered_term_minutes" integer NOT NULL,
	"owed_year_minutes" integer NOT NULL,
	"delivered_year_minutes" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_step" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"concern_id" uuid NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"level_after" text NOT NULL,
	"due_on_after" date,
	"actor_user_id" uuid,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_concern" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"provision_item_id" uuid,
	"kind" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text NOT NULL,
	"level" text NOT NULL,
	"involves_health_commissioner" boolean DEFAULT false NOT NULL,
	"owner_user_id" uuid,
	"due_on" date NOT NULL,
	"raised_on" date NOT NULL,
	"raised_by" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_on" date,
	"early_review_called" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "education_arrangement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"offered_minutes_per_week" integer NOT NULL,
	"full_time_minutes_per_week" integer NOT NULL,
	"reason" text,
	"start_date" date NOT NULL,
	"end_date" date,
	"review_date" date,
	"agreed_by" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_idempotency" (
	"api_key_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_sha256" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_api_key_id_idempotency_key_pk" PRIMARY KEY("api_key_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "api_key" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_key_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "job_run" (
	"job" text NOT NULL,
	"la_id" uuid NOT NULL,
	"run_on" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb,
	CONSTRAINT "job_run_job_la_id_run_on_pk" PRIMARY KEY("job","la_id","run_on")
);
--> statement-breakpoint
CREATE TABLE "la_policy" (
	"la_id" uuid PRIMARY KEY NOT NULL,
	"gap_minimum_percent" smallint DEFAULT 80 NOT NULL,
	"gap_window_weeks" smallint DEFAULT 4 NOT NULL,
	"gap_silent_weeks" smallint DEFAULT 3 NOT NULL,
	"not_full_time_school_days" smallint DEFAULT 15 NOT NULL,
	"concern_step_days" smallint DEFAULT 10 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_closure" (
	"la_id" uuid NOT NULL,
	"closed_on" date NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	CONSTRAINT "school_closure_la_id_closed_on_pk" PRIMARY KEY("la_id","closed_on")
);
--> statement-breakpoint
CREATE TABLE "school_term" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"half_term_start" date,
	"half_term_end" date
);
--> statement-breakpoint
ALTER TABLE "provision_item" ADD COLUMN "provision_type" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "provision_item" ADD COLUMN "funding_source" text;--> statement-breakpoint
ALTER TABLE "provision_item" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "provision_item" ADD COLUMN "end_date" date;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD COLUMN "period_end" date;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD COLUMN "corrects_id" uuid;--> statement-breakpoint
ALTER TABLE "delivery_import" ADD CONSTRAINT "delivery_import_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_import" ADD CONSTRAINT "delivery_import_imported_by_app_user_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item_ledger" ADD CONSTRAINT "provision_item_ledger_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item_ledger" ADD CONSTRAINT "provision_item_ledger_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_item_ledger" ADD CONSTRAINT "provision_item_ledger_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_step" ADD CONSTRAINT "concern_step_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_step" ADD CONSTRAINT "concern_step_concern_id_provision_concern_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."provision_concern"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_step" ADD CONSTRAINT "concern_step_actor_user_id_app_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_concern" ADD CONSTRAINT "provision_concern_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_concern" ADD CONSTRAINT "provision_concern_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_concern" ADD CONSTRAINT "provision_concern_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_concern" ADD CONSTRAINT "provision_concern_owner_user_id_app_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_concern" ADD CONSTRAINT "provision_concern_raised_by_app_user_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_arrangement" ADD CONSTRAINT "education_arrangement_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_arrangement" ADD CONSTRAINT "education_arrangement_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_arrangement" ADD CONSTRAINT "education_arrangement_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_idempotency" ADD CONSTRAINT "api_idempotency_api_key_id_api_key_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_run" ADD CONSTRAINT "job_run_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "la_policy" ADD CONSTRAINT "la_policy_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_closure" ADD CONSTRAINT "school_closure_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_term" ADD CONSTRAINT "school_term_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_import_content_unique" ON "delivery_import" USING btree ("la_id","source","content_sha256");--> statement-breakpoint
CREATE INDEX "provision_item_ledger_la_idx" ON "provision_item_ledger" USING btree ("la_id","as_of");--> statement-breakpoint
CREATE INDEX "concern_step_concern_idx" ON "concern_step" USING btree ("concern_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_concern_one_open_per_item" ON "provision_concern" USING btree ("provision_item_id","kind") WHERE status = 'open' and provision_item_id is not null and kind <> 'parent_raised';--> statement-breakpoint
CREATE UNIQUE INDEX "provision_concern_one_open_not_full_time" ON "provision_concern" USING btree ("child_id") WHERE status = 'open' and kind = 'not_full_time';--> statement-breakpoint
CREATE INDEX "provision_concern_child_idx" ON "provision_concern" USING btree ("child_id","status");--> statement-breakpoint
CREATE INDEX "provision_concern_la_open_idx" ON "provision_concern" USING btree ("la_id","status","level","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "education_arrangement_one_current" ON "education_arrangement" USING btree ("child_id") WHERE end_date is null;--> statement-breakpoint
CREATE INDEX "education_arrangement_la_current_idx" ON "education_arrangement" USING btree ("la_id","kind","start_date") WHERE end_date is null;--> statement-breakpoint
CREATE INDEX "api_key_user_idx" ON "api_key" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "school_term_la_idx" ON "school_term" USING btree ("la_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "provision_delivery_corrects_unique" ON "provision_delivery" USING btree ("corrects_id");
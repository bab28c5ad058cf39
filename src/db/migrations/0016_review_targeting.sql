CREATE TABLE "review_officer_capacity" (
	"la_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reviews_per_term" smallint NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_officer_capacity_la_id_user_id_pk" PRIMARY KEY("la_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "review_policy" (
	"la_id" uuid PRIMARY KEY NOT NULL,
	"interim_due_weeks" smallint DEFAULT 4 NOT NULL,
	"weight_open_concern" smallint DEFAULT 15 NOT NULL,
	"weight_reduced_education" smallint DEFAULT 20 NOT NULL,
	"weight_exclusion" smallint DEFAULT 15 NOT NULL,
	"weight_phase_transfer" smallint DEFAULT 20 NOT NULL,
	"weight_placement_at_risk" smallint DEFAULT 30 NOT NULL,
	"weight_no_recent_attendance" smallint DEFAULT 15 NOT NULL,
	"recent_attendance_months" smallint DEFAULT 24 NOT NULL,
	"high_risk_score" smallint DEFAULT 40 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_officer_capacity" ADD CONSTRAINT "review_officer_capacity_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_officer_capacity" ADD CONSTRAINT "review_officer_capacity_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_officer_capacity" ADD CONSTRAINT "review_officer_capacity_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_policy" ADD CONSTRAINT "review_policy_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_officer_capacity_user_idx" ON "review_officer_capacity" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_one_open_interim_per_reason" ON "review" USING btree ("child_id","reason") WHERE kind = 'interim' and stage not in ('closed', 'cancelled');
CREATE TABLE "review_step_alert" (
	"la_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"step" text NOT NULL,
	"due_on" date NOT NULL,
	"raised_on" date NOT NULL,
	CONSTRAINT "review_step_alert_review_id_step_due_on_pk" PRIMARY KEY("review_id","step","due_on")
);
--> statement-breakpoint
ALTER TABLE "review_step_alert" ADD CONSTRAINT "review_step_alert_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_step_alert" ADD CONSTRAINT "review_step_alert_review_id_review_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."review"("id") ON DELETE no action ON UPDATE no action;
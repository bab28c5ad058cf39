CREATE TABLE "provision_delivery" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"provision_item_id" uuid NOT NULL,
	"delivered_on" date NOT NULL,
	"status" text NOT NULL,
	"sessions" integer NOT NULL,
	"minutes" integer NOT NULL,
	"missed_reason" text,
	"made_up" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provision_delivery_week" (
	"la_id" uuid NOT NULL,
	"provision_item_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"delivered_sessions" integer DEFAULT 0 NOT NULL,
	"delivered_minutes" integer DEFAULT 0 NOT NULL,
	"missed_sessions" integer DEFAULT 0 NOT NULL,
	"missed_minutes" integer DEFAULT 0 NOT NULL,
	"made_up_minutes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "provision_delivery_week_provision_item_id_week_start_pk" PRIMARY KEY("provision_item_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD CONSTRAINT "provision_delivery_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD CONSTRAINT "provision_delivery_child_id_child_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."child"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD CONSTRAINT "provision_delivery_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery" ADD CONSTRAINT "provision_delivery_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery_week" ADD CONSTRAINT "provision_delivery_week_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_delivery_week" ADD CONSTRAINT "provision_delivery_week_provision_item_id_provision_item_id_fk" FOREIGN KEY ("provision_item_id") REFERENCES "public"."provision_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provision_delivery_item_day_idx" ON "provision_delivery" USING btree ("provision_item_id","delivered_on");
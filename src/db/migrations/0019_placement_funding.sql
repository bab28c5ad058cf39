CREATE TABLE "placement_funding_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"placement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"band_id" uuid,
	"annual_amount_pence" integer,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"payer" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placement_funding_line_amount_or_band" CHECK (("placement_funding_line"."band_id" is null) <> ("placement_funding_line"."annual_amount_pence" is null)),
	CONSTRAINT "placement_funding_line_amount" CHECK ("placement_funding_line"."annual_amount_pence" is null or "placement_funding_line"."annual_amount_pence" >= 0),
	CONSTRAINT "placement_funding_line_dates" CHECK ("placement_funding_line"."effective_to" is null or "placement_funding_line"."effective_to" >= "placement_funding_line"."effective_from")
);
--> statement-breakpoint
CREATE TABLE "topup_band" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"la_id" uuid NOT NULL,
	"code" text NOT NULL,
	"setting_type" text NOT NULL,
	"annual_value_pence" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topup_band_value" CHECK ("topup_band"."annual_value_pence" >= 0),
	CONSTRAINT "topup_band_dates" CHECK ("topup_band"."effective_to" is null or "topup_band"."effective_to" >= "topup_band"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "placement" ADD COLUMN "funding_setting_type" text;--> statement-breakpoint
ALTER TABLE "placement_funding_line" ADD CONSTRAINT "placement_funding_line_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_funding_line" ADD CONSTRAINT "placement_funding_line_placement_id_placement_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_funding_line" ADD CONSTRAINT "placement_funding_line_band_id_topup_band_id_fk" FOREIGN KEY ("band_id") REFERENCES "public"."topup_band"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_band" ADD CONSTRAINT "topup_band_la_id_local_authority_id_fk" FOREIGN KEY ("la_id") REFERENCES "public"."local_authority"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_funding_line_placement_idx" ON "placement_funding_line" USING btree ("la_id","placement_id");--> statement-breakpoint
CREATE INDEX "placement_funding_line_dates_idx" ON "placement_funding_line" USING btree ("la_id","effective_from","effective_to");--> statement-breakpoint
CREATE UNIQUE INDEX "topup_band_version" ON "topup_band" USING btree ("la_id","code","setting_type","effective_from");--> statement-breakpoint
-- Placements already recorded get the funding setting type domain/funding.ts defaultFundingSettingType gives them.
UPDATE "placement" SET "funding_setting_type" = CASE
	WHEN "setting"."setting_type" LIKE 'mainstream\_%' AND "placement"."resourced_provision" THEN 'mainstream_resourced_provision'
	WHEN "setting"."setting_type" LIKE 'mainstream\_%' AND "placement"."sen_unit" THEN 'mainstream_sen_unit'
	WHEN "setting"."setting_type" = 'special_academy_free' THEN 'special_academy'
	ELSE "setting"."setting_type"
END FROM "setting" WHERE "setting"."id" = "placement"."setting_id";--> statement-breakpoint
UPDATE "placement" SET "funding_setting_type" = CASE "sen_setting_code" WHEN 'OLA' THEN 'eotas' WHEN 'EHE' THEN 'elective_home_education' WHEN 'EYP' THEN 'early_years' END WHERE "setting_id" IS NULL;

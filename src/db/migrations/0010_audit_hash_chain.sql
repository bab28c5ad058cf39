CREATE TABLE "audit_chain" (
	"la_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"last_hash" text DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_event_chain_idx" ON "audit_event" USING btree (coalesce("la_id", '00000000-0000-0000-0000-000000000000'::uuid),"chain_seq");--> statement-breakpoint
CREATE INDEX "audit_event_unchained_idx" ON "audit_event" USING btree ("id") WHERE "audit_event"."hash" is null;--> statement-breakpoint
-- Every event written from now on is chained. NOT VALID: events from before are chained by migrate, in code.
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_chained" CHECK ("chain_seq" IS NOT NULL AND "prev_hash" IS NOT NULL AND "hash" IS NOT NULL) NOT VALID;
--> statement-breakpoint
-- The one change the trigger allows: chaining, once, an event written before chaining, leaving the rest of it as it was.
CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'hash') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP;
END;
$$;
--> statement-breakpoint
-- A chain's recorded end only moves forward, so the application's role cannot rewind it to hide deleted events.
CREATE FUNCTION refuse_audit_chain_rewind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.la_id = OLD.la_id AND NEW.last_seq >= OLD.last_seq THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_chain only moves forward: % is not allowed', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_forward_only
  BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_rewind();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate
  BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_rewind();

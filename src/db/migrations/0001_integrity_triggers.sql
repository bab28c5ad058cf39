-- The audit trail is append-only: no role the application connects as may rewrite history.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
--> statement-breakpoint
-- An issued plan version is never edited in place (CoP 9.193ff: amendments are new versions).
-- The only change allowed is marking it superseded when a later version is issued.
CREATE FUNCTION refuse_issued_plan_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'plan version % has been issued and cannot be deleted', OLD.id;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'issued' AND NEW.status = 'superseded'
     AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status') THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'plan version % has been issued and cannot be changed', OLD.id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER plan_version_issued_is_immutable
  BEFORE UPDATE OR DELETE ON plan_version
  FOR EACH ROW EXECUTE FUNCTION refuse_issued_plan_version_change();
--> statement-breakpoint
-- Content rows of an issued version are frozen with it.
CREATE FUNCTION refuse_issued_plan_content_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  version_status text;
BEGIN
  SELECT status INTO version_status FROM plan_version
   WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.plan_version_id ELSE OLD.plan_version_id END;
  IF version_status IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION '% on % refused: plan version has been issued', TG_OP, TG_TABLE_NAME;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER plan_section_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_section
  FOR EACH ROW EXECUTE FUNCTION refuse_issued_plan_content_change();
--> statement-breakpoint
CREATE TRIGGER plan_need_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_need
  FOR EACH ROW EXECUTE FUNCTION refuse_issued_plan_content_change();
--> statement-breakpoint
CREATE TRIGGER plan_outcome_frozen BEFORE INSERT OR UPDATE OR DELETE ON plan_outcome
  FOR EACH ROW EXECUTE FUNCTION refuse_issued_plan_content_change();
--> statement-breakpoint
CREATE TRIGGER provision_item_frozen BEFORE INSERT OR UPDATE OR DELETE ON provision_item
  FOR EACH ROW EXECUTE FUNCTION refuse_issued_plan_content_change();

-- Delivery records are evidence: a mistake is corrected by a new entry, never by rewriting one.
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER provision_delivery_append_only
  BEFORE UPDATE OR DELETE ON provision_delivery
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

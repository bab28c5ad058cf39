-- The steps taken on a concern are the evidence of who did what and when: never rewritten.
CREATE TRIGGER concern_step_append_only
  BEFORE UPDATE OR DELETE ON concern_step
  FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

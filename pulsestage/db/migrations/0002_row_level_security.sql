-- Tenant isolation enforced by PostgreSQL itself.
-- Every tenant table gets FORCE ROW LEVEL SECURITY and one policy comparing tenant_id with the
-- transaction-local setting app.tenant_id (bound by pulsestage.db.tenancy.tenant_tx). Without the
-- binding a query sees no rows and cannot write. Superusers and BYPASSRLS roles skip RLS, so the
-- application's pooled connections SET ROLE to pulsestage_app, a NOLOGIN role without BYPASSRLS.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulsestage_app') THEN
        CREATE ROLE pulsestage_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- another database on the same cluster created it concurrently
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT pulsestage_app TO %I', current_user);
EXCEPTION WHEN others THEN
    NULL;  -- a superuser needs no membership to SET ROLE
END
$$;

GRANT USAGE ON SCHEMA public TO pulsestage_app;
GRANT SELECT, INSERT, UPDATE ON tenant TO pulsestage_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    tenant_settings, team, app_user, team_membership, user_preferences, question, tag,
    question_tag, upvote, pulse_question, pulse_schedule, pulse_cohort, pulse_invite, pulse_response
    TO pulsestage_app;
-- audit rows are append-only for the application (and a trigger refuses UPDATE/DELETE for all)
GRANT SELECT, INSERT ON audit_log TO pulsestage_app;
GRANT SELECT ON schema_migrations TO pulsestage_app;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'tenant_settings', 'team', 'app_user', 'team_membership', 'user_preferences', 'question',
        'tag', 'question_tag', 'upvote', 'audit_log', 'pulse_question', 'pulse_schedule',
        'pulse_cohort', 'pulse_invite', 'pulse_response']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I '
            'USING (tenant_id = current_setting(''app.tenant_id'', true)) '
            'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;

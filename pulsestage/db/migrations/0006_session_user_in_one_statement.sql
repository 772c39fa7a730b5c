-- The signed-in user, their memberships and the tenant's settings in one statement, so resolving
-- the caller of a request costs one round trip instead of a transaction (BEGIN + binding, SELECT,
-- COMMIT). The function binds the tenant itself, transaction-locally, and puts back whatever
-- binding was there before, so called on its own (autocommit) the binding ends with the
-- statement. It runs with the caller's rights (SECURITY INVOKER): row-level security applies to
-- every table it reads, exactly as in tenant_tx.
CREATE FUNCTION session_user_lookup(p_tenant_id text, p_user_id text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
DECLARE
    previous text := current_setting('app.tenant_id', true);
    found jsonb;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant_id, true);
    SELECT jsonb_build_object(
               'id', u.id, 'tenant_id', u.tenant_id, 'email', u.email, 'name', u.name,
               'sso_id', u.sso_id, 'primary_team_id', u.primary_team_id, 'is_active', u.is_active,
               'settings', coalesce((SELECT s.settings FROM tenant_settings s WHERE s.tenant_id = u.tenant_id),
                                    '{}'::jsonb),
               'memberships', coalesce((SELECT jsonb_object_agg(m.team_id, m.role) FROM team_membership m
                                        WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}'::jsonb))
      INTO found
      FROM app_user u
     WHERE u.tenant_id = p_tenant_id AND u.id = p_user_id;
    PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
    RETURN found;
END
$$;

GRANT EXECUTE ON FUNCTION session_user_lookup(text, text) TO pulsestage_app;

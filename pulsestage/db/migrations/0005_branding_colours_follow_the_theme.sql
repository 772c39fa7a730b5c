-- Branding colours now default to null (no override: the theme's palette decides). Earlier
-- versions stored #3B82F6 / #10B981 as the default pair, and the web app saved the whole settings
-- document, so tenants that ever saved their settings carry that pair although nobody chose it.
-- Exactly that pair (in any letter case) is removed, so those tenants follow their theme again;
-- a single colour, or any other pair, was a real choice and stays.
-- tenant_settings has FORCE ROW LEVEL SECURITY, so each tenant is bound in turn.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        UPDATE tenant_settings
           SET settings = settings #- '{branding,primaryColor}' #- '{branding,accentColor}',
               updated_at = (now() AT TIME ZONE 'utc')
         WHERE tenant_id = t
           AND upper(settings #>> '{branding,primaryColor}') = '#3B82F6'
           AND upper(settings #>> '{branding,accentColor}') = '#10B981';
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END
$$;

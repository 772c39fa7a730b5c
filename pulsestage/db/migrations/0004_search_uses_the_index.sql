-- Let full-text search use its GIN index under row-level security.
-- PostgreSQL only pushes an operator below an RLS policy (and so into an index scan) when the
-- operator's function is LEAKPROOF; the tsvector @@ tsquery operator (ts_match_vq) is not marked so
-- by default, which makes every search scan all of a tenant's questions. ts_match_vq raises no
-- data-dependent errors, so marking it leakproof reveals nothing across tenants.
-- Only a superuser may do this. Without that right the migration still succeeds (search stays
-- correct, just slower) and tells the operator the one statement to run.
DO $$
BEGIN
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'search will not use its index: as a superuser run: ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF';
END
$$;

-- Two PostgreSQL users for Lumicello Insights (PRODUCT.md §9): the schema owner, used
-- only for the migrations at start-up (MIGRATION_DATABASE_URL), and the app user, which
-- may read and write rows and nothing else (DATABASE_URL). Idempotent.
--
-- Run as a superuser, connected to the app's database (the earlier version's one too):
--   psql -d lumicello_insights -v ON_ERROR_STOP=1 -f ops/db-roles.sql
-- then give both a password:
--   ALTER ROLE lumicello_owner PASSWORD '…';  ALTER ROLE lumicello_app PASSWORD '…';

DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lumicello_owner') THEN
    CREATE ROLE lumicello_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lumicello_app') THEN
    CREATE ROLE lumicello_app LOGIN;
  END IF;
END $$;

DO $$ DECLARE r record; BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO lumicello_owner, lumicello_app', current_database());
  -- A database taken over from the earlier version: its tables (and their sequences)
  -- become the owner's, so the migrations may extend them.
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I OWNER TO lumicello_owner', r.tablename);
  END LOOP;
END $$;

-- The owner creates and changes the schema's objects.
GRANT USAGE, CREATE ON SCHEMA public TO lumicello_owner;

-- The app uses the schema and its rows: no CREATE, ALTER, DROP or TRUNCATE.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO lumicello_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lumicello_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lumicello_app;
-- And the same on what later migrations create.
ALTER DEFAULT PRIVILEGES FOR ROLE lumicello_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lumicello_app;
ALTER DEFAULT PRIVILEGES FOR ROLE lumicello_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO lumicello_app;

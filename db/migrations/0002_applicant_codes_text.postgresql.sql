-- The applicant's kind and ID types are codes, but a draft keeps what the clerk typed,
-- however long, until the rules check it at submit (as SQLite does, which never enforces
-- VARCHAR lengths): TEXT, not VARCHAR(255), on PostgreSQL.
ALTER TABLE "case" ALTER COLUMN "applicant_kind" TYPE TEXT;
ALTER TABLE "case" ALTER COLUMN "applicant_id_type" TYPE TEXT;
ALTER TABLE "case" ALTER COLUMN "agent_id_type" TYPE TEXT;

-- A change to an event is an integrity violation (SQLSTATE 23000), as SQLite's
-- RAISE(ABORT) is: the drivers report both as IntegrityError.
CREATE OR REPLACE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'event is append-only' USING ERRCODE = 'integrity_constraint_violation'; END; $$;

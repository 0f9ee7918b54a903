-- A real centre set up from an empty database (issue 18, docs/rules.md §17):
-- a department's own reconsideration body (vertically managed organs) and the written
-- delegation under which its chief representative signs; a window may be the
-- department's 一号窗口; an account with a one-time PIN must choose its own.
ALTER TABLE "department" ADD COLUMN "reconsideration_body" TEXT NOT NULL DEFAULT '';
ALTER TABLE "department" ADD COLUMN "delegation" TEXT NOT NULL DEFAULT '';
ALTER TABLE "window" ADD COLUMN "first_window" BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE "staff" ADD COLUMN "must_change_pin" BOOLEAN NOT NULL DEFAULT FALSE;

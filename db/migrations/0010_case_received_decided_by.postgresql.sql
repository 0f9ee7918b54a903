-- Who received a case (收件) and who decided it (办结), kept apart from its owner (issue 21
-- item 14): an A/B handover moves the owner, and a clerk's figures count what that clerk
-- received and decided, not what they hold now. Filled from the events that did it (the
-- staff of a case's submit event; of the complete, complete_on_spot, approve or deny event
-- of a decided case); a case changed from the command line names no one and stays NULL.
ALTER TABLE "case" ADD COLUMN "received_by_id" INTEGER REFERENCES "staff" ("id");
ALTER TABLE "case" ADD COLUMN "decided_by_id" INTEGER REFERENCES "staff" ("id");
UPDATE "case" SET "received_by_id" = (
    SELECT "staff_id" FROM "event"
    WHERE "event"."case_id" = "case"."id" AND "event"."kind" = 'submit'
    ORDER BY "event"."id" DESC LIMIT 1
) WHERE "received_on" IS NOT NULL;
UPDATE "case" SET "decided_by_id" = (
    SELECT "staff_id" FROM "event"
    WHERE "event"."case_id" = "case"."id"
      AND "event"."kind" IN ('complete', 'complete_on_spot', 'approve', 'deny')
    ORDER BY "event"."id" DESC LIMIT 1
) WHERE "state" IN ('completed', 'denied');
-- A clerk's own figures, as 0005's for the owner: received, or decided, in one period.
CREATE INDEX "case_received_by_id_received_on" ON "case" ("received_by_id", "received_on");
CREATE INDEX "case_decided_by_id_completed_on" ON "case" ("decided_by_id", "completed_on");

-- The hour-level promises (the centre's "333", issue 22; docs/rules.md §19): an item's
-- materials review within N working hours of receipt and its consultation answer within
-- N working minutes (NULL: no such promise; the answer then follows the centre's
-- setting), and a case's review clock: the moment it was received and the moment the
-- window first decided on it (accept, one-time notice, refuse, complete on the spot or
-- request approval). Both are filled from the events: the last submit's time, and the
-- time of the first event after it that left the received state, where that event was
-- such a decision (a case deemed accepted or withdrawn before any was never reviewed).
ALTER TABLE "item" ADD COLUMN "review_hours" INTEGER;
ALTER TABLE "item" ADD COLUMN "answer_minutes" INTEGER;
ALTER TABLE "case" ADD COLUMN "received_at" TIMESTAMP;
ALTER TABLE "case" ADD COLUMN "reviewed_at" TIMESTAMP;
UPDATE "case" SET "received_at" = (
    SELECT "at" FROM "event"
    WHERE "event"."case_id" = "case"."id" AND "event"."kind" = 'submit'
    ORDER BY "event"."id" DESC LIMIT 1
) WHERE "received_on" IS NOT NULL;
UPDATE "case" SET "reviewed_at" = (
    SELECT CASE WHEN "step"."kind" = 'deem_accepted' OR "step"."kind" = 'withdraw'
        THEN NULL ELSE "step"."at" END
    FROM "event" AS "step"
    WHERE "step"."case_id" = "case"."id"
      AND "step"."kind" IN ('issue_notice', 'accept', 'refuse', 'complete_on_spot',
                            'request_approval', 'deem_accepted', 'withdraw')
      AND "step"."id" > (
          SELECT MAX("submit"."id") FROM "event" AS "submit"
          WHERE "submit"."case_id" = "case"."id" AND "submit"."kind" = 'submit'
      )
    ORDER BY "step"."id" LIMIT 1
) WHERE "received_at" IS NOT NULL;

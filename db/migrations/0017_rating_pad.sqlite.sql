-- Ratings given by the applicant on the window's pad (好差评, issue 24; docs/rules.md §11).
-- rating_request: one per service a clerk finishes (一次一评), pending until rated on the
-- pad or timed out; rating_follow_up: a 差评's follow-up (回访) with its deadline, contact,
-- result and the clerk's appeal (申诉); rating: the case's final rating (一事一评), now the
-- delivery's request once rated. Each rating a clerk typed before becomes a request of kind
-- "entered" (rated, no device), its follow-up a follow-up without a deadline (it had none),
-- and its comment the request's text: history stays readable, nothing is invented.
DROP INDEX "rating_follow_up_closed_by_id";
CREATE TABLE "rating_request" ("id" INTEGER NOT NULL PRIMARY KEY, "window_id" INTEGER, "staff_id" INTEGER NOT NULL, "case_id" INTEGER, "consultation_id" INTEGER, "kind" VARCHAR(255) NOT NULL, "requested_at" DATETIME NOT NULL, "state" VARCHAR(255) NOT NULL, "level" INTEGER, "reason" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, "rated_at" DATETIME, "device_id" INTEGER, FOREIGN KEY ("window_id") REFERENCES "window" ("id"), FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"), FOREIGN KEY ("case_id") REFERENCES "case" ("id"), FOREIGN KEY ("consultation_id") REFERENCES "consultation" ("id"), FOREIGN KEY ("device_id") REFERENCES "device" ("id"));
CREATE INDEX "rating_request_window_id" ON "rating_request" ("window_id");
CREATE INDEX "rating_request_staff_id" ON "rating_request" ("staff_id");
CREATE INDEX "rating_request_case_id" ON "rating_request" ("case_id");
CREATE INDEX "rating_request_consultation_id" ON "rating_request" ("consultation_id");
CREATE INDEX "rating_request_device_id" ON "rating_request" ("device_id");
CREATE INDEX "rating_request_window_id_state" ON "rating_request" ("window_id", "state");
CREATE INDEX "rating_request_rated_at" ON "rating_request" ("rated_at");
CREATE TABLE "rating_follow_up" ("id" INTEGER NOT NULL PRIMARY KEY, "request_id" INTEGER NOT NULL, "due_on" DATE, "contact" TEXT NOT NULL, "contacted_at" DATETIME, "result" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, "closed_by_id" INTEGER, "closed_at" DATETIME, "appeal" TEXT NOT NULL, "appealed_at" DATETIME, "appeal_outcome" VARCHAR(255) NOT NULL, "appeal_note" TEXT NOT NULL, "appeal_decided_by_id" INTEGER, "appeal_decided_at" DATETIME, FOREIGN KEY ("request_id") REFERENCES "rating_request" ("id"), FOREIGN KEY ("closed_by_id") REFERENCES "staff" ("id"), FOREIGN KEY ("appeal_decided_by_id") REFERENCES "staff" ("id"));
CREATE UNIQUE INDEX "rating_follow_up_request_id" ON "rating_follow_up" ("request_id");
CREATE INDEX "rating_follow_up_closed_by_id" ON "rating_follow_up" ("closed_by_id");
CREATE INDEX "rating_follow_up_appeal_decided_by_id" ON "rating_follow_up" ("appeal_decided_by_id");
CREATE INDEX "rating_follow_up_closed_at_due_on" ON "rating_follow_up" ("closed_at", "due_on");
INSERT INTO "rating_request" ("window_id", "staff_id", "case_id", "consultation_id", "kind", "requested_at", "state", "level", "reason", "text", "rated_at", "device_id") SELECT c."window_id", c."owner_id", r."case_id", NULL, 'entered', r."rated_at", 'rated', r."level", '', r."comment", r."rated_at", NULL FROM "rating" r JOIN "case" c ON c."id" = r."case_id" ORDER BY r."id";
INSERT INTO "rating_follow_up" ("request_id", "due_on", "contact", "contacted_at", "result", "note", "closed_by_id", "closed_at", "appeal", "appealed_at", "appeal_outcome", "appeal_note", "appeal_decided_by_id", "appeal_decided_at") SELECT q."id", NULL, '', NULL, '', r."follow_up_note", r."follow_up_closed_by_id", r."follow_up_closed_at", '', NULL, '', '', NULL, NULL FROM "rating" r JOIN "rating_request" q ON q."case_id" = r."case_id" AND q."kind" = 'entered' WHERE r."level" >= 4 ORDER BY q."id";
ALTER TABLE "rating" RENAME TO "rating_entered";
DROP INDEX "rating_case_id";
CREATE TABLE "rating" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "request_id" INTEGER NOT NULL, "level" INTEGER NOT NULL, "rated_at" DATETIME NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id"), FOREIGN KEY ("request_id") REFERENCES "rating_request" ("id"));
INSERT INTO "rating" ("id", "case_id", "request_id", "level", "rated_at") SELECT r."id", r."case_id", q."id", r."level", r."rated_at" FROM "rating_entered" r JOIN "rating_request" q ON q."case_id" = r."case_id" AND q."kind" = 'entered' ORDER BY r."id";
DROP TABLE "rating_entered";
CREATE UNIQUE INDEX "rating_case_id" ON "rating" ("case_id");
CREATE UNIQUE INDEX "rating_request_id" ON "rating" ("request_id");

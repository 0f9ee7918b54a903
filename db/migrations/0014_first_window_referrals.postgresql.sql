-- Referrals to a department's 一号窗口 (转一号窗口, issue 22; docs/rules.md §20): a case or
-- a consultation, from a clerk with a note, taken by the chief representative or a deputy,
-- and closed as decided, answered or sent back.
CREATE TABLE "referral" ("id" SERIAL NOT NULL PRIMARY KEY, "department_id" INTEGER NOT NULL, "case_id" INTEGER, "consultation_id" INTEGER, "referred_by_id" INTEGER NOT NULL, "note" TEXT NOT NULL, "referred_at" TIMESTAMP NOT NULL, "state" VARCHAR(255) NOT NULL, "taken_by_id" INTEGER, "taken_at" TIMESTAMP, "outcome" VARCHAR(255) NOT NULL, "decision" VARCHAR(255) NOT NULL, "reply" TEXT NOT NULL, "closed_by_id" INTEGER, "closed_at" TIMESTAMP, FOREIGN KEY ("department_id") REFERENCES "department" ("id"), FOREIGN KEY ("case_id") REFERENCES "case" ("id"), FOREIGN KEY ("consultation_id") REFERENCES "consultation" ("id"), FOREIGN KEY ("referred_by_id") REFERENCES "staff" ("id"), FOREIGN KEY ("taken_by_id") REFERENCES "staff" ("id"), FOREIGN KEY ("closed_by_id") REFERENCES "staff" ("id"), CHECK (("case_id" IS NULL) <> ("consultation_id" IS NULL)));
CREATE INDEX "referral_department_id_state" ON "referral" ("department_id", "state");
CREATE INDEX "referral_case_id" ON "referral" ("case_id");
CREATE INDEX "referral_consultation_id" ON "referral" ("consultation_id");

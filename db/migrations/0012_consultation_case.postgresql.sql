-- A consultation that became an application names its case (issue 22): the intake
-- carries the item and the visitor over, and the reports count questions converted.
ALTER TABLE "consultation" ADD COLUMN "case_id" INTEGER REFERENCES "case" ("id");

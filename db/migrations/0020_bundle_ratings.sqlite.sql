-- A bundle case's steps at the comprehensive window are rated once each (一次一评, issue
-- 24; docs/rules.md §11, §21.1): the request of its acceptance, combined notice or
-- delivery names the bundle case, whose office follows up a 差评 and counts it. Its
-- index holds the rows that name one (docs/architecture.md §2.9).
ALTER TABLE "rating_request" ADD COLUMN "bundle_case_id" INTEGER REFERENCES "bundle_case" ("id");
CREATE INDEX "rating_request_bundle_case_id" ON "rating_request" ("bundle_case_id") WHERE ("bundle_case_id" IS NOT NULL);

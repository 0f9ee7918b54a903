-- The pad's requests by the moment they were asked: the reports count a period's
-- (参评率's denominator), which read every request of the centre without it.
-- The indexes of references most rows leave NULL hold only the rows that name one
-- (docs/architecture.md §2.9): a case's bundle case and key project, a document's bundle
-- case, a rating request's consultation. SQLite's statistics counted the NULLs as one
-- key shared by nearly every row, after which its planner read the whole table rather
-- than the index (a bundle case's cases: 440 ms at a million cases, 4 ms so).
DROP INDEX "case_bundle_case_id";
CREATE INDEX "case_bundle_case_id" ON "case" ("bundle_case_id") WHERE ("bundle_case_id" IS NOT NULL);
DROP INDEX "case_key_project_id";
CREATE INDEX "case_key_project_id" ON "case" ("key_project_id") WHERE ("key_project_id" IS NOT NULL);
DROP INDEX "document_bundle_case_id";
CREATE INDEX "document_bundle_case_id" ON "document" ("bundle_case_id") WHERE ("bundle_case_id" IS NOT NULL);
DROP INDEX "rating_request_consultation_id";
CREATE INDEX "rating_request_consultation_id" ON "rating_request" ("consultation_id") WHERE ("consultation_id" IS NOT NULL);
CREATE INDEX "rating_request_requested_at" ON "rating_request" ("requested_at");

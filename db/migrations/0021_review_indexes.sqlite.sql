-- The materials reviews ended in a period, of the items that promise one (the review
-- promise's figures, docs/rules.md §19; the daily overdue report's late ones): the
-- centre's report read every case of the centre for them (134 ms at a million cases,
-- 25 ms so), a clerk's F6 every case the clerk ever received (12 ms, under 1 ms so).
CREATE INDEX "case_item_id_reviewed_at" ON "case" ("item_id", "reviewed_at");
CREATE INDEX "case_received_by_id_reviewed_at" ON "case" ("received_by_id", "reviewed_at");

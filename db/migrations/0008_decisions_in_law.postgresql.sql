-- Decisions that stand up in law (issue 19, docs/rules.md §6 and §8):
-- an item's type (事项类型: only licensing items cite 行政许可法), the unit of its time
-- limits (natural days where its own law says so), whether Art. 42's extension applies,
-- the law under which an application not corrected in time is deemed withdrawn (empty:
-- none, the case stays open), and the special procedures its guide names (特殊环节, a
-- JSON list of {"name", "days"}); a case's decision date, result or licence number and
-- delivery date (送达, Art. 44); a suspension's ground from Art. 45's closed list.
ALTER TABLE "item" ADD COLUMN "item_type" TEXT NOT NULL DEFAULT 'licensing';
ALTER TABLE "item" ADD COLUMN "limit_unit" TEXT NOT NULL DEFAULT 'working';
ALTER TABLE "item" ADD COLUMN "extendable" BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE "item" ADD COLUMN "withdrawal_basis" TEXT NOT NULL DEFAULT '';
ALTER TABLE "item" ADD COLUMN "special_steps" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "case" ADD COLUMN "decided_on" DATE;
ALTER TABLE "case" ADD COLUMN "result_number" TEXT NOT NULL DEFAULT '';
ALTER TABLE "case" ADD COLUMN "delivered_on" DATE;
ALTER TABLE "suspension" ADD COLUMN "ground" TEXT NOT NULL DEFAULT '';

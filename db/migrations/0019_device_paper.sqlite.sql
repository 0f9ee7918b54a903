-- A ticket kiosk's receipt roll, in mm (58 or 80; issue 24, docs/rules.md §24): the
-- device's own setting, from the centre file or `device bind --paper`; NULL: not set (58).
-- `counter-tui kiosk --paper` still overrides it.
ALTER TABLE "device" ADD COLUMN "paper" INTEGER;

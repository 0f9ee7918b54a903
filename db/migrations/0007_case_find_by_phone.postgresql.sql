-- Finding a case (F8) by the applicant's phone too (issue 21 item 15). PostgreSQL's index
-- of migration 0004 holds the order only (see there): nothing to change.
SELECT 1;

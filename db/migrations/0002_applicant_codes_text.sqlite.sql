-- Nothing to change on SQLite, which never enforces VARCHAR lengths and whose event
-- trigger already aborts as an integrity error; see the PostgreSQL
-- migration of the same number (the applicant's kind and ID types become TEXT there).
SELECT 1;

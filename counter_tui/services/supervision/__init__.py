"""Supervision orders (督办, docs/rules.md §22): a chief representative's or an
administrator's order on a case, a bundle case or a key project, answered by whoever holds
it and closed by whoever issued it."""

"""A clerk taking intakes one after another, each step its own transaction, printing each
finished case's number: ``python tests/intake_worker.py DATABASE CLERK MARK [COUNT]``
(without COUNT, until killed). The crash and concurrency tests run it as a process."""

import sys

from case_checks import PERSON

from counter_tui.services.auth import session_of
from counter_tui.services.centre.opening import open_database
from counter_tui.services.intake import checklist, decisions, draft
from counter_tui.store.models import Staff


def main(database: str, clerk_code: str, mark: str, count: int | None) -> None:
    open_database(database)
    clerk = session_of(Staff.get(Staff.code == clerk_code))
    applicant = {**PERSON, "name": mark}
    done = 0
    while count is None or done < count:
        number = draft.start_draft(clerk, "GA-010")
        draft.update_applicant(clerk, number, applicant)
        checklist.mark_all_remaining_provided(clerk, number)
        decisions.submit(clerk, number)
        decisions.accept(clerk, number)
        print(number, flush=True)
        done += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)

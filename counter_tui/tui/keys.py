"""The key map: every global action, its keys and its words, in one table (docs/architecture.md
§4.1).

Each action has a primary key (an F-key where the design names one) and at least
one Ctrl or letter alternative, because some terminals take F-keys for themselves
(F1, F10, F11). Every binding has a stable dotted id (``app.lock``, ``case.extend``)
by which the user's keymap file (tui/keymap.py) moves it.

Later screens add their actions here and bind them with ``binding(...)``; the help
screen lists whatever the screen in front binds. ``RESERVED`` keeps the keys of
features still to come so nothing else takes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from counter_tui.domain.errors import N_
from counter_tui.i18n import _


@dataclass(frozen=True)
class KeyAction:
    """One action a person can trigger by key."""

    action: str  # the action method's name, without ``action_``
    keys: tuple[str, ...]  # primary first, then the alternatives
    label: str  # short footer word (English msgid)
    help: str  # one line for the help screen and the command palette (English msgid)
    _: KW_ONLY
    # Stable, dotted: the name a user's keymap file moves it by (``app.lock = "ctrl+k"``);
    # one id, one action, even where several screens bind it.
    id: str
    show: bool = True
    # Priority bindings are checked before the focused widget, so no widget can swallow
    # them; printable keys still reach an Input because Textual drops bindings whose key
    # the focused widget consumes.
    priority: bool = True

    def binding(self) -> Binding:
        """The Textual binding, with the English msgids (translated per instance)."""
        return Binding(
            ",".join(self.keys),
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


HELP = KeyAction(
    "help", ("f1", "question_mark"), N_("Help"), N_("Show the keys and what they do"), id="app.help"
)
LOCK = KeyAction(
    "lock",
    ("ctrl+l",),
    N_("Lock"),
    N_("Lock the workstation at once; your PIN unlocks it"),
    id="app.lock",
)
SIGN_OUT = KeyAction(
    "sign_out",
    ("ctrl+o",),
    N_("Sign out"),
    N_("Sign out and return to the sign-in screen"),
    id="app.sign_out",
)
QUIT = KeyAction("quit", ("ctrl+q",), N_("Quit"), N_("Close the program"), id="app.quit")
GUIDES = KeyAction(
    "guides",
    ("f3", "ctrl+g"),
    N_("Guides"),
    N_("Look up an item's service guide: materials, conditions, time limits, fees"),
    id="app.guides",
)
INTAKE = KeyAction(
    "intake",
    ("f2", "ctrl+n"),
    N_("Intake"),
    N_("Take an application (收件): choose the item, or reopen one of your drafts"),
    id="app.new_intake",
)
QUEUE = KeyAction(
    "queue",
    ("f5", "ctrl+f"),
    N_("Queue"),
    N_("Open cases, most urgent first: yours, your window's, the department's (chief)"),
    id="app.queue",
)
HANDOVER = KeyAction(
    "handover",
    ("f4", "ctrl+t"),
    N_("Handover"),
    N_("A/B handover (交接): hand your open work over, or take over what waits for you"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.handover",
)
FIND_CASE = KeyAction(
    "find_case",
    ("f8", "ctrl+y"),  # Ctrl+B is tmux's prefix
    N_("Find case"),
    N_("Find a case by number, name or ID: the supplement (补正), a draft, a reprint"),
    id="app.find_case",
)
APPROVALS = KeyAction(
    "approvals",
    ("f7", "ctrl+z"),
    N_("Approvals"),
    N_("The chief representative's approvals: 一审一核 decisions, extensions, refusals"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.approvals",
)
REPORTS = KeyAction(
    "reports",
    ("f6", "ctrl+r"),
    N_("Reports"),
    N_("The figures: received, completed, on the spot, on time, overdue, ratings; exports"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.reports",
)
WINDOWS = KeyAction(
    "windows",
    ("ctrl+w",),
    N_("Windows"),
    N_("The windows' A and B clerks (administrator)"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.windows",
)
STAFF = KeyAction(
    "staff",
    ("ctrl+e",),  # 员工 (yuángōng)
    N_("Staff"),
    N_("The staff's accounts: add, reset a PIN, unlock, disable, enable (administrator)"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.staff",
)
DEPARTMENTS = KeyAction(
    "departments",
    ("ctrl+a",),  # the organs (agencies) of the centre
    N_("Departments"),
    N_("The departments: names, reconsideration body, delegation (administrator)"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.departments",
)
PROFILE = KeyAction(
    "profile",
    ("f12", "ctrl+j"),
    N_("Profile"),
    N_("The centre's profile: address, phones, reconsideration, court, hours (administrator)"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.profile",
)
CONSULT = KeyAction(
    "consult",
    ("f10", "ctrl+x"),  # Ctrl+X: 询 (xún); some terminals keep F10 for their menu
    N_("Question"),
    N_("Record a visitor's question (咨询登记): answered now, to call back, or referred"),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    id="app.consult",
)
PROJECTS = KeyAction(
    "projects",
    ("ctrl+u",),  # Ctrl+K is the keymap's example; an input keeps its own Ctrl+U
    N_("Key projects"),
    N_(
        "The key projects and each one's progress board (chiefs, deputies, the "
        "administrator, a liaison)"
    ),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    priority=False,
    id="app.projects",
)
FOLLOW_UPS = KeyAction(
    "follow_ups",
    # Every Ctrl key an input leaves alone is taken: V for visit (回访). Not a priority
    # key: in a text field Ctrl+V keeps pasting.
    ("ctrl+v",),
    N_("Follow-ups"),
    N_(
        "The poor ratings (差评) to follow up: the contact, the result, the clerk's "
        "appeal (申诉) and the chief's decision"
    ),
    show=False,  # the footer is full at 80 columns: the home screen names it,
    priority=False,
    id="app.follow_ups",
)
COMMANDS = KeyAction(
    "command_palette",
    ("ctrl+p",),
    N_("Commands"),
    N_("Search every command by name"),
    show=False,  # the footer shows the palette key at its right-hand end anyway,
    id="app.commands",
)
BACK = KeyAction(
    "back",
    ("escape",),
    N_("Back"),
    N_("Close this screen and go back"),
    priority=False,
    id="screen.back",
)

# Global actions, in the order the footer and the help screen show them.
GLOBAL: tuple[KeyAction, ...] = (
    HELP,
    INTAKE,
    GUIDES,
    CONSULT,
    HANDOVER,
    QUEUE,
    FIND_CASE,
    REPORTS,
    APPROVALS,
    FOLLOW_UPS,
    PROJECTS,
    WINDOWS,
    STAFF,
    DEPARTMENTS,
    PROFILE,
    LOCK,
    SIGN_OUT,
    QUIT,
    COMMANDS,
)

# Keys of one screen. The item search's Enter is bound on its field, not on the screen:
# a key bound there goes through the field's own queue, after the characters typed
# before it, so a fast "qzsn Enter" chooses from the results for "qzsn".
CHOOSE_ITEM = KeyAction(
    "choose",
    ("enter",),
    N_("Open"),
    N_("Open the guide of the highlighted item"),
    priority=False,
    id="guides.open",
)
# The guide view has no field: a plain letter is safe there. Ctrl+D: 打印 (dǎyìn).
PRINT_GUIDE = KeyAction(
    "print_guide",
    ("p", "ctrl+d"),
    N_("Print"),
    N_("Print the guide for the applicant (a PDF file)"),
    priority=False,
    id="guide.print",
)


def _step(action: str, keys: tuple[str, ...], label: str, help: str, *, id: str) -> KeyAction:
    """A key of one screen: not a priority binding, so a field keeps its keys."""
    return KeyAction(action, keys, label, help, id=id, priority=False)


# Tab between a form's fields, taken before the keys that follow it. A card reader (or a
# fast typist) sends "330106…⇥138…" in one burst; Textual's own Tab, reached only after the
# field has seen the key, moved the focus after the rest had already gone into the field
# it left. A priority binding is acted on by the app before the next key is passed on.
NEXT_FIELD = KeyAction(
    "app.focus_next",
    ("tab",),
    N_("Next field"),
    N_("Move to the next field"),
    show=False,
    id="form.next_field",
)
PREVIOUS_FIELD = KeyAction(
    "app.focus_previous",
    ("shift+tab",),
    N_("Previous field"),
    N_("Move to the previous field"),
    show=False,
    id="form.previous_field",
)
FIELD_KEYS = (NEXT_FIELD, PREVIOUS_FIELD)

# Intake. The applicant form is all fields: its keys are F-keys and Ctrl keys that an
# input does not use (Ctrl+S reaches the program: the terminal is in raw mode).
NEXT_STEP = KeyAction(
    "next_step",
    ("f9", "ctrl+s"),
    N_("Next"),
    N_("Go on to the next step (the draft is saved)"),
    id="intake.next",
)
# F11: the letter of the detail screens (Z) would go into the field; every Ctrl key an
# input leaves alone is taken (Ctrl+K is the keymap's example). Where a terminal keeps
# F11 for itself, Z on the draft's detail does the same, or a keymap moves it.
INTAKE_KEY_PROJECT = KeyAction(
    "key_project",
    ("f11",),
    N_("Key project"),
    N_("Link the application to a key project (重点项目), or take it off its project"),
    id="intake.key_project",
)
OPEN_CASE = _step(
    "open_case", ("enter",), N_("Open"), N_("Open the highlighted case"), id="case.open"
)
DISCARD_DRAFT = _step(
    "discard",
    ("delete",),
    N_("Discard"),
    N_("Give up the highlighted draft (it is withdrawn)"),
    id="drafts.discard",
)
# The checklist is a table: plain letters are safe there.
MARK_PROVIDED = _step(
    "mark('provided')",
    ("p",),
    N_("Provided"),
    N_("Mark the material provided: form, copies"),
    id="checklist.provided",
)
MARK_MISSING = _step(
    "mark('missing')",
    ("m",),
    N_("Missing"),
    N_("Mark the material missing"),
    id="checklist.missing",
)
MARK_DEFICIENT = _step(
    "mark('deficient')",
    ("d",),
    N_("Deficient"),
    N_("Mark the material deficient, with the reason (common ones offered)"),
    id="checklist.deficient",
)
MARK_DEFERRED = _step(
    "mark('deferred')",
    ("r",),
    N_("Defer"),
    N_("容缺: the material follows later, by the applicant's commitment date"),
    id="checklist.deferred",
)
MARK_NOT_APPLICABLE = _step(
    "mark('not_applicable')",
    ("n",),
    N_("N/A"),
    N_("A conditional material whose condition does not apply"),
    id="checklist.not_applicable",
)
ALL_PROVIDED = _step(
    "all_provided",
    ("a",),
    N_("All provided"),
    N_("Mark every remaining material provided"),
    id="checklist.all_provided",
)
# The decision step.
ACCEPT = _step(
    "accept", ("a",), N_("Accept"), N_("Accept the application (受理)"), id="decision.accept"
)
ON_THE_SPOT = _step(
    "on_the_spot",
    ("j",),
    N_("On the spot"),
    N_("Complete on the spot (即办); under 一审一核 it goes to the chief representative"),
    id="decision.on_the_spot",
)
NOTICE = _step(
    "notice",
    ("g",),
    N_("Notice"),
    N_("One-time notice (一次性告知) of everything missing or deficient"),
    id="decision.notice",
)
REFUSE = _step(
    "refuse",
    ("x",),
    N_("Refuse"),
    N_("Refuse to accept (不予受理), with the reason"),
    id="decision.refuse",
)
# A document just issued.
PRINT_DOCUMENT = _step(
    "print_document",
    ("p", "ctrl+d"),
    N_("Print"),
    N_("Print the document (a PDF file)"),
    id="document.print",
)
NEXT_DOCUMENT = _step(
    "next_document",
    ("tab",),
    N_("Next document"),
    N_("Show the case's other document"),
    id="document.next",
)
GO_HOME = _step(
    "home", ("enter", "h"), N_("Home"), N_("Back to the home screen"), id="document.home"
)
# A decision's document shown before it is issued: Enter issues, Esc goes back (BACK).
ISSUE = _step(
    "issue",
    ("enter",),
    N_("Issue"),
    N_("Take the decision and issue the document shown"),
    id="preview.issue",
)
# The administrator's windows.
SET_CLERKS = _step(
    "set_clerks",
    ("enter",),
    N_("Change"),
    N_("Set the highlighted window's A and B clerk and its phone"),
    id="windows.set_clerks",
)
FIRST_WINDOW = _step(
    "first_window",
    ("f",),
    N_("一号窗口"),
    N_("Make the highlighted window its department's 一号窗口, or no longer"),
    id="windows.first",
)
COMPREHENSIVE_WINDOW = _step(
    "comprehensive_window",
    ("c",),
    N_("综合窗口"),
    N_("Make the highlighted window a comprehensive window (综合窗口), or no longer"),
    id="windows.comprehensive",
)
ADD_WINDOW = _step(
    "add_window",
    ("a",),
    N_("Add"),
    N_("Add a window: number, department code, phone"),
    id="windows.add",
)
# The administrator's staff: the table has the focus, so letters are safe.
RESET_PIN = _step(
    "reset_pin",
    ("p",),
    N_("Reset PIN"),
    N_("Give the highlighted account a new one-time PIN (the lock is cleared)"),
    id="staff.reset_pin",
)
UNLOCK = _step(
    "unlock",
    ("u",),
    N_("Unlock"),
    N_("Clear the highlighted account's lock after wrong PINs"),
    id="staff.unlock",
)
DISABLE_STAFF = _step(
    "disable",
    ("d",),
    N_("Disable"),
    N_("Deactivate the highlighted account (not while it has open work)"),
    id="staff.disable",
)
ENABLE_STAFF = _step(
    "enable",
    ("e",),
    N_("Enable"),
    N_("Make the highlighted account active again"),
    id="staff.enable",
)
ADD_STAFF = _step(
    "add_staff",
    ("a",),
    N_("Add"),
    N_("Add an account: code, name, role, department and a one-time PIN"),
    id="staff.add",
)
# The administrator's departments.
EDIT_DEPARTMENT = _step(
    "edit",
    ("enter",),
    N_("Change"),
    N_("Change the highlighted department's names, reconsideration body and delegation"),
    id="departments.edit",
)
CHIEF_SIGNS = _step(
    "chief_signs",
    ("s",),
    N_("Chief signs"),
    N_("Whether the department's refusals need the chief representative's signature"),
    id="departments.chief_signs",
)
ADD_DEPARTMENT = _step(
    "add_department",
    ("a",),
    N_("Add"),
    N_("Add a department: code, full name, short name"),
    id="departments.add",
)
# The administrator's centre profile.
EDIT_PROFILE = _step(
    "edit_profile",
    ("enter",),
    N_("Change"),
    N_("Change the centre's address, phones, reconsideration body, court and hours"),
    id="profile.edit",
)
# The chief's approvals.
APPROVE = _step(
    "approve", ("a",), N_("Approve"), N_("Approve the highlighted request"), id="approvals.approve"
)
REJECT = _step(
    "reject",
    ("x",),
    N_("Turn down"),
    N_("Turn the highlighted request down, with the reason"),
    id="approvals.reject",
)
# 差评回访 (docs/rules.md §11): the table has the focus, so letters are safe. R: 记录 the
# contact; O closes, as the case detail's O does; S: 申诉 (shēnsù); D: decide.
FOLLOW_UP_CONTACT = _step(
    "contact",
    ("r",),
    N_("Contact"),
    N_("Record the contact with the applicant: how and when reached, what they said"),
    id="follow_up.contact",
)
FOLLOW_UP_CLOSE = _step(
    "close_follow_up",
    ("o",),
    N_("Close"),
    N_("Close the follow-up with its result (整改 or explained) and a note"),
    id="follow_up.close",
)
FOLLOW_UP_APPEAL = _step(
    "appeal",
    ("s",),
    N_("Appeal"),
    N_("申诉: appeal against the poor rating you were given, with your grounds"),
    id="follow_up.appeal",
)
FOLLOW_UP_DECIDE = _step(
    "decide",
    ("d",),
    N_("Decide appeal"),
    N_("The chief's decision on a clerk's appeal: upheld or rejected, with a note"),
    id="follow_up.decide",
)
FOLLOW_UP_OPEN = _step(
    "open_row",
    ("enter",),
    N_("Open"),
    N_("Open the highlighted case's detail, or the question"),
    id="follow_up.open",
)
# The queue: the table has the focus, so letters are safe; "/" goes to the search field.
OPEN_DETAIL = _step(
    "open_detail", ("enter",), N_("Open"), N_("Open the highlighted case's detail"), id="queue.open"
)
QUEUE_SCOPE = _step(
    "scope",
    ("s",),
    N_("Scope"),
    N_("Switch between your cases, your window's and the department's (chief)"),
    id="queue.scope",
)
QUEUE_LIGHT = _step(
    "light",
    ("l",),
    N_("Light"),
    N_("Show one light only: overdue, due soon, on time, not started"),
    id="queue.light",
)
QUEUE_STATE = _step(
    "state", ("t",), N_("State"), N_("Show one state only, or all of them"), id="queue.state"
)
QUEUE_ITEM = _step(
    "item",
    ("i",),
    N_("Item"),
    N_("Only the highlighted case's item; again, every item"),
    id="queue.item",
)
# The 一号窗口's scope (an approver's): take the highlighted referral, or send it back.
QUEUE_TAKE = _step(
    "take",
    ("k",),
    N_("Take"),
    N_("一号窗口受理: take the highlighted case referred to your 一号窗口"),
    id="queue.take",
)
QUEUE_SEND_BACK = _step(
    "send_back",
    ("b",),
    N_("Send back"),
    N_("Send the highlighted referral back to its clerk with a note"),
    id="queue.send_back",
)
QUEUE_SEARCH = _step(
    "search",
    ("slash",),
    N_("Search"),
    N_("Search by case number, applicant name or ID number"),
    id="queue.search",
)
# The case detail. Tab moves between its sections; keys of later actions come here.
NEXT_SECTION = _step(
    "next_section",
    ("tab",),
    N_("Next section"),
    N_("Checklist, documents, timeline in turn"),
    id="case.next_section",
)
PREVIOUS_SECTION = KeyAction(
    "previous_section",
    ("shift+tab",),
    N_("Previous section"),
    N_("The sections in the other direction"),
    show=False,
    priority=False,
    id="case.previous_section",
)
REPRINT = _step(
    "reprint",
    ("p", "ctrl+d"),
    N_("Reprint"),
    N_("Preview the highlighted document, then print it again"),
    id="case.reprint",
)
CASE_CONTINUE = KeyAction(
    "continue_case",
    ("f9", "ctrl+s"),
    N_("Continue"),
    N_("Carry on where the case's work is: the applicant, the checklist, the supplement"),
    id="case.continue",
)
# Actions on a case, in its detail (only those the case allows are shown).
CASE_FORWARD = _step(
    "case('forward')",
    ("f",),
    N_("Forward"),
    N_("Forward to the back office for review"),
    id="case.forward",
)
CASE_REVIEW = _step(
    "case('record_review')",
    ("v",),
    N_("Review result"),
    N_("Record the review result"),
    id="case.review",
)
CASE_APPROVAL = _step(
    "case('request_approval')",
    ("k",),
    N_("To the chief"),
    N_("一审一核: send your review to the chief representative for approval"),
    id="case.to_chief",
)
CASE_COMPLETE = _step(
    "case('complete')",
    ("c",),
    N_("Complete"),
    N_("The result is handed over or posted"),
    id="case.complete",
)
CASE_DENY = _step(
    "case('deny')",
    ("d",),
    N_("Deny"),
    N_("Record the decision not to grant (不予许可)"),
    id="case.deny",
)
CASE_SUSPEND = _step(
    "case('suspend')",
    ("s",),
    N_("Suspend"),
    N_("挂起: a hearing, test, inspection or expert review stops the clock"),
    id="case.suspend",
)
CASE_RESUME = _step(
    "case('resume')", ("u",), N_("Resume"), N_("The clock runs again"), id="case.resume"
)
CASE_EXTEND = _step(
    "case('extend')",
    ("e",),
    N_("Extension"),
    N_("Ask the chief representative to extend the limit (once, up to 10 working days)"),
    id="case.extend",
)
CASE_WITHDRAW = _step(
    "case('withdraw')",
    ("w",),
    N_("Withdraw"),
    N_("The applicant withdraws the application"),
    id="case.withdraw",
)
CASE_FOLLOW_UP = _step(
    "case('follow_up')",
    ("o",),
    N_("Follow up"),
    N_("Close the 差评 follow-up: its result and how the applicant was reached"),
    id="case.follow_up",
)
CASE_DELIVER = _step(
    "case('deliver')",
    ("t",),
    N_("Record delivery"),
    N_("送达: record the day the decision reached the applicant"),
    id="case.deliver",
)
CASE_REFER = _step(
    "case('refer')",
    ("1",),
    N_("To 一号窗口"),
    N_("转一号窗口: refer the case to the department's 一号窗口 with a note"),
    id="case.refer",
)
# 督办 (docs/rules.md §22): a chief representative or an administrator orders progress.
CASE_SUPERVISE = _step(
    "supervise",
    ("b",),
    N_("督办"),
    N_("Order progress on the case (督办): the reason, what is expected, the reply days"),
    id="case.supervise",
)
# A key project (重点项目, docs/rules.md §23): link the case, or the bundle case whole, to
# an open project, or take it off its project. Z: 重点 (zhòngdiǎn).
CASE_KEY_PROJECT = _step(
    "key_project",
    ("z",),
    N_("Key project"),
    N_("Link the application to a key project (重点项目), or take it off its project"),
    id="case.key_project",
)
CASE_ACTIONS = (
    CASE_FORWARD,
    CASE_REVIEW,
    CASE_APPROVAL,
    CASE_COMPLETE,
    CASE_DENY,
    CASE_SUSPEND,
    CASE_RESUME,
    CASE_EXTEND,
    CASE_WITHDRAW,
    CASE_FOLLOW_UP,
    CASE_DELIVER,
    CASE_REFER,
)
# A bundle of items at a comprehensive window (一件事, docs/rules.md §21).
BUNDLE_DECIDE = KeyAction(
    "decide",
    ("f9", "ctrl+s"),
    N_("Accept"),
    N_("Accept every item of the bundle; after the notice, re-check the supplement"),
    id="bundle.accept",
)
BUNDLE_DISCARD = _step(
    "discard",
    ("delete",),
    N_("Discard"),
    N_("Give up the bundle case still in draft (asks first)"),
    id="bundle.discard",
)
BUNDLE_DELIVER = _step(
    "deliver",
    ("t",),
    N_("Hand over results"),
    N_("统一出件: hand over every result of the bundle once each case is decided"),
    id="bundle.deliver",
)
BUNDLE_REPRINT = _step(
    "reprint",
    ("p", "ctrl+d"),
    N_("Reprint"),
    N_("Show the bundle's documents, to print one again"),
    id="bundle.reprint",
)
BUNDLE_OPEN_CASE = _step(
    "open_detail",
    ("enter",),
    N_("Open"),
    N_("Open the highlighted case's detail"),
    id="bundle.open_case",
)
BUNDLE_SUPERVISE = _step(
    "supervise",
    ("b",),
    N_("督办"),
    N_("Order progress on the bundle case (督办), to the clerk who took it"),
    id="bundle.supervise",
)
# The case search keeps its field focused: a priority key, not a letter.
# The reports (F6): the period, the grouping, whose figures, the files.
THIS_MONTH = _step(
    "period('month')",
    ("m",),
    N_("This month"),
    N_("This month up to today"),
    id="reports.this_month",
)
LAST_MONTH = _step(
    "period('last_month')",
    ("l",),
    N_("Last month"),
    N_("The whole last month"),
    id="reports.last_month",
)
THIS_YEAR = _step(
    "period('year')", ("y",), N_("This year"), N_("This year up to today"), id="reports.this_year"
)
CUSTOM_PERIOD = _step(
    "custom_period",
    ("c",),
    N_("Period…"),
    N_("Choose the first and the last day"),
    id="reports.period",
)
GROUP_BY = _step(
    "group_by",
    ("g",),
    N_("Group"),
    N_("One row per department, window, staff member or item"),
    id="reports.group",
)
SCOPE = _step(
    "scope",
    ("s",),
    N_("Scope"),
    N_("Your department or the whole centre (chief, admin)"),
    id="reports.scope",
)
EXPORT_CSV = _step(
    "export('csv')", ("e",), N_("CSV"), N_("Export the figures as a CSV file"), id="reports.csv"
)
EXPORT_XLSX = _step(
    "export('xlsx')", ("x",), N_("XLSX"), N_("Export the figures as a workbook"), id="reports.xlsx"
)
PRINT_OVERDUE = _step(
    "print_overdue",
    ("p", "ctrl+d"),
    N_("Overdue"),
    N_("Print the daily overdue report (超时通报) as a PDF"),
    id="reports.overdue",
)
REPORT_KEYS = (
    THIS_MONTH,
    LAST_MONTH,
    THIS_YEAR,
    CUSTOM_PERIOD,
    GROUP_BY,
    SCOPE,
    EXPORT_CSV,
    EXPORT_XLSX,
    PRINT_OVERDUE,
)

# A key project's board (docs/rules.md §23): the progress table as a PDF or a workbook.
PRINT_PROGRESS = _step(
    "print_progress",
    ("p", "ctrl+d"),
    N_("PDF"),
    N_("Write the progress table (进度表) as a PDF"),
    id="project.pdf",
)
EXPORT_PROGRESS = _step(
    "export_progress",
    ("x",),
    N_("XLSX"),
    N_("Write the progress table (进度表) as a workbook"),
    id="project.xlsx",
)
PROJECT_SUPERVISE = _step(
    "supervise",
    ("b",),
    N_("督办"),
    N_("Order progress on the key project (督办), to its liaison"),
    id="project.supervise",
)

# The handover (F4): the giver's side, then the receiver's.
HANDOVER_NOTE = _step(
    "case_note",
    ("n",),
    N_("Note"),
    N_("Add or change the note on the highlighted case"),
    id="handover.note",
)
GENERAL_NOTE = _step(
    "general_note",
    ("g",),
    N_("General note"),
    N_("The note on the whole handover"),
    id="handover.general_note",
)
CHOOSE_RECEIVER = _step(
    "choose_receiver",
    ("r",),
    N_("Receiver"),
    N_("Choose another clerk of the department"),
    id="handover.receiver",
)
ABSENCE = _step(
    "absence",
    ("a",),
    N_("Absence"),
    N_("Mark a clerk on leave (请假) or out (外出), or back"),
    id="handover.absence",
)
TAKE_BACK_DUTY = _step(
    "take_back_duty",
    ("t",),
    N_("On duty here"),
    N_("Be on duty at your window again, back from an absence or a handover"),
    id="home.take_back_duty",
)
SUBMIT_HANDOVER = KeyAction(
    "submit_handover",
    ("f9", "ctrl+s"),
    N_("Hand over"),
    N_("Hand the work over: it waits for the receiver to take it over"),
    id="handover.submit",
)
PRINT_SHEET = _step(
    "print_sheet",
    ("p", "ctrl+d"),
    N_("Handover sheet"),
    N_("Show the handover sheet (交接单) to print"),
    id="handover.print_sheet",
)
CANCEL_HANDOVER = _step(
    "cancel_handover",
    ("x",),
    N_("Take back"),
    N_("Take back the handover while it waits"),
    id="handover.take_back",
)
TAKE_OVER = KeyAction(
    "take_over",
    ("f9", "ctrl+s"),
    N_("Take over"),
    N_("Take the listed work over: the cases become yours"),
    id="takeover.take_over",
)
DECLINE = _step(
    "decline",
    ("x",),
    N_("Decline"),
    N_("Decline the handover, with the reason"),
    id="takeover.decline",
)


def _hidden(
    action: str, keys: tuple[str, ...], label: str, help: str, *, id: str, priority: bool = False
) -> KeyAction:
    """A key the footer has no room for (the help lists it)."""
    return KeyAction(action, keys, label, help, id=id, show=False, priority=priority)


# The hall's tickets at the clerk's window (排队叫号, docs/rules.md §24), on home. F9: the
# one key a visitor is called by; J: 叫 (jiào). K opens the rarer moves, in a small menu.
# The footer has no room at 80 columns: home's line of the ticket called names both.
CALL_NEXT = _hidden(
    "call_next",
    ("f9", "j"),
    N_("Call next"),
    N_("Call the next ticket to your window (叫号); the visitor called before is served"),
    id="hall.call_next",
)
TICKET_MENU = _hidden(
    "ticket_menu",
    ("k",),
    N_("Ticket"),
    N_(
        "The ticket at your window: call it again (重呼), pass it over (过号), call a "
        "passed-over ticket back, send the visitor to another window"
    ),
    id="hall.ticket",
)


# The consultation desk: the question's form, then the question itself (also from home).
RECORD_QUESTION = KeyAction(
    "record",
    ("f9", "ctrl+s"),
    N_("Record"),
    N_("Record the question as filled in"),
    id="consult.record",
)
ANSWER_QUESTION = _step(
    "answer",
    ("a",),
    N_("Answer"),
    N_("Record the answer the visitor was given"),
    id="question.answer",
)
REFER_QUESTION = _step(
    "refer",
    ("r",),
    N_("Refer"),
    N_("Send the question on to whoever answers it (another department, a window)"),
    id="question.refer",
)
# The 一号窗口 and a question (docs/rules.md §20): the clerk refers it there; the chief
# representative or a deputy takes it, answers it (A) or sends it back to the clerk.
REFER_QUESTION_FIRST = _step(
    "refer_first_window",
    ("1",),
    N_("To 一号窗口"),
    N_("转一号窗口: refer the question to the department's 一号窗口 with a note"),
    id="question.first_window",
)
TAKE_QUESTION = _step(
    "take",
    ("k",),
    N_("Take"),
    N_("一号窗口受理: take the question referred to your 一号窗口"),
    id="question.take",
)
SEND_BACK_QUESTION = _step(
    "send_back",
    ("b",),
    N_("Send back"),
    N_("Send the question back to the clerk who took it, with a note"),
    id="question.send_back",
)
PRINT_HANDOUT = _step(
    "print_handout",
    ("p", "ctrl+d"),
    N_("Print"),
    N_("Print the item's material list and conditions for the visitor (一次性告知单)"),
    id="question.print",
)

# A supervision order (督办, docs/rules.md §22), opened from home: who answers it replies
# (R), who issued it closes it (C).
REPLY_ORDER = _step(
    "reply",
    ("r",),
    N_("Reply"),
    N_("Reply to the supervision order: the progress, any delay and the new date"),
    id="order.reply",
)
CLOSE_ORDER = _step(
    "close_order",
    ("c",),
    N_("Close"),
    N_("Close the supervision order you issued, with a note"),
    id="order.close",
)

# The questions over a screen (prompts.py). Their arrows are priority keys: the field
# keeps the focus while they move the choice.
CANCEL_PROMPT = _hidden(
    "cancel",
    ("escape",),
    N_("Cancel"),
    N_("Close the question without an answer"),
    id="prompt.cancel",
)
PREVIOUS_FORM = _hidden(
    "form(-1)",
    ("up",),
    N_("Form"),
    N_("The previous form: original, copy, both"),
    id="provided.previous_form",
    priority=True,
)
NEXT_FORM = _hidden(
    "form(1)",
    ("down",),
    N_("Form"),
    N_("The next form: original, copy, both"),
    id="provided.next_form",
    priority=True,
)
REASON_UP = _hidden(
    "move(-1)", ("up",), N_("Up"), N_("The common reason above"), id="reason.up", priority=True
)
REASON_DOWN = _hidden(
    "move(1)", ("down",), N_("Down"), N_("The common reason below"), id="reason.down", priority=True
)
CONFIRM_PROMPT = _hidden(
    "confirm", ("enter",), N_("Confirm"), N_("Yes: do what the question asks"), id="prompt.confirm"
)
# The queue's search field: ↓ goes down to the table, as Enter does.
LEAVE_SEARCH = _hidden(
    "screen.leave_search",
    ("down",),
    N_("To the list"),
    N_("From the search field down to the cases"),
    id="queue.leave_search",
)
# The item search's results (widgets/guide_search.py).
GUIDES_UP = _hidden("move(-1)", ("up",), N_("Up"), N_("The item above"), id="guides.up")
GUIDES_DOWN = _hidden("move(1)", ("down",), N_("Down"), N_("The item below"), id="guides.down")
GUIDES_PAGE_UP = _hidden(
    "page(-1)", ("pageup",), N_("Page up"), N_("The previous page of items"), id="guides.page_up"
)
GUIDES_PAGE_DOWN = _hidden(
    "page(1)", ("pagedown",), N_("Page down"), N_("The next page of items"), id="guides.page_down"
)
# A one-line choice among a few values (widgets/choice.py).
CHOICE_PREVIOUS = _hidden(
    "step(-1)",
    ("left",),
    N_("Previous"),
    N_("The previous value of the choice"),
    id="choice.previous",
)
CHOICE_NEXT = _hidden(
    "step(1)",
    ("right", "space"),
    N_("Next value"),
    N_("The next value of the choice"),
    id="choice.next",
)
CHOICE_DONE = _hidden(
    "done",
    ("enter",),
    N_("Done"),
    N_("Keep the value and go on to the next field"),
    id="choice.done",
)

# Keys of features still to come (docs/architecture.md §4.1); bound by the issue that builds them.
RESERVED: dict[str, tuple[str, ...]] = {}

# Keys the help screen explains but that belong to Textual's widgets.
NAVIGATION: tuple[tuple[tuple[str, ...], str], ...] = (
    (("enter",), N_("Confirm, or move to the next field")),
    (("tab", "shift+tab"), N_("Move between fields")),
    (("up", "down"), N_("Move in a list")),
)

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "delete": "Del",
    "enter": "Enter",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def key_name(key: str) -> str:
    """``ctrl+l`` → ``Ctrl+L``, ``f1`` → ``F1``, ``question_mark`` → ``?``."""
    parts = key.split("+")
    *modifiers, last = parts
    shown = _KEY_NAMES.get(last, last.upper() if len(last) <= 3 else last.capitalize())
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def key_display(key: str) -> str:
    """The footer's short form: ``^L`` for Ctrl+L, ``F1``, ``?``, ``Esc``."""
    name = key_name(key)
    return "^" + name.removeprefix("Ctrl+") if name.startswith("Ctrl+") else name


def keys_text(keys: Iterable[str]) -> str:
    return " / ".join(key_name(key) for key in keys)


def all_keys() -> list[str]:
    """Every key bound everywhere or reserved (for the no-clash test)."""
    keys = [key for action in (*GLOBAL, BACK) for key in action.keys]
    keys += [key for reserved in RESERVED.values() for key in reserved]
    return keys


def translate_bindings(node: DOMNode, words: Mapping[str, tuple[str, str]] | None = None) -> None:
    """Translate the footer words and tooltips of ``node``'s bindings.

    ``BINDINGS`` are built when a class is defined, before the interface language is
    known, so they hold English msgids; each app and screen instance swaps in the
    translated words when it is created. ``words`` gives some actions other words
    (action → (label, help) msgids): the same widget says "Open" in one screen and
    "Choose" in another.
    """
    words = words or {}

    def translated(binding: Binding) -> Binding:
        label, tooltip = words.get(binding.action, (binding.description, binding.tooltip))
        return replace(
            binding, description=_(label) if label else "", tooltip=_(tooltip) if tooltip else ""
        )

    keys = {
        key: [translated(binding) for binding in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)

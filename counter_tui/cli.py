"""The command line: the TUI by default, subcommands for admins and scripts.

Imports of the heavier parts (the TUI, the services) happen inside the
commands, so ``--version`` and ``--help`` stay instant.
"""

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_tui import __version__
from counter_tui.config import LANGUAGE_ENV, database_url, keymap_file
from counter_tui.domain.centre import ROLES
from counter_tui.domain.errors import N_, DomainError
from counter_tui.domain.tickets import RECEIPT_WIDTHS
from counter_tui.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, explain, ngettext, set_language

if TYPE_CHECKING:  # the services are imported by each command, not at start-up
    from counter_tui.services.centre.audit import CaseRowsCheck
    from counter_tui.tui.app import CounterApp


class UserError(Exception):
    """A mistake on the command line: printed as a message, never a traceback."""


def _language(argv: Sequence[str]) -> str:
    """The interface language, read before the parser is built so --help is translated."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    chosen = known.lang or os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {text}").format(text=text)
        ) from None


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("not a whole number ≥ 0: {text}").format(text=text))
    return value


REPORT_GROUPINGS = ("department", "window", "staff", "item")  # services.reports.GROUPINGS


def _period_options(
    parser: argparse.ArgumentParser,
    first: str = N_("first day, YYYY-MM-DD (default: the 1st)"),
    last: str = N_("last day, YYYY-MM-DD (default: today)"),
) -> None:
    """--from and --to: the period of a report or an export (default: this month to
    today), or whatever ``first`` and ``last`` (msgids) say."""
    parser.add_argument("--from", dest="date_from", metavar="DATE", type=_date, help=_(first))
    parser.add_argument("--to", dest="date_to", metavar="DATE", type=_date, help=_(last))


def _output_options(
    parser: argparse.ArgumentParser, pdf: bool = False, required: bool = False
) -> None:
    output = parser.add_mutually_exclusive_group(required=required)
    output.add_argument("--json", action="store_true", help=_("print JSON"))
    output.add_argument("--csv", metavar="FILE", help=_("write a CSV file"))
    output.add_argument("--xlsx", metavar="FILE", help=_("write an XLSX workbook"))
    if pdf:
        output.add_argument("--pdf", metavar="FILE", help=_("write a printable PDF"))


def _export_options(parser: argparse.ArgumentParser) -> None:
    """--format and -o FILE of the catalog's and the centre's export."""
    parser.add_argument(
        "--format",
        choices=("yaml", "json", "xlsx"),
        help=_("file format (default: from the extension of -o, else yaml)"),
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help=_("write to FILE (default: standard output)")
    )


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"counter-tui {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_(
            "database URL (default: $COUNTER_TUI_DATABASE, else SQLite in the user data folder)"
        ),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("interface language"))
    parser.add_argument(
        "--demo", action="store_true", help=_("use the demo centre (created when absent)")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-tui",
        description=_("The counter program of an administrative service centre."),
    )
    _global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help=_("(re)create the demo database"))
    demo.add_argument("--cases", type=_whole, default=60, help=_("number of demo cases"))
    demo.set_defaults(run=_cmd_demo)

    init = commands.add_parser("init", help=_("first setup: centre name and first admin"))
    init.add_argument("--centre-name", help=_("the centre's name"))
    init.add_argument("--admin-code", help=_("the first admin's staff code"))
    init.add_argument("--admin-name", help=_("the first admin's name"))
    init.add_argument(
        "--pin-stdin", action="store_true", help=_("read the admin PIN from standard input")
    )
    init.set_defaults(run=_cmd_init)

    calendar = commands.add_parser("calendar", help=_("the work calendar"))
    calendar_commands = calendar.add_subparsers(dest="calendar_command", metavar="COMMAND")
    calendar_commands.required = True
    due = calendar_commands.add_parser("due", help=_("the due date of a period of working days"))
    due.add_argument("start", type=_date, help=_("start date (not counted), YYYY-MM-DD"))
    due.add_argument("days", type=_whole, help=_("working days"))
    due.add_argument("--json", action="store_true", help=_("print JSON"))
    due.set_defaults(run=_cmd_calendar_due)
    show = calendar_commands.add_parser("show", help=_("a year's holidays and adjusted workdays"))
    show.add_argument("year", type=_whole, help=_("year"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(run=_cmd_calendar_show)
    load = calendar_commands.add_parser("import", help=_("import a year's official schedule"))
    load.add_argument("file", help=_("JSON file: year, holidays, workdays"))
    load.set_defaults(run=_cmd_calendar_import)

    catalog = commands.add_parser("catalog", help=_("the item catalog (办事指南)"))
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND")
    catalog_commands.required = True
    catalog_import = catalog_commands.add_parser(
        "import", help=_("import items from a YAML, JSON or XLSX file (all or nothing)")
    )
    catalog_import.add_argument("file", help=_("catalog file: .yaml, .yml, .json or .xlsx"))
    catalog_import.add_argument("--json", action="store_true", help=_("print JSON"))
    catalog_import.set_defaults(run=_cmd_catalog_import)
    catalog_export = catalog_commands.add_parser(
        "export", help=_("export the current items (XLSX: the import template)")
    )
    _export_options(catalog_export)
    catalog_export.set_defaults(run=_cmd_catalog_export)
    catalog_search = catalog_commands.add_parser("search", help=_("search the item guides"))
    catalog_search.add_argument(
        "query", nargs="*", help=_("words: name, pinyin or initials, code, department, keyword")
    )
    catalog_search.add_argument("--json", action="store_true", help=_("print JSON"))
    catalog_search.add_argument(
        "--limit", type=_whole, default=20, help=_("at most this many items (default 20)")
    )
    catalog_search.set_defaults(run=_cmd_catalog_search)
    catalog_bundles = catalog_commands.add_parser(
        "bundles",
        help=_("the bundles of items taken as one application (一件事), with their items"),
    )
    catalog_bundles.add_argument("--json", action="store_true", help=_("print JSON"))
    catalog_bundles.set_defaults(run=_cmd_catalog_bundles)
    show_bundle = catalog_commands.add_parser(
        "show-bundle", help=_("a bundle's items and merged checklist (一次告知)")
    )
    show_bundle.add_argument("code", help=_("the bundle's code, e.g. YJS-001"))
    show_bundle.add_argument("--json", action="store_true", help=_("print JSON"))
    show_bundle.set_defaults(run=_cmd_catalog_show_bundle)
    _add_centre_commands(commands)

    report = commands.add_parser(
        "report",
        help=_("the centre's figures; `report overdue`: the daily overdue report"),
        description=_(
            "The centre's figures for a period (default: this month up to today). Intake "
            "figures count the cases received in the period, completion figures those "
            "decided in it, ratings those given in it; open and overdue cases are as of today."
        ),
    )
    _period_options(report)
    report.add_argument("--by", choices=REPORT_GROUPINGS, help=_("one row per group"))
    _output_options(report)
    report.set_defaults(run=_cmd_report)
    report_commands = report.add_subparsers(dest="report_command", metavar="COMMAND")
    overdue = report_commands.add_parser(
        "overdue", help=_("the open cases past or near their due date (超时通报)")
    )
    _output_options(overdue, pdf=True)
    overdue.set_defaults(run=_cmd_report_overdue)
    export = commands.add_parser(
        "export",
        help=_("the case register: every case received in a period, one line each"),
        description=_(
            "Every case received in a period (default: this month up to today), one line "
            "each, with its state, dates, due date and whether it was on time. ID numbers "
            "are masked."
        ),
    )
    _period_options(export)
    export.add_argument(
        "--department", metavar="CODE", help=_("one department's cases only (its code)")
    )
    _output_options(export, required=True)
    export.set_defaults(run=_cmd_export)
    _add_case_commands(commands)
    _add_project_commands(commands)
    _add_supervision_commands(commands)
    _add_administration_commands(commands)
    _add_hall_commands(commands)

    backup = commands.add_parser(
        "backup", help=_("a consistent copy of the database, taken while others work")
    )
    backup.add_argument("file", type=Path, help=_("the new backup file"))
    backup.add_argument(
        "--encrypt",
        action="store_true",
        help=_("encrypt it with a passphrase read from standard input"),
    )
    backup.set_defaults(run=_cmd_backup)
    restore = commands.add_parser(
        "restore", help=_("replace the database with a backup (checked first)")
    )
    restore.add_argument("file", type=Path, help=_("the backup file"))
    restore.add_argument(
        "--force",
        action="store_true",
        help=_("restore even over newer work (the database is kept aside first)"),
    )
    restore.set_defaults(run=_cmd_restore)

    audit = commands.add_parser("audit", help=_("check the event log"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND")
    audit_commands.required = True
    verify = audit_commands.add_parser("verify", help=_("walk the hash chain of events"))
    verify.set_defaults(run=_cmd_audit_verify)
    _add_audit_access(audit_commands)

    db = commands.add_parser("db", help=_("database maintenance"))
    db_commands = db.add_subparsers(dest="db_command", metavar="COMMAND")
    db_commands.required = True
    upgrade = db_commands.add_parser("upgrade", help=_("migrate the schema to this version"))
    upgrade.set_defaults(run=_cmd_db_upgrade)
    return parser


def _open(args: argparse.Namespace) -> str:
    """Open the database of the command; with --demo, the demo centre, built on first use."""
    url = database_url(args.database, args.demo)
    if args.demo:
        from counter_tui.services.demo.seed import ensure_demo

        ensure_demo(url)
    else:
        from counter_tui.services.centre.opening import open_database

        open_database(url)
    return url


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _cmd_demo(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.opening import database_label
    from counter_tui.services.demo.seed import build_demo

    url = database_url(args.database, demo=True)
    build_demo(url, cases=args.cases)
    print(
        _("Demo centre created with {n} cases: {url}").format(n=args.cases, url=database_label(url))
    )
    return 0


def _ask(value: str | None, prompt: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(_("{prompt}: not given and no terminal to ask on").format(prompt=prompt))
    return input(f"{prompt}: ").strip()


def _read_pin(from_stdin: bool, prompt: str | None = None, again: str | None = None) -> str:
    """A PIN from standard input's first line, or asked twice on the terminal (by default
    the first administrator's); never from the command line, where others could read it."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UserError(_("No terminal to ask for the PIN on: use --pin-stdin"))
    import getpass

    pin = getpass.getpass((prompt or _("Admin PIN")) + ": ")
    if getpass.getpass((again or _("Admin PIN again")) + ": ") != pin:
        raise UserError(_("The two PINs differ"))
    return pin


def _cmd_init(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.opening import database_label
    from counter_tui.services.centre.setup import init_centre

    url = _open(args)
    name = _ask(args.centre_name, _("Centre name"))
    code = _ask(args.admin_code, _("Admin staff code"))
    admin_name = _ask(args.admin_name, _("Admin name"))
    init_centre(name, code, admin_name, _read_pin(args.pin_stdin))
    print(
        _("Centre {name} set up in {url}; sign in as {code}.").format(
            name=name, url=database_label(url), code=code
        )
    )
    return 0


def _cmd_calendar_due(args: argparse.Namespace) -> int:
    from counter_tui.services.calendar import due

    _open(args)
    result = due(args.start, args.days)
    if args.json:
        _print_json(
            {
                "start": args.start.isoformat(),
                "working_days": args.days,
                "due": result.date.isoformat(),
                "provisional": result.provisional,
            }
        )
    else:
        mark = _(" (provisional)") if result.provisional else ""
        print(f"{result.date.isoformat()}{mark}")
    return 0


def _cmd_calendar_show(args: argparse.Namespace) -> int:
    from counter_tui.services.calendar import load_calendar, year_days

    _open(args)
    calendar = load_calendar()
    official = calendar.is_official(args.year)
    days = [(d.day, d.kind, d.name) for d in year_days(args.year)]
    estimate = None if official else calendar.estimate(args.year)
    if estimate is not None:
        days = [(d, "holiday", estimate.names.get(d, "")) for d in sorted(estimate.holidays)]
    if args.json:
        _print_json(
            {
                "year": args.year,
                "official": official,
                "days": [{"date": d.isoformat(), "kind": k, "name": n} for d, k, n in days],
            }
        )
        return 0
    if estimate is not None:
        print(
            _(
                "{year} has no official schedule: its statutory holidays without 调休, "
                "deadlines provisional"
            ).format(year=args.year)
        )
    elif not official:
        print(
            _("{year} has no official schedule: weekends only, deadlines provisional").format(
                year=args.year
            )
        )
    labels = {"holiday": _("holiday"), "workday": _("adjusted workday")}
    for day, kind, name in days:
        print(f"{day.isoformat()}  {labels[kind]}  {name}".rstrip())
    return 0


def _cmd_calendar_import(args: argparse.Namespace) -> int:
    from counter_tui.services.calendar import import_schedule

    _open(args)
    try:
        with open(args.file, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise UserError(
            _("Cannot read {file}: {reason}").format(file=args.file, reason=error.strerror)
        ) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UserError(
            _("{file} is not valid JSON: {reason}").format(file=args.file, reason=error)
        ) from error
    if not isinstance(data, dict):
        raise UserError(_("{file} must hold one JSON object").format(file=args.file))
    schedule = import_schedule(data)
    print(
        _("Imported {year}: {holidays} holidays, {workdays} adjusted workdays").format(
            year=schedule.year, holidays=len(schedule.holidays), workdays=len(schedule.workdays)
        )
    )
    return 0


def _cmd_catalog_import(args: argparse.Namespace) -> int:
    from counter_tui.services.catalog.bundles import COUNT_KEYS
    from counter_tui.services.catalog.files import import_catalog

    _open(args)
    counts = import_catalog(args.file)
    if args.json:
        _print_json({"file": args.file, **counts})
    else:
        print(
            _("Imported {file}: {new} new, {changed} changed, {unchanged} unchanged").format(
                file=args.file, **counts
            )
        )
        if any(counts[key] for key in COUNT_KEYS):
            print(
                _(
                    "Bundles: {bundles_new} new, {bundles_changed} changed, "
                    "{bundles_unchanged} unchanged"
                ).format(**counts)
            )
    return 0


def _cmd_catalog_export(args: argparse.Namespace) -> int:
    from counter_tui.services.catalog.files import catalog_text, export_catalog

    _check_export_output(args)
    _open(args)
    if args.output is None:
        sys.stdout.write(catalog_text(args.format or "yaml", _))
        return 0
    count = export_catalog(args.output, args.format, _)
    print(_("Exported {n} items to {file}").format(n=count, file=args.output))
    return 0


def _check_export_output(args: argparse.Namespace) -> None:
    """An export's --format and -o FILE agree; XLSX goes to a file only."""
    from counter_tui.services.catalog.files import SUFFIXES

    if args.output is None:
        if args.format == "xlsx":
            raise UserError(_("XLSX is written to a file: give one with -o FILE"))
        return
    suffix = os.path.splitext(args.output)[1].lower()
    if args.format is not None and SUFFIXES.get(suffix) != args.format:
        raise UserError(
            _("{file} does not end in an extension of the {format} format").format(
                file=args.output, format=args.format
            )
        )


def _cmd_catalog_search(args: argparse.Namespace) -> int:
    from counter_tui.services.catalog.guide_search import search_guides

    _open(args)
    hits = search_guides(" ".join(args.query), args.limit)
    if args.json:
        _print_json([hit.as_dict() for hit in hits])
        return 0
    if not hits:
        print(_("No item matches"), file=sys.stderr)
        return 0
    for hit in hits:
        print(f"{hit.code}  {hit.name}  {hit.department_short}")
    return 0


def _cmd_catalog_bundles(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter_tui.services.catalog.bundles import bundle_guide, bundles

    _open(args)
    guides = [bundle_guide(summary.code) for summary in bundles()]
    if args.json:
        _print_json(
            [
                {
                    "code": g.code,
                    "name": g.name,
                    "description": g.description,
                    "items": [asdict(item) for item in g.items],
                }
                for g in guides
            ]
        )
        return 0
    if not guides:
        print(_("The catalog has no bundles"), file=sys.stderr)
    for guide in guides:
        print(f"{guide.code}  {guide.name}")
        for item in guide.items:
            print(f"  {_bundle_item_line(item)}")
    return 0


def _bundle_item_line(item: Any) -> str:
    """A bundle's item on one line: its stage, code, name and department."""
    stage = _("stage {n}").format(n=item.stage)
    return f"{stage}  {item.code}  {item.name}  {item.department_short}"


def _cmd_catalog_show_bundle(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter_tui.documents.labels import (
        copies_label,
        days_label,
        fact,
        form_label,
        kind_label,
        listing,
        necessity_label,
    )
    from counter_tui.services.catalog.bundles import bundle_guide

    _open(args)
    guide = bundle_guide(args.code)
    if args.json:
        _print_json(asdict(guide))
        return 0
    print(f"{guide.code}  {guide.name}")
    if guide.description:
        print(guide.description)
    print()
    print(_("Items:"))
    for item in guide.items:
        limits = item.limits
        print(f"  {_bundle_item_line(item)}  {kind_label(item.kind)}")
        legal = fact(_("Legal time limit"), days_label(limits.legal_days, limits.unit))
        promised = fact(_("Promised time limit"), days_label(limits.promised_days, limits.unit))
        print(f"      {legal}  {promised}")
    print()
    print(_("Materials (one set for every item):"))
    for number, line in enumerate(guide.checklist, 1):
        shared = _("one copy for {items}").format(items=listing(line.item_codes))
        print(f"  {number}. {line.name}" + (f"  [{shared}]" if line.shared else ""))
        for use in line.uses:
            details = [necessity_label(use.necessity), form_label(use.form)]
            details += [copies_label(use.copies), use.condition]
            print(f"      {use.item_code}  " + "  ".join(d for d in details if d))
    return 0


def _add_centre_commands(commands: Any) -> None:
    centre = commands.add_parser(
        "centre", help=_("the whole centre as a file: profile, departments, windows, staff")
    )
    centre_commands = centre.add_subparsers(dest="centre_command", metavar="COMMAND")
    centre_commands.required = True
    centre_import = centre_commands.add_parser(
        "import", help=_("add and update the centre from a file (all or nothing; never deletes)")
    )
    centre_import.add_argument("file", help=_("centre file: .yaml, .yml, .json or .xlsx"))
    centre_import.set_defaults(run=_cmd_centre_import)
    centre_export = centre_commands.add_parser(
        "export", help=_("write the whole centre to a file (no PINs)")
    )
    _export_options(centre_export)
    centre_export.set_defaults(run=_cmd_centre_export)


def _cmd_centre_import(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.importing import import_centre

    _open(args)
    result = import_centre(args.file)
    print(_("Imported {file}:").format(file=args.file))
    for label, counts in (
        (_("departments"), result.departments),
        (_("windows"), result.windows),
        (_("staff"), result.staff),
        (_("ticket queues"), result.queues),
        (_("devices"), result.devices),
    ):
        print(
            "  "
            + _("{kind}: {new} new, {changed} changed, {unchanged} unchanged").format(
                kind=label, new=counts.new, changed=counts.changed, unchanged=counts.unchanged
            )
        )
    print("  " + (_("profile: changed") if result.profile_changed else _("profile: unchanged")))
    print(
        _(
            "Nothing was deleted: departments, windows and staff the file leaves out stay as "
            "they are. A PIN in the file is used only for an account it creates."
        )
    )
    if result.without_pin:
        print(
            _(
                "These accounts have no PIN yet; give each a one-time PIN with "
                "`counter-tui staff reset-pin CODE` (they choose their own at first sign-in):"
            )
        )
        print("  " + " ".join(result.without_pin))
    return 0


def _cmd_centre_export(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.files import centre_text, export_centre

    _check_export_output(args)
    _open(args)
    if args.output is None:
        sys.stdout.write(centre_text(args.format or "yaml", _))
        return 0
    export_centre(args.output, args.format, _)
    print(_("Exported the centre to {file}").format(file=args.output))
    return 0


def _period(args: argparse.Namespace) -> tuple[date, date]:
    """--from and --to; by default the month of --to (or of today) up to that day."""
    from counter_tui.services.clock import local_today

    date_to = args.date_to or local_today()
    date_from = args.date_from or date_to.replace(day=1)
    return date_from, date_to


def _cmd_report(args: argparse.Namespace) -> int:
    from counter_tui.services.reports.figures import catalog_figures, centre_report, check_period
    from counter_tui.services.reports.files import export_report

    _open(args)
    date_from, date_to = _period(args)
    check_period(date_from, date_to)
    report = centre_report(date_from, date_to, by=args.by)
    if args.json:
        _print_json({**report.as_dict(), "catalog": catalog_figures().as_dict()})
    elif args.csv or args.xlsx:
        path = export_report(report, args.csv or args.xlsx, "csv" if args.csv else "xlsx", _)
        print(_("Report written to {file}").format(file=path))
    else:
        print(_report_text(report, catalog_figures()))
    return 0


def _report_text(report: Any, catalog: Any) -> str:
    from rich.cells import cell_len

    from counter_tui.services.reports.figures import percent
    from counter_tui.services.reports.files import FIGURE_COLUMNS, figure_text, report_table

    def pad(text: str, width: int) -> str:
        return text + " " * max(0, width - cell_len(text))

    title = _("Figures from {start} to {end}").format(
        start=report.date_from.isoformat(), end=report.date_to.isoformat()
    )
    lines = [f"{title}（{report.scope.label or _('Whole centre')}）", ""]
    labels = [_(column.header) for column in FIGURE_COLUMNS]
    width = max(cell_len(label) for label in labels) + 2
    for label, column in zip(labels, FIGURE_COLUMNS, strict=True):
        lines.append(pad(label, width) + figure_text(report.total, column))
    if report.rows:
        header, _rows = report_table(report, _)
        shown = [c for c in FIGURE_COLUMNS if c.name in TEXT_COLUMNS]
        names = [f"{row.key} {row.label}".strip() for row in report.rows]
        first = max(cell_len(header[1]), *(cell_len(n) for n in names)) + 2
        widths = [max(cell_len(_(c.header)), 6) + 2 for c in shown]
        lines += [
            "",
            pad(header[1], first)
            + "".join(pad(_(c.header), w) for c, w in zip(shown, widths, strict=True)),
        ]
        for name, row in zip(names, report.rows, strict=True):
            lines.append(
                pad(name, first)
                + "".join(
                    pad(figure_text(row.figures, c), w) for c, w in zip(shown, widths, strict=True)
                )
            )
    total = catalog.total
    lines += [
        "",
        _(
            "Catalog: {items} items, {promised} promised and {immediate} immediate; "
            "decided at the window: {share}"
        ).format(
            items=total.items,
            promised=total.promised,
            immediate=total.immediate,
            share=percent(total.decided_at_window_share),
        ),
    ]
    return "\n".join(line.rstrip() for line in lines)


TEXT_COLUMNS = ("received", "completed", "on_spot_rate", "on_time_rate", "overdue", "compression")


def _cmd_export(args: argparse.Namespace) -> int:
    from counter_tui.services.reports.figures import CENTRE, department_scope
    from counter_tui.services.reports.files import export_register
    from counter_tui.services.reports.register import case_register

    _open(args)
    scope = department_scope(args.department) if args.department else CENTRE
    period = _period(args)
    lines = case_register(*period, scope)
    _record_register(args, period, [line.number for line in lines])
    if args.json:
        _print_json([line.as_dict() for line in lines])
    else:
        path = export_register(lines, args.csv or args.xlsx, "csv" if args.csv else "xlsx", _)
        print(_("{count} cases written to {file}").format(count=len(lines), file=path))
    return 0


def _cmd_report_overdue(args: argparse.Namespace) -> int:
    from counter_tui.services.cases.access import Act
    from counter_tui.services.reports.files import export_overdue
    from counter_tui.services.reports.overdue import overdue_report, record_overdue

    _open(args)
    report = record_overdue(None, overdue_report(), Act.EXPORTED, _output_kind(args))
    if args.json:
        _print_json(report.as_dict())
    elif args.csv or args.xlsx:
        path = export_overdue(report, args.csv or args.xlsx, "csv" if args.csv else "xlsx", _)
        print(_("Report written to {file}").format(file=path))
    elif args.pdf:
        from counter_tui.documents.overdue import print_overdue

        result = print_overdue(report, args.pdf)
        if not result.is_pdf:
            print(result.message(), file=sys.stderr)
            return 1
        print(result.message())
    else:
        from counter_tui.documents.overdue import overdue_text

        print(_personal_data_line())
        sys.stdout.write(overdue_text(report))
    return 0


def _output_kind(args: argparse.Namespace) -> str:
    """What an export writes, for its access event: json, csv, xlsx, pdf, or text."""
    return next(
        (kind for kind in ("json", "csv", "xlsx", "pdf") if getattr(args, kind, None)), "text"
    )


def _personal_data_line() -> str:
    from counter_tui.services.cases.access import PERSONAL_DATA_NOTICE

    return _(PERSONAL_DATA_NOTICE)


def _record_register(args: argparse.Namespace, period: tuple[date, date], cases: list[str]) -> None:
    """The register's export is an access event (docs/architecture.md §3.7), recorded first."""
    from counter_tui.services.cases.access import Act, record_access

    selection = {"from": period[0], "to": period[1], "department": args.department or ""}
    record_access(
        None, Act.EXPORTED, "register", cases=cases, file=_output_kind(args), selection=selection
    )


def _record_case_show(args: argparse.Namespace, number: str) -> None:
    """A case written out by `case show`, to the terminal or a pipe: an access event."""
    from counter_tui.services.cases.access import Act, record_access

    record_access(None, Act.EXPORTED, "case", cases=[number], file=_output_kind(args))


def _record_case_print(detail: Any) -> None:
    """Every document of a case printed by `case print`: one access event."""
    from counter_tui.services.cases.access import Act, record_access

    numbers = [document.number for document in detail.documents if document.number]
    record_access(
        None, Act.PRINTED, "documents", cases=[detail.number], documents=numbers, file="pdf"
    )


def _add_case_commands(commands: Any) -> None:
    """case show and case print: one case, for reprints and the legal office's checks."""
    case = commands.add_parser("case", help=_("one case (办件) and its documents"))
    case_commands = case.add_subparsers(dest="case_command", metavar="COMMAND")
    case_commands.required = True
    show = case_commands.add_parser("show", help=_("one case as the case detail shows it"))
    show.add_argument("number", help=_("the case number"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(run=_cmd_case_show)
    write = case_commands.add_parser("print", help=_("write every document of a case as PDF"))
    write.add_argument("number", help=_("the case number"))
    write.add_argument(
        "-o", "--output", metavar="DIR", default=".", help=_("folder to write to (default: here)")
    )
    write.set_defaults(run=_cmd_case_print)


def _cmd_case_show(args: argparse.Namespace) -> int:
    from counter_tui.services.cases.detail import any_case_detail, case_json
    from counter_tui.services.clock import local_today

    _open(args)
    detail = any_case_detail(args.number, local_today())
    _record_case_show(args, detail.number)
    if args.json:
        _print_json(case_json(detail))
        return 0
    from counter_tui.tui.case_text import case_text

    sys.stdout.write(case_text(detail))
    return 0


def _cmd_case_print(args: argparse.Namespace) -> int:
    from counter_tui.documents.notices import print_notice, suggested_filename
    from counter_tui.services.cases.detail import any_case_detail
    from counter_tui.services.clock import local_today

    folder = Path(args.output)
    if not folder.is_dir():
        raise UserError(_("{folder} is not a folder").format(folder=folder))
    _open(args)
    detail = any_case_detail(args.number, local_today())
    if not detail.documents:
        print(_("Case {number} has no documents.").format(number=detail.number))
        return 0
    _record_case_print(detail)
    failed = 0
    for position, document in enumerate(detail.documents, 1):
        # Numbered in the order issued: a case may have two documents of one kind.
        name = f"{position:02d}_{suggested_filename(document)}"
        result = print_notice(document, folder / name)
        print(result.message(), file=sys.stdout if result.is_pdf else sys.stderr)
        failed += not result.is_pdf
    return 1 if failed else 0


def _add_project_commands(commands: Any) -> None:
    """project list|show|print, and add|close for the register (docs/rules.md §23)."""
    project = commands.add_parser(
        "project", help=_("key projects (重点项目): their cases and progress tables")
    )
    project_commands = project.add_subparsers(dest="project_command", metavar="COMMAND")
    project_commands.required = True
    listing = project_commands.add_parser(
        "list", help=_("every key project with its cases and worst light, the open ones first")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(run=_cmd_project_list)
    show = project_commands.add_parser(
        "show", help=_("a key project's board: every linked case, its clocks and next step")
    )
    show.add_argument("name", help=_("the project's name (or its number in the list)"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(run=_cmd_project_show)
    write = project_commands.add_parser(
        "print", help=_("write a key project's progress table (进度表) as PDF or XLSX")
    )
    write.add_argument("name", help=_("the project's name (or its number in the list)"))
    output = write.add_mutually_exclusive_group(required=True)
    output.add_argument("--pdf", metavar="FILE", help=_("write a printable PDF"))
    output.add_argument("--xlsx", metavar="FILE", help=_("write an XLSX workbook"))
    write.set_defaults(run=_cmd_project_print)
    add = project_commands.add_parser("add", help=_("register a key project"))
    add.add_argument("name", help=_("the project's name"))
    add.add_argument("--company", required=True, help=_("the company behind it"))
    add.add_argument("--uscc", required=True, help=_("the company's unified social credit code"))
    add.add_argument("--level", required=True, help=_("its level: 市重点, 省重点, …"))
    add.add_argument(
        "--liaison", required=True, metavar="CODE", help=_("the liaison's staff code (结对挂钩)")
    )
    add.add_argument("--leader", default="", help=_("the leader in charge"))
    close = project_commands.add_parser(
        "close", help=_("close a key project: it takes no more cases")
    )
    close.add_argument("name", help=_("the project's name (or its number in the list)"))
    for command, run in ((add, _cmd_project_add), (close, _cmd_project_close)):
        command.add_argument(
            "--by",
            required=True,
            metavar="CODE",
            help=_("the staff code of the administrator or chief representative who acts"),
        )
        command.set_defaults(run=run)


def _cmd_project_list(args: argparse.Namespace) -> int:
    from counter_tui.services.clock import local_today
    from counter_tui.services.projects.board import key_projects
    from counter_tui.services.reports.files import REGISTER_LIGHTS

    _open(args)
    lines = key_projects(local_today())
    if args.json:
        _print_json([line.as_dict() for line in lines])
        return 0
    if not lines:
        print(_("No key project yet"), file=sys.stderr)
    for line in lines:
        project = line.project
        text = _(
            "{id}  {name}  {level}  {company}  liaison: {liaison}  cases: {cases}, "
            "open {open}, completed {completed}"
        ).format(
            id=project.id,
            name=project.name,
            level=project.level,
            company=project.company,
            liaison=project.liaison,
            cases=line.cases,
            open=line.open_cases,
            completed=line.completed_cases,
        )
        if line.worst_light is not None:
            text += "  " + _(REGISTER_LIGHTS[line.worst_light])
        if project.closed_on is not None:
            text += "  " + _("closed on {day}").format(day=project.closed_on.isoformat())
        print(text)
    return 0


def _cmd_project_show(args: argparse.Namespace) -> int:
    from counter_tui.services.clock import local_today
    from counter_tui.services.projects.board import project_board

    _open(args)
    board = project_board(args.name, local_today())
    if args.json:
        _print_json(board.as_dict())
        return 0
    from counter_tui.documents.progress import progress_text

    sys.stdout.write(progress_text(board))
    return 0


def _cmd_project_print(args: argparse.Namespace) -> int:
    from counter_tui.services.clock import local_today
    from counter_tui.services.projects.board import project_board

    _open(args)
    board = project_board(args.name, local_today())
    if args.xlsx:
        from counter_tui.services.projects.progress import export_progress

        path = export_progress(board, args.xlsx, _)
        print(_("Progress table written to {path}").format(path=path))
        return 0
    from counter_tui.documents.progress import print_progress

    result = print_progress(board, args.pdf)
    print(result.message(), file=sys.stdout if result.is_pdf else sys.stderr)
    return 0 if result.is_pdf else 1


def _cmd_project_add(args: argparse.Namespace) -> int:
    """With the authority of whoever can open the database, as the other administration
    commands; the project records who registers it (``--by``), the event names nobody."""
    from counter_tui.services.projects.register import add_project

    _open(args)
    view = add_project(
        None,
        name=args.name,
        company=args.company,
        uscc=args.uscc,
        level=args.level,
        liaison=args.liaison,
        leader=args.leader,
        by=args.by,
    )
    print(
        _("Key project {id} registered: {name}, liaison {liaison}").format(
            id=view.id, name=view.name, liaison=view.liaison
        )
    )
    return 0


def _cmd_project_close(args: argparse.Namespace) -> int:
    from counter_tui.services.projects.register import close_project

    _open(args)
    view = close_project(None, args.name, by=args.by)
    print(
        _("Key project {name} closed on {day}").format(
            name=view.name, day=view.closed_on.isoformat() if view.closed_on else ""
        )
    )
    return 0


def _add_supervision_commands(commands: Any) -> None:
    """supervision list and show: the centre's supervision orders (督办, docs/rules.md §22)."""
    supervision = commands.add_parser("supervision", help=_("supervision orders (督办)"))
    supervision_commands = supervision.add_subparsers(dest="supervision_command", metavar="COMMAND")
    supervision_commands.required = True
    listing = supervision_commands.add_parser(
        "list", help=_("the orders awaiting a reply or answered, the overdue first")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(run=_cmd_supervision_list)
    show = supervision_commands.add_parser("show", help=_("one order with its replies"))
    show.add_argument("number", help=_("the order's number, e.g. 督办[2026]7 or 2026-7"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(run=_cmd_supervision_show)


def _cmd_supervision_list(args: argparse.Namespace) -> int:
    from counter_tui.services.clock import local_today
    from counter_tui.services.supervision.reading import active_orders

    _open(args)
    lines = active_orders(local_today())
    if args.json:
        _print_json([line.as_dict() for line in lines])
        return 0
    from counter_tui.documents.supervision import orders_text

    sys.stdout.write(orders_text(lines))
    return 0


def _cmd_supervision_show(args: argparse.Namespace) -> int:
    from counter_tui.services.clock import local_today
    from counter_tui.services.supervision.reading import order_detail

    _open(args)
    detail = order_detail(args.number, today=local_today())
    if args.json:
        _print_json(detail.as_dict())
        return 0
    from counter_tui.documents.supervision import order_text

    sys.stdout.write(order_text(detail))
    return 0


def _yes_no(text: str) -> bool:
    if text not in ("yes", "no"):
        raise argparse.ArgumentTypeError(_("yes or no, not {text}").format(text=text))
    return text == "yes"


def _add_administration_commands(commands: Any) -> None:
    """department, window and staff: the centre's administration (docs/architecture.md §5)."""
    department = commands.add_parser("department", help=_("the centre's departments"))
    department_commands = department.add_subparsers(dest="department_command", metavar="COMMAND")
    department_commands.required = True
    department_list = department_commands.add_parser("list", help=_("every department"))
    department_list.add_argument("--json", action="store_true", help=_("print JSON"))
    department_list.set_defaults(run=_cmd_department_list)
    for name, adding in (("add", True), ("set", False)):
        command = department_commands.add_parser(
            name, help=_("add a department") if adding else _("change a department")
        )
        command.add_argument("code", help=_("department code (in case numbers)"))
        command.add_argument(
            "--name", required=adding, help=_("the organ's full name, as on its decisions")
        )
        command.add_argument(
            "--short-name", required=adding, help=_("short name, in document numbers")
        )
        command.add_argument(
            "--reconsideration-body", help=_("its own reconsideration body, if the law gives one")
        )
        command.add_argument(
            "--delegation", help=_("the delegation under which its chief representative signs")
        )
        if adding:
            command.add_argument(
                "--chief-signs-refusals",
                action="store_true",
                help=_("refusals need the chief representative's signature"),
            )
        else:
            command.add_argument(
                "--chief-signs-refusals",
                type=_yes_no,
                metavar="yes|no",
                help=_("refusals need the chief representative's signature"),
            )
        command.set_defaults(run=_cmd_department_add if adding else _cmd_department_set)

    window = commands.add_parser("window", help=_("the windows and their A and B clerks (AB角)"))
    window_commands = window.add_subparsers(dest="window_command", metavar="COMMAND")
    window_commands.required = True
    window_list = window_commands.add_parser(
        "list", help=_("every window with its A and B clerk and who is on duty")
    )
    window_list.add_argument("--json", action="store_true", help=_("print JSON"))
    window_list.set_defaults(run=_cmd_window_list)
    for name, adding in (("add", True), ("set", False)):
        command = window_commands.add_parser(
            name, help=_("add a window") if adding else _("change a window or its clerks")
        )
        command.add_argument("number", type=_whole, help=_("window number"))
        command.add_argument(
            "--department", required=adding, metavar="CODE", help=_("its department's code")
        )
        command.add_argument("--phone", help=_("the window's phone"))
        command.add_argument("--a", metavar="CODE", help=_("the A clerk's staff code"))
        command.add_argument("--b", metavar="CODE", help=_("the B clerk's staff code"))
        for flag, helped in (
            ("--first", _("the department's 一号窗口")),
            ("--comprehensive", _("a comprehensive window (综合窗口), which takes bundles")),
        ):
            if adding:
                command.add_argument(flag, action="store_true", help=helped)
            else:
                command.add_argument(flag, type=_yes_no, metavar="yes|no", help=helped)
        command.set_defaults(run=_cmd_window_add if adding else _cmd_window_set)

    staff = commands.add_parser("staff", help=_("the centre's staff accounts"))
    staff_commands = staff.add_subparsers(dest="staff_command", metavar="COMMAND")
    staff_commands.required = True
    staff_list = staff_commands.add_parser("list", help=_("every account, deactivated ones too"))
    staff_list.add_argument("--json", action="store_true", help=_("print JSON"))
    staff_list.add_argument("--department", metavar="CODE", help=_("one department's only"))
    staff_list.set_defaults(run=_cmd_staff_list)
    add = staff_commands.add_parser(
        "add", help=_("add an account with a one-time PIN, changed at its first sign-in")
    )
    add.add_argument("code", help=_("staff code"))
    add.add_argument("--name", required=True, help=_("the person's name"))
    add.add_argument("--role", required=True, choices=ROLES, help=_("role"))
    add.add_argument("--department", metavar="CODE", help=_("department code (not for an admin)"))
    add.add_argument(
        "--pin-stdin", action="store_true", help=_("read the one-time PIN from standard input")
    )
    add.set_defaults(run=_cmd_staff_add)
    change = staff_commands.add_parser("set", help=_("change an account"))
    change.add_argument("code", help=_("staff code"))
    change.add_argument("--name", help=_("the person's name"))
    change.add_argument("--role", choices=ROLES, help=_("role"))
    change.add_argument(
        "--department", metavar="CODE", help=_('department code ("": none, for an admin)')
    )
    change.set_defaults(run=_cmd_staff_set)
    for name, helped, run in (
        ("disable", _("deactivate an account (not while it has open work)"), _cmd_staff_disable),
        ("enable", _("enable a deactivated account again"), _cmd_staff_enable),
        ("unlock", _("clear an account's lock after wrong PINs"), _cmd_staff_unlock),
    ):
        command = staff_commands.add_parser(name, help=helped)
        command.add_argument("code", help=_("staff code"))
        command.set_defaults(run=run)
    reset = staff_commands.add_parser(
        "reset-pin", help=_("a new one-time PIN, changed at the next sign-in; clears the lock")
    )
    reset.add_argument("code", help=_("staff code"))
    reset.add_argument(
        "--pin-stdin", action="store_true", help=_("read the one-time PIN from standard input")
    )
    reset.set_defaults(run=_cmd_staff_reset_pin)


def _cmd_window_list(args: argparse.Namespace) -> int:
    from counter_tui.services.handover.staffing import ABSENCE_LABELS, list_windows

    _open(args)
    windows = list_windows()
    if args.json:
        _print_json(
            [
                {
                    "number": w.number,
                    "department": w.department,
                    "department_code": w.department_code,
                    "phone": w.phone,
                    "first_window": w.first_window,
                    "comprehensive": w.comprehensive,
                    "clerk_a": w.clerk_a or None,
                    "clerk_b": w.clerk_b or None,
                    "on_duty": w.on_duty or None,
                    "clerk_a_absence": w.clerk_a_absence,
                    "clerk_b_absence": w.clerk_b_absence,
                }
                for w in windows
            ]
        )
        return 0

    def who(code: str, name: str, absence: object) -> str:
        if not code:
            return "—"
        away = f" ({_(ABSENCE_LABELS[absence])})" if absence else ""
        return f"{name} {code}{away}"

    for w in windows:
        print(
            _("Window {number}  {department}  A: {a}  B: {b}  on duty: {duty}").format(
                number=w.number,
                department=w.department,
                a=who(w.clerk_a, w.clerk_a_name, w.clerk_a_absence),
                b=who(w.clerk_b, w.clerk_b_name, w.clerk_b_absence),
                duty=who(w.on_duty, w.on_duty_name, None),
            )
            + _window_marks(w)
        )
    return 0


def _window_marks(view: Any, phone: bool = True) -> str:
    """The window's phone and whether it is its department's 一号窗口 or a 综合窗口."""
    marks = []
    if phone and view.phone:
        marks.append(_("phone: {phone}").format(phone=view.phone))
    if view.first_window:
        marks.append(_("first window"))
    if view.comprehensive:
        marks.append(_("comprehensive window"))
    return "".join("  " + mark for mark in marks)


def _print_window(view: Any) -> None:
    print(
        _("Window {number}  {department}: A {a}, B {b}").format(
            number=view.number,
            department=view.department,
            a=view.clerk_a or "—",
            b=view.clerk_b or "—",
        )
        + _window_marks(view, phone=False)
    )


def _cmd_window_set(args: argparse.Namespace) -> int:
    """Like the catalog and calendar imports, with the authority of whoever can open the
    database (an administrator's shell); the event names no staff member."""
    from counter_tui.services.centre.windows import set_window

    _open(args)
    view = set_window(
        None,
        args.number,
        department=args.department,
        phone=args.phone,
        clerk_a=args.a,
        clerk_b=args.b,
        first=args.first,
        comprehensive=args.comprehensive,
    )
    _print_window(view)
    return 0


def _add_hall_commands(commands: Any) -> None:
    """The hall's ticket queues and devices (docs/rules.md §24)."""
    queue = commands.add_parser("queue", help=_("the hall's ticket queues (排队叫号)"))
    queue_commands = queue.add_subparsers(dest="queue_command", metavar="COMMAND")
    queue_commands.required = True
    queue_list = queue_commands.add_parser(
        "list", help=_("every queue with its department and the windows that call it")
    )
    queue_list.add_argument("--json", action="store_true", help=_("print JSON"))
    queue_list.set_defaults(run=_cmd_queue_list)
    queue_add = queue_commands.add_parser("add", help=_("add a ticket queue"))
    queue_add.add_argument("prefix", help=_("its letter, A to Z: its tickets are A001, A002, …"))
    queue_add.add_argument("--name", required=True, help=_("its name on the kiosk"))
    queue_add.add_argument(
        "--department", required=True, metavar="CODE", help=_("the department it serves")
    )
    queue_add.add_argument("--item", default="", metavar="CODE", help=_("one common item of it"))
    queue_add.add_argument(
        "--windows", default="", metavar="N,N", help=_("the windows that call it, e.g. 2,3")
    )
    queue_add.set_defaults(run=_cmd_queue_add)

    pad = commands.add_parser(
        "pad", help=_("run this terminal as a window's rating pad (no sign-in)")
    )
    bound = pad.add_mutually_exclusive_group(required=True)
    bound.add_argument("--device", metavar="CODE", help=_("the pad's device code, e.g. pad-02"))
    bound.add_argument("--window", type=_whole, help=_("the window whose pad this is"))
    pad.set_defaults(run=_cmd_pad)

    device = commands.add_parser(
        "device", help=_("the hall's devices: rating pads, the ticket kiosk, the display")
    )
    device_commands = device.add_subparsers(dest="device_command", metavar="COMMAND")
    device_commands.required = True
    device_list = device_commands.add_parser("list", help=_("every device and where it is bound"))
    device_list.add_argument("--json", action="store_true", help=_("print JSON"))
    device_list.set_defaults(run=_cmd_device_list)
    bind = device_commands.add_parser(
        "bind", help=_("bind a device: a rating pad to a window, a kiosk or a display to the hall")
    )
    bind.add_argument("code", help=_("the device's code, e.g. pad-02"))
    bind.add_argument("--kind", required=True, choices=("pad", "kiosk", "display"), help=_("kind"))
    bind.add_argument("--window", type=_whole, help=_("a rating pad's window number"))
    bind.add_argument("--name", default="", help=_("its name, e.g. where it stands"))
    bind.add_argument(
        "--paper",
        type=int,
        choices=RECEIPT_WIDTHS,
        help=_("a kiosk's receipt roll, in mm (default 58)"),
    )
    bind.add_argument(
        "--active", type=_yes_no, default=True, metavar="yes|no", help=_("in use (default yes)")
    )
    bind.set_defaults(run=_cmd_device_bind)

    kiosk = commands.add_parser("kiosk", help=_("run this terminal as the ticket kiosk (取号机)"))
    kiosk.add_argument("--device", required=True, metavar="CODE", help=_("the kiosk's code"))
    kiosk.add_argument(
        "--paper",
        type=int,
        choices=RECEIPT_WIDTHS,
        help=_("the receipt printer's roll, in mm (default: the device's, else 58)"),
    )
    kiosk.set_defaults(run=_cmd_kiosk)
    display = commands.add_parser(
        "display", help=_("run this terminal as the calling display (叫号屏)")
    )
    display.add_argument("--device", required=True, metavar="CODE", help=_("the display's code"))
    display.set_defaults(run=_cmd_display)


def _cmd_pad(args: argparse.Namespace) -> int:
    """The rating pad (docs/rules.md §11): bound to its window by the administrator, no
    sign-in; started by its code or by its window's number."""
    device = _hall_device(args, "pad", window=args.window)
    if device is None:
        return 2
    from counter_tui.tui.hall.pad import PadApp

    PadApp(device).run()
    return 0


def _print_queue(view: Any) -> None:
    windows = ", ".join(map(str, view.windows)) or "—"
    line = _("Queue {prefix}  {name}  {department}  windows: {windows}").format(
        prefix=view.prefix, name=view.name, department=view.department, windows=windows
    )
    if view.item_code:
        line += "  " + _("item: {code}").format(code=view.item_code)
    if not view.active:
        line += "  " + _("closed")
    print(line)


def _cmd_queue_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter_tui.services.centre.queues import list_queues

    _open(args)
    queues = list_queues()
    if args.json:
        _print_json([asdict(q) for q in queues])
        return 0
    for view in queues:
        _print_queue(view)
    if not queues:
        print(_("No ticket queue."))
    return 0


def _cmd_queue_add(args: argparse.Namespace) -> int:
    """With the authority of whoever can open the database, like `window add`."""
    from counter_tui.services.centre.queues import add_queue

    _open(args)
    windows = [part.strip() for part in args.windows.split(",") if part.strip()]
    view = add_queue(
        None, args.prefix, args.name, args.department, item_code=args.item, windows=windows
    )
    _print_queue(view)
    return 0


def _print_device(view: Any) -> None:
    from counter_tui.domain.tickets import DEVICE_LABELS

    where = _("window {number}").format(number=view.window) if view.window else _("the hall")
    line = f"{view.code}  {_(DEVICE_LABELS[view.kind])}  {where}"
    if view.name:
        line += f"  {view.name}"
    if view.paper:
        line += "  " + _("{paper} mm paper").format(paper=view.paper)
    if not view.active:
        line += "  " + _("disabled")
    print(line)


def _cmd_device_list(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.devices import list_devices

    _open(args)
    devices = list_devices()
    if args.json:
        _print_json(
            [
                {"code": d.code, "name": d.name, "kind": d.kind.value, "window": d.window}
                | {"active": d.active, "paper": d.paper}
                for d in devices
            ]
        )
        return 0
    for view in devices:
        _print_device(view)
    if not devices:
        print(_("No device is bound."))
    return 0


def _cmd_device_bind(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.devices import bind_device

    _open(args)
    view = bind_device(
        None,
        args.code,
        args.kind,
        window=args.window,
        name=args.name,
        active=args.active,
        paper=args.paper,
    )
    _print_device(view)
    return 0


def _hall_device(args: argparse.Namespace, kind: str, window: int | None = None) -> Any:
    """The device the terminal starts as: ``--device``, or the active pad of ``window``;
    None, said in one line, when it is not bound, disabled or of another kind."""
    from counter_tui.services.centre.devices import device_of_kind

    _open(args)
    try:
        code = args.device
        if window is not None:
            from counter_tui.services.tracking.ratings import pad_of_window

            code = pad_of_window(window)
        return device_of_kind(code, kind)
    except DomainError as error:
        print(_("Error: {message}").format(message=explain(error)), file=sys.stderr)
        return None


def _cmd_kiosk(args: argparse.Namespace) -> int:
    device = _hall_device(args, "kiosk")
    if device is None:
        return 2
    from counter_tui.tui.hall.kiosk import KioskApp

    KioskApp(device, paper=args.paper).run()
    return 0


def _cmd_display(args: argparse.Namespace) -> int:
    device = _hall_device(args, "display")
    if device is None:
        return 2
    from counter_tui.tui.hall.display import DisplayApp

    DisplayApp(device).run()
    return 0


def _cmd_window_add(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.windows import add_window

    _open(args)
    view = add_window(
        None,
        args.number,
        args.department,
        phone=args.phone or "",
        clerk_a=args.a,
        clerk_b=args.b,
        first=args.first,
        comprehensive=args.comprehensive,
    )
    _print_window(view)
    return 0


def _cmd_department_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter_tui.services.centre.departments import list_departments

    _open(args)
    lines = list_departments()
    if args.json:
        _print_json([asdict(line) for line in lines])
        return 0
    for line in lines:
        approvers = ", ".join(line.approvers) or "—"
        signs = "  " + _("the chief signs refusals") if line.chief_signs_refusals else ""
        print(
            _("{code}  {short}  {name}  approvers: {approvers}").format(
                code=line.code, short=line.short_name, name=line.name, approvers=approvers
            )
            + signs
        )
    return 0


def _department_values(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "reconsideration_body": args.reconsideration_body,
        "delegation": args.delegation,
        "chief_signs_refusals": args.chief_signs_refusals,
    }


def _cmd_department_add(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.departments import add_department

    _open(args)
    values = {k: v for k, v in _department_values(args).items() if v is not None}
    line = add_department(None, args.code, args.name, args.short_name, **values)
    print(_("Department {code} added: {name}").format(code=line.code, name=line.name))
    return 0


def _cmd_department_set(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.departments import set_department

    _open(args)
    line = set_department(
        None, args.code, name=args.name, short_name=args.short_name, **_department_values(args)
    )
    print(_("Department {code}: {name}").format(code=line.code, name=line.name))
    return 0


def _staff_state(line: Any) -> str:
    states = [
        (not line.active, _("deactivated")),
        (line.locked, _("locked")),
        (line.must_change_pin, _("one-time PIN")),
    ]
    return ", ".join(text for shown, text in states if shown)


def _staff_line(line: Any) -> str:
    from counter_tui.services.auth import ROLE_LABELS

    state = _staff_state(line)
    return f"{line.code}  {line.name}  {_(ROLE_LABELS[line.role])}  {line.department or '—'}" + (
        f"  ({state})" if state else ""
    )


def _cmd_staff_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter_tui.services.centre.staff import list_staff

    _open(args)
    lines = list_staff(args.department)
    if args.json:
        _print_json([asdict(line) for line in lines])
        return 0
    for line in lines:
        print(_staff_line(line))
    return 0


def _one_time_pin(args: argparse.Namespace) -> str:
    return _read_pin(args.pin_stdin, _("One-time PIN"), _("One-time PIN again"))


def _cmd_staff_add(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.staff import add_staff

    _open(args)
    line = add_staff(None, args.code, args.name, args.role, _one_time_pin(args), args.department)
    print(
        _(
            "Account {code} added for {name}: the one-time PIN is changed at the first sign-in"
        ).format(code=line.code, name=line.name)
    )
    return 0


def _cmd_staff_set(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.staff import set_staff

    _open(args)
    line = set_staff(None, args.code, name=args.name, role=args.role, department=args.department)
    print(_staff_line(line))
    return 0


def _cmd_staff_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def _cmd_staff_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from counter_tui.services.centre.staff import set_active

    _open(args)
    print(_staff_line(set_active(None, args.code, active)))
    return 0


def _cmd_staff_reset_pin(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.staff import reset_pin

    _open(args)
    line = reset_pin(None, args.code, _one_time_pin(args))
    print(
        _("New one-time PIN for {code}: changed at the next sign-in; the lock is cleared").format(
            code=line.code
        )
    )
    return 0


def _cmd_staff_unlock(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.staff import unlock_staff

    _open(args)
    if unlock_staff(None, args.code):
        print(_("{code} unlocked").format(code=args.code.strip()))
    else:
        print(_("{code} was not locked").format(code=args.code.strip()))
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.backups import backup_database

    _open(args)
    passphrase = _read_passphrase(twice=True) if args.encrypt else None
    path = backup_database(args.file, passphrase, _)
    print(_("Backup written to {file}").format(file=path))
    if passphrase is None:
        print(_("It holds personal data unencrypted: keep it safe, or use --encrypt"))
    return 0


def _read_passphrase(twice: bool = False) -> str:
    """A backup's passphrase: the first line of standard input, or asked on the terminal
    (twice for a new backup); never from the command line or the environment, where
    others could read it."""
    if not sys.stdin.isatty():
        passphrase = sys.stdin.readline().rstrip("\r\n")
        if not passphrase:
            raise UserError(_("No passphrase on standard input: give it on its first line"))
        return passphrase
    import getpass

    passphrase = getpass.getpass(_("Passphrase") + ": ")
    if twice and getpass.getpass(_("Passphrase again") + ": ") != passphrase:
        raise UserError(_("The two passphrases differ"))
    return passphrase


def _cmd_restore(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.backups import restore_database

    url = database_url(args.database, args.demo)
    restored = restore_database(url, args.file, force=args.force, passphrase=_read_passphrase)
    print(_("Restored {file} into {database}").format(file=args.file, database=restored.database))
    if restored.kept is not None:
        print(_("The database it replaced is kept at {file}").format(file=restored.kept))
    return 0


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.audit import (
        verify_anchors,
        verify_case_rows,
        verify_event_chain,
    )

    _open(args)
    broken, cut = verify_event_chain(), verify_anchors()
    if broken is None and cut is None:
        print(_("Event chain intact"))
    if broken is not None and broken.case_number is None:
        print(_("Event chain broken at event {id}").format(id=broken.event_id))
    elif broken is not None:
        print(
            _("Event chain broken at event {id}, of case {case}").format(
                id=broken.event_id, case=broken.case_number
            )
        )
    if cut is not None:
        print(
            _(
                "Event chain cut short: event {id}, its end on {at}, is gone or changed; "
                "the chain now ends at event {last}"
            ).format(
                id=cut.anchored_event_id,
                at=cut.anchored_at.strftime("%Y-%m-%d %H:%M"),
                last=cut.last_event_id or "—",
            )
        )
    rows = verify_case_rows()
    _print_case_rows(rows)
    return 0 if broken is None and cut is None and not rows.found else 1


def _shown_value(value: object) -> str:
    """A column's value as audit verify prints it: suspensions as their periods, and text
    put in by hand as data, never as the terminal's control sequences."""
    from counter_tui.documents.wrap import clean

    if value is None or value == ():
        return "—"
    if isinstance(value, tuple):
        return clean(", ".join(f"{start}–{end or '…'}" for start, end in value))
    return clean(str(value))


def _print_case_rows(rows: "CaseRowsCheck") -> None:
    for found in rows.disagreements:
        print(
            _("Case {case}: {column} is {row} in its row, but {events} by its events").format(
                case=_shown_value(found.case_number),
                column=found.column,
                row=_shown_value(found.in_row),
                events=_shown_value(found.by_events),
            )
        )
    if rows.found > len(rows.disagreements):
        more = rows.found - len(rows.disagreements)
        print(_("… and {count} more").format(count=more))
    if not rows.found:
        print(
            ngettext(
                "The row of {count} case agrees with its events",
                "The rows of all {count} cases agree with their events",
                rows.cases,
            ).format(count=rows.cases)
        )
    for gap in rows.not_derivable:
        print(
            ngettext(
                "{column} not checked on {count} case: its events up to event {id} were "
                "written before events carried it",
                "{column} not checked on {count} cases: their events up to event {id} were "
                "written before events carried it",
                gap.cases,
            ).format(column=gap.column, count=gap.cases, id=gap.last_event_id)
        )


def _add_audit_access(audit_commands: Any) -> None:
    access = audit_commands.add_parser(
        "access",
        help=_("who saw, printed, exported or backed up personal data"),
        description=_(
            "The access events: an applicant's whole ID number shown, documents printed, "
            "cases exported, backups taken; who, when and which cases."
        ),
    )
    _period_options(
        access,
        N_("first day, YYYY-MM-DD (default: the first)"),
        N_("last day, YYYY-MM-DD (default: the last)"),
    )
    access.add_argument("--staff", metavar="CODE", help=_("one staff member's only"))
    access.add_argument("--json", action="store_true", help=_("print JSON"))
    access.set_defaults(run=_cmd_audit_access)


def _cmd_audit_access(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.access import access_lines

    _open(args)
    try:
        lines = access_lines(args.date_from, args.date_to, args.staff)
    except DomainError as error:  # a period backwards, an unknown staff code: the command
        print(_("Error: {message}").format(message=explain(error)), file=sys.stderr)
        return 2
    if args.json:
        _print_json([line.as_dict() for line in lines])
        return 0
    if not lines:
        print(_("No access recorded"), file=sys.stderr)
    for line in lines:
        print("  ".join(_access_columns(line)))
    return 0


def _access_columns(line: Any) -> list[str]:
    """Time, who, the act, its cases or documents, and what was touched and how."""
    from counter_tui.domain.numbering import DOCUMENT_TITLES
    from counter_tui.services.cases.access import ACT_LABELS, WHAT_LABELS

    who = f"{line.staff_code} {line.staff_name}" if line.staff_code else _("(command line)")
    named = list(line.documents) or list(line.cases)
    shown = ", ".join(named[:3]) + ("…" if len(named) > 3 else "")
    titles = {kind.value: title for kind, title in DOCUMENT_TITLES.items()}
    what = _(WHAT_LABELS.get(line.what) or titles.get(line.what) or line.what)
    reason = what + (f" ({line.file})" if line.file else "")
    reason += "  " + ngettext("{n} case", "{n} cases", line.count).format(n=line.count)
    if line.selection:
        reason += "  " + " ".join(f"{k}={v}" for k, v in line.selection.items() if v != "")
    act = _(ACT_LABELS[line.act]) if line.act in ACT_LABELS else line.act
    return [line.at.strftime("%Y-%m-%d %H:%M"), who, act, shown or "—", reason]


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from counter_tui.services.centre.opening import schema_version

    _open(args)
    print(_("Schema version {version}").format(version=schema_version()))
    return 0


def _run_tui(args: argparse.Namespace) -> int:
    # What the start makes (Textual's and peewee's modules, the models, the open database)
    # lives as long as the program: no collection looks at it, during the start (about
    # 25 ms of collections that find nothing) or after (docs/architecture.md §4.8).
    gc.disable()
    try:
        app = _start_tui(args)
    finally:
        gc.freeze()
        gc.enable()
    app.run()
    return 0


def _start_tui(args: argparse.Namespace) -> "CounterApp":
    """The app, on the database open and checked (the demo's built on first use)."""
    from counter_tui.services.centre.setup import is_initialised

    if args.demo:
        from counter_tui.services.demo.seed import ensure_demo

        def building() -> None:
            print(_("Building the demo centre (on first use only)…"), file=sys.stderr, flush=True)

        if ensure_demo(database_url(args.database, demo=True), building):
            gc.collect()  # what the building left is not the program's to keep
            discard_type_ahead()
    else:
        _open(args)
        if not is_initialised():
            raise UserError(
                _(
                    "This database is not set up yet: run `counter-tui init`, "
                    "or try the demo with `counter-tui --demo`."
                )
            )
    from counter_tui.tui.app import CounterApp

    return CounterApp(demo=args.demo, keymap_file=keymap_file())


def discard_type_ahead() -> None:
    """Drop the keys typed, blind, while the demo was built: read by the sign-in screen at
    its start they landed mangled (a Tab lost, code and PIN run together in one field)."""
    try:
        import termios
    except ImportError:  # Windows: its console has no such queue to flush
        return
    if sys.stdin.isatty():
        with suppress(termios.error):
            termios.tcflush(sys.stdin, termios.TCIFLUSH)


def _tui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when there are global options only (the TUI starts), parsed without
    building every command's parser first (issue 10: the sign-in screen comes sooner);
    None for anything else (a command, --help, a mistake), which the full parser handles."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    _global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language(argv))
    args = _tui_arguments(argv) or build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _run_tui)
    try:
        return run(args)
    except DomainError as error:
        print(_("Error: {message}").format(message=explain(error)), file=sys.stderr)
        return 1
    except UserError as error:
        print(_("Error: {message}").format(message=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``counter-tui export --json | head``): no traceback, and
        # none either when Python flushes stdout on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1

"""A centre file's entries, whatever its format: its sections, the fields of each, and
one entry with its place for messages (docs/architecture.md §5.1). ``files.py`` reads
and writes them as YAML or JSON, ``xlsx.py`` as a workbook, ``importing.py`` checks
and stores them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_tui.domain.errors import Message

SECTIONS = ("profile", "departments", "windows", "staff", "queues", "devices")
DEPARTMENT_FIELDS = (
    "code",
    "name",
    "short_name",
    "reconsideration_body",
    "chief_signs_refusals",
    "delegation",
)
WINDOW_FIELDS = (
    "number",
    "department",
    "phone",
    "clerk_a",
    "clerk_b",
    "first_window",
    "comprehensive",
)
STAFF_FIELDS = ("code", "name", "role", "department", "active")
# The hall's ticket queues and devices (docs/rules.md §24); a file without them leaves
# the centre's as they are. A queue's windows: a list of numbers (in a workbook's cell,
# the numbers with commas between them). A kiosk's paper: its receipt roll in mm, 58 or
# 80 (empty: not set, 58).
QUEUE_FIELDS = ("prefix", "name", "department", "item", "windows", "active")
DEVICE_FIELDS = ("code", "name", "kind", "window", "active", "paper")
PIN = "pin"  # read, never written


@dataclass(frozen=True)
class Entry:
    """One department, window or staff member of a file, or its profile, and where."""

    where: Message
    values: Mapping[str, Any]


@dataclass
class CentreFile:
    """What a centre file holds, section by section, each entry with its place."""

    source: str
    profile: Entry | None = None
    departments: list[Entry] = field(default_factory=list)
    windows: list[Entry] = field(default_factory=list)
    staff: list[Entry] = field(default_factory=list)
    queues: list[Entry] = field(default_factory=list)
    devices: list[Entry] = field(default_factory=list)

"""Compile the gettext catalogs (.po → .mo) into the wheel at build time."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        locale_dir = Path(self.root) / "counter_tui" / "locale"
        for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            relative = mo_path.relative_to(self.root).as_posix()
            build_data["artifacts"].append(relative)

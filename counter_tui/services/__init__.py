"""Use cases: one transaction each, permission checks, an Event for every change.

The TUI and the CLI call only these.
"""

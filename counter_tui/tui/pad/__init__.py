"""The rating pad: its own app, beside the clerk's (docs/rules.md §11)."""

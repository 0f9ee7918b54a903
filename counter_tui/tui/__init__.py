"""The Textual terminal interface (docs/architecture.md §4): app.py + app.tcss, screens/,
widgets/."""

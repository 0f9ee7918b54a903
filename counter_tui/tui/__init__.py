"""The Textual terminal interface (DESIGN §7): app.py + app.tcss, screens/, widgets/."""

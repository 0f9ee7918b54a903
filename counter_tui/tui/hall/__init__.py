"""The hall's devices as modes of counter-tui (docs/rules.md §24): the ticket kiosk
(`kiosk.py`) and the calling display (`display.py`), small apps beside the clerk's, which
they import nothing of."""

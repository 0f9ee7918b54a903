"""counter-tui: the terminal program of an administrative service centre's counter clerks."""

__version__ = "0.1.0"

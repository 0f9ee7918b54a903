"""Large characters for the hall (docs/rules.md §24): a ticket's number (A012) and a
window's, readable across the hall. Textual's ``Digits`` draws 0–9 and A–F only, and the
queues' letters run A–Z: a hand-made block font of five rows, five columns a glyph."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

HEIGHT = 5
WIDTH = 5
GAP = 1  # columns between two glyphs

_GLYPHS = """
A  ███ |█   █|█████|█   █|█   █
B ████ |█   █|████ |█   █|████
C  ████|█    |█    |█    | ████
D ████ |█   █|█   █|█   █|████
E █████|█    |████ |█    |█████
F █████|█    |████ |█    |█
G  ████|█    |█  ██|█   █| ████
H █   █|█   █|█████|█   █|█   █
I █████|  █  |  █  |  █  |█████
J █████|   █ |   █ |█  █ | ██
K █   █|█  █ |███  |█  █ |█   █
L █    |█    |█    |█    |█████
M █   █|██ ██|█ █ █|█   █|█   █
N █   █|██  █|█ █ █|█  ██|█   █
O  ███ |█   █|█   █|█   █| ███
P ████ |█   █|████ |█    |█
Q  ███ |█   █|█ █ █|█  █ | ██ █
R ████ |█   █|████ |█  █ |█   █
S  ████|█    | ███ |    █|████
T █████|  █  |  █  |  █  |  █
U █   █|█   █|█   █|█   █| ███
V █   █|█   █|█   █| █ █ |  █
W █   █|█   █|█ █ █|██ ██|█   █
X █   █| █ █ |  █  | █ █ |█   █
Y █   █| █ █ |  █  |  █  |  █
Z █████|   █ |  █  | █   |█████
0  ███ |█  ██|█ █ █|██  █| ███
1   █  | ██  |  █  |  █  | ███
2  ███ |█   █|  ██ | █   |█████
3 ████ |    █| ███ |    █|████
4 █   █|█   █|█████|    █|    █
5 █████|█    |████ |    █|████
6  ███ |█    |████ |█   █| ███
7 █████|    █|   █ |  █  |  █
8  ███ |█   █| ███ |█   █| ███
9  ███ |█   █| ████|    █| ███
- |     |█████|     |
"""

GLYPHS: dict[str, tuple[str, ...]] = {
    line[0]: tuple(row.ljust(WIDTH) for row in line[2:].split("|"))
    for line in _GLYPHS.strip("\n").splitlines()
}
BLANK = (" " * WIDTH,) * HEIGHT


def big_width(text: str) -> int:
    """Columns ``text`` takes in large characters."""
    return len(text) * (WIDTH + GAP) - GAP if text else 0


def big_rows(text: str) -> list[str]:
    """``text`` in large characters, as HEIGHT rows of equal width; a character the font
    lacks is a blank (the labels are letters and digits only)."""
    glyphs = [GLYPHS.get(char.upper(), BLANK) for char in text]
    return [(" " * GAP).join(glyph[row] for glyph in glyphs) for row in range(HEIGHT)]


def big_text(text: str, style: Style | str = "") -> Text:
    """``text`` in large characters as a rich Text of HEIGHT lines."""
    return Text("\n".join(big_rows(text)), style=style, no_wrap=True)

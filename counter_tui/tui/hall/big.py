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


def big_width(text: str, scale: int = 1) -> int:
    """Columns ``text`` takes in large characters, ``scale`` times larger still."""
    return (len(text) * (WIDTH + GAP) - GAP) * scale if text else 0


def big_rows(text: str, scale: int = 1) -> list[str]:
    """``text`` in large characters, as HEIGHT × ``scale`` rows of equal width, every
    point of a glyph ``scale`` columns wide and rows high; a character the font lacks is
    a blank (the labels are letters and digits only)."""
    glyphs = [GLYPHS.get(char.upper(), BLANK) for char in text]
    rows = [(" " * GAP).join(glyph[row] for glyph in glyphs) for row in range(HEIGHT)]
    wide = ["".join(point * scale for point in row) for row in rows]
    return [row for row in wide for _copy in range(scale)]


def big_text(text: str, style: Style | str = "") -> Text:
    """``text`` in large characters as a rich Text of HEIGHT lines."""
    return Text("\n".join(big_rows(text)), style=style, no_wrap=True)

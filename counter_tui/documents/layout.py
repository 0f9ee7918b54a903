"""Layout pieces the rendered documents share: labelled facts, and the plain-text
(terminal cells, Chinese counting two) and HTML forms of paragraphs, headings and fact
tables."""

import html
from dataclasses import dataclass

from rich.cells import cell_len

from counter_tui.documents.labels import fact
from counter_tui.documents.wrap import wrap, wrap_fact
from counter_tui.i18n import language


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


# ── plain text ────────────────────────────────────────────────────────────────


def fact_lines(item: Fact, width: int, indent: int = 0) -> list[str]:
    """“Label: value”, the value's continuation lines hanging under its first character."""
    pad = " " * indent
    lines = wrap_fact(fact(item.label, ""), item.value, width - indent, cell_len)
    return [f"{pad}{' ' * int(line.indent)}{line.text}".rstrip() for line in lines]


def block(text: str, width: int, indent: int = 0) -> list[str]:
    pad = " " * indent
    return [
        f"{pad}{' ' * int(ln.indent)}{ln.text}".rstrip()
        for ln in wrap(text, width - indent, cell_len)
    ]


def heading_lines(title: str) -> list[str]:
    return ["", title, "─" * cell_len(title)]


def centred(text: str, width: int) -> list[str]:
    return [
        (" " * ((width - cell_len(line.text)) // 2) + line.text).rstrip()
        for line in wrap(text, width, cell_len, hang=False)
    ]


def right_aligned(text: str, width: int) -> list[str]:
    return [
        " " * max(0, width - cell_len(line.text)) + line.text
        for line in wrap(text, width, cell_len, hang=False)
    ]


# ── HTML ──────────────────────────────────────────────────────────────────────

STYLE = """
@page { size: A4; margin: 18mm 18mm 20mm 18mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC",
       SimSun, sans-serif; font-size: 11pt; line-height: 1.5; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 18pt; text-align: center; margin: 0.2em 0 0; }
.subtitle { text-align: center; font-size: 12pt; margin: 0 0 1em; }
.notice { border: 1px solid #999; padding: 0.4em 0.6em; }
h2 { font-size: 13pt; border-left: 4px solid #333; padding-left: 0.4em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
th { background: #e6e6e6; }
table.facts th { width: 8em; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.text { white-space: pre-wrap; }
.detail { color: #444; font-size: 10pt; }
.number, .copies { text-align: center; white-space: nowrap; }
footer { margin-top: 2em; text-align: center; color: #555; font-size: 9pt; }
"""


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def facts_table(facts: tuple[Fact, ...]) -> list[str]:
    out = ['<table class="facts">']
    for item in facts:
        out.append(
            f'<tr><th>{escape(item.label)}</th><td class="text">{escape(item.value)}</td></tr>'
        )
    out.append("</table>")
    return out


def html_page(title: str, body: list[str], style: str = "", subject: str = "") -> str:
    """A standalone HTML page in the interface language; ``title`` and ``subject`` (its
    description: that it holds personal data) are escaped here, ``body`` is HTML already
    escaped by the caller."""
    lang = "zh-CN" if language() == "zh_CN" else "en"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        *([f'<meta name="description" content="{escape(subject)}">'] if subject else []),
        f"<style>{STYLE}{style}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>", ""])

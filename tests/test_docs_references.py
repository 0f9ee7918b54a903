"""Every "§" reference in the code points into the repository's own docs/, to a section
that exists there (issue 16: the repository explains itself)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("counter_tui", "tests", "bench", "db", ".ci")
# The team's design document is not in the repository (spelt so that this file is clean).
OUTSIDE = "DESIGN" + " §"
# "docs/rules.md §8, §10 and §11": a docs file, then its sections.
REFERENCE = re.compile(r"(docs/[a-z_]+\.md)((?:[ ,]*(?:and )?§[0-9.]*[0-9])*)")


def _texts() -> list[tuple[Path, str]]:
    return [
        (path, path.read_text(encoding="utf-8"))
        for folder in SOURCES
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
        and path.suffix in {".py", ".sql", ".md", ".tcss", ""}
        and "__snapshots__" not in path.parts
    ]


def _sections(doc: Path) -> set[str]:
    return set(
        re.findall(r"^#+ ([0-9][0-9.]*[0-9]|[0-9])\.? ", doc.read_text(encoding="utf-8"), re.M)
    )


def test_no_reference_points_outside_the_repository() -> None:
    outside = [str(path.relative_to(ROOT)) for path, text in _texts() if OUTSIDE in text]
    assert outside == []


def test_every_docs_reference_names_a_section_that_exists() -> None:
    broken = []
    found = 0
    for path, text in _texts():
        for match in REFERENCE.finditer(text):
            doc = ROOT / match.group(1)
            if not doc.exists():
                broken.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
                continue
            for section in re.findall(r"§([0-9.]*[0-9])", match.group(2)):
                found += 1
                if section not in _sections(doc):
                    broken.append(f"{path.relative_to(ROOT)}: {match.group(1)} §{section}")
    assert broken == []
    assert found > 20  # the code does cite the docs

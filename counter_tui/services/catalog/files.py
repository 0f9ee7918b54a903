"""Catalog files: read and write the item catalog as YAML, JSON or XLSX.

YAML and JSON hold ``{schema: 1, items: [...], bundles: [...]}`` (``bundles`` may be
left out), the format of ``db/seed/catalog.yaml`` (its header documents the fields). An
XLSX workbook holds the same content in an items, a materials, a bundles and a
bundle_items sheet (services/catalog/xlsx.py).

A file is checked whole before anything is written and imported in one
transaction (services/catalog/items.py): a bad file imports nothing. Export writes
the current version of every item and every bundle by code, so export → import → export gives
the same file (cell for cell for XLSX, byte for byte for YAML and JSON).

openpyxl and yaml are imported inside the functions: never on the start-up path.
"""

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.catalog.bundles import catalog_bundle_entries
from counter_tui.services.catalog.checks import EntryLocation, field_error, file_error
from counter_tui.services.catalog.items import (
    CatalogFile,
    catalog_entries,
    import_items,
)
from counter_tui.services.catalog.xlsx import Translate, read_xlsx, write_xlsx
from counter_tui.store.models import Item, Staff

SCHEMA = 1
FORMATS = ("yaml", "json", "xlsx")
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


def _identity(message: str) -> str:
    return message


def format_of(path: str | Path) -> str:
    """The file format of a path, from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise file_error(
            N_("{file}: unknown file type {suffix}; use .yaml, .yml, .json or .xlsx"),
            file=Path(path).name,
            suffix=suffix or "''",
        )
    return SUFFIXES[suffix]


# ── reading ────────────────────────────────────────────────────────────────


def read_catalog(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a catalog file, in the form ``import_items`` takes."""
    return read_catalog_file(path).entries


def read_catalog_file(path: str | Path) -> CatalogFile:
    path = Path(path)
    if format_of(path) == "xlsx":
        return read_xlsx(path)
    data, node = read_document(path)
    items, bundles = _top_level(path.name, data)
    return CatalogFile(
        path.name,
        items,
        _yaml_locations(path.name, node, len(items), "items", "materials"),
        bundles,
        _yaml_locations(path.name, node, len(bundles), "bundles", "items"),
    )


def import_catalog(path: str | Path, staff: Staff | None = None) -> dict[str, int]:
    """Read a catalog file and import it in one transaction; counts of new/changed/unchanged
    items and bundles (``items.import_items``)."""
    catalog = read_catalog_file(path)
    return import_items(
        catalog.entries,
        catalog.source,
        staff,
        catalog.locations,
        catalog.bundles,
        catalog.bundle_locations,
    )


def read_document(path: Path) -> tuple[Any, Any]:
    """The document of a YAML or JSON file, and its YAML node tree (None for JSON)."""
    text = read_text(path)
    if format_of(path) == "json":
        return parse_json(path.name, text), None
    return parse_yaml(path.name, text)


def read_text(path: Path) -> str:
    """A file's UTF-8 text (a byte-order mark is dropped); a catalog or centre file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise file_error(
            N_("Cannot read {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(
            N_("{file} is not UTF-8 text (byte {offset})"), file=path.name, offset=error.start
        ) from error


def check_schema(name: str, data: Mapping[str, Any], supported: int = SCHEMA) -> None:
    """A catalog or centre file says which schema it is written in: ``supported``."""
    schema = data.get("schema")
    if isinstance(schema, bool) or schema != supported:
        raise file_error(
            N_("{file}: schema {schema} is not supported; this version reads schema {supported}"),
            file=name,
            schema="(missing)" if schema is None else str(schema),
            supported=supported,
        )


def _top_level(name: str, data: Any) -> tuple[list[Any], list[Any]]:
    """The items and the bundles (none when left out) of a YAML or JSON document."""
    if not isinstance(data, Mapping) or "items" not in data:
        raise file_error(
            N_("{file}: the file must hold a mapping with schema: 1 and items: a list of items"),
            file=name,
        )
    for key in data:
        if key not in ("schema", "items", "bundles"):
            raise field_error(name, str(key), N_("{where}: unknown field {field}"))
    check_schema(name, data)
    items, bundles = data["items"], data.get("bundles", [])
    for key, value in (("items", items), ("bundles", bundles)):
        if not isinstance(value, list):
            raise field_error(name, key, N_("{where}: field {field} must be a list of entries"))
    return items, bundles


def parse_json(name: str, text: str) -> Any:
    """The JSON document in ``text`` (of the file ``name``)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise file_error(
            N_("{file}, line {line}: not valid JSON: {reason}"),
            file=name,
            line=error.lineno,
            reason=error.msg,
        ) from error
    except RecursionError as error:
        raise file_error(N_("{file}: nested too deeply"), file=name) from error


def parse_yaml(name: str, text: str) -> tuple[Any, Any]:
    """The YAML document in ``text`` (safe: plain data only) and its node tree, which
    knows the line each entry stands on."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise file_error(
            N_("{file}, line {line}: not valid YAML: {reason}"),
            file=name,
            line=mark.line + 1 if mark else "?",
            reason=error.problem or error.context or "",
        ) from error
    except yaml.YAMLError as error:
        raise file_error(
            N_("{file}, line {line}: not valid YAML: {reason}"), file=name, line="?", reason=error
        ) from error
    except RecursionError as error:
        raise file_error(N_("{file}: nested too deeply"), file=name) from error
    finally:
        loader.dispose()
    return data, node


def yaml_list(node: Any, key: str) -> list[Any]:
    """The nodes of the list under ``key`` of a YAML mapping node (each knows its line:
    ``start_mark.line``, from 0); empty when there is no such list."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    found = next(
        (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None
    )
    return found.value if isinstance(found, yaml.SequenceNode) else []


# What an entry of each list of a file is called in messages.
_SINGULAR = {"items": "item", "materials": "material", "bundles": "bundle"}


def _yaml_locations(name: str, root: Any, count: int, key: str, part: str) -> list[EntryLocation]:
    """'catalog.yaml / item 3 (line 135)' for each entry of the list ``key`` and
    'catalog.yaml / item 3 / material 2 (line 140)' for each of its list ``part``."""
    entries = yaml_list(root, key)
    if len(entries) != count:
        return []
    label, part_label = _SINGULAR[key], _SINGULAR[part]
    locations = []
    for n, entry_node in enumerate(entries, 1):
        where = f"{name} / {label} {n}"
        parts = [
            f"{where} / {part_label} {m} (line {node.start_mark.line + 1})"
            for m, node in enumerate(yaml_list(entry_node, part), 1)
        ]
        locations.append(
            EntryLocation(f"{where} (line {entry_node.start_mark.line + 1})", tuple(parts))
        )
    return locations


# ── writing ────────────────────────────────────────────────────────────────


def catalog_text(format: str, translate: Translate = _identity) -> str:
    """The current catalog as YAML or JSON text."""
    document = {"schema": SCHEMA, "items": catalog_entries(), "bundles": catalog_bundle_entries()}
    header = translate(N_("counter-tui item catalog, schema 1; fields as in db/seed/catalog.yaml"))
    return document_text(format, document, header)


def document_text(format: str, document: dict[str, Any], header: str) -> str:
    """A catalog or centre document as JSON, or as YAML under a ``# header`` line."""
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if format == "yaml":
        return f"# {header}\n{_yaml_text(document)}"
    raise file_error(N_("Unknown file format {format}"), format=format)


def export_catalog(
    path: str | Path, format: str | None = None, translate: Translate = _identity
) -> int:
    """Write the current catalog to ``path``; the format follows the extension.

    Returns the number of items. The file is written whole or not at all.
    """
    path = Path(path)
    kind = export_format(path, format)
    count = Item.select().where(Item.current).count()
    if kind == "xlsx":
        write_whole(path, lambda temporary: write_xlsx(temporary, translate))
    else:
        text = catalog_text(kind, translate)
        write_whole(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return count


def export_format(path: Path, format: str | None) -> str:
    """The format of an export to ``path``: its extension's, which ``format`` must match."""
    kind = format_of(path)
    if format is not None and format != kind:
        raise file_error(
            N_("{file}: the extension does not match the format {format}"),
            file=path.name,
            format=format,
        )
    return kind


def write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` whole or not at all: ``write`` fills a temporary file beside it,
    which is then renamed over it."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    except OSError as error:
        raise file_error(
            N_("Cannot write {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    try:
        os.close(handle)
        write(Path(temporary))
        os.replace(temporary, path)
    except OSError as error:
        raise file_error(
            N_("Cannot write {file}: {reason}"), file=path.name, reason=error.strerror or str(error)
        ) from error
    finally:
        Path(temporary).unlink(missing_ok=True)


def _yaml_text(document: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(dumper):  # type: ignore[misc, valid-type]
        pass

    def text(representer: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(
        document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2
    )

"""Column-mapping presets: how a source's export headers map to a raw table's canonical columns.

A preset is a YAML file in ``seeds/mappings/`` (or in ``JOURNEY_MAPPINGS_DIR``, which is read after it
and can add or override presets)::

    name: hubspot
    source_tz: Europe/Berlin          # optional: time zone of naive timestamps in these exports
    encoding: cp1252                  # optional: force an encoding instead of detecting it
    tables:
      crm_orders:
        files: ["hubspot*deals*.csv"]  # landing file names (in the table's folder) this preset reads
        first_of_list: [customer_id]   # optional: "123;456" -> "123"
        url_to_path: [page_path]       # optional: "https://shop.example/p/1?utm_source=x" -> "/p/1?utm_source=x"
        columns:
          order_id: [record id, deal id]   # canonical column: header spellings, first present wins

Header matching ignores case and everything but letters and digits. Headers that map to no
canonical column are kept as extra columns (recorded in the ingestion log, never an error).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from pipeline.config import PROJECT_ROOT

PRESETS_DIR = PROJECT_ROOT / "seeds" / "mappings"


class MappingError(ValueError):
    """A preset file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class TableMapping:
    preset: str
    table: str
    files: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    first_of_list: tuple[str, ...] = ()
    url_to_path: tuple[str, ...] = ()
    source_tz: str | None = None
    encoding: str | None = None

    def matches(self, path: Path) -> bool:
        return any(fnmatch.fnmatch(path.name.lower(), pattern.lower()) for pattern in self.files)


def header_key(name: str) -> str:
    """What header matching compares: lower case letters and digits only."""
    return re.sub(r"[\W_]", "", name.lower())


def _load_file(path: Path) -> list[TableMapping]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: not readable YAML ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict) or not raw.get("name"):
        raise MappingError(f"{path}: a preset needs a 'name' and a 'tables' mapping")
    out = []
    for table, spec in raw["tables"].items():
        if not isinstance(spec, dict) or not spec.get("files") or not isinstance(spec.get("columns"), dict):
            raise MappingError(f"{path}: table {table!r} needs 'files' (patterns) and 'columns'")
        columns = {}
        for canonical, aliases in spec["columns"].items():
            aliases = [aliases] if isinstance(aliases, str) else aliases
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise MappingError(f"{path}: {table}.{canonical} needs a list of header names")
            columns[canonical] = tuple(aliases)
        out.append(
            TableMapping(
                preset=str(raw["name"]),
                table=table,
                files=tuple(spec["files"]),
                columns=columns,
                first_of_list=tuple(spec.get("first_of_list") or ()),
                url_to_path=tuple(spec.get("url_to_path") or ()),
                source_tz=raw.get("source_tz"),
                encoding=raw.get("encoding"),
            )
        )
    return out


def load_mappings(extra_dir: Path | None = None) -> dict[str, list[TableMapping]]:
    """Per raw table, its mappings: the shipped presets and those of ``extra_dir``
    (Settings.mappings_dir, JOURNEY_MAPPINGS_DIR), which override a shipped preset of the same name;
    the generic preset last (the fallback for the default file names)."""
    directories = [PRESETS_DIR, *([Path(extra_dir)] if extra_dir else [])]
    by_name: dict[str, list[TableMapping]] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.y*ml")):
            mappings = _load_file(path)
            by_name[mappings[0].preset if mappings else path.stem] = mappings
    ordered = sorted(by_name.items(), key=lambda item: (item[0] == "generic", item[0]))
    out: dict[str, list[TableMapping]] = {}
    for _, mappings in ordered:
        for m in mappings:
            out.setdefault(m.table, []).append(m)
    return out


def mapping_for(path: Path, table: str, mappings: dict[str, list[TableMapping]]) -> TableMapping | None:
    return next((m for m in mappings.get(table, []) if m.matches(path)), None)


def apply_mapping(frame: pl.DataFrame, mapping: TableMapping | None) -> pl.DataFrame:
    """Rename the export's headers to canonical columns and apply value rules; other columns stay."""
    if mapping is None:
        return frame
    by_key = {}
    for header in frame.columns:
        by_key.setdefault(header_key(header), header)
    renames: dict[str, str] = {}
    taken = set()
    for canonical, aliases in mapping.columns.items():
        for alias in (canonical, *aliases):
            header = by_key.get(header_key(alias))
            if header is not None and header not in taken:
                taken.add(header)
                if header != canonical:
                    renames[header] = canonical
                break
    clashes = [h for h in frame.columns if h in renames.values() and h not in renames]
    frame = frame.rename({h: f"{h}__unmapped" for h in clashes}).rename(renames)
    for col in mapping.first_of_list:
        if col in frame.columns:
            frame = frame.with_columns(pl.col(col).str.split(";").list.first().str.strip_chars())
    for col in mapping.url_to_path:
        if col in frame.columns:
            frame = frame.with_columns(url_path(pl.col(col)))
    return frame


def url_path(url: pl.Expr) -> pl.Expr:
    """A full URL reduced to its path, query string and fragment (scheme and host dropped), so that
    clickstream exports with a page URL match the atlas rules on paths and keep their UTM parameters;
    a value that is already a path stays as it is."""
    return url.str.replace(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*/?", "/")

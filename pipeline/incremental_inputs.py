"""When a night must restate the incremental models: their stored rows were computed by the project's
code and reference data of the night they were written. Edit the atlas (say a rule mapping events to
touchpoints in seeds/atlas/) and an incremental night would map only the days it rebuilds with the new
rule; every older day would keep the old touchpoints, and the warehouse would no longer equal a full
rebuild — silently.

So each incremental model gets a fingerprint of everything its stored rows depend on: the files of the
models and seeds upstream of it (the manifest's graph, the files read as they are now), every macro file
(the manifest does not list the macros a model calls only in its incremental branch) and dbt_project.yml
(its vars). The dbt step stores the fingerprints after a successful build and, before the next, runs
with --full-refresh when any differs (or none is stored for a warehouse that has tables). Snapshot models
(config full_refresh: false, the history marts) keep their rows and are not fingerprinted.

The same holds for the raw web events the incremental models read: a night adds files, and the models
merge them by event and day. A file ingested again (a corrected re-delivery, or one rejected, which
removes what it loaded) can change or withdraw events of days long built, which a merge cannot undo:
the raw zone's web files are recorded too (name, size, modification time), and a night in which a
recorded one changed or went away is a full refresh."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline import atomic

STORE_NAME = "incremental_inputs.json"


def incremental_models(manifest: dict) -> list[str]:
    """unique_ids of the project's incremental models that a full refresh rebuilds."""
    return sorted(
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["config"].get("materialized") == "incremental"
        and node["config"].get("full_refresh") is not False
    )


def upstream(manifest: dict, unique_id: str) -> set[str]:
    """The model and every model and seed it reads from, directly or not."""
    seen, todo = set(), [unique_id]
    while todo:
        uid = todo.pop()
        if uid in seen or uid not in manifest["nodes"]:
            continue  # sources: their data is what the model processes, not how
        seen.add(uid)
        todo.extend(manifest["nodes"][uid].get("depends_on", {}).get("nodes", []))  # seeds: none
    return seen


def _digest(paths: list[Path], project_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.resolve().relative_to(project_dir.parent.resolve())).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def fingerprints(manifest: dict, project_dir: Path) -> dict[str, str]:
    """{model name: sha256 of its inputs' files as they are now} for every incremental model."""
    shared = [*sorted((project_dir / "macros").rglob("*.sql")), project_dir / "dbt_project.yml"]
    out = {}
    for uid in incremental_models(manifest):
        files = sorted(
            project_dir / manifest["nodes"][u]["original_file_path"] for u in upstream(manifest, uid)
        )
        out[manifest["nodes"][uid]["name"]] = _digest(files + shared, project_dir)
    return out


def raw_files(raw_dir: Path) -> dict[str, str]:
    """{raw web events file: "size mtime_ns"}: a file ingested again is written anew (pipeline/ingest/zone.py).
    Not _schema.parquet, the empty file with the table's columns that every ingestion writes again."""
    out = {}
    for path in sorted((raw_dir / "web_events").glob("*.parquet")):
        if path.name.startswith("_"):
            continue
        info = path.stat()
        out[f"raw/web_events/{path.name}"] = f"{info.st_size} {info.st_mtime_ns}"
    return out


def redelivered(stored: dict[str, str] | None, current: dict[str, str]) -> list[str]:
    """The recorded raw files that changed or went away since (new files are a night's normal work)."""
    if stored is None:
        return []
    return sorted(name for name, state in stored.items() if current.get(name) != state)


def changed(stored: dict[str, str] | None, current: dict[str, str]) -> list[str]:
    """The incremental models whose inputs differ from those their stored rows were built with; every
    one of them when nothing was stored."""
    if stored is None:
        return sorted(current)
    return sorted(name for name, fingerprint in current.items() if stored.get(name) != fingerprint)


def load(folder: Path) -> dict | None:
    """{"models": fingerprints, "raw_files": raw_files} as the last successful build stored them."""
    path = folder / STORE_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def save(folder: Path, record: dict) -> None:
    atomic.write_text(folder / STORE_NAME, json.dumps(record, indent=1, sort_keys=True))


def after_build(stored: dict | None, models: dict[str, str], raw: dict[str, str], built: set[str]) -> dict:
    """What to store after a successful build that built the models ``built``: their fingerprints; the
    others keep what was stored (a run of a few assets from the UI leaves the event models as they were,
    and a change to their inputs must still restate them later); the raw files only when every
    incremental model was built."""
    stored = stored or {}
    kept = {name: f for name, f in (stored.get("models") or {}).items() if name not in built}
    return {
        "models": {**kept, **{name: f for name, f in models.items() if name in built}},
        "raw_files": raw if set(models) <= built else stored.get("raw_files") or {},
    }


def reasons_to_restate(stored: dict | None, models: dict[str, str], raw: dict[str, str]) -> list[str]:
    """Why the incremental models must be rebuilt from scratch in this run: the models whose inputs
    changed and the raw files ingested again; empty for an ordinary night."""
    stored = stored or {}
    reasons = []
    if changed_models := changed(stored.get("models"), models):
        reasons.append(f"changed inputs of {', '.join(changed_models)}")
    if again := redelivered(stored.get("raw_files"), raw):
        reasons.append(f"re-ingested {', '.join(again)}")
    return reasons

"""Which incremental models a change restates (pipeline/incremental_inputs.py), on a copy of the project
with the real manifest. The expected sets follow from the project's lineage, read by hand from the model
files: stg_web__events reads only the raw zone; int_events_mapped reads it, the channel lookup (seeds
atlas_channels, atlas_channel_aliases) and the seed atlas_touchpoint_rules; int_events_sessionised reads
int_events_mapped; int_sessions reads int_events_sessionised; fct_journey_events reads int_events_sessionised,
int_events_stitched (a view over it and int_identity_map, which reads stg_web__events), dim_touchpoints
(int_atlas_touchpoints: seed atlas_touchpoints and int_atlas_nodes, which reads atlas_journeys, atlas_funnels
and atlas_funnel_steps) and int_person_segments (int_events_stitched and stg_crm__customers). Other marts
and seeds feed none of them."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline import incremental_inputs
from tests.conftest import PROJECT_ROOT

MANIFEST = json.loads((PROJECT_ROOT / "dbt_project" / "target" / "manifest.json").read_text())
EVENT_MODELS = ["fct_journey_events", "int_events_mapped", "int_events_sessionised", "int_sessions"]
ALL = sorted(["stg_web__events", *EVENT_MODELS])


@pytest.fixture
def project(tmp_path):
    """dbt_project (models, macros, dbt_project.yml) and seeds/atlas copied side by side, as in the repo."""
    copy = tmp_path / "dbt_project"
    for folder in ("models", "macros"):
        shutil.copytree(PROJECT_ROOT / "dbt_project" / folder, copy / folder)
    shutil.copy(PROJECT_ROOT / "dbt_project" / "dbt_project.yml", copy)
    shutil.copytree(PROJECT_ROOT / "seeds" / "atlas", tmp_path / "seeds" / "atlas")
    return copy


def _changed_after(project, relative_path: str) -> list[str]:
    before = incremental_inputs.fingerprints(MANIFEST, project)
    edited = project / relative_path
    edited.write_text(edited.read_text() + "\n")  # any change to the file's bytes
    return incremental_inputs.changed(before, incremental_inputs.fingerprints(MANIFEST, project))


def test_the_incremental_models_are_the_event_models_and_not_the_history_snapshots():
    names = [MANIFEST["nodes"][uid]["name"] for uid in incremental_inputs.incremental_models(MANIFEST)]
    assert sorted(names) == ALL


def test_nothing_changed_nothing_to_restate(project):
    assert incremental_inputs.fingerprints(MANIFEST, project) == incremental_inputs.fingerprints(
        MANIFEST, PROJECT_ROOT / "dbt_project"
    )


@pytest.mark.parametrize(
    ("edited", "restated"),
    [
        ("../seeds/atlas/atlas_touchpoint_rules.csv", EVENT_MODELS),  # an edited mapping rule
        ("../seeds/atlas/atlas_channel_aliases.csv", EVENT_MODELS),
        (
            "models/intermediate/behaviour/int_events_sessionised.sql",
            ["fct_journey_events", "int_events_sessionised", "int_sessions"],
        ),
        ("../seeds/atlas/atlas_funnel_steps.csv", ["fct_journey_events"]),  # a touchpoint's step number
        ("models/staging/crm/stg_crm__customers.sql", ["fct_journey_events"]),  # the segments
        ("models/staging/web/stg_web__events.sql", ALL),
        ("macros/kpi.sql", ALL),  # a macro: the manifest does not say which models call it
        ("dbt_project.yml", ALL),  # its vars
        ("../seeds/atlas/atlas_scoring_weights.csv", []),  # feeds scoring, not the event models
        ("models/marts/service/fct_contact_reasons.sql", []),
    ],
)
def test_a_change_restates_the_incremental_models_downstream_of_it(project, edited, restated):
    assert _changed_after(project, edited) == sorted(restated)


def test_a_warehouse_without_stored_fingerprints_restates_every_incremental_model(project):
    assert incremental_inputs.changed(None, incremental_inputs.fingerprints(MANIFEST, project)) == ALL


def test_a_raw_web_file_written_again_or_removed_is_a_reason_to_restate(tmp_path):
    """New files are a night's work; a recorded file written anew (a corrected re-delivery) or removed
    (a rejected one) is a reason for a full refresh."""
    web = tmp_path / "web_events"
    web.mkdir()
    (web / "a.parquet").write_bytes(b"first delivery")
    (web / "b.parquet").write_bytes(b"b")
    (web / "_schema.parquet").write_bytes(b"the columns")
    stored = {"models": {"int_sessions": "x"}, "raw_files": incremental_inputs.raw_files(tmp_path)}
    (web / "c.parquet").write_bytes(b"a new file")
    (web / "_schema.parquet").write_bytes(b"the columns, written by every ingestion")
    assert (
        incremental_inputs.reasons_to_restate(
            stored, {"int_sessions": "x"}, incremental_inputs.raw_files(tmp_path)
        )
        == []
    )
    (web / "a.parquet").write_bytes(b"corrected delivery")
    (web / "b.parquet").unlink()
    assert incremental_inputs.reasons_to_restate(
        stored, {"int_sessions": "y"}, incremental_inputs.raw_files(tmp_path)
    ) == [
        "changed inputs of int_sessions",
        "re-ingested raw/web_events/a.parquet, raw/web_events/b.parquet",
    ]


def test_a_build_of_a_few_models_stores_only_theirs():
    """A run of a few assets (the UI) that left the event models alone keeps their old fingerprints and
    the old record of the raw files, so a change made before it still restates them in the next night."""
    stored = {"models": {"int_sessions": "old", "stg_web__events": "old"}, "raw_files": {"raw/a": "1"}}
    current = {"int_sessions": "new", "stg_web__events": "new"}
    partly = incremental_inputs.after_build(stored, current, {"raw/a": "2"}, {"stg_web__events", "fct_x"})
    assert partly == {
        "models": {"int_sessions": "old", "stg_web__events": "new"},
        "raw_files": {"raw/a": "1"},
    }
    whole = incremental_inputs.after_build(
        stored, current, {"raw/a": "2"}, {"stg_web__events", "int_sessions"}
    )
    assert whole == {"models": current, "raw_files": {"raw/a": "2"}}

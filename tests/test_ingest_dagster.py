"""The ingestion assets and their checks, materialised by Dagster on a landing directory that mixes
good and hostile files (the corpus): every good row loads, rejected files show up as failed asset
checks naming the file, and the great-expectations suites run as asset checks."""

import dagster as dg
import yaml

from pipeline.defs.ingest.assets import ingest_assets, ingestion_audit
from pipeline.defs.quality.checks import raw_checks
from tests.conftest import PROJECT_ROOT, settings_for

CORPUS = PROJECT_ROOT / "tests" / "data" / "hostile"


def test_mixed_landing_directory_in_dagster(tmp_path):
    cases = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
    cases.pop("pii_needles")
    result = dg.materialize(
        [*ingest_assets, ingestion_audit, *raw_checks],
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        partition_key="2026-10-02",
        resources={
            "settings": settings_for(CORPUS, tmp_path)
        },  # the night of the corpus's dated files (2026-10-01/02); undated are read too
    )
    assert result.success  # rejected files fail checks, not the run
    loaded = {}
    for asset in ingest_assets:
        (mat,) = result.asset_materializations_for_node(asset.node_def.name)
        loaded[asset.key.path[-1]] = mat.metadata["rows_loaded"].value
    for table in loaded:
        expected = sum(c["loaded"] for c in cases.values() if c["table"] == table)
        assert loaded[table] == expected, table

    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    files_check = evaluations["every_web_events_file_was_accepted"]
    assert not files_check.passed
    messages = files_check.metadata["messages"].value
    for name in (
        "empty.csv",
        "header_only.csv",
        "clickstream_truncated.csv.gz",
        "binary.csv",
        "ga4_saved_as.csv",
    ):
        assert name in messages
    assert "required column 'anonymous_id' is missing" in messages
    assert evaluations["every_feedback_file_was_accepted"].passed
    assert not evaluations["every_crm_cases_file_was_accepted"].passed
    for table in loaded:  # the loaded rows satisfy the critical expectations, so GX passes
        gx = evaluations[f"great_expectations_{table}_suite_passes"]
        assert gx.passed, gx.metadata
        assert gx.metadata["rows_validated"].value == loaded[table]

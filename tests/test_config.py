"""pipeline/config.py: every JOURNEY_* variable is read there and only there, each one changes the
settings it names, bad values stop with a message naming the variable, and README "Configuration"
lists every variable the repository mentions (the table is pipeline.config.markdown_table())."""

import re
import subprocess
import warnings
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import SOURCE_TZ_PREFIX, VARIABLES, ConfigError, dbt_env, load_settings

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"JOURNEY_[A-Z0-9_]+")

# a value other than the default for every variable a person sets (written here, not taken from the
# code), and where it must show up in the settings
EXAMPLES = {
    "JOURNEY_LANDING_DIR": ("/srv/landing", lambda s: s.landing_dir == Path("/srv/landing")),
    "JOURNEY_WAREHOUSE_DIR": ("/srv/wh", lambda s: s.build_db == Path("/srv/wh/build/journeys.duckdb")),
    "JOURNEY_AS_OF": ("2026-08-30", lambda s: s.as_of == date(2026, 8, 30)),
    "JOURNEY_PII_KEY": ("s3cret", lambda s: s.pii_key == b"s3cret"),
    "JOURNEY_ENV": ("production", lambda s: s.environment == "production"),
    "JOURNEY_CURRENCY": ("chf", lambda s: s.currency == "CHF"),
    "JOURNEY_CLV_MARGIN": ("0.4", lambda s: s.clv.margin == 0.4),
    "JOURNEY_CLV_MONTHLY_DISCOUNT": ("0", lambda s: s.clv.monthly_discount == 0),
    "JOURNEY_CLV_HORIZON_WEEKS": ("26", lambda s: s.clv.horizon_weeks == 26),
    "JOURNEY_NIGHTLY_CRON": ("30 3 * * 1-5", lambda s: s.schedule.cron == "30 3 * * 1-5"),
    "JOURNEY_NIGHTLY_TZ": ("America/New_York", lambda s: s.schedule.timezone == "America/New_York"),
    "JOURNEY_PARTITION_START": ("2025-06-01", lambda s: s.schedule.partition_start == date(2025, 6, 1)),
    "JOURNEY_SENSOR_INTERVAL_SECONDS": ("60", lambda s: s.schedule.sensor_interval_seconds == 60),
    "JOURNEY_SOURCE_TZ_<TABLE>": (None, None),  # below: a name per table
    "JOURNEY_MAPPINGS_DIR": ("seeds/mappings", lambda s: s.mappings_dir == ROOT / "seeds" / "mappings"),
    "JOURNEY_DUCKDB_MEMORY": ("1GB", lambda s: s.dbt.duckdb_memory == "1GB"),
    "JOURNEY_DUCKDB_TEMP_DIR": ("/mnt/spill", lambda s: s.spill_dir == Path("/mnt/spill")),
    "JOURNEY_DBT_THREADS": ("1", lambda s: s.dbt.threads == 1),
    "JOURNEY_ENGINE": ("Spark", lambda s: s.dbt.engine == "spark"),
    "JOURNEY_SPARK_CORES": ("8", lambda s: s.dbt.spark_cores == 8),
    "JOURNEY_SPARK_MEMORY": ("16g", lambda s: s.dbt.spark_memory == "16g"),
    "JOURNEY_SERVING_STORAGE_VERSION": ("", lambda s: s.serving.storage_version is None),
    "JOURNEY_PARQUET_EXPORT": ("1", lambda s: s.serving.parquet_export is True),
    "JOURNEY_MAX_FIELD_BYTES": ("100", lambda s: s.limits.max_field_bytes == 100),
    "JOURNEY_MAX_JSON_LINE_BYTES": ("1_000", lambda s: s.limits.max_json_line_bytes == 1000),
    "JOURNEY_MAX_JSON_DEPTH": ("3", lambda s: s.limits.max_json_depth == 3),
    "JOURNEY_QUARANTINE_TEXT_CHARS": ("50", lambda s: s.limits.quarantine_text_chars == 50),
    "JOURNEY_DATE_FLOOR": ("1800-01-01", lambda s: s.limits.date_floor == date(1800, 1, 1)),
    "JOURNEY_FUTURE_TOLERANCE_HOURS": ("0", lambda s: s.limits.future_tolerance.total_seconds() == 0),
}


def _load(env):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the development PII key
        return load_settings(env)


def test_every_variable_a_person_sets_has_an_example_here():
    assert set(EXAMPLES) == {v.name for v in VARIABLES if not v.for_dbt}


@pytest.mark.parametrize("name", [n for n, (value, _) in EXAMPLES.items() if value is not None])
def test_each_variable_changes_the_setting_it_names(name):
    value, check = EXAMPLES[name]
    default = _load({"JOURNEY_PII_KEY": "k"} if name == "JOURNEY_ENV" else {})
    changed = _load({name: value, **({"JOURNEY_PII_KEY": "k"} if name == "JOURNEY_ENV" else {})})
    assert check(changed) and not check(default)


def test_a_tables_source_time_zone():
    assert _load({"JOURNEY_SOURCE_TZ_CRM_ORDERS": "Europe/Vienna"}).source_tz == {
        "crm_orders": "Europe/Vienna"
    }
    with pytest.raises(ConfigError, match="JOURNEY_SOURCE_TZ_CRM_ORDER: there is no table 'crm_order'"):
        _load({"JOURNEY_SOURCE_TZ_CRM_ORDER": "Europe/Vienna"})
    with pytest.raises(ConfigError, match="JOURNEY_SOURCE_TZ_FEEDBACK='Mars/Olympus'"):
        _load({"JOURNEY_SOURCE_TZ_FEEDBACK": "Mars/Olympus"})


@pytest.mark.parametrize(
    "env",
    [
        {"JOURNEY_ENV": "prod"},
        {"JOURNEY_AS_OF": "30.08.2026"},
        {"JOURNEY_CLV_MARGIN": "25%"},
        {"JOURNEY_CLV_MARGIN": "1.5"},
        {"JOURNEY_CLV_MONTHLY_DISCOUNT": "1"},
        {"JOURNEY_CLV_HORIZON_WEEKS": "0"},
        {"JOURNEY_NIGHTLY_CRON": "every night"},
        {"JOURNEY_NIGHTLY_TZ": "Berlin"},
        {"JOURNEY_PARTITION_START": "2024"},
        {"JOURNEY_SENSOR_INTERVAL_SECONDS": "0"},
        {"JOURNEY_DUCKDB_MEMORY": "lots"},
        {"JOURNEY_DBT_THREADS": "0"},
        {"JOURNEY_ENGINE": "trino"},
        {"JOURNEY_SPARK_MEMORY": "4GB"},
        {"JOURNEY_SPARK_CORES": "0"},
        {"JOURNEY_SERVING_STORAGE_VERSION": "1.4"},
        {"JOURNEY_PARQUET_EXPORT": "maybe"},
        {"JOURNEY_MAPPINGS_DIR": "no/such/folder"},
        {"JOURNEY_CURRENCY": "euro"},
    ],
)
def test_a_bad_value_stops_with_the_variables_name(env):
    (name,) = env
    with pytest.raises(ConfigError, match=name):
        _load(env)


def test_dbt_gets_its_variables_from_the_settings():
    settings = _load(
        {"JOURNEY_WAREHOUSE_DIR": "/srv/wh", "JOURNEY_AS_OF": "2026-08-30", "JOURNEY_CLV_MARGIN": "0.4"}
    )
    env = dbt_env(settings, window_start=date(2026, 8, 1))
    assert env["JOURNEY_BUILD_DB"] == "/srv/wh/build/journeys.duckdb"
    assert env["JOURNEY_RAW_DIR"] == "/srv/wh/raw"
    assert env["JOURNEY_AS_OF"] == "2026-08-30" and env["JOURNEY_WINDOW_START"] == "2026-08-01"
    assert env["JOURNEY_DUCKDB_MEMORY"] == "4GB"
    # DuckDB's own spill place unless set; dbt's two threads unless set
    assert env["JOURNEY_DUCKDB_TEMP_DIR"] == "/srv/wh/build/journeys.duckdb.tmp"
    assert env["JOURNEY_DBT_THREADS"] == "2"
    # the dbt Python models read the CLV settings back from this environment
    from pipeline.config import load_clv_settings

    assert load_clv_settings(env) == settings.clv
    assert {v.name for v in VARIABLES if v.for_dbt} <= set(env)


def _mentioned_names() -> dict[str, set[str]]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found: dict[str, set[str]] = {}
    for rel in files.split():
        path = ROOT / rel
        if rel == "uv.lock" or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for name in NAME.findall(text):
            found.setdefault(name, set()).add(rel)
    return found


def test_every_journey_variable_in_the_repository_is_a_setting():
    known = {v.name for v in VARIABLES}
    unknown = {}
    for name, where in _mentioned_names().items():
        if name in known or name.startswith(SOURCE_TZ_PREFIX):  # JOURNEY_SOURCE_TZ_<TABLE>
            continue
        if name.endswith("_") and any(k.startswith(name) for k in known):  # JOURNEY_CLV_*
            continue
        unknown[name] = sorted(where)
    assert unknown == {}


def test_the_readme_table_is_the_generated_one():
    from pipeline.config import markdown_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- settings table: python -m pipeline.config -->\n(.*?)\n<!-- end", readme, re.S)
    assert table and table.group(1) == markdown_table()
    for var in VARIABLES:
        assert f"`{var.name}`" in readme


def test_no_code_outside_config_reads_a_journey_variable():
    # os.environ["JOURNEY_…"], os.environ.get("JOURNEY_…"), os.getenv(f"JOURNEY_…"); setting one for a
    # subprocess ({**os.environ, "JOURNEY_BUILD_DB": …}) is not reading it
    reads = re.compile(r"(os\.environ\[|os\.environ\.get\(|os\.getenv\()\s*f?[\"']JOURNEY_")
    offenders = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        if path.name == "config.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if reads.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_full_refresh_is_run_config_of_the_dbt_step_not_a_setting():
    import dagster as dg

    from pipeline.definitions import defs
    from pipeline.defs.transform.dbt import journey_dbt_models

    job = defs.resolve_job_def("full_build")
    step = journey_dbt_models.op.name
    assert dg.validate_run_config(job, {"ops": {step: {"config": {"full_refresh": True}}}})
    with pytest.raises(dg.DagsterInvalidConfigError):
        dg.validate_run_config(job, {"ops": {step: {"config": {"full_refresh": "yes please"}}}})


def test_the_spill_directory_is_set_when_the_database_opens_not_per_model():
    """dbt-duckdb runs the profile's `settings` again on every model's cursor, and DuckDB refuses a new
    temp_directory once it has spilled there ("Cannot switch temporary directory after the current one
    has been used": the 100M-event build failed so at its first spill). It belongs in `config_options`."""
    import yaml

    build = yaml.safe_load((ROOT / "dbt_project" / "profiles.yml").read_text())["journey_warehouse"][
        "outputs"
    ]["build"]
    assert "temp_directory" in build["config_options"]
    assert "temp_directory" not in build["settings"]

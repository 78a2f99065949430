"""Every setting of the pipeline, from the ``JOURNEY_*`` environment variables, read in one place.

``load_settings()`` reads and checks them once and returns one ``Settings`` object; a bad value is a
``ConfigError`` naming the variable. Dagster gets that object as the resource ``settings``
(pipeline/defs/resources.py), dbt gets what it needs as environment variables built by ``dbt_env()``
(the only place that decides what dbt sees). Nothing else reads a ``JOURNEY_*`` variable.

``VARIABLES`` lists every variable with its default and meaning: README "Configuration" is generated
from it (``python -m pipeline.config``; tests/test_config.py checks the README's table and that every
``JOURNEY_*`` name in the repository is listed here). Defaults make `make run` work.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_PII_KEY = "journey-dev-key-not-for-production"
ENVIRONMENTS = ("development", "production")
SOURCE_TZ_PREFIX = "JOURNEY_SOURCE_TZ_"


class ConfigError(RuntimeError):
    """A configuration problem a person must fix before the pipeline can run."""


class Variable(NamedTuple):
    name: str
    default: str  # as the README shows it
    meaning: str
    for_dbt: bool = False  # set by the pipeline for dbt (dbt_env), not by a person


VARIABLES: tuple[Variable, ...] = (
    Variable("JOURNEY_LANDING_DIR", "`seeds/sample_exports`", "where exports arrive"),
    Variable("JOURNEY_WAREHOUSE_DIR", "`warehouse`", "raw zone, build and serving files, report, run log"),
    Variable("JOURNEY_AS_OF", "latest event date", "the date the run describes (CLV uses no later orders)"),
    Variable(
        "JOURNEY_PII_KEY",
        "a public development key, with a warning; `JOURNEY_ENV=production` refuses to run without a key",
        "key of the HMAC used to pseudonymise identifiers",
    ),
    Variable(
        "JOURNEY_ENV",
        "`development`",
        "`production` refuses to run without `JOURNEY_PII_KEY`; `development` or `production`",
    ),
    Variable(
        "JOURNEY_CURRENCY",
        "`EUR`",
        "ISO code the report prints with amounts (CLV and value at risk are sums of order amounts, not converted)",
    ),
    Variable("JOURNEY_CLV_MARGIN", "`0.25`", "CLV: share of spend that is margin (0 < m ≤ 1)"),
    Variable("JOURNEY_CLV_MONTHLY_DISCOUNT", "`0.01`", "CLV: monthly discount rate (0 ≤ d < 1)"),
    Variable("JOURNEY_CLV_HORIZON_WEEKS", "`52`", "CLV: how far ahead customer value looks, in weeks"),
    Variable(
        "JOURNEY_NIGHTLY_CRON",
        "`0 2 * * *`",
        "when the nightly schedule runs (cron, five fields, in `JOURNEY_NIGHTLY_TZ`)",
    ),
    Variable(
        "JOURNEY_NIGHTLY_TZ",
        "`Europe/Berlin`",
        "time zone of the schedule and of the daily partitions (not of the warehouse's dates: those are "
        "UTC dates whatever the host's `TZ`, every DuckDB connection sets `TimeZone` to UTC)",
    ),
    Variable("JOURNEY_PARTITION_START", "`2024-01-01`", "first daily partition"),
    Variable("JOURNEY_SENSOR_INTERVAL_SECONDS", "`300`", "how often the landing sensor looks for new files"),
    Variable(
        "JOURNEY_SOURCE_TZ_<TABLE>",
        "`UTC` for web events, `Europe/Berlin` otherwise",
        "time zone of naive timestamps in one table's exports (e.g. `JOURNEY_SOURCE_TZ_CRM_ORDERS`)",
    ),
    Variable("JOURNEY_MAPPINGS_DIR", "none", "extra CRM column-mapping presets (docs/ingestion.md)"),
    Variable(
        "JOURNEY_DUCKDB_MEMORY",
        "`4GB`",
        "DuckDB memory limit of the dbt build (spills to disk beyond it)",
    ),
    Variable(
        "JOURNEY_DUCKDB_TEMP_DIR",
        "`<build file>.tmp` (`JOURNEY_WAREHOUSE_DIR/build/journeys.duckdb.tmp`, DuckDB's own default)",
        "where the dbt build spills to disk beyond its memory limit (created if missing): give it room (a "
        "100M-event build spilled more than 40 GB, docs/benchmarks.md)",
    ),
    Variable(
        "JOURNEY_DBT_THREADS",
        "`2`",
        "models dbt builds at once on DuckDB; they share one memory limit, so `1` gives each model all of "
        "it (each query still uses every core)",
    ),
    Variable(
        "JOURNEY_ENGINE",
        "`duckdb`",
        "where the dbt models run: `duckdb` (the build file) or `spark` (local Spark in `.venv-spark`; "
        "the publish and report then read Spark's tables, docs/scale-out.md)",
    ),
    Variable("JOURNEY_SPARK_CORES", "`2`", "local Spark's cores (`local[N]`), engine `spark` only"),
    Variable("JOURNEY_SPARK_MEMORY", "`4g`", "local Spark's driver memory, engine `spark` only"),
    Variable(
        "JOURNEY_SERVING_STORAGE_VERSION",
        "`v1.4.0`",
        "DuckDB storage version of the serving file (empty: the writing DuckDB's own)",
    ),
    Variable(
        "JOURNEY_PARQUET_EXPORT",
        "off",
        "`1`: also write every published table to `warehouse/parquet/<schema>/<table>.parquet`",
    ),
    Variable(
        "JOURNEY_MAX_FIELD_BYTES", "`1048576` (1 MiB)", "ingestion limit: longest field (docs/ingestion.md)"
    ),
    Variable("JOURNEY_MAX_JSON_LINE_BYTES", "`4194304` (4 MiB)", "ingestion limit: longest JSON line"),
    Variable("JOURNEY_MAX_JSON_DEPTH", "`64`", "ingestion limit: deepest nesting in one JSON line"),
    Variable("JOURNEY_QUARANTINE_TEXT_CHARS", "`2000`", "raw text kept of a quarantined row"),
    Variable("JOURNEY_DATE_FLOOR", "`1990-01-01`", "earlier timestamps are quarantined as implausible"),
    Variable("JOURNEY_FUTURE_TOLERANCE_HOURS", "`24`", "timestamps further in the future are quarantined"),
    Variable(
        "JOURNEY_BUILD_DB",
        "`JOURNEY_WAREHOUSE_DIR/build/journeys.duckdb`",
        "the build file (engine spark: `JOURNEY_WAREHOUSE_DIR/spark/journeys.duckdb`, Spark's published schemas)",
        True,
    ),
    Variable("JOURNEY_RAW_DIR", "`JOURNEY_WAREHOUSE_DIR/raw`", "the raw zone dbt's sources read", True),
    Variable(
        "JOURNEY_WINDOW_START",
        "empty: everything",
        "first day of the run's partitions: the incremental models rebuild from it (minus the lookback)",
        True,
    ),
    Variable("JOURNEY_SPARK_DIR", "`JOURNEY_WAREHOUSE_DIR/spark`", "Spark's tables and metastore", True),
)


@dataclass(frozen=True)
class IngestLimits:
    """What ingestion accepts from one landing file (docs/ingestion.md "Limits"). Checked before a
    value is stored: a row over a limit is quarantined with the reason, never loaded."""

    max_field_bytes: int = 1 << 20  # JOURNEY_MAX_FIELD_BYTES: one CSV field / GA4 value, after decoding
    max_json_line_bytes: int = 4 << 20  # JOURNEY_MAX_JSON_LINE_BYTES: one line of a JSON-lines export
    max_json_depth: int = 64  # JOURNEY_MAX_JSON_DEPTH: nesting of objects and arrays in one JSON line
    quarantine_text_chars: int = 2000  # JOURNEY_QUARANTINE_TEXT_CHARS: raw text kept of a quarantined row
    date_floor: date = date(1990, 1, 1)  # JOURNEY_DATE_FLOOR: earlier dates are quarantined
    future_tolerance: timedelta = timedelta(hours=24)  # JOURNEY_FUTURE_TOLERANCE_HOURS: later ones too


@dataclass(frozen=True)
class ClvSettings:
    """Customer lifetime value (pipeline/value/clv.py, docs/customer_value.md)."""

    horizon_weeks: float = 52.0  # JOURNEY_CLV_HORIZON_WEEKS
    margin: float = 0.25  # JOURNEY_CLV_MARGIN
    monthly_discount: float = 0.01  # JOURNEY_CLV_MONTHLY_DISCOUNT
    min_repeat_buyers: int = 20  # not a setting: below it the fit falls back (flagged)


@dataclass(frozen=True)
class ScheduleSettings:
    """When the pipeline runs (docs/operations.md); Dagster needs these when the definitions load."""

    cron: str = "0 2 * * *"  # JOURNEY_NIGHTLY_CRON
    timezone: str = "Europe/Berlin"  # JOURNEY_NIGHTLY_TZ
    partition_start: date = date(2024, 1, 1)  # JOURNEY_PARTITION_START
    sensor_interval_seconds: int = 300  # JOURNEY_SENSOR_INTERVAL_SECONDS


@dataclass(frozen=True)
class DbtSettings:
    duckdb_memory: str = "4GB"  # JOURNEY_DUCKDB_MEMORY (profiles.yml memory_limit)
    # JOURNEY_DUCKDB_TEMP_DIR; None: beside the build file (Settings.spill_dir)
    duckdb_temp_dir: Path | None = None
    threads: int = 2  # JOURNEY_DBT_THREADS (profiles.yml threads, target build)
    engine: str = "duckdb"  # JOURNEY_ENGINE: the dbt target (pipeline/defs/transform/dbt.py ENGINE_TARGETS)
    spark_cores: int = 2  # JOURNEY_SPARK_CORES
    spark_memory: str = "4g"  # JOURNEY_SPARK_MEMORY


ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class ServingSettings:
    storage_version: str | None = "v1.4.0"  # JOURNEY_SERVING_STORAGE_VERSION; None: DuckDB's own
    parquet_export: bool = False  # JOURNEY_PARQUET_EXPORT


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path
    as_of: date | None
    pii_key: bytes
    environment: str
    limits: IngestLimits = IngestLimits()
    # JOURNEY_CURRENCY: ISO code the report prints with amounts (CLV, value at risk). The CLV model
    # sums order amounts as they come (stg_crm__orders.currency, default EUR) without converting.
    currency: str = "EUR"
    clv: ClvSettings = ClvSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    dbt: DbtSettings = DbtSettings()
    serving: ServingSettings = ServingSettings()
    mappings_dir: Path | None = None  # JOURNEY_MAPPINGS_DIR
    # JOURNEY_SOURCE_TZ_<TABLE>: raw table -> time zone of its naive timestamps
    source_tz: dict[str, str] = field(default_factory=dict)

    @property
    def raw_dir(self) -> Path:
        return self.warehouse_dir / "raw"

    @property
    def spark_dir(self) -> Path:
        return self.warehouse_dir / "spark"

    @property
    def build_db(self) -> Path:
        """The DuckDB file the publish (and the dbt step's metadata) read the built tables from: dbt's
        build file on engine duckdb; on engine spark the copy of Spark's published schemas that
        pipeline.spark_run writes once its build succeeded (docs/scale-out.md)."""
        if self.dbt.engine == "spark":
            return self.spark_dir / "journeys.duckdb"
        return self.warehouse_dir / "build" / "journeys.duckdb"

    @property
    def spill_dir(self) -> Path:
        """Where DuckDB spills the dbt build beyond its memory limit (profiles.yml temp_directory)."""
        return self.dbt.duckdb_temp_dir or self.warehouse_dir / "build" / "journeys.duckdb.tmp"

    @property
    def serving_db(self) -> Path:
        return self.warehouse_dir / "journeys.duckdb"


def _resolve(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """The settings from ``environ`` (default: the process environment), checked."""
    env = os.environ if environ is None else environ
    environment = env.get("JOURNEY_ENV", "").strip() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"JOURNEY_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}")
    key = env.get("JOURNEY_PII_KEY", "")
    if not key:
        if environment == "production":
            raise ConfigError(
                "JOURNEY_ENV=production but JOURNEY_PII_KEY is not set: refusing to pseudonymise "
                "personal data with the public development key."
            )
        warnings.warn(
            "JOURNEY_PII_KEY is not set: pseudonymising with the PUBLIC DEVELOPMENT KEY. "
            "Set JOURNEY_PII_KEY before loading real customer data.",
            stacklevel=2,
        )
        key = DEV_PII_KEY
    currency = env.get("JOURNEY_CURRENCY", "").strip().upper() or "EUR"
    if not (len(currency) == 3 and currency.isalpha()):
        raise ConfigError(f"JOURNEY_CURRENCY={currency!r} is not a three-letter ISO currency code")
    mappings_raw = env.get("JOURNEY_MAPPINGS_DIR", "").strip()
    mappings_dir = _resolve(mappings_raw) if mappings_raw else None
    if mappings_dir is not None and not mappings_dir.is_dir():
        raise ConfigError(f"JOURNEY_MAPPINGS_DIR={mappings_raw!r} is not a directory")
    return Settings(
        limits=_limits(env),
        currency=currency,
        landing_dir=_resolve(env.get("JOURNEY_LANDING_DIR", "").strip() or "seeds/sample_exports"),
        warehouse_dir=_resolve(env.get("JOURNEY_WAREHOUSE_DIR", "").strip() or "warehouse"),
        as_of=_date(env, "JOURNEY_AS_OF", None),
        pii_key=key.encode("utf-8"),
        environment=environment,
        clv=load_clv_settings(env),
        schedule=_schedule(env),
        dbt=_dbt(env),
        serving=_serving(env),
        mappings_dir=mappings_dir,
        source_tz=_source_tz(env),
    )


def load_clv_settings(environ: dict[str, str] | None = None) -> ClvSettings:
    """The CLV settings alone: what the dbt Python models (models/scoring, run by dbt in its own
    process) need, from the environment ``dbt_env()`` gave that process."""
    env = os.environ if environ is None else environ
    default = ClvSettings()
    margin = _number(env, "JOURNEY_CLV_MARGIN", default.margin)
    if not 0 < margin <= 1:
        raise ConfigError(f"JOURNEY_CLV_MARGIN={margin} is not a share between 0 (excluded) and 1")
    discount = _number(env, "JOURNEY_CLV_MONTHLY_DISCOUNT", default.monthly_discount)
    if not 0 <= discount < 1:
        raise ConfigError(f"JOURNEY_CLV_MONTHLY_DISCOUNT={discount} is not a rate between 0 and 1 (excluded)")
    horizon = _number(env, "JOURNEY_CLV_HORIZON_WEEKS", default.horizon_weeks)
    if not 0 < horizon <= 520:
        raise ConfigError(f"JOURNEY_CLV_HORIZON_WEEKS={horizon} is not between 0 (excluded) and 520 weeks")
    return ClvSettings(horizon_weeks=horizon, margin=margin, monthly_discount=discount)


def dbt_env(settings: Settings, window_start: date | None = None) -> dict[str, str]:
    """The environment variables a dbt process gets from the settings: profiles.yml (build file,
    memory), sources.yml (raw zone), dbt_project.yml (as-of date), the incremental_start() macro (the
    run's first day) and the dbt Python models (CLV settings, and PYTHONPATH to import the scoring
    maths from this project). The one place that decides what dbt sees."""
    clv = settings.clv
    return {
        # pipeline.spark_run (engine spark's "dbt", pipeline/spark_dbt.sh) loads its settings from these
        "JOURNEY_WAREHOUSE_DIR": str(settings.warehouse_dir),
        "JOURNEY_BUILD_DB": str(settings.build_db),
        "JOURNEY_RAW_DIR": str(settings.raw_dir),
        "JOURNEY_AS_OF": settings.as_of.isoformat() if settings.as_of else "",
        "JOURNEY_WINDOW_START": window_start.isoformat() if window_start else "",
        "JOURNEY_DUCKDB_MEMORY": settings.dbt.duckdb_memory,
        "JOURNEY_DUCKDB_TEMP_DIR": str(settings.spill_dir),
        "JOURNEY_DBT_THREADS": str(settings.dbt.threads),
        "JOURNEY_SPARK_DIR": str(settings.spark_dir),
        "JOURNEY_SPARK_CORES": str(settings.dbt.spark_cores),
        "JOURNEY_SPARK_MEMORY": settings.dbt.spark_memory,
        "JOURNEY_CLV_MARGIN": repr(clv.margin),
        "JOURNEY_CLV_MONTHLY_DISCOUNT": repr(clv.monthly_discount),
        "JOURNEY_CLV_HORIZON_WEEKS": repr(clv.horizon_weeks),
        # dbt's own switch: its log file (dbt.log beside run_results.json) at info, not debug. At debug
        # dbt serialises every SQL statement and adapter call to JSON (dagster-dbt sets the json format):
        # about a tenth of a night's dbt process CPU (py-spy); the file keeps each node's start, result
        # and error, which is what an operator reads after a failed or killed run
        "DBT_LOG_LEVEL_FILE": "info",
        "PYTHONPATH": os.pathsep.join(
            dict.fromkeys(
                p for p in (str(PROJECT_ROOT), *os.environ.get("PYTHONPATH", "").split(os.pathsep)) if p
            )
        ),
    }


def _date(env, name: str, default: date | None) -> date | None:
    raw = env.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a date in YYYY-MM-DD form") from exc


def _whole(env, name: str, value: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return value
    try:
        number = int(raw.replace("_", ""))
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ConfigError(f"{name}={raw!r} is not a whole number of at least {minimum}")
    return number


def _number(env, name: str, value: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return value
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


def _flag(env, name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is neither on (1, true, yes) nor off (0, false, no, empty)")


def _zone(name: str, raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name}={raw!r} is not a time zone name such as Europe/Berlin or UTC") from None
    return raw


def _schedule(env) -> ScheduleSettings:
    default = ScheduleSettings()
    cron = " ".join(env.get("JOURNEY_NIGHTLY_CRON", "").split()) or default.cron
    if len(cron.split()) != 5:
        raise ConfigError(
            f"JOURNEY_NIGHTLY_CRON={cron!r} is not a cron expression of five fields (0 2 * * *)"
        )
    tz = env.get("JOURNEY_NIGHTLY_TZ", "").strip()
    return ScheduleSettings(
        cron=cron,
        timezone=_zone("JOURNEY_NIGHTLY_TZ", tz) if tz else default.timezone,
        partition_start=_date(env, "JOURNEY_PARTITION_START", default.partition_start),
        sensor_interval_seconds=_whole(
            env, "JOURNEY_SENSOR_INTERVAL_SECONDS", default.sensor_interval_seconds
        ),
    )


def _dbt(env) -> DbtSettings:
    default = DbtSettings()
    engine = env.get("JOURNEY_ENGINE", "").strip().lower() or default.engine
    if engine not in ENGINES:
        raise ConfigError(f"JOURNEY_ENGINE={engine!r} is not one of {', '.join(ENGINES)}")
    spark_memory = env.get("JOURNEY_SPARK_MEMORY", "").strip() or default.spark_memory
    if not re.fullmatch(r"\d+[kmgt]", spark_memory, re.IGNORECASE):
        raise ConfigError(f"JOURNEY_SPARK_MEMORY={spark_memory!r} is not a JVM memory size such as 4g")
    temp_dir = env.get("JOURNEY_DUCKDB_TEMP_DIR", "").strip()
    return DbtSettings(
        duckdb_memory=_memory(env),
        duckdb_temp_dir=_resolve(temp_dir) if temp_dir else None,
        threads=_whole(env, "JOURNEY_DBT_THREADS", default.threads),
        engine=engine,
        spark_cores=_whole(env, "JOURNEY_SPARK_CORES", default.spark_cores),
        spark_memory=spark_memory,
    )


def _memory(env) -> str:
    raw = env.get("JOURNEY_DUCKDB_MEMORY", "").strip()
    if not raw:
        return DbtSettings().duckdb_memory
    if not re.fullmatch(r"\d+(\.\d+)?\s*(K|M|G|T)i?B", raw, re.IGNORECASE):
        raise ConfigError(f"JOURNEY_DUCKDB_MEMORY={raw!r} is not an amount of memory such as 4GB or 500MB")
    return raw


def _serving(env) -> ServingSettings:
    version = env.get("JOURNEY_SERVING_STORAGE_VERSION")
    version = ServingSettings().storage_version if version is None else version.strip()
    if version and not re.fullmatch(r"v\d+\.\d+\.\d+", version):
        raise ConfigError(
            f"JOURNEY_SERVING_STORAGE_VERSION={version!r} is not a DuckDB version such as v1.4.0 "
            "(empty: the writing DuckDB's own)"
        )
    return ServingSettings(
        storage_version=version or None, parquet_export=_flag(env, "JOURNEY_PARQUET_EXPORT")
    )


def _source_tz(env) -> dict[str, str]:
    names = sorted(k for k in env if k.startswith(SOURCE_TZ_PREFIX) and env[k].strip())
    if not names:
        return {}
    from pipeline.ingest.specs import SPECS  # polars, only when a table's time zone is set

    tables = sorted(spec.table for spec in SPECS.values())
    out = {}
    for name in names:
        table = name.removeprefix(SOURCE_TZ_PREFIX).lower()
        if table not in tables:
            known = ", ".join(SOURCE_TZ_PREFIX + t.upper() for t in tables)
            raise ConfigError(f"{name}: there is no table {table!r}; one of {known}")
        out[table] = _zone(name, env[name].strip())
    return out


def _limits(env) -> IngestLimits:
    default = IngestLimits()
    hours = _whole(
        env, "JOURNEY_FUTURE_TOLERANCE_HOURS", int(default.future_tolerance.total_seconds() // 3600), 0
    )
    return IngestLimits(
        max_field_bytes=_whole(env, "JOURNEY_MAX_FIELD_BYTES", default.max_field_bytes),
        max_json_line_bytes=_whole(env, "JOURNEY_MAX_JSON_LINE_BYTES", default.max_json_line_bytes),
        max_json_depth=_whole(env, "JOURNEY_MAX_JSON_DEPTH", default.max_json_depth),
        quarantine_text_chars=_whole(env, "JOURNEY_QUARANTINE_TEXT_CHARS", default.quarantine_text_chars),
        date_floor=_date(env, "JOURNEY_DATE_FLOOR", default.date_floor),
        future_tolerance=timedelta(hours=hours),
    )


def markdown_table() -> str:
    """README "Configuration": every variable, its default and meaning (``python -m pipeline.config``)."""
    lines = ["| Variable | Meaning | Default |", "|---|---|---|"]
    for var in VARIABLES:
        meaning = f"set by the pipeline for dbt, not a setting: {var.meaning}" if var.for_dbt else var.meaning
        lines.append(f"| `{var.name}` | {meaning} | {var.default} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())

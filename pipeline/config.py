"""Configuration from the environment (see README "Configuration"); defaults make `make run` work."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_PII_KEY = "journey-dev-key-not-for-production"


class ConfigError(RuntimeError):
    """A configuration problem a person must fix before the pipeline can run."""


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

    @property
    def raw_dir(self) -> Path:
        return self.warehouse_dir / "raw"

    @property
    def build_db(self) -> Path:
        return self.warehouse_dir / "build" / "journeys.duckdb"

    @property
    def serving_db(self) -> Path:
        return self.warehouse_dir / "journeys.duckdb"


def _resolve(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    environment = env.get("JOURNEY_ENV", "development")
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
    as_of_raw = env.get("JOURNEY_AS_OF", "").strip()
    try:
        as_of = date.fromisoformat(as_of_raw) if as_of_raw else None
    except ValueError as exc:
        raise ConfigError(f"JOURNEY_AS_OF={as_of_raw!r} is not a date in YYYY-MM-DD form") from exc
    currency = env.get("JOURNEY_CURRENCY", "").strip().upper() or "EUR"
    if not (len(currency) == 3 and currency.isalpha()):
        raise ConfigError(f"JOURNEY_CURRENCY={currency!r} is not a three-letter ISO currency code")
    return Settings(
        limits=_limits(env),
        currency=currency,
        landing_dir=_resolve(env.get("JOURNEY_LANDING_DIR", "seeds/sample_exports")),
        warehouse_dir=_resolve(env.get("JOURNEY_WAREHOUSE_DIR", "warehouse")),
        as_of=as_of,
        pii_key=key.encode("utf-8"),
        environment=environment,
    )


def _limits(env) -> IngestLimits:
    default = IngestLimits()

    def whole(name: str, value: int, minimum: int = 1) -> int:
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

    floor_raw = env.get("JOURNEY_DATE_FLOOR", "").strip()
    try:
        floor = date.fromisoformat(floor_raw) if floor_raw else default.date_floor
    except ValueError as exc:
        raise ConfigError(f"JOURNEY_DATE_FLOOR={floor_raw!r} is not a date in YYYY-MM-DD form") from exc
    hours = whole("JOURNEY_FUTURE_TOLERANCE_HOURS", int(default.future_tolerance.total_seconds() // 3600), 0)
    return IngestLimits(
        max_field_bytes=whole("JOURNEY_MAX_FIELD_BYTES", default.max_field_bytes),
        max_json_line_bytes=whole("JOURNEY_MAX_JSON_LINE_BYTES", default.max_json_line_bytes),
        max_json_depth=whole("JOURNEY_MAX_JSON_DEPTH", default.max_json_depth),
        quarantine_text_chars=whole("JOURNEY_QUARANTINE_TEXT_CHARS", default.quarantine_text_chars),
        date_floor=floor,
        future_tolerance=timedelta(hours=hours),
    )

"""Configuration from the environment (see README "Configuration"); defaults make `make run` work."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_PII_KEY = "journey-dev-key-not-for-production"


class ConfigError(RuntimeError):
    """A configuration problem a person must fix before the pipeline can run."""


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path
    as_of: date | None
    pii_key: bytes
    environment: str

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
    return Settings(
        landing_dir=_resolve(env.get("JOURNEY_LANDING_DIR", "seeds/sample_exports")),
        warehouse_dir=_resolve(env.get("JOURNEY_WAREHOUSE_DIR", "warehouse")),
        as_of=as_of,
        pii_key=key.encode("utf-8"),
        environment=environment,
    )

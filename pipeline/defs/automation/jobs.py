"""The job, the nightly schedule and the landing-directory sensor."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from pipeline.config import Settings
from pipeline.defs.shared import DAILY, location_settings

# the schedule and the sensor are built when the definitions load, from the code location's settings
SCHEDULE = location_settings().schedule
NIGHTLY_TZ = SCHEDULE.timezone  # JOURNEY_NIGHTLY_TZ: the schedule's and the partitions' time zone

full_build = dg.define_asset_job(
    "full_build",
    selection=dg.AssetSelection.all(),  # partitioned by DAILY, inferred from the assets
    description="One night (a daily partition) or a backfill of many days in one run: ingest the day's "
    "exports, build the warehouse incrementally, score customers as of the latest data, publish.",
)


def partition_request(first: date, last: date, run_key: str | None = None, tags=None) -> dg.RunRequest:
    """A run of full_build over the partitions first..last (one run; a range is a single-run backfill)."""
    tags = dict(tags or {})
    if first == last:
        return dg.RunRequest(run_key=run_key, partition_key=first.isoformat(), tags=tags)
    tags["dagster/asset_partition_range_start"] = first.isoformat()
    tags["dagster/asset_partition_range_end"] = last.isoformat()
    return dg.RunRequest(run_key=run_key, tags=tags)


def latest_partition(now: datetime | None = None) -> date:
    """The last complete day in the partitions' time zone (yesterday at any time of today), the last
    partition of DAILY."""
    now = now or datetime.now(ZoneInfo(NIGHTLY_TZ))
    return now.astimezone(ZoneInfo(NIGHTLY_TZ)).date() - timedelta(days=1)


def clamp_to_partitions(first: date, last: date) -> tuple[date, date]:
    """first..last cut to the partitions that exist (JOURNEY_PARTITION_START … yesterday); the result
    is empty (first > last) when the two do not overlap."""
    oldest = date.fromisoformat(DAILY.get_first_partition_key())
    return max(first, oldest), min(last, latest_partition())


@dg.schedule(
    name="nightly_full_build",
    job=full_build,
    cron_schedule=SCHEDULE.cron,
    execution_timezone=NIGHTLY_TZ,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night: the previous day's partition and everything downstream.",
)
def nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    day = context.scheduled_execution_time.astimezone(ZoneInfo(NIGHTLY_TZ)).date() - timedelta(days=1)
    return partition_request(day, day, run_key=f"nightly-{day.isoformat()}")


def landing_fingerprints(landing_dir, previous: dict | None = None, mappings_dir=None) -> dict[str, list]:
    """[size, mtime_ns, sha256] of every export file the ingestion would read, by path relative to the
    landing dir. A file whose size and mtime match ``previous`` keeps its recorded sha256: the sensor
    hashes only what changed, not the whole landing directory on every tick."""
    from pipeline.ingest.mappings import load_mappings
    from pipeline.ingest.reading import sha256_of
    from pipeline.ingest.specs import SPECS
    from pipeline.ingest.zone import landing_files

    previous = previous or {}
    mappings = load_mappings(mappings_dir)
    out = {}
    for spec in SPECS.values():
        for path in landing_files(spec, landing_dir, mappings):
            key = str(path.relative_to(landing_dir))
            stat = path.stat()
            known = previous.get(key)
            if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
                out[key] = known
            else:
                out[key] = [stat.st_size, stat.st_mtime_ns, sha256_of(path)]
    return out


@dg.sensor(
    job=full_build,
    minimum_interval_seconds=SCHEDULE.sensor_interval_seconds,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a full build when export files in the landing directory are new or changed "
    "(cursor: path, size, mtime and sha256 of every file seen; only changed files are hashed again). Runs queue behind the nightly run (one at a time).",
)
def landing_files_sensor(context: dg.SensorEvaluationContext, settings: dg.ResourceParam[Settings]):
    import hashlib
    import json
    from pathlib import Path

    from pipeline.ingest.file_dates import file_date

    cfg = settings
    seen = json.loads(context.cursor) if context.cursor else {}
    current = landing_fingerprints(cfg.landing_dir, seen, cfg.mappings_dir)
    # a changed sha256 decides, not a touched mtime: a file copied again with the same bytes is no news
    changed = sorted(p for p, entry in current.items() if seen.get(p, [None])[-1] != entry[-1])
    if current != seen:
        context.update_cursor(json.dumps(current, sort_keys=True))
    if not changed:
        return dg.SkipReason(f"no new or changed export files ({len(current)} files seen)")
    run_key = hashlib.sha256("\n".join(f"{p}:{current[p][-1]}" for p in changed).encode()).hexdigest()[:16]
    # a changed daily file re-runs its day and everything after it (one run); a snapshot export
    # (customers, orders, cases, surveys) the latest day
    latest = latest_partition()
    first, last = clamp_to_partitions(min(file_date(Path(p).name) or latest for p in changed), latest)
    first = min(first, last)  # only files dated after the latest partition: the latest night
    return partition_request(first, last, run_key=run_key, tags={"journey/changed_files": str(len(changed))})

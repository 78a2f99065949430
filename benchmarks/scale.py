"""Scale benchmark: the whole product against the bare-DuckDB floor, and its funnel model against
ClickHouse's windowFunnel (chDB), on exports from the project's own generator.

    python -m benchmarks.scale --events 1000000 --repeats 3 [--events 10000000 ...] [--keep DIR]
    python -m benchmarks.scale --events 1000000 --days 365 --nightly --repeats 3

For each size: generate the exports (about 45 events per customer over 90 days, with proportional CRM
and feedback), then per repeat
- product: `python -m pipeline.run` (what `make run` does: every day in one run) in a fresh
  warehouse directory (a new process, so start-up, Dagster load and dbt parse are included), wall
  time, peak RSS of that process, time per stage from Dagster's step events, and warehouse / raw-zone
  size;
- floor: one bare DuckDB process that loads the same web CSVs and computes the core aggregations
  directly — touchpoint KPIs per day × touchpoint × channel (events, distinct visitors, sessions by
  30-minute gaps) and funnel step counts (first step-1 event, then each later step within the window);
- funnels: the product's funnel SQL (compiled from the dbt models int_funnel_step_events and
  int_funnel_chains, run by DuckDB) against chDB's windowFunnel on the same step events exported to
  Parquet, and how many persons get the same furthest level from both.
With --nightly (use --days 365): the full build covers every day but the last; then, per repeat, the
warehouse is restored to that state (a copy, not timed), the last day arrives and one nightly run
(`python -m pipeline.run --date <last day>`) is timed on top of the history: the nightly/full ratio.
With --rerun-night (not with --nightly): after each full build, one night of the last day
(`python -m pipeline.run --date <last day>`) on that warehouse. Its file is already loaded, so the night
ingests nothing: what it measures is a night's fixed cost and the restated window of the incremental
models on that history, not a new day's data (--nightly does that, on 365 daily files).
Prints a table (medians with min-max) and writes it as JSON next to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import duckdb

from pipeline.dbt_sql import compiled_models

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# the stages of a run, from its own records (audit.runs of the serving file: ingest/<table>, voice,
# dbt/<step>, publish; the report is written after the publish, its record is in the next night's file);
# dbt includes CLV and priority scoring (dbt Python models)
STAGES = ("ingest", "voice", "dbt", "publish")


def run_stages(serving: Path) -> tuple[dict[str, float], float, float]:
    """The last run's seconds per stage (ingest/* summed, dbt/<step> as dbt), its first start and last
    finish (epoch seconds), from the run records the publish wrote into ``serving`` (audit.runs)."""
    with duckdb.connect(str(serving), read_only=True) as con:
        rows = con.sql("""
            select stage, seconds, epoch(started_at), epoch(finished_at) from audit.runs
            where run_id = (select run_id from audit.runs order by started_at desc limit 1)
        """).fetchall()
    stages = dict.fromkeys(STAGES, 0.0)
    for stage, seconds, _, _ in rows:
        name = stage.split("/")[0]
        name = {"ingestion": "ingest"}.get(name, name)
        stages[name] = stages.get(name, 0.0) + (seconds or 0.0)
    return stages, min(r[2] for r in rows), max(r[3] for r in rows)


def generate(events: int, out: Path, days: int = 90) -> dict:
    # about 45 events per customer over 90 days: the customer count keeps events per customer-day
    customers = max(200, round(events / (45 * days / 90)))
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "python"),
            "-m",
            "pipeline.sample",
            "--customers",
            str(customers),
            "--days",
            str(days),
            "--seed",
            "7",
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
    )
    web = sorted((out / "web").glob("*.csv"))
    return {
        "customers": customers,
        "seconds": time.perf_counter() - started,
        "web_bytes": sum(p.stat().st_size for p in web),
    }


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_product(landing: Path, warehouse: Path, run_args: list[str] | None = None) -> dict:
    home = warehouse / ".dagster_home"
    if not home.exists():
        home.mkdir(parents=True)
        shutil.copy(ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DAGSTER_HOME": str(home),
        "JOURNEY_LANDING_DIR": str(landing),
        "JOURNEY_WAREHOUSE_DIR": str(warehouse),
    }
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = children.ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "python"), "-m", "pipeline.run", *(run_args or [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = after.ru_maxrss
    if proc.returncode != 0:
        raise RuntimeError(f"product run failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    stages = run_stages(warehouse / "journeys.duckdb")[0]
    return {
        "seconds": wall,
        # user + system CPU of the run and its dbt process: steadier than wall time on a shared machine
        "cpu_seconds": (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime),
        # ru_maxrss of children is the largest child so far (KiB on Linux); a rise shows this run's peak
        "peak_rss_mb": peak_kb / 1024 if peak_kb > before else None,
        "stages": stages,
        "warehouse_mb": (warehouse / "journeys.duckdb").stat().st_size / 2**20,
        "build_mb": (warehouse / "build" / "journeys.duckdb").stat().st_size / 2**20,
        "raw_mb": _dir_size(warehouse / "raw") / 2**20,
    }


FLOOR_SQL = """
create table events as
select * from read_csv('{web}/*.csv', header = true, all_varchar = false, timestampformat = '%Y-%m-%dT%H:%M:%S.%fZ');
create table rules as select * from read_csv('{atlas}/atlas_touchpoint_rules.csv', header = true);
create table steps as select * from read_csv('{atlas}/atlas_funnel_steps.csv', header = true);
create table funnels as select * from read_csv('{atlas}/atlas_funnels.csv', header = true);
create table mapped as
select e.*, r.touchpoint_id
from events as e
left join (
    select * from rules qualify row_number() over (partition by event_name, page_path_like order by rule_priority) = 1
) as r on e.event_name = r.event_name and (r.page_path_like is null or e.page_path like r.page_path_like)
qualify row_number() over (partition by e.event_id order by r.rule_priority nulls last) = 1;
create table sessionised as
select *, sum(new_session) over (partition by anonymous_id order by event_at rows unbounded preceding) as session_no
from (
    select *, case when lag(event_at) over (partition by anonymous_id order by event_at) is null
        or event_at - lag(event_at) over (partition by anonymous_id order by event_at) > interval 30 minute then 1 else 0 end as new_session
    from mapped
);
create table touchpoint_kpis as
select cast(event_at as date) as day, touchpoint_id, channel, count(*) as events,
       count(distinct anonymous_id) as visitors, count(distinct anonymous_id || ':' || session_no) as sessions
from sessionised where touchpoint_id is not null group by all;
create table funnel_levels as
with step_events as (
    select coalesce(s.customer_id, s.anonymous_id) as person, st.funnel_id, st.step_number, s.event_at
    from sessionised as s join steps as st on s.touchpoint_id = st.touchpoint_id
),
first_step as (select person, funnel_id, min(event_at) as t1 from step_events where step_number = 1 group by all),
reached as (
    select f.person, f.funnel_id, max(e.step_number) as level
    from first_step as f join step_events as e on e.person = f.person and e.funnel_id = f.funnel_id
        and e.event_at >= f.t1
    join funnels as fu on fu.funnel_id = f.funnel_id
    where e.event_at <= f.t1 + to_seconds(fu.window_seconds)
    group by all
)
select funnel_id, level, count(*) as persons from reached group by all;
"""


def run_floor(landing: Path, work: Path) -> dict:
    script = FLOOR_SQL.format(web=landing / "web", atlas=ROOT / "seeds" / "atlas")
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(work / 'floor.duckdb')!r})\n"
        "t = time.perf_counter()\n"
        f"con.execute({script!r})\n"
        "print(time.perf_counter() - t)\n"
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = children.ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([str(BIN / "python"), "-c", code], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"floor failed: {proc.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = after.ru_maxrss
    (work / "floor.duckdb").unlink(missing_ok=True)
    return {
        "seconds": wall,
        "sql_seconds": float(proc.stdout.strip().splitlines()[-1]),
        "peak_rss_mb": peak_kb / 1024 if peak_kb > before else None,
    }


def export_step_events(warehouse: Path, work: Path) -> dict:
    """The warehouse's step events (fct_journey_events × atlas_funnel_steps) as Parquet in ``work``, with
    the atlas' funnels, steps and exclusions: what both sides of the funnel comparison read."""
    events = work / "step_events.parquet"
    with duckdb.connect(str(warehouse / "build" / "journeys.duckdb"), read_only=True) as con:
        con.execute(
            f"""copy (select e.person_key, e.event_id, e.occurred_at, e.channel, e.touchpoint_id, s.funnel_id, s.step_number
                from marts.fct_journey_events as e join atlas.atlas_funnel_steps as s on e.touchpoint_id = s.touchpoint_id)
                to '{events}' (format parquet)"""
        )
        funnels = con.sql(
            "select funnel_id, window_seconds, strict_order from atlas.atlas_funnels"
        ).fetchall()
        steps = con.sql(
            "select funnel_id, step_number, touchpoint_id, max_seconds_from_previous from atlas.atlas_funnel_steps "
            "order by 1, 2"
        ).fetchall()
        exclusions = con.sql(
            "select funnel_id, after_step_number, touchpoint_id from atlas.atlas_funnel_exclusions"
        ).fetchall()
        n_events = con.sql(f"select count(*) from '{events}'").fetchall()[0][0]
    return {
        "events": events,
        "funnels": funnels,
        "steps": steps,
        "exclusions": exclusions,
        "n_events": n_events,
    }


def funnel_sql(work: Path) -> dict[str, str]:
    """The product's compiled SQL of the three funnel models the comparison runs."""
    return compiled_models(
        ("int_funnel_step_events", "int_funnel_exclusion_events", "int_funnel_chains"), work / "dbt_target"
    )


def product_funnel_levels(data: dict, sql: dict[str, str]) -> tuple[dict[tuple[str, str], int], float]:
    """{(funnel, person): furthest level} from the product's funnel SQL in a fresh in-memory DuckDB, and
    its wall seconds (loading the step events included)."""
    events, funnels, steps, exclusions = data["events"], data["funnels"], data["steps"], data["exclusions"]
    started = time.perf_counter()
    con = duckdb.connect()
    for schema in ("marts", "atlas", "intermediate"):
        con.execute(f"create schema {schema}")
    # the events the funnel models read (int_events_stitched), once each (the export has a row per funnel
    # step): a view, as in the warehouse, so each funnel model pays for reading it as it does there
    con.execute(
        "create view intermediate.int_events_stitched as select distinct person_key, event_id, "
        f"occurred_at as event_at, channel, touchpoint_id from '{events}'"
    )
    con.execute(
        "create table atlas.atlas_funnel_steps (funnel_id varchar, step_number int, touchpoint_id varchar, "
        "max_seconds_from_previous bigint)"
    )
    con.executemany("insert into atlas.atlas_funnel_steps values (?, ?, ?, ?)", steps)
    con.execute(
        "create table atlas.atlas_funnel_exclusions (funnel_id varchar, after_step_number int, touchpoint_id varchar)"
    )
    if exclusions:
        con.executemany("insert into atlas.atlas_funnel_exclusions values (?, ?, ?)", exclusions)
    con.execute(
        "create table atlas.atlas_funnels (funnel_id varchar, window_seconds int, strict_order boolean)"
    )
    con.executemany("insert into atlas.atlas_funnels values (?, ?, ?)", funnels)
    for model in ("int_funnel_step_events", "int_funnel_exclusion_events"):
        con.execute(f"create table intermediate.{model} as {sql[model]}")
    product = dict(
        ((f, p), lvl)
        for f, p, lvl in con.sql(
            f"select funnel_id, person_key, max(level_reached) from ({sql['int_funnel_chains']}) group by all"
        ).fetchall()
    )
    seconds = time.perf_counter() - started
    con.close()
    return product, seconds


def chdb_funnel_levels(data: dict) -> tuple[dict[tuple[str, str], int], float]:
    """{(funnel, person): furthest level > 0} from chDB's windowFunnel on the same step events (funnels
    with per-step limits or exclusions left out: windowFunnel cannot express them), and its wall seconds."""
    import chdb

    events, funnels, steps, exclusions = data["events"], data["funnels"], data["steps"], data["exclusions"]
    started = time.perf_counter()
    clickhouse: dict[tuple[str, str], int] = {}
    for funnel_id, window, strict in funnels:
        if any(f == funnel_id and limit is not None for f, _, _, limit in steps) or any(
            f == funnel_id for f, _, _ in exclusions
        ):
            continue  # per-step limits and exclusions are not expressible in windowFunnel
        conditions = ", ".join(f"touchpoint_id = '{tp}'" for f, _, tp, _ in steps if f == funnel_id)
        level = f"windowFunnel({window * 1_000_000}{', ' + repr('strict_order') if strict else ''})(toUInt64(toUnixTimestamp64Micro(occurred_at)), {conditions})"
        if strict:
            # strict order is read per person and month of the step-1 event (docs/definitions.md): the
            # month's step-1 events and the later steps from the month's start on; best month per person
            query = (
                f"SELECT person_key, max(level) FROM (SELECT person_key, {level} AS level FROM file('{events}', Parquet) AS e "
                f"INNER JOIN (SELECT DISTINCT person_key, toStartOfMonth(occurred_at) AS m FROM file('{events}', Parquet) "
                f"WHERE funnel_id = '{funnel_id}' AND step_number = 1) AS p USING (person_key) WHERE e.funnel_id = '{funnel_id}' "
                "AND ((e.step_number = 1 AND toStartOfMonth(e.occurred_at) = p.m) OR (e.step_number > 1 AND e.occurred_at >= p.m)) "
                "GROUP BY person_key, p.m) GROUP BY person_key FORMAT CSV"
            )
        else:
            query = (
                f"SELECT person_key, {level} AS level "
                f"FROM file('{events}', Parquet) WHERE funnel_id = '{funnel_id}' GROUP BY person_key FORMAT CSV"
            )
        for line in chdb.query(query).bytes().decode().splitlines():
            person, level = line.rsplit(",", 1)
            if int(level) > 0:
                clickhouse[(funnel_id, person.strip('"'))] = int(level)
    return clickhouse, time.perf_counter() - started


def same_levels(product: dict, clickhouse: dict) -> tuple[int, int]:
    """(persons × funnels with the same furthest level on both sides, persons × funnels on either side)."""
    keys = set(product) | set(clickhouse)
    return sum(product.get(k) == clickhouse.get(k) for k in keys), len(keys)


def run_funnels(warehouse: Path, work: Path) -> dict:
    """The product's funnel SQL vs chDB windowFunnel on the same step events (Parquet)."""
    data = export_step_events(warehouse, work)
    sql = funnel_sql(work)
    product, product_seconds = product_funnel_levels(data, sql)
    clickhouse, chdb_seconds = chdb_funnel_levels(data)
    same, persons = same_levels(product, clickhouse)
    return {
        "step_events": data["n_events"],
        "product_seconds": product_seconds,
        "chdb_seconds": chdb_seconds,
        "persons": persons,
        "same_level": same,
    }


def _summary(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def nightly(events: int, days: int, repeats: int, root: Path) -> dict:
    """A full build of every day but the last, then `repeats` nightly runs of the last day on top."""
    from pipeline.ingest.file_dates import file_date

    landing = root / f"landing_{events}_{days}d"
    if landing.exists():
        shutil.rmtree(landing)
    gen = generate(events, landing, days)
    last = max(d for p in (landing / "web").glob("*.csv") if (d := file_date(p.name)))
    warehouse = root / f"warehouse_{events}_{days}d"
    if warehouse.exists():
        shutil.rmtree(warehouse)
    history = run_product(landing, warehouse, ["--to", str(last - timedelta(days=1))])
    print(f"[{events:,} events, {days} days] full build of the history {history['seconds']:.1f}s", flush=True)
    # every repeat starts from this state (history built, the last day not yet ingested), so each night
    # really ingests and models the new day
    snapshot = root / f"history_{events}_{days}d"
    if snapshot.exists():
        shutil.rmtree(snapshot)
    shutil.copytree(warehouse, snapshot)
    nights = []
    for i in range(repeats):
        shutil.rmtree(warehouse)
        shutil.copytree(snapshot, warehouse)
        night = run_product(landing, warehouse, ["--date", str(last)])
        nights.append(night)
        print(f"  night {last} run {i + 1}: {night['seconds']:.1f}s", flush=True)
    ratios = [n["seconds"] / history["seconds"] for n in nights]
    print("\n| events | days | full build s | nightly day s | nightly / full |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {events:,} | {days} | {history['seconds']:.1f} | {_summary([n['seconds'] for n in nights])} "
        f"| {_summary([r * 100 for r in ratios])} % |"
    )
    stages = {st: statistics.median(n["stages"].get(st, 0.0) for n in nights) for st in STAGES}
    print("nightly stage medians (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print("full build stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in history["stages"].items()))
    return {"events": events, "days": days, "generator": gen, "history": history, "nights": nights}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--events", type=int, action="append", help="web events to generate (repeatable); default 1M"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep generated exports and warehouses here")
    parser.add_argument("--days", type=int, default=90, help="days of web events (default 90)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--nightly", action="store_true", help="measure one nightly day on the history")
    modes.add_argument(
        "--rerun-night",
        action="store_true",
        help="after each full build, time a night of the last day on it (its file already loaded)",
    )
    parser.add_argument(
        "--reuse-exports",
        action="store_true",
        help="with --keep: re-use exports generated by an earlier run of the same size (100M take ~7 min)",
    )
    args = parser.parse_args(argv)
    sizes = args.events or [1_000_000]
    root = args.keep or Path(tempfile.mkdtemp(prefix="journey-bench-"))
    if args.nightly:
        results = [nightly(events, args.days, args.repeats, root) for events in sizes]
        out = ROOT / "benchmarks" / "results" / f"nightly_{'_'.join(str(s) for s in sizes)}_{args.days}d.json"
        out.write_text(json.dumps(results, indent=2, default=str))
        print(f"\nraw results: {out}")
        if not args.keep:
            shutil.rmtree(root)
        return
    results = []
    for events in sizes:
        landing = root / f"landing_{events}"
        marker = landing / "_generated.json"
        gen = json.loads(marker.read_text()) if args.reuse_exports and marker.exists() else {}
        if gen.get("days") != args.days:  # generator and seed are fixed: same size and days, same exports
            if landing.exists():
                shutil.rmtree(landing)
            gen = generate(events, landing, args.days)
            marker.write_text(json.dumps({**gen, "days": args.days}))
        runs = []
        for i in range(args.repeats):
            warehouse = root / f"warehouse_{events}_{i}"
            if warehouse.exists():
                shutil.rmtree(warehouse)
            # the product first, its figures printed as soon as they exist (at 100M events the floor and the
            # funnel comparison after it take another quarter of an hour)
            product = run_product(landing, warehouse)
            print(
                f"[{events:,} events, run {i + 1}] product {product['seconds']:.1f}s, "
                f"{product['cpu_seconds']:.0f} CPU s, peak RSS {product['peak_rss_mb'] or 0:.0f} MB, "
                f"stages {json.dumps({k: round(v, 1) for k, v in product['stages'].items()})}",
                flush=True,
            )
            runs.append({"product": product})
            if args.rerun_night:
                from pipeline.ingest.file_dates import file_date

                last = max(
                    (d for p in (landing / "web").glob("*.csv") if (d := file_date(p.name))), default=None
                )
                if last is None:
                    raise SystemExit(f"--rerun-night: no dated web export under {landing / 'web'}")
                runs[-1]["night_rerun"] = night = run_product(landing, warehouse, ["--date", str(last)])
                rss = night["peak_rss_mb"]  # None: not above the full build's (ru_maxrss is a running max)
                print(
                    f"[{events:,} events, run {i + 1}] night of {last} on top (file already loaded): "
                    f"{night['seconds']:.1f}s, {night['cpu_seconds']:.0f} CPU s, peak RSS "
                    + (f"{rss:.0f} MB" if rss else "not above the full build's"),
                    flush=True,
                )
            runs[-1]["floor"] = floor = run_floor(landing, root)
            runs[-1]["funnels"] = funnels = run_funnels(warehouse, root)
            print(
                f"[{events:,} events, run {i + 1}] product {product['seconds']:.1f}s  floor {floor['seconds']:.1f}s  "
                f"funnel {funnels['product_seconds']:.2f}s vs chDB {funnels['chdb_seconds']:.2f}s",
                flush=True,
            )
            if not args.keep:
                shutil.rmtree(warehouse)
        results.append({"events": events, "generator": gen, "runs": runs})
        if not args.keep:
            shutil.rmtree(landing)

    print(
        "\n| events | product s | floor s | product / floor | peak RSS MB (product) | funnel model s | chDB windowFunnel s | funnel / chDB | same per-person level |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        runs = r["runs"]
        ratio = [x["product"]["seconds"] / x["floor"]["seconds"] for x in runs]
        fratio = [x["funnels"]["product_seconds"] / x["funnels"]["chdb_seconds"] for x in runs]
        same = runs[-1]["funnels"]
        print(
            f"| {r['events']:,} | {_summary([x['product']['seconds'] for x in runs])} | {_summary([x['floor']['seconds'] for x in runs])} "
            f"| {_summary(ratio)} | {_summary([x['product']['peak_rss_mb'] for x in runs])} "
            f"| {_summary([x['funnels']['product_seconds'] for x in runs])} | {_summary([x['funnels']['chdb_seconds'] for x in runs])} "
            f"| {_summary(fratio)} | {same['same_level']:,} / {same['persons']:,} |"
        )
    print("\nstage medians (s):")
    for r in results:
        stages = {s: statistics.median(x["product"]["stages"].get(s, 0.0) for x in r["runs"]) for s in STAGES}
        sizes_mb = r["runs"][-1]["product"]
        print(
            f"  {r['events']:,}: "
            + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
            + f"; warehouse {sizes_mb['warehouse_mb']:.0f} MB, build {sizes_mb['build_mb']:.0f} MB, raw {sizes_mb['raw_mb']:.0f} MB"
        )
    for r in results:
        nights = [x for x in r["runs"] if "night_rerun" in x]
        if nights:
            print(
                f"  {r['events']:,}: night of the last day on top (file already loaded) "
                f"{_summary([x['night_rerun']['seconds'] for x in nights])} s = "
                f"{_summary([100 * x['night_rerun']['seconds'] / x['product']['seconds'] for x in nights])} % "
                "of the full build"
            )
    out = ROOT / "benchmarks" / "results" / f"scale_{'_'.join(str(s) for s in sizes)}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nraw results: {out}")


if __name__ == "__main__":
    main()

"""Numbers on the materializations of the dbt models, so the Dagster UI plots them across runs: the row
count of every table, and a few KPIs read from the published columns of the marts (never recomputed
here: each KPI has one home in a dbt model, docs/definitions.md)."""

from collections.abc import Iterable, Mapping
from pathlib import Path

import dagster as dg

from pipeline import duckdb_connect

# model (asset key [schema, name]) -> queries returning (metadata key, value) rows, each value read from
# a column of the model; counts of rows (journeys per quadrant) are counts, not KPIs of their own
KPI_QUERIES: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("marts", "journey_priority_scores"): (
        # the high-level journeys of segment "all", as in the report's ranking
        "select 'value_at_risk/' || journey_node_id, value_at_risk from marts.journey_priority_scores "
        "where segment = 'all' and journey_level = 2",
        "select 'priority_score/' || journey_node_id, priority_score from marts.journey_priority_scores "
        "where segment = 'all' and journey_level = 2",
        "select 'journeys_in_quadrant/' || priority_quadrant, count(*) from marts.journey_priority_scores "
        "where segment = 'all' and journey_level = 2 group by priority_quadrant",
    ),
    ("marts", "fct_funnel_step_totals"): (
        # conversion of each funnel: its outcome step's conversion_from_step_1
        "select 'conversion/' || funnel_id, conversion_from_step_1 from marts.fct_funnel_step_totals "
        "where is_outcome_step",
    ),
}

TABLE_MATERIALIZATIONS = ("table", "incremental", "seed")  # views hold no rows of their own


def number(value) -> dg.MetadataValue | None:
    """An int or float metadata value; None for a missing value (no empty metadata)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return dg.MetadataValue.int(int(value))
    if isinstance(value, int):
        return dg.MetadataValue.int(value)
    as_float = float(value)  # Decimal, numpy
    return None if as_float != as_float else dg.MetadataValue.float(as_float)


def table_numbers(build_db: Path, tables: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """For each (schema, table) in ``build_db``: dagster/row_count (exact, count(*)) and the KPIs of
    KPI_QUERIES."""
    out: dict[tuple[str, str], dict] = {}
    with duckdb_connect.connect(str(build_db), read_only=True) as con:
        # on engine spark the file holds the published schemas only (pipeline.spark_run): the other
        # tables get no numbers
        present = set(con.execute("select schema_name, table_name from duckdb_tables()").fetchall())
        for schema, table in tables:
            if (schema, table) not in present:
                continue
            metadata = {
                "dagster/row_count": number(
                    con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
                )
            }
            for query in KPI_QUERIES.get((schema, table), ()):
                for key, value in con.execute(query).fetchall():
                    if key is not None and (v := number(value)) is not None:
                        metadata[str(key)] = v
            out[(schema, table)] = metadata
    return out


def with_table_numbers(context: dg.AssetExecutionContext, events: list, build_db: Path) -> list:
    """The dbt step's events, its materializations of tables with their numbers added. Called after dbt
    has exited: while it runs, the dbt process holds the DuckDB file and nothing else may open it.
    Metadata is no reason to fail a build that succeeded: a failure is logged as a warning (and
    tests/test_dagster_ui.py fails on the missing numbers)."""
    try:
        return _with_table_numbers(context, events, build_db)
    except Exception as exc:
        context.log.warning(f"row counts and KPIs for the dbt materializations could not be read: {exc!r}")
        return events


def _with_table_numbers(context: dg.AssetExecutionContext, events: list, build_db: Path) -> list:
    assets_def = context.assets_def
    targets = {}
    for i, event in enumerate(events):
        if isinstance(event, dg.Output):
            key = context.asset_key_for_output(event.output_name)
        elif isinstance(event, dg.AssetMaterialization):
            key = event.asset_key
        else:
            continue
        spec_metadata = assets_def.metadata_by_key.get(key, {})
        materialized = spec_metadata.get("dagster-dbt/materialization_type")
        materialized = getattr(materialized, "value", materialized)
        unique_id = str(getattr(spec_metadata.get("dagster_dbt/unique_id"), "value", ""))
        if (materialized in TABLE_MATERIALIZATIONS or unique_id.startswith("seed.")) and len(key.path) == 2:
            targets[i] = tuple(key.path)
    if not targets or not build_db.exists():
        return events
    numbers = table_numbers(build_db, dict.fromkeys(targets.values()))
    return [
        event.with_metadata({**event.metadata, **numbers[targets[i]]}) if targets.get(i) in numbers else event
        for i, event in enumerate(events)
    ]

"""GA4 BigQuery export rows (newline-delimited JSON, plain or gzip) flattened to the web_events columns.

One JSON object per line, as BigQuery's JSON export writes them: ``event_timestamp`` in microseconds
(a number or, as BigQuery writes INT64, a string), ``event_name``, ``user_pseudo_id``, ``user_id``,
``platform``, nested ``event_params`` / ``user_properties`` arrays of ``{key, value: {string_value,
int_value, float_value, double_value}}``, and the records ``device``, ``geo``, ``traffic_source``.
Missing keys are nulls, never errors. Parsing is polars' JSON reader with an explicit schema (no
Python loop over events); only a file with malformed lines takes a slow path that finds and reports
those lines. Before any parser sees a line, lines longer than JOURNEY_MAX_JSON_LINE_BYTES or nested
deeper than JOURNEY_MAX_JSON_DEPTH are set aside as malformed (vectorised checks; a 100,000-deep line
would otherwise exhaust a recursive parser), so one pathological line costs its own row, not the file.

The result has the canonical web_events columns as text, so the CSV path's typing, row rules,
quarantine and pseudonymisation apply unchanged:

    event_id       GA4 has none: a hash of user_pseudo_id, event_timestamp, event_name, ga_session_id and
                   event_bundle_sequence_id — the same event delivered twice gets the same id
    event_at       event_timestamp (µs since epoch, UTC)
    anonymous_id   user_pseudo_id           customer_id   user_id
    session_id     event_params.ga_session_id
    page_path      path of event_params.page_location (or firebase_screen in apps)
    channel        platform: WEB (or missing) -> web, ANDROID / IOS -> app
    device         device.category
    dwell_seconds  event_params.engagement_time_msec / 1000
    properties     JSON: page_title, page_referrer, geo country/city, traffic_source source/medium/name (as
                   source, medium, campaign), the utm_source / utm_medium / utm_campaign parameters of
                   page_location (the landing URL; page_path drops the query string), user properties
"""

from __future__ import annotations

import io
import json

import polars as pl

from pipeline.config import IngestLimits
from pipeline.ingest.bounds import cut_text

_VALUE = pl.Struct(
    {"string_value": pl.String, "int_value": pl.String, "float_value": pl.String, "double_value": pl.String}
)
_PARAMS = pl.List(pl.Struct({"key": pl.String, "value": _VALUE}))
SCHEMA = {
    "event_timestamp": pl.String,
    "event_name": pl.String,
    "event_bundle_sequence_id": pl.String,
    "user_pseudo_id": pl.String,
    "user_id": pl.String,
    "platform": pl.String,
    "event_params": _PARAMS,
    "user_properties": _PARAMS,
    "device": pl.Struct({"category": pl.String, "operating_system": pl.String}),
    "geo": pl.Struct({"country": pl.String, "city": pl.String}),
    "traffic_source": pl.Struct({"name": pl.String, "medium": pl.String, "source": pl.String}),
}


def looks_like_ndjson(text: str) -> bool:
    return text.lstrip()[:1] == "{"


def _param(column: str, key: str) -> pl.Expr:
    """The value of one key of a GA4 key-value array, whichever typed slot holds it, as text."""
    match = pl.element().filter(pl.element().struct.field("key") == key).struct.field("value")
    value = pl.coalesce(
        match.struct.field("string_value"),
        match.struct.field("int_value"),
        match.struct.field("double_value"),
        match.struct.field("float_value"),
    )
    return pl.col(column).list.eval(value).list.first()


def _query_param(url: pl.Expr, name: str) -> pl.Expr:
    """One parameter of a URL's query string as written (still percent-encoded; dbt decodes it)."""
    return url.str.extract(rf"[?&#]{name}=([^&#]*)", 1)


_PARSE_ERRORS = (pl.exceptions.PolarsError, ValueError, pl.exceptions.PanicException)


def nested_deeper_than(lines: pl.Series, limit: int) -> pl.Series:
    """Per line: do its JSON objects and arrays nest deeper than ``limit``? Vectorised: string literals
    removed, then only brackets kept, then each round removes the innermost ``{}`` / ``[]`` pairs of
    every line still holding one; a pair left after ``limit`` rounds is nested deeper. Only lines with
    more than ``limit`` opening brackets can be, so a normal file does no rounds at all."""
    opening = lines.str.count_matches("{", literal=True) + lines.str.count_matches("[", literal=True)
    candidates = pl.DataFrame({"i": pl.int_range(len(lines), eager=True), "b": lines}).filter(
        opening.fill_null(0) > limit
    )
    pair = r"\{\}|\[\]"
    brackets = candidates.with_columns(
        pl.col("b").str.replace_all(r'"(?:[^"\\]|\\.)*"', "").str.replace_all(r"[^\[\]{}]", "")
    )
    for _ in range(limit):
        if brackets.is_empty():
            break
        brackets = brackets.with_columns(pl.col("b").str.replace_all(pair, "")).filter(
            pl.col("b").str.contains(pair)
        )
    return pl.int_range(len(lines), eager=True).is_in(brackets["i"].implode())


def _lines(text: str) -> pl.DataFrame:
    """Non-blank lines with their line numbers (split on \\n as the JSON-lines reader does)."""
    lines = pl.Series("line", [text]).str.split("\n").explode().str.strip_suffix("\r")
    frame = lines.to_frame().with_row_index("_row_number", offset=1)
    return frame.filter(pl.col("line").str.strip_chars() != "").with_columns(
        pl.col("_row_number").cast(pl.Int64)
    )


def _parse(lines: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int, str, str]]]:
    """Parse lines that each hold one JSON object; a chunk polars cannot read is split in halves
    until the offending lines are found alone (a few parses per bad line, not one per line)."""
    if lines.is_empty():
        return pl.DataFrame(schema={**SCHEMA, "_row_number": pl.Int64}), []
    try:
        frame = pl.read_ndjson(io.StringIO(lines["line"].str.join("\n")[0]), schema=SCHEMA)
        return frame.with_columns(lines["_row_number"]), []
    except _PARSE_ERRORS as exc:
        if len(lines) == 1:
            number, line = lines.row(0)
            return pl.DataFrame(schema={**SCHEMA, "_row_number": pl.Int64}), [
                (number, line, f"line does not fit the GA4 export schema ({str(exc).splitlines()[0][:80]})")
            ]
    half = len(lines) // 2
    first, bad_first = _parse(lines.slice(0, half))
    second, bad_second = _parse(lines.slice(half))
    return pl.concat([first, second]), bad_first + bad_second


def read_ga4(
    text: str, limits: IngestLimits | None = None
) -> tuple[pl.DataFrame, list[tuple[int, str, str]]]:
    """Return (web_events columns as text plus ``_row_number`` = line number, malformed lines as
    (line number, raw line, reason))."""
    limits = limits or IngestLimits()
    lines = _lines(text)
    too_long = pl.col("line").str.len_bytes() > limits.max_json_line_bytes
    lines = lines.with_columns(too_long.alias("_too_long"))
    lines = lines.with_columns(
        (~pl.col("_too_long") & nested_deeper_than(lines["line"], limits.max_json_depth)).alias("_too_deep")
    )
    malformed: list[tuple[int, str, str]] = []
    set_aside = lines.filter(pl.col("_too_long") | pl.col("_too_deep"))
    if len(set_aside):
        shown = set_aside.with_columns(cut_text(pl.col("line"), limits.quarantine_text_chars))
        for number, line, long_, _ in shown.iter_rows():  # only the lines set aside: a few
            reason = (
                f"line is longer than {limits.max_json_line_bytes} bytes (JOURNEY_MAX_JSON_LINE_BYTES)"
                if long_
                else f"line nests objects/arrays deeper than {limits.max_json_depth} (JOURNEY_MAX_JSON_DEPTH)"
            )
            malformed.append((number, line, reason))
        lines = lines.filter(~(pl.col("_too_long") | pl.col("_too_deep")))
    lines = lines.select("_row_number", "line")
    try:
        source = text if not malformed else lines["line"].str.join("\n")[0]
        frame = pl.read_ndjson(io.StringIO(source), schema=SCHEMA, ignore_errors=False)
        frame = frame.with_columns(lines["_row_number"])
    except _PARSE_ERRORS:
        good = []
        for number, line in lines.iter_rows():  # slow path, only for files with broken lines
            try:
                if not isinstance(json.loads(line), dict):
                    raise ValueError("not a JSON object")
                good.append(number)
            except (ValueError, RecursionError) as exc:
                malformed.append((number, line, f"line is not a valid JSON object ({str(exc)[:80]})"))
        frame, unfit = _parse(lines.filter(pl.col("_row_number").is_in(good)))
        malformed += unfit
        frame = frame.sort("_row_number")
    return flatten(frame), sorted(malformed)


def flatten(frame: pl.DataFrame) -> pl.DataFrame:
    micros = pl.col("event_timestamp").str.strip_chars().cast(pl.Int64, strict=False)
    iso = pl.from_epoch(micros, time_unit="us").dt.strftime("%Y-%m-%dT%H:%M:%S%.6f+0000")
    session = _param("event_params", "ga_session_id")
    location = _param("event_params", "page_location")
    path = location.str.replace(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "").str.replace(r"[?#].*$", "")
    platform = pl.col("platform").str.to_uppercase()
    engagement = _param("event_params", "engagement_time_msec").cast(pl.Float64, strict=False)
    user_props = pl.col("user_properties").list.eval(
        pl.concat_str(
            pl.element().struct.field("key"),
            pl.lit("="),
            pl.coalesce(
                pl.element().struct.field("value").struct.field("string_value"),
                pl.element().struct.field("value").struct.field("int_value"),
                pl.element().struct.field("value").struct.field("double_value"),
            ),
        )
    )
    properties = pl.struct(
        _param("event_params", "page_title").alias("page_title"),
        _param("event_params", "page_referrer").alias("page_referrer"),
        pl.col("geo").struct.field("country").alias("geo_country"),
        pl.col("geo").struct.field("city").alias("geo_city"),
        pl.col("traffic_source").struct.field("source").alias("source"),
        pl.col("traffic_source").struct.field("medium").alias("medium"),
        pl.col("traffic_source").struct.field("name").alias("campaign"),
        *[_query_param(location, f"utm_{f}").alias(f"utm_{f}") for f in ("source", "medium", "campaign")],
        user_props.list.join(";").alias("user_properties"),
    ).struct.json_encode()
    event_key = pl.concat_str(
        [
            pl.col("user_pseudo_id"),
            pl.col("event_timestamp"),
            pl.col("event_name"),
            session,
            pl.col("event_bundle_sequence_id"),
        ],
        separator="|",
        ignore_nulls=True,
    )
    return frame.select(
        "_row_number",
        (pl.lit("ga4_") + event_key.hash(seed=7).cast(pl.String).str.pad_start(20, "0")).alias("event_id"),
        pl.when(micros.is_not_null()).then(iso).otherwise(pl.col("event_timestamp")).alias("event_at"),
        pl.col("user_pseudo_id").alias("anonymous_id"),
        pl.col("user_id").alias("customer_id"),
        session.alias("session_id"),
        pl.col("event_name"),
        pl.coalesce(path.replace("", None), _param("event_params", "firebase_screen")).alias("page_path"),
        pl.when(platform.is_null() | (platform == "WEB"))
        .then(pl.lit("web"))
        .when(platform.is_in(["ANDROID", "IOS"]))
        .then(pl.lit("app"))
        .otherwise(pl.col("platform").str.to_lowercase())
        .alias("channel"),
        pl.col("device").struct.field("category").alias("device"),
        (engagement / 1000.0).cast(pl.String).alias("dwell_seconds"),
        properties.alias("properties"),
    )

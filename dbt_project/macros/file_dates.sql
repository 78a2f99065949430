{#- The day an export file describes, from its name (the dbt twin of pipeline/ingest/file_dates.py):
    2026-08-03, 2026_08_03 or 20260803 not inside a longer number (clickstream_2026-08-03.csv,
    events_20260803.json.gz); null for a name without one (snapshots, undated deliveries) or with an
    impossible day (2026-02-30). Character classes, not \d: Spark reads a backslash in a string
    literal as an escape. -#}
{% macro file_date(column) -%}
    {%- set pattern = '(^|[^0-9])(20[0-9]{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12][0-9]|3[01])([^0-9]|$)' -%}
    try_cast(
        concat(
            regexp_extract({{ column }}, '{{ pattern }}', 2), '-',
            regexp_extract({{ column }}, '{{ pattern }}', 3), '-',
            regexp_extract({{ column }}, '{{ pattern }}', 4)
        ) as date
    )
{%- endmacro %}

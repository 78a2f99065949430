{#- One snapshot of dim_customer_value per as-of date: its columns as they stood after the run for that date,
    plus as_of_date (int_priority_window.window_end_date: JOURNEY_AS_OF, else the latest event date; the
    date CLV and the priority window use). Incremental, delete+insert on as_of_date: a rerun of a date
    replaces that date's snapshot, other dates stay. full_refresh: false, so a full rebuild
    (--full-refresh of pipeline.run or dbt) never wipes the history; new columns of dim_customer_value
    are appended (older snapshots hold null there). -#}
{{ config(
    materialized='incremental',
    full_refresh=false,
    on_schema_change='append_new_columns',
    **replace_by('as_of_date')
) }}

select
    priority_window.window_end_date as as_of_date,
    current_table.*
from {{ ref('dim_customer_value') }} as current_table
cross join {{ ref('int_priority_window') }} as priority_window

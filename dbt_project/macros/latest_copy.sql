{#- The re-delivery rule of the raw zone, in one place: the raw zone can hold a row more than once
    (re-delivered or overlapping exports); per key, the copy from the most recently ingested file wins,
    then the later file name, then the later row of the file.

    latest_copy(relation, key) is a select over `relation` (a ref, source or CTE name) that keeps that
    copy: every column of `relation` plus `_copy_rank` (always 1), which the model leaves out by naming
    its columns. Portable SQL (a row_number subquery, no qualify / exclude): DuckDB and Spark.

    rank_only_repeated=true ranks only the keys delivered more than once and passes the others through:
    a window over every row carries every column through a sort, which at 100M web events spills tens
    of GB to disk. The two forms keep the same rows, except for a null key: the full window keeps one
    null-key row, the repeated-only form keeps all of them (null never equals null in its join);
    the ingestion quarantines rows without their key, so the raw zone holds none. -#}
{% macro latest_copy(relation, key, rank_only_repeated=false) -%}
    {%- set newest_first -%}
        partition by {{ key }} order by _ingested_at desc, _source_file desc, _row_number desc
    {%- endset -%}
    {%- set repeated_keys_sql -%}
        select {{ key }} as repeated_key from {{ relation }} group by {{ key }} having count(*) > 1
    {%- endset -%}
    {%- if rank_only_repeated %}
    select
        single_copies.*,
        1 as _copy_rank
    from {{ relation }} as single_copies
    left join ({{ repeated_keys_sql }}) as repeated_keys on single_copies.{{ key }} = repeated_keys.repeated_key
    where repeated_keys.repeated_key is null

    union all

    select * from (
        select
            repeated_copies.*,
            row_number() over ({{ newest_first }}) as _copy_rank
        from {{ relation }} as repeated_copies
        inner join ({{ repeated_keys_sql }}) as repeated_keys on repeated_copies.{{ key }} = repeated_keys.repeated_key
    ) as ranked_copies
    where _copy_rank = 1
    {%- else %}
    select * from (
        select
            all_copies.*,
            row_number() over ({{ newest_first }}) as _copy_rank
        from {{ relation }} as all_copies
    ) as ranked_copies
    where _copy_rank = 1
    {%- endif %}
{%- endmacro %}

{#- The raw zone as tables on engines that cannot read Parquet files in a query the way DuckDB's
    read_parquet does (the sources' meta.external_location, which dbt-duckdb reads): an on-run-start hook
    registers each source as an external Parquet table over its directory (every file below it,
    columns merged by name like read_parquet's union_by_name), replaced at every run so that new files
    are seen. DuckDB needs nothing. -#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'journey_warehouse')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() -%}
            {%- set location = node.meta.get('external_location', '') -%}
            {%- set found = modules.re.search("read_parquet\\('([^']+)'", location) -%}
            {%- if found -%}
                {#- '<dir>/{name}/*.parquet' or '<dir>/_audit/{name}/*/*.parquet' -> '<dir>/{name}' -#}
                {%- set path = modules.re.sub("(/\\*[^/]*)+$", "", found.group(1).replace('{name}', node.name)) -%}
                {%- do run_query('create database if not exists ' ~ node.schema) -%}
                {%- do run_query('drop table if exists ' ~ node.schema ~ '.' ~ node.identifier) -%}
                {%- do run_query(
                    'create table ' ~ node.schema ~ '.' ~ node.identifier ~ ' using parquet'
                    ~ " options (recursiveFileLookup 'true', mergeSchema 'true', pathGlobFilter '*.parquet')"
                    ~ " location '" ~ path ~ "'"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- Each schema of the warehouse in its own directory, JOURNEY_SPARK_DIR/<schema>, so that a table is the
    Parquet directory JOURNEY_SPARK_DIR/<schema>/<table>/ (the contract tables: .../marts/<table>/) rather
    than Spark's default <warehouse dir>/<schema>.db/<table>. -#}
{% macro spark__create_schema(relation) -%}
    {%- call statement('create_schema') -%}
        create schema if not exists {{ relation }}
        location '{{ env_var('JOURNEY_SPARK_DIR', '../warehouse/spark') }}/{{ relation.schema }}'
    {%- endcall -%}
{%- endmacro %}

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

{#- Seeds on Spark with the values written as SQL literals. dbt-spark 1.11's session connection binds a
    seed's values by pasting them between quotes unescaped: a value with an apostrophe (atlas_scoring_weights'
    "journey's") breaks the statement, and an empty cell arrives as the text 'None' instead of null. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}null
    {%- elif value is boolean -%}{{ 'true' if value else 'false' }}
    {%- elif value is number -%}{{ value }}
    {%- else -%}'{{ (value | string).replace("'", "' || chr(39) || '") }}'
    {%- endif -%}
{%- endmacro %}

{#- Model contracts (the serving tables, contract enforced): the yml data types are DuckDB's names, and
    timestamptz (DuckDB's timestamp with time zone) does not parse on Spark, whose `timestamp` is the
    same kind (an instant, shown in the session time zone). The contract check's empty-schema query
    casts to Spark's name; the check itself (column names and types as Spark reports them) is dbt's. -#}
{% macro spark__get_empty_schema_sql(columns) %}
    {%- set spark_types = {'timestamptz': 'timestamp', 'timestamp with time zone': 'timestamp'} -%}
    {%- set translated = {} -%}
    {%- for name in columns -%}
        {%- set column = columns[name].copy() -%}
        {%- if column.get('data_type') -%}
            {%- do column.update({'data_type': spark_types.get(column['data_type'].strip().lower(), column['data_type'])}) -%}
        {%- endif -%}
        {%- do translated.update({name: column}) -%}
    {%- endfor -%}
    {{ return(default__get_empty_schema_sql(translated)) }}
{% endmacro %}

{#- dbt-spark's dateadd goes through to_unix_timestamp, which drops the fraction of a second (a window
    end of 14:26:49.892 became 14:26:49); Spark's timestampadd keeps it, as DuckDB's `+ interval` does. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

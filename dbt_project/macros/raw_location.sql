{#- Where the raw zone lives; sources read Parquet from here (file readers only in sources). -#}
{% macro raw_dir() -%}{{ env_var('JOURNEY_RAW_DIR', '../warehouse/raw') }}{%- endmacro %}

{#- Use the configured schema name as it stands (marts, audit, …), not <target>_<schema>: BI tools
    depend on the exact names of the warehouse contract. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

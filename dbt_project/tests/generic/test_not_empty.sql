{#- The model has at least one row (a contract table that BI tools read must not be empty). -#}
{% test not_empty(model) %}
select 1 as no_rows
where not exists (select 1 from {{ model }})
{% endtest %}

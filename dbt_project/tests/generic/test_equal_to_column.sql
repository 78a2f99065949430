{#- Rows where the column differs from another column of the same row (null equals only null). -#}
{% test equal_to_column(model, column_name, other_column) %}
select *
from {{ model }}
where {{ column_name }} is distinct from {{ other_column }}
{% endtest %}

{#- Band of a satisfaction value in [0, 1] (int_feedback_satisfaction): low below 0.375 (CSAT 1–2), high
    above 0.625 (CSAT 4–5), mid between; null stays null. -#}
{% macro satisfaction_band(expression) -%}
    case
        when {{ expression }} < 0.375 then 'low'
        when {{ expression }} > 0.625 then 'high'
        when {{ expression }} is not null then 'mid'
    end
{%- endmacro %}

{#- One home for each feedback KPI: every model that shows NPS, detractors, negative feedback or low
    CSAT builds it with these macros (docs/definitions.md defines them in words). -#}

{#- NPS group of one answer (0-10): promoter 9-10, passive 7-8, detractor 0-6. -#}
{% macro nps_group(nps) -%}
    case when {{ nps }} >= 9 then 'promoter' when {{ nps }} >= 7 then 'passive' when {{ nps }} >= 0 then 'detractor' end
{%- endmacro %}

{#- Net Promoter Score of a group: % promoters - % detractors among the NPS answers (null without any). -#}
{% macro nps_score(nps) -%}
    {{ real_number('100.0 * (
        sum(case when ' ~ nps ~ ' >= 9 then 1 else 0 end) - sum(case when ' ~ nps ~ ' <= 6 then 1 else 0 end)
    )') }} / nullif(count({{ nps }}), 0)
{%- endmacro %}

{#- Share of detractors (NPS 0-6) among the NPS answers of a group. -#}
{% macro detractor_share(nps) -%}
    avg({{ real_number("case when " ~ nps ~ " is null then null when " ~ nps ~ " <= 6 then 1.0 else 0.0 end") }})
{%- endmacro %}

{#- Share of feedback items whose text or scores read negative (sentiment label). -#}
{% macro negative_share(sentiment_label) -%}
    avg({{ real_number("case when " ~ sentiment_label ~ " = 'negative' then 1.0 else 0.0 end") }})
{%- endmacro %}

{#- Share of dissatisfied CSAT answers (1-2 on the 1-5 scale) among the CSAT answers of a group. -#}
{% macro low_csat_share(csat) -%}
    avg({{ real_number("case when " ~ csat ~ " is null then null when " ~ csat ~ " <= 2 then 1.0 else 0.0 end") }})
{%- endmacro %}

{#- Share of high-effort CES answers (1-3 on the 1-7 scale, 7 = very easy) among the CES answers. -#}
{% macro high_effort_share(ces) -%}
    avg({{ real_number("case when " ~ ces ~ " is null then null when " ~ ces ~ " <= 3 then 1.0 else 0.0 end") }})
{%- endmacro %}

{#- Step drop-off: the share of the persons reaching a step who stopped there; null at the outcome
    (the funnel's last step), where nobody drops. -#}
{% macro step_drop_off_rate(dropped, reached, is_outcome_step) -%}
    case when {{ is_outcome_step }} then null else {{ safe_divide(dropped, reached) }} end
{%- endmacro %}

{#- Drop-off beyond the norm at a step: of the persons who stopped there, those above what the atlas's
    expected conversion to the next step allows (reached × (1 - expected)); without a norm every
    drop-off counts. -#}
{% macro excess_dropped(dropped, reached, expected_next_conversion) -%}
    case
        when {{ expected_next_conversion }} is null then {{ dropped }} * 1.0
        else greatest({{ dropped }} - {{ reached }} * (1 - {{ expected_next_conversion }}), 0)
    end
{%- endmacro %}

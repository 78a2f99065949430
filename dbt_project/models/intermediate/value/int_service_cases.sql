-- Every CRM service case with its atlas channel and the effort it costs: one effort unit is one
-- phone contact (the channel's cost weight; 0.5 for a channel the atlas does not know), handle time
-- adds a unit per 20 minutes, an escalation one more. The one place that prices a contact: service
-- effort per customer, per journey and the cross-channel drop-off paths all read it.
with cases as (
    select * from {{ ref('stg_crm__cases') }}
),

channel_lookup as (
    select * from {{ ref('int_channel_lookup') }}
),

channels as (
    select * from {{ ref('atlas_channels') }}
)

select
    cases.case_id,
    cases.customer_id,
    cases.opened_at,
    cases.touchpoint_id,
    cases.is_escalated,
    coalesce(cases.handle_minutes, 0) as handle_minutes,
    coalesce(channel_lookup.channel, 'unknown') as channel,
    coalesce(channels.is_digital, false) as is_digital,
    coalesce(channels.cost_weight, 0.5) as cost_weight,
    coalesce(channels.cost_weight, 0.5) + coalesce(cases.handle_minutes, 0) / 20.0
    + case when cases.is_escalated then 1 else 0 end as effort_units
from cases
left join channel_lookup on cases.channel_raw = channel_lookup.channel_raw
left join channels on channel_lookup.channel = channels.channel

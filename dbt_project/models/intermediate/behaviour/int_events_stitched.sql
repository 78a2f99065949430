-- Sessionised events with their stitched person: a device's events belong to the customer of its
-- first identified event (int_identity_map), before and after that login. A view, so that a login
-- today re-assigns the device's whole history without rewriting the incremental event tables.
{{ config(materialized='view') }}

with events as (
    select * from {{ ref('int_events_sessionised') }}
),

identity as (
    select * from {{ ref('int_identity_map') }}
)

select
    events.*,
    coalesce(events.customer_id, identity.customer_id) as stitched_customer_id,
    coalesce(events.customer_id, identity.customer_id, events.anonymous_id) as person_key
from events
left join identity on events.anonymous_id = identity.anonymous_id

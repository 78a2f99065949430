-- Every spelling of a channel that exports use, mapped to the atlas channel.
with aliases as (
    select lower(alias) as channel_raw, channel from {{ ref('atlas_channel_aliases') }}
),

canonical as (
    select channel as channel_raw, channel from {{ ref('atlas_channels') }}
)

select channel_raw, channel from aliases
union
select channel_raw, channel from canonical

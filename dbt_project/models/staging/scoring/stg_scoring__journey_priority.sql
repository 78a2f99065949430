select * from {{ source('scoring', 'journey_priority') }}

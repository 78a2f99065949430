select * from {{ source('scoring', 'clv_fit') }}

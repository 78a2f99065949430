select * from {{ source('scoring', 'clv_customer_predictions') }}

-- One row per ingested landing file: rows read = loaded + quarantined, sha256, status, timing.
select * from {{ ref('stg_audit__ingestion_log') }}

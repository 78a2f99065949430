select
    table_name,
    source_file,
    sha256,
    status,
    message,
    rows_read,
    rows_loaded,
    rows_quarantined,
    encoding,
    separator,
    extra_columns,
    started_at,
    seconds
from {{ source('raw_audit', 'ingestion_log') }}

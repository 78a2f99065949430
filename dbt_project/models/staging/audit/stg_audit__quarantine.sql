select
    table_name,
    source_file,
    row_number,
    raw_text,
    reason
from {{ source('raw_audit', 'quarantine') }}

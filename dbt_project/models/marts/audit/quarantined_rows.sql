-- Every row that was not loaded, with the file, its row number, the (pseudonymised) raw text and why.
select
    table_name as source,
    source_file,
    row_number,
    raw_text,
    reason
from {{ ref('stg_audit__quarantine') }}

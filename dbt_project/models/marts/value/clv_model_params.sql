-- One row per fitted CLV parameter with the fit's diagnostics (pipeline/value/clv.py).
select
    model,
    parameter,
    value,
    time_unit,
    as_of_date,
    n_customers,
    log_likelihood,
    converged,
    method,
    note
from {{ ref('clv_fit') }}

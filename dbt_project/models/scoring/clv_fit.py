# Fitted CLV parameters and diagnostics (pipeline/value/clv.py). The fit is repeated here rather than
# passed between models: it takes well under a second per million customers (pattern compression).
from pipeline.value.scoring import customer_value


def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("int_orders_for_clv").pl()
    _, fit = customer_value(orders)
    return fit.to_arrow()

# Per-customer BG/NBD + Gamma-Gamma predictions (the maths: pipeline/value/clv.py). A dbt Python
# model, so the whole warehouse is one dbt build (no Python step splitting the dbt graph).
from pipeline.value.scoring import customer_value


def model(dbt, session):
    dbt.config(materialized="table")
    orders = dbt.ref("int_orders_for_clv").pl()
    predictions, _ = customer_value(orders)
    return predictions.to_arrow()

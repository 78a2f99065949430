"""How the BG/NBD fitted on CDNOW weeks 1-39 tracks the holdout weeks 40-78.

    python -m benchmarks.cdnow_holdout [--every 4]

Fits on the calibration period (1997-01-01 .. 1997-09-30) exactly as the warehouse does (one
transaction per customer and day, weeks), then compares, week by week since 1997-01-01:
- cumulative repeat transactions of the whole cohort, actual vs predicted (each customer contributes
  E[X(t - s)] from their first-purchase time s, equation (9) of Fader, Hardie & Lee 2005),
- the holdout total, actual vs the conditional expectation given each customer's calibration history
  (equation (10)), as in the paper's conditional-expectation check.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.value import clv
from pipeline.value.cdnow import read_cdnow

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "cdnow" / "CDNOW_sample.txt"
START, CALIBRATION_END, HOLDOUT_END = date(1997, 1, 1), date(1997, 9, 30), date(1998, 6, 30)


def holdout_report(every: int = 4) -> dict:
    orders = read_cdnow(DATA)
    summary = clv.rfm_summary(orders, CALIBRATION_END)
    fit = clv.fit_bgnbd(*(summary[c].to_numpy() for c in ("x", "t_x", "T")))

    days = (
        orders.group_by("customer_id", "order_date")
        .agg()
        .with_columns(day=(pl.col("order_date") - pl.lit(START)).dt.total_days())
        .sort("customer_id", "day")
        .with_columns(is_repeat=pl.col("day") > pl.col("day").min().over("customer_id"))
    )
    first_week = (
        days.group_by("customer_id").agg(pl.col("day").min() / 7.0).sort("customer_id")["day"].to_numpy()
    )
    repeat_days = days.filter("is_repeat")["day"].to_numpy()

    last_week = int(np.ceil((HOLDOUT_END - START).days / 7))
    rows = []
    for week in range(1, last_week + 1):
        t = min(week * 7, (HOLDOUT_END - START).days + 1) / 7.0  # end of the week, capped at 1998-06-30
        exposure = np.clip(t - first_week, 0.0, None)
        predicted = float(clv.expected_purchases_new(fit, exposure).sum())
        actual = int((repeat_days < t * 7).sum())
        rows.append({"week": week, "actual_cumulative": actual, "predicted_cumulative": round(predicted, 1)})
    curve = pl.DataFrame(rows)

    holdout_actual = int(((repeat_days >= 273) & (repeat_days <= 545)).sum())
    holdout_weeks = ((HOLDOUT_END - CALIBRATION_END).days) / 7.0
    conditional = clv.expected_purchases(
        fit, holdout_weeks, *(summary[c].to_numpy() for c in ("x", "t_x", "T"))
    ).sum()
    holdout = curve.filter(pl.col("week") >= 40)
    ape = (
        (holdout["predicted_cumulative"] - holdout["actual_cumulative"]).abs() / holdout["actual_cumulative"]
    ).mean()
    return {
        "fit": fit,
        "curve": curve.filter((pl.col("week") % every == 0) | (pl.col("week").is_in([39, last_week]))),
        "holdout_actual": holdout_actual,
        "holdout_conditional_predicted": float(conditional),
        "holdout_cumulative_mape": float(ape),
        "week_78": curve.row(-1, named=True),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--every", type=int, default=4, help="print every n-th week (default 4)")
    args = parser.parse_args(argv)
    report = holdout_report(args.every)
    fit = report["fit"]
    print(
        f"BG/NBD on weeks 1-39: r={fit.r:.3f} alpha={fit.alpha:.3f} a={fit.a:.3f} b={fit.b:.3f} LL={fit.log_likelihood:.1f}"
    )
    print("| week | actual cumulative repeat transactions | predicted |")
    print("|---:|---:|---:|")
    for row in report["curve"].iter_rows(named=True):
        print(f"| {row['week']} | {row['actual_cumulative']:,} | {row['predicted_cumulative']:,.1f} |")
    w78 = report["week_78"]
    print(
        f"\nweek {w78['week']}: actual {w78['actual_cumulative']:,}, predicted {w78['predicted_cumulative']:,.1f} "
        f"({w78['predicted_cumulative'] / w78['actual_cumulative'] - 1:+.1%})"
    )
    print(
        f"mean absolute percentage error of the cumulative curve, weeks 40-78: {report['holdout_cumulative_mape']:.1%}"
    )
    print(
        f"holdout repeat transactions (1997-10-01..1998-06-30): actual {report['holdout_actual']:,}, "
        f"conditional expectation from calibration histories {report['holdout_conditional_predicted']:,.1f}"
    )


if __name__ == "__main__":
    main()

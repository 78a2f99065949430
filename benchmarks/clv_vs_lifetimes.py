"""CLV fit + scoring: this project's BG/NBD + Gamma-Gamma against the `lifetimes` package, side by side.

    python -m benchmarks.clv_vs_lifetimes --customers 1000000 --repeats 3

Both start from the same per-customer summary (x, t_x, T in weeks, mean repeat spend), simulated from
the BG/NBD and Gamma-Gamma stories with CDNOW-like parameters (first purchases spread over 12 weeks,
observed until week 39, purchase days on a daily grid as in a real order table). Each side fits both
models and predicts P(alive), expected purchases over 52 weeks, expected spend and a discounted
12-month CLV for every customer. Prints median and min-max seconds per side, the ratio, and how far
the two sides' fitted parameters are apart (they maximise the same likelihood).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from datetime import date

import numpy as np
import polars as pl

from pipeline.value import clv

TRUTH_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
TRUTH_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}
AS_OF = date(1997, 9, 30)


def simulate_summary(n: int, seed: int = 11) -> pl.DataFrame:
    """Vectorised over customers; the loop runs once per purchase number, not per customer."""
    rng = np.random.default_rng(seed)
    birth = rng.integers(0, 12 * 7, n)  # day of the first purchase
    horizon_days = 39 * 7 - birth
    lam = rng.gamma(TRUTH_BG["r"], 1 / TRUTH_BG["alpha"], n) / 7.0  # per day
    drop = rng.beta(TRUTH_BG["a"], TRUTH_BG["b"], n)
    x = np.zeros(n)
    last = np.zeros(n)
    clock = np.zeros(n)
    active = np.ones(n, bool)  # BG/NBD: drop-out can only follow a repeat purchase
    while active.any():
        idx = np.flatnonzero(active)
        clock[idx] += rng.exponential(1 / np.maximum(lam[idx], 1e-12))
        still = clock[idx] <= horizon_days[idx]
        buy = idx[still]
        day = np.floor(clock[buy])
        repeat_day = day > last[buy]  # two purchases on one day are one transaction
        x[buy[repeat_day]] += 1
        last[buy] = np.maximum(last[buy], day)
        active[idx[~still]] = False
        active[buy] &= rng.random(len(buy)) >= drop[buy]
    nu = rng.gamma(TRUTH_GG["q"], 1 / TRUTH_GG["gamma"], n)
    mean_spend = np.where(
        x > 0, rng.gamma(TRUTH_GG["p"] * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0
    )
    return pl.DataFrame(
        {
            "customer_id": np.arange(n),
            "x": x,
            "t_x": last / 7.0,
            "T": horizon_days / 7.0,
            "monetary_value": mean_spend,
            "orders": x + 1,
            "revenue": mean_spend * (x + 1),
        }
    )


def run_ours(summary: pl.DataFrame) -> tuple[dict, np.ndarray]:
    predictions, params = clv.score_customers(summary, AS_OF)
    fitted = {p["parameter"]: p["value"] for p in params if p["model"] in ("bg_nbd", "gamma_gamma")}
    return fitted, predictions["clv"].to_numpy()


def run_lifetimes(summary: pl.DataFrame) -> tuple[dict, np.ndarray]:
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    frame = summary.select(frequency="x", recency="t_x", T="T", monetary_value="monetary_value").to_pandas()
    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(frame["frequency"], frame["recency"], frame["T"])
    buyers = frame[frame["frequency"] > 0]
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(buyers["frequency"], buyers["monetary_value"])
    bgf.conditional_probability_alive(frame["frequency"], frame["recency"], frame["T"])
    bgf.conditional_expected_number_of_purchases_up_to_time(
        52, frame["frequency"], frame["recency"], frame["T"]
    )
    ggf.conditional_expected_average_profit(frame["frequency"], frame["monetary_value"])
    value = ggf.customer_lifetime_value(
        bgf,
        frame["frequency"],
        frame["recency"],
        frame["T"],
        frame["monetary_value"],
        time=12,
        discount_rate=0.01,
        freq="W",
    )
    fitted = {k: float(v) for k, v in bgf.params_.items()}
    fitted.update({k: float(v) for k, v in ggf.params_.items()})
    fitted["gamma"] = fitted.pop("v")
    return fitted, np.asarray(value) * clv.ClvSettings().margin


def timed(fn, summary, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(summary)
        times.append(time.perf_counter() - start)
    return times, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers to simulate (default 1M)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per side (default 3)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")

    summary = simulate_summary(args.customers, args.seed)
    print(
        f"customers={len(summary):,}  repeat buyers={(summary['x'] > 0).sum():,}  "
        f"distinct (x, t_x, T) patterns={summary.select('x', 't_x', 'T').n_unique():,}"
    )
    ours_t, (ours_p, ours_clv) = timed(run_ours, summary, args.repeats)
    theirs_t, (theirs_p, theirs_clv) = timed(run_lifetimes, summary, args.repeats)

    def fmt(ts):
        return f"median {statistics.median(ts):6.2f} s  (min {min(ts):.2f}, max {max(ts):.2f}, n={len(ts)})"

    print(f"this project : {fmt(ours_t)}")
    print(f"lifetimes    : {fmt(theirs_t)}")
    print(
        f"speed-up (median lifetimes / median ours): {statistics.median(theirs_t) / statistics.median(ours_t):.1f}x"
    )
    print("parameters   :  " + "  ".join(f"{k}: {ours_p[k]:.4f} vs {theirs_p[k]:.4f}" for k in ours_p))
    worst = max(abs(ours_p[k] - theirs_p[k]) / abs(theirs_p[k]) for k in ours_p)
    print(f"largest relative parameter difference: {worst:.2e}")
    close = np.abs(ours_clv - theirs_clv) <= 0.05 * np.maximum(np.abs(theirs_clv), 1.0)
    print(f"per-customer CLV within 5% (or 1 currency unit): {close.mean():.2%}")


if __name__ == "__main__":
    main()

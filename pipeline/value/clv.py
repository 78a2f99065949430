"""Customer lifetime value: BG/NBD (Fader, Hardie & Lee 2005, Marketing Science 24(2)) for repeat
purchasing and drop-out, Gamma-Gamma (Fader, Hardie & Lee 2005, JMR 42(4)) for spend.

Plain numpy/scipy, vectorised over customers; the likelihoods are summed over distinct
(x, t_x, T) patterns with weights, so a million customers cost little more than their patterns.

Conventions (as in the papers): all orders of a customer on one day are one transaction; time is in
weeks; x = repeat transactions (days with an order after the first), t_x = weeks from the first to
the last transaction, T = weeks from the first transaction to the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from scipy import optimize, special

from pipeline.config import ClvSettings  # the CLV settings (JOURNEY_CLV_*) are defined with the others

WEEKS_PER_MONTH = 365.25 / 12 / 7


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool
    n: int


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool
    n: int


def rfm_summary(
    transactions: pl.DataFrame,
    as_of: date,
    customer_col: str = "customer_id",
    date_col: str = "order_date",
    amount_col: str = "amount",
) -> pl.DataFrame:
    """Per customer: x, t_x, T (weeks), monetary_value (mean spend of the repeat transactions),
    plus orders and revenue to date. Transactions after ``as_of`` are ignored."""
    daily = (
        transactions.lazy()
        .filter(pl.col(date_col) <= as_of)
        .group_by(customer_col, date_col)
        .agg(pl.col(amount_col).sum().alias("spend"), pl.len().alias("orders"))
        .sort(customer_col, date_col)
    )
    summary = daily.group_by(customer_col).agg(
        first=pl.col(date_col).min(),
        last=pl.col(date_col).max(),
        days=pl.len(),
        orders=pl.col("orders").sum(),
        revenue=pl.col("spend").sum(),
        first_spend=pl.col("spend").sort_by(date_col).first(),
    )
    return (
        summary.with_columns(
            x=(pl.col("days") - 1).cast(pl.Float64),
            t_x=(pl.col("last") - pl.col("first")).dt.total_days() / 7.0,
            T=(pl.lit(as_of) - pl.col("first")).dt.total_days() / 7.0,
        )
        .with_columns(
            monetary_value=pl.when(pl.col("x") > 0)
            .then((pl.col("revenue") - pl.col("first_spend")) / pl.col("x"))
            .otherwise(0.0)
        )
        .select(customer_col, "x", "t_x", "T", "monetary_value", "orders", "revenue", "first", "last")
        .sort(customer_col)
        .collect()
    )


def _patterns(*cols: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Distinct rows of the given columns, how often each occurs, and each input row's pattern index
    (a hash group-by in polars: several times faster than numpy's sort-based unique on rows). The
    patterns are sorted: a hash group-by's order varies between runs, and with it the order of the
    likelihood's sum and the last bits of the fitted parameters — a re-run must give the same numbers."""
    names = [f"c{i}" for i in range(len(cols))]
    frame = pl.DataFrame({n: np.asarray(c, dtype=float) for n, c in zip(names, cols, strict=True)})
    uniq = frame.group_by(names).len().sort(names).with_row_index("pattern")
    inverse = frame.join(uniq, on=names, how="left", maintain_order="left")["pattern"].to_numpy()
    return (
        [uniq[n].to_numpy() for n in names],
        uniq["len"].to_numpy().astype(float),
        inverse.astype(np.int64),
    )


def _bgnbd_terms(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray):
    """The three log terms of equation (6) of Fader, Hardie & Lee (2005): ll = A1 + log(e^A2 + e^A3)."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a3 = np.where(
            x > 0,
            special.betaln(a + 1, np.maximum(b + x - 1, 1e-12))
            - special.betaln(a, b)
            - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return a1, a2, a3


def bgnbd_log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood, equation (6) of Fader, Hardie & Lee (2005)."""
    a1, a2, a3 = _bgnbd_terms(params, x, t_x, T)
    return a1 + np.logaddexp(a2, a3)


def _bgnbd_nll_and_grad(log_params, x, t_x, T, w):
    """Weighted negative log-likelihood and its analytic gradient in log-parameter space."""
    params = np.exp(log_params)
    r, alpha, a, b = params
    a1, a2, a3 = _bgnbd_terms(params, x, t_x, T)
    tail = np.logaddexp(a2, a3)
    w2, w3 = np.exp(a2 - tail), np.exp(a3 - tail)  # shares of the two branches, w2 + w3 = 1
    dg = special.digamma
    with np.errstate(divide="ignore", invalid="ignore"):
        b_minus = np.maximum(b + x - 1, 1e-12)
        d_r = dg(r + x) - dg(r) + np.log(alpha) - w2 * np.log(alpha + T) - w3 * np.log(alpha + t_x)
        d_alpha = r / alpha - (r + x) * (w2 / (alpha + T) + w3 / (alpha + t_x))
        common = dg(a + b) - dg(a + b + x)
        d_a = common + w3 * (dg(a + 1) - dg(a))
        d_b = common + w2 * (dg(b + x) - dg(b)) + np.where(x > 0, w3 * (dg(b_minus) - dg(b)), 0.0)
    grad = np.array([np.sum(w * g) for g in (d_r, d_alpha, d_a, d_b)]) * params
    value = -np.sum(w * (a1 + tail))
    if not np.isfinite(value) or not np.isfinite(grad).all():
        return 1e300, np.zeros(4)
    return value, -grad


def _fit_bgnbd_patterns(ux, utx, uT, w, n: int) -> BgNbdParams:
    best = None
    for start in (np.log([1.0, 1.0, 1.0, 1.0]), np.log([0.5, 5.0, 0.8, 2.5])):  # second start only if needed
        res = _minimise(_bgnbd_nll_and_grad, start, (ux, utx, uT, w))
        if best is None or res.fun < best.fun:
            best = res
        if best.success:
            break
    r, alpha, a, b = np.exp(best.x)
    converged = bool(best.success and np.isfinite(best.fun))
    return BgNbdParams(float(r), float(alpha), float(a), float(b), float(-best.fun), converged, n)


def fit_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> BgNbdParams:
    (ux, utx, uT), w, _ = _patterns(x, t_x, T)
    return _fit_bgnbd_patterns(ux, utx, uT, w, len(x))


def _minimise(nll_and_grad, start: np.ndarray, args: tuple) -> optimize.OptimizeResult:
    """L-BFGS-B with the analytic gradient, polished to a tight tolerance; if it does not report
    success (it can stop on a line-search warning exactly at a flat optimum), Nelder-Mead from its
    end point decides, and the better of the two is kept."""
    fine = optimize.minimize(
        nll_and_grad,
        start,
        args=args,
        jac=True,
        method="L-BFGS-B",
        options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 2_000},
    )
    if fine.success and np.isfinite(fine.fun):
        return fine
    coarse = optimize.minimize(
        lambda p: nll_and_grad(p, *args)[0],
        fine.x if np.isfinite(fine.fun) else start,
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20_000, "maxfev": 40_000},
    )
    best = fine if fine.fun <= coarse.fun else coarse
    best.success = bool(coarse.success or fine.success)
    return best


def p_alive(params: BgNbdParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """P(customer still active at T | x, t_x, T), equation (11) of FHL 2005."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return 1.0 / (1.0 + ratio)


def expected_purchases(
    params: BgNbdParams, t: np.ndarray | float, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """E[X(T, T + t) | x, t_x, T]: expected transactions in the next t weeks, equation (10) of FHL 2005."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    t = np.asarray(t, dtype=float)
    z = t / (alpha + T + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    first = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        denominator = 1 + np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return first / denominator


def expected_purchases_new(params: BgNbdParams, t: np.ndarray | float) -> np.ndarray:
    """E[X(t)] for a customer who made the first purchase at time 0, equation (9) of FHL 2005."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    t = np.asarray(t, dtype=float)
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)


def gamma_gamma_log_likelihood(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of the mean spend m over x transactions (FHL 2005, JMR)."""
    p, q, gamma = params
    return (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + m * x)
    )


def _gamma_gamma_nll_and_grad(log_params, x, m, w):
    params = np.exp(log_params)
    p, q, gamma = params
    dg = special.digamma
    d_p = x * (dg(p * x + q) - dg(p * x) + np.log(m) + np.log(x) - np.log(gamma + m * x))
    d_q = dg(p * x + q) - dg(q) + np.log(gamma) - np.log(gamma + m * x)
    d_gamma = q / gamma - (p * x + q) / (gamma + m * x)
    grad = np.array([np.sum(w * g) for g in (d_p, d_q, d_gamma)]) * params
    value = -np.sum(w * gamma_gamma_log_likelihood(params, x, m))
    if not np.isfinite(value) or not np.isfinite(grad).all():
        return 1e300, np.zeros(3)
    return value, -grad


def fit_gamma_gamma(x: np.ndarray, m: np.ndarray) -> GammaGammaParams:
    keep = (x > 0) & (m > 0)
    (ux, um), w, _ = _patterns(x[keep], m[keep])
    res = _minimise(_gamma_gamma_nll_and_grad, np.log([1.0, 1.0, float(np.mean(um))]), (ux, um, w))
    p, q, gamma = np.exp(res.x)
    return GammaGammaParams(
        float(p),
        float(q),
        float(gamma),
        float(-res.fun),
        bool(res.success and np.isfinite(res.fun) and q > 1),
        int(keep.sum()),
    )


def expected_spend(params: GammaGammaParams, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """E[spend per transaction | x, m]; the population mean p*gamma/(q-1) where x = 0."""
    p, q, gamma = params.p, params.q, params.gamma
    population = p * gamma / (q - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = (gamma + m * x) * p / (p * x + q - 1)
    return np.where(x > 0, conditional, population)


def discounted_purchases(params: BgNbdParams, settings: ClvSettings, x, t_x, T) -> np.ndarray:
    """Expected purchases month by month over the horizon, each month discounted."""
    months = int(np.ceil(settings.horizon_weeks / WEEKS_PER_MONTH))
    total = np.zeros_like(np.asarray(x, dtype=float))
    previous = np.zeros_like(total)
    for k in range(1, months + 1):  # a dozen steps, each vectorised over all customers
        t = min(k * WEEKS_PER_MONTH, settings.horizon_weeks)
        cumulative = expected_purchases(params, t, x, t_x, T)
        total += (cumulative - previous) / (1 + settings.monthly_discount) ** k
        previous = cumulative
    return total


def score_customers(
    summary: pl.DataFrame, as_of: date, settings: ClvSettings | None = None
) -> tuple[pl.DataFrame, list[dict]]:
    """Fit both models on an RFM summary and predict per customer; falls back (flagged) when the
    data cannot support a fit. Returns (predictions, parameter rows for clv_model_params)."""
    settings = settings or ClvSettings()
    x = summary["x"].to_numpy().astype(float)
    t_x = summary["t_x"].to_numpy().astype(float)
    T = summary["T"].to_numpy().astype(float)
    m = summary["monetary_value"].to_numpy().astype(float)
    revenue = summary["revenue"].to_numpy().astype(float)
    orders = summary["orders"].to_numpy().astype(float)
    repeat_buyers = int((x > 0).sum())
    params_rows: list[dict] = []
    method, note = "bgnbd_gamma_gamma", ""
    bg = gg = None
    # predictions depend on (x, t_x, T) only: compute them once per distinct pattern
    (ux, utx, uT), weights, inverse = _patterns(x, t_x, T)
    if repeat_buyers >= settings.min_repeat_buyers and np.ptp(T) > 0:
        try:
            bg = _fit_bgnbd_patterns(ux, utx, uT, weights, len(x))
            gg = fit_gamma_gamma(x, m)
            usable = bg.converged and gg.converged and np.isfinite(bg.log_likelihood)
        except (ValueError, FloatingPointError, np.linalg.LinAlgError) as exc:
            usable, note = False, f"fit failed: {exc}"
        if not usable:
            note = note or "fit did not converge to usable parameters"
    else:
        usable = False
        note = f"only {repeat_buyers} repeat buyers (need {settings.min_repeat_buyers}) or all customers started together"

    if usable:
        alive = p_alive(bg, ux, utx, uT)[inverse]
        purchases = expected_purchases(bg, settings.horizon_weeks, ux, utx, uT)[inverse]
        discounted = discounted_purchases(bg, settings, ux, utx, uT)[inverse]
        spend = expected_spend(gg, x, m)
        finite = all(np.isfinite(v).all() and (v >= 0).all() for v in (alive, purchases, discounted, spend))
        if not finite:
            usable, note = False, "fitted parameters give non-finite or negative predictions"
    if not usable:  # historical average spend × historical frequency; P(alive) from recency vs usual gap
        method = "historical_average"
        weeks_active = np.maximum(T, 1.0)
        rate = orders / weeks_active
        purchases = rate * settings.horizon_weeks
        discounted = purchases / (1 + settings.monthly_discount) ** (
            settings.horizon_weeks / WEEKS_PER_MONTH / 2
        )
        spend = np.where(orders > 0, revenue / np.maximum(orders, 1), 0.0)
        usual_gap = np.where(x > 0, t_x / np.maximum(x, 1), weeks_active)
        alive = np.clip(1.0 - (T - t_x) / (3 * np.maximum(usual_gap, 1.0)), 0.05, 1.0)

    clv = settings.margin * spend * discounted
    trend = _purchase_trend(summary)
    predictions = (
        summary.select("customer_id", "orders", "revenue", "x", "t_x", "T")
        .with_columns(
            pl.Series("p_alive", np.nan_to_num(alive, nan=0.0)),
            pl.Series("expected_purchases", np.nan_to_num(purchases, nan=0.0)),
            pl.Series("expected_spend_per_purchase", np.nan_to_num(spend, nan=0.0)),
            pl.Series("clv", np.nan_to_num(clv, nan=0.0)),
            pl.lit(method).alias("clv_method"),
            pl.Series("purchase_trend", trend),
        )
        .rename(
            {
                "orders": "orders_to_date",
                "revenue": "revenue_to_date",
                "x": "repeat_transactions",
                "t_x": "recency_weeks",
                "T": "tenure_weeks",
            }
        )
    )

    def row(model, parameter, value, ll, converged, n):
        return {
            "model": model,
            "parameter": parameter,
            "value": float(value),
            "time_unit": "week",
            "as_of_date": as_of,
            "n_customers": n,
            "log_likelihood": ll,
            "converged": converged,
            "method": method,
            "note": note,
        }

    if usable:
        params_rows += [
            row("bg_nbd", k, getattr(bg, k), bg.log_likelihood, bg.converged, bg.n)
            for k in ("r", "alpha", "a", "b")
        ]
        params_rows += [
            row("gamma_gamma", k, getattr(gg, k), gg.log_likelihood, gg.converged, gg.n)
            for k in ("p", "q", "gamma")
        ]
    else:
        params_rows.append(
            row(
                "historical_average",
                "mean_weekly_purchase_rate",
                float(np.mean(orders / np.maximum(T, 1.0))) if len(T) else 0.0,
                None,
                False,
                len(x),
            )
        )
    params_rows += [
        row("settings", "horizon_weeks", settings.horizon_weeks, None, True, len(x)),
        row("settings", "margin", settings.margin, None, True, len(x)),
        row("settings", "monthly_discount", settings.monthly_discount, None, True, len(x)),
    ]
    return predictions, params_rows


def _purchase_trend(summary: pl.DataFrame) -> np.ndarray:
    """Recency trend in [-1, 1]: +1 bought recently relative to tenure, -1 long silent."""
    T = summary["T"].to_numpy().astype(float)
    t_x = summary["t_x"].to_numpy().astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_silent = np.where(T > 0, (T - t_x) / T, 0.0)
    return np.clip(1.0 - 2.0 * share_silent, -1.0, 1.0)

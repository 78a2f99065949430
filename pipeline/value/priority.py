"""Journey priority scores: which journeys and customer groups to fix first.

The raw components come from dbt (journey_priority_inputs, defined in docs/customer_value.md): value
at risk beyond the norm (the CLV of drop-offs above the atlas's expected conversions), customer pain,
service effort per person, retention potential and reach. A component a node has no evidence for (no
outcome defined: no value at risk; no feedback in its whole segment: no customer pain) counts as 0 and
the explanation says so; a node without feedback of its own has its segment's average pain (dbt), and
the explanation says that too. Each component is scaled to [0, 1] by min-max within its
atlas level and segment (a larger raw value never lowers the scaled value), combined with the weights
from seeds/atlas/atlas_scoring_weights.csv into a score 0-100 whose parts are published as points
per component, ranked within level and segment, and explained by the components that contribute
most. The priority quadrant (the matrix the report and the Dagster UI draw) is defined here too.
Rank stability: the mean Spearman correlation between the ranking and rankings under random ±20%
perturbations of the weights.
"""

from __future__ import annotations

import numpy as np
import polars as pl

COMPONENTS = ("value_at_risk", "cx_pain", "service_effort", "retention_potential", "reach")
LABELS = {
    "value_at_risk": "value at risk beyond the norm",
    "cx_pain": "customer pain",
    "service_effort": "service effort",
    "retention_potential": "retention potential",
    "reach": "reach",
}
GROUP = ("journey_level", "segment")


QUADRANTS = {
    (True, True): "fix_first",
    (True, False): "protect_value",
    (False, True): "reduce_effort",
    (False, False): "monitor",
}


def raw_components(inputs: pl.DataFrame) -> pl.DataFrame:
    """Map the dbt inputs (journey_priority_inputs) to one raw column per component; a component
    without evidence (null) counts as 0."""
    return inputs.with_columns(
        pl.col("value_at_risk_above_norm").fill_null(0.0).alias("raw_value_at_risk"),
        pl.col("customer_pain").fill_null(0.0).alias("raw_cx_pain"),
        pl.col("service_effort_per_person").fill_null(0.0).alias("raw_service_effort"),
        pl.col("retention_potential").fill_null(0.0).alias("raw_retention_potential"),
        pl.col("reach").cast(pl.Float64).fill_null(0.0).alias("raw_reach"),
    )


def _scaled(component: str) -> pl.Expr:
    raw = pl.col(f"raw_{component}")
    lo, hi = raw.min().over(GROUP), raw.max().over(GROUP)
    return pl.when(hi > lo).then((raw - lo) / (hi - lo)).otherwise(0.0).alias(f"{component}_component")


def score(inputs: pl.DataFrame, weights: dict[str, float]) -> pl.DataFrame:
    """Score every row of ``inputs`` (needs journey_level, segment and the raw input columns)."""
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown scoring components in the weights: {sorted(unknown)}")
    w = {c: max(float(weights.get(c, 0.0)), 0.0) for c in COMPONENTS}
    total = sum(w.values()) or 1.0
    frame = raw_components(inputs).with_columns([_scaled(c) for c in COMPONENTS])
    frame = frame.with_columns(
        [(100.0 * pl.col(f"{c}_component") * (w[c] / total)).alias(f"{c}_points") for c in COMPONENTS]
    )
    frame = frame.with_columns(
        pl.sum_horizontal([pl.col(f"{c}_points") for c in COMPONENTS]).round(2).alias("priority_score")
    )
    frame = frame.with_columns(
        pl.col("priority_score")
        .rank(method="min", descending=True)
        .over(GROUP)
        .cast(pl.Int64)
        .alias("priority_rank")
    )
    return frame.with_columns(_explanations(frame), quadrant(frame))


def quadrant(frame: pl.DataFrame) -> pl.Expr:
    """The priority matrix: value at risk beyond the norm against service effort per person, each split
    at the median of the nodes of the same level and segment (the upper half includes the median; 0 is
    never high). fix_first = both high, protect_value = value high only, reduce_effort = effort high
    only, monitor = neither."""
    var = pl.col("value_at_risk_above_norm").fill_null(0.0)
    effort = pl.col("service_effort_per_person").fill_null(0.0)
    high_value = (var >= var.median().over(GROUP)) & (var > 0)
    high_effort = (effort >= effort.median().over(GROUP)) & (effort > 0)
    expr = pl.lit("monitor")
    for (hv, he), name in QUADRANTS.items():
        expr = pl.when((high_value == hv) & (high_effort == he)).then(pl.lit(name)).otherwise(expr)
    return expr.alias("priority_quadrant")


def _evidence_notes(frame: pl.DataFrame) -> np.ndarray:
    """What the score could not use: a node without an outcome, or without feedback."""
    no_outcome = ~frame["has_outcome"].fill_null(False).to_numpy()
    no_pain = frame["customer_pain"].is_null().to_numpy()
    items = frame["feedback_items"] if "feedback_items" in frame.columns else pl.Series([None] * len(frame))
    assumed = (~frame["customer_pain"].is_null() & (items.fill_null(0) == 0)).to_numpy()
    notes = np.full(len(frame), "", dtype=object)
    notes = np.where(no_outcome, notes + "; no outcome defined, so no value at risk", notes)
    notes = np.where(no_pain, notes + "; no feedback, so no customer pain", notes)
    notes = np.where(assumed, notes + "; no feedback of its own, so its segment's average pain", notes)
    return notes.astype(str)


def _explanations(frame: pl.DataFrame) -> pl.Series:
    contributions = np.column_stack([frame[f"{c}_points"].to_numpy() for c in COMPONENTS])
    order = np.argsort(-contributions, axis=1)[:, :2]
    names = np.array([LABELS[c] for c in COMPONENTS])
    top = names[order]
    first = contributions[np.arange(len(frame)), order[:, 0]]
    second = contributions[np.arange(len(frame)), order[:, 1]]
    text = np.char.add(
        np.char.add(np.char.add(np.char.add("driven by ", top[:, 0]), " ("), np.round(first, 1).astype(str)),
        " pts)",
    )
    text = np.where(
        second > 0,
        np.char.add(
            np.char.add(np.char.add(np.char.add(text, " and "), top[:, 1]), " ("),
            np.char.add(np.round(second, 1).astype(str), " pts)"),
        ),
        text,
    )
    text = np.where(first > 0, text, "no component stands out (all at the minimum of their level)")
    return pl.Series("explanation", np.char.add(text, _evidence_notes(frame)))


def rank_stability(
    inputs: pl.DataFrame, weights: dict[str, float], runs: int = 200, spread: float = 0.2, seed: int = 42
) -> pl.DataFrame:
    """Mean Spearman correlation per (level, segment) between the ranking and rankings under
    weights each multiplied by a uniform factor in [1 - spread, 1 + spread].

    The scaled components do not depend on the weights, so all perturbed scores are one matrix
    product (rows × runs); a run where either ranking is constant within a group is left out."""
    frame = score(inputs, weights)
    rng = np.random.default_rng(seed)
    factors = np.array([[rng.uniform(1 - spread, 1 + spread) for _ in COMPONENTS] for _ in range(runs)])
    w = np.maximum(np.array([weights.get(c, 0.0) for c in COMPONENTS]) * factors, 0.0)
    totals = w.sum(axis=1, keepdims=True)
    w = w / np.where(totals > 0, totals, 1.0)
    scaled = frame.select([f"{c}_component" for c in COMPONENTS]).to_numpy()
    alternatives = np.round(100.0 * scaled @ w.T, 2)  # rows × runs, as score() would give each run
    base = frame["priority_score"].to_numpy()
    rows = []
    for key, part in frame.with_row_index("_row").group_by(GROUP):
        idx = part["_row"].to_numpy()
        b, alt = base[idx], alternatives[idx]
        if len(idx) < 3 or np.ptp(b) == 0:
            continue
        varied = np.ptp(alt, axis=0) > 0
        if not varied.any():
            continue
        rb = _ranks(b[:, None])[:, 0]
        ra = _ranks(alt[:, varied])
        rb, ra = rb - rb.mean(), ra - ra.mean(axis=0)
        rho = (rb @ ra) / np.sqrt((rb @ rb) * (ra * ra).sum(axis=0))
        rows.append(
            {"journey_level": key[0], "segment": key[1], "rank_stability_spearman": float(rho.mean())}
        )
    out = pl.DataFrame(
        rows, schema={"journey_level": pl.Int64, "segment": pl.String, "rank_stability_spearman": pl.Float64}
    )
    return frame.select(GROUP).unique().join(out, on=list(GROUP), how="left")


def _ranks(columns: np.ndarray) -> np.ndarray:
    """The rank of each value within its column, ties sharing their average rank (1-based), as
    scipy.stats.rankdata(axis=0) gives; scipy.stats costs seconds to import in every scoring run."""
    frame = pl.DataFrame(columns, schema=[f"c{i}" for i in range(columns.shape[1])], orient="row")
    return frame.select(pl.all().rank("average")).to_numpy().astype(float)

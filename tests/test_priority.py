"""Properties of the journey priority score."""

import numpy as np
import polars as pl
import pytest
from scipy import stats

from pipeline.value import priority

WEIGHTS = {
    "value_at_risk": 0.3,
    "cx_pain": 0.25,
    "service_effort": 0.2,
    "retention_potential": 0.15,
    "reach": 0.1,
}


def _inputs(**overrides) -> pl.DataFrame:
    base = {
        "journey_node_id": ["a", "b", "c", "d"],
        "segment": ["all"] * 4,
        "journey_level": [2] * 4,
        "reach": [100, 200, 300, 50],
        "value_at_stake": [1000.0, 500.0, 800.0, 50.0],
        "value_at_risk_above_norm": [300.0, 100.0, 200.0, 10.0],
        "drop_off_rate": [0.5, 0.2, 0.3, 0.9],
        "has_outcome": [True, True, True, True],
        "customer_pain": [0.4, 0.1, None, 0.5],
        "feedback_items": [12, 30, 0, 8],
        "service_effort_per_person": [0.2, 0.1, 0.5, 0.0],
        "retention_potential": [1.0, 2.0, 0.5, 0.1],
    }
    base.update(overrides)
    return pl.DataFrame(base)


def test_scores_are_between_0_and_100_and_ranked():
    scored = priority.score(_inputs(), WEIGHTS)
    assert scored["priority_score"].min() >= 0 and scored["priority_score"].max() <= 100
    ordered = scored.sort("priority_rank")["priority_score"].to_list()
    assert ordered == sorted(ordered, reverse=True)
    assert all(text.startswith("driven by") for text in scored["explanation"])


@pytest.mark.parametrize("node", ["a", "b", "c", "d"])
def test_more_value_at_risk_never_lowers_a_journeys_score(node):
    before = priority.score(_inputs(), WEIGHTS)
    risk = [
        v * 3 if n == node else v
        for n, v in zip(["a", "b", "c", "d"], [300.0, 100.0, 200.0, 10.0], strict=True)
    ]
    after = priority.score(_inputs(value_at_risk_above_norm=risk), WEIGHTS)
    get = lambda f: f.filter(pl.col("journey_node_id") == node)["priority_score"][0]  # noqa: E731
    assert get(after) >= get(before)


def test_a_zero_weight_removes_the_component():
    weights = {**WEIGHTS, "reach": 0.0}
    base = priority.score(_inputs(), weights)
    changed = priority.score(_inputs(reach=[1, 5000, 3, 999]), weights)
    assert base["priority_score"].to_list() == changed["priority_score"].to_list()


def test_only_value_at_risk_weighted_gives_min_max_of_it():
    scored = priority.score(_inputs(), {"value_at_risk": 1.0})
    # hand calculation: (v - 10) / (300 - 10) * 100
    expected = [round((v - 10) / 290 * 100, 2) for v in (300.0, 100.0, 200.0, 10.0)]
    assert scored["priority_score"].to_list() == expected


def test_one_weighted_component_ranks_the_same_under_any_perturbation():
    # scaling the only weight never changes the order: every run correlates perfectly
    out = priority.rank_stability(_inputs(), {"value_at_risk": 1.0}, runs=30)
    assert out["rank_stability_spearman"].to_list() == [pytest.approx(1.0)]


def _stability_one_run_at_a_time(inputs, weights, runs, spread=0.2, seed=42) -> dict:
    """Second implementation: score() for each perturbed weight set, scipy's spearmanr per group."""
    rng = np.random.default_rng(seed)
    base = priority.score(inputs, weights)
    rhos: dict = {}
    for _ in range(runs):
        perturbed = {
            c: weights.get(c, 0.0) * rng.uniform(1 - spread, 1 + spread) for c in priority.COMPONENTS
        }
        joined = base.join(
            priority.score(inputs, perturbed).select(
                "journey_node_id", "segment", pl.col("priority_score").alias("alt")
            ),
            on=["journey_node_id", "segment"],
        )
        for key, part in joined.group_by(priority.GROUP):
            if len(part) >= 3 and part["priority_score"].n_unique() > 1 and part["alt"].n_unique() > 1:
                rhos.setdefault(tuple(key), []).append(
                    stats.spearmanr(part["priority_score"], part["alt"]).statistic
                )
    return {k: float(np.mean(v)) for k, v in rhos.items()}


def test_rank_stability_equals_scoring_each_perturbation_separately():
    inputs = pl.concat(
        [
            _inputs(),
            _inputs(segment=["loyal"] * 4, reach=[5, 400, 30, 60], retention_potential=[0.3, 0.2, 2.5, 1.0]),
        ]
    )
    out = priority.rank_stability(inputs, WEIGHTS, runs=50)
    got = {
        (r["journey_level"], r["segment"]): r["rank_stability_spearman"] for r in out.iter_rows(named=True)
    }
    expected = _stability_one_run_at_a_time(inputs, WEIGHTS, runs=50)
    assert set(got) == set(expected)
    for key, rho in expected.items():
        assert got[key] == pytest.approx(rho, abs=1e-12)
    assert any(rho < 1.0 for rho in expected.values())  # the perturbations do reorder something


def test_quadrants_split_value_at_risk_and_effort_at_the_median_of_the_level():
    # hand-placed: value at risk median of (300, 100, 200, 10) = 150 -> a, c high;
    # effort median of (0.2, 0.1, 0.5, 0.0) = 0.15 -> a, c high; b and d low on both
    scored = priority.score(_inputs(), WEIGHTS)
    got = dict(zip(scored["journey_node_id"], scored["priority_quadrant"], strict=True))
    assert got == {"a": "fix_first", "b": "monitor", "c": "fix_first", "d": "monitor"}
    scored = priority.score(_inputs(service_effort_per_person=[0.0, 0.3, 0.0, 0.4]), WEIGHTS)
    got = dict(zip(scored["journey_node_id"], scored["priority_quadrant"], strict=True))
    # effort median = 0.15: b and d high effort; value a, c high
    assert got == {"a": "protect_value", "b": "reduce_effort", "c": "protect_value", "d": "reduce_effort"}


def test_zero_effort_is_never_high_effort():
    scored = priority.score(_inputs(service_effort_per_person=[0.0, 0.0, 0.0, 0.0]), WEIGHTS)
    assert set(scored["priority_quadrant"]) <= {"protect_value", "monitor"}


def test_points_add_up_to_the_score():
    scored = priority.score(_inputs(), WEIGHTS)
    points = scored.select(pl.sum_horizontal([f"{c}_points" for c in priority.COMPONENTS])).to_series()
    assert [round(p, 2) for p in points] == scored["priority_score"].to_list()


def test_missing_evidence_counts_as_zero_and_is_said():
    scored = priority.score(
        _inputs(has_outcome=[True, False, True, True], value_at_risk_above_norm=[300.0, None, 200.0, 10.0]),
        WEIGHTS,
    )
    by_node = {r["journey_node_id"]: r for r in scored.iter_rows(named=True)}
    assert by_node["b"]["value_at_risk_component"] == 0.0
    assert "no outcome defined" in by_node["b"]["explanation"]
    assert "no outcome defined" not in by_node["a"]["explanation"]
    # c has no customer pain (no feedback in its segment): its pain component is 0 and the explanation
    # says so
    assert by_node["c"]["cx_pain_component"] == 0.0
    assert "no feedback, so no customer pain" in by_node["c"]["explanation"]


def test_a_node_without_its_own_feedback_is_said_to_have_the_average_pain():
    inputs = _inputs().with_columns(pl.Series("feedback_items", [3, 0, 5, 2]))
    inputs = inputs.with_columns(pl.lit(0.4).alias("customer_pain"))
    by_node = {r["journey_node_id"]: r for r in priority.score(inputs, WEIGHTS).iter_rows(named=True)}
    assert "its segment's average pain" in by_node["b"]["explanation"]
    assert "average pain" not in by_node["a"]["explanation"]


def test_ranks_equal_scipy_rankdata_with_ties():
    """The rank helper of the stability check against scipy's rankdata (a second implementation):
    average ranks for ties, per column."""
    _ranks = priority._ranks
    rng = np.random.default_rng(7)
    for _ in range(100):
        m = np.round(rng.uniform(0, 4, (int(rng.integers(1, 25)), int(rng.integers(1, 5)))))
        assert np.array_equal(_ranks(m), stats.rankdata(m, axis=0))
    # by hand: 10, 20, 20, 5 -> ranks 2, 3.5, 3.5, 1
    assert _ranks(np.array([[10.0], [20.0], [20.0], [5.0]]))[:, 0].tolist() == [2.0, 3.5, 3.5, 1.0]

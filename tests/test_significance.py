"""The two-proportion z-test of the trend marts (macro two_proportion_z_test in
dbt_project/macros/trends.sql), compiled by dbt and run in DuckDB, against scipy as an independent
reference: Pearson's chi-square test of the 2x2 table without continuity correction is the square of the
pooled two-proportion z-test and gives the same two-sided p-value; the normal tail from scipy.stats.norm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest
from scipy import stats

from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def z_test_sql(tmp_path_factory) -> str:
    """SELECT of the macro's three columns from a relation `cases`, as dbt compiles it."""
    target = tmp_path_factory.mktemp("dbt_inline")
    inline = "select *, {{ two_proportion_z_test('x_prev', 'n_prev', 'x_cur', 'n_cur', 't') }} from cases"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *(
                "compile",
                "--profiles-dir",
                ".",
                "--inline",
                inline,
                "--output",
                "json",
                "--log-format",
                "json",
            ),
            *("--target-path", str(target), "--log-path", str(target / "logs")),
        ],
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "JOURNEY_BUILD_DB": ":memory:"},
        capture_output=True,
        text=True,
        check=True,
    )
    for line in result.stdout.splitlines():
        try:
            data = json.loads(line).get("data", {})
        except json.JSONDecodeError:
            continue
        if isinstance(data.get("compiled"), str) and "t_p_value" in data["compiled"]:
            return data["compiled"]
    raise AssertionError(result.stdout[-3000:])


def _run(sql: str, cases: list[tuple[int, int, int, int]]) -> list[tuple]:
    con = duckdb.connect()
    con.execute("create table cases (x_prev bigint, n_prev bigint, x_cur bigint, n_cur bigint)")
    con.executemany("insert into cases values (?, ?, ?, ?)", cases)
    rows = con.sql(
        f"select x_prev, n_prev, x_cur, n_cur, t_z_score, t_p_value, t_is_significant from ({sql})"
    )
    return rows.fetchall()


def test_duckdb_has_no_normal_cdf_of_its_own():
    """Why the macro carries an approximation: no erf, erfc or normal CDF among DuckDB's functions."""
    names = {n for (n,) in duckdb.sql("select function_name from duckdb_functions()").fetchall()}
    assert not {"erf", "erfc", "normal_cdf", "norm_cdf", "pnorm", "phi"} & names


def test_z_and_p_value_agree_with_scipy(z_test_sql):
    rng = np.random.default_rng(20)
    cases = [(50, 100, 65, 100), (2, 4, 4, 4), (9, 10, 1, 10), (1, 1000, 30, 1000), (480, 1000, 520, 1000)]
    for _ in range(300):
        n_prev, n_cur = (int(v) for v in rng.integers(1, 5000, 2))
        p_prev = rng.uniform(0.01, 0.99)
        p_cur = float(np.clip(p_prev + rng.normal(0, 0.05), 0.001, 0.999))
        cases.append((int(rng.binomial(n_prev, p_prev)), n_prev, int(rng.binomial(n_cur, p_cur)), n_cur))
    checked = 0
    for x_prev, n_prev, x_cur, n_cur, z, p_value, significant in _run(z_test_sql, cases):
        pooled = (x_prev + x_cur) / (n_prev + n_cur)
        if pooled in (0.0, 1.0):
            assert (z, p_value) == (0.0, 1.0)
            continue
        table = [[x_prev, n_prev - x_prev], [x_cur, n_cur - x_cur]]
        chi2, p_ref, _, _ = stats.chi2_contingency(table, correction=False)
        z_ref = (x_cur / n_cur - x_prev / n_prev) / np.sqrt(pooled * (1 - pooled) * (1 / n_prev + 1 / n_cur))
        assert z_ref**2 == pytest.approx(chi2, rel=1e-9)
        assert z == pytest.approx(z_ref, abs=1e-6)
        assert p_value == pytest.approx(2 * stats.norm.sf(abs(z_ref)), abs=1e-6)
        # rounding to 6 decimals (at most 5e-7) plus the approximation's fractional error (below 1.2e-7)
        assert abs(p_value - p_ref) <= 5e-7 + 1.2e-7 * p_ref
        assert significant == (p_ref < 0.05) or abs(p_ref - 0.05) < 1e-6
        checked += 1
    assert checked > 250


def test_tiny_p_values_round_to_zero_and_are_significant(z_test_sql):
    """Far in the tail (z about 5.6 and 8) the p-value is tiny: rounded to 6 decimals it shows 0, and
    the significance flag, which uses the unrounded value, is set."""
    rows = _run(z_test_sql, [(100, 1000, 200, 1000), (100, 1000, 260, 1000)])
    for *_, z, p_value, significant in rows:
        assert p_value == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-6)
        assert significant is True


def test_no_test_without_trials(z_test_sql):
    rows = _run(z_test_sql, [(0, 0, 3, 10), (3, 10, 0, 0), (0, 10, 0, 10), (10, 10, 5, 5)])
    assert [(z, p, s) for *_, z, p, s in rows] == [
        (None, None, None),
        (None, None, None),
        (0.0, 1.0, False),
        (0.0, 1.0, False),
    ]

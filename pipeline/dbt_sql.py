"""The SQL of dbt models as dbt compiles it, for running a model outside a dbt build (the funnel
property test, the scale benchmark). Compiled against an in-memory DuckDB, so no warehouse is needed:
references come out as "memory"."<schema>"."<model>"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.config import PROJECT_ROOT

BEHAVIOUR = Path("models") / "intermediate" / "behaviour"


def compiled_models(
    models: tuple[str, ...], target: Path, folder: Path = BEHAVIOUR, dbt_vars: str | None = None
) -> dict[str, str]:
    """{model name: compiled SQL} of models that live in ``folder`` of the dbt project."""
    args = [str(Path(sys.executable).parent / "dbt"), "compile", "--profiles-dir", ".", "--select", *models]
    if dbt_vars:
        args += ["--vars", dbt_vars]
    args += ["--target-path", str(target), "--log-path", str(target / "logs"), "--quiet"]
    subprocess.run(
        args,
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "JOURNEY_BUILD_DB": ":memory:"},  # compiling opens no warehouse file
        check=True,
        capture_output=True,
    )
    compiled = target / "compiled" / "journey_warehouse" / folder
    return {name: (compiled / f"{name}.sql").read_text() for name in models}

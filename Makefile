# Journey KPI warehouse — the two commands are `make run` and `make test`.
# Both set up .venv from the lock file (uv.lock) themselves; only Python 3.11 and make are assumed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
UV := .uv-bootstrap/bin/uv
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export PYTHONPATH := $(CURDIR)
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run test lint unit dev docs sample manifest clean help bench-clv bench browser-deps test-browser old-duckdb run-spark test-spark java-deps

help:
	@echo "make run    build the warehouse from the landing directory (default: shipped sample exports)"
	@echo "make test   lint + all tests (unit, dbt, end-to-end Dagster materialisation)"
	@echo "make dev    start the Dagster UI (dagster dev) on the same definitions"
	@echo "make sample regenerate seeds/sample_exports with the deterministic generator"
	@echo "make run-spark  the same dbt models on local Apache Spark (docs/scale-out.md)"

$(UV):
	$(PYTHON) -m venv .uv-bootstrap
	.uv-bootstrap/bin/pip install --quiet uv==$(UV_VERSION)

# Installed packages are compiled to bytecode once, at install. uv leaves that to the first import,
# and where PYTHONDONTWRITEBYTECODE is set (many containers; the machines this is measured on) every
# process compiled great-expectations, Dagster and dbt from source again: a night with nothing new
# took 80 s instead of 62 (docs/benchmarks.md, "The fixed cost of a night")
UV_SYNC := $(UV) sync --frozen --python $(PYTHON) --compile-bytecode --quiet

# every dependency group but spark
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV_SYNC) --all-groups --no-group spark
	@touch $@

# Spark (`make test`, `make run-spark`) in an environment of its own, from the same lock file: the
# project plus the spark group (pyspark ~480 MB). Not in .venv: great-expectations imports pyspark
# whenever it is installed (slower raw-zone checks every night), and pyspark.sql.connect calls
# sys.exit(0) when imported from a process started with `python -c` (pytest-xdist's workers) where its
# optional gRPC packages are missing, which kills great-expectations' import there
SPARK_VENV := .venv-spark
$(SPARK_VENV)/.synced: uv.lock pyproject.toml | $(UV)
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/$(SPARK_VENV) $(UV_SYNC) --no-dev --group spark
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: .dagster/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp .dagster/dagster.yaml $@

# the dbt manifest Dagster loads its asset graph from (parsed once, not at every run)
manifest: dbt_project/target/manifest.json
dbt_project/target/manifest.json: $(VENV)/.synced $(shell find dbt_project/models dbt_project/macros dbt_project/tests seeds/atlas -type f) dbt_project/dbt_project.yml
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet
	@touch $@

# every day of the landing directory in one run; RUN_ARGS="--date 2026-08-30" for one night
# engine spark (JOURNEY_ENGINE=spark make run / make dev, docs/scale-out.md) needs Java and .venv-spark too
ENGINE_DEPS := $(if $(filter spark,$(JOURNEY_ENGINE)),java-deps $(SPARK_VENV)/.synced)

run: $(VENV)/.synced manifest $(DAGSTER_HOME)/dagster.yaml $(ENGINE_DEPS)
	$(BIN)/python -m pipeline.run $(RUN_ARGS)

dev: $(VENV)/.synced manifest $(DAGSTER_HOME)/dagster.yaml $(ENGINE_DEPS)
	$(BIN)/dagster dev -w workspace.yaml

lint: $(VENV)/.synced manifest
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks
	cd dbt_project && JOURNEY_BUILD_DB=:memory: ../$(BIN)/sqlfluff lint models --processes 2

# lint runs beside the tests (its output only if it fails); the tests on two xdist workers, a module
# at a time each, the longest modules first (tests/conftest.py LONGEST_FIRST), every warehouse
# scenario built once for both (tests/conftest.py `once`)
PYTEST_WORKERS ?= 2
test: browser-deps old-duckdb java-deps $(DAGSTER_HOME)/dagster.yaml $(VENV)/.synced $(SPARK_VENV)/.synced manifest
	@$(MAKE) --no-print-directory lint > .lint.log 2>&1 & lint=$$!; \
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder; tests=$$?; \
	if ! wait $$lint; then cat .lint.log; echo "make lint failed (above)"; exit 1; fi; exit $$tests

# the oldest DuckDB client docs/bi.md says opens the serving file, in its own venv (installed from
# PyPI here, at install time; tests/test_serving.py opens the serving file with it, offline)
OLD_DUCKDB := 1.4.0
OLD_VENV := .venv-duckdb-old
old-duckdb: $(OLD_VENV)/.duckdb-$(OLD_DUCKDB)
$(OLD_VENV)/.duckdb-$(OLD_DUCKDB):
	rm -rf $(OLD_VENV)
	$(PYTHON) -m venv $(OLD_VENV)
	$(OLD_VENV)/bin/pip install --quiet duckdb==$(OLD_DUCKDB)
	@touch $@

# Debian's chromium for the browser tests: installed with apt where that is possible (root, apt-get);
# elsewhere a warning, and the browser tests are reported as skipped with the reason
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) \
	      || echo "WARNING: could not install chromium; browser tests will be skipped (see make test-browser)"; \
	  else echo "WARNING: chromium not found and cannot be installed here; browser tests will be skipped"; fi; }

test-browser: browser-deps $(VENV)/.synced manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest -m browser

unit: $(VENV)/.synced manifest
	$(BIN)/pytest -m "not e2e"

docs: $(VENV)/.synced manifest
	cd dbt_project && ../$(BIN)/dbt docs generate --profiles-dir . --empty-catalog

sample: $(VENV)/.synced
	rm -rf seeds/sample_exports
	$(BIN)/python -m pipeline.sample --customers 2000 --days 90 --seed 7 --out seeds/sample_exports

# the product vs the bare-DuckDB floor and chDB (1M events, 3 runs; see docs/benchmarks.md)
bench: $(VENV)/.synced manifest
	$(BIN)/python -m benchmarks.scale --events 1000000 --repeats 3

# CLV: this project vs the lifetimes package at 1M customers, and the CDNOW holdout tracking
bench-clv: $(VENV)/.synced
	$(BIN)/python -m benchmarks.clv_vs_lifetimes --customers 1000000 --repeats 5
	$(BIN)/python -m benchmarks.cdnow_holdout

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs .pytest_cache $(OLD_VENV) $(SPARK_VENV)

# The same dbt models on local Apache Spark (docs/scale-out.md): the nightly run fills the raw zone (and
# builds the DuckDB warehouse, the parity reference), then dbt builds target spark; tables are Parquet
# under JOURNEY_WAREHOUSE_DIR/spark/<schema>/<table>/
run-spark: java-deps $(VENV)/.synced $(SPARK_VENV)/.synced manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipeline.run $(RUN_ARGS)
	$(SPARK_VENV)/bin/python -m pipeline.spark_run

# The Spark-vs-DuckDB parity test (tests/test_spark_parity.py) alone: all 24 contract tables (`make test`
# runs it with the rest; docs/scale-out.md "Speed of the Spark build" for what it costs).
test-spark: java-deps $(VENV)/.synced $(SPARK_VENV)/.synced manifest $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest -m spark tests/test_spark_parity.py

# A Java runtime for Spark (pyspark's wheel carries Spark's jars, not Java): Debian's
# openjdk-17-jre-headless with apt where that is possible, as browser-deps does for chromium
java-deps:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's openjdk-17-jre-headless for Spark"; \
	    (apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1)) \
	      || echo "WARNING: could not install Java; Spark (make run-spark, the parity test) cannot run"; \
	  else echo "WARNING: java not found and cannot be installed here; Spark cannot run"; fi; }

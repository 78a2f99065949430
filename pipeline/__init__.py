"""Journey KPI warehouse: nightly ingestion, dbt marts on DuckDB, customer value and journey priorities."""

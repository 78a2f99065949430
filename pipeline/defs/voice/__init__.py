"""Dagster definitions (thin wiring around the plain modules)."""

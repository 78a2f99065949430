"""Data-quality helpers (great-expectations)."""

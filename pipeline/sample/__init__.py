"""Deterministic generator of realistic web, CRM and feedback exports (with the truth it planted)."""

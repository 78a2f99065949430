"""Pure ingestion logic: read exports, validate rows, pseudonymise, quarantine, write the raw zone."""

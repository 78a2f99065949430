"""What each raw table accepts: landing folder and file pattern, canonical columns and their types.

Row rules (required, ranges, allowed values, uniqueness) are not here: they live in the table's
great-expectations suite, ``expectations/<table>.json``, and are applied row by row by
``pipeline.ingest.rules`` (translated into polars row rules) and checked again by GX itself (``pipeline.quality.gx``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# canonical column -> type: string | timestamp | float | int | bool | json
# pii: column -> how pipeline.ingest.pii protects it: a kind of pseudonym (email, phone, name, address:
# every value hashed), "id" (an identifier: a value that is an e-mail address or a phone number is
# hashed, a normal id stays) or "text" (free text, URLs, JSON: personal data inside is replaced)


@dataclass(frozen=True)
class TableSpec:
    table: str
    folder: str
    patterns: tuple[str, ...]
    columns: dict[str, str]
    key: str
    source_tz: str
    pii: dict[str, str] = field(default_factory=dict)
    # one export file per day, dated in its name: a run reads only the files of its partition window
    daily_files: bool = False
    # timestamps before JOURNEY_DATE_FLOOR (default 1990-01-01) are quarantined as implausible
    date_floor: bool = True


SPECS: dict[str, TableSpec] = {
    "web_events": TableSpec(
        table="web_events",
        folder="web",
        # generic clickstream CSV, and GA4 BigQuery export rows as newline-delimited JSON (pipeline.ingest.ga4)
        patterns=(
            "*.csv",
            "*.csv.gz",
            "*.jsonl",
            "*.jsonl.gz",
            "*.ndjson",
            "*.ndjson.gz",
            "*.json",
            "*.json.gz",
        ),
        columns={
            "event_id": "string",
            "event_at": "timestamp",
            "anonymous_id": "string",
            "customer_id": "string",
            "session_id": "string",
            "event_name": "string",
            "page_path": "string",
            "channel": "string",
            "device": "string",
            "dwell_seconds": "float",
            "properties": "json",
        },
        key="event_id",
        source_tz="UTC",
        pii={
            "anonymous_id": "id",
            "customer_id": "id",
            "session_id": "id",
            "page_path": "text",  # query strings and fragments: ?email=..., #phone=...
            "properties": "text",  # JSON values (GA4: page title, referrer URL, user properties)
        },
        daily_files=True,
    ),
    "crm_customers": TableSpec(
        table="crm_customers",
        folder="crm",
        patterns=("customers*.csv",),
        columns={
            "customer_id": "string",
            "email": "string",
            "first_name": "string",
            "last_name": "string",
            "phone": "string",
            "street": "string",
            "postal_code": "string",
            "city": "string",
            "country": "string",
            "segment": "string",
            "created_at": "timestamp",
            "referred_by": "string",
        },
        key="customer_id",
        source_tz="Europe/Berlin",
        date_floor=False,  # a customer record may be older than any web, order or survey data
        pii={
            "customer_id": "id",
            "email": "email",
            "first_name": "name",
            "last_name": "name",
            "phone": "phone",
            "street": "address",
            "referred_by": "id",
        },
    ),
    "crm_orders": TableSpec(
        table="crm_orders",
        folder="crm",
        patterns=("orders*.csv",),
        columns={
            "order_id": "string",
            "customer_id": "string",
            "ordered_at": "timestamp",
            "amount": "float",
            "currency": "string",
            "channel": "string",
        },
        key="order_id",
        source_tz="Europe/Berlin",
        pii={"customer_id": "id"},
    ),
    "crm_cases": TableSpec(
        table="crm_cases",
        folder="crm",
        patterns=("cases*.csv",),
        columns={
            "case_id": "string",
            "customer_id": "string",
            "opened_at": "timestamp",
            "closed_at": "timestamp",
            "channel": "string",
            "category": "string",
            "handle_minutes": "float",
            "escalated": "bool",
            "touchpoint": "string",
        },
        key="case_id",
        source_tz="Europe/Berlin",
        pii={"customer_id": "id", "category": "text"},
    ),
    "feedback": TableSpec(
        table="feedback",
        folder="feedback",
        patterns=("*.csv",),
        columns={
            "feedback_id": "string",
            "customer_id": "string",
            "submitted_at": "timestamp",
            "channel": "string",
            "touchpoint": "string",
            "journey": "string",
            "nps": "int",
            "csat": "int",
            "ces": "int",
            "text": "string",
            "language": "string",
            "source": "string",
        },
        key="feedback_id",
        source_tz="Europe/Berlin",
        pii={"customer_id": "id", "text": "text"},
    ),
}

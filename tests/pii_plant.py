"""Personal data planted into a landing directory where issue 17 found it getting through: web
identifiers that are e-mail addresses or phone numbers, personal URL parameters and fragments,
personal values in the properties JSON (CSV and GA4), a CRM case category with an address and a
phone number, an unrecognised CRM column (Rufnummer) and a free-text one (Notiz) in quarantined rows,
and feedback texts with the phone and address forms the old scrubber missed.

``plant(landing, day)`` writes the files (dated ``day``, a day of the landing directory's window) and
returns the needles: every planted value, as written, that must not appear anywhere under the
warehouse directory. ``IDENTITIES`` are the web identifiers whose pseudonyms must still stitch."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

WEB_EMAIL_CUSTOMER = "planted.kunde@example.com"  # a web customer_id that is an e-mail address
WEB_PHONE_DEVICE = "+49 151 99887766"  # an anonymous_id that is a phone number
WEB_BARE_PHONE_DEVICE = "01709988776"  # the same, no separators
IDENTITIES = {"email": WEB_EMAIL_CUSTOMER, "phone": WEB_PHONE_DEVICE}

WEB_HEADER = [
    "event_id",
    "event_at",
    "anonymous_id",
    "customer_id",
    "session_id",
    "event_name",
    "page_path",
    "channel",
    "device",
    "dwell_seconds",
    "properties",
]


def _web_rows(day: date) -> list[list[str]]:
    t = f"{day.isoformat()}T10:"
    props_register = json.dumps(
        {"utm_source": "mail", "email": "anna.plant@example.org", "note": "Tel.:+49 30 99887766"}
    )
    props_referrer = json.dumps(
        {"page_referrer": "https://shop.example/checkout?mail=lena.plant@example.net&name=Lena%20Plant"}
    )
    return [
        # a phone number as the device id, an e-mail address as the customer id (a login)
        ["pii1", t + "00:00Z", WEB_PHONE_DEVICE, "", "", "page_view", "/", "web", "desktop", "12", ""],
        [
            "pii2",
            t + "01:00Z",
            WEB_PHONE_DEVICE,
            WEB_EMAIL_CUSTOMER,
            "",
            "login",
            "/account/login",
            "web",
            "desktop",
            "",
            "",
        ],
        [
            "pii3",
            t + "02:00Z",
            WEB_PHONE_DEVICE,
            WEB_EMAIL_CUSTOMER,
            "",
            "page_view",
            "/account/register?email=jürgen.größe@müller-beispiel.de&step=2",
            "web",
            "desktop",
            "30",
            props_register,
        ],
        [
            "pii4",
            t + "03:00Z",
            WEB_BARE_PHONE_DEVICE,
            "",
            "",
            "page_view",
            "/kontakt#phone=%2B4930998877",
            "app",
            "mobile",
            "8",
            props_referrer,
        ],
        [
            "pii5",
            t + "04:00Z",
            WEB_BARE_PHONE_DEVICE,
            "",
            "",
            "page_view",
            "/search?q=max.plant%40example.com",
            "app",
            "mobile",
            "9",
            "",
        ],
        # quarantined (event name breaks the suite's pattern): its raw text is kept, scrubbed
        [
            "pii6",
            t + "05:00Z",
            "sam.plant@example.com",
            "",
            "",
            "page view!",
            "/newsletter?name=Sam%20Plant&tel=0301122334",
            "web",
            "desktop",
            "1",
            "",
        ],
    ]


def _ga4_lines(day: date) -> list[str]:
    micros = int((day - date(1970, 1, 1)).total_seconds() * 1_000_000) + 11 * 3_600_000_000

    def params(**kv):
        return [{"key": k, "value": {"string_value": str(v)}} for k, v in kv.items()]

    events = [
        {
            "event_timestamp": str(micros),
            "event_name": "page_view",
            "event_bundle_sequence_id": "1",
            "user_pseudo_id": "ga4.plant@example.de",
            "user_id": "+43 664 9988776",
            "platform": "WEB",
            "event_params": params(
                ga_session_id="1698765432",
                page_location="https://shop.example/account/register?email=ga4.form@example.de#tel=0664-9988776",
                page_title="Registrierung für ga4.title@example.de",
                page_referrer="https://mail.example/inbox?email=ga4.ref@example.de",
                engagement_time_msec="1200",
            ),
            "user_properties": params(email="ga4.prop@example.de", tier="gold"),
            "device": {"category": "desktop"},
        }
    ]
    return [json.dumps(e, ensure_ascii=False) for e in events]


CASE_HEADER = [
    "case_id",
    "customer_id",
    "opened_at",
    "closed_at",
    "channel",
    "category",
    "handle_minutes",
    "escalated",
    "touchpoint",
    "Rufnummer",
    "Notiz",
]


def _case_rows(day: date, customer: str) -> list[list[str]]:
    d = day.isoformat()
    return [
        [
            "KPII1",
            customer,
            f"{d} 09:00:00",
            f"{d} 09:20:00",
            "phone",
            "Rückruf an mail@plant-kunde.de oder 030–99887766",
            "20",
            "false",
            "contact_support",
            "0221 9988776",
            "Mobil/0151 99887711 bitte",
        ],
        # quarantined (handle_minutes is not a number): Rufnummer and Notiz are in its raw text
        [
            "KPII2",
            customer,
            f"{d} 10:00:00",
            f"{d} 10:20:00",
            "phone",
            "Beschwerde",
            "lots",
            "false",
            "contact_support",
            "0221 9988775",
            "Tel.:+49 30 99887722, Fax (555) 123-9876",
        ],
    ]


FEEDBACK_HEADER = [
    "feedback_id",
    "customer_id",
    "submitted_at",
    "channel",
    "touchpoint",
    "journey",
    "nps",
    "csat",
    "ces",
    "text",
    "language",
    "source",
]
FEEDBACK_TEXTS = [
    "Die Lieferung war schlecht, ruft mich an: Tel.:+49 30 11223344",
    "Terrible checkout, call (555) 123-4567 or write jürgen.größe@müller-beispiel.de",
    "Zahlung umständlich. Telefon:0309988770, Mobil/0151 11223344",
    "Rückerstattung dauert ewig, schreibt an max [at] plant-beispiel [dot] de oder 0 30 1234 9876",
    "Retoure schlecht gelöst, 030–7766554 (en dash) oder tel:+4930776655",
]


def plant(landing: Path, day: date) -> list[str]:
    """Write the planted files into ``landing`` (dated ``day``); return the needles."""
    web = landing / "web"
    with (web / f"clickstream_{day.isoformat()}_pii.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(WEB_HEADER)
        writer.writerows(_web_rows(day))
    (web / f"ga4_events_{day.isoformat()}_pii.jsonl").write_text("\n".join(_ga4_lines(day)) + "\n")
    customers = (landing / "crm" / "customers.csv").read_text(encoding="utf-8").splitlines()
    customer = customers[1].split(",")[0]
    with (landing / "crm" / "cases_pii.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CASE_HEADER)
        writer.writerows(_case_rows(day, customer))
    with (landing / "feedback" / "survey_pii.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(FEEDBACK_HEADER)
        for i, text in enumerate(FEEDBACK_TEXTS, start=1):
            writer.writerow(
                [
                    f"FPII{i}",
                    customer,
                    f"{day.isoformat()} 12:0{i}:00",
                    "web",
                    "",
                    "",
                    "",
                    "1",
                    "",
                    text,
                    "",
                    "survey",
                ]
            )
    return [
        WEB_EMAIL_CUSTOMER,
        WEB_PHONE_DEVICE,
        WEB_BARE_PHONE_DEVICE,
        "jürgen.größe@müller-beispiel.de",
        "anna.plant@example.org",
        "+49 30 99887766",
        "lena.plant@example.net",
        "Lena%20Plant",
        "%2B4930998877",
        "max.plant%40example.com",
        "sam.plant@example.com",
        "Sam%20Plant",
        "0301122334",
        "ga4.plant@example.de",
        "+43 664 9988776",
        "ga4.form@example.de",
        "0664-9988776",
        "ga4.title@example.de",
        "ga4.ref@example.de",
        "ga4.prop@example.de",
        "mail@plant-kunde.de",
        "030–99887766",
        "0221 9988776",
        "0221 9988775",
        "0151 99887711",
        "+49 30 99887722",
        "(555) 123-9876",
        "+49 30 11223344",
        "(555) 123-4567",
        "0309988770",
        "0151 11223344",
        "max [at] plant-beispiel [dot] de",
        "0 30 1234 9876",
        "030–7766554",
        "+4930776655",
    ]

"""What the generator plants, so tests can compare the warehouse against it: the step probabilities of
every funnel, the e-mail campaign with a known conversion, and the optional planted problems
(``PLANTS``, ``python -m pipeline.sample --plant NAME``)."""

from __future__ import annotations

from dataclasses import dataclass, field

DAY = 86_400.0
WEEK = 7 * DAY

# P(step k+1 | step k) for every funnel of seeds/atlas/atlas_funnel_steps.csv.
PLANTED_FUNNELS: dict[str, list[float]] = {
    "online_checkout": [0.55, 0.70, 0.85],
    "support_resolution": [0.60, 0.40, 0.80],
    "registration": [0.30, 0.60],
    "offer_redemption": [0.35, 0.55, 0.30],
}
FUNNEL_WINDOWS = {  # seconds, as in atlas_funnels.csv
    "online_checkout": 2 * DAY,
    "support_resolution": 14 * DAY,
    "registration": 1 * DAY,
    "offer_redemption": 7 * DAY,
}
FUNNEL_IDS = list(PLANTED_FUNNELS)

# A campaign whose checkout conversion is known: web checkout attempts that land from it (share) reach
# the address step from the cart with P = cart_to_address instead of the funnel's first probability.
PLANTED_CAMPAIGN = {
    "utm_source": "newsletter",
    "utm_medium": "email",
    "utm_campaign": "autumn_sale_2026",
    "share": 0.15,
    "cart_to_address": 0.85,
}


@dataclass(frozen=True)
class Plant:
    """A planted problem: step probabilities and feedback tone that replace the defaults, or planted calls."""

    description: str
    funnel_steps: dict[str, list[float]] = field(default_factory=dict)
    good_prob: dict[str, float] = field(default_factory=dict)  # touchpoint -> P(good experience)
    # checkout payers who stop at the payment step call: P(call), then the categories' probabilities
    payment_calls: tuple[float, dict[str, float]] | None = None


PLANTS: dict[str, Plant] = {
    "broken_payment": Plant(
        "The payment step loses most payers: P(confirmation | payment) 0.85 -> 0.25, and paying customers "
        "rate the payment step worse (P(good) 0.25 -> 0.10).",
        funnel_steps={"online_checkout": [0.55, 0.70, 0.25]},
        good_prob={"checkout_payment": 0.10},
    ),
    "broken_help_article": Plant(
        "The help articles are broken: readers give up instead of reaching customer service, "
        "P(contact | article) 0.40 -> 0.10 (their problem stays unsolved).",
        funnel_steps={"support_resolution": [0.60, 0.10, 0.80]},
    ),
    "payment_calls": Plant(
        "Customers who stop at the checkout's payment step call customer service: 60 % of them open a "
        "phone case 10-60 minutes later, recorded without touchpoint, 70 % with category 'payment' and "
        "30 % 'account' (the contact-reason mix after the online checkout; _truth/planted_contacts.csv).",
        payment_calls=(0.60, {"payment": 0.70, "account": 0.30}),
    ),
}

"""Phrase bank for generated feedback texts, German and English, per aspect and polarity.

The generator combines these into survey answers whose tone agrees with the scores it draws.
They are deliberately *not* used to tune the sentiment lexicon (see docs/sentiment.md).
"""

PHRASES: dict[str, dict[str, dict[str, list[str]]]] = {
    "en": {
        "checkout": {
            "pos": ["Checkout was quick and simple", "Ordering took two minutes, very smooth"],
            "neg": ["The checkout kept losing my cart", "Ordering was confusing and slow"],
        },
        "payment": {
            "pos": ["Paying with PayPal worked perfectly", "Payment was easy"],
            "neg": ["My card payment failed three times", "The payment page crashed, really annoying"],
        },
        "delivery": {
            "pos": ["The parcel arrived a day early", "Delivery was fast and the tracking was accurate"],
            "neg": ["Delivery was late and nobody told me", "The tracking page never updated, terrible"],
        },
        "support_wait": {
            "pos": ["I got through to an agent immediately", "No waiting at all on the hotline"],
            "neg": ["I waited forty minutes on hold", "Nobody answered the hotline, awful experience"],
        },
        "staff": {
            "pos": ["The staff were friendly and helpful", "The agent was competent and kind"],
            "neg": ["The agent was rude and unhelpful", "Staff did not know the products at all"],
        },
        "product": {
            "pos": ["The product quality is excellent", "Great product, works as described"],
            "neg": ["The product broke after a week", "Poor quality, not as described"],
        },
        "price": {
            "pos": ["Fair prices and a good deal", "Great value for money"],
            "neg": ["Far too expensive compared to others", "The prices are a rip-off"],
        },
        "offer": {
            "pos": ["The newsletter offer was a nice surprise", "Love the discount codes"],
            "neg": ["The coupon code did not work", "The offer was misleading"],
        },
        "returns": {
            "pos": ["The return was easy and the refund came quickly", "Problem solved quickly, thanks"],
            "neg": ["Still waiting for my refund", "The problem is still not solved"],
        },
    },
    "de": {
        "checkout": {
            "pos": ["Die Bestellung ging schnell und einfach", "Der Bestellvorgang war super unkompliziert"],
            "neg": ["Der Warenkorb wurde ständig geleert", "Die Bestellung war umständlich und langsam"],
        },
        "payment": {
            "pos": ["Die Zahlung mit PayPal hat problemlos geklappt", "Bezahlen war einfach"],
            "neg": [
                "Die Kartenzahlung ist dreimal fehlgeschlagen",
                "Die Zahlungsseite ist abgestürzt, sehr ärgerlich",
            ],
        },
        "delivery": {
            "pos": ["Das Paket kam einen Tag früher an", "Die Lieferung war schnell und pünktlich"],
            "neg": [
                "Die Lieferung kam viel zu spät",
                "Die Sendungsverfolgung hat nie funktioniert, furchtbar",
            ],
        },
        "support_wait": {
            "pos": ["Ich wurde sofort verbunden", "Keine Wartezeit an der Hotline"],
            "neg": [
                "Ich hing vierzig Minuten in der Warteschleife",
                "An der Hotline ging niemand ran, eine Katastrophe",
            ],
        },
        "staff": {
            "pos": ["Die Mitarbeiter waren freundlich und hilfsbereit", "Der Berater war kompetent und nett"],
            "neg": ["Der Mitarbeiter war unfreundlich und keine Hilfe", "Das Personal hatte keine Ahnung"],
        },
        "product": {
            "pos": ["Die Qualität ist hervorragend", "Tolles Produkt, genau wie beschrieben"],
            "neg": ["Das Gerät war nach einer Woche kaputt", "Schlechte Qualität, nicht wie beschrieben"],
        },
        "price": {
            "pos": ["Faire Preise und ein gutes Angebot", "Preis und Leistung stimmen"],
            "neg": ["Viel zu teuer im Vergleich", "Die Preise sind eine Frechheit"],
        },
        "offer": {
            "pos": ["Das Angebot im Newsletter war eine schöne Überraschung", "Die Rabattcodes sind toll"],
            "neg": ["Der Gutscheincode hat nicht funktioniert", "Das Angebot war irreführend"],
        },
        "returns": {
            "pos": ["Die Rücksendung war einfach und das Geld kam schnell", "Problem schnell gelöst, danke"],
            "neg": ["Ich warte immer noch auf meine Erstattung", "Das Problem ist immer noch nicht gelöst"],
        },
    },
}

CONTRAST = {"en": "but", "de": "aber"}

# Aspects a customer talks about after each touchpoint, and the planted probability that the
# experience at that touchpoint was good. The end-to-end test checks that this ordering comes back.
TOUCHPOINT_ASPECTS: dict[str, tuple[list[str], float]] = {
    "checkout_payment": (["payment", "checkout"], 0.25),
    "delivery_tracking": (["delivery"], 0.45),
    "contact_support": (["support_wait", "staff"], 0.35),
    "issue_resolved": (["returns", "staff"], 0.75),
    "order_confirmation": (["checkout", "product", "price"], 0.80),
    "store_consultation": (["staff", "product"], 0.85),
    "offer_page": (["offer", "price"], 0.60),
    "product_page": (["product", "price"], 0.70),
}

FIRST_NAMES = [
    "Anna",
    "Lukas",
    "Mia",
    "Leon",
    "Emma",
    "Felix",
    "Sophie",
    "Jonas",
    "Hannah",
    "Paul",
    "Lena",
    "Max",
    "Laura",
    "Tim",
    "Julia",
    "Jan",
    "Sarah",
    "Tobias",
    "Olivia",
    "James",
    "Grace",
    "Oliver",
    "Chloe",
    "Jürgen",
    "Björn",
    "Zoë",
    "Müge",
    "Renée",
    "Ömer",
    "Søren",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "O'Neill",
    "Groß",
    "Weiß",
    "Öztürk",
]
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Gartenweg",
    "Schillerstraße",
    "Goethestraße",
    "Lindenallee",
    "Am Markt",
]
CITIES = [
    ("10115", "Berlin", "DE"),
    ("80331", "München", "DE"),
    ("50667", "Köln", "DE"),
    ("20095", "Hamburg", "DE"),
    ("60311", "Frankfurt am Main", "DE"),
    ("1010", "Wien", "AT"),
    ("8001", "Zürich", "CH"),
]

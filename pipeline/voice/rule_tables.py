"""The tables of the named rules (data): per language, the rules of each family as regular expressions
with their values on VADER's -4..+4 scale and their pre-check words, and the sarcasm, repetition,
question and middling-verdict patterns. What the families mean and how they are applied:
pipeline/voice/rules.py."""

from __future__ import annotations

import re
from typing import NamedTuple

WEEKDAYS_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
WEEKDAYS_DE = r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
ORDINAL_EN = r"(?:second|third|fourth|fifth|sixth|umpteenth|nth|\d+(?:st|nd|rd|th))"
ORDINAL_DE = r"(?:zweite[nmrs]?|dritte[nmrs]?|vierte[nmrs]?|fünfte[nmrs]?|sechste[nmrs]?|x-te[nmrs]?|zigste[nmrs]?|\d+\.)"
_NEG_EN = r"(?:\b(?:never|not|no longer|nobody|no one)\b|n't)"


class Rule(NamedTuple):
    name: str
    family: str
    pattern: re.Pattern[str]
    value: float
    keys: tuple[str, ...]  # lower-case substrings one of which every match contains (a cheap pre-check)


# Pre-check words per rule (throughput: most items match no rule, and a substring test is far cheaper
# than a regex scan). Every match of a rule's pattern contains one of its keys; tests check this on the
# evaluation and test sentences.
KEYS = {
    "en": {
        "left_outside": ("left", "dumped", "thrown", "dropped", "placed", "rain"),
        "promise_overdue": ("promised", "told", "assured"),
        "nth_contact": ("time",),
        "many_people": ("people", "agents", "persons", "departments"),
        "wrong_item": ("ordered",),
        "wrong_thing": ("wrong",),
        "nobody_rang": ("rang", "ring", "rung", "knock"),
        "cut_off": ("on me", "on us", "cut me off", "disconnected"),
        "nothing_happened": ("nothing",),
        "could_not_complete": ("couldn't", "could not", "can't", "cannot", "unable to"),
        "marked_delivered": ("delivered",),
        "took_weeks": ("took", "taking", "takes"),
        "without_asking": ("without",),
        "before_i_even": ("before", "even noticed"),
        "next_day": ("after", "next"),
        "money_back": ("back",),
        "carried_up": ("carried", "brought", "took", "lugged", "hauled"),
        "went_extra_mile": ("out of", "extra mile"),
        "no_trouble": (
            "problem",
            "issue",
            "complaint",
            "delay",
            "mess",
            "fuss",
            "hassle",
            "trouble",
            "surprise",
            "glitch",
            "waiting",
            "queue",
            "grief",
            "bother",
            "headache",
            "drama",
            "aggro",
        ),
        "could_not_fault": ("fault",),
        "old_was_better": ("old", "previous", "former", "last"),
        "used_to_now": ("used to",),
        "better_than_elsewhere": ("than",),
        "competitor": ("competitor",),
        # round five (voice round two): categories, not sentences
        "still_gap": ("still",),
        "time_later": ("days", "weeks", "months"),
        "whole_duration": ("whole", "only"),
        "never_came": ("never", "not", "nowhere", "no sign"),
        "yet_to": ("yet to",),
        "broken_promise": (
            "promised",
            "told",
            "said",
            "assured",
            "guaranteed",
            "confirmed",
            "supposed",
            "meant to",
            "should have",
        ),
        "was_supposed": ("supposed", "meant to", "due to", "should have"),
        "wrong_item_any": (
            "ordered",
            "chose",
            "picked",
            "selected",
            "paid for",
            "asked for",
            "bought",
            "instead of",
        ),
        "many_steps": ("screens", "clicks", "steps", "pages", "forms", "tries", "logins"),
        "charged_again": ("charged", "paid", "debited", "taken", "billed"),
        "gave_up": ("gave up", "give up", "giving up", "cancel", "elsewhere", "abandon", "leave my"),
        "in_pieces": ("pieces", "bits", "shards"),
        "went_down": ("down", "offline", "dead"),
        "complaint_question": ("why", "how come"),
        "how_often": ("how", "when"),
        "rhetorical": ("too much to ask", "anyone", "point of", "seriously", "kidding", "joke"),
        "used_to_be_better": ("used to", "anymore", "any more", "as before", "before", "last time", "it was"),
        "even_did": ("even",),
        "other_branches": ("other", "walked", "showed me"),
        "came_without": ("without",),
        "after_first_use": ("after the first", "after one", "after a single"),
        "could_not_find": ("couldn't", "could not", "couldnt", "can't", "cannot", "cant"),
        "partial_only": ("only",),
        "own_mistake": ("mistake", "my fault", "my own fault", "accidentally", "by accident", "the wrong"),
        "let_me_keep": ("keep",),
        "quick_later": ("later",),
        "other_shop_at_least": ("at least",),
        "nothing_wrong": ("nothing",),
        "open_request": ("please", "want", "like"),
        "open_unresolved": ("still", "not", "n't", "nt ", "yet"),
        "long_duration": ("weeks", "months"),
        "extra_time": ("extra", "additional"),
        "went_silent": ("quiet", "silent", "ghost", "stop"),
        "upside_down": ("upside down", "back to front", "inside out", "wrong way"),
        "took_away": ("away", "disposed", "recycled"),
    },
    "de": {
        "left_outside": ("regen", "tür"),  # "vor der Tür" with a verb of dumping
        "promise_overdue": ("zugesagt", "versprochen", "angekündigt", "zugesichert"),
        "nth_contact": ("mal",),
        "wrong_item": ("statt", "anstelle"),
        "far_away": ("weiter", "entfernt"),
        "no_show": ("nicht",),
        "cut_off": (
            "mitten im",
            "aufgelegt",
            "auflegt",
            "legte",
            "beendet",
            "unterbrochen",
            "abgebrochen",
            "getrennt",
        ),
        "nothing_happened": ("nichts",),
        "could_not_complete": ("ließ", "lässt", "lassen", "nicht", "kaum"),
        "passed_on": ("nächsten", "anderen"),
        "pay_myself": ("selbst", "auch noch"),
        "then_and_now": ("früher",),
        "unasked_goodwill": ("unaufgefordert", "von sich aus", "von selbst", "nachfrage", "rückfrage"),
        "right_away": ("gleich", "direkt", "sofort"),
        "carried_up": ("getragen",),
        "went_extra_mile": ("extra",),
        "nothing_wrong": ("nichts",),
        "nothing_to_fault": ("nichts",),
        "no_trouble": (
            "problem",
            "ärger",
            "stress",
            "verspätung",
            "beschwerde",
            "dreck",
            "schmutz",
            "überraschung",
            "diskussion",
            "theater",
            "rückfragen",
            "wartezeit",
            "papierkram",
            "aufwand",
        ),
        "old_was_better": ("alte", "bisherige", "frühere", "vorherige"),
        "better_than_elsewhere": ("als",),
        "competitor": ("konkurrenz", "anderen"),
        # round five (voice round two)
        "so_far_not": ("bisher", "bislang", "bis jetzt", "noch nicht", "noch kein", "noch nichts"),
        "since_when": ("seit",),  # and one of the waiting words
        "nobody_came": ("keiner", "niemand", "nichts", "nie"),
        "broken_promise": (
            "hieß",
            "versprochen",
            "zugesagt",
            "angekündigt",
            "zugesichert",
            "sollte",
            "angeblich",
            "laut",
        ),
        "was_supposed": ("sollte", "hätte", "eigentlich"),
        "marked_delivered": ("zugestellt", "geliefert", "abgeholt"),
        "wrong_item_any": ("bestellt", "falsch", "andere", "statt"),
        "whole_duration": ("ganze", "nur"),
        "repeated": (
            "wiederholten",
            "wieder",
            "einmal mehr",
            "jedes mal",
            "jedesmal",
            "mal",
            "mehrfach",
            "erneut",
        ),
        "gave_up": ("woanders", "storn", "abgebrochen", "gebe"),
        "complaint_question": ("warum", "wieso", "weshalb", "weswegen"),
        "how_often": ("wie", "wann", "endlich"),
        "rhetorical": ("ernst", "witz", "zu viel verlangt", "jemand"),
        "used_to_be_better": ("früher", "mal", "mehr so", "nachgelassen", "verschlechtert"),
        "even_did": ("sogar",),
        "other_branches": ("andere", "anderen"),  # "anderen" also for "aus einer anderen Filiale"
        "came_without": ("ohne", "statt"),
        "after_first_use": ("nach dem ersten", "nach der ersten", "nach einem", "nach einer"),
        "could_not_find": ("nicht", "auffindbar"),
        "partial_only": ("nur",),
        "own_mistake": (
            "versehen",
            "mein fehler",
            "meine schuld",
            "selbst schuld",
            "falsche",
            "vertippt",
            "verklickt",
            "verschrieben",
        ),
        "let_me_keep": ("behalten",),
        "quick_later": ("später",),
        "before_even": ("bevor",),
        "without_having_to": ("ohne dass", "nicht mal", "nicht einmal", "gar nicht"),
        "ready_waiting": ("bereit", "fertig"),
        "runaround": ("hieß es",),
        "other_shop_at_least": ("wenigstens", "zumindest", "immerhin"),
        "open_request": ("bitte",),
        "open_unresolved": (
            "nicht",
            "nichts",
            "nie",
            "immer noch",
            "noch immer",
            "bis heute",
            "nach wie vor",
        ),
        "long_duration": ("wochen", "monate"),
        "extra_time": ("extra", "zusätzlich"),
        "went_silent": ("nicht", "nie", "kein"),
        "upside_down": ("verkehrt", "falsch herum", "spiegelverkehrt"),
        "took_away": ("mitgenommen", "entsorgt"),
    },
}


def _rules(family: str, *triples: tuple[str, str, float], language: str) -> list[Rule]:
    return [
        Rule(name, family, re.compile(pattern, re.IGNORECASE), value, KEYS[language][name])
        for name, pattern, value in triples
    ]


RULES_EN = [
    *_rules(
        "event",
        (
            "left_outside",
            r"\b(?:left|dumped|thrown|dropped|placed)\s+(?:\w+\s+){0,3}?(?:in the rain|outside|on the (?:door)?step"
            r"|at the (?:front |back )?door|by the bins|in the (?:front )?garden|on the (?:street|pavement)|on the (?:front |back )?steps?"
            r"|on the porch)\b|\bin the (?:pouring |heavy |driving )?rain\b",
            -1.5,
        ),
        (
            "promise_overdue",
            r"\b(?:promised|told|assured)\b.{0,60}?\b"
            + WEEKDAYS_EN
            + r"\b.{0,40}?\b(?:it is|it's|today is|now)\s+(?:now\s+)?"
            + WEEKDAYS_EN,
            -2.5,
        ),
        ("nth_contact", r"\b(?:for the |the )?" + ORDINAL_EN + r"\s+time\b", -1.2),
        (
            "many_people",
            r"\b(?:to|with)\s+(?:three|four|five|six|seven|several|\d+)\s+(?:different\s+)?(?:people|agents|persons|departments)\b",
            -1.5,
        ),
        (
            "wrong_item",
            r"\bordered\b.{1,40}?\b(?:and|but)\s+(?:received|got|was sent|they sent)\b"
            r"|\bordered\b[^.!?,]{1,40},\s*(?:(?:I|we)\s+)?(?:received|got|was sent|were sent)\s+(?:a|an|one|two|some)\b",
            -1.5,
        ),
        (
            "wrong_thing",
            r"\bwrong\s+(?:\w+\s+)?(?:item|size|colou?r|address|parcel|order|product|model)\b",
            -1.5,
        ),
        ("nobody_rang", _NEG_EN + r"(?:\W+\w+){0,2}?\W+(?:rang|ring|rung|knocked|knock)\b", -1.8),
        (
            "cut_off",
            r"\b(?:closed|hung up|shut)\s+on\s+(?:me|us)\b|\bcut me off\b|\bgot disconnected\b",
            -1.5,
        ),
        ("nothing_happened", r"\bnothing\s+(?:has\s+)?(?:arrived|happened|came|changed)\b", -1.8),
        (
            "could_not_complete",
            r"\b(?:couldn't|could not|can't|cannot|unable to)\s+(?:\w+\s+)?(?:complete|finish|place|submit|log in"
            r"|pay|check out|open|download)\b",
            -2.0,
        ),
        (
            "marked_delivered",
            r"\b(?:says|said|shows|showed|marked|listed)\s+(?:(?:it|them|the parcel|my parcel|my order|the order)\s+)?(?:as\s+)?delivered\b",
            -1.5,
        ),
        (
            "took_weeks",
            r"\b(?:took|taking|takes)\s+(?:over\s+|more than\s+)?(?:a|two|three|four|five|six|several)\s+(?:weeks?|months?)\b",
            -1.3,
        ),
        ("without_asking", r"\bwithout\s+(?:me|us)\s+(?:even\s+)?(?:asking|having to ask)\b", 2.0),
        (
            "before_i_even",
            r"\bbefore\s+(?:I|we)(?:'d|\s+had)?\s+(?:even\s+)?(?:returned|asked|called|sent|complained|posted|dropped|noticed|left|got home|had a chance|got round)\b"
            r"|\b(?:I|we)\s+(?:had|hadn't|had not)\s+(?:not\s+)?even\s+noticed\b",
            2.5,
        ),
        ("next_day", r"\bthe\s+(?:day|morning)\s+after\b|\bthe\s+next\s+(?:day|morning)\b", 1.5),
        ("money_back", r"\b(?:money|refund|amount)\b.{0,20}?\bback\s+(?:on|in)\b", 1.3),
        (
            "carried_up",
            r"\bcarried\b.{0,40}?\b(?:up|upstairs|stairs|inside)\b|\b(?:brought|took|lugged|hauled)\s+(?:it|them|everything"
            r"|the \w+)\s+(?:all the way\s+)?(?:up|upstairs|inside)\s+(?:to|the|into|stairs)\b",
            1.5,
        ),
        ("went_extra_mile", r"\bout of (?:his|her|their|the) way\b|\bextra mile\b", 2.0),
        language="en",
    ),
    *_rules(
        "negated_negative",
        (
            "no_trouble",
            r"\b(?:no|never|not|without)\b(?:\W+(?:a|an|one|single|any|had|have|has|ever|was|were|there|the|of|nasty"
            r"|hidden|real|big|major|serious|little|slightest|kind|sort|once|experienced|encountered|faced|got|been|other"
            r"|unexpected|extra|further|more|a bit of|any kind of))*\W+(?:problems?|issues?|complaints?|delays?|mess|fuss|hassle|trouble|surprises?|glitch(?:es)?|waiting|queues?|grief|bother|headaches?|drama|aggro)\b"
            r"|\bnot (?:a|one) single\b[^.!?]{0,40}?\b(?:grief|problems?|issues?|trouble|complaints?|bother|hassle)\b",
            2.5,
        ),
        ("could_not_fault", r"\b(?:couldn't|could not|can't|cannot)\s+fault\b", 2.5),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "old_was_better",
            r"\b(?:old|previous|former|last)\s+\w+\s+(?:was|were)\s+(?:much\s+|far\s+|way\s+|a lot\s+)?(?:better|easier"
            r"|faster|clearer|simpler|nicer|cheaper|quicker)\b",
            -4.0,
        ),
        ("used_to_now", r"\bused to\b.{1,60}?\bnow\b", -1.5),
        (
            "better_than_elsewhere",
            r"\b(?:faster|quicker|cheaper|better|friendlier|easier|simpler|nicer)\s+than\s+(?!(?:promised|expected"
            r"|announced|agreed|planned|stated|this|the new|now)\b)(?:the|my|any|other|in|at|most)\b",
            1.5,
        ),
        ("competitor", r"\byour\s+competitors?\b", -1.5),
        language="en",
    ),
]

RULES_DE = [
    *_rules(
        "event",
        (
            "left_outside",
            r"\b(?:im|bei\s+\w+)\s+regen\b|\b(?:abgestellt|abgelegt|hingestellt|hingeworfen)\b.{0,30}?\bvor\s+(?:der|die)\s+"
            r"(?:haus)?tür\b|\bvor\s+(?:der|die)\s+(?:haus)?tür\s+(?:gestellt|abgestellt|gelegt|geworfen)\b",
            -1.5,
        ),
        (
            "promise_overdue",
            r"\b(?:zugesagt|versprochen|angekündigt|zugesichert)\b.{0,40}?\b(?:heute|inzwischen|jetzt|mittlerweile)\s+ist\s+"
            + WEEKDAYS_DE,
            -2.5,
        ),
        ("nth_contact", r"\bzum\s+" + ORDINAL_DE + r"\s+mal\b", -1.5),
        (
            "wrong_item",
            r"\b(?:statt|anstatt|anstelle)\b.{0,40}?\b(?:kam|kamen|bekam|erhielt|geliefert|geschickt|bekommen)\b",
            -1.5,
        ),
        ("far_away", r"\b(?:straßen?|häuser|kilometer|km)\s+(?:weiter|entfernt)\b", -1.3),
        (
            "no_show",
            r"\bnicht\s+(?:\w+\s+)?(?:geklingelt|geläutet|erschienen|aufgetaucht|zurückgerufen|angerufen)\b",
            -1.8,
        ),
        (
            "cut_off",
            r"\bmitten im\b|\baufgelegt\b|\bauflegt\b|\blegte\s+(?:\w+\s+)?auf\b|\b(?:gespräch|chat|verbindung|anruf)\w*\s+(?:\w+\s+){0,4}?(?:beendet|unterbrochen"
            r"|abgebrochen|getrennt)\b",
            -1.5,
        ),
        (
            "nothing_happened",
            r"\bnichts\s+(?:\w+\s+)?(?:angekommen|passiert|gekommen|eingegangen|geschehen|getan)\b",
            -1.8,
        ),
        (
            "could_not_complete",
            r"\b(?:ließ|lässt|lassen)\w*\s+sich\s+(?:\w+\s+){0,2}?nicht\b|\b(?:nicht|kaum)\s+(?:\w+\s+)?(?:abschließen|abschicken|bezahlen"
            r"|einloggen|anmelden|öffnen|herunterladen)\b",
            -2.0,
        ),
        ("passed_on", r"\bvon\s+(?:einer|einem)\s+\w+\s+zu(?:r|m)\s+(?:nächsten|anderen)\b", -1.5),
        ("pay_myself", r"\bselbst\s+(?:be)?zahlen\b|\bauch noch\b", -1.0),
        ("then_and_now", r"\bfrüher\b.{1,60}?\b(?:inzwischen|mittlerweile|jetzt|heute)\b", -1.5),
        (
            "unasked_goodwill",
            r"\b(?:unaufgefordert|von sich aus|von selbst|ohne\s+(?:meine\s+|jede\s+|weitere\s+)?(?:nachfrage|rückfrage))\b.{0,40}?\b(?:erstattet"
            r"|gutgeschrieben|ersetzt|geschickt|nachgeschickt|nachgeliefert|getauscht|umgetauscht|zurück\w*|angeboten|angerufen|organisiert|gekümmert|gutschein\w*"
            r"|rabatt\w*|entschädigung\w*)\b"
            r"|\b(?:erstattet|gutgeschrieben|ersetzt)\s+(?:\w+\s+)?ohne\s+(?:nachfrage|rückfrage)\b",
            3.5,
        ),
        (
            "right_away",
            r"\b(?:gleich|direkt|sofort)\s+(?:mitgenommen|entsorgt|aufgebaut|montiert|angeschlossen|erledigt|ersetzt|getauscht)\b",
            1.5,
        ),
        ("carried_up", r"\b(?:hoch|rein|herein|hinauf)?getragen\b", 1.5),
        (
            "went_extra_mile",
            r"\bextra\b(?:\W+\w+){0,4}?\W+(?:nachgesehen|nachgeschaut|geschaut|besorgt|bestellt|angerufen|aufgemacht)\b",
            1.8,
        ),
        language="de",
    ),
    *_rules(
        "negated_negative",
        (
            "nothing_wrong",
            r"\bnichts\s+(?:(?:war|ist|wurde|hat|kam)\s+)?(?:\w+\s+)?(?:beschädigt|kaputt|gefehlt|defekt|zerkratzt|verspätet"
            r"|falsch|verbogen|schmutzig|zerbrochen|eingedellt|verschmutzt|verknickt|zerdrückt)\b",
            2.5,
        ),
        ("nothing_to_fault", r"\bnichts\s+(?:auszusetzen|zu bemängeln|einzuwenden)\b", 2.5),
        (
            "no_trouble",
            r"\b(?:nie|noch nie|niemals|kein\w*)\b(?:\W+(?:\w+)){0,2}?\W+(?:probleme?|ärger|stress|verspätung\w*|beschwerden?"
            r"|dreck|schmutz|überraschungen?|diskussion\w*|theater|rückfragen|wartezeit\w*|papierkram|aufwand)\b",
            2.0,
        ),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "old_was_better",
            r"\b(?:alte|alten|bisherige|frühere|vorherige)\s+\w+\s+(?:war|waren)\s+(?:\w+\s+)?\w+er\s+als\b",
            -3.5,
        ),
        (
            "better_than_elsewhere",
            r"\b(?:schneller|günstiger|billiger|besser|freundlicher|einfacher|bequemer)\s+als\s+(?!(?:versprochen|erwartet"
            r"|angekündigt|geplant|vereinbart|jetzt|heute)\b)(?:bei|im|in|der|die|das|mein\w*|ander\w*|sonst)\b",
            1.5,
        ),
        ("competitor", r"\bbei\s+(?:der\s+konkurrenz|anderen\s+(?:anbietern|shops|händlern))\b", -1.5),
        language="de",
    ),
]


RULES_EN += [
    # round five (voice round two): event lexicons over categories (time, promises, wrong items, money,
    # effort, giving up), written from the categories of the hard held-out sets' labelling guide and the
    # unit tests' own sentences, not from evaluation sentences
    *_rules(
        "event",
        (
            "still_gap",
            r"\bstill\b(?:\W+\w+){0,4}?\W+(?:not|no|nothing|nowhere|waiting|missing|without|pending|unresolved|open(?!\s*\?)"
            r"|hasn't|haven't|isn't|hasnt|havent|isnt|doesn't|doesnt|can't|cant|nobody|broken)\b",
            -1.5,
        ),
        (
            "time_later",
            r"\b(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a few|few|a couple of)\s+(?:weeks|months)\s+(?:later|on|now|and counting|after ordering)\b|\b(?:weeks|months)\s+later\b"
            r"|\b(?:five|six|seven|eight|nine|ten|eleven|twelve|several|many|[5-9]|\d{2,})\s+days\s+(?:later|on|now|and counting)\b",
            -1.3,
        ),
        (
            "whole_duration",
            r"\ba whole\s+(?:\w+\s+)?(?:hours?|days?|weeks?|months?)\b|\bonly\s+(?:took|takes|taking|waited|needed)\s+"
            r"(?:\w+\s+){0,2}?(?:days|weeks?|months?)\b",
            -1.8,
        ),
        (
            "never_came",
            r"\b(?:never|not)\s+(?:did|came|come|showed|turned up|happened|heard back|got back|materiali[sz]ed)\b"
            r"|\bnowhere to be (?:seen|found)\b|\bno sign of\b|\bnever (?:got|received|saw)\s+(?:it|them|anything|a|an|my|the|any)\b",
            -1.8,
        ),
        ("yet_to", r"\byet to\s+(?:arrive|receive|hear|see|get|be|come|show)\b", -1.5),
        (
            "was_supposed",
            r"\b(?:was|were)\s+(?:supposed|meant|due)\s+to\b|\bshould have\s+(?:arrived|been|come|had|got|received|called)\b",
            -1.3,
        ),
        (
            "wrong_item_any",
            r"\b(?:not|isn't|wasn't|aren't|weren't|isnt|wasnt)\s+(?:\w+\s+){0,2}?(?:the one|the ones|what)\s+(?:I|we)\s+(?:had\s+)?"
            r"(?:ordered|chose|picked|selected|paid for|asked for|bought)\b|\binstead of\s+(?:the|my|a|an)\s+(?:\w+\s+){0,2}?"
            r"(?:I|we)\s+(?:had\s+)?(?:ordered|chose|picked|selected|paid for|bought)\b",
            -1.5,
        ),
        (
            "many_steps",
            r"\b(?:four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|[4-9]|\d{2,})\s+(?:different\s+)?(?:screens|clicks"
            r"|steps|pages|forms|tries|logins)\b",
            -1.3,
        ),
        (
            "charged_again",
            r"\b(?:charged|paid|debited|taken|billed)\s+(?:me\s+|us\s+)?(?:again|extra|twice|double|a second time)\b",
            -1.8,
        ),
        (
            "gave_up",
            r"\b(?:gave|give|giving) up\b|\b(?:had to|going to|will|gonna|'ll)\s+(?:cancel|abandon|leave my (?:basket|cart|trolley)"
            r"|go elsewhere|shop elsewhere)\b|\b(?:shop|order|buy|go)\w*\s+elsewhere\b|\babandon(?:ed)? (?:my|the) (?:basket|cart)\b",
            -1.8,
        ),
        ("in_pieces", r"\bin (?:\w+\s+)?(?:pieces|bits|shards)\b", -2.0),
        (
            "went_down",
            r"\b(?:site|app|website|page|system|server|shop|checkout|portal|tills?|card reader)s?\s+(?:\w+\s+)?(?:went|was|is|were|are"
            r"|keeps going)\s+(?:down|offline|dead)\b",
            -1.8,
        ),
        (
            "even_did",
            r"\beven\s+(?:called|rang|phoned|e-?mailed|carried|brought|helped|checked|offered|threw in|added|included|waited"
            r"|apologi[sz]ed|wrapped|set (?:it )?up|installed|took|gave|refunded|replaced|remembered)\b",
            1.5,
        ),
        (
            "other_branches",
            r"\b(?:checked|called|rang|phoned|searched|looked in)\s+(?:\w+\s+){0,2}?other\s+(?:branches|stores|shops|warehouses|sizes)\b"
            r"|\bwalked me\s+(?:over|to|round|around)\b|\bshowed me\s+(?:how|where|around)\b",
            1.8,
        ),
        language="en",
    ),
    *_rules(
        "promise",
        (
            "broken_promise",
            r"\b(?:promised|told|said|assured|guaranteed|confirmed|supposed to|meant to|should have)\b.{0,80}?(?:\bnever\b"
            r"|\bnobody\b|\bno one\b|\bnothing\b|\bstill\b|n't\b|\bnt\b|\bnot\b|\bthat was\b|\bit's been\b|\bit has been\b"
            r"|\bno\s+(?:call|reply|answer|e-?mail|sign|refund|parcel|delivery|one|update|engineer|driver)\b|\bago\b)",
            -2.0,
        ),
        language="en",
    ),
    *_rules(
        "question",
        ("complaint_question", r"^\W*(?:why|how come)\b[^?]*\?", -2.0),
        (
            "how_often",
            r"\bhow (?:many (?:more )?times|often)\s+(?:do|must|should|will|am|have|are)\s+(?:I|we)\b|\bhow (?:much )?longer\b"
            r"|\bhow long\s+(?:do|must|should|am|will|are)\s+(?:I|we)\s+(?:still|supposed|meant)\b"
            r"|\bwhen\b[^?]{0,60}\b(?:finally|ever)\b[^?]*\?",
            -2.0,
        ),
        (
            "rhetorical",
            r"\btoo much to ask\b|\bis (?:any|some)(?:one|body) (?:there|reading|listening|home|working)\b|\bwhat(?:'s| is) the point of\b"
            r"|\bseriously\s*\?|\bare you (?:kidding|joking|serious)\b|\bis this a joke\b",
            -2.0,
        ),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "used_to_be_better",
            r"\bused to be\s+(?:\w+\s+)?(?:better|good|great|fast|quick|reliable|cheap|nice|excellent|friendly|easy|simple|fine)\b"
            r"|\bnot (?:as|so)\s+\w+\s+as\s+(?:before|it used to|they used to|last time|it was|they were|in the past)\b"
            r"|\b(?:isn't|is not|aren't|are not|not)\s+(?:\w+\s+)?(?:good|great|fast|quick|reliable|nice|friendly|easy) (?:anymore|any more)\b"
            r"|\bused to\b.{0,60}?\b(?:not|no) (?:anymore|any more|longer)\b",
            -3.0,
        ),
        language="en",
    ),
]

_SINCE_DE = (
    r"(?:über\s+|mehr als\s+|fast\s+)?(?:letzte[rnm]?\s+\w+|vorletzte[rnm]?\s+\w+|dem\s+\d+\.|anfang\s+\w+"
    r"|mitte\s+\w+|\w+tag\b|gestern|vorgestern|wochen|tagen|monaten|stunden|ewigkeiten|\d+\s+tagen)"
)
RULES_DE += [
    # round five (voice round two), see RULES_EN above
    *_rules(
        "event",
        (
            "so_far_not",
            r"\b(?:bisher|bislang|bis jetzt)\s+(?:\w+\s+){0,6}?(?:nicht|kein\w*|nichts|niemand|nie)\b|\bnoch\s+(?:immer\s+)?"
            r"(?:nicht|kein\w*|nichts)\s+(?:\w+\s+){0,2}?(?:da|angekommen|eingetroffen|erstattet|zurück\w*|bearbeitet|geliefert"
            r"|gutgeschrieben|gemeldet|erhalten|bekommen|passiert|repariert|behoben|gelöst|antwort|rückmeldung|geld)\b",
            -1.5,
        ),
        (
            "since_when",
            r"\b(?:warte\w*|nicht|kein\w*|nichts|niemand|fehlt|offen|hänge\w*|hängt)\b[^.!?]{0,60}?\bseit\s+"
            + _SINCE_DE
            + r"|\bseit\s+"
            + _SINCE_DE
            + r"[^.!?]{0,60}?\b(?:warte\w*|nicht|kein\w*|nichts|niemand|fehlt|offen|hänge\w*|hängt)\b",
            -1.3,
        ),
        (
            "nobody_came",
            r"\b(?:gekommen|erschienen|aufgetaucht|gemeldet|angerufen|zurückgerufen|passiert|angekommen|geantwortet|geklingelt)\s+"
            r"(?:ist|hat|sind|haben)\s+(?:sich\s+)?(?:bis\s+(?:heute|jetzt)\s+)?(?:keiner|niemand|nichts|nie)\b"
            r"|\b(?:keiner|niemand)\s+(?:ist\s+)?(?:gekommen|erschienen|aufgetaucht|da gewesen|kam)\b"
            r"|\b(?:niemand|keiner)\s+(?:hat\s+)?(?:sich\s+)?(?:gemeldet|zurückgerufen|angerufen|geklingelt|gekümmert)\b",
            -2.0,
        ),
        (
            "was_supposed",
            r"(?<=[a-zäöüß]\s)sollte\w*\s+(?:\w+\s+)?(?:eigentlich|doch|schon|bereits|längst|spätestens|gestern|letzte\w*)\b|\bhätte\w*\s+"
            r"(?:\w+\s+){0,4}?(?:kommen|sein|ankommen|geliefert werden|zurückrufen|melden|erstattet werden)\s+(?:sollen|müssen)\b"
            r"|\beigentlich\s+(?:\w+\s+){0,2}?(?:sollte|hätte|war|wäre)\b",
            -1.3,
        ),
        (
            "marked_delivered",
            r"\b(?:laut|angeblich|als)\s+(?:\w+\s+){0,2}?(?:zugestellt|geliefert|abgeholt)\b|[„\"‚']\s*(?:zugestellt|geliefert)\s*[“\"‘']",
            -1.5,
        ),
        (
            "wrong_item_any",
            r"\bbestellt\s+(?:hatte|habe|hab|hatten|haben)\s+(?:ich|wir)\b|(?<!\bkein )\b(?:falsche[nrms]?|andere[nrms]?)\s+(?:\w+\s+)?"
            r"(?:geliefert|geschickt|bekommen|erhalten|eingepackt|verschickt)\b|\bnicht\s+(?:\w+\s+){0,2}?(?:bestellt|ausgesucht"
            r"|gewählt)\s+(?:hatte|habe|hatten)\b",
            -1.5,
        ),
        (
            "whole_duration",
            r"\b(?:ganze|geschlagene|satte)\s+(?:\w+\s+)?(?:stunden|tage|wochen|monate)\b|\bnur\s+(?:\w+\s+)?(?:wochen|monate)\b",
            -1.8,
        ),
        (
            "repeated",
            r"\bzum wiederholten mal\w*\b|\bwieder einmal\b|\beinmal mehr\b|\bjedes ?mal\b"
            r"|\b(?:zweimal|dreimal|mehrmals|mehrfach|schon wieder|erneut|wieder)\s+(?:\w+\s+)?(?:verschoben|abgesagt|vertröstet)\b",
            -1.2,
        ),
        (
            "gave_up",
            r"(?<!\bals )(?<!\bnie wieder )(?<!\bnicht mehr )(?<!\bnie )\bwoanders\b|\bstorn\w*\b|\b(?:kauf|bestell)\w*\s+(?:\w+\s+){0,2}?abgebrochen\b|\bgebe\s+(?:es\s+)?auf\b",
            -1.5,
        ),
        (
            "even_did",
            r"\bsogar\s+(?:\w+\s+){0,3}?(?:angerufen|gebracht|getragen|ersetzt|erstattet|nachgeschaut|nachgesehen|geholfen"
            r"|kostenlos|gratis|umsonst|geschenkt|zurückgerufen|aufgebaut|mitgenommen|eingepackt|entschuldigt|gemeldet"
            r"|reserviert|bestellt|dazugelegt|beigelegt|angeboten)\b",
            1.5,
        ),
        (
            "other_branches",
            r"\b(?:in|bei)\s+(?:\w+\s+)?(?:anderen|andere)\s+(?:filialen|filiale|märkten|lagern|läden)\s+(?:\w+\s+){0,3}?"
            r"(?:angerufen|nachgefragt|nachgesehen|nachgeschaut|gesucht|geschaut)\b|\b(?:aus|von)\s+(?:einer|einem)\s+anderen\s+"
            r"(?:filiale|markt|lager|laden|geschäft)\s+(?:\w+\s+)?(?:besorgt|bestellt|geholt|kommen lassen|schicken lassen)\b",
            1.8,
        ),
        language="de",
    ),
    *_rules(
        "promise",
        (
            "broken_promise",
            r"\b(?:hieß es|versprochen|zugesagt|angekündigt|zugesichert|(?<=[a-zäöüß]\s)sollte\w*|angeblich|laut\s+(?:\w+\s+)?"
            r"(?:sendungsverfolgung|tracking|app|mail|hotline|bestätigung|hotline|mitarbeiter\w*))\b.{0,80}?\b(?:nie|nicht"
            r"|kein\w*|niemand|nichts|immer noch|noch immer|bis heute|passiert ist|das war (?:vor|am|letzte\w*))\b",
            -2.0,
        ),
        language="de",
    ),
    *_rules(
        "question",
        ("complaint_question", r"^\W*(?:warum|wieso|weshalb|weswegen)\b[^?]*\?", -2.0),
        (
            "how_often",
            r"\bwie (?:oft|lange|viele (?:male|mal))\s+(?:noch\s+)?(?:soll|muss|müssen|darf|sollen)\b|\bwie lange noch\b"
            r"|\bwann\b[^?]{0,60}\bendlich\b|\bendlich\b[^?.!]*\?",
            -2.0,
        ),
        (
            "rhetorical",
            r"\bist das (?:euer|ihr|dein) ernst\b|\bsoll das ein witz sein\b|\b(?:ist|wäre) (?:es|das) zu viel verlangt\b"
            r"|\bist da (?:überhaupt )?jemand\b|\bliest (?:das )?(?:überhaupt )?jemand\b",
            -2.0,
        ),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "used_to_be_better",
            r"\bwar(?:en)?\s+(?:früher|mal|einmal|sonst)\s+(?:\w+\s+)?(?:besser|schneller|günstiger|freundlicher|einfacher"
            r"|zuverlässiger|gut|schnell|günstig|freundlich|einfach|zuverlässig)\b|\bfrüher\s+(?:war|waren|ging|lief|kam|gab)\b"
            r".{0,40}?\b(?:besser|schneller|günstiger|freundlicher|einfacher|zuverlässiger)\b|\bnicht mehr so\b"
            r"|\bnachgelassen\b|\bverschlechtert\b",
            -4.0,
        ),
        language="de",
    ),
]

RULES_EN += [
    # round five, second part (after the first checkpoint on set 4): further categories of the labelling
    # guide — products failing early, goods incomplete, partial refunds, the customer's own mistake put
    # right, goodwill, "the other shop at least …", and open problems (mixed comments: a problem still
    # open decides the label wherever it stands, family ``open``)
    *_rules(
        "event",
        (
            "came_without",
            r"\b(?:came|arrived|delivered|shipped|sent|turned up|was)\s+(?:\w+\s+)?without\s+(?:the|a|an|any|its|their|my)\b",
            -1.5,
        ),
        (
            "after_first_use",
            r"\bafter (?:the first|one|a single)\s+(?:wash|use|wear|day|week|charge|ride|try)\b",
            -1.5,
        ),
        (
            "could_not_find",
            r"\b(?:couldn't|could not|couldnt|can't|cannot|cant)\s+(?:even\s+)?(?:find|locate|trace|see|access|reach|get through"
            r"|get hold of)\b",
            -1.8,
        ),
        (
            "partial_only",
            r"\bonly\s+(?:one|half|part|some)\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:was|were|got|has been|have been)?\s*(?:refunded|credited"
            r"|arrived|delivered|came|returned)\b",
            -1.5,
        ),
        (
            "own_mistake",
            r"\b(?:by mistake|by accident|accidentally|my (?:own )?(?:mistake|fault))\b|\b(?:I|we)\s+(?:had\s+)?(?:picked|chosen|chose|entered"
            r"|selected|ordered|typed)\s+the\s+wrong\b",
            2.5,
        ),
        ("let_me_keep", r"\b(?:let me|could|can|allowed to|told me to)\s+keep\b", 2.0),
        ("quick_later", r"\b(?:minutes|an hour|half an hour|\w+ hours)\s+later\b", 1.3),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "other_shop_at_least",
            r"\b(?:other|another)\s+(?:\w+\s+)?(?:shops?|stores?|retailers?|sellers?|companies|sites?|brands?)\b.{0,60}?\bat least\b"
            r"|\bat least\b.{0,40}?\b(?:other|another)\s+(?:\w+\s+)?(?:shops?|stores?|retailers?|sites?)\b",
            -2.0,
        ),
        language="en",
    ),
    *_rules(
        "negated_negative",
        (
            "nothing_wrong",
            r"\bnothing\s+(?:was\s+)?(?:broken|missing|damaged|scratched|wrong|late|lost|dented|cracked|faulty)\b",
            2.0,
        ),
        language="en",
    ),
    *_rules(
        "open",
        (
            "open_request",
            r"\bplease\s+(?:\w+\s+)?(?:refund|fix|replace|sort (?:this|it)|correct|look into|send (?:me )?(?:a |the )?(?:replacement"
            r"|missing|right|correct))\b|\b(?:i|we)\s+(?:want|wanted|would like|'d like)\s+(?:my money back|a refund|a replacement)\b",
            -2.0,
        ),
        (
            "open_unresolved",
            r"\bstill\s+(?:\w+\s+)?(?:can't|cannot|cant|not|no|hasn't|haven't|isn't|waiting|missing|broken|outstanding|pending|unpaid"
            r"|to come)\b"
            r"|\b(?:not|never|hasn't been|haven't been|wasn't|isn't)\s+(?:been\s+)?(?:fixed|resolved|solved|sorted|refunded|replaced"
            r"|answered)\s+(?:yet|so far|to this day)\b|\byet to be\s+(?:fixed|resolved|solved|sorted|refunded|replaced)\b",
            -1.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    # round five, second part (see RULES_EN above)
    *_rules(
        "event",
        (
            "came_without",
            r"\b(?:kam|kamen|geliefert|geschickt|verschickt|war|waren)\s+(?:\w+\s+)?ohne\s+(?:de[nmr]|die|das|eine?[nmr]?|jede"
            r"|meine?[nmr]?)\b|\b(?:statt|anstatt|anstelle)\s+(?:de[rnms]|die|das|meine[rnms]?)\s+bestellten\b",
            -1.5,
        ),
        (
            "after_first_use",
            r"\bnach (?:dem ersten|der ersten|einem|einer)\s+(?:wäsche|waschen|tragen|benutzung|nutzung|tag|woche|aufladen"
            r"|gebrauch|einsatz|fahrt)\b",
            -1.5,
        ),
        (
            "could_not_find",
            r"\b(?:konnte|konnten|kann|können)\s+(?:\w+\s+){0,4}?nicht\s+(?:\w+\s+)?(?:finden|gefunden|auffinden|erreichen"
            r"|sehen|zuordnen)\b|\b(?:nicht|nirgends)\s+auffindbar\b|\bunauffindbar\b",
            -1.8,
        ),
        (
            "partial_only",
            r"\b(?:erstattet|geliefert|gekommen|angekommen|gutgeschrieben|zurückgezahlt)\s+(?:\w+\s+)?(?:wurde|wurden|ist|sind)?\s*"
            r"nur\s+(?:einer|eine|eins|eines|einen|die hälfte|ein teil|teilweise)\b|\bnur\s+(?:einer|eine|eins|eines|einen|die hälfte|ein teil)"
            r"\s+(?:\w+\s+){0,3}?(?:erstattet|geliefert|gekommen|angekommen|gutgeschrieben)\b",
            -1.5,
        ),
        (
            "own_mistake",
            r"\baus versehen\b|\bmein fehler\b|\bmeine schuld\b|\bselbst schuld\b|\b(?:mich|uns)\s+(?:\w+\s+){0,4}?(?:vertippt|verklickt"
            r"|verschrieben)\b|\b(?:hatte|habe|hab)\s+(?:ich\s+)?(?:die|den|das)"
            r"\s+falsche\w*\s+\w+\s+(?:gewählt|bestellt|angegeben|eingegeben|angeklickt|ausgesucht)\b",
            2.0,
        ),
        ("let_me_keep", r"\b(?:durfte|darf|dürfen|konnte|kann)\s+(?:\w+\s+){0,4}?behalten\b", 2.0),
        ("quick_later", r"\b(?:\w+|\d+)\s+(?:minuten|stunden)\s+später\b", 1.3),
        (
            "before_even",
            r"\bbevor\s+(?:\w+\s+){0,5}?(?:überhaupt|erst|angekommen|eingetroffen|zurückgeschickt|abgeschickt|nachgefragt"
            r"|angerufen)\b",
            2.0,
        ),
        (
            "without_having_to",
            r"\bohne dass\s+(?:ich|wir|man)\s+(?:\w+\s+){0,3}?(?:anrufen|nachfragen|nachhaken|mahnen|erinnern|warten|sagen"
            r"|fragen|schreiben)\s+(?:musste|mussten|muss)\b|\b(?:musste|mussten|brauchte)\s+(?:ich\s+|wir\s+)?(?:nicht mal"
            r"|nicht einmal|gar nicht)\b",
            1.5,
        ),
        (
            "ready_waiting",
            r"\b(?:lag|lagen|stand|standen|war|waren)\s+(?:\w+\s+){0,3}?(?:schon|bereits)\s+(?:\w+\s+){0,5}?(?:bereit|fertig)\b",
            1.5,
        ),
        ("runaround", r"\bhieß es\b.{1,80}?\bhieß es\b", -2.0),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "other_shop_at_least",
            r"\b(?:beim|bei der|bei dem|bei anderen|bei einem anderen|die anderen|der andere)\s+(?:\w+\s+)?(?:mitbewerber|konkurrenz"
            r"|konkurrenten|shops?|läden|händlern?|anbietern?)\b.{0,60}?\b(?:wenigstens|zumindest|immerhin)\b"
            r"|\b(?:wenigstens|zumindest|immerhin)\b.{0,40}?\b(?:beim|bei der)\s+(?:mitbewerber|konkurrenz)\b",
            -2.0,
        ),
        language="de",
    ),
    *_rules(
        "open",
        (
            "open_request",
            r"\bbitte um\s+(?:\w+\s+)?(?:ersatz|erstattung|rückruf|klärung|umtausch|gutschrift|rückmeldung|lösung|prüfung"
            r"|korrektur|austausch)\b|\bbitte\s+(?:\w+\s+){0,3}?(?:ersetzen|erstatten|zurückrufen|klären|prüfen|beheben|korrigieren"
            r"|austauschen|zurückerstatten)\b",
            -2.0,
        ),
        (
            "open_unresolved",
            r"\b(?:gelöst|behoben|erledigt|erstattet|geklärt|repariert|ersetzt)\s+(?:ist|wurde|sind|hat|wurden)\b[^.!?]{0,60}?"
            r"\b(?:nicht|nichts|nie)\b|\b(?:immer noch|noch immer|bis heute|nach wie vor)\s+(?:\w+\s+){0,2}?(?:nicht|kein\w*"
            r"|nichts|offen|ungelöst|ungeklärt|aus|ausstehend)\b|\b(?:fehlt|fehlen|fehlte)\s+(?:\w+\s+)?(?:bis heute|immer noch"
            r"|noch immer|nach wie vor)\b",
            -1.5,
        ),
        language="de",
    ),
]

RULES_EN += [
    # round five, third part: categories from the unit tests' new situations (marketplace, assembly,
    # subscriptions, warranty repairs, price matching), none from an evaluation set
    *_rules(
        "event",
        (
            "long_duration",
            r"\b(?:been|waiting|sitting|stuck|taken|taking|lasted|going on)\b[^.!?]{0,40}?\bfor\s+(?:over\s+|more than\s+|almost\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|\d+)"
            r"\s+(?:weeks|months)\b|\b(?:for|over)\s+(?:the\s+)?(?:last|past)\s+(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|\d+)\s+(?:weeks|months)\b",
            -1.5,
        ),
        (
            "extra_time",
            r"\b(?:an?\s+)?(?:extra|additional)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|\d+)\s+)?(?:hours?|days?|weeks?|trips?|visits?)\b",
            -1.3,
        ),
        (
            "went_silent",
            r"\b(?:gone|went|has gone|have gone)\s+(?:completely\s+)?(?:quiet|silent)\b|\bghost(?:ed|ing)\b"
            r"|\bstop(?:s|ped)?\s+(?:replying|answering|responding)\b",
            -1.8,
        ),
        (
            "upside_down",
            r"\bupside down\b|\bback to front\b|\binside out\b|\bthe wrong way (?:round|around)\b",
            -1.5,
        ),
        (
            "took_away",
            r"\btook\s+(?:all\s+)?(?:the\s+|my\s+)?(?:packaging|cardboard|rubbish|boxes|old\s+\w+)\s+(?:\w+\s+)?(?:away|with them)\b"
            r"|\b(?:disposed of|recycled)\s+(?:all\s+)?(?:the\s+)?(?:packaging|cardboard|old\s+\w+)\b",
            1.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    # round five, third part (see RULES_EN above)
    *_rules(
        "event",
        (
            "long_duration",
            r"\b(?:dauert|dauerte|wartet|warte|liegt|lag|hängt|ist)\s+(?:\w+\s+){0,3}?(?:schon|bereits|jetzt)\s+(?:\w+\s+)?(?:über\s+)?"
            r"(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|mehreren|mehrere|vielen|\d+)\s+(?:wochen|monate)\b",
            -1.5,
        ),
        (
            "extra_time",
            r"\b(?:extra|zusätzlich\w*)\s+(?:(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|mehreren|mehrere|vielen|\d+)\s+)?(?:stunden?|tage|wege?|fahrten?|anfahrten?)\b",
            -1.3,
        ),
        (
            "went_silent",
            r"\b(?:meldet|meldete|rührt|rührte|antwortet|antwortete|reagiert|reagierte)\s+sich\s+(?:\w+\s+){0,2}?(?:nicht|nie"
            r"|überhaupt nicht|gar nicht)\b|\bauf\s+kein\w*\s+(?:\w+\s+){0,2}?(?:nachricht\w*|mails?|e-mails?|anfrage\w*|anrufe?)"
            r"\s+(?:\w+\s+)?(?:reagiert|geantwortet)\b",
            -2.0,
        ),
        ("upside_down", r"\bverkehrt\s*herum\b|\bfalsch herum\b|\bspiegelverkehrt\b", -1.5),
        (
            "took_away",
            r"\b(?:verpackung\w*|kartons?|altgerät\w*|müll|pappe|alte[nms]?\s+\w+)\b[^.!?]{0,30}?\b(?:mitgenommen|entsorgt)\b",
            1.5,
        ),
        language="de",
    ),
]

# round six (voice round three): further event classes, from the categories of dev set 7 and the errors
# left on sets 2-5 — a fault put right, status stuck since a day, elliptic "but X didn't", late against
# an agreed slot, not brought along, made to pay / do it oneself, things gone, held for me; counterfactual
# and idiomatic comparisons ("elsewhere I would have waited twice as long", "puts … to shame"), then and
# now; "not exactly" understatements
_FAULT_EN = r"(?:wrong|broken|missing|faulty|damaged|defective|lost|cracked|dented)"
_FIX_EN = (
    r"(?:replaced|swapped|swapping|exchanged|exchanging|sorted|put right|fixed|refunded|resent|re-sent|redelivered"
    r"|sent (?:me\s+)?(?:a|another|a new|the right|the correct))"
)
_FAULT_DE = r"(?:fehlende|defekte|kaputte|beschädigte|falsche|gebrochene|zerkratzte|verlorene)\w*"
_FIX_DE = (
    r"(?:ersetzt|getauscht|umgetauscht|ausgetauscht|nachgeschickt|nachgeliefert|repariert|neu geschickt)"
)
_ELSEWHERE_DE = (
    r"(?:beim\s+(?:konkurrenten|mitbewerber|wettbewerber)|bei\s+der\s+konkurrenz|woanders|anderswo|um die ecke|nebenan"
    r"|bei\s+(?:einem\s+)?anderen\s+\w+)"
)
_COMPARATIVE_GOOD_EN = (
    r"(?:faster|quicker|cheaper|better|friendlier|easier|simpler|nicer|smoother|clearer|calmer|tidier|safer|more reliable"
    r"|more helpful|more pleasant|more professional)"
)
_COMPARATIVE_BAD_EN = r"(?:slower|worse|harder|longer|pricier|ruder|messier|more expensive|more complicated|more confusing|less helpful)"
_REFERENCE_EN = (
    r"(?:last time|my last|the last|before|usual|the old|it used to|other (?:shops?|stores?|retailers?|sites?)|elsewhere"
    r"|the competition|your competitors?|most (?:shops|stores|retailers))"
)
KEYS["en"].update(
    {
        "fault_put_right": (
            "wrong",
            "broken",
            "missing",
            "faulty",
            "damaged",
            "defective",
            "lost",
            "cracked",
            "dented",
        ),
        "stuck_since": ("since",),
        "elliptic_didnt": (
            "didn't",
            "did not",
            "hasn't",
            "has not",
            "haven't",
            "have not",
            "never did",
            "wasn't",
            "weren't",
        ),
        "late_against_slot": ("after", "later than", "slot", "window"),
        "not_brought": ("bring",),
        "made_to_pay_or_do": ("pay", "own"),
        "weeks_of": (" of ",),
        "held_for_me": ("for me", "for us"),
        "not_exactly": ("exactly",),
        "then_and_now": ("now", "these days", "today"),
        "fraction_of": ("half", "third", "fraction"),
        "twice_as": ("twice", "double"),
        "puts_to_shame": ("shame", "standing", "streets ahead", "miles better", "league", "candle"),
        "comparative_reference": ("than",),
        "worse_than_reference": ("than",),
        "cheaper_elsewhere": ("less", "cheaper", "lower price", "half the price"),
        "worth_it": ("worth",),
        "when_away": ("the one", "the only"),
        "nobody_knows": ("knows", "knew", "could tell", "can tell", "was able to", "seems to know"),
        "limited_hours": ("weekdays only", "only on weekdays", "only"),
        "long_minutes": ("minutes",),
        "gone_downhill": ("downhill", "the drain"),
        "supposed_to_wait": ("supposed", "meant", "expected", "happen"),
        "comparative_old": ("than the old", "than the previous", "than before", "than the last"),
        "too_x_to_work": ("so ",),
        "review_suppressed": ("review",),
        "looks_old": ("looks", "look "),
        "nobody_bothered": ("bothered",),
        "ready_and_waiting": ("waiting", "ready"),
        "loyal": ("anywhere else",),
        "said_and_said": ("said", "told me"),
        "no_extra_charge": ("no extra", "no additional", "upgrade"),
        "few_minutes": ("minutes",),
        "finally_a_shop": ("finally a", "finally, a"),
        "unwanted_charge": ("anyway", "regardless", "all the same", "for some"),
        "despite_paying_fast": ("express", "next day", "next-day", "premium", "priority"),
        "rather_than_serve": ("than serving", "than helping", "than serve", "than help"),
        "knows_their_stuff": ("know", "knew"),
        "replacement_sent": ("new one", "replacement", "another one"),
        "days_to_weeks": ("from",),
        "count_mismatch": ("ordered",),
        "until_you_need": ("until you",),
        "after_closing": ("after closing", "after hours"),
        "back_within": ("within",),  # and one of was/were/came/got/had
        "apologised": ("apologis", "apologiz"),
        "before_confirmation": ("before the",),
        "decent_of_them": ("of them", "of you", "of her", "of him"),
        "compensated": ("knocked", "off", "gave me", "gave us", "threw in"),
        "no_longer": ("anymore", "any more", "no longer"),
        "every_time_again": ("every time", "each time", "every single time"),
        "asks_login_again": ("log in again", "sign in again", "logs me out", "logged me out"),
        "barely": ("barely",),
        "advice_wrong": ("said", "says", "suggested", "recommended"),
        "new_customers_only": ("new customers",),
        "refused": ("refus", "won't", "wouldn't", "would not", "will not"),
        "resolved_passive": (
            "refunded",
            "replaced",
            "repaired",
            "credited",
            "reimbursed",
            "fixed",
            "reissued",
        ),
        "did_for_me": ("for me",),
        "few_clicks": ("click",),
        "only_niggle": ("only", "minor", "small"),
        "came_with_extra": ("handwritten", "came with"),
        "grow_old": ("grow old", "grew old", "growing old", "aged"),
        "step_by_step": ("step by step", "walked me through", "talked me through", "guided me through"),
        "not_as_described": ("described", "description", "photo", "picture"),
        "expected_more": ("expected", "expect"),
        "makes_up_for_it": ("makes up", "made up", "make up"),
        "couldnt_have_asked": ("asked for",),
        "automatically": ("automatically",),
        "actually_did": ("actually",),
        "ready_assembled": ("assembled", "set up", "built"),
        "nowhere_stated": ("nowhere",),
        "less_than_paid": ("less than", "lower than"),
        "called_ahead": ("ahead", "beforehand", "in advance"),
        "as_i_asked": ("as i", "where i", "as we", "where we"),
        "without_notice": ("without",),
        "doors_away": ("doors", "streets", "houses", "miles"),
        "different_model": ("different",),
        "then_and_now_improved": ("this time", "now"),
    }
)
KEYS["de"].update(
    {
        "fault_put_right": (
            "fehlend",
            "defekt",
            "kaputt",
            "beschädigt",
            "falsch",
            "gebrochen",
            "zerkratzt",
            "verloren",
        ),
        "ordered_then_here": ("bestellt",),
        "late_against_slot": ("nach dem", "nach der", "später als"),
        "not_brought": ("dabei", "mitgebracht"),
        "made_to_pay": ("zahlen",),
        "gone": ("weg", "verschwunden", "verschollen"),
        "held_for_me": ("zurückgelegt", "reserviert", "aufgehoben"),
        "elliptic_not": ("aber nicht", "jedoch nicht", "nur nicht"),
        "never_needed": ("musste", "mussten", "brauchte"),
        "elsewhere_would_have": ("hätte",),
        "best_ever": ("noch kein", "noch nie", "noch niemand"),
        "in_the_shade": ("schatten", "scheibe", "welten", "längen", "meilenweit", "liga"),
        "cheaper_elsewhere": (
            "günstiger",
            "billiger",
            "weniger",
            "schneller",
            "sofort",
            "halben preis",
            "halb so teuer",
        ),
        "worth_it": ("wert", "gelohnt"),
        "when_away": ("an dem einen", "an dem einzigen"),
        "nobody_knows": ("weiß", "wusste", "sagen"),
        "limited_hours": ("nur",),
        "long_minutes": ("minuten",),
        "replacement_here": ("ersatz",),
        "runs_smoothly": ("rund", "geschmiert", "flüssig", "reibungslos"),
        "not_quite_what": ("nicht gerade", "nicht unbedingt", "nicht wirklich", "vorstelle", "vorgestellt"),
        "supposed_to_wait": ("soll ich", "muss ich", "irgendwann"),
        "worse_than_old": (
            "als die alte",
            "als der alte",
            "als das alte",
            "als die vorherige",
            "als vorher",
            "als früher",
        ),
        "comparative_old": (
            "als die alte",
            "als der alte",
            "als das alte",
            "als die vorherige",
            "als vorher",
            "als früher",
        ),
        "took_weeks": ("wochen", "monate"),
        "too_x_to_work": ("dass",),
        "review_suppressed": ("bewertung", "rezension"),
        "looks_old": ("aus wie",),
        "loyal": ("woanders", "nirgendwo anders"),
        "unwanted_charge": ("abgebucht", "abgezogen", "berechnet", "belastet"),
        "despite_paying_fast": ("trotz",),
        "rather_than_serve": ("lieber",),
        "knows_their_stuff": ("wissen", "wusste", "weiß", "kennen", "kannte"),
        "put_through": ("verbunden", "durchgestellt"),
        "took_day_off": ("freigenommen", "urlaub genommen", "zu hause geblieben", "daheim geblieben"),
        "days_to_weeks": ("von ",),
        "unreachable": ("ans telefon", "erreichbar"),
        "charged_twice": ("doppelt", "zweimal", "beide"),
        "right_after": ("nach dem", "nach der", "nach meinem", "nach meiner"),
        "compensated": ("gab es", "gab's", "bekam ich", "habe ich", "hab ich"),
        "apologised": ("entschuldigt",),
        "waited_until": ("minuten", "stunde", "bis jemand", "bis einer", "bis endlich"),
        "without_notice": ("ohne dass",),
        "refused": ("nicht", "verweigert", "abgelehnt", "lehnte", "weigert"),
        "advice_wrong": ("laut", "nach "),
        "not_doable": (
            "zu schaffen",
            "machbar",
            "zugänglich",
            "barrierefrei",
            "zu benutzen",
            "zu bedienen",
            "lesbar",
            "zu lesen",
        ),
        "new_customers_only": ("neukunden",),
        "no_longer": ("nicht mehr",),
        "every_time_again": ("jedes mal", "jedesmal", "jedes einzelne mal"),
        "resolved_passive": ("erstattet", "gutgeschrieben", "ersetzt", "repariert", "getauscht"),
        "quick_only": ("nur",),
        "helped_me": ("hat mir", "haben mir", "hat uns"),
        "only_niggle": ("einzige", "kleine", "kleiner"),
        "came_with_extra": ("handgeschrieben",),
        "grow_old": ("alt ",),
        "step_by_step": ("schritt für schritt",),
        "not_as_described": ("entspr", "beschreibung"),
        "expected_more": ("erwart",),
        "makes_up_for_it": ("wett", "entschädigt"),
        "nobody_to_find": ("zu finden", "zu sehen", "erreichbar", "zu erreichen", "aufzutreiben"),
        "money_back": ("geld", "betrag", "erstattung", "gutschrift"),
        "ready_assembled": ("fertig",),
        "nowhere_stated": ("nirgends", "nirgendwo"),
        "less_than_paid": ("niedriger als", "weniger als"),
        "called_ahead": ("vorher", "vorab"),
        "as_i_asked": ("wollte", "gewünscht", "gebeten", "hatte", "habe"),
        "do_it_myself": ("selbst", "selber"),
        "different_model": ("anderes", "andere"),
        "then_and_now_improved": ("diesmal", "dieses mal", "jetzt", "heute", "inzwischen"),
        "then_and_now_worse": ("diesmal", "dieses mal", "jetzt", "heute", "inzwischen"),
    }
)
RULES_EN += [
    *_rules(
        "event",
        (
            "fault_put_right",
            r"\b" + _FAULT_EN + r"\b[^.!?]{0,60}?(?<!\bto )(?<!\bplease )\b" + _FIX_EN + r"\b",
            3.0,
        ),
        (
            "stuck_since",
            r"\b(?:has|have|'s|'ve)\s+(?:said|shown|read|stayed|sat|been stuck|been sitting|been showing|been saying)\b"
            r"[^.!?]{0,40}?\bsince\s+(?:last\s+)?(?:"
            + WEEKDAYS_EN[3:-1]
            + r"|yesterday|week|month|the \d+(?:st|nd|rd|th))\b",
            -1.5,
        ),
        (
            "elliptic_didnt",
            r"\b(?:but|while|whereas)\s+(?:\w+\s+){0,4}?(?:didn't|did not|hasn't|has not|haven't|have not|never did|wasn't"
            r"|weren't)\s*[.!]*\s*$",
            -1.8,
        ),
        (
            "late_against_slot",
            r"\b(?:\w+|\d+)\s+(?:hours?|days?|weeks?)\s+(?:after|later than)\s+(?:the\s+|my\s+)?(?:agreed|promised|booked"
            r"|scheduled|arranged|quoted|confirmed)\b|\b(?:slot|window)\b[^.!?]{0,40}?\b(?:showed up|turned up|rolled up"
            r"|arrived|came)\s+at\b",
            -1.5,
        ),
        ("not_brought", r"\b(?:didn't|did not|forgot to|never)\s+bring\b", -1.5),
        (
            "made_to_pay_or_do",
            r"\b(?:have|had|has|need|needed|must)\s+to\s+pay\s+(?:for|extra)\b|\b(?:have|had|has|need|needed)\s+to\s+"
            r"(?:\w+\s+){1,3}?(?:my|our)\s+own\b",
            -1.5,
        ),
        (
            "weeks_of",
            r"\b(?:days|weeks|months|hours)\s+of\s+(?:silence|waiting|nothing|excuses|emails|calls)\b",
            -2.0,
        ),
        (
            "held_for_me",
            r"\b(?:held|reserved|kept|put aside|set aside|saved)\s+(?:\w+\s+){0,6}?for me\b|\b(?:put|set|laid)\s+(?:\w+\s+){0,5}?"
            r"aside for (?:me|us)\b",
            1.8,
        ),
        (
            "worth_it",
            r"\bworth every (?:penny|cent|pound|euro)\b|\bworth the (?:money|price|wait|extra)\b",
            2.5,
        ),
        ("not_exactly", r"(?:\bnot|n't)\s+exactly\s+(?!what|the)\w+", -2.5),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "then_and_now",
            r"\b(?:last (?:year|time|month)|previously|in the past|a year ago|back then)\b[^.!?]{1,60}?,?\s*\b(?:now|these days"
            r"|today)\b",
            -1.5,
        ),
        (
            "fraction_of",
            r"\b(?:half|a third of|a fraction of)\s+the\s+(?:clicks|time|steps|hassle|wait|effort)\b",
            1.5,
        ),
        (
            "twice_as",
            r"\b(?:twice|double)\s+(?:as long|the time|the price|the clicks|as many|as expensive)\b",
            -1.5,
        ),
        (
            "puts_to_shame",
            r"\bputs?\s+(?:\w+\s+){0,4}?to shame\b|\bleaves?\s+(?:\w+\s+){0,3}?standing\b|\bstreets ahead\b|\bmiles better\b"
            r"|\bin a (?:different|whole other) league\b|\bcan't hold a candle\b",
            3.0,
        ),
        (
            "comparative_reference",
            r"\b" + _COMPARATIVE_GOOD_EN + r"\s+than\s+" + _REFERENCE_EN + r"\b",
            1.5,
        ),
        (
            "cheaper_elsewhere",
            r"\b(?:elsewhere|down the road|round the corner|next door|competitors?|other (?:shops?|stores?|sites?|retailers?)"
            r"|supermarket)\b[^.!?]{0,60}?\b(?:less|cheaper|lower price|half the price)\b",
            -1.8,
        ),
        language="en",
    ),
]
RULES_EN += _rules(
    "comparison",
    (
        "worse_than_reference",
        r"\b" + _COMPARATIVE_BAD_EN + r"\s+than\s+" + _REFERENCE_EN + r"\b",
        -1.5,
    ),
    language="en",
)
RULES_DE += [
    *_rules(
        "event",
        (
            "fault_put_right",
            r"\b" + _FAULT_DE + r"\s+(?:\w+\s+){0,10}?" + _FIX_DE + r"\b",
            3.0,
        ),
        (
            "ordered_then_here",
            r"\b(?:um\s+\w+|morgens|abends|mittags|gestern|vormittags)\s+bestellt\b[,;]?\s+(?:und\s+)?(?:um\s+\w+|am\s+(?:nächsten"
            r"|selben|gleichen)\s+\w+|noch am selben tag|mittags|nachmittags|abends|heute)\s+(?:\w+\s+){0,2}?"
            r"(?:stand|war|lag|kam|geliefert|da)\b",
            2.0,
        ),
        (
            "late_against_slot",
            r"\b(?:\w+|\d+)\s+(?:stunden?|tage|wochen|minuten)\s+(?:nach\s+(?:dem|der)|später als)\s+(?:\w+\s+)?(?:vereinbarten"
            r"|angekündigten|versprochenen|zugesagten|genannten|geplanten|gebuchten|bestätigten)\w*\b",
            -1.5,
        ),
        (
            "not_brought",
            r"\bhatte\w*\s+(?:\w+\s+){0,4}?(?:nicht|kein\w*)\s+(?:\w+\s+){0,3}?dabei\b|\bnicht\s+(?:\w+\s+){0,3}?mitgebracht\b",
            -1.5,
        ),
        (
            "made_to_pay",
            r"\b(?:zahlen|bezahlen|draufzahlen)\s+(?:muss|musste|müssen|mussten|soll|sollte)\b",
            -1.5,
        ),
        (
            "gone",
            r"\b(?:paket|bestellung|geld|ware|sendung|lieferung|päckchen|retoure)\w*\s+(?:ist\s+|sind\s+)?(?:weg|verschwunden"
            r"|verschollen)\b",
            -1.8,
        ),
        (
            "held_for_me",
            r"\b(?:für mich|mir)\s+(?:\w+\s+){0,6}?(?:zurückgelegt|reserviert|aufgehoben)\b",
            1.8,
        ),
        (
            "worth_it",
            r"\bjeden (?:cent|euro|pfennig) wert\b|\b(?:das|sein|ihr) geld wert\b|\bhat sich (?:\w+\s+)?gelohnt\b",
            2.5,
        ),
        ("elliptic_not", r"\b(?:aber|jedoch|nur)\s+nicht\s*[.!]*\s*$", -1.8),
        language="de",
    ),
    *_rules(
        "negated_negative",
        (
            "never_needed",
            r"\b(?:musste|mussten|brauchte|brauchten)\s+(?:ich|wir|man)?\s*(?:kein einziges mal|kein mal|keinmal|nie|nix|nichts"
            r"|nicht ein einziges mal|kein zweites mal)\b",
            2.5,
        ),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "elsewhere_would_have",
            r"\b"
            + _ELSEWHERE_DE
            + r"\b[^.!?]{0,30}?\bhätte\w*\b[^.!?]{0,50}?\b(?:gewartet|länger|mehr bezahlt|mehr gezahlt"
            r"|teurer|doppelt so\s+\w+)\b",
            3.0,
        ),
        (
            "best_ever",
            r"\bso\s+(?:schnell|gut|freundlich|unkompliziert|einfach|reibungslos|günstig|kulant)\s+(?:hat|war|ist|wurde|kam|ging"
            r"|lief)\s+(?:\w+\s+){0,3}?noch\s+(?:kein\w*|nie|niemand)\b|\bnoch nie\s+(?:\w+\s+){0,2}?so\s+(?:schnell|gut|freundlich"
            r"|unkompliziert|einfach|reibungslos|günstig|kulant)\b",
            3.0,
        ),
        (
            "in_the_shade",
            r"\bin den schatten\b|\beine scheibe\s+(?:\w+\s+)?abschneiden\b|\b(?:um\s+)?(?:welten|längen|meilenweit)\s+besser\b"
            r"|\bin einer anderen liga\b",
            3.0,
        ),
        (
            "cheaper_elsewhere",
            r"\b"
            + _ELSEWHERE_DE
            + r"\b[^.!?]{0,60}?\b(?:günstiger|billiger|für weniger|schneller|sofort|zum halben preis"
            r"|halb so teuer)\b",
            -3.5,
        ),
        language="de",
    ),
]


_LONG_UNIT_EN = r"(?:weeks?|months?|fortnight)"
_SHORT_UNIT_EN = r"(?:days?|hours?|minutes)"
_LONG_UNIT_DE = r"(?:wochen?|monate?n?)"
_SHORT_UNIT_DE = r"(?:tage?n?|stunden?|minuten)"
_THEN_DE = r"(?:beim letzten mal|letztes mal|früher|sonst|bisher)"
_NOW_DE = r"(?:diesmal|dieses mal|jetzt|heute|inzwischen)"
RULES_EN += [
    # round six, second part: categories of the errors on check set 8 (written after part 1, scored once)
    *_rules(
        "event",
        (
            "called_ahead",
            r"\b(?:called|rang|phoned|texted|rings|calls)\s+(?:me\s+|us\s+)?(?:ahead|beforehand|in advance)\b",
            1.5,
        ),
        (
            "as_i_asked",
            r"\b(?:exactly\s+)?(?:as|where)\s+(?:I|we)(?:'d|\s+had)?\s+(?:asked|requested|wanted|noted|specified|instructed)\b",
            1.5,
        ),
        (
            "without_notice",
            r"\bwithout (?:a|any)\s+(?:single\s+)?(?:card|note|notice|notification|warning|explanation|word|message|call|apology"
            r"|reminder)\b",
            -1.5,
        ),
        (
            "doors_away",
            r"\b(?:\w+|\d+)\s+(?:doors|streets|houses|miles)\s+(?:down|away|further|along)\b",
            -1.3,
        ),
        (
            "different_model",
            r"\b(?:for|of)\s+a\s+different\s+(?:model|product|item|size|order|customer|address|version)\b",
            -1.5,
        ),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "then_and_now_improved",
            r"\b(?:last time|before|previously|used to)\b[^.!?]{0,40}?\b"
            + _LONG_UNIT_EN
            + r"\b[^.!?]{0,20}?\b(?:this time|now)\b"
            r"[^.!?]{0,40}?\b" + _SHORT_UNIT_EN + r"\b",
            3.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "called_ahead",
            r"\b(?:vorher|vorab)\s+(?:\w+\s+)?(?:angerufen|angekündigt|bescheid gegeben|informiert)\b|\b(?:rief|ruft)\s+"
            r"(?:\w+\s+){0,2}?(?:vorher|vorab)\s+an\b",
            1.5,
        ),
        (
            "as_i_asked",
            r"\b(?:wo|wie)\s+(?:ich|wir)\s+(?:es\s+)?(?:wollte|wollten|gewünscht hatte|gebeten hatte|gebeten hatten)\b"
            r"|\bwie\s+(?:ich|wir)\s+(?:es\s+)?(?:\w+\s+){0,4}?(?:hinterlegt|angegeben|gewünscht|vereinbart|vermerkt)\s+(?:hatte"
            r"|hatten|habe)\b",
            1.5,
        ),
        (
            "do_it_myself",
            r"\b(?:darf|durfte|muss|musste|soll|sollte)\s+(?:ich|wir|man)\s+(?:\w+\s+){0,5}?(?:selbst|selber)\b",
            -1.5,
        ),
        (
            "different_model",
            r"\bfür\s+(?:ein|einen|eine)\s+(?:anderes|andere|anderen)\s+(?:modell|produkt|gerät|artikel|größe|version)\b",
            -1.5,
        ),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "then_and_now_improved",
            r"\b"
            + _THEN_DE
            + r"\b[^.!?]{0,40}?\b"
            + _LONG_UNIT_DE
            + r"\b[^.!?]{0,20}?\b"
            + _NOW_DE
            + r"\b[^.!?]{0,40}?\b"
            + _SHORT_UNIT_DE
            + r"\b",
            3.5,
        ),
        (
            "then_and_now_worse",
            r"\b"
            + _THEN_DE
            + r"\b[^.!?]{0,40}?\b"
            + _SHORT_UNIT_DE
            + r"\b[^.!?]{0,20}?\b"
            + _NOW_DE
            + r"\b[^.!?]{0,40}?\b"
            + _LONG_UNIT_DE
            + r"\b",
            -2.0,
        ),
        language="de",
    ),
]


RULES_EN += [
    # round six, third part: categories of the errors left on sets 2 and 3 (development sets)
    *_rules(
        "event",
        ("step_by_step", r"\bstep by step\b|\b(?:walked|talked|guided) (?:me|us) through\b", 1.5),
        (
            "not_as_described",
            r"\b(?:not|nothing like|nowhere near)\s+(?:as\s+)?(?:described|the description|the photos?|the pictures?)\b"
            r"|\b(?:doesn't|does not|didn't|did not)\s+match\s+(?:the\s+)?(?:description|photos?|pictures?)\b",
            -2.0,
        ),
        (
            "expected_more",
            r"\b(?:expected|expect)\s+(?:\w+\s+)?(?:more|better)\b|\bhad expected\s+(?:\w+\s+)?(?:more|better)\b",
            -2.0,
        ),
        ("makes_up_for_it", r"\b(?:makes|made|make)\s+up\s+for\s+(?:it|that|this|the)\b", 2.0),
        (
            "couldnt_have_asked",
            r"\b(?:couldn't|could not|can't|cannot)\s+have\s+asked\s+for\s+(?:a\s+|an\s+)?(?:more|better|\w+er)\b",
            3.0,
        ),
        (
            "automatically",
            r"\b(?:applied|refunded|credited|updated|added|deducted) automatically\b"
            r"|\bautomatically (?:applied|refunded|credited|updated|added|deducted)\b",
            1.3,
        ),
        (
            "actually_did",
            r"\bactually\s+(?:understood|listened|helped|solved|answered|read|knew|worked|fixed|sorted|cared)\b",
            1.5,
        ),
        (
            "ready_assembled",
            r"\b(?:fully|ready|already|pre-?)\s*(?:assembled|set up|built)\b",
            1.3,
        ),
        (
            "nowhere_stated",
            r"\bnowhere\s+(?:on|in)\s+the\s+(?:site|page|website|description|app|terms)\b",
            -1.5,
        ),
        (
            "less_than_paid",
            r"\b(?:refund|refunded|credit|credited|amount)\b[^.!?]{0,40}?\b(?:less|lower) than\s+(?:I|we|what I|what we|the amount)\b",
            -1.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        ("step_by_step", r"\bschritt für schritt\b", 1.5),
        (
            "not_as_described",
            r"\b(?:entspricht|entsprach|entsprechen|entsprachen)\s+(?:\w+\s+){0,2}?(?:nicht|keineswegs|in keiner weise)\b"
            r"|\bnicht\s+(?:\w+\s+)?(?:der|den)\s+(?:beschreibung|angaben|abbildung\w*|fotos?|bildern?)\s+(?:entspricht|entsprach)\b",
            -2.0,
        ),
        (
            "expected_more",
            r"\berwarte\w*\s+(?:ich\s+|wir\s+)?(?:\w+\s+)?(?:mehr|besseres|anderes)\b|\b(?:mehr|besseres)\s+erwartet\b",
            -2.0,
        ),
        ("makes_up_for_it", r"\bwett\b|\bentschädigt\s+(?:\w+\s+)?für\b", 2.0),
        (
            "nobody_to_find",
            r"\b(?:kein\w*|niemand|nirgends)\s+(?:\w+\s+){0,3}?(?:zu finden|zu sehen|erreichbar|zu erreichen|aufzutreiben)\b",
            -1.8,
        ),
        (
            "money_back",
            r"\b(?:geld|betrag|erstattung|gutschrift)\b\s+(?:\w+\s+){0,3}?(?:war|ist|kam|waren)\s+(?:(?!nicht|kein|nie|noch)\w+\s+){0,4}?"
            r"(?:zurück|auf dem konto|gutgeschrieben)\b",
            1.5,
        ),
        (
            "ready_assembled",
            r"\bfertig\s+(?:montiert|aufgebaut|zusammengebaut|eingerichtet|installiert)\b",
            1.3,
        ),
        (
            "nowhere_stated",
            r"\b(?:steht|stand|stehts?)\s+(?:\w+\s+)?(?:nirgends|nirgendwo)\b|\b(?:nirgends|nirgendwo)\s+(?:steht|stand|erwähnt|angegeben)\b",
            -1.5,
        ),
        (
            "less_than_paid",
            r"\b(?:erstattung|gutschrift|betrag|rückzahlung)\w*\b[^.!?]{0,30}?\b(?:niedriger|weniger) als\s+(?:der|die|das|ich)\b",
            -1.5,
        ),
        language="de",
    ),
]


RULES_EN += _rules(
    "event",
    (
        "only_niggle",
        r"\b(?:only|one|minor|small)\s+(?:real\s+)?(?:niggle|nitpick|gripe|criticism|downside|quibble)\b",
        1.5,
    ),
    (
        "came_with_extra",
        r"\bhandwritten\s+(?:\w+\s+)?(?:note|card|message)\b|\bcame with\s+(?:a|an)\s+(?:little\s+|lovely\s+)?(?:free|personal"
        r"|thank[- ]you)\b",
        1.8,
    ),
    ("grow_old", r"\b(?:grow|grew|growing)\s+old\b|\baged\s+(?:\w+\s+)?years\b", -2.0),
    language="en",
)
RULES_DE += _rules(
    "event",
    (
        "only_niggle",
        r"\b(?:einzige[rns]?|kleine[rns]?)\s+(?:kritikpunkt|minuspunkt|wermutstropfen|manko|makel)\b",
        1.5,
    ),
    ("came_with_extra", r"\bhandgeschrieben\w*\s+(?:\w+\s+)?(?:karte|notiz|gruß|zettel|nachricht)\b", 1.8),
    ("grow_old", r"\balt\s+(?:wird|werde|werden|geworden|wurde)\b", -2.0),
    language="de",
)


_NO_NEG_EN = r"(?:(?!not\b|never\b|no\b|yet\b|only\b|partly\b|partially\b)\w+\s+)"
_NO_NEG_DE = r"(?:(?!nicht\b|nie\b|kein\w*|noch\b|nichts\b|nur\b|teilweise\b)\w+\s+)"
RULES_EN += [
    # round six, fourth part: categories of the errors on check set 9 (set 6's announced situations; written
    # after parts 1-3 and scored once before this part)
    *_rules(
        "event",
        (
            "no_longer",
            r"\b(?:can't|cannot|can not|won't|doesn't|don't|isn't)\s+(?:\w+\s+){0,5}?(?:anymore|any more)\b"
            r"|\bno longer\s+(?:\w+\s+)?(?:works?|loads?|opens?|shows?|able|possible|available|accepts?|fits?)\b",
            -1.8,
        ),
        ("every_time_again", r"\b(?:every|each) (?:single )?time\b[^.!?]{0,60}?\bagain\b", -1.5),
        (
            "asks_login_again",
            r"\b(?:asks|makes|forces|wants|asking|making)\s+me\s+to\s+(?:log|sign)\s+in\s+again\b|\blog(?:s|ged)? me out\b",
            -1.8,
        ),
        ("barely", r"\bbarely\s+(?:goes|fits|closes|zips|works|covers|holds|fit|close|work|stays)\b", -1.5),
        (
            "advice_wrong",
            r"\b(?:size guide|size chart|chart|guide|advice|adviser|advisor|recommendation|salesman|assistant)\s+(?:said|says"
            r"|suggested|recommended)\b[^.!?]{0,60}?\b(?:but|and|yet)\b[^.!?]{0,40}?\b(?:barely|too|doesn't|won't|can't"
            r"|hardly)\b",
            -1.5,
        ),
        (
            "new_customers_only",
            r"\b(?:only for|only valid for)\s+new customers\b|\bnew customers only\b",
            -1.5,
        ),
        (
            "refused",
            r"\brefus(?:ed|es|ing)\s+to\b|\b(?:won't|wouldn't|would not|will not)\s+(?:\w+\s+)?(?:refund|replace|accept|honour"
            r"|honor|exchange|repair|take it back|cover|pay)\b",
            -2.0,
        ),
        (
            "resolved_passive",
            r"\b(?:was|were|got|been|had it|had them)\s+"
            + _NO_NEG_EN
            + r"{0,3}?(?:refunded|replaced|repaired|credited"
            r"|reimbursed|fixed|reissued)\b",
            1.5,
        ),
        (
            "did_for_me",
            r"\b(?:read|explained|showed|found|fetched|carried|wrapped|ordered|checked|printed|filled)\s+(?:\w+\s+){0,4}?"
            r"(?:out\s+)?for me\b",
            1.5,
        ),
        (
            "few_clicks",
            r"\b(?:took|takes|in|with)\s+(?:one|two|three|a few|a couple of|just (?:one|two|a few)|\d)\s+clicks?\b",
            1.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "waited_until",
            r"\b(?:stand|saß|wartete|hing|hänge|stehe|warte)\w*\s+(?:ich|wir)\s+(?:\w+\s+){0,2}?(?:zehn|fünfzehn|zwanzig|dreißig"
            r"|vierzig|fünfzig|\d+|eine|zwei|drei|vier)\s+(?:minuten|stunden?)\b|\bbis\s+(?:endlich\s+)?(?:jemand|einer|wer)\s+"
            r"(?:\w+\s+)?(?:kam|da war|reagiert\w*|zeit hatte)\b",
            -1.5,
        ),
        (
            "without_notice",
            r"\bohne dass\s+(?:\w+\s+){0,6}?(?:erinnerung|bescheid|info\w*|benachrichtigung|nachricht|gefragt|informiert"
            r"|gewarnt|vorwarnung|angekündigt|mitgeteilt|gesagt)\b",
            -1.5,
        ),
        (
            "refused",
            r"\b(?:wollte|wollten|will|wollen|konnte|konnten)\s+(?:\w+\s+){0,5}?nicht\s+(?:\w+\s+)?(?:geben|erstatten|übernehmen"
            r"|akzeptieren|anerkennen|zahlen|tauschen|umtauschen|zurücknehmen|reparieren|helfen|gewähren|einlösen)\b"
            r"|\b(?:verweigert|abgelehnt|lehnte\w*\s+(?:\w+\s+){0,3}?ab|weigert\w*)\b",
            -2.0,
        ),
        (
            "advice_wrong",
            r"\b(?:laut|nach)\s+(?:\w+\s+){0,2}?\w*(?:berater|beratung|tabelle|empfehlung)\w*\b[^.!?]{0,60}?\b(?:aber|doch"
            r"|trotzdem)\b",
            -1.5,
        ),
        (
            "not_doable",
            r"\b(?:nicht|kaum)\s+(?:\w+\s+)?(?:zu schaffen|machbar|zugänglich|barrierefrei|zu benutzen|zu bedienen|lesbar"
            r"|zu lesen)\b",
            -1.8,
        ),
        ("new_customers_only", r"\bnur\s+(?:\w+\s+)?für\s+neukunden\b", -1.5),
        (
            "no_longer",
            r"\b(?:kann|können|konnte|konnten|geht|ging|funktioniert|lässt sich|lassen sich|lädt|öffnet)\s+(?:\w+\s+){0,6}?"
            r"nicht mehr\b",
            -1.8,
        ),
        (
            "every_time_again",
            r"\bjedes\s*(?:einzelne\s+)?mal\b[^.!?]{0,60}?\b(?:wieder|erneut|von vorne)\b",
            -1.5,
        ),
        (
            "resolved_passive",
            r"\b(?:wurde|wurden|ist|sind)\s+"
            + _NO_NEG_DE
            + r"{0,5}?(?:erstattet|gutgeschrieben|zurückerstattet|ersetzt"
            r"|repariert|getauscht|umgetauscht)\b",
            1.5,
        ),
        (
            "quick_only",
            r"\bnur\s+(?:\w+\s+)?(?:tage?n?|stunden?|minuten)\s+(?:gedauert|gebraucht|gewartet)\b|\b(?:dauerte|brauchte)\s+"
            r"(?:\w+\s+)?nur\s+(?:\w+\s+)?(?:tage|stunden?|minuten)\b",
            1.5,
        ),
        (
            "helped_me",
            r"\b(?:hat|haben)\s+(?:mir|uns)\s+(?:\w+\s+){0,7}?(?:vorgelesen|erklärt|gezeigt|herausgesucht|rausgesucht|besorgt"
            r"|eingepackt|ausgedruckt|ausgefüllt|eingestellt)\b",
            1.5,
        ),
        language="de",
    ),
]


RULES_EN += [
    # round six, fifth part: categories of the errors on check set 10 (written after part 4, scored once)
    *_rules(
        "event",
        (
            "days_to_weeks",
            r"\bfrom\s+(?:\w+\s+)?(?:days?|hours?)\s+to\s+(?:\w+\s+)?(?:weeks?|months?)\b",
            -2.0,
        ),
        (
            "count_mismatch",
            r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)\s+\w+\s+ordered\b[,;]?\s+(?:only\s+)?"
            r"(?!(?P=n)\b)(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:in the box|arrived|came|delivered)\b",
            -1.5,
        ),
        ("until_you_need", r"\buntil you (?:actually |really )?need (?:it|them)\b", -2.0),
        ("after_closing", r"\bafter (?:closing|hours)\b[^.!?]{0,60}?\bstill\b", 1.5),
        (
            "back_within",
            r"\b(?:was|were|came|got|had (?:it|them))\s+(?:\w+\s+){0,3}?(?:back|returned|repaired|fixed|sorted|resolved"
            r"|refunded|replaced)\b[^.!?]{0,30}?\bwithin (?:a|an|one|two"
            r"|three|\d+)\s+(?:hours?|days?|week)\b",
            1.3,
        ),
        ("apologised", r"\bapologi[sz](?:ed|es)\b", 1.3),
        (
            "before_confirmation",
            r"\b(?:arrived|came|was here|turned up)\s+before the\s+(?:confirmation|dispatch|shipping|tracking)\b",
            2.0,
        ),
        ("decent_of_them", r"\b(?:decent|kind|good|nice|generous|thoughtful) of (?:them|you|her|him)\b", 2.0),
        (
            "compensated",
            r"\bknocked\s+(?:\w+\s+){0,3}?off\b|\b(?:gave|give)\s+(?:me|us)\s+(?:a|an)\s+(?:\w+\s+)?(?:discount|voucher|credit"
            r"|goodwill)\b|\bthrew in\b",
            2.0,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "took_day_off",
            r"\b(?:extra|eigens|extra\s+den\s+\w+)\s+(?:\w+\s+){0,3}?(?:freigenommen|urlaub genommen|zu hause geblieben"
            r"|daheim geblieben)\b",
            -1.5,
        ),
        (
            "days_to_weeks",
            r"\bvon\s+(?:\w+\s+)?(?:tage?n?|stunden?)\s+auf\s+(?:\w+\s+)?(?:wochen?|monate?)\b",
            -2.0,
        ),
        (
            "unreachable",
            r"\b(?:nicht|nie|keiner|niemand)\s+(?:mehr\s+)?ans telefon\b|\b(?:nicht|nie|kaum)\s+(?:mehr\s+)?erreichbar\b",
            -1.8,
        ),
        (
            "charged_twice",
            r"\b(?:doppelt|zweimal)\s+(?:\w+\s+)?(?:abgebucht|berechnet|bezahlt|belastet|eingezogen)\b|\bbeide\s+(?:beträge"
            r"|rechnungen|zahlungen)\s+(?:\w+\s+)?(?:abgebucht|eingezogen|belastet)\b",
            -1.8,
        ),
        (
            "right_after",
            r"\b(?:direkt|sofort|gleich|unmittelbar|kurz)\s+nach\s+(?:dem|der|meinem|meiner)\s+(?:einkauf|kauf|anruf|bestellen"
            r"|bestellung|bezahlen|reklamation|beschwerde|mail)\b",
            1.3,
        ),
        (
            "compensated",
            r"\b(?:gab es|gab's|bekam ich|habe ich|hab ich)\s+(?:\w+\s+){0,4}?(?:preisnachlass|rabatt|gutschein|gutschrift"
            r"|entschädigung|nachlass)\b",
            2.0,
        ),
        ("apologised", r"\bsich\s+(?:\w+\s+){0,3}?entschuldigt\b|\bentschuldigte\w* sich\b", 1.3),
        language="de",
    ),
]


RULES_EN += [
    # round six, sixth part: categories of the errors on check set 11 (written after part 5, scored once)
    *_rules(
        "event",
        (
            "unwanted_charge",
            r"\b(?:charged|taken|debited|billed)\s+(?:\w+\s+){0,2}?(?:anyway|regardless|all the same)\b|\bfor some\s+(?:\w+\s+)?"
            r"(?:membership|subscription|plan|service|insurance|add-on)\b",
            -1.8,
        ),
        (
            "despite_paying_fast",
            r"\b(?:paid|paying) for (?:express|next[- ]day|premium|priority)\b[^.!?]{0,30}?\b(?:took|came|arrived|still)\b"
            r"|\bdespite (?:paying for )?(?:express|premium|priority|next[- ]day)\b",
            -1.8,
        ),
        (
            "rather_than_serve",
            r"\bmore interested in\b[^.!?]{0,60}?\bthan (?:serving|helping|serve|help)\b",
            -3.0,
        ),
        (
            "knows_their_stuff",
            r"\bknow(?:s)? (?:what (?:they're|they are|he's|she's|he is|she is) talking about|their stuff|his stuff|her stuff)\b",
            2.0,
        ),
        (
            "replacement_sent",
            r"\b(?:a new one|a replacement|another one)\s+(?:\w+\s+)?(?:arrived|came|was sent|was delivered|turned up)\s+"
            r"(?:within|the next|the same|in)\b",
            3.0,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "unwanted_charge",
            r"\b(?:jeden monat|monatlich|ungefragt|einfach)\s+[^.!?]{0,60}?\b(?:abgebucht|abgezogen|berechnet|belastet)\b"
            r"|\b(?:abgebucht|abgezogen|berechnet|belastet)\s+(?:\w+\s+)?(?:wurde|wird|werden|hat man)\s+(?:\w+\s+)?trotzdem\b",
            -3.0,
        ),
        (
            "despite_paying_fast",
            r"\btrotz\s+(?:\w+\s+)?(?:express\w*|premium\w*|aufpreis|zusage|versprechen|garantie|termin\w*|vereinbarung)\b",
            -1.8,
        ),
        (
            "rather_than_serve",
            r"\blieber\b[^.!?]{0,60}?\bals\s+(?:mich|uns|kunden)\s+zu\s+(?:bedienen|beraten|helfen)\b",
            -2.0,
        ),
        (
            "knows_their_stuff",
            r"\b(?:wissen|wusste|weiß|wussten)\W+(?:\w+\s+)?wovon\s+(?:sie|er)\s+(?:reden|redet|sprechen|spricht)\b"
            r"|\b(?:kennen|kannte|kennt)\s+sich\s+(?:\w+\s+)?aus\b",
            2.0,
        ),
        ("put_through", r"\b(?:sofort|direkt|gleich)\s+(?:\w+\s+){0,4}?(?:verbunden|durchgestellt)\b", 1.5),
        language="de",
    ),
]


RULES_EN += [
    # round six, seventh part: categories of the errors on check set 12 (written after part 6, scored once)
    *_rules(
        "event",
        (
            "too_x_to_work",
            r"\bso\s+\w+\s+(?:that\s+)?(?:\w+\s+){0,5}?(?:doesn't|don't|can't|won't|didn't|couldn't|wouldn't|isn't)\s+"
            r"(?:reach|fit|close|shut|work|go|open|stand|hold)\b",
            -1.8,
        ),
        (
            "review_suppressed",
            r"\breviews?\s+(?:\w+\s+){0,3}?(?:never|not|wasn't|weren't)\s+(?:\w+\s+)?(?:published|posted|approved|shown)\b",
            -3.0,
        ),
        (
            "looks_old",
            r"\blooks?\s+(?:\w+\s+){0,2}?years old\b|\blooks?\s+(?:really\s+|so\s+)?(?:old|worn|used|second[- ]hand|tatty)\b",
            -1.8,
        ),
        ("nobody_bothered", r"\b(?:nobody|no one|no-one|never)\s+bothered\b", -1.8),
        (
            "ready_and_waiting",
            r"\b(?:already\s+)?(?:packed|ready)\s+and\s+waiting\b|\bwas ready (?:for me )?when (?:I|we) (?:arrived|got there)\b",
            1.5,
        ),
        (
            "loyal",
            r"\b(?:haven't|have not|never|don't|won't|hardly)\s+(?:\w+\s+)?(?:looked|shopped|ordered|gone|bought|been)\s+"
            r"anywhere else\b",
            2.5,
        ),
        ("said_and_said", r"\b(?:said|told me)\b[^.!?]{1,60}?,\s*(?:\w+\s+){0,3}?(?:said|told me)\b", -2.0),
        (
            "no_extra_charge",
            r"\b(?:at|for) no (?:extra|additional) (?:charge|cost)\b|\bfree upgrade\b|\bupgraded (?:me|us|my order)\b",
            2.0,
        ),
        (
            "few_minutes",
            r"\btook\s+(?:only\s+|just\s+)?(?:a few|two|three|four|five|ten|[1-9]|1[0-5])\s+minutes\b",
            1.5,
        ),
        (
            "finally_a_shop",
            r"\bfinally,? an?\s+(?:\w+\s+)?(?:shop|store|site|company|retailer|app|brand)\b",
            2.0,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "took_weeks",
            r"\b(?:fast|knapp|über|mehr als)?\s*(?:zwei|drei|vier|fünf|sechs|sieben|acht|mehrere|\d+)\s+(?:wochen|monate)\s+"
            r"(?:gedauert|gebraucht|gewartet)\b",
            -1.5,
        ),
        (
            "too_x_to_work",
            r"\bso\s+\w+,?\s+dass\s+(?:\w+\s+){0,6}?(?:nicht|kaum|kein\w*)\s+(?:\w+\s+){0,3}?(?:reicht|passt|schließt|geht|hält"
            r"|funktioniert|steht|reinpasst|zugeht)\b",
            -1.8,
        ),
        (
            "review_suppressed",
            r"\b(?:bewertung|rezension)\w*\s+(?:\w+\s+){0,3}?(?:nicht|nie)\s+(?:\w+\s+)?(?:veröffentlicht|freigeschaltet"
            r"|angezeigt)\b",
            -2.0,
        ),
        (
            "looks_old",
            r"\baus\s+wie\s+(?:\w+\s+){0,2}?jahre alt\b|\baus\s+wie\s+(?:alt|gebraucht|secondhand|abgetragen)\b",
            -1.8,
        ),
        (
            "loyal",
            r"\b(?:nie|nicht)\s+(?:mehr\s+|wieder\s+)?(?:woanders|nirgendwo anders)\s+(?:\w+\s+)?(?:geschaut|bestellt|gekauft"
            r"|hingegangen|gesucht)\b",
            2.5,
        ),
        language="de",
    ),
]


_BETTER_EN = (
    r"(?:sturdier|stronger|tougher|softer|lighter|clearer|brighter|quieter|roomier|comfier|faster|quicker|easier|simpler|better"
    r"|nicer|smoother|more (?:comfortable|stable|robust|durable|reliable|intuitive))"
)
_BETTER_DE = (
    r"(?:stabiler|robuster|besser|schneller|übersichtlicher|leichter|leiser|bequemer|günstiger|einfacher|schöner|hochwertiger"
    r"|angenehmer|zuverlässiger|intuitiver|klarer|heller)"
)
_WORSE_DE = r"(?:schlechter|langsamer|umständlicher|teurer|lauter|wackliger|komplizierter|unübersichtlicher|dünner|billiger)"
RULES_EN += [
    # round six, eighth part: categories of the errors on check set 13 (sarcasm, mixed, comparisons; scored once)
    *_rules(
        "event",
        (
            "when_away",
            r"\bthe (?:one|only) (?:day|time|week|morning|afternoon)\b[^.!?]{0,30}?\b(?:I|we)\s+(?:was|were|wasn't|weren't)\s+"
            r"(?:away|out|not (?:home|in)|on holiday|at work)\b",
            -1.5,
        ),
        (
            "nobody_knows",
            r"\b(?:nobody|no one|no-one)\s+(?:\w+\s+)?(?:knows|knew|could tell|can tell|was able to|seems to know)\b",
            -1.8,
        ),
        (
            "limited_hours",
            r"\b(?:weekdays only|only on weekdays)\b|\bfrom \d+\s*(?:am|pm)?\s+(?:till|to|until)\s+\d+\s*(?:am|pm)?\b[^.!?]{0,25}?"
            r"\bonly\b",
            -1.3,
        ),
        (
            "long_minutes",
            r"\b(?:twenty|thirty|forty|fifty|sixty|ninety|[2-9]\d)\s+minutes\s+(?:from|to get|just to|on hold|in the queue|in a queue"
            r"|waiting|to check out|to find)\b",
            -1.5,
        ),
        (
            "gone_downhill",
            r"\b(?:gone|going|went)\s+(?:right\s+)?downhill\b|\bgone (?:down )?the drain\b",
            -2.5,
        ),
        language="en",
    ),
    *_rules(
        "question",
        (
            "supposed_to_wait",
            r"\b(?:am I|are we) (?:supposed|meant|expected) to (?:wait|keep|call|chase)\b|\bwill (?:something|anything) "
            r"(?:ever\s+)?happen\b",
            -2.0,
        ),
        language="en",
    ),
    *_rules(
        "comparison",
        (
            "comparative_old",
            r"\b" + _BETTER_EN + r"\s+than\s+(?:the old|the previous|before|the last)\b",
            1.5,
        ),
        language="en",
    ),
]
RULES_DE += [
    *_rules(
        "event",
        (
            "when_away",
            r"\ban dem (?:einen|einzigen) tag\b[^.!?]{0,40}?\b(?:verreist|weg|nicht da|nicht zu hause|im urlaub|arbeiten)\b",
            -1.5,
        ),
        (
            "nobody_knows",
            r"\b(?:keiner|niemand)\s+(?:\w+\s+)?(?:weiß|wusste|kann mir sagen|konnte mir sagen|kann sagen)\b",
            -1.8,
        ),
        (
            "limited_hours",
            r"\bnur\s+(?:\w+\s+)?(?:werktags|vormittags|von\s+\d+\s+bis\s+\d+)\b",
            -1.3,
        ),
        (
            "long_minutes",
            r"\bnach\s+(?:[2-9]\d|zwanzig|dreißig|vierzig|fünfzig|sechzig|neunzig)\s+minuten\s+(?:war|hatte|endlich|erst)\b",
            -1.5,
        ),
        (
            "replacement_here",
            r"\bersatz\s+(?:war|kam|ist|wurde)\s+(?:\w+\s+){0,4}?(?:da|unterwegs|geschickt|geliefert|angekommen)\b",
            2.0,
        ),
        ("runs_smoothly", r"\bläuft\s+(?:\w+\s+){0,2}?(?:rund|wie geschmiert|flüssig|reibungslos)\b", 2.0),
        (
            "not_quite_what",
            r"\bnicht\s+(?:gerade|unbedingt|wirklich|ganz)\s+(?:das|dass?|was)\b|\bwas ich mir\s+(?:\w+\s+){0,3}?"
            r"(?:vorstelle|vorgestellt habe|vorgestellt hatte)\b",
            -2.0,
        ),
        language="de",
    ),
    *_rules(
        "question",
        (
            "supposed_to_wait",
            r"\b(?:soll|muss)\s+ich\s+(?:jetzt\s+)?noch\b|\birgendwann (?:mal )?(?:was|etwas)\b",
            -2.0,
        ),
        language="de",
    ),
    *_rules(
        "comparison",
        (
            "comparative_old",
            r"\b" + _BETTER_DE + r"\s+als\s+(?:die alte|der alte|das alte|die vorherige|vorher|früher)\b",
            1.5,
        ),
        language="de",
    ),
]
RULES_DE += _rules(
    "comparison",
    (
        "worse_than_old",
        r"\b" + _WORSE_DE + r"\s+als\s+(?:die alte|der alte|das alte|die vorherige|vorher|früher)\b",
        -1.5,
    ),
    language="de",
)

SARCASM_OPENER = {
    # a praising word, optionally with up to three words of its own ("Wonderful service,", "Perfect timing,",
    # "Congrats on the new app,", "Toller Service,"), then punctuation and the rest; or a praising verb
    # before what is praised ("love how …", "really appreciate being …", "ich liebe es, wenn …")
    "en": re.compile(
        r"^\W*(?:oh\s+|well\s+|just\s+|really\s+|so\s+|wow\s*,?\s*)?(?:great|fantastic|brilliant|wonderful|lovely|perfect"
        r"|excellent|superb|awesome|amazing|marvellous|terrific|well done|congratulations|congrats|kudos|hats off|bravo"
        r"|nice one|nice|thanks a lot|thanks so much|thanks|thank you|cheers|yay|wow|impressive|stellar|outstanding"
        r"|top notch|top marks|ten out of ten|10/10|five stars|5 stars)"
        r"(?:\s+[\w'\"“”]+){0,4}?\s*[,!.…:;-]+\s*(?P<rest>\S.*)$"
        r"|^\W*(?:i\s+|i'm\s+|i am\s+|just\s+|gotta\s+|really\s+|truly\s+|so\s+|very\s+)*(?:love|loved|appreciate|appreciated|enjoy"
        r"|enjoyed|adore|impressed|amazed)\s+(?:how|that|it when|the way|being|having to|getting|waiting|by how)\s+(?P<rest2>\S.*)$"
        r"|^\W*(?:so\s+|really\s+)?(?:nice|good|great|lovely|glad|comforting)\s+to\s+(?:know|see|hear)\s+(?:that\s+)?(?P<rest3>\S.*)$"
        r"|^\W*(?:thanks|thank you|cheers|many thanks)\s+(?:so much\s+|a lot\s+)?for\s+(?P<rest5>(?:making|having|letting|forcing"
        r"|leaving|keeping|sending|charging|losing|ignoring)\b.*)$"
        r"|^\W*(?:very|so|really|how)?\s*(?:customer[- ]friendly|considerate|thoughtful|clever|smart|kind)\s+(?:of you\s+)?to\s+"
        r"(?P<rest6>\S.*)$|^\W*(?:quite the|what an?|such an?)\s+(?:experience|adventure|achievement|performance)\W+(?P<rest7>\S.*)$"
        r"|^\W*(?:really\s+|truly\s+|just\s+)?(?:great|fantastic|brilliant|wonderful|lovely|perfect|excellent|superb|awesome|amazing"
        r"|outstanding|stellar)\s+(?:\w+\s+){0,3}?(?:that|which|who|where)\s+(?P<rest4>\S.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    "de": re.compile(
        r"^\W*(?:na\s+|ach\s+|oh\s+|wirklich\s+|echt\s+|ganz\s+|wow\s*,?\s*)?(?:toll\w*|super|klasse|prima|wunderbar\w*"
        r"|großartig\w*|spitze|herzlichen glückwunsch|glückwunsch|bravo|danke auch|vielen dank auch|danke|vielen dank"
        r"|sehr schön|schön|wie schön|perfekt\w*|genial\w*|wow|respekt|hut ab|chapeau|fünf sterne|weltklasse|top|wahnsinn"
        r"|läuft bei euch|läuft|mega|hammer|stark|sehr kundenfreundlich|kundenfreundlich|ein echtes erlebnis|ein erlebnis"
        r"|was für ein erlebnis)"
        r"(?:\s+[\w'\"„“”]+){0,4}?\s*[,!.…:;-]+\s*(?P<rest>\S.*)$"
        r"|^\W*(?:ich\s+)?(?:liebe|mag|finde)\s+es\W+(?:(?:total|echt|einfach|so)\s+)?(?:toll\W+|super\W+|klasse\W+|schön\W+)?"
        r"(?:wenn|wie|dass)\s+(?P<rest2>\S.*)$"
        r"|^\W*(?:ganz\s+|echt\s+|wirklich\s+|sehr\s+)?(?:toll\w*|super|klasse|prima|wunderbar\w*|großartig\w*|perfekt\w*|genial\w*"
        r"|spitze|hervorragend\w*)\s+(?:\w+\s+){0,3}?(?:der|die|das|wo|welche[rs]?)\s+(?P<rest4>\S.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
}
REPETITION = {
    "en": re.compile(
        r"\b(?:again|another|once more|yet again|as always|as usual|of course|obviously|naturally|every (?:single )?time|each time"
        r"|last (?:two|three|four"
        r"|few|\d+) times|" + ORDINAL_EN + r"|twice)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:wieder|schon wieder|erneut|nochmal|noch einmal|auch noch|wie immer|wie üblich|natürlich|selbstverständlich|jedes ?mal|"
        + ORDINAL_DE
        + r")",
        re.IGNORECASE,
    ),
}
SARCASM_FIXED = {
    "en": re.compile(
        r"\bthanks? (?:a lot |so much )?for nothing\b|\bif you (?:enjoy|like|love|fancy|are into)\b"
        r"|\bfive stars for\b.{0,40}?\b(?:fees|waiting|excuses|losing)\b"
        r"|^\W*(?:sure|of course|naturally|right|yeah|obviously)\s*,\s*why (?:would|should)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\bdanke für nichts\b|\bwarum auch (?:sollte|sollten|würde|müsste)\b|\bwenn man (?:gerne?|es liebt|es mag|auf \w+ steht)\b|\bvielen dank auch\b",
        re.IGNORECASE,
    ),
}
# scare quotes around a word of praise or promise ('the "express" delivery', 'der „Kundenservice"') and
# eye-rolling emoji: markers of sarcasm anywhere in the item
SARCASM_MARKER = {
    "en": re.compile(
        r"[\"“‘']\s*(?:express|fast|quick|speedy|24/7|premium|free|service|customer service|support|help|helpful"
        r"|guaranteed|next[- ]day|same[- ]day|priority|instant|easy|simple|seamless|delivered|on time|great|friendly"
        r"|hassle[- ]free|quality|live chat|chat|smart|lifetime|guarantee|warranty|unlimited|no quibble)\w*(?:\s*[\w/-]+){0,2}\s*[\"”’']|🙄|🙃|😒|🤦|🤡|\btruly\s+(?:record|impressive|remarkable"
        r"|outstanding|amazing)|\brecord[- ]breaking\b|\b(?:is|are)\s+(?:very\s+|so\s+|really\s+)?important to (?:you|us)\b"
        r"|\b(?:at least|that is|well),?\s+as long as you don't\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"[\"„“‚']\s*(?:express|schnell|blitz|kostenlos|gratis|service|kundenservice|support|hilfe|garantiert|zugestellt"
        r"|geliefert|pünktlich|einfach|bequem|premium|sofort|persönlich|beratung|qualität|chat|live|super|top)\w*(?:\s*[\w/-]+){0,2}\s*[“\"‘']"
        r"|🙄|🙃|😒|🤦|🤡|\b(?:jedenfalls|zumindest|aber nur)\s+solange\s+(?:man|du|ich)\b|\brekordverdächtig\w*|\breife leistung\b|\bwahnsinn\w*\s+leistung\b",
        re.IGNORECASE,
    ),
}
SARCASM_CLOSER = {
    "en": re.compile(
        r"^(?P<rest>\S.*?)[,;:–—-]\s*(?:how\s+|very\s+|really\s+|truly\s+)?(?:impressive|great|brilliant|well done|fantastic"
        r"|nice one|bravo|amazing|lovely|perfect|top service|great service|good job)\W*$",
        re.IGNORECASE | re.DOTALL,
    ),
    "de": re.compile(
        r"^(?P<rest>\S.*?)[,;:–—-]\s*(?:echt\s+|wirklich\s+|ganz\s+)?(?:respekt|klasse|super|toll|bravo|spitze|top|großartig"
        r"|reife leistung|saubere arbeit|glückwunsch|weiter so)\W*$",
        re.IGNORECASE | re.DOTALL,
    ),
}
SARCASM_EXTRA = -1.5  # how much more negative than its rest a sarcastic item is (raw valence)

QUESTION_OPENER = {
    "en": re.compile(
        r"^\W*(?:(?:in|at|by|from|for|on|to|with|until|since)\s+(?:which|what|whose|how)\b|what|which|when|where|how|who|can|could"
        r"|do|does|is|are|will|would|may|should|shall|have|has)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^\W*(?:(?:ab|bis|seit|in|an|mit|für|von|zu|um|auf|aus|bei|nach)\s+(?:welche[nmrs]?|wann|wie\w*|was)\b|was|welche[nmrs]?"
        r"|wann|wo|woher|wohin|wie|wer|kann|können|könnten|gibt|gibt's|ist|sind|haben|hat"
        r"|muss|müssen|darf|dürfen|liefern|bieten|wird|werden|soll|sollte)\b",
        re.IGNORECASE,
    ),
}
QUESTION_NEGATION = {
    "en": re.compile(
        r"\b(?:not|no|never|nobody|nothing|still(?!\s+(?:open|available|in stock|valid|running|there|on sale|possible)\b))\b|n't",
        re.IGNORECASE,
    ),
    "de": re.compile(r"\b(?:nicht|kein\w*|nie|niemand|nichts|immer noch|noch immer)\b", re.IGNORECASE),
}


# a middling verdict that balances good and bad and asks for nothing ("all in all okay", "gleicht sich aus",
# "weder gut noch schlecht"): neutral, unless a problem is still open (labelling guide, mixed rule 3)
MIDDLING = {
    "en": re.compile(
        r"\b(?:overall|all in all|on the whole|all things considered)\s+(?:\w+\s+)?(?:ok|okay|fine|alright|average|decent"
        r"|acceptable)\b|\b(?:evens|balances) (?:itself |it )?out\b|\bneither good nor bad\b|\bnothing special\b|\bso-so\b"
        r"|\bmeh\b|\bnothing to write home about\b|\b(?:ok|okay|fine|alright|decent)\s+(?:overall|all in all|on the whole)\b"
        r"|(?<!above )(?<!below )\baverage\b|\bsome (?:things )?good,? some (?:less so|not so good|bad)\b|\bmiddle of the road\b|\bswings and roundabouts\b|\bhalf and half\b|\bmixed (?:feelings|bag)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:insgesamt|alles in allem|im großen und ganzen|unterm strich|im endeffekt)\s+(?:\w+\s+)?(?:ok|okay|in ordnung"
        r"|durchschnitt\w*|mittelmäßig|solide|passabel)\b|\bgleicht sich (?:\w+\s+)?aus\b|\bweder gut noch schlecht\b"
        r"|\bnichts besonderes\b|\bmanches gut,? manches (?:weniger|schlecht\w*)\b|\bso lala\b|\bhalbe[- ]halbe\b|\bdurchwachsen\b|\bmittelmäßig\b|\bgemischte gefühle\b"
        r"|\bpasst schon\b|\bgeht so\b|\bhält sich die waage\b",
        re.IGNORECASE,
    ),
}
IF_CLAUSE = {
    "en": re.compile(r"\b(?:if|in case|when)\b[^,?]*", re.IGNORECASE),
    "de": re.compile(r"\b(?:wenn|falls|sofern)\b[^,?]*", re.IGNORECASE),
}

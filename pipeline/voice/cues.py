"""Phrase rules: multi-word patterns of customer-service feedback, English and German.

Much feedback reports what happened rather than how it felt — "I have been waiting three weeks for my
refund", "Das Ladekabel fehlte im Karton", "sorted out in five minutes". Word lexicons miss such
sentences (their words carry no tone of their own), so these rules name the *events* that make a
service experience good or bad, grouped by what went wrong or right:

* time: waiting for days, still nothing, later than promised / within minutes, same day, on time
* contact: no answer, passed from one department to the next, having to call again / took the time,
  kept informed, taken seriously
* things: fell apart, stopped working, logs me out / as described, fits perfectly, in one piece
* money: hidden fees, charged twice / money back, no extra cost
* verdicts: never again, nothing to complain about, will order again

Each rule has a valence on VADER's -4..+4 scale and is added to the lexicon score. A rule preceded by
a negation within three words flips (×-0.74, VADER's factor: "I never had to wait", "no hidden
fees"); a rule before a contrast word counts half and after it 1.5× (as words do). The lists were
written in the third round of rules, from the categories above and the errors of the development
sets; see docs/sentiment.md for how they were evaluated.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser behind re (Python 3.11+); only for the pre-check below
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

from pipeline.voice import lexicon_de as de
from pipeline.voice.rules import rules_for

NUMBER_EN = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|few|couple of)"
)
NUMBER_DE = r"(?:\d+|eine[mnr]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|dreißig|wenigen|paar)"
_NEG_EN = r"(?:\b(?:never|not|no longer|nobody|no one)\b|n't)"
_FULFIL_EN = (
    r"(?:arriv\w*|come|came|comes|show(?:s|ed)? up|work(?:s|ed)?|answer\w*|respond\w*|repl(?:y|ied|ies)"
    r"|call(?:ed)? (?:me )?back|deliver\w*|receiv\w*|refund\w*|fix\w*|solv\w*|resolv\w*|tell|told)"
)


def _rules(*pairs: tuple[str, float]) -> list[tuple[re.Pattern, float]]:
    return [(re.compile(pattern, re.IGNORECASE), value) for pattern, value in pairs]


CUES_EN = _rules(
    # verdicts and comparisons with what was promised
    (_NEG_EN + r"(?:\W+\w+){0,3}?\W+" + _FULFIL_EN + r"\b", -2.0),  # a promise not kept
    (r"\bnever\b.*\bagain\b", -2.0),
    (
        r"\b(?:longer|later|slower|more expensive)\s+than\s+(?:promised|expected|announced|agreed|planned|stated)",
        -2.0,
    ),
    (
        r"\b(?:earlier|sooner|faster|quicker|shorter|cheaper|better)\s+than\s+(?:promised|expected|announced|planned)",
        2.0,
    ),
    (
        r"(?:couldn't|could not|can't|cannot|never)\s+(?:\w+\s+)?(?:be|been|had|have had|have been)\s+"
        r"(?:a\s+)?(?:happier|better|more satisfied|more pleased)",
        3.0,
    ),
    (
        r"\b(?:nothing|no need) to (?:complain|improve|critici[sz]e|fault)\b|\b(?:can't|cannot|couldn't) complain\b"
        r"|\bno complaints\b",
        2.5,
    ),
    (
        r"\b(?:will|would|'ll)\s+(?:(?:definitely|certainly|surely|happily|gladly)\s+)?(?:order|buy|shop|come|be)\s+"
        r"(?:\w+\s+)?(?:again|back)\b",
        1.5,
    ),
    (r"\b(?:is|was|are|were)\s+(?:a\s+)?(?:joke|farce|disgrace|scandal)\b", -2.0),
    # time
    (
        r"\bstill\s+(?:waiting|no|not|nothing|hasn't|haven't|has not|have not|isn't|is not|doesn't|does not|can't|cannot)\b",
        -1.5,
    ),
    (
        r"\b(?:wait(?:ed|ing)?|queu(?:e|ed|ing))\b(?:\W+\w+){0,4}?\W+"
        + NUMBER_EN
        + r"\s+(?:minutes|hours?|days?|weeks?|months?)\b",
        -1.5,
    ),
    (
        r"\b(?:over|more than|almost|nearly)\s+" + NUMBER_EN + r"\s+(?:minutes|hours?|days|weeks?|months?)\b",
        -1.2,
    ),
    (r"\bafter\s+" + NUMBER_EN + r"\s+(?:weeks?|months?)\b", -1.0),
    (r"\b(?:long|endless|huge)\s+(?:queues?|lines?|waits?|waiting)\b", -1.5),
    (
        r"\btoo\s+(?:long|late|expensive|small|big|large|slow|short|much|many|little|complicated|difficult|tight|loose)\b",
        -1.5,
    ),
    (r"\bhung up\b|\btook (?:forever|ages)\b|\bon hold\b", -1.5),
    (
        r"\b(?:within|in|under|less than|in less than|in under|after only|only took|took only|took just)\s+"
        + NUMBER_EN
        + r"\s+(?:\w+\s+)?(?:seconds?|minutes?|hours?|days?)\b",
        1.5,
    ),
    (r"\b(?:same|next)\s+(?:day|morning|afternoon|evening)\b|\bovernight\b", 1.5),
    (
        r"\b(?:right away|straight away|in no time|at once|first time|on the spot|in one go|on time|in time"
        r"|ahead of schedule|\w+ days? early)\b",
        1.3,
    ),
    # contact
    (
        r"\b(?:no|never (?:got|received|had|heard)(?:\s+(?:a|an|any))?|without (?:a|an|any))\s+(?:answer|reply|response"
        r"|callback|call back|confirmation|feedback|update|explanation|solution|word|news|follow-up)\b",
        -1.6,
    ),
    (
        r"\bin circles\b|\bback and forth\b|\bfrom pillar to post\b|\bpassed around\b|\b(?:sent|sending|sends)\s+me\s+back\b"
        r"|\btransferred\s+(?:\w+\s+){0,2}?(?:times|again|around)\b",
        -1.5,
    ),
    (r"\bkept\s+(?:on\s+)?\w+ing\b", -1.0),
    (
        r"\b(?:had|have had|have|has|having|needed|need)\s+to\s+(?:call|ring|phone|explain|write|ask|chase|repeat|wait|send|go back|contact"
        r"|complain|fight|beg|remind|push)\w*",
        -1.3,
    ),
    (
        r"\b(?:three|four|five|six|several|multiple|many|countless|\d+)\s+(?:times|e-?mails|calls|phone calls|attempts"
        r"|letters|reminders|(?:different\s+)?(?:people|agents|departments))\b",
        -1.0,
    ),
    (
        r"\bwithout\s+(?:any\s+|a\s+|an\s+|prior\s+)?(?:notice|warning|reminder|asking me|my (?:consent|permission|approval)|explanation|reason"
        r"|telling|informing|contacting|anyone|a word|notification)\b",
        -1.5,
    ),
    (
        r"\bwithout\s+(?:asking\s+)?(?:any\s+|a\s+)?(?:questions?|problems?|issues?|hassle|fuss|delay|trouble|complications?"
        r"|extra (?:costs?|charges?)|quibbl\w*|discussion|argument|arguing|debate)\b",
        1.5,
    ),
    (
        r"\btook (?:the|his|her|their|a lot of|plenty of|enough) time\b|\bwent out of (?:their|his|her|its) way\b"
        r"|\bstayed on the line\b|\bcalled (?:me )?(?:ahead|back)\b|\bkept (?:me )?(?:informed|updated|posted)\b"
        r"|\btaken seriously\b|\btook (?:it|me|my \w+|the \w+) seriously\b|\bat every step\b",
        1.5,
    ),
    # things
    (
        r"\b(?:stopped|stops|quit|quits)\s+working\b|\bbroke\s+down\b|\b(?:fell|came|falling|coming)\s+apart\b"
        r"|\bwent dead\b|\bdead on arrival\b",
        -1.8,
    ),
    (r"\b(?:logs?|logged|kicks?|kicked)\s+(?:me\s+)?out\b", -1.5),
    (r"\bout of stock\b|\bsold out\b|\b(?:ran|run|running) out\b|\bunavailable\b", -1.3),
    (r"\bsome(?:one|body) else'?s\b", -1.5),
    (
        r"\b(?:smaller|bigger|larger|tighter|looser|darker|lighter|thinner|different)\s+than\s+(?:\w+\s+)?(?:shown|pictured"
        r"|described|expected|advertised|stated|in the (?:photos?|pictures?|images?|description)|on the (?:website|photos?"
        r"|pictures?|site|app)|online|ordered|usual|normal|the size|it looked|it looks|the (?:size )?(?:chart|guide|label)"
        r"|(?:the )?(?:chart|guide|label) (?:says|said|suggests|shows))\b"
        r"|\b(?:completely|totally|entirely|quite|very)\s+different\b",
        -1.3,
    ),
    (r"\bin the rain\b", -1.3),
    (r"\b(?:never|not|didn't|did not)\s+(?:\w+\s+)?(?:ordered|asked for|requested|agreed to)\b", -1.5),
    (
        r"\bnot what (?:was|I|we)\s+(?:\w+\s+)?(?:described|ordered|promised|advertised|shown|expected)\b",
        -1.5,
    ),
    (r"\b(?:exceeded|surpassed|beat)\s+(?:my\s+|our\s+|all\s+)?expectations\b", 2.0),
    (r"\bfed up\b", -2.0),
    (
        r"\bspot on\b|\bas (?:ordered|described|promised|advertised|shown|pictured|agreed)\b|\bexactly (?:as|what)\b"
        r"|\b(?:exactly |just )?when promised\b"
        r"|\bfits? perfectly\b|\bin one piece\b|\bin stock\b",
        1.2,
    ),
    (r"\bsaves?\s+(?:me\s+)?(?:a lot of\s+|lots of\s+)?(?:time|money|a trip|hassle)\b|\bsaved me\b", 1.5),
    (r"\b(?:one|two|three|a few|few|a couple of)\s+clicks?\b", 1.2),
    # money
    (r"\bcharged\s+(?:me\s+)?(?:twice|double)|\bdouble[- ]charged", -2.0),
    (r"\b(?:hidden|extra|additional|unexpected|surprise)\s+(?:fees?|charges?|costs?)\b", -1.5),
    (r"\bmoney back\b|\bfull refund\b", 1.3),
)

CUES_DE = _rules(
    # verdicts and comparisons with what was promised
    (r"\bnie(?:mals)?\s+wieder\b(?!\s+(?:woanders|anderswo|nirgendwo))", -2.0),
    (
        r"\b(?:länger|später|langsamer|teurer)\s+(?:\w+\s+)?als\s+(?:versprochen|erwartet|angekündigt|vereinbart|geplant)",
        -2.0,
    ),
    (
        r"\b(?:früher|schneller|kürzer|günstiger|besser)\s+(?:\w+\s+)?als\s+(?:versprochen|erwartet|angekündigt|geplant)",
        2.0,
    ),
    (r"\bbesser\s+(?:hätte|könnte|kann|geht)\b.*\bnicht\b", 3.0),
    (
        r"\b(?:nichts|nix) zu (?:meckern|beanstanden|verbessern|bemängeln|klagen)\b|\bnicht (?:beklagen|beschweren|meckern)\b"
        r"|\bkeine (?:klagen|beanstandungen)\b",
        2.5,
    ),
    (
        r"\b(?:bestelle|kaufe|komme)\s+(?:ich\s+)?(?:(?:bestimmt|sicher|gerne?|definitiv|jederzeit|auf jeden fall)\s+)*wieder\b"
        r"|\bimmer wieder gerne?\b",
        1.5,
    ),
    (r"\bschon wieder\b", -1.5),
    # time
    (r"\b(?:immer noch|noch immer)\b|\bbis heute\s+(?:nicht|kein\w*|nichts)\b", -1.2),
    (
        r"\bseit\s+(?:über\s+|mehr als\s+|fast\s+)?(?:"
        + NUMBER_DE
        + r"\s+)?(?:halben\s+)?(?:stunden?|tag(?:en)?|wochen?"
        r"|monat(?:en)?)\b",
        -1.3,
    ),
    (r"\b(?:viel\s+)?zu\s+(?:lang\w*|spät|teuer|klein|groß|eng|weit|kurz|wenig|langsam|kompliziert)\b", -1.5),
    (r"\berst\s+(?:nach|am|im|beim|mit|ab|in)\b", -1.0),
    (
        r"\b(?:innerhalb|binnen|nach nur|in nur|in weniger als|weniger als)\s+(?:von\s+)?(?:\w+\s+){0,2}?"
        r"(?:sekunden?|minuten?|stunden?|tag(?:e|en|es)?)\b|\bin\s+" + NUMBER_DE + r"\s+minuten\b",
        1.5,
    ),
    (
        r"\b(?:am|noch am)\s+(?:selben|gleichen|nächsten|folgenden)\s+(?:tag|morgen|vormittag|nachmittag|abend)\b"
        r"|\büber nacht\b",
        1.5,
    ),
    (r"\bauf anhieb\b|\bruck,?\s*zuck\b|\bim nu\b", 1.5),
    # contact
    (
        r"\b(?:kein\w*|nie(?:mals)?\s+(?:eine?n?\s+)?)\s*(?:antwort|rückmeldung|reaktion|lösung|rückruf|bestätigung"
        r"|info|information(?:en)?|nachricht|hilfe|entschuldigung)\b",
        -1.6,
    ),
    (r"\bvon\s+(\w+)\s+zu\s+\1\b|\bim kreis\b|\bhin und her\b", -1.5),
    (
        r"\bmusste\w*\s+(?:\w+\s+){0,4}?(?:anrufen|nachfragen|schreiben|warten|erklären|nachhaken|kämpfen|mahnen"
        r"|betteln|wiederholen)\b",
        -1.3,
    ),
    (
        r"\b(?:drei|vier|fünf|sechs|x|zig)-?mal\b|\bmehrfach\b|\bmehrmals\b"
        r"|\b(?:drei|vier|fünf|sechs|mehrere|etliche|\d+)\s+(?:verschiedenen\s+)?(?:e-?mails|mails|anrufe|anläufe|versuche"
        r"|schreiben|mitarbeiter\w*|leuten|personen|abteilungen)\b",
        -1.0,
    ),
    (r"\b(?:lange|endlose)\s+(?:schlangen?|warteschlangen?|wartezeit\w*)\b", -1.5),
    (
        r"\bohne\s+(?:jede\s+|jegliche\s+|vorherige\s+)?(?:rücksprache|vorwarnung|ankündigung|grund|begründung|erklärung"
        r"|info\w*|bescheid|zustimmung|einverständnis|benachrichtigung|nachricht|mitteilung|absprache|nachfrage|rückfrage)\b",
        -1.5,
    ),
    (
        r"\bohne\s+(?:jede\s+|weitere\s+|große\s+)?(?:probleme?|aufpreis|zusatzkosten|mehrkosten|diskussion(?:en)?|wartezeit"
        r"|umwege|stress|komplikationen|schwierigkeiten|murren|nachfragen|rückfragen)\b",
        1.5,
    ),
    (
        r"\bzeit\b(?:\W+\w+){0,3}?\W+genommen\b|\bins zeug gelegt\b|\bernst genommen\b|\bauf dem laufenden\b",
        1.5,
    ),
    # things
    (
        r"\b(?:meldet|loggt|wirft)\s+(?:mich\s+)?(?:\w+\s+){0,3}?(?:ab|aus|raus)\b|\bstürzt\s+(?:\w+\s+){0,4}?ab\b"
        r"|\bhängt sich\s+(?:\w+\s+){0,2}?auf\b|\bbricht\s+(?:\w+\s+){0,4}?ab\b",
        -1.5,
    ),
    (r"\bgeist aufgegeben\b|\bauseinander\w*", -2.0),
    (
        r"\b(?:kleiner|größer|enger|weiter|dunkler|heller|dünner|anders)\s+als\s+(?:\w+\s+){0,2}?(?:abgebildet|beschrieben"
        r"|erwartet|angegeben|gezeigt|foto|fotos|bild|bildern|bestellt|gewohnt|üblich|online|gedacht|im shop|angekündigt)\b"
        r"|\b(?:ganz|völlig|komplett|total)\s+anders\b",
        -1.3,
    ),
    (r"\bim regen\b", -1.3),
    (r"\bvon jemand(?:em)? anderem?\b", -1.5),
    (r"\b(?:nicht|nie)\s+(?:\w+\s+)?(?:bestellt|angefordert|beauftragt)\b", -1.5),
    (
        r"\bwie\s+(?:bestellt|beschrieben|versprochen|angekündigt|abgebildet|vereinbart|angegeben)\b|\bwie angegossen\b"
        r"|\bzur\s+(?:versprochenen|vereinbarten|angekündigten|gewünschten)\s+zeit\b",
        1.2,
    ),
    (r"\bdie nase voll\b", -2.0),
    (r"\b(?:zwei|drei|wenigen|ein paar)\s+klicks?\b", 1.2),
    # money
    (r"\b(?:doppelt|zweimal)\s+(?:\w+\s+)?(?:berechnet|abgebucht|bezahlt)", -2.0),
    (r"\b(?:geld|betrag|erstattung|gutschrift)\b(?:\W+\w+){0,6}?\W+zurück\b", 1.2),
)

NEGATORS_EN = {"no", "not", "never", "without", "nothing", "hardly"}
NEGATORS_DE = de.NEGATIONS | {"nichts"}  # the word rules' negations, plus "nichts zu …"
# English contrast words (the German ones live in the lexicon module, lexicon_de.CONTRASTS); VADER applies
# its own rule to "but" inside its scorer. The concessives end a clause for the aspects' polarity
# (sentiment.split_clauses) but are not weighted in the item's score.
CONTRASTS_EN = {"but", "however", "yet"}
CONCESSIVES_EN = {"although", "though", "whereas"}
CLAUSE_CONTRASTS_EN = CONTRASTS_EN | CONCESSIVES_EN
ADVERBS_EN = {"however"}  # stands inside its clause ("The quality, however, is poor"); the others join two


def _any_word(words: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(words)) + r")\b", re.IGNORECASE)


CONTRAST_EN = _any_word(CONTRASTS_EN)
CONTRAST_DE = _any_word(de.CONTRASTS)
CLAUSE_CONTRAST_EN = _any_word(CLAUSE_CONTRASTS_EN)
CLAUSE_CONTRAST_DE = _any_word(de.CLAUSE_CONTRASTS)
_CLAUSE_CUT = re.compile(r"[,;:–—]")
_WORDS = re.compile(r"[\w']+")


# named rule families a preceding negation flips; a negated negative, a broken promise ("nobody told me
# … still") and a complaining question carry their own negation
FLIPPING_FAMILIES = {"event", "comparison"}
# an open problem decides a mixed comment wherever it stands (labelling guide of sets 4 and 6: "mixed rule
# 1"): the ``open`` family is weighted as after a contrast word on either side of it
UNWEIGHTED_FAMILIES = {"open"}


def _key_regex(keys: tuple[str, ...] | None) -> re.Pattern[str] | None:
    return None if not keys else re.compile("|".join(re.escape(key) for key in keys))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case literal strings one of which every match of ``pattern`` contains, read from the parsed
    pattern (for each top-level alternative the longest run of literal characters it cannot match
    without, or such runs of a group it must match); None when some alternative has none. A pre-check for
    the phrase rules, as ``rules.KEYS`` is for the named rules (throughput)."""
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser of another Python version: no pre-check, the rule always runs
        return None
    found = _literals(list(parsed))
    return None if found is None else tuple(sorted({key.lower() for key in found}))


def _literals(items: list) -> set[str] | None:
    best: set[str] | None = None
    run = ""

    def consider(candidates: set[str] | None) -> None:
        nonlocal best
        shortest = min(map(len, candidates)) if candidates else 0
        if shortest >= 2 and (best is None or shortest > min(map(len, best))):
            best = candidates

    for op, arg in items:
        if op is _sre_constants.LITERAL:
            run += chr(arg)
            continue
        consider({run} if run else None)
        run = ""
        if op is _sre_constants.SUBPATTERN:
            consider(_literals(list(arg[-1])))
        elif op is _sre_constants.BRANCH:
            branches = [_literals(list(branch)) for branch in arg[1]]
            if all(branches):
                consider(set().union(*branches))
        elif op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT) and arg[0] >= 1:
            consider(_literals(list(arg[2])))
    consider({run} if run else None)
    return best


@lru_cache(maxsize=2)
def _prepared(
    language: str,
) -> list[
    tuple[re.Pattern[str], float, str | None, re.Pattern[str] | None, bool, bool, frozenset[str] | None]
]:
    """(pattern, value, name, pre-check of its keys, flips on a preceding negation, unweighted, keys) for every
    rule of the language: the unnamed phrase rules, then the named rules of ``rules`` (keys as one substring
    regex, and as a set for ``_present_keys``)."""
    cues = CUES_DE if language == "de" else CUES_EN
    unnamed = [(pattern, value, None, required_literals(pattern), True, False) for pattern, value in cues]
    named = [
        (
            rule.pattern,
            rule.value,
            f"{rule.family}:{rule.name}",
            rule.keys,
            rule.family in FLIPPING_FAMILIES,
            rule.family in UNWEIGHTED_FAMILIES,
        )
        for rule in rules_for(language)
    ]
    return [
        (pattern, value, name, _key_regex(keys), flips, unweighted, frozenset(keys) if keys else None)
        for pattern, value, name, keys, flips, unweighted in unnamed + named
    ]


@lru_cache(maxsize=2)
def _key_scan(
    language: str,
) -> tuple[re.Pattern[str], dict[str, frozenset[int]], frozenset[int]]:
    """One scan for the pre-check keys of all rules of the language (throughput: one pass over the text
    instead of one search per rule). The keys are tried longest first at every position, so the key found
    at a position is the longest there; every key occurring at that position is a prefix of it, so the
    rules of every key it contains are candidates (``rules_of``: key found -> indices in ``_prepared``).
    Rules without keys are always candidates."""
    prepared = _prepared(language)
    keys = sorted({key for *_, rule_keys in prepared for key in rule_keys or ()})
    scan = re.compile("(?=(" + _trie_pattern(keys) + "))")
    rules_of = {
        key: frozenset(
            i for i, (*_, rule_keys) in enumerate(prepared) if rule_keys and any(k in key for k in rule_keys)
        )
        for key in keys
    }
    always = frozenset(i for i, (*_, rule_keys) in enumerate(prepared) if rule_keys is None)
    return scan, rules_of, always


def _trie_pattern(keys: list[str]) -> str:
    """A regular expression matching the longest of ``keys`` that starts at a position: the keys as a
    character trie (each character tried once however many keys share it), longer continuations first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a key

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a key ends here: the continuation is optional (greedy, so the longer key wins)
            return "(?:" + body + ")?"
        return body

    return pattern(trie)


def _candidates(lower: str, language: str) -> list[int]:
    """Indices (in ``_prepared`` order) of the rules one of whose pre-check keys occurs in ``lower`` (a
    lower-cased text), and of the rules without keys."""
    scan, rules_of, always = _key_scan(language)
    candidates = set(always)
    for found in {match.group(1) for match in scan.finditer(lower)}:
        candidates |= rules_of[found]
    return sorted(candidates)


def cue_valence(text: str, language: str, fired: list[str] | None = None) -> float:
    """Sum of the phrase rules (``CUES_*``, unnamed) and the named rules of ``rules`` that match ``text``,
    each flipped when a negation precedes it and weighted by its side of the last contrast word. The
    names of the named rules that match are appended to ``fired`` when it is given."""
    negators, contrast = (NEGATORS_DE, CONTRAST_DE) if language == "de" else (NEGATORS_EN, CONTRAST_EN)
    pivot = max((m.start() for m in contrast.finditer(text)), default=None)
    total = 0.0
    prepared = _prepared(language)
    for index in _candidates(
        text.lower(), language
    ):  # a rule none of whose pre-check words occurs cannot match
        pattern, value, name, _, flips, unweighted, _ = prepared[index]
        for match in pattern.finditer(text):
            if fired is not None and name:
                fired.append(name)
            # the three words before the match, within its clause (a negation before a comma is another clause's)
            before = _WORDS.findall(_CLAUSE_CUT.split(text[: match.start()].lower())[-1])[-3:]
            valence = value
            # a negated negative carries its own negation; one before it is a list ("no X, no Y"), not a flip
            if flips and any(word in negators or word.endswith("n't") for word in before):
                valence *= -0.74
            if pivot is not None:
                valence *= 1.5 if unweighted or match.start() >= pivot else 0.5
            total += valence
    return total

"""Personal data: keyed-hash pseudonyms (HMAC-SHA256, key from JOURNEY_PII_KEY) and the one scrubber.

Every place that writes text under the warehouse directory goes through this module: identifier
columns (``protect_column(kind="id")``: a value that *is* an e-mail address or a phone number becomes
its bare pseudonym, ``email_<hash>``; normal ids stay as they are), direct-identifier columns
(``email``, ``name``, ``phone``, ``address``: every value hashed), free text, URLs and JSON
(``kind="text"``: e-mail addresses, phone numbers and the values of personal URL parameters and JSON
keys replaced by ``<email_<hash>>``, ``<phone_<hash>>``, ...), the quarantine's raw text and reasons,
column names shown in messages.

The detection is one list of regular expressions, ``_ALTERNATIVES``, written in the syntax both
polars (Rust ``regex``: no look-around, no back-references) and Python's ``re`` read the same way.
A column is scrubbed with polars expressions: a cheap ``str.contains`` over every row, then
``str.extract_all`` on the rows it flags; only the *distinct* candidate strings go through Python
(validation of digit counts, look-alike rules, HMAC), and the replacements go back into the flagged
rows with one Aho-Corasick ``str.replace_many``. No Python loop over rows.

Measured on the hand-labelled corpus ``benchmarks/pii_eval/corpus.tsv`` (``python -m
benchmarks.pii_eval``; figures in docs/ingestion.md).
"""

from __future__ import annotations

import functools
import hmac
import re
from urllib.parse import unquote_plus

import polars as pl

# ------------------------------------------------------------------------------------------ patterns
# separators inside a phone number: spaces (any Unicode space, including no-break and thin spaces),
# . / ( ) and every dash (hyphen, non-breaking hyphen, en and em dash, minus), or %20 in URLs
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_SEP = rf"(?:[\s./(){_DASHES}]|%20)"
_DIGIT = rf"(?:{_SEP}{{0,3}}[0-9])"  # one more digit, after at most three separator characters
# a letter-digit code glued to the end of a number ("0123-4567-89AB"): captured so it can be refused
_TAIL = r"(?:[-/.]?[A-Z0-9]*[A-Z][A-Z0-9]*\b|\b)"
_PHONE_WORDS = (
    r"tel(?:efon)?(?:nummer|nr)?|telephone|phone|fon|mobil(?:e|telefon|nummer|nr)?|handy(?:nummer|nr)?"
    r"|fax|rufnummer|cell|ph|whatsapp|sms"
)
_AT = r"(?:\s?(?:@|＠|%40)\s?|\s?[\[({<]\s?(?i:at|ät)\s?[\])}>]\s?)"
_DOT = r"(?:\.|\s?[\[({<]\s?(?i:dot|punkt)\s?[\])}>]\s?)"
_LABEL = r"[\w-]+"
_TLD = r"[^\W\d_]{2,}"  # letters only: node@18.17.0 is not an address
# names of URL parameters and JSON keys whose values are personal, and the pseudonym kind of each
_PERSONAL_KEYS = (
    r"e-?mail(?:[_-]?address)?|mail|emailaddress|phone(?:[_-]?number)?|tel(?:efon|ephone)?|mobile?|handy"
    r"|fax|msisdn|(?:first|last|full|sur|given|family|user)[_-]?name|[fl]name|name|vorname|nachname"
    r"|address(?:[_-]?line)?[12]?|adresse|street(?:[_-]?address)?|stra(?:ss|ß)e|birthday|birthdate|dob"
    r"|geburtsdatum|iban"
)

# (name, pattern, personal?) in the order of preference where two start at the same character.
# Non-personal alternatives ("protected") are there to consume look-alikes, so that no phone number
# is found inside an IBAN, a date or a time.
_ALTERNATIVES: list[tuple[str, str, bool]] = [
    ("pseudonym", r"\b(?:email|phone|name|address|personal)_[0-9a-f]{24}\b", False),
    ("param", rf"(?P<param_key>[?&#;](?i:{_PERSONAL_KEYS})=)(?P<param_value>[^&#;\s\"'<>]*)", True),
    (
        "json",
        rf"(?P<json_key>\"(?i:{_PERSONAL_KEYS})\"\s*:\s*)"
        r"(?P<json_value>\"(?:[^\"\\]|\\.)*\"|[+0-9][0-9\s./()-]*[0-9])",
        True,
    ),
    (
        "phone_word",
        rf"(?P<word>\b(?i:{_PHONE_WORDS})\b(?:[\s.:/=-]|(?i:nr)\b)*)(?P<number>(?:\+|%2B|\(?[0-9]){_DIGIT}{{3,}}){_TAIL}",
        True,
    ),
    ("email", rf"\w[\w.%+'-]*{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD}\b", True),
    ("email_words", rf"\b\w[\w.+-]*\s(?i:at)\s{_LABEL}(?:\s(?i:dot|punkt)\s{_LABEL})+\b", True),
    ("iban", r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", False),
    (
        "date",
        r"\b(?:19|20)[0-9][0-9][-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12][0-9]|3[01])"
        r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\b"
        r"|\b[0-9]{1,2}[./-][0-9]{1,2}[./-](?:[0-9]{4}|[0-9]{2})\b|\b[0-9]{1,2}\.[0-9]{1,2}\.",
        False,
    ),
    (
        "time",
        rf"\b[0-9]{{1,2}}[:.][0-9]{{2}}\s?(?:[{_DASHES}]|bis|to|und)\s?[0-9]{{1,2}}[:.][0-9]{{2}}"
        r"|\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|\b[0-9]{1,2}\.[0-9]{2}\s?(?i:uhr|h)\b",
        False,
    ),
    ("international", rf"(?P<prefix>\+|%2B|\b00)[1-9]{_DIGIT}{{5,}}{_TAIL}", True),
    ("national", rf"(?:\(\s?|\b)0[\s)]{{0,2}}[1-9]{_DIGIT}{{5,}}{_TAIL}", True),
    (
        "us",
        rf"(?:\b1[\s.{_DASHES}]?)?(?:\(\s?[2-9][0-9][0-9]\s?\)|\b[2-9][0-9][0-9])[\s.{_DASHES}]{{0,2}}[0-9]{{3}}"
        rf"[\s.{_DASHES}]\s?[0-9]{{4}}\b",
        True,
    ),
]
_TOKEN = "|".join(f"(?:{pattern})" for _, pattern, _ in _ALTERNATIVES)
# The first pass over every row: a necessary condition for any personal alternative above (an at-sign
# or its spellings, a personal URL / JSON key, a phone word, or a run of 5+ digits that starts like a
# phone number), in ASCII classes only. It is cheap to run and, unlike the Unicode classes of _TOKEN,
# cheap to compile: polars keeps few compiled patterns, and ingestion recompiles per file.
# tests/test_pii.py checks that it flags every row _TOKEN would change, on both labelled corpora.
_NA = "[^0-9A-Za-z]"
_PREFILTER = "|".join(
    [
        r"@|＠|%40|%2B|[\[({<]\s?(?i:at|ät)\s?[\])}>]|\s(?i:at)\s",
        rf"[?&#;\"](?i:{_PERSONAL_KEYS})[\"=]",
        rf"(?i:{_PHONE_WORDS}){_NA}{{0,4}}(?:\+|\(|00[1-9](?:[0-9]{{6}}|[0-9]{{0,5}}{_NA})|0[1-9]|[1-9])",  # not phone-0020352
        rf"(?:^|{_NA})(?:\+|00[1-9](?:[0-9]{{4}}|[0-9]{{0,3}}{_NA})|0{_NA}{{0,2}}[1-9]|\({_NA}?[0-9]"
        rf"|[2-9][0-9]{{2}}{_NA}|1{_NA}{{1,2}}[0-9])(?:{_NA}{{0,3}}[0-9]){{4}}",
    ]
)
_FULL = [(name, re.compile(pattern)) for name, pattern, _ in _ALTERNATIVES]
# a whole identifier value that is a phone number written without separators or a phone word
_ID_PHONE = rf"(?:\+|00|0)[1-9]{_DIGIT}{{5,}}"
_PSEUDONYM_VALUE = re.compile(r"<?(?:email|phone|name|address|personal)_[0-9a-f]{24}>?")
_MOBILE = re.compile(r"0(?:1[5-7]|6[5-9]|7[5-9])")  # DE 015x-017x, AT 065x-069x, CH/UK 075-079
_IMAGE_SUFFIX = {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff"}
# an e-mail address after header canonicalisation (@ and . became _): max_example_com
_CANONICAL_EMAIL = re.compile(r"\w+_\w+_(?:com|de|at|ch|org|net|eu|info|io|co_uk|uk|fr|it|nl|biz|us)")
# column names that say their values are personal (extra columns no mapping knows: kept out of the
# quarantine's raw text altogether)
_PERSONAL_COLUMN = re.compile(
    r"mail|phone|telef|(?:^|_)tel(?:_|$|nr)|fon(?:_|$)|mobil|handy|fax|ruf|name|street|stra(?:ss|ß)e"
    r"|adress|address|anschrift|geburt|birth|iban"
)


# ------------------------------------------------------------------------------------------ pseudonyms
_OBFUSCATED_AT = re.compile(r"\s?[\[({<]\s?(?i:at|ät)\s?[\])}>]\s?|\s(?i:at)\s|\s?＠\s?|\s@\s?|@\s")
_OBFUSCATED_DOT = re.compile(r"\s?[\[({<]\s?(?i:dot|punkt)\s?[\])}>]\s?|\s(?i:dot|punkt)\s")
_NON_DIGITS = re.compile(r"\D")


def _normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "email":
        if "%40" in value:
            value = unquote_plus(value.replace("+", "%2B"))
        if not value.isascii() or any(c in value for c in " [({<"):  # spelled out: max [at] example.com
            value = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", value))
        return value.lower()
    if kind == "phone":
        digits = _NON_DIGITS.sub("", value.replace("%2B", "+").replace("%20", " "))
        return digits[2:] if digits.startswith("00") else digits
    return " ".join(value.lower().split())


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """Stable keyed hash of one identifier; the same person gets the same pseudonym in every file."""
    digest = hmac.digest(key, f"{kind}:{_normalise(kind, value)}".encode(), "sha256").hex()  # one-shot
    return f"{kind}_{digest[:24]}"


def pseudonymise_column(series: pl.Series, key: bytes, kind: str) -> pl.Series:
    """Hash every non-empty value of a column (one HMAC per distinct value)."""
    uniques = series.drop_nulls().unique()
    mapping = {v: pseudonym(key, kind, v) for v in uniques.to_list() if v.strip()}
    return series.replace_strict(mapping, default=None, return_dtype=pl.String)


# ------------------------------------------------------------------------------------------ validation
def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.replace("%2B", "+").replace("%20", " "))


def _has_code_tail(number: str) -> bool:
    """A letter code glued to the number (serial numbers, SKUs); an extension "x12" is not one."""
    return bool(re.search(r"[A-Za-z]", number)) and not re.search(r"(?i)x\d+$", number)


def _split_numbers(number: str) -> list[str]:
    """Parts of a run that holds more digits than one phone number ("030 1234567 / 0171 1234567")."""
    return [part for part in re.split(r"\s[/|,;]\s|\s[-–—]\s|\s{2,}", number) if part]


def _phone_ok(name: str, number: str, after_word: bool = False) -> bool:
    """Whether a candidate found by the phone alternative ``name`` is a phone number: digit counts,
    trunk and mobile prefixes, and the look-alikes the corpus decided against. After a phone word
    ("Telefon:0301234567") a bare run of digits counts too, but the prefixes and lengths still do:
    "phone-0010146" is a zero-padded id."""
    if _has_code_tail(number):
        return False
    digits = _digits(number)
    start = number.lstrip("( ")
    separated = bool(re.search(rf"{_SEP}", start.rstrip(")")))
    if re.fullmatch(r"\+?\d{1,3}(?:\.\d{3})+", number):  # +1.234.567: a count, not a number
        return False
    if re.search(r"(?:^|\D)\d{2,4}/(?:19|20)\d\d$", number) and not after_word:  # 0815/2026
        return False
    if name == "phone_word":
        name = (
            "international"
            if start.startswith(("+", "%2B", "00"))
            else "national"
            if start.startswith("0")
            else "us"
        )
    if name == "international":
        international = digits[2:] if start.startswith("00") else digits
        if start.startswith("00") and not separated and len(digits) < 11 and not after_word:
            return False  # SAP-style document number 0012345678
        return 7 <= len(international) <= 15 and international[0] != "0"
    if name == "national":
        if not 7 <= len(digits) <= 13 or digits[1] == "0":
            return False
        if re.match(r"\(?0[2-9]\D", number):  # a two-digit area code "06.2345.01": not a number here
            return False
        if not separated and not after_word:  # a bare run of digits is an account number unless mobile
            return bool(_MOBILE.match(digits)) and 10 <= len(digits) <= 12
        return True
    return len(digits) == 10 or (len(digits) == 11 and digits[0] == "1")  # us


def _scrub_phone(name: str, number: str, key: bytes, after_word: bool = False) -> str | None:
    if _phone_ok(name, number, after_word):
        return f"<{pseudonym(key, 'phone', number)}>"
    parts = _split_numbers(number)
    if len(parts) < 2:
        return None
    out, changed = number, False
    for part in parts:
        kind = "international" if part.startswith(("+", "00", "%2B")) else "national"
        if _phone_ok(kind, part, after_word):
            out, changed = out.replace(part, f"<{pseudonym(key, 'phone', part)}>", 1), True
    return out if changed else None


def _key_kind(key_name: str) -> str:
    k = key_name.lower()
    if "mail" in k:
        return "email"
    if any(w in k for w in ("tel", "phone", "mobil", "handy", "fax", "msisdn")):
        return "phone"
    if any(w in k for w in ("addr", "adress", "street", "stra")):
        return "address"
    if "name" in k:
        return "name"
    return "personal"


def _replacement(candidate: str, key: bytes) -> str | None:
    """What one extracted candidate becomes, or None when it stays (a look-alike, a pseudonym)."""
    for name, regex in _FULL:
        m = regex.fullmatch(candidate)
        if m is None:
            continue
        if name in ("pseudonym", "iban", "date", "time"):
            return None
        if name == "param":
            value = m.group("param_value")
            if not value or _PSEUDONYM_VALUE.fullmatch(value):
                return None
            kind = _key_kind(m.group("param_key").strip("?&#;="))
            return f"{m.group('param_key')}<{pseudonym(key, kind, unquote_plus(value))}>"
        if name == "json":
            value = m.group("json_value").strip('"')
            if not value.strip() or _PSEUDONYM_VALUE.fullmatch(value):
                return None
            kind = _key_kind(m.group("json_key").split('"')[1])
            return f'{m.group("json_key")}"<{pseudonym(key, kind, value)}>"'
        if name == "phone_word":
            number = m.group("number")
            if regex_date_or_time(number):
                return None
            scrubbed = _scrub_phone(name, number, key, after_word=True)
            return (
                None
                if scrubbed is None
                else m.group("word") + candidate[m.end("word") :].replace(number, scrubbed, 1)
            )
        if name in ("email", "email_words"):
            domain = re.split(r"[.\s\])}>]", candidate)[-1].lower()
            if domain in _IMAGE_SUFFIX:  # logo@2x.png
                return None
            return f"<{pseudonym(key, 'email', candidate)}>"
        return _scrub_phone(name, candidate, key)
    return None


def regex_date_or_time(text: str) -> bool:
    """Whether ``text`` is entirely a date or a time (the protected alternatives)."""
    return any(n in ("date", "time") and r.fullmatch(text.strip()) for n, r in _FULL)


# ------------------------------------------------------------------------------------------ columns
def scrub_text_column(series: pl.Series, key: bytes) -> pl.Series:
    """Replace e-mail addresses, phone numbers and personal URL parameters / JSON values inside every
    text of a column by their pseudonyms; everything else stays byte for byte."""
    series = series.cast(pl.String)
    suspect = series.str.contains(_PREFILTER).fill_null(False)
    if not suspect.any():
        return series
    rows = suspect.arg_true()
    texts = series.gather(rows)
    found = texts.str.extract_all(_TOKEN)
    mapping = {}
    for candidate in found.explode().drop_nulls().unique().to_list():
        replacement = _replacement(candidate, key)
        if replacement is not None and replacement != candidate:
            mapping[candidate] = replacement
    if not mapping:
        return series
    patterns = sorted(mapping, key=len, reverse=True)  # longest first where two start together
    hit = found.list.eval(pl.element().is_in(patterns)).list.any().fill_null(False)
    fixed = texts.filter(hit).str.replace_many(patterns, [mapping[p] for p in patterns], leftmost=True)
    return series.scatter(rows.filter(hit), fixed)


def scrub_identifier_column(series: pl.Series, key: bytes) -> pl.Series:
    """An identifier column (web customer_id / anonymous_id, CRM customer_id): a value that is an
    e-mail address or a phone number becomes its bare pseudonym (``email_<hash>``, the same one the
    CRM's e-mail column gets for that address); personal data inside a longer id is scrubbed like
    text; normal ids stay unchanged. A whole value in phone form without separators
    ("01701234567") counts as a phone number here, as after a phone word."""
    series = series.cast(pl.String)
    suspect = series.str.contains(_PREFILTER).fill_null(False)  # covers _ID_PHONE
    if not suspect.any():
        return series
    rows = suspect.arg_true()
    values = series.gather(rows)
    distinct = values.unique()
    scrubbed = scrub_text_column(distinct, key).str.replace(r"^<((?:email|phone)_[0-9a-f]{24})>$", "${1}")
    mapping = dict(zip(distinct.to_list(), scrubbed.to_list(), strict=True))
    for value in distinct.to_list():
        sap_like = value.startswith("00") and len(value) < 11  # 0012345678: a zero-padded number
        if (
            re.fullmatch(_ID_PHONE, value)
            and not sap_like
            and _phone_ok("phone_word", value, after_word=True)
        ):
            mapping[value] = pseudonym(key, "phone", value)
    return series.scatter(rows, values.replace_strict(mapping, return_dtype=pl.String))


def protect_column(series: pl.Series, key: bytes, kind: str) -> pl.Series:
    """Apply a table spec's PII rule to a column: ``text`` scrubs inside, ``id`` pseudonymises ids
    that are e-mails or phone numbers, any other kind hashes every value."""
    if kind == "text":
        return scrub_text_column(series, key)
    if kind == "id":
        return scrub_identifier_column(series, key)
    return pseudonymise_column(series, key, kind)


def protect_value(value: str, key: bytes, kind: str | None) -> str:
    """``protect_column`` for one value (malformed rows, messages)."""
    if not value.strip():
        return value
    if kind in (None, "text", "id"):
        column = protect_column(pl.Series([value]), key, kind or "text")
        return column[0]
    return pseudonym(key, kind, value)


def scrub_text(text: str, key: bytes) -> str:
    """Replace e-mail addresses and phone numbers inside one text (the column scrubber on one row)."""
    return scrub_text_column(pl.Series([text], dtype=pl.String), key)[0]


@functools.lru_cache(maxsize=4096)  # every file of a source has the same header
def safe_name(name: str) -> str:
    """A column name fit for messages and logs: a "name" that looks like an e-mail address or a phone
    number (a headerless file's first data row) is not repeated in clear text. Names are canonical
    (lower case, other characters turned into _), so they are checked with _ read as a space too, and
    a name with six or more digits is never a real header; "max_example_com" was an address."""
    spaced = name.replace("_", " ")
    looks_personal = (
        scrub_text(name, b"") != name
        or scrub_text(spaced, b"") != spaced
        or len(_digits(name)) >= 6
        or bool(_CANONICAL_EMAIL.fullmatch(name))
    )
    return "<hidden: looks like personal data>" if looks_personal else name


@functools.lru_cache(maxsize=4096)
def personal_column(name: str) -> bool:
    """Whether a column that no mapping knows should be kept out of everything, even the quarantine's
    raw text: its name says personal data (mail, phone, Rufnummer, name, street, ...) or is some."""
    return safe_name(name) != name or bool(_PERSONAL_COLUMN.search(name.lower()))

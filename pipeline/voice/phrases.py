"""Key phrases of a feedback item: normalised 1–3-token n-grams without stop words, for learning which
phrases move the customers' own scores (``fct_learned_phrases``) and for topics beyond the fixed aspect
list (``fct_emerging_topics``). The statistics live in dbt; this module only cuts text into phrases.

* Tokens: lower-cased words of letters (digits, e-mail pseudonyms and punctuation dropped), within one
  sentence or clause (n-grams never cross ``.``, ``!``, ``?``, ``;``, ``,`` or a contrast word).
* Stop words (articles, pronouns, auxiliaries, particles) are removed; negations are kept ("not", "nie",
  "kein"), because "nicht geklingelt" and "never rang" are the phrase.
* German compounds are split where it is cheap: at hyphens, and before a known head noun of service
  feedback (``HEADS_DE``: "Größenfilter" → "größen filter", "Lieferzeit" → "liefer zeit"), keeping
  the modifier when it has at least three letters. Plural/inflection endings are not stemmed.
* Each phrase is listed once per item, with the curated aspect (``aspects.ASPECT_TERMS``) whose stem
  starts one of its tokens, if any, so that topics the dictionary already covers can be flagged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.voice import lexicon_de as de
from pipeline.voice.aspects import ASPECT_TERMS
from pipeline.voice.cues import CLAUSE_CONTRASTS_EN
from pipeline.voice.lexicon_en import EN_STOPWORDS

MAX_TOKENS = 3
NEGATIONS_KEPT = {
    "not",
    "no",
    "never",
    "nobody",
    "nothing",
    "nicht",
    "kein",
    "keine",
    "keinen",
    "nie",
    "nichts",
}
STOPWORDS_EN = (EN_STOPWORDS | {
    "am", "been", "being", "can", "could", "would", "will", "should", "our", "your", "their", "his", "her",
    "he", "she", "them", "us", "there", "here", "what", "which", "who", "when", "where", "how", "why", "if",
    "then", "than", "just", "also", "too", "really", "only", "even", "about", "up", "out", "into", "over",
    "any", "some", "one", "get", "got", "s", "t", "m", "ve", "d", "ll", "re", "please", "thanks", "thank",
    "im", "ive", "dont", "didnt", "doesnt", "isnt", "wasnt", "cant", "wont", "quite", "much", "pretty",
    "rather", "extremely", "totally", "absolutely",
}) - NEGATIONS_KEPT  # fmt: skip
STOPWORDS_DE = (de.STOPWORDS | {
    "er", "ihm", "ihn", "euch", "ihnen", "unser", "unsere", "dein", "deine", "meinen", "meinem", "meiner",
    "eines", "einen", "dies", "diese", "dieser", "dieses", "diesem", "diesen", "man", "da", "dort", "doch",
    "ja", "nein", "denn", "als", "bin", "bist", "sein", "haben", "hast", "habt", "werde", "wird", "werden",
    "wäre", "würde", "hätte", "war", "waren", "gewesen", "ins", "beim", "vor", "unter", "gegen", "zwischen",
    "sehr", "mal", "eben", "halt", "wohl", "etwa", "jedoch", "allerdings", "trotzdem", "obwohl", "sondern",
    "dafür", "dabei", "damit", "darauf", "leider", "danke", "bitte", "viel", "ziemlich", "etwas", "eher",
    "wirklich", "echt", "richtig", "voll", "total", "absolut", "völlig", "komplett", "extrem",
}) - NEGATIONS_KEPT  # fmt: skip
STOPWORDS = {"en": STOPWORDS_EN, "de": STOPWORDS_DE}
# head nouns of German service compounds: a word ending in one of these (and longer than it by at least
# three letters) is split before it
HEADS_DE = (
    "service", "zeit", "kosten", "gebühr", "gebühren", "paket", "karte", "filter", "nummer", "code",
    "adresse", "termin", "lieferung", "zustellung", "bestellung", "seite", "konto", "hotline", "schleife",
    "verfolgung", "status", "bestätigung", "rechnung", "zahlung", "abbuchung", "erstattung", "gutschrift",
    "verpackung", "größe", "größen", "fehler", "problem", "probleme", "mitarbeiter", "mitarbeiterin",
    "berater", "beraterin", "fahrer", "bote", "app", "formular", "suche", "funktion", "vertrag", "tarif",
)  # fmt: skip
_HEADS_BY_LENGTH = sorted(HEADS_DE, key=len, reverse=True)
PSEUDONYM = re.compile(r"<[^<>\s]*>")  # "<phone_…>", "<email_…>": written by ingestion in place of PII
WORD = re.compile(r"[a-zäöüß]+(?:['-][a-zäöüß]+)*", re.IGNORECASE)
BREAK = re.compile(
    r"[.!?;,:()\n–—]+|\b(?:" + "|".join(sorted(CLAUSE_CONTRASTS_EN | de.CLAUSE_CONTRASTS)) + r")\b",
    re.IGNORECASE,
)
_ASPECT_STEMS = [
    (aspect, term) for aspect, terms in ASPECT_TERMS.items() for term in terms if " " not in term
]


class Phrase(NamedTuple):
    phrase: str
    n_tokens: int
    aspect: str | None  # the curated aspect that already covers it, if any


@lru_cache(maxsize=20_000)
def split_compound(word: str) -> tuple[str, ...]:
    """A German word cut before a known head noun ("größenfilter" → ("größen", "filter")), or at hyphens;
    itself otherwise."""
    if "-" in word:
        return tuple(part for part in word.split("-") if len(part) >= 2)
    for head in _HEADS_BY_LENGTH:
        if word.endswith(head) and len(word) - len(head) >= 3:
            return (word[: -len(head)], head)
    return (word,)


def tokens(text: str, language: str) -> list[list[str]]:
    """The normalised tokens of ``text``, one list per sentence or clause."""
    stop = STOPWORDS["de" if language == "de" else "en"]
    segments = []
    for segment in BREAK.split(PSEUDONYM.sub(" ", text.lower())):
        words: list[str] = []
        for word in WORD.findall(segment):
            word = word.replace("'", "")
            parts = split_compound(word) if language == "de" else (word,)
            words += [p for p in parts if p not in stop and len(p) >= 2]
        if words:
            segments.append(words)
    return segments


@lru_cache(maxsize=20_000)
def _aspect_of(phrase: str) -> str | None:
    for aspect, stem in _ASPECT_STEMS:
        if any(token.startswith(stem) for token in phrase.split()):
            return aspect
    return None


def key_phrases(text: str | None, language: str) -> list[Phrase]:
    """Every distinct 1–3-token phrase of ``text`` (first occurrence order), with its curated aspect."""
    if not text:
        return []
    seen: dict[str, int] = {}
    for words in tokens(text, language):
        for n in range(1, MAX_TOKENS + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if n > 1 and len(set(gram)) < n:
                    continue
                seen.setdefault(" ".join(gram), n)
    return [Phrase(p, n, _aspect_of(p)) for p, n in seen.items()]

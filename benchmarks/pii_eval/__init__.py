"""The labelled PII corpus (corpus.tsv, written by hand: make_corpus.py) and how the scrubber is scored
on it. See README.md."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.tsv"
KEY = b"pii-eval-key"

# how the metric finds the two halves of an address in the corpus's own spans (not the scrubber's rule)
_AT_FORMS = re.compile(r"\s?(?:@|＠|%40)\s?|\s?[\[\(\{<]\s?(?:at|ät|AT)\s?[\]\)\}>]\s?|\s(?:at)\s")
_PSEUDONYM = re.compile(r"<?(?:email|phone|name|address)_[0-9a-f]{24}>?")


def load_corpus(path: Path = CORPUS) -> pl.DataFrame:
    return pl.read_csv(path, separator="\t", infer_schema=False, quote_char='"').with_columns(
        pl.col("id").cast(pl.Int64), pl.col("span").fill_null("")
    )


def leaked(kind: str, span: str, scrubbed: str) -> bool:
    """Whether a labelled span survives scrubbing: the span itself, or for an e-mail address either
    half with its at-sign (local part + "@", or "@" + domain), or for a phone number its last six
    digits anywhere in the scrubbed text's digits (pseudonyms removed first: their hex has digits)."""
    rest = _PSEUDONYM.sub(" ", scrubbed)
    if span in rest:
        return True
    if kind == "email":
        at = _AT_FORMS.search(span)
        assert at, span
        local, domain = span[: at.end()], span[at.start() :]
        return local.lower() in rest.lower() or domain.lower() in rest.lower()
    digits = re.sub(r"\D", "", span.replace("%2B", "+"))
    return digits[-6:] in re.sub(r"\D", "", rest)


def evaluate(scrub, corpus: pl.DataFrame | None = None) -> tuple[dict, pl.DataFrame]:
    """Scrub the corpus's texts as one column with ``scrub(series) -> series`` and score it:
    recall = personal spans removed / personal rows; false-positive rate = clean rows changed / clean rows."""
    corpus = load_corpus() if corpus is None else corpus
    scrubbed = scrub(corpus["text"]).to_list()
    rows = corpus.with_columns(pl.Series("scrubbed", scrubbed, dtype=pl.String))
    outcome = []
    for label, kind, span, text, out in rows.select("label", "kind", "span", "text", "scrubbed").iter_rows():
        if label == "pii":
            outcome.append("missed" if leaked(kind, span, out) else "caught")
        else:
            outcome.append("false_positive" if out != text else "kept")
    rows = rows.with_columns(pl.Series("outcome", outcome))
    pii, clean = rows.filter(pl.col("label") == "pii"), rows.filter(pl.col("label") == "clean")
    figures = {
        "pii_rows": len(pii),
        "clean_rows": len(clean),
        "caught": int((pii["outcome"] == "caught").sum()),
        "false_positives": int((clean["outcome"] == "false_positive").sum()),
    }
    figures["recall"] = figures["caught"] / figures["pii_rows"]
    figures["false_positive_rate"] = figures["false_positives"] / figures["clean_rows"]
    return figures, rows

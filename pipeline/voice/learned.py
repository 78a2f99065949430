"""The learned sentence polarity (voice round four): a multinomial logistic regression over the rule
scorer's outputs and word / character n-grams, trained on the project's hand-labelled sets.

The product's sentiment since voice round five (``analyse``, called by the nightly voice asset): the rules
(``sentiment``) detect the language and give their score, label and the names of the rules that fire as
features; the classifier reads those plus the words and gives the label (the most probable of negative /
neutral / positive) and the score (P(positive) - P(negative), in [-1, 1]) from one decision, so the
warehouse's labels and average scores never disagree in sign (``polarity``). Its coefficients are a
committed JSON file (``sentiment_model.json`` beside this module), written by
``python -m pipeline.voice.train`` (scikit-learn, deterministic) and only read here: inference is a sum
of looked-up weights per class, pure Python, no scikit-learn at run time, no download.

Features of one item (``features``), all named so that a weight can be read in the JSON:

* ``lang=de`` / ``lang=en``: the language the scorer used (``unknown`` is scored as English);
* ``rule_pos`` / ``rule_neg`` (per language): the rule score's positive and negative parts, times the
  model's ``rule_weight``; ``rule_label=…`` (per language): the rules' own label;
* ``fired=family:name`` and ``family=family``: every named rule that fired (``sentiment.explain``);
* ``w=…``: lower-cased word unigrams (and bigrams ``w=a b`` if the model's ``word_ngrams`` is 2), with
  ``<s>`` / ``</s>`` at the ends and punctuation kept as tokens (``?``, ``!``);
* ``c=…``: character n-grams inside each word padded with spaces (``char_ngrams`` = (low, high), or
  none), as scikit-learn's ``char_wb`` analyser; the value is the number of distinct words of the item
  that contain the n-gram (so that inference can cache the sum of a word's n-gram weights);
* if the model's ``clause_words`` is set and the item has more than one clause
  (``sentiment.split_clauses``): ``first:…`` for the words of its first clause, ``rest:…`` for those
  of the others, and ``multi_clause`` — so that "super service" opening a sentence about a failure can
  weigh differently from the same words on their own (sarcasm, mixed comments).

Every other feature has the value 1 except the rule score parts; a feature the model never saw adds
nothing.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from functools import lru_cache
from pathlib import Path

from pipeline.voice import sentiment

MODEL_PATH = Path(__file__).resolve().parent / "sentiment_model.json"
CLASSES = ("negative", "neutral", "positive")
TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)
DEFAULT_CONFIG = {
    "rules": True,
    "word_ngrams": 2,
    "char_ngrams": [3, 5],
    "rule_weight": 1.0,
    "clause_words": False,
}


def rule_outputs(text: str, declared_language: str | None = None) -> tuple[str, float, str, list[str]]:
    """The rule scorer's (language, score, label, fired rule names) for ``text``: ``sentiment.explain``."""
    return sentiment.explain(text, declared_language)


def features(
    text: str, language: str, rule_score: float, fired: list[str], config: dict | None = None
) -> dict[str, float]:
    """The named feature values of one item (module docstring) from its text and the rule outputs."""
    config = config or DEFAULT_CONFIG
    lang = "de" if language == "de" else "en"
    rule_weight = float(config["rule_weight"])
    out: dict[str, float] = {f"lang={lang}": 1.0}
    if config.get("rules", True):
        if rule_score > 0:
            out[f"{lang}:rule_pos"] = rule_score * rule_weight
        elif rule_score < 0:
            out[f"{lang}:rule_neg"] = -rule_score * rule_weight
        out[f"{lang}:rule_label={sentiment.label(rule_score)}"] = 1.0
        for name in fired:
            out[f"fired={name}"] = 1.0
            out[f"family={name.split(':', 1)[0]}"] = 1.0
    tokens = TOKEN_RE.findall(text.lower())
    if config["word_ngrams"] >= 1:
        for token in tokens:
            out[f"w={token}"] = 1.0
    if config["word_ngrams"] >= 2:
        padded = ["<s>", *tokens, "</s>"]
        for a, b in itertools.pairwise(padded):
            out[f"w={a} {b}"] = 1.0
    if config.get("clause_words"):
        clauses = sentiment.split_clauses(text, language)
        if len(clauses) > 1:
            out["multi_clause"] = 1.0
            for token in TOKEN_RE.findall(clauses[0].lower()):
                out["first:" + token] = 1.0
            for clause in clauses[1:]:
                for token in TOKEN_RE.findall(clause.lower()):
                    out["rest:" + token] = 1.0
    if config["char_ngrams"]:
        for word in _words(tokens):
            for gram in char_ngrams(word, config["char_ngrams"]):
                name = "c=" + gram
                out[name] = out.get(name, 0.0) + 1.0
    return out


def _words(tokens: list[str]) -> list[str]:
    """The distinct words (not punctuation) of ``tokens``, in order of first occurrence."""
    return [token for token in dict.fromkeys(tokens) if token[0].isalnum()]


def char_ngrams(word: str, ngram_range: list[int]) -> set[str]:
    """The distinct character n-grams of ``word`` padded with a space on each side."""
    low, high = ngram_range
    padded = f" {word} "
    return {padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)}


class Model:
    """Intercepts and per-feature weights of the three classes, read from the JSON artefact."""

    def __init__(self, data: dict):
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"model classes {data['classes']} are not {CLASSES}")
        self.config = data["config"]
        self.intercept = tuple(float(v) for v in data["intercept"])
        self.weights = {name: tuple(float(v) for v in ws) for name, ws in data["weights"].items()}
        # built from the config and weights as loaded: a Model is not meant to be re-configured
        self._token_cache: dict[str, tuple[float, float, float]] = {}
        # bigram weights by first, then second token ("w=a b"; a token never holds a space): looked up
        # without building the feature's name
        self._bigrams: dict[str, dict[str, tuple[float, float, float]]] = {}
        for name, w in self.weights.items():
            if name.startswith("w=") and " " in name:
                first, second = name[2:].split(" ", 1)
                self._bigrams.setdefault(first, {})[second] = w

    def decision(self, feats: dict[str, float]) -> tuple[float, float, float]:
        neg, neu, pos = self.intercept
        weights = self.weights
        for name, value in feats.items():
            w = weights.get(name)
            if w is not None:
                neg += w[0] * value
                neu += w[1] * value
                pos += w[2] * value
        return neg, neu, pos

    def _token_weights(self, token: str) -> tuple[float, float, float]:
        """The summed weights of what one distinct token adds on its own: its unigram (``w=``) and, for a
        word, its character n-grams (cached per token; the cache is emptied when it grows past 200,000)."""
        feats = {"w=" + token: 1.0} if self.config["word_ngrams"] >= 1 else {}
        if self.config["char_ngrams"] and token[0].isalnum():
            for gram in char_ngrams(token, self.config["char_ngrams"]):
                feats["c=" + gram] = 1.0
        neg, neu, pos = self.decision(feats)
        base = self.intercept
        cached = (neg - base[0], neu - base[1], pos - base[2])
        if len(self._token_cache) > 200_000:
            self._token_cache.clear()
        self._token_cache[token] = cached
        return cached

    def decide(
        self, text: str, language: str, rule_score: float, fired: list[str]
    ) -> tuple[float, float, float]:
        """``decision(features(...))``, the fast way (the same sum, in another order): the text is
        tokenised once; a token's unigram and character n-gram weights are one cached sum per distinct
        token (a character n-gram's value is the number of distinct words that contain it, so its weight
        adds once per word); bigrams are looked up by their two tokens, the rule features and clause words
        by name."""
        config = self.config
        weights = self.weights
        neg, neu, pos = self.intercept
        lang = "de" if language == "de" else "en"
        names = [f"lang={lang}"]
        if config.get("rules", True):
            # as ``features``: the positive or the negative part of the rule score, none for 0
            part = f"{lang}:rule_pos" if rule_score > 0 else f"{lang}:rule_neg" if rule_score < 0 else None
            w = weights.get(part) if part else None
            if w is not None:
                value = abs(rule_score) * float(config["rule_weight"])
                neg, neu, pos = neg + w[0] * value, neu + w[1] * value, pos + w[2] * value
            names.append(f"{lang}:rule_label={sentiment.label(rule_score)}")
            for name in fired:
                names.append("fired=" + name)
                names.append("family=" + name.split(":", 1)[0])
        tokens = TOKEN_RE.findall(text.lower())
        parts: list[tuple[float, float, float]] = []  # the weights of every feature of value 1
        if config["word_ngrams"] >= 1 or config["char_ngrams"]:
            cache = self._token_cache
            parts += [cache.get(token) or self._token_weights(token) for token in dict.fromkeys(tokens)]
        if config["word_ngrams"] >= 2:
            bigrams = self._bigrams
            for first, second in dict.fromkeys(itertools.pairwise(["<s>", *tokens, "</s>"])):
                seconds = bigrams.get(first)
                w = seconds.get(second) if seconds else None
                if w is not None:
                    parts.append(w)
        if config.get("clause_words"):
            clauses = sentiment.split_clauses(text, language)
            if len(clauses) > 1:
                names.append("multi_clause")
                names.extend("first:" + token for token in TOKEN_RE.findall(clauses[0].lower()))
                for clause in clauses[1:]:
                    names.extend("rest:" + token for token in TOKEN_RE.findall(clause.lower()))
        parts += [w for name in dict.fromkeys(names) if (w := weights.get(name)) is not None]
        for a, b, c in parts:
            neg += a
            neu += b
            pos += c
        return neg, neu, pos

    def probabilities(self, feats: dict[str, float]) -> tuple[float, float, float]:
        return softmax(self.decision(feats))

    def predict(self, feats: dict[str, float]) -> str:
        return _argmax(self.decision(feats))

    def predict_text(self, text: str, language: str, rule_score: float, fired: list[str]) -> str:
        """``predict(features(...))``, the fast way (``decide``)."""
        return _argmax(self.decide(text, language, rule_score, fired))


def softmax(decision: tuple[float, float, float]) -> tuple[float, float, float]:
    """The three class probabilities of one decision (the multinomial logistic regression's softmax)."""
    top = max(decision)
    exps = [math.exp(value - top) for value in decision]
    total = sum(exps)
    return exps[0] / total, exps[1] / total, exps[2] / total


def _argmax(scores: tuple[float, float, float]) -> str:
    # ties (never seen in practice) go to the first class in CLASSES order, as numpy's argmax
    return CLASSES[max(range(3), key=lambda i: (scores[i], -i))]


def load(path: Path = MODEL_PATH) -> Model:
    return Model(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _model() -> Model:
    return load()


def polarity(decision: tuple[float, float, float]) -> tuple[float, str]:
    """(score, label) of one model decision: the label is the most probable class, the score the
    probability of positive minus that of negative, in [-1, 1] and rounded to 4 decimals. One model
    gives both, so they never disagree in sign: a positive label has P(positive) > P(negative), hence
    a score > 0, and a negative label a score < 0 — where the difference rounds to 0.0 (a near tie of the
    two), the score is the smallest step of the label's sign, ±0.0001."""
    negative, _, positive = softmax(decision)
    score, label = round(positive - negative, 4) + 0.0, _argmax(decision)
    if label == "positive" and score <= 0:
        return 0.0001, label
    if label == "negative" and score >= 0:
        return -0.0001, label
    return score, label


def analyse(text: str | None, declared_language: str | None = None) -> tuple[str, float, str]:
    """(language, score, label) of one feedback item, the product's sentiment: the language the rules
    detect (``sentiment.analyse``), the score and label of the learned classifier (``polarity``). Empty
    text is neutral, 'unknown'."""
    if not text or not text.strip():
        return "unknown", 0.0, "neutral"
    language, value, _, fired = rule_outputs(text, declared_language)
    return language, *polarity(_model().decide(text, language, value, fired))

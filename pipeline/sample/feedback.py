"""Feedback: surveys, reviews and transcripts whose scores and tone follow the planted probability
of a good experience per touchpoint; a few texts carry personal data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipeline.sample import phrases
from pipeline.sample.formats import customer_ids, local_time


class Feedback:
    """Collects feedback items and writes the feedback export (a mixin of SampleGenerator)."""

    def _survey(
        self, cust, ts, touchpoint, channel, prob, source, ces=False, journey="", give_touchpoint=0.9
    ):
        rng = self.rng
        cust, ts = np.asarray(cust), np.asarray(ts)
        m = (rng.random(len(cust)) < prob) & (ts < self.t_end)
        if not m.any():
            return
        cust, ts = cust[m], ts[m]
        n = len(cust)
        good = rng.random(n) < self.good_prob[touchpoint]
        self.feedback.append(
            pl.DataFrame(
                {
                    "cust": cust,
                    "ts": ts,
                    "touchpoint": np.where(rng.random(n) < give_touchpoint, touchpoint, ""),
                    "planted_touchpoint": touchpoint,
                    "journey": journey,
                    "channel": channel,
                    "source": source,
                    "good": good,
                    "ces": ces,
                }
            )
        )

    def _write_feedback(self, out: Path) -> dict:
        rng = self.rng
        fb = pl.concat(self.feedback).sort("ts", "cust")
        n = len(fb)
        # a relational NPS survey of 15% of the customers, without a touchpoint reference
        good = fb["good"].to_numpy()
        s = np.where(good, rng.beta(6, 2, n), rng.beta(2, 6, n))
        german = self.cust["german"][fb["cust"].to_numpy()]
        lang = np.where(german, "de", "en")
        csat = np.clip(np.rint(1 + 4 * s + rng.normal(0, 0.35, n)), 1, 5).astype(int)
        nps = np.clip(np.rint(10 * s + rng.normal(0, 0.8, n)), 0, 10).astype(int)
        ces = np.clip(np.rint(1 + 6 * s + rng.normal(0, 0.5, n)), 1, 7).astype(int)
        texts = self._texts(fb["planted_touchpoint"].to_numpy(), lang, csat)
        has_nps = rng.random(n) < 0.4
        df = fb.with_columns(
            pl.Series("csat", csat),
            pl.Series("nps_v", np.where(has_nps, nps, -1)),
            pl.Series("ces_v", np.where(fb["ces"].to_numpy(), ces, -1)),
            pl.Series("text", texts),
            pl.Series("lang", np.where(rng.random(n) < 0.7, lang, "")),
        ).select(
            pl.format("F{}", pl.int_range(pl.len()).cast(pl.String).str.pad_start(7, "0")).alias(
                "feedback_id"
            ),
            customer_ids(pl.col("cust")).alias("customer_id"),
            local_time(pl.col("ts")).alias("submitted_at"),
            pl.col("channel"),
            pl.when(pl.col("touchpoint") != "").then(pl.col("touchpoint")).alias("touchpoint"),
            pl.when(pl.col("journey") != "").then(pl.col("journey")).alias("journey"),
            pl.when(pl.col("nps_v") >= 0).then(pl.col("nps_v")).alias("nps"),
            pl.col("csat"),
            pl.when(pl.col("ces_v") >= 0).then(pl.col("ces_v")).alias("ces"),
            pl.when(pl.col("text") != "").then(pl.col("text")).alias("text"),
            pl.when(pl.col("lang") != "").then(pl.col("lang")).alias("language"),
            pl.col("source"),
        )
        df.write_csv(out / "survey_responses.csv")
        self._feedback_truth = fb.select("planted_touchpoint", "good").with_columns(pl.Series("csat", csat))
        return {"feedback": n}

    def _texts(self, touchpoints: np.ndarray, lang: np.ndarray, csat: np.ndarray) -> np.ndarray:
        """Texts whose tone agrees with CSAT; a few carry an e-mail address or phone number (PII)."""
        rng = self.rng
        n = len(touchpoints)
        out = np.empty(n, dtype=object)
        roll = rng.random((n, 4))
        for i in range(n):  # feedback items, not events: ~1% of the event volume
            aspects = phrases.TOUCHPOINT_ASPECTS[touchpoints[i]][0]
            bank = phrases.PHRASES[lang[i]]
            a1 = aspects[int(roll[i, 0] * len(aspects))]
            a2 = aspects[int(roll[i, 1] * len(aspects))]
            choice = roll[i, 2]

            def pick(a: str, pol: str, bank=bank, choice=choice) -> str:
                options = bank[a][pol]
                return options[int(choice * len(options))]

            if roll[i, 3] < 0.12:
                out[i] = ""
                continue
            if csat[i] >= 4:
                text = pick(a1, "pos") + ("!" if csat[i] == 5 else ".")
            elif csat[i] <= 2:
                text = pick(a1, "neg") + ("!" if csat[i] == 1 else ".")
            else:  # mixed: the clause after "but" carries the verdict
                text = f"{pick(a2, 'pos')}, {phrases.CONTRAST[lang[i]]} {pick(a1, 'neg').lower()}."
            if roll[i, 3] > 0.97:
                text += (
                    " Bitte rufen Sie mich an: +49 151 2345678"
                    if lang[i] == "de"
                    else " Reach me at jane.doe@example.org please."
                )
            out[i] = text
        return out

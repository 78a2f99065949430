"""The funnel attempts: online checkout (with the planted campaign and the payment-calls plant),
support resolution, offer redemption and registration; each emits its events, orders, cases and
surveys."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.sample.plants import DAY, FUNNEL_WINDOWS, PLANTED_CAMPAIGN
from pipeline.sample.population import SEGMENTS


class Journeys:
    """The attempts at each funnel (a mixin of SampleGenerator)."""

    def _checkout(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        rng = self.rng
        n = len(cust)
        dev = self._pick_device(cust)
        level = self._levels("online_checkout", n)
        t = self._step_times(
            "online_checkout", self._day_times(n, day0), 4, 0.15, FUNNEL_WINDOWS["online_checkout"] / 4
        )
        # the planted campaign (its own random stream): web attempts landing from it, with its conversion
        crng = self.campaign_rng
        from_campaign = (crng.random(n) < PLANTED_CAMPAIGN["share"]) & ~self.dev["is_app"][dev]
        probs = np.array([PLANTED_CAMPAIGN["cart_to_address"], *self.funnel_probs["online_checkout"][1:]])
        campaign_level = 1 + np.cumprod(crng.random((n, len(probs))) < probs, axis=1).sum(axis=1)
        level = np.where(from_campaign, campaign_level, level)
        campaign = np.where(from_campaign, PLANTED_CAMPAIGN["utm_campaign"], "")
        self._record_attempts("online_checkout", dev, cust, t, level, campaign)
        chan = np.where(self.dev["is_app"][dev], "app", "web")
        utm = "?utm_source={utm_source}&utm_medium={utm_medium}&utm_campaign={utm_campaign}".format(
            **PLANTED_CAMPAIGN
        )
        out = [
            self._events(
                t[:, 0] - rng.uniform(30, 120, n),
                dev,
                "page_view",
                np.char.add(
                    np.char.add("/p/", rng.integers(1, 400, n).astype(str)), np.where(from_campaign, utm, "")
                ),
                chan,
                with_customer=self.dev["identified"][dev],
            )
        ]
        paths = ["/cart", "/checkout/address", "/checkout/payment", "/checkout/confirmation"]
        names = ["page_view", "page_view", "page_view", "purchase"]
        login = (level >= 2) & ~self.dev["identified"][dev]
        out.append(
            self._events(
                t[login, 1] - 5,
                dev[login],
                "login",
                "/account/login",
                chan[login],
                with_customer=np.ones(login.sum(), bool),
            )
        )
        ident_before = self.dev["identified"][dev].copy()
        self._identify(dev[login], t[login, 1])
        for k in range(4):
            m = level > k
            withc = ident_before[m] | (login[m] & (k >= 1))
            out.append(self._events(t[m, k], dev[m], names[k], paths[k], chan[m], with_customer=withc))
        done = level == 4
        order_no = self._purchase(cust[done], t[done, 3], chan[done])
        if self.payment_calls:
            self._payment_calls(cust[level == 3], t[level == 3, 2])
        # delivery tracking 1-3 days later on the same device, and post-purchase surveys
        kept = t[done, 3] < self.t_end
        dcust, ddev, dts = cust[done][kept], dev[done][kept], t[done, 3][kept]
        track = rng.random(len(dcust)) < 0.5
        tt = dts[track] + rng.uniform(DAY, 3 * DAY, track.sum())
        out.append(
            self._events(
                tt,
                ddev[track],
                "page_view",
                np.char.add(np.char.add("/account/orders/", order_no[track].astype(str)), "/tracking"),
                np.where(self.dev["is_app"][ddev[track]], "app", "web"),
                with_customer=np.ones(track.sum(), bool),
            )
        )
        tp = np.where(rng.random(len(dcust)) < 0.5, "checkout_payment", "order_confirmation")
        for name in ("checkout_payment", "order_confirmation"):
            m = tp == name
            self._survey(
                dcust[m],
                dts[m] + rng.uniform(3600, 2 * DAY, m.sum()),
                name,
                "web",
                0.25,
                "survey",
                journey="purchase.buy.online_checkout",
            )
        self._survey(
            dcust[track],
            tt + rng.uniform(DAY, 4 * DAY, track.sum()),
            "delivery_tracking",
            "web",
            0.30,
            "review",
            give_touchpoint=0.5,
        )
        return out

    def _payment_calls(self, cust: np.ndarray, paid_ts: np.ndarray) -> None:
        """The payment_calls plant: some who stopped at the payment step call, a case without touchpoint."""
        rng = self.rng
        p_call, mix = self.payment_calls
        calls = rng.random(len(cust)) < p_call
        ts = paid_ts[calls] + rng.uniform(600, 3600, calls.sum())
        kept = ts < self.t_end
        n = int(kept.sum())
        categories = rng.choice(list(mix), calls.sum(), p=list(mix.values()))[kept]
        handle = np.round(rng.uniform(6, 28, calls.sum()), 1)[kept]
        cust, ts = cust[calls][kept], ts[kept]
        self.cases.append(
            pl.DataFrame(
                {
                    "cust": cust,
                    "opened_ts": ts,
                    "closed_ts": ts + 900,
                    "channel": np.full(n, "phone"),
                    "category": categories,
                    "handle_minutes": handle,
                    "escalated": np.zeros(n, bool),
                    "touchpoint": pl.Series([None] * n, dtype=pl.String),
                }
            )
        )

    def _support(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        rng = self.rng
        n = len(cust)
        dev = self._pick_device(cust)
        level = self._levels("support_resolution", n)
        t = self._step_times("support_resolution", self._day_times(n, day0), 4, 0.3, 3 * DAY)
        self._record_attempts("support_resolution", dev, cust, t, level)
        chan = np.where(self.dev["is_app"][dev], "app", "web")
        need_login = ~self.dev["identified"][dev]
        out = [
            self._events(
                t[need_login, 0] - 20,
                dev[need_login],
                "login",
                "/account/login",
                chan[need_login],
                with_customer=np.ones(need_login.sum(), bool),
            )
        ]
        self._identify(dev[need_login], t[need_login, 0])
        chat = rng.random(n) < np.array([s.chat_share for s in SEGMENTS.values()])[self.cust["segment"][cust]]
        contact_channel = np.where(chat, "chat", "phone")
        for k, (name, path) in enumerate(
            [
                ("page_view", "/help/search?q=order"),
                ("page_view", None),
                ("contact_started", ""),
                ("case_closed", ""),
            ]
        ):
            m = level > k
            if k == 1:
                path = np.char.add("/help/article/", rng.integers(1, 60, m.sum()).astype(str))
            if k < 2:
                out.append(
                    self._events(t[m, k], dev[m], name, path, chan[m], with_customer=np.ones(m.sum(), bool))
                )
            else:  # chat on the same device, phone through the IVR (a pseudo-device per customer)
                d = np.where(chat[m], dev[m], -1)
                out.append(
                    self._events(
                        t[m, k],
                        d,
                        name,
                        path,
                        contact_channel[m],
                        with_customer=np.ones(m.sum(), bool),
                        cust=cust[m],
                    )
                )
        opened = (level >= 3) & (t[:, 2] < self.t_end)
        closed = (level >= 4) & (t[:, 3] < self.t_end)
        handle = np.where(chat, rng.uniform(4, 16, n), rng.uniform(6, 28, n))
        self.cases.append(
            pl.DataFrame(
                {
                    "cust": cust[opened],
                    "opened_ts": t[opened, 2],
                    "closed_ts": np.where(closed[opened], t[opened, 3], np.nan),
                    "channel": contact_channel[opened],
                    "category": rng.choice(
                        ["delivery", "payment", "product_defect", "return", "account"], opened.sum()
                    ),
                    "handle_minutes": np.round(handle[opened], 1),
                    "escalated": rng.random(opened.sum()) < 0.12,
                    "touchpoint": np.full(opened.sum(), "contact_support"),
                }
            )
        )
        self._survey(
            cust[opened & ~closed],
            t[opened & ~closed, 2] + 600,
            "contact_support",
            "phone",
            0.5,
            "transcript",
            ces=True,
            journey="after_sales.service.support",
        )
        self._survey(
            cust[closed],
            t[closed, 3] + 3600,
            "issue_resolved",
            "phone",
            0.5,
            "survey",
            ces=True,
            journey="after_sales.service.support",
        )
        return out

    def _offer(self, cust: np.ndarray, day0: float) -> list[pl.DataFrame]:
        n = len(cust)
        level = self._levels("offer_redemption", n)
        t = self._step_times("offer_redemption", self._day_times(n, day0), 4, 0.25, DAY)
        dev = self.cust["web_dev"][cust]
        self._record_attempts("offer_redemption", np.full(n, -1), cust, t, level)
        out = []
        for k, (name, path, chan) in enumerate(
            [
                ("email_open", "", "email"),
                ("email_click", "", "email"),
                ("page_view", "/offers/autumn", "web"),
                ("coupon_redeemed", "/offers/autumn", "web"),
            ]
        ):
            m = level > k
            d = np.full(m.sum(), -1) if chan == "email" else dev[m]
            out.append(
                self._events(t[m, k], d, name, path, chan, with_customer=np.ones(m.sum(), bool), cust=cust[m])
            )
            if chan == "web":
                self._identify(dev[m], t[m, k])
        m = level >= 3
        self._survey(cust[m], t[m, 2] + 1800, "offer_page", "web", 0.05, "survey")
        return out

    def _registration(self, devs: np.ndarray, day0: float) -> list[pl.DataFrame]:
        n = len(devs)
        level = self._levels("registration", n)
        t = self._step_times("registration", self._day_times(n, day0), 3, 0.1, 4 * 3600)
        done = (level == 3) & (t[:, 2] < self.t_end)
        new = self._draw_customers(int(done.sum()), t[done, 2]) if done.any() else np.array([], int)
        # the signing-up device becomes the new customer's web device (drop the drawn spare devices)
        self.dev.cols["owner"][devs[done]] = new
        if len(new):
            self.dev.cols["owner"][self.cust["web_dev"][new]] = -2  # never used
            app = self.cust["app_dev"][new]
            self.dev.cols["owner"][app[app >= 0]] = -2
            self.cust.cols["web_dev"][new] = devs[done]
            self.cust.cols["app_dev"][new] = -1
            self.cust.cols["created"][new] = t[done, 2]
            self.new_customer_created.append(new)
        cust = np.full(n, -1)
        cust[done] = new
        self._record_attempts("registration", devs, cust, t, level)
        camp = self.rng.choice(["spring", "tv", "social"], n)
        out = []
        for k, (name, path) in enumerate(
            [("page_view", None), ("page_view", "/account/register"), ("sign_up", "")]
        ):
            m = level > k
            p = np.char.add("/campaign/", camp[m]) if path is None else path
            out.append(
                self._events(
                    t[m, k], devs[m], name, p, "web", with_customer=np.full(m.sum(), k == 2), cust=cust[m]
                )
            )
        self._identify(devs[done], t[done, 2])
        return out

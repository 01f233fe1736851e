"""Demo data: the state of one fill (rng, clock, lookup pools) and who the contacts are.

`Gen` is built once per fill from one `random.Random`; `people_rows()` draws a chunk of contacts'
identities (persona, gender, names, phone, channel, city, remark, added_at), the first pass of
desktop/demo_activity.py's `chunk_rows`. The words come from resources/demo/people.json and
shop.json through desktop/demo_data.py.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone

from desktop import demo_data

DAY = 86_400
HISTORY_DAYS = 730          # contacts were added over the last ~2 years
# China has had no daylight saving since 1991: a fixed offset, no tz database needed (Windows
# has none without the tzdata package).
SHANGHAI = timezone(timedelta(hours=8))
MIN_ORDER_FEN, MAX_ORDER_FEN = 1990, 129900

# Personas: share of contacts, relative order and interaction volume, recency exponents
# (event time = end − span·u**exp: exp > 1 crowds events towards the end of the active span).
POTENTIAL, LIGHT, REGULAR, LOYAL, LAPSED = range(5)
PERSONA_SHARE = [0.35, 0.25, 0.20, 0.08, 0.12]
PERSONA_ORDERS = [0.0, 0.7, 2.5, 7.0, 2.2]
PERSONA_INTERACTIONS = [1.0, 2.5, 5.0, 14.0, 4.0]
PERSONA_I_EXP = [1.0, 1.8, 2.0, 2.5, 1.0]
PERSONA_O_EXP = [1.0, 1.3, 1.4, 1.6, 1.0]


def weighted(items: list[tuple[object, float]], rng: random.Random, n: int) -> list[object]:
    values = [v for v, _ in items]
    weights = [w for _, w in items]
    return rng.choices(values, weights=weights, k=n)


class Gen:
    """State of one fill: the rng, the clock, the words and the lookup pools."""

    def __init__(self, rng: random.Random, now: datetime, orders_per_contact: float,
                 interactions_per_contact: float) -> None:
        self.rng = rng
        self.now = now
        self.people = demo_data.people()
        self.shop = demo_data.shop()
        self.library = demo_data.script_library()
        self.sop_rules = demo_data.sop_rules()
        self.base = datetime.combine(now.date() - timedelta(days=HISTORY_DAYS + 40), time())
        self.now_s = int((now - self.base).total_seconds())
        days = HISTORY_DAYS + 40 + 60
        self.days = [(self.base + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(days)]
        self.tods = [f" {h:02d}:{m:02d}:{s:02d}"
                     for h in range(24) for m in range(60) for s in range(60)]
        local_now = now.replace(tzinfo=UTC).astimezone(SHANGHAI)
        self.local_today = local_now.date()

        hours = weighted([((h - 8) % 24, w) for h, w in self.people.hour_weights], rng, 4096)
        self.tod_pool = [h * 3600 + rng.randrange(3600) for h in hours]

        sum_o = sum(s * w for s, w in zip(PERSONA_SHARE, PERSONA_ORDERS, strict=True))
        sum_i = sum(s * w for s, w in zip(PERSONA_SHARE, PERSONA_INTERACTIONS, strict=True))
        self.order_mean = [w * orders_per_contact / sum_o for w in PERSONA_ORDERS]
        self.inter_mean = [w * interactions_per_contact / sum_i for w in PERSONA_INTERACTIONS]
        self.persona_pool = [p for p, s in enumerate(PERSONA_SHARE) for _ in range(round(s * 100))]

        self.order_pool = self._order_pool(premium=False, n=2000)
        self.premium_pool = self._order_pool(premium=True, n=500)
        self.interaction_pool = self._interaction_pool(n=2000)
        self.mmdd = [(date(2001, 1, 1) + timedelta(days=d)).strftime("%m-%d") for d in range(365)]
        self.used_wechat: set[str] = set()
        self.used_phone: set[str] = set()

    def ts(self, s: int) -> str:
        return self.days[s // DAY] + self.tods[s % DAY]

    def dt_to_s(self, dt: datetime) -> int:
        return int((dt - self.base).total_seconds())

    def local_to_s(self, day: date, hhmm: str) -> int:
        h, m = map(int, hhmm.split(":"))
        utc = datetime.combine(day, time(h, m)) - timedelta(hours=8)
        return self.dt_to_s(utc)

    def _order_pool(self, premium: bool, n: int) -> list[tuple[int, str, str]]:
        """Ready-made (amount in fen, item, category) rows; `premium` favours the dear ones."""
        rng = self.rng
        catalog = self.shop.catalog
        if premium:
            items = [(p, p.weight * 4 if p.premium else p.weight / 2) for p in catalog]
        else:
            items = [(p, p.weight) for p in catalog]
        pool = []
        for item, category, price, _w, _p in weighted(items, rng, n):
            r = rng.random()
            qty = 1 if price > 50000 or r < 0.78 else (2 if r < 0.94 else 3)
            amount = price * qty
            r = rng.random()
            if r < 0.2:
                amount = amount * 9 // 10 // 10 * 10
            elif r < 0.3 and amount > 5000:
                amount -= 1000
            pool.append((min(max(amount, MIN_ORDER_FEN), MAX_ORDER_FEN), item, category))
        return pool

    def _interaction_pool(self, n: int) -> list[tuple[str, str, int | None]]:
        """Ready-made (kind, note, script id) rows."""
        rng = self.rng
        kinds_table = self.people.interaction_kinds
        n_scripts = len(self.library.scripts)
        pool = []
        kinds = weighted([(k, w) for k, w, _ in kinds_table], rng, n)
        notes = {k: ns for k, _, ns in kinds_table}
        for kind in kinds:
            note = rng.choice(notes[kind]) if notes[kind] and rng.random() < 0.35 else ""
            script = rng.randrange(1, n_scripts + 1) if kind == "script_sent" else None
            pool.append((kind, note, script))
        return pool

    # -- names ----------------------------------------------------------------------------------

    def real_name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        p = self.people
        surname = p.surname_pool[int(rng.random() * len(p.surname_pool))]
        chars = p.given_female if gender == "female" else p.given_male if gender == "male" else (
            p.given_female + p.given_male)
        r = rng.random()
        if r < 0.3:
            given = chars[int(rng.random() * len(chars))]
        elif r < 0.45:
            given = (p.given_any[int(rng.random() * len(p.given_any))]
                     + chars[int(rng.random() * len(chars))])
        else:
            given = chars[int(rng.random() * len(chars))] + chars[int(rng.random() * len(chars))]
        return surname, given

    def net_name(self, surname: str, given: str, gender: str) -> str:
        rng = self.rng
        p = self.people
        words, suffixes = p.net_words, p.net_suffixes
        r = rng.random()
        if r < 0.35:
            word = words[int(rng.random() * len(words))]
            return word + suffixes[int(rng.random() * len(suffixes))]
        if r < 0.50:
            return p.net_prefixes[int(rng.random() * len(p.net_prefixes))] + (
                words[int(rng.random() * len(words))] if rng.random() < 0.4 else given)
        if r < 0.65:
            c = p.repeated_chars[int(rng.random() * len(p.repeated_chars))]
            return c + c + suffixes[int(rng.random() * len(suffixes))]
        if r < 0.85:
            names = p.english_male if gender == "male" else p.english_female
            en = names[int(rng.random() * len(names))]
            r2 = rng.random()
            if r2 < 0.3:
                return en + surname
            if r2 < 0.45:
                return f"{en}_{rng.randrange(10, 100)}"
            if r2 < 0.55:
                return en.upper()
            return en
        if r < 0.93:
            return "A" + surname + given  # sellers put "A" in front to sort first
        return "小" + given[-1] + ("儿" if rng.random() < 0.5 else "子")

    def remark(self, surname: str, given: str, gender: str, nickname: str, phone: str,
               channel: str, city: str) -> str:
        rng = self.rng
        r = rng.random()
        if gender == "male":
            honorific = "先生" if r < 0.7 else "哥"
        elif not gender:
            honorific = "老师" if r < 0.5 else ("总" if r < 0.8 else "同学")
        else:
            honorific = ["姐", "女士", "小姐", "阿姨", "姐"][int(rng.random() * 5)]
        r = rng.random()
        if r < 0.22:
            needs = self.people.needs
            return f"{surname}{honorific}-{needs[int(rng.random() * len(needs))]}"
        if r < 0.38:
            digits = phone[:3] if phone and rng.random() < 0.5 else (
                phone[-4:] if phone else str(rng.randrange(100, 1000)))
            return f"{surname}{honorific} {digits}"
        if r < 0.48:
            return f"{surname}{honorific}(老客)"
        if r < 0.63:
            return f"{surname}{given}-{city or channel}"
        if r < 0.75:
            return f"{channel}-{surname}{honorific}"
        if r < 0.88:
            return surname + given
        if r < 0.95:
            return f"{surname}{honorific}" if nickname.startswith(surname) else (
                f"{nickname}-{surname}")
        return f"A{surname}总" if gender == "male" else f"{surname}{given}（VIP）"

    # -- one chunk of contacts ---------------------------------------------------------------------

    # -- who they are ------------------------------------------------------------------------------

    def people_rows(self, first_id: int, count: int) -> list[tuple]:
        """(id, persona, gender, nickname, remark, phone, channel, city, added_s) for `count`
        contacts from `first_id`."""
        rand = self.rng.random
        now_s = self.now_s
        tod_pool, tod_n = self.tod_pool, len(self.tod_pool)
        phone_prefixes = self.people.phone_prefixes
        channel_pool, city_pool = self.people.channel_pool, self.people.city_pool
        people = []
        for cid in range(first_id, first_id + count):
            persona = self.persona_pool[int(rand() * len(self.persona_pool))]
            r = rand()
            gender = "female" if r < 0.65 else ("male" if r < 0.9 else "")
            surname, given = self.real_name(gender)
            nickname = surname + given if rand() < 0.4 else self.net_name(surname, given, gender)
            phone = ""
            if rand() < 0.75:
                while True:
                    phone = (phone_prefixes[int(rand() * len(phone_prefixes))]
                             + f"{int(rand() * 100_000_000):08d}")
                    if phone not in self.used_phone:
                        self.used_phone.add(phone)
                        break
            channel = channel_pool[int(rand() * len(channel_pool))]
            city = city_pool[int(rand() * len(city_pool))]
            remark = (self.remark(surname, given, gender, nickname, phone, channel, city)
                      if rand() < 0.6 else "")
            # added_at: a few this week, some this month, the rest over two years
            r = rand()
            if persona == LAPSED:
                age = 60 * DAY + int(rand() * (HISTORY_DAYS - 60) * DAY)
            elif r < 0.03:
                age = int(rand() * 7 * DAY)
            elif r < 0.08:
                age = 7 * DAY + int(rand() * 23 * DAY)
            else:
                age = 30 * DAY + int(rand() ** 1.3 * (HISTORY_DAYS - 30) * DAY)
            added = now_s - age
            added = min((added // DAY) * DAY + tod_pool[int(rand() * tod_n)], now_s)
            people.append((cid, persona, gender, nickname, remark, phone, channel, city, added))
        return people

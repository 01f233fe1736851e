"""Demo data: what a chunk of contacts did, and the tier and stage that follows from it.

`chunk_rows` draws a chunk of identities with `Gen.people_rows` and builds every row about
them: contact, account links, tags, orders, interactions and tier/stage history; it also
collects the contacts that today's SOP tasks will be about. Tier and stage are computed here with
a simplified reading of PRODUCT.md's default rules; the real rule engine recomputes them later.

Speed: this is the hot loop of a 100,000-contact fill, so attributes are bound to locals and
timestamps are built from the day / time-of-day lookup lists instead of `Gen.ts`.
"""

from __future__ import annotations

import base64
import random
from datetime import timedelta

from desktop.demo_people import DAY, LAPSED, LOYAL, PERSONA_I_EXP, PERSONA_O_EXP, POTENTIAL, Gen
from desktop.pinyin_keys import bulk_name_keys

TIER_UP_REASON = {2: "近30天互动 ≥ 3 或有消费", 3: "近30天互动 ≥ 5 或复购 2 笔",
                  4: "近30天互动 ≥ 10 或下单 ≥ 3 笔", 5: "近12个月消费 ≥ ¥5,000"}
WXID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
MULTI_TAG_GROUPS = ("需求类型", "活跃时段", "偏好品类")   # tags drawn at random, 0–3 of them
MULTI_TAG_COUNTS = [0, 0, 1, 1, 1, 2, 2, 3]


def chunk_rows(g: Gen, first_id: int, count: int, tag_ids: dict[tuple[str, str], int],
               candidates: dict[str, list]) -> dict[str, list]:
    """Rows for contacts first_id … first_id + count − 1, by table; appends to `candidates`."""
    rng = g.rng
    rand = rng.random
    now_s = g.now_s
    ts = g.ts
    days, tods = g.days, g.tods   # ts() inlined in the two hottest loops
    tod_pool, tod_n = g.tod_pool, len(g.tod_pool)
    ipool, ipool_n = g.interaction_pool, len(g.interaction_pool)
    t30, t90, t365 = now_s - 30 * DAY, now_s - 90 * DAY, now_s - 365 * DAY
    upcoming_bdays = {(g.local_today + timedelta(days=k)).strftime("%m-%d"): k
                      for k in range(8)}
    account_pool = g.people.account_pool
    notes_pool = g.people.notes
    order_channels = g.shop.order_channel_pool
    multi_tags = [(group, tag) for group, _single, members in g.shop.tag_groups
                  if group in MULTI_TAG_GROUPS for tag, _colour in members]

    people = g.people_rows(first_id, count)
    nick_keys = bulk_name_keys(p[3] for p in people)
    remark_keys = bulk_name_keys(p[4] for p in people)

    contacts, links, ctags, orders, inters, history = [], [], [], [], [], []
    for (cid, persona, gender, nickname, remark, phone, channel, city, added), \
            (npy, nini), (rpy, rini) in zip(people, nick_keys, remark_keys, strict=True):
        # wechat id, accounts
        wechat_id = ""
        if rand() < 0.7:
            if rand() < 0.45:
                base = "wxid_" + "".join(rng.choices(WXID_CHARS, k=14))
            else:
                stem = npy[:10] if len(npy) >= 2 and npy[0].isalpha() else "user"
                sep = "_" if rand() < 0.3 else ""
                base = f"{stem}{sep}{rng.randrange(1, 10_000)}"
                if len(base) < 6:
                    base += str(rng.randrange(1000, 10_000))
            wechat_id = base if base not in g.used_wechat else f"{base}{cid}"
            g.used_wechat.add(wechat_id)
        owner = account_pool[int(rand() * len(account_pool))]
        wecom_id = ""
        links.append((cid, owner, remark, "", ts(added), channel))
        if rand() < 0.1:
            other = (owner % 3) + 1 if rand() < 0.5 else ((owner + 1) % 3) + 1
            linked = min(added + int(rand() * 120 * DAY), now_s)
            links.append((cid, other, remark if rand() < 0.5 else "",
                          "老客转过来的" if rand() < 0.5 else "", ts(linked),
                          "老客推荐" if rand() < 0.5 else channel))
            if other == 3:
                wecom_id = _wecom_id(rng)
        if owner == 3:
            wecom_id = _wecom_id(rng)
        r = rand()
        birthday = ""
        if r < 0.01:  # a few birthdays in the coming week, for the birthday SOP
            mmdd = (g.local_today + timedelta(days=int(rand() * 7))).strftime("%m-%d")
            birthday = f"{rng.randrange(1965, 2004)}-{mmdd}" if mmdd != "02-29" else ""
        elif r < 0.4:
            mmdd = g.mmdd[int(rand() * 365)]
            birthday = (f"{rng.randrange(1965, 2004)}-{mmdd}" if rand() < 0.7
                        else f"--{mmdd}")
        notes = notes_pool[int(rand() * len(notes_pool))] if rand() < 0.15 else ""

        # activity
        span_end = now_s
        if persona == LAPSED:
            age_days = (now_s - added) // DAY
            gap = rng.randrange(35, max(36, min(300, age_days - 20)))
            span_end = max(added, now_s - gap * DAY)
        span = span_end - added
        n_orders = 0 if persona == POTENTIAL else int(
            g.order_mean[persona] * 2 * rand() + 0.5)
        n_inter = int(g.inter_mean[persona] * 2 * rand() + 0.5)

        # interactions: rows straight away (the index is built after the load, so their
        # order does not matter); only the count in 30 days and the first/last are kept
        i30 = 0
        first_i = last_i = None
        if n_inter:
            first_i, last_i = now_s + 1, -1
            iexp = PERSONA_I_EXP[persona]
            early = min(span, 14 * DAY)   # potential: a few words around the day added
            for _ in range(n_inter):
                if persona == POTENTIAL:
                    t = added + int(early * rand() ** 2)
                else:
                    t = span_end - int(span * rand() ** iexp)
                t = t - t % DAY + tod_pool[int(rand() * tod_n)]
                if t < added:
                    t = added + int(rand() * 1800)
                if t > now_s:
                    t = max(now_s - int(rand() * 600), added)
                kind, note, script_id = ipool[int(rand() * ipool_n)]
                inters.append((cid, kind, days[t // DAY] + tods[t % DAY], note, script_id))
                if t >= t30:
                    i30 += 1
                if t < first_i:
                    first_i = t
                if t > last_i:
                    last_i = t

        pool = g.premium_pool if persona == LOYAL and rand() < 0.5 else g.order_pool
        pool_n = len(pool)
        oexp = PERSONA_O_EXP[persona]
        otimes = []
        for _ in range(n_orders):
            t = span_end - int(span * rand() ** oexp)
            t = t - t % DAY + tod_pool[int(rand() * tod_n)]
            if t < added:
                t = added + int(rand() * 3600)
            if t > now_s:
                t = max(now_s - int(rand() * 600), added)
            otimes.append(t)
        otimes.sort()
        o30 = a30 = s365 = o90 = total = 0
        last_item = last_category = ""
        first_item = ""
        for t in otimes:
            amount, item, category = pool[int(rand() * pool_n)]
            orders.append((cid, days[t // DAY] + tods[t % DAY], amount, item, category,
                           order_channels[int(rand() * len(order_channels))]))
            total += amount
            if not first_item:
                first_item = item
            last_item, last_category = item, category
            if t >= t365:
                s365 += amount
                if t >= t90:
                    o90 += 1
                    if t >= t30:
                        o30 += 1
                        a30 += amount

        last_o = otimes[-1] if otimes else None
        last_act = max(added, last_i or 0, last_o or 0)

        tier, tier_reason = _tier(i30, o30, a30, s365)
        stage, stage_reason = _stage(now_s, added, last_act, n_orders, o90, total,
                                     n_orders - o90)
        pinned = 0
        computed_tier = tier
        if n_orders and rand() < 0.03:
            pinned = 1
            tier = max(tier, 3 + int(rand() * 3))
            tier_reason = "手动设定：店长认识的老客户，重点维护"

        contacts.append((
            cid, nickname, remark, wechat_id, wecom_id, phone, gender, city, birthday,
            owner, channel, ts(added), notes, tier, pinned, tier_reason, stage, stage_reason,
            npy, nini, rpy, rini, rpy if remark else npy, phone[::-1],
            ts(added), ts(added)))

        # tags (0–5, at most one per single-choice group)
        tags = []
        if rand() < 0.85:
            tags.append(tag_ids["来源", channel])
        if n_orders and rand() < 0.75:
            level = "高" if total >= 200_000 else ("中" if total >= 30_000 else "低")
            tags.append(tag_ids["消费能力", level])
        if last_category and rand() < 0.6:
            tags.append(tag_ids["偏好品类", last_category])
        for _ in range(MULTI_TAG_COUNTS[int(rand() * len(MULTI_TAG_COUNTS))]):
            tag = tag_ids[multi_tags[int(rand() * len(multi_tags))]]
            if tag not in tags:
                tags.append(tag)
        if persona == LOYAL and rand() < 0.2:
            tags.append(tag_ids["身份", "KOC"])
        elif persona == LOYAL and rand() < 0.06:
            tags.append(tag_ids["身份", "团长"])
        elif rand() < 0.01:
            tags.append(tag_ids["身份", "员工亲友"])
        for tag in tags[:5]:
            ctags.append((cid, tag))

        # layer history: the climb to the peak tier, then the fall of lapsed contacts
        first_event = min(now_s if first_i is None else first_i,
                          otimes[0] if otimes else now_s)
        peak = computed_tier
        if stage in ("churned", "declining") and (n_orders or n_inter >= 3):
            peak = max(computed_tier, min(4, 2 + n_orders // 2))
        if peak > 1:
            climb_end = last_act if peak > computed_tier else now_s
            step = max(1, (climb_end - first_event) // peak)
            t = first_event
            for level in range(2, peak + 1):
                history.append((cid, "tier", str(level - 1), str(level), ts(t),
                                TIER_UP_REASON[level]))
                t = min(t + step // 2 + int(rand() * step), climb_end)
            if peak > computed_tier:
                t = min(last_act + 31 * DAY, now_s)
                history.append((cid, "tier", str(peak), str(computed_tier), ts(t),
                                "近30天无互动、无消费，重新分层"))
        if pinned and tier != computed_tier:
            history.append((cid, "tier", str(computed_tier), str(tier),
                            ts(now_s - int(rand() * 20 * DAY)), "手动设定"))
        if otimes:
            history.append((cid, "stage", "potential", "new", ts(otimes[0]),
                            f"首单 {first_item}"))
            if len(otimes) >= 2:
                history.append((cid, "stage", "new", "growing", ts(otimes[1]),
                                "累计下单 2 笔"))
            if stage == "mature" and len(otimes) >= 3:
                history.append((cid, "stage", "growing", "mature", ts(otimes[2]),
                                stage_reason))
        if stage in ("churned", "declining"):
            prev = ("potential" if not otimes else "new" if len(otimes) == 1
                    else "growing")
            t = min(last_act + 31 * DAY, now_s) if stage == "churned" else now_s - int(
                rand() * 30 * DAY)
            history.append((cid, "stage", prev, stage, ts(t), stage_reason))

        # candidates for tasks
        if now_s - added <= 3 * DAY:
            candidates["welcome"].append((cid, added, ""))
        if len(otimes) == 1 and now_s - otimes[0] <= 10 * DAY:
            candidates["first_order_checkin"].append((cid, otimes[0], first_item))
        if last_o is not None and 35 * DAY <= now_s - last_o <= 60 * DAY:
            candidates["repurchase"].append((cid, last_o, last_item))
        if stage == "churned" and now_s - last_act <= 60 * DAY:
            candidates["recall_30d"].append((cid, last_act, ""))
        if stage == "declining":
            candidates["winback"].append((cid, now_s, ""))
        if birthday and birthday[-5:] in upcoming_bdays:
            candidates["birthday"].append((cid, upcoming_bdays[birthday[-5:]], ""))
        if tier == 4:
            candidates["referral_l4"].append((cid, now_s, ""))
        elif tier == 5:
            candidates["vip_l5"].append((cid, now_s, ""))
        if rand() < 0.05:  # people for manual tasks
            candidates["any"].append(cid)

    return {"contacts": contacts, "links": links, "tags": ctags, "orders": orders,
            "interactions": inters, "history": history}


def _wecom_id(rng: random.Random) -> str:
    """Looks like a WeCom external_userid: 'wm' + 30 url-safe characters."""
    return "wm" + base64.urlsafe_b64encode(rng.randbytes(24)).decode()[:30]


def _tier(i30: int, o30: int, a30: int, s365: int) -> tuple[int, str]:
    """A simplified reading of PRODUCT.md's default tier rules, evaluated from L5 down."""
    avg30 = a30 // o30 if o30 else 0
    if s365 >= 500_000:
        return 5, f"近12个月消费 {_yuan(s365)} ≥ ¥5,000"
    if i30 >= 10:
        return 4, f"近30天互动 {i30} 次 ≥ 10"
    if o30 >= 3:
        return 4, f"近30天下单 {o30} 笔 ≥ 3"
    if o30 and avg30 > 20_000:
        return 4, f"近30天客单价 {_yuan(avg30)} > ¥200"
    if i30 >= 5:
        return 3, f"近30天互动 {i30} 次 ≥ 5"
    if o30 >= 2 and 5_000 <= avg30 <= 20_000:
        return 3, f"近30天下单 {o30} 笔，客单价 {_yuan(avg30)}"
    if i30 >= 3:
        return 2, f"近30天互动 {i30} 次 ≥ 3"
    if o30 >= 1:
        return 2, f"近30天下单 {o30} 笔 ≥ 1"
    return 1, f"近30天互动 {i30} 次，无消费" if i30 else "近30天无互动、无消费"


def _stage(now_s: int, added: int, last_act: int, n_orders: int, o90: int, total: int,
           before90: int) -> tuple[str, str]:
    """A simplified reading of PRODUCT.md's default lifecycle rules, first match wins."""
    idle_days = (now_s - last_act) // DAY
    if idle_days > 30:
        return "churned", f"已 {idle_days} 天无互动、无消费 > 30"
    if n_orders >= 2:
        periods = max(1.0, (now_s - 90 * DAY - added) / (90 * DAY))
        rate = before90 / periods
        if before90 and o90 < rate / 2:
            return "declining", f"近90天下单 {o90} 笔，不到以往每90天 {rate:.1f} 笔的一半"
    if o90 >= 3:
        return "mature", f"近90天下单 {o90} 笔 ≥ 3"
    if n_orders >= 2 and total // n_orders >= 50_000:
        return "mature", f"客单价 {_yuan(total // n_orders)} ≥ ¥500"
    if n_orders >= 2:
        return "growing", f"累计下单 {n_orders} 笔"
    if n_orders == 1:
        return "new", "已完成首单"
    return "potential", "尚未下单"


def _yuan(fen: int) -> str:
    return f"¥{fen / 100:,.0f}" if fen % 100 == 0 else f"¥{fen / 100:,.1f}"

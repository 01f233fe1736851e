"""Demo data: the fixed content — accounts, tags, scripts, the moments template, SOP rules —
and the moments posts and tasks around today.

The content comes from resources/demo/*.json through desktop/demo_data.py (via `Gen`). Posts
and tasks are drawn from the same rng after the contacts: tasks are about the contacts collected
as candidates and about today's pending posts.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from db import bulk
from desktop.demo_people import DAY, HISTORY_DAYS, Gen


def write_setup(conn: sqlite3.Connection, g: Gen
                ) -> tuple[dict, dict[tuple[str, str], int], dict[str, int]]:
    """Accounts, tags, scripts, sequences, the slot template and the SOP rules.

    Returns (counts by DemoSummary field, (group, tag) → tag id, rule code → rule id).
    """
    created = g.ts(g.now_s - HISTORY_DAYS * DAY - 10 * DAY)
    counts = {"accounts": bulk.insert_accounts(conn, [a + (created,) for a in g.people.accounts])}
    groups, tags, tag_ids = [], [], {}
    for gid, (name, single, members) in enumerate(g.shop.tag_groups, start=1):
        groups.append((gid, name, single, gid))
        for pos, (tag, colour) in enumerate(members, start=1):
            tag_ids[name, tag] = len(tags) + 1
            tags.append((len(tags) + 1, gid, tag, colour, pos))
    counts["tag_groups"] = bulk.insert_tag_groups(conn, groups)
    counts["tags"] = bulk.insert_tags(conn, tags)

    rng = g.rng
    scripts = []
    library = g.library
    for sid, (title, category, tiers, stages, shortcut, fav, body) in enumerate(
            library.scripts, 1):
        usage = int(rng.random() ** 2 * 300) if rng.random() < 0.8 else 0
        last_used = g.ts(g.now_s - int(rng.random() * 30 * DAY)) if usage else None
        scripts.append((sid, title, category, body, tiers, stages, shortcut, fav, usage,
                        last_used, created, created))
    counts["scripts"] = bulk.insert_scripts(conn, scripts)
    counts["sequences"] = bulk.insert_sequences(
        conn, [(qid, name, description)
               for qid, (name, description, _steps) in enumerate(library.sequences, 1)])
    counts["sequence_steps"] = bulk.insert_sequence_steps(
        conn, [(qid, pos, variant, library.script_id[title], delay)
               for qid, sequence in enumerate(library.sequences, 1)
               for pos, variant, title, delay in sequence.steps])
    counts["slot_templates"] = bulk.insert_slot_templates(conn, [(1, g.shop.slot_template)])
    counts["slots"] = bulk.insert_slots(conn, [(1,) + s for s in g.shop.slots])
    rule_ids = bulk.ensure_sop_rules(conn, [
        (code, name, trigger, json.dumps(params, ensure_ascii=False), delay, title, category,
         1, 1)
        for code, name, trigger, params, delay, title, category, _script in g.sop_rules])
    counts["sop_rules"] = len(rule_ids)
    return counts, tag_ids, rule_ids


def moments_posts(g: Gen, tag_ids: dict[tuple[str, str], int]) -> tuple[list, list, list]:
    """Moments posts from three weeks ago to two weeks ahead, three of them today.

    Returns (posts, visibility tag rows, today's pending posts as (id, planned_s, body)).
    """
    rng = g.rng
    post_times, post_types, bodies = g.shop.post_times, g.shop.post_type_pool, g.shop.posts
    posts, visibility, today_pending = [], [], []
    slots: dict[int, list] = {}
    for weekday, hhmm, ctype, body, hard in g.shop.slots:
        slots.setdefault(weekday, []).append((hhmm, ctype, body, hard))
    for offset in range(-21, 15):
        day = g.local_today + timedelta(days=offset)
        plan = [(hhmm, ctype, f"{body}：{bodies[ctype][0].body}", hard)
                for hhmm, ctype, body, hard in slots.get(day.isoweekday(), [])]
        extra = 3 - len(plan) if offset == 0 else (1 if rng.random() < 0.6 else 2)
        taken = [p[0] for p in plan]
        for hhmm in rng.sample([t for t in post_times if t not in taken], max(0, extra)):
            ctype = post_types[int(rng.random() * len(post_types))]
            body, hard = bodies[ctype][int(rng.random() * len(bodies[ctype]))]
            plan.append((hhmm, ctype, body, hard))
        for hhmm, ctype, body, hard in sorted(plan):
            planned = g.local_to_s(day, hhmm)
            post_id = len(posts) + 1
            if planned <= g.now_s:
                status = "posted" if offset == 0 or rng.random() < 0.85 else "skipped"
            else:
                status = "pending" if offset == 0 or rng.random() < 0.4 else "draft"
            if offset == 0 and status == "pending":
                today_pending.append((post_id, planned, body))
            posted_at = (g.ts(min(planned + int(rng.random() * 1200), g.now_s))
                         if status == "posted" else None)
            created = g.ts(min(planned - int((1 + rng.random() * 5) * DAY), g.now_s))
            r = rng.random()
            vis = "everyone" if r < 0.85 else ("only_tags" if r < 0.95 else "except_tags")
            if vis == "only_tags":
                need = ["美白", "补水", "抗衰"][int(rng.random() * 3)]
                visibility.append((post_id, tag_ids["需求类型", need]))
            elif vis == "except_tags":
                visibility.append((post_id, tag_ids["身份", "员工亲友"]))
            campaign = ("周三会员日" if day.isoweekday() == 3
                        else "周二券日" if day.isoweekday() == 2 and ctype in ("event", "perk")
                        else "")
            account = 1 if rng.random() < 0.7 else 2
            posts.append((post_id, g.ts(planned), account, ctype, body, vis, status, hard,
                          campaign, posted_at, created, posted_at or created))
    return posts, visibility, today_pending


def task_rows(g: Gen, size: int, candidates: dict[str, list], rule_ids: dict[str, int],
              today_posts: list[tuple[int, int, str]]) -> list[tuple]:
    """~size/20 open tasks (overdue, today, next week; at least two today) and some done."""
    rng = g.rng
    now_s = g.now_s
    today = g.local_today
    n_open = max(8, size // 20) if size else 0
    n_done = n_open // 2
    tasks: list[tuple] = []
    spread_count = 0

    def spread_due() -> int:
        """Past week (overdue) 30 %, today 25 %, next week 45 %; the first two today."""
        nonlocal spread_count
        spread_count += 1
        r = 0.4 if spread_count <= 2 else rng.random()
        if r < 0.3:
            return now_s - 3600 - int(rng.random() * 6 * DAY)
        day = today if r < 0.55 else today + timedelta(days=1 + int(rng.random() * 7))
        hhmm = f"{9 + int(rng.random() * 12):02d}:{int(rng.random() * 4) * 15:02d}"
        return g.local_to_s(day, hhmm)

    def past_due() -> int:
        return now_s - int((1 + rng.random() * 13) * DAY)

    def add(title: str, cid: int | None, due: int, status: str, source: str,
            rule: str | None = None, key: str | None = None, script: int | None = None,
            post: int | None = None, recurrence: str = "") -> None:
        remind = g.ts(due - 600) if status == "open" and rng.random() < 0.5 else None
        done_at = (g.ts(min(due + int(rng.random() * 6 * 3600), now_s))
                   if status == "done" else None)
        created = g.ts(min(due, now_s) - int(rng.random() * 3 * DAY))
        tasks.append((title, cid, g.ts(due), remind, recurrence, 1 + int(rng.random() * 3),
                      status, source, rule_ids.get(rule) if rule else None, key, script, post,
                      "", done_at, created))

    # SOP tasks: each rule picks distinct contacts, so (rule, contact, trigger_key) is unique
    shares = {"welcome": 0.15, "first_order_checkin": 0.08, "repurchase": 0.2,
              "recall_30d": 0.12, "winback": 0.06, "birthday": 0.06, "referral_l4": 0.04,
              "vip_l5": 0.03}
    for code, _name, _trigger, _params, _delay, title, _category, script in g.sop_rules:
        want_open = max(1, round(n_open * shares[code])) if n_open else 0
        want_done = round(n_done * shares[code])
        pool = candidates[code]
        picked = rng.sample(pool, min(len(pool), want_open + want_done))
        for k, (cid, when, item) in enumerate(picked):
            status = "open" if k < want_open else "done"
            if code == "welcome":      # due 10 minutes after being added
                due, key = when + 600, "added"
                status = "open" if now_s - when <= DAY else "done"
            elif code == "birthday":   # `when` = days until the birthday
                day = today + timedelta(days=when)
                due, key, status = g.local_to_s(day, "09:00"), f"birthday:{day.year}", "open"
            else:
                due = spread_due() if status == "open" else past_due()
                key = {"repurchase": f"order:{g.ts(when)[:10]}",
                       "recall_30d": f"silent:{g.ts(when)[:10]}"}.get(code, code)
            add(f"{title}：{item}" if item else title, cid, due, status, "sop", code, key,
                g.library.script_id[script])

    # manual tasks fill up to the target; some without a contact; one weekly
    open_so_far = sum(1 for t in tasks if t[6] == "open")
    people = candidates["any"]
    manual = g.shop.manual_tasks
    for k in range(max(0, n_open - open_so_far) + n_done // 3):
        title, with_contact = manual[int(rng.random() * len(manual))]
        cid = people[int(rng.random() * len(people))] if with_contact and people else None
        if k < n_open - open_so_far:
            add(title, cid, spread_due(), "open", "manual")
        else:
            add(title, cid, past_due(), "done", "manual")
    if n_open:
        monday = today + timedelta(days=7 - today.weekday())
        add("盘点花茶库存", None, g.local_to_s(monday, "10:00"), "open", "manual",
            recurrence="weekly")
    for post_id, planned, body in today_posts:   # reminders for today's pending posts
        add("发朋友圈：" + body[:12], None, planned, "open", "moments", post=post_id)
    return tasks


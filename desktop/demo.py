"""Realistic, deterministic sample data for a fresh database (`siyu --demo`).

`fill_demo(conn, size=2000)` writes three owner accounts, `size` contacts with links, tags,
orders, interactions and tier/stage history, a script library with the parcel-card sequence, a
weekly moments slot template, moments posts around today, the built-in SOP rules and tasks —
everything in one transaction, from one `random.Random(seed)`, so the same seed and `now` give
the same database byte for byte (row for row).

Each contact gets a hidden persona (potential / light / regular / loyal / lapsed) that decides
how many orders and interactions it has and when, so that tier, stage and last activity look
coherent. Tier and stage are first set from the generated rows with a simplified reading of
PRODUCT.md's default rules (giving the history a past), then the rule engine recomputes everyone
at `now` in the same transaction, so the tiers, stages, reasons and RFM segments shown are the
engine's own (and the daily recompute at start has nothing to do today).

Speed: 100,000 contacts with 500k orders and 1M interactions is the benchmark dataset. Rows are
generated and inserted in chunks of CHUNK contacts; timestamps are integer seconds turned into
text through two lookup lists (day, time of day) instead of datetime formatting per row; orders
and interactions are drawn from pools of ready-made row templates.

Where things are: the words and content (names, products, tags, scripts, SOP rules, posts) are
data in resources/demo/*.json, read on first use by desktop/demo_data.py; demo_people.py holds
the state of one fill and who the contacts are, demo_activity.py what they did and their tier
and stage, demo_content.py the fixed content, posts and tasks. This module is the entry point.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from db import bulk
from db import settings as settings_db
from db.connection import transaction
from desktop import demo_content, demo_data, layering, script_settings
from desktop.changes import Changes, OpResult
from desktop.demo_activity import chunk_rows
from desktop.demo_people import Gen
from desktop.errors import UserFacingError
from desktop.progress import Cancelled, Progress

CHUNK = 10_000
DEFERRED = ("contacts", "interactions", "orders", "layer_history", "contact_accounts")


class DemoRefused(UserFacingError):
    """The database already holds someone's data; demo data goes only into an empty one."""


class DemoCancelled(Cancelled):
    """The user cancelled; the transaction was rolled back and nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    accounts: int
    contacts: int
    contact_accounts: int
    tag_groups: int
    tags: int
    contact_tags: int
    orders: int
    interactions: int
    layer_history: int
    scripts: int
    sequences: int
    sequence_steps: int
    slot_templates: int
    slots: int
    sop_rules: int
    moments_posts: int
    tasks: int


def fill_demo(conn: sqlite3.Connection, *, size: int = 2000, seed: int = 20261123,
              now: datetime | None = None, orders_per_contact: float = 1.5,
              interactions_per_contact: float = 4.0,
              progress: Callable[[int, int], None] | None = None,
              cancel: threading.Event | None = None, recompute: bool = True) -> DemoSummary:
    """Fill an empty database with `size` sample contacts and everything around them.
    `recompute=False` leaves the simplified tiers and stages for the engine's first full
    recompute (the benchmark times that one).

    Raises DemoRefused when the database already has data (nothing is written), DemoCancelled
    when `cancel` is set between chunks (everything is rolled back).
    """
    if size < 0:
        raise ValueError("size must be ≥ 0")
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    now = now.replace(microsecond=0)

    with transaction(conn):
        if bulk.has_user_data(conn):
            counts = bulk.user_data_counts(conn)
            what = (f"{counts['contacts']} 位客户" if counts["contacts"]
                    else "已有账号、标签、话术或任务")
            raise DemoRefused(f"这个数据库里已经有数据（{what}），示例数据只能填入新的空数据库。"
                              "请用 --db 指定一个新文件。")
        with bulk.bulk_load(conn):
            counts = _fill(conn, size, seed, now, orders_per_contact, interactions_per_contact,
                           progress, cancel)
        if recompute:
            moved = layering.recompute_all(conn, clock=lambda: now.replace(tzinfo=UTC)).value
            counts["layer_history"] += moved.tier_changes + moved.stage_changes
    return DemoSummary(**counts)


def fill_demo_op(conn: sqlite3.Connection, progress: Progress, *, size: int) -> OpResult:
    """`--demo` as an operation: fills everything, so every page refreshes; no undo (the
    operator removes demo data by starting from a new database)."""
    summary = fill_demo(conn, size=size, progress=progress.report,
                        cancel=progress.cancel_event)
    return OpResult(Changes(contacts=True, contact_detail=True, tags=True, tiers=True,
                            tasks=True, moments=True, scripts=True),
                    label=f"生成 {summary.contacts} 位示例客户", count=summary.contacts,
                    irreversible=True)


def _fill(conn, size, seed, now, orders_per_contact, interactions_per_contact, progress,
          cancel) -> dict[str, int]:
    def check_cancel() -> None:
        if cancel is not None and cancel.is_set():
            raise DemoCancelled("已取消，示例数据没有写入。")

    g = Gen(random.Random(seed), now, orders_per_contact, interactions_per_contact)
    candidates: dict[str, list] = {k: [] for k in (
        "welcome", "first_order_checkin", "repurchase", "recall_30d", "winback", "birthday",
        "referral_l4", "vip_l5", "any")}
    with bulk.indexes_deferred(conn, DEFERRED):
        counts, tag_ids, rule_ids = demo_content.write_setup(conn, g)
        for key in ("contacts", "contact_accounts", "contact_tags", "orders", "interactions",
                    "layer_history"):
            counts[key] = 0
        for first in range(1, size + 1, CHUNK):
            check_cancel()
            rows = chunk_rows(g, first, min(CHUNK, size + 1 - first), tag_ids, candidates)
            counts["contacts"] += bulk.insert_contacts(conn, rows["contacts"])
            counts["contact_accounts"] += bulk.insert_contact_accounts(conn, rows["links"])
            counts["contact_tags"] += bulk.insert_contact_tags(conn, rows["tags"])
            counts["orders"] += bulk.insert_orders(conn, rows["orders"])
            counts["interactions"] += bulk.insert_interactions(conn, rows["interactions"])
            counts["layer_history"] += bulk.insert_layer_history(conn, rows["history"])
            del rows
            if progress is not None:
                progress(min(first + CHUNK - 1, size), size)
        check_cancel()
    check_cancel()
    posts, visibility, today_posts = demo_content.moments_posts(g, tag_ids)
    counts["moments_posts"] = bulk.insert_moments_posts(conn, posts)
    bulk.insert_moments_visibility_tags(conn, visibility)
    counts["tasks"] = bulk.insert_tasks(
        conn, demo_content.task_rows(g, size, candidates, rule_ids, today_posts))
    bulk.refresh_contact_activity(conn)
    # The shop's own {顾问} {门店} {优惠券}: the demo's scripts render without a gap.
    settings_db.put(conn, script_settings.KEY, demo_data.shop().placeholders)
    return counts

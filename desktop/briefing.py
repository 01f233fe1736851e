"""The morning briefing (今日清单): one ordered work queue of cards, one per contact with all
of that contact's reasons merged, plus today's moments posts and due tasks without a contact.

Reading (`load_queue`, `load_card`) runs on any thread with its own connection; the operations
(`finish_card`, `snooze_card`, `postpone_overflow`, `save_limit`) run on the database thread,
in one transaction each, and are one undo step each.

Choices worth knowing:
- Order: overdue cards first, then value (posts, being time-bound, before any contact; then
  tier, then RFM segment), then the earliest due time: one query in db/briefing.py, which
  builds only the head of the day; draft posts (no task) are merged in here.
- Progress "今日 14 / 37" is handled / (handled + still in the queue). "Handled" is a persisted
  day plan (settings BRIEFING_DAY_KEY: the local date and the keys of the cards done or snoozed
  from the queue), written by the same operation that completes or snoozes the card, so undo
  takes the card back out of "handled" too. Deriving it from the tasks instead cannot work:
  a snoozed task keeps no record of when it was snoozed, a recurring one is replaced by its next
  occurrence, and a post card may have no task at all. The plan of an earlier day reads as empty.
- The daily limit caps the queue at limit − handled cards; the rest are not shown and nothing is
  written until the operator presses 顺延到明天 (`postpone_overflow`).
- Contacts at the weekly contact limit are skipped (unless shown anyway). Scripts sent today
  are left out of that count, so a script sent from the queue does not make the card vanish
  from under the operator and the day's total stays put; the card itself still warns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce

from db import activity
from db import briefing as briefing_db
from db import contacts as contacts_db
from db import moments as moments_db
from db import pressure as pressure_db
from db import scripts as scripts_db
from db import settings as settings_db
from db import sop as sop_db
from db import tasks as tasks_db
from db.briefing import Candidate
from db.connection import transaction
from db.tasks import TaskRow
from desktop import layering, moments, pressure, script_settings, tasks, timefmt
from desktop.changes import Changes, OpResult
from desktop.errors import ValidationError
from desktop.exporting import STAGE_NAMES
from desktop.layering_rules import SEGMENT_NAMES
from desktop.placeholders import Rendered, render
from desktop.whole_setting import WholeSetting, put_setting

LIMIT_KEY = "briefing.daily_limit"
DEFAULT_DAILY_LIMIT = 50
MAX_DAILY_LIMIT = 500
BRIEFING_DAY_KEY = "briefing.day_plan"   # {"day": "YYYY-MM-DD", "handled": [card keys]}
QUIET_DAYS_KEY = "today.quiet_days"
DEFAULT_QUIET_DAYS = 30
_TASKS = Changes(tasks=True)


@dataclass(frozen=True)
class Queue:
    cards: list[Candidate]          # shown, in order
    handled: int                    # cards done or snoozed from the queue today
    overflow: int                   # cards beyond the daily limit: not shown
    skipped: list[Candidate]        # contacts at the weekly limit the queue passed over
    daily_limit: int
    weekly_limit: int
    quiet_total: int
    quiet_days: int

    @property
    def progress_text(self) -> str:
        return f"今日 {self.handled} / {self.handled + len(self.cards)}"

    @property
    def overflow_note(self) -> str:
        if not self.overflow:
            return ""
        return f"另有 {self.overflow} 项超出每日上限 {self.daily_limit}，已移到明天"

    @property
    def skipped_note(self) -> str:
        if not self.skipped:
            return ""
        return f"已跳过 {len(self.skipped)} 位本周已联系满 {self.weekly_limit} 次的客户"

    @property
    def quiet_note(self) -> str:
        return f"另有 {self.quiet_total} 位客户 {self.quiet_days} 天未联系"


@dataclass(frozen=True)
class CardDetail:
    """Everything a card shows: who, why, what was bought and said, and the text to send."""
    candidate: Candidate
    contact: contacts_db.ContactRecord | None
    why: layering.Why | None
    reasons: list[TaskRow]                  # the card's due tasks (titles and notes)
    last_order: activity.Order | None
    interactions: list[activity.Interaction]  # the last three
    open_tasks: list[TaskRow]               # every open task of the contact
    script_id: int | None
    script_title: str
    rendered: Rendered | None               # the script (or the post's text) for this person
    pressure_warning: str | None

    @property
    def headline(self) -> str:
        """'L4 · 成熟期 · 重要价值' (empty for a card without a contact)."""
        if self.contact is None:
            return ""
        parts = [f"L{self.contact.tier}", STAGE_NAMES.get(self.contact.stage, "")]
        parts.append(SEGMENT_NAMES.get(self.contact.rfm_segment, ""))
        return " · ".join(p for p in parts if p)

    @property
    def last_order_text(self) -> str:
        order = self.last_order
        if order is None:
            return "还没有下过单"
        what = order.item or order.category or "（未写商品）"
        if order.item and order.category:
            what = f"{order.item}（{order.category}）"
        amount = f"¥{order.amount_fen / 100:,.2f}".replace(".00", "")
        return f"{what} · {timefmt.local_text(order.ordered_at, with_time=False)} · {amount}"


# --- settings ---------------------------------------------------------------------------------

DAILY_LIMIT = WholeSetting(LIMIT_KEY, DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT, "daily_limit",
                           "今日清单每日上限")


def load_limit(conn: sqlite3.Connection) -> int:
    """The daily limit (the default when unset or unusable)."""
    return DAILY_LIMIT.load(conn)


def save_limit(conn: sqlite3.Connection, *, limit: int) -> OpResult:
    """Store the daily limit (undoable). Raises ValidationError outside 1–MAX_DAILY_LIMIT."""
    return DAILY_LIMIT.save(conn, limit)


def handled_keys(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock
                 ) -> list[str]:
    """The keys of the cards handled today (an earlier day's plan reads as none)."""
    return _keys_of(settings_db.get(conn, BRIEFING_DAY_KEY), _day(clock))


def _day(clock: timefmt.Clock) -> str:
    return clock().astimezone().date().isoformat()


def _keys_of(plan: object, day: str) -> list[str]:
    if not isinstance(plan, dict) or plan.get("day") != day:
        return []
    return [str(k) for k in plan.get("handled", [])]


# --- reading ----------------------------------------------------------------------------------

def load_queue(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock,
               show_over_budget: bool = False) -> Queue:
    """Today's queue. Reads only; at 100,000 contacts it takes tens of milliseconds, so the
    page calls it off the UI thread."""
    now = clock()
    start, end = timefmt.local_day_bounds(now.astimezone().date())
    posts = briefing_db.drafts(conn, start_utc=start, end_utc=end)
    handled = len(handled_keys(conn, clock=clock))
    daily_limit = load_limit(conn)
    weekly_limit = pressure.load_limit(conn)
    room = max(0, daily_limit - handled)
    # Only the head of the day is built (it can be 15,000 cards); all of it only when skipping
    # at-limit contacts used up the first page.
    for size in (2 * room + 50, -1):
        page = briefing_db.candidates(conn, start_utc=start, end_utc=end, limit=size)
        shown, skipped, used = _fill(conn, _with_posts(page, posts), room, start, clock,
                                     skip_at=None if show_over_budget else weekly_limit)
        if len(shown) == room or len(page) < size:
            break
    quiet_days = int(settings_db.get(conn, QUIET_DAYS_KEY, DEFAULT_QUIET_DAYS))
    return Queue(
        cards=shown, handled=handled,
        overflow=briefing_db.card_count(conn, end_utc=end) + len(posts) - used,
        skipped=skipped, daily_limit=daily_limit, weekly_limit=weekly_limit,
        quiet_total=briefing_db.quiet_count(
            conn, quiet_since_utc=timefmt.to_db(now - timedelta(days=quiet_days))),
        quiet_days=quiet_days)


def _with_posts(cards: list[Candidate], posts: list[Candidate]) -> list[Candidate]:
    """Draft posts join the queue where the query puts posts: after the overdue cards, among
    the other posts by planned time."""
    if not posts:
        return cards
    at = next((i for i, c in enumerate(cards) if not c.overdue), len(cards))
    today = sorted([c for c in cards[at:] if c.post_id is not None] + posts,
                   key=lambda c: (c.first_due, c.key))
    return cards[:at] + today + [c for c in cards[at:] if c.post_id is None]


def _fill(conn: sqlite3.Connection, found: list[Candidate], room: int, start_utc: str,
          clock: timefmt.Clock, *, skip_at: int | None
          ) -> tuple[list[Candidate], list[Candidate], int]:
    """(shown, skipped, how many of `found` they used): the first `room` cards, passing over
    those whose contact is at the weekly limit `skip_at` (None: nobody is passed over).
    Touches are counted a chunk at a time, only as far as the queue reaches."""
    shown: list[Candidate] = []
    skipped: list[Candidate] = []
    used = 0
    while len(shown) < room and used < len(found):
        chunk = found[used:used + max(room - len(shown), 50)]
        over = (frozenset() if skip_at is None else _over_budget_before(
            conn, [c.contact_id for c in chunk if c.contact_id], start_utc, clock, skip_at))
        for card in chunk:
            if len(shown) == room:
                break
            (skipped if card.contact_id in over else shown).append(card)
            used += 1
    return shown, skipped, used


def _over_budget_before(conn: sqlite3.Connection, contact_ids: list[int], start_utc: str,
                        clock: timefmt.Clock, limit: int) -> frozenset[int]:
    """Contacts at the weekly limit with the scripts sent today left out (see the docstring)."""
    week = pressure.touches_this_week(conn, contact_ids, clock=clock)
    today = pressure_db.touches_since(conn, contact_ids, kinds=pressure.TOUCH_KINDS,
                                      since=start_utc)
    return frozenset(cid for cid, n in week.items() if n - today.get(cid, 0) >= limit)


def load_card(conn: sqlite3.Connection, candidate: Candidate, *,
              clock: timefmt.Clock = timefmt.system_clock) -> CardDetail:
    """The details of one card (a few indexed reads; fine on the UI thread's reader)."""
    reasons = tasks_db.tasks_by_ids(conn, candidate.task_ids)
    if candidate.post_id is not None:
        post = moments_db.post(conn, candidate.post_id)
        body = post.body if post is not None else ""
        return CardDetail(candidate, None, None, reasons, None, [], [], None, "",
                          Rendered(body, ()), None)
    contact_id = candidate.contact_id
    contact = contacts_db.get(conn, contact_id) if contact_id is not None else None
    if contact is None:
        return CardDetail(candidate, None, None, reasons, None, [], [], None, "", None, None)
    script = _suggested_script(conn, reasons)
    rendered = (render(script.body, contact, script_settings.load(conn), clock=clock)
                if script is not None else None)
    orders = activity.orders_of(conn, contact.id, limit=1)
    return CardDetail(
        candidate, contact, layering.why(conn, contact.id, clock=clock), reasons,
        orders[0] if orders else None, activity.interactions_of(conn, contact.id, limit=3),
        tasks_db.open_tasks_of(conn, contact.id),
        script.id if script else None, script.title if script else "", rendered,
        pressure.contact_warning(conn, contact.id, clock=clock))


def _suggested_script(conn: sqlite3.Connection, reasons: list[TaskRow]
                      ) -> scripts_db.ScriptRow | None:
    """The first reason's suggested script, else a script of its rule's category."""
    for task in reasons:
        if task.suggested_script_id is not None:
            script = scripts_db.get(conn, task.suggested_script_id)
            if script is not None:
                return script
    for task in reasons:
        script_id = sop_db.script_for_category(conn, briefing_db.rule_script_category(
            conn, task.id))
        if script_id is not None:
            return scripts_db.get(conn, script_id)
    return None


# --- operations -------------------------------------------------------------------------------

Step = Callable[[sqlite3.Connection], OpResult]


def finish_card(conn: sqlite3.Connection, *, candidate: Candidate,
                clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """D: complete the card's due tasks (a post card: mark the post posted, which closes its
    reminder) and count the card as handled today."""
    if candidate.post_id is not None:
        steps: list[Step] = [lambda c: moments.set_post_status(
            c, post_id=candidate.post_id, status="posted", clock=clock)]
    else:
        steps = [lambda c, i=i: tasks.complete_task(c, task_id=i, clock=clock)
                 for i in candidate.task_ids]
    return _together(conn, f"完成“{_caption(candidate)}”", [*steps, _handled(candidate, clock)])


def snooze_card(conn: sqlite3.Connection, *, candidate: Candidate,
                clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """S: the card's due tasks to tomorrow morning; the card counts as handled today."""
    if not candidate.task_ids:
        raise ValidationError("card", "这一项没有可推迟的任务：请标记已发或按 N 跳到下一项")
    return _together(conn, f"推迟“{_caption(candidate)}”到明天",
                     [*_snoozes(candidate.task_ids, clock), _handled(candidate, clock)])


def postpone_overflow(conn: sqlite3.Connection, *, keep_keys: Iterable[str],
                      clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """顺延到明天: the tasks due today of every card but `keep_keys` (those shown and those
    skipped) to tomorrow morning, in one statement (they can be 15,000). Posts have a planned
    time of their own and stay put."""
    now = clock()
    end = timefmt.local_day_bounds(now.astimezone().date())[1]
    task_ids = briefing_db.due_task_ids_except(conn, end_utc=end, keys=list(keep_keys))
    if not task_ids:
        return OpResult(Changes())
    until = timefmt.to_db(tasks.snooze_until("tomorrow", now))
    before = tasks_db.snapshot(conn, task_ids)
    with transaction(conn):
        briefing_db.snooze_tasks(conn, task_ids, until_utc=until)
    after = tasks_db.snapshot(conn, task_ids)
    return OpResult(_TASKS, label=f"顺延 {len(task_ids)} 个任务到明天", count=len(task_ids),
                    undo=lambda c: _swap_tasks(c, before, after))


def _swap_tasks(conn: sqlite3.Connection, images: dict, other: dict) -> OpResult:
    with transaction(conn):
        tasks_db.restore(conn, images)
    return OpResult(_TASKS, count=len(images), undo=lambda c: _swap_tasks(c, other, images))


def _caption(candidate: Candidate) -> str:
    """The card in an undo label: the contact's name, else the task's or post's first line."""
    return candidate.name or (candidate.title.splitlines() or [""])[0]


def _snoozes(task_ids: Iterable[int], clock: timefmt.Clock) -> list[Step]:
    return [lambda c, i=i: tasks.snooze_task(c, task_id=i, option="tomorrow", clock=clock)
            for i in task_ids]


def _handled(candidate: Candidate, clock: timefmt.Clock) -> Step:
    """Add the card's key to today's plan (replacing an earlier day's)."""
    def step(conn: sqlite3.Connection) -> OpResult:
        stored, day = settings_db.get(conn, BRIEFING_DAY_KEY), _day(clock)
        keys = _keys_of(stored, day)
        if candidate.key not in keys:
            keys.append(candidate.key)
        return put_setting(conn, BRIEFING_DAY_KEY, {"day": day, "handled": keys}, stored)
    return step


def _together(conn: sqlite3.Connection, label: str, steps: list[Step]) -> OpResult:
    """Run operations as one transaction and one undo step."""
    with transaction(conn):
        results = [step(conn) for step in steps]
    return _joined(results, label)


def _joined(results: list[OpResult], label: str = "") -> OpResult:
    """One result for several; its undo undoes them last first (and its redo first first)."""
    undos = [r.undo for r in reversed(results) if r.undo is not None]
    changes = reduce(lambda a, b: a | b, (r.changes for r in results), Changes())

    def undo(conn: sqlite3.Connection) -> OpResult:
        with transaction(conn):
            return _joined([u(conn) for u in undos])
    return OpResult(changes, label=label, count=len(results), undo=undo)

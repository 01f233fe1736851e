"""The offline tagging session (打标签模式): one contact at a time through a frozen list.

A Session is plain state; moving returns a new one. The list of contacts is frozen when the
session starts, because tagging changes who belongs to the segment it came from. The session is
saved in the settings table after every move and change by operations without an undo step
(walking through the list is not an edit to take back), so a crash loses nothing and the next
start resumes where it stopped. The tag and tier changes themselves are bulk_edit operations,
one undo step each, which the UI merges into one step when the session ends.

Moves and `card` only read: the UI calls them with its read-only connection; the save_* and
end_session operations write and run on the database thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from statistics import median

from db import activity, settings
from db import contacts as contacts_db
from db import tags as tags_db
from db.connection import transaction
from db.tagging import live_ids
from desktop.changes import Changes, OpResult
from desktop.contacts import display_name
from desktop.timefmt import Clock, system_clock

PLAN_KEY = "tagging_session"             # name, groups and the frozen list: written once
PROGRESS_KEY = "tagging_session_progress"  # position and counts: written on every move
GROUPS_KEY = "tagging_session_groups"    # the tag groups chosen last time
PAGE_SIZE = 9        # tags on keys 1–9; key 0 turns to the next page
RECENT_MOVES = 15    # the time-left estimate follows the operator's pace of the last moves
CARD_HISTORY = 3     # interactions and orders shown on a card
_SCAN = 64           # ids checked per query while looking for a contact still there
_VERSION = 1         # of the saved form; another version is not resumed


@dataclass(frozen=True)
class Session:
    name: str
    contact_ids: tuple[int, ...]
    group_ids: tuple[int, ...]
    position: int = 0
    done: frozenset[int] = frozenset()       # moved on from with Enter / →
    skipped: frozenset[int] = frozenset()    # moved on from with S (and not done)
    changed_before: frozenset[int] = frozenset()  # changed in an earlier run: undo stack gone
    journal: tuple[int, ...] = ()            # the contact of each change in this run, in order
    recent_seconds: tuple[float, ...] = ()   # time spent on each of the last forward moves
    arrived_at: datetime | None = field(default=None, compare=False)  # on the current card

    @property
    def total(self) -> int:
        return len(self.contact_ids)

    @property
    def current(self) -> int | None:
        """The contact on the card; None once the end of the list is passed."""
        return self.contact_ids[self.position] if self.position < self.total else None

    @property
    def changed(self) -> frozenset[int]:
        return self.changed_before | frozenset(self.journal)

    @property
    def visited(self) -> frozenset[int]:
        """Contacts done with: moved on from, or changed (已处理)."""
        return self.done | self.changed

    @property
    def skipped_only(self) -> frozenset[int]:
        return self.skipped - self.visited

    def time_left_seconds(self) -> float | None:
        """The median of the recent moves times the contacts left; None before the first move.

        The median, because a pause for a phone call should not double the estimate."""
        if not self.recent_seconds:
            return None
        return median(self.recent_seconds) * max(self.total - self.position, 0)

    def with_change(self, contact_id: int) -> Session:
        """After a tag or tier change of `contact_id` made one undo step."""
        return replace(self, journal=(*self.journal, contact_id))

    def without_last_change(self) -> Session:
        """After Ctrl+Z took back this run's last change."""
        return replace(self, journal=self.journal[:-1])


def merge_label(session: Session) -> str:
    """The undo step the whole run becomes, named for the operator."""
    return f"打标签：{len(set(session.journal))} 位客户"


# -- moving ------------------------------------------------------------------------------
def _live_index(conn: sqlite3.Connection, ids: Sequence[int], start: int, step: int
                ) -> int | None:
    """The first index from `start` (walking by `step`) whose contact is still there."""
    index = start
    while 0 <= index < len(ids):
        end = min(index + _SCAN, len(ids)) if step > 0 else max(index - _SCAN, -1)
        window = range(index, end, step)
        alive = live_ids(conn, [ids[i] for i in window])
        for i in window:
            if ids[i] in alive:
                return i
        index = end
    return None


def new_session(conn: sqlite3.Connection, *, name: str, contact_ids: Sequence[int],
                group_ids: Sequence[int], clock: Clock = system_clock) -> Session:
    """A session over `contact_ids` (duplicates dropped), on the first contact still there."""
    ids = tuple(dict.fromkeys(contact_ids))
    start = _live_index(conn, ids, 0, 1)
    return Session(name=name, contact_ids=ids, group_ids=tuple(group_ids),
                   position=len(ids) if start is None else start, arrived_at=clock())


def _forward(conn: sqlite3.Connection, session: Session, clock: Clock, **counts
             ) -> Session:
    now = clock()
    spent = (now - session.arrived_at).total_seconds() if session.arrived_at else None
    recent = session.recent_seconds if spent is None else \
        (*session.recent_seconds, max(spent, 0.0))[-RECENT_MOVES:]
    found = _live_index(conn, session.contact_ids, session.position + 1, 1)
    return replace(session, **counts, recent_seconds=recent, arrived_at=now,
                   position=session.total if found is None else found)


def next_contact(conn: sqlite3.Connection, session: Session, *, clock: Clock = system_clock
                 ) -> Session:
    """Enter / →: the current contact is done; on to the next one still there."""
    current = session.current
    if current is None:
        return session
    return _forward(conn, session, clock, done=session.done | {current},
                    skipped=session.skipped - {current})


def skip_contact(conn: sqlite3.Connection, session: Session, *, clock: Clock = system_clock
                 ) -> Session:
    """S: on to the next contact without counting the current one as done."""
    current = session.current
    if current is None:
        return session
    return _forward(conn, session, clock, skipped=session.skipped | {current})


def previous_contact(conn: sqlite3.Connection, session: Session, *,
                     clock: Clock = system_clock) -> Session:
    """←: back to the previous contact still there (staying put at the first)."""
    found = _live_index(conn, session.contact_ids, session.position - 1, -1)
    if found is None:
        return session
    return replace(session, position=found, arrived_at=clock())


# -- saving and resuming -----------------------------------------------------------------
def _progress(session: Session) -> dict[str, object]:
    return {"position": session.position, "done": sorted(session.done),
            "skipped": sorted(session.skipped), "changed": sorted(session.changed),
            "journal": list(session.journal), "recent_seconds": list(session.recent_seconds)}


def save_session(conn: sqlite3.Connection, *, session: Session) -> OpResult:
    """Write a new session whole (its frozen list once). No undo step."""
    with transaction(conn):
        settings.put(conn, PLAN_KEY, {"version": _VERSION, "name": session.name,
                                      "contact_ids": list(session.contact_ids),
                                      "group_ids": list(session.group_ids)})
        settings.put(conn, PROGRESS_KEY, _progress(session))
    return OpResult(Changes())


def save_progress(conn: sqlite3.Connection, *, session: Session) -> OpResult:
    """Write where the session is and what it did, after every move and change. No undo step."""
    with transaction(conn):
        settings.put(conn, PROGRESS_KEY, _progress(session))
    return OpResult(Changes())


def end_session(conn: sqlite3.Connection) -> OpResult:
    """Forget the session: nothing is offered for resuming any more. No undo step."""
    with transaction(conn):
        settings.delete(conn, PLAN_KEY, PROGRESS_KEY)
    return OpResult(Changes())


def forget_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    """Take an erased person's id out of the saved session (its list and progress), keeping
    the position on the same contact. Part of the caller's transaction."""
    plan = settings.get(conn, PLAN_KEY)
    if not isinstance(plan, dict) or contact_id not in plan.get("contact_ids", ()):
        return
    ids = plan["contact_ids"]
    progress = settings.get(conn, PROGRESS_KEY) or {}
    if ids.index(contact_id) < int(progress.get("position", 0)):
        progress["position"] = int(progress["position"]) - 1
    plan["contact_ids"] = [i for i in ids if i != contact_id]
    for key in ("done", "skipped", "changed", "journal"):
        progress[key] = [i for i in progress.get(key, ()) if i != contact_id]
    settings.put(conn, PLAN_KEY, plan)
    settings.put(conn, PROGRESS_KEY, progress)


def load_session(conn: sqlite3.Connection, *, clock: Clock = system_clock) -> Session | None:
    """The saved session, on its first contact still there from where it stopped, or None.

    Changes from before are no longer this run's (their undo steps died with the last run),
    so they count as changed but Ctrl+Z does not reach them. A saved form from another version
    is not resumed.
    """
    plan = settings.get(conn, PLAN_KEY)
    if not isinstance(plan, dict) or plan.get("version") != _VERSION:
        return None
    progress = settings.get(conn, PROGRESS_KEY) or {}
    ids = tuple(plan["contact_ids"])
    found = _live_index(conn, ids, int(progress.get("position", 0)), 1)
    return Session(
        name=plan["name"], contact_ids=ids, group_ids=tuple(plan["group_ids"]),
        position=len(ids) if found is None else found,
        done=frozenset(progress.get("done", ())), skipped=frozenset(progress.get("skipped", ())),
        changed_before=frozenset(progress.get("changed", ())),
        recent_seconds=tuple(progress.get("recent_seconds", ())), arrived_at=clock())


def remember_groups(conn: sqlite3.Connection, *, group_ids: Sequence[int]) -> OpResult:
    """Keep the operator's choice of tag groups for the next session. No undo step."""
    with transaction(conn):
        settings.put(conn, GROUPS_KEY, list(group_ids))
    return OpResult(Changes())


def remembered_groups(conn: sqlite3.Connection) -> list[int] | None:
    """The groups chosen last time, or None if never chosen."""
    return settings.get(conn, GROUPS_KEY)


# -- what the card shows -----------------------------------------------------------------
def tag_pages(groups: Sequence[tags_db.TagGroup], group_ids: Collection[int]
              ) -> tuple[tuple[tags_db.Tag, ...], ...]:
    """The chosen groups' tags in group order then tag order, nine to a page: page p's tag i
    is on key i + 1. `groups` in display order, as reads.groups_with_tags gives them."""
    chosen = [tag for group in groups if group.id in group_ids for tag in group.tags]
    return tuple(tuple(chosen[i:i + PAGE_SIZE]) for i in range(0, len(chosen), PAGE_SIZE))


@dataclass(frozen=True)
class Card:
    contact_id: int
    name: str        # the remark if given, else the nickname
    nickname: str
    remark: str
    channel: str
    tier: int
    tier_pinned: bool
    stage: str
    order_count: int
    total_spent_fen: int
    tag_ids: frozenset[int]
    interactions: tuple[activity.Interaction, ...]  # the latest first
    orders: tuple[activity.Order, ...]              # the latest first


def card(conn: sqlite3.Connection, contact_id: int) -> Card | None:
    """What the session shows about one contact; None if it is gone or in the trash."""
    record = contacts_db.get(conn, contact_id)
    if record is None or record.deleted_at is not None:
        return None
    return Card(contact_id, display_name(record), record.nickname, record.remark,
                record.channel, record.tier, bool(record.tier_pinned), record.stage,
                record.order_count, record.total_spent_fen,
                frozenset(tags_db.tag_ids_of(conn, contact_id)),
                tuple(activity.interactions_of(conn, contact_id, limit=CARD_HISTORY)),
                tuple(activity.orders_of(conn, contact_id, limit=CARD_HISTORY)))

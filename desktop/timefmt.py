"""The one stored time format, and conversions between it and the operator's local time.

Stored instants are UTC text 'YYYY-MM-DD HH:MM:SS' (SQLite's datetime() form). The operator
thinks in local time (Asia/Shanghai for most users; the machine's zone is used).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

DB_FORMAT = "%Y-%m-%d %H:%M:%S"

Clock = Callable[[], datetime]
"""Returns an aware datetime for 'now'. Injected so tests and reminders can fix the time."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    """Aware datetime → stored UTC text. Naive datetimes are taken as local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).strftime(DB_FORMAT)


def from_db(text: str) -> datetime:
    # fromisoformat is ~10× faster than strptime, which matters for lists of hundreds of rows.
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)


def local_day_bounds(day: date) -> tuple[str, str]:
    """The UTC texts of local midnight at the start of `day` and of the next day."""
    start = datetime.combine(day, time.min).astimezone()
    end = datetime.combine(day + timedelta(days=1), time.min).astimezone()
    return to_db(start), to_db(end)


def local_text(stored: str | None, *, with_time: bool = True) -> str:
    """A stored instant as the operator reads it: local 'YYYY-MM-DD HH:MM' (or date only)."""
    if not stored:
        return ""
    local = from_db(stored).astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def now_local_text(clock: Clock = system_clock) -> str:
    """'YYYY-MM-DD HH:MM' now, the default a form offers for 'when did it happen'."""
    return clock().astimezone().strftime("%Y-%m-%d %H:%M")


def parse_local(text: str) -> datetime:
    """'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]' typed by the operator, in local time.
    Raises ValueError with the accepted forms in the message."""
    text = text.strip().replace("/", "-").replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).astimezone()
        except ValueError:
            continue
    raise ValueError("日期格式应为 2025-03-07 或 2025-03-07 14:05")

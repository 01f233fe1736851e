"""Whole-number settings the operator sets from the 设置 menu (the weekly contact limit, the
daily briefing limit): read with a fallback to the default, changed as one undo step."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db import settings as settings_db
from db.connection import transaction
from desktop.changes import Changes, OpResult
from desktop.errors import ValidationError


@dataclass(frozen=True)
class WholeSetting:
    key: str        # in the settings table
    default: int
    maximum: int    # the minimum is 1
    field: str      # named by ValidationError
    caption: str    # "每周联系上限": in the message and the undo label

    def load(self, conn: sqlite3.Connection) -> int:
        """The stored value; a missing or unusable one reads as the default."""
        value = settings_db.get(conn, self.key, self.default)
        return value if self._valid(value) else self.default

    def save(self, conn: sqlite3.Connection, value: int) -> OpResult:
        """Store `value` (undoable). Raises ValidationError outside 1–maximum."""
        if not self._valid(value):
            raise ValidationError(self.field, f"{self.caption}应为 1 到 {self.maximum} 之间的整数，"
                                              f"例如 {self.default}")
        stored = settings_db.get(conn, self.key)
        if stored == value:
            return OpResult(Changes())
        with transaction(conn):
            result = put_setting(conn, self.key, value, stored)
        return OpResult(result.changes, label=f"修改{self.caption}", count=1, undo=result.undo)

    def _valid(self, value: object) -> bool:
        return (isinstance(value, int) and not isinstance(value, bool)
                and 1 <= value <= self.maximum)


def put_setting(conn: sqlite3.Connection, key: str, value: object, previous: object) -> OpResult:
    """Store `value` (None deletes the key); the undo puts `previous` back."""
    if value is None:
        settings_db.delete(conn, key)
    else:
        settings_db.put(conn, key, value)
    return OpResult(Changes(settings=True), count=1,
                    undo=lambda c: put_setting(c, key, previous, value))

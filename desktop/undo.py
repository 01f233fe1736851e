"""The undo stack: each user action is one step; undo and redo are operations themselves."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.connection import transaction
from desktop.changes import Changes, OpResult, UndoFn


@dataclass(frozen=True)
class _Step:
    label: str
    revert: UndoFn


class UndoStack:
    """Kept in memory on the database thread; capped; cleared by operations that cannot be undone.

    Not thread-safe: call it only from the thread that owns the write connection.
    """

    def __init__(self, limit: int = 50) -> None:
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._limit = limit

    def record(self, result: OpResult) -> None:
        if result.undo is None:
            return
        self._undo.append(_Step(result.label, result.undo))
        del self._undo[:-self._limit]
        self._redo.clear()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self, conn: sqlite3.Connection) -> OpResult:
        return self._move(conn, self._undo, self._redo)

    def redo(self, conn: sqlite3.Connection) -> OpResult:
        return self._move(conn, self._redo, self._undo)

    def _move(self, conn, source: list[_Step], target: list[_Step]) -> OpResult:
        if not source:
            return OpResult(Changes())
        step = source[-1]
        with transaction(conn):
            result = step.revert(conn)
        source.pop()
        if result.undo is not None:
            target.append(_Step(step.label, result.undo))
        return OpResult(result.changes, label=step.label, count=result.count, is_undo_step=True)

"""The undo stack: each user action is one step; undo and redo are operations themselves."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from db.connection import transaction
from desktop.changes import Changes, OpResult, UndoFn


@dataclass(frozen=True)
class _Step:
    label: str
    revert: UndoFn
    serial: int  # when it was recorded; kept through undo and redo, so marks stay valid


class UndoStack:
    """Kept in memory on the database thread; capped; cleared by operations that cannot be undone.

    Not thread-safe: call it only from the thread that owns the write connection.
    """

    def __init__(self, limit: int = 50) -> None:
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._limit = limit
        self._next_serial = 0
        self._open_marks: set[int] = set()

    def record(self, result: OpResult) -> None:
        if result.undo is None:
            return
        self._undo.append(_Step(result.label, result.undo, self._next_serial))
        self._next_serial += 1
        self._trim()
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

    def history(self) -> tuple[list[str], list[str]]:
        """Labels of the undo steps (newest first) and of the redo steps (next first)."""
        return [s.label for s in reversed(self._undo)], [s.label for s in reversed(self._redo)]

    def mark(self) -> int:
        """Remember this point, so that `merge_since` can make one step of what follows.

        Until then the cap spares the steps recorded after it (a long tagging session must
        not lose its first key presses) and counts them as one. End every mark with
        `merge_since`."""
        self._open_marks.add(self._next_serial)
        return self._next_serial

    def merge_since(self, mark: int, label: str) -> bool:
        """Make one step named `label` of the steps recorded since `mark` that are still on
        the undo stack (steps undone meanwhile stay on the redo stack, where they still fit).
        Its undo reverts them newest first, in the one transaction `undo` opens; its redo
        replays them oldest first. False, and nothing changed, when there is no such step."""
        self._open_marks.discard(mark)
        # Serials on the undo stack only grow from bottom to top: the steps are a suffix.
        first = next((i for i, s in enumerate(self._undo) if s.serial >= mark), len(self._undo))
        steps = self._undo[first:]
        if not steps:
            self._trim()
            return False
        reverts = [s.revert for s in reversed(steps)]
        self._undo[first:] = [_Step(label, _in_sequence(reverts), steps[0].serial)]
        self._trim()
        return True

    def undo(self, conn: sqlite3.Connection) -> OpResult:
        return self._move(conn, self._undo, self._redo)

    def redo(self, conn: sqlite3.Connection) -> OpResult:
        return self._move(conn, self._redo, self._undo)

    def _trim(self) -> None:
        """Drop the oldest steps beyond the cap. Steps after an open mark are spared and count
        as the one step they will be merged into."""
        excess = len(self._undo) - self._limit
        if self._open_marks:
            spared_from = min(self._open_marks)
            older = sum(1 for s in self._undo if s.serial < spared_from)
            excess = older + (older < len(self._undo)) - self._limit
        if excess > 0:
            del self._undo[:excess]

    def _move(self, conn, source: list[_Step], target: list[_Step]) -> OpResult:
        if not source:
            return OpResult(Changes())
        step = source[-1]
        with transaction(conn):
            result = step.revert(conn)
        source.pop()
        if result.undo is not None:
            target.append(_Step(step.label, result.undo, step.serial))
        return OpResult(result.changes, label=step.label, count=result.count, is_undo_step=True)


def _in_sequence(functions: Sequence[UndoFn]) -> UndoFn:
    """One undo function running `functions` in order; its result's undo runs their own
    undos in the opposite order (so the redo of a merged undo replays oldest first)."""
    def run(conn: sqlite3.Connection) -> OpResult:
        results = [function(conn) for function in functions]
        undos = [r.undo for r in reversed(results)]
        return OpResult(reduce(Changes.__or__, (r.changes for r in results), Changes()),
                        count=sum(r.count for r in results),
                        undo=_in_sequence(undos) if None not in undos else None)
    return run

"""What an operation changed, so each page refreshes only what it shows (Anki's OpChanges)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    contacts: bool = False       # rows of the contact list (fields, trash state, count)
    contact_detail: bool = False  # a contact's history: interactions, orders, links
    tags: bool = False
    tiers: bool = False
    tasks: bool = False
    moments: bool = False
    scripts: bool = False
    settings: bool = False
    segments: bool = False       # saved segments (names, filters, order)

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{k: getattr(self, k) or getattr(other, k)
                          for k in self.__dataclass_fields__})

    def any(self) -> bool:
        return any(getattr(self, k) for k in self.__dataclass_fields__)


UndoFn = Callable[[sqlite3.Connection], "OpResult"]


@dataclass(frozen=True)
class OpResult:
    """Returned by every operation that writes.

    `undo`, when given, reverts exactly this operation from before-images of the rows it
    changed, and itself returns an OpResult whose `undo` is the redo.
    `label` names the step in the undo history, in the operator's language.
    """
    changes: Changes
    label: str = ""
    count: int = 0
    undo: UndoFn | None = field(default=None, compare=False)
    value: object = None  # e.g. the id of a created row
    irreversible: bool = False  # e.g. a permanent purge: older undo steps can no longer apply
    is_undo_step: bool = False  # the result of an undo or redo (the stack already moved it)

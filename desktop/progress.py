"""Progress and cancellation shared between a long operation and whoever watches it.

The operation calls `report(done, total)` (cheap: it only stores numbers) and looks at
`cancel_event` between chunks; the UI reads `done`/`total` on a timer. Raising Cancelled inside
a transaction rolls everything back — cancelling a future alone would not stop the thread.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The operator pressed Cancel; nothing of the operation was kept."""


class Progress:
    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_event(self) -> threading.Event:
        """Set when Cancel was pressed; long operations check it between chunks and raise
        Cancelled inside their transaction."""
        return self._cancel

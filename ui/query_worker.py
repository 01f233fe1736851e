"""Searches and counts off the UI thread, so typing never waits for the database.

One reader thread with its own read-only connection (WAL lets it read while the database thread
writes). Each request belongs to a channel ("list", "counts"); a request is skipped when a newer
one of its channel arrived before it started, and its result is dropped when a newer one arrived
before it finished — the list only ever shows the answer to what is in the box now.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal

from desktop.workspace import Workspace


class QueryWorker(QObject):
    """Call `submit` and `shutdown` on the UI thread; `work` runs on the reader thread."""

    _finished = Signal(object, object)  # (callback, future): hops back to the UI thread

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="siyu-read")
        self._local = threading.local()
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def submit(self, channel: str, work: Callable[[sqlite3.Connection], object],
               on_result: Callable[[object], None]) -> Future:
        """Run `work(conn)` on the reader thread; `on_result(value)` on the UI thread, unless
        a newer request of the same channel came in meanwhile."""
        with self._lock:
            generation = self._latest.get(channel, 0) + 1
            self._latest[channel] = generation
        self.pending += 1

        def on_reader_thread() -> object:
            if not self._is_latest(channel, generation):
                return _SKIPPED
            return work(self._connection())
        future = self._executor.submit(on_reader_thread)

        def callback(done: Future) -> None:
            self.pending -= 1
            if done.exception() is not None:
                raise done.exception()  # a bug, not bad input: let the excepthook show it
            value = done.result()
            if value is not _SKIPPED and self._is_latest(channel, generation):
                on_result(value)
        future.add_done_callback(lambda f: self._finished.emit(callback, f))
        return future

    def wait_idle(self) -> None:
        """Block until every request already submitted has run (tests, shutdown)."""
        self._executor.submit(lambda: None).result()

    def shutdown(self) -> None:
        """Close the reader connection on its own thread, then stop the thread."""
        self._executor.submit(self._close_connection).result()
        self._executor.shutdown(wait=True)

    def _is_latest(self, channel: str, generation: int) -> bool:
        with self._lock:
            return self._latest.get(channel) == generation

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._workspace.open_reader()
        return conn

    def _close_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _deliver(self, callback, future: Future) -> None:
        callback(future)


_SKIPPED = object()

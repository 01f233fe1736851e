"""Running desktop operations on the database thread, with progress, Cancel and Chinese errors.

One thread owns the write connection (sqlite3 enforces it); widgets gather their inputs first and
never touch the connection. When an operation finishes, `changes_applied` reaches every page,
which decides what to refresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.changes import OpResult
from desktop.errors import UserFacingError
from desktop.progress import Cancelled, Progress
from desktop.workspace import Workspace

Operation = Callable[[sqlite3.Connection], OpResult]
T = TypeVar("T")


class OpRunner(QObject):
    """Owns the database thread. `run` and `run_long` are called on the UI thread only.

    The workspace's write connection is opened and migrated on the launching thread before
    this runner exists, and closed there after `shutdown`; in between, only the database
    thread touches it (hence check_same_thread=False on that one connection).
    """

    changes_applied = Signal(object, object)  # (Changes, initiator or None)
    undo_state_changed = Signal(str, str)     # labels of the next undo / redo step ('' if none)
    _finished = Signal(object, object)        # (callback, future) — hops back to the UI thread

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="siyu-db")
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(self, parent: QWidget | None, operation: Operation, *, initiator: object = None,
            on_done: Callable[[OpResult], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Future:
        """A short operation: no dialog; errors are shown in a message box over `parent`
        (or passed to `on_error` instead)."""
        return self._submit(lambda: self.workspace.execute(operation), parent,
                            self._applied(initiator, on_done), on_error=on_error)

    def run_long(self, parent: QWidget | None, work: Callable[[sqlite3.Connection, Progress],
                                                              OpResult],
                 *, label: str, on_done: Callable[[OpResult], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> Future:
        """A long operation with a progress dialog and a Cancel button that really stops it;
        errors as in `run`."""
        progress = Progress()
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(progress.cancel)
        timer = QTimer(dialog, interval=100)

        def poll() -> None:
            if progress.total:
                dialog.setMaximum(progress.total)
                dialog.setValue(min(progress.done, progress.total - 1))
        timer.timeout.connect(poll)
        timer.start()

        def cleanup(_future: Future) -> None:
            timer.stop()
            dialog.reset()
            dialog.deleteLater()
        return self._submit(lambda: self.workspace.execute(lambda c: work(c, progress)),
                            parent, self._applied(None, on_done), cleanup=cleanup,
                            on_error=on_error)

    def undo(self, parent: QWidget | None) -> Future:
        return self._submit(self.workspace.undo, parent, self._applied(None, None))

    def redo(self, parent: QWidget | None) -> Future:
        return self._submit(self.workspace.redo, parent, self._applied(None, None))

    def call_on_db_thread(self, fn: Callable[[Workspace], T], *,
                          on_done: Callable[[T], None] | None = None) -> Future:
        """Run `fn(workspace)` on the database thread, in turn with the operations, and hand
        its value to `on_done` on the UI thread: for reading or rearranging the undo stack
        (history, merge_since). Pages are not told of data changes, so write through `run`."""
        return self._submit(lambda: fn(self.workspace), None, on_done or (lambda _value: None))

    def wait_idle(self) -> None:
        """Block until every operation already queued on the database thread has run."""
        self._executor.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    def _applied(self, initiator: object, on_done: Callable[[OpResult], None] | None
                 ) -> Callable[[OpResult], None]:
        """What the UI thread does with an operation's result: tell the pages, then the caller."""
        def deliver(result: OpResult) -> None:
            if result.changes.any():
                self.changes_applied.emit(result.changes, initiator)
            if on_done:
                on_done(result)
        return deliver

    def _submit(self, call: Callable[[], T], parent, deliver: Callable[[T], None], *,
                cleanup: Callable[[Future], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None) -> Future:
        """Run `call` on the database thread; on the UI thread, announce the undo stack if
        `call` changed what it shows (undo_state_changed), then `deliver` its value."""
        self.pending += 1
        shown: list[tuple[str, str]] = []  # written on the database thread, read after it

        def on_db_thread() -> T:
            stack = self.workspace.undo_stack  # read here: the stack belongs to this thread
            before = stack.history()
            value = call()
            if stack.history() != before:
                shown.append((stack.undo_label or "", stack.redo_label or ""))
            return value
        future = self._executor.submit(on_db_thread)

        def callback(done: Future) -> None:
            self.pending -= 1
            if cleanup:
                cleanup(done)
            error = done.exception()
            if error is not None:
                (on_error or (lambda e: _show_error(parent, e)))(error)
                return
            if shown:
                self.undo_state_changed.emit(*shown[0])
            deliver(done.result())
        future.add_done_callback(lambda f: self._finished.emit(callback, f))
        return future

    def _deliver(self, callback, future: Future) -> None:
        callback(future)


def _show_error(parent: QWidget | None, error: BaseException) -> None:
    if isinstance(error, Cancelled):
        QMessageBox.information(parent, OpRunner.tr("Cancelled"),
                                OpRunner.tr("Cancelled. Nothing was changed."))
    elif isinstance(error, UserFacingError):
        QMessageBox.warning(parent, OpRunner.tr("Please check"), str(error))
    elif isinstance(error, sqlite3.OperationalError) and "full" in str(error).lower():
        QMessageBox.critical(parent, OpRunner.tr("Disk full"), OpRunner.tr(
            "The disk is full, so nothing was saved. Free some space and try again."))
    else:
        QMessageBox.critical(parent, OpRunner.tr("Something went wrong"), OpRunner.tr(
            "The action failed and nothing was changed.\n\nDetails: {0}").format(error))

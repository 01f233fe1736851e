"""Running desktop operations on the database thread, with progress, Cancel and Chinese errors.

One thread owns the write connection (sqlite3 enforces it); widgets gather their inputs first and
never touch the connection. When an operation finishes, `changes_applied` reaches every page,
which decides what to refresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.changes import OpResult
from desktop.errors import UserFacingError
from desktop.progress import Cancelled, Progress
from desktop.workspace import Workspace

Operation = Callable[[sqlite3.Connection], OpResult]


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
        return self._submit(lambda: self.workspace.execute(operation), parent, initiator, on_done,
                            on_error=on_error)

    def run_long(self, parent: QWidget | None, work: Callable[[sqlite3.Connection, Progress],
                                                              OpResult],
                 *, label: str, on_done: Callable[[OpResult], None] | None = None) -> Future:
        """A long operation with a progress dialog and a Cancel button that really stops it."""
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
                            parent, None, on_done, cleanup)

    def undo(self, parent: QWidget | None) -> Future:
        return self._submit(self.workspace.undo, parent, None, None)

    def redo(self, parent: QWidget | None) -> Future:
        return self._submit(self.workspace.redo, parent, None, None)

    def wait_idle(self) -> None:
        """Block until every operation already queued on the database thread has run."""
        self._executor.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    def _submit(self, call: Callable[[], OpResult], parent, initiator, on_done,
                cleanup: Callable[[Future], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None) -> Future:
        self.pending += 1

        def on_db_thread() -> tuple[OpResult, str, str]:
            result = call()
            stack = self.workspace.undo_stack  # read here: the stack belongs to this thread
            return result, stack.undo_label or "", stack.redo_label or ""
        future = self._executor.submit(on_db_thread)

        def callback(done: Future) -> None:
            self.pending -= 1
            if cleanup:
                cleanup(done)
            error = done.exception()
            if error is not None:
                (on_error or (lambda e: _show_error(parent, e)))(error)
                return
            result, undo_label, redo_label = done.result()
            self.undo_state_changed.emit(undo_label, redo_label)
            if result.changes.any():
                self.changes_applied.emit(result.changes, initiator)
            if on_done:
                on_done(result)
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

"""Child-side helpers shared by jobs: open the app on the contact list, wait for a paint, RSS.

Only ever imported inside a child process (bench.child); Qt is imported inside the functions
anyway so that importing this module costs nothing measurable.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

CONTACTS_ROW = 1  # MainWindow.navigation row of the contacts page
WINDOW_SIZE = (1280, 800)
NO_PAINT_TIMEOUT_S = 120


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child
    would report the bench parent's peak (e.g. after building a dataset) instead of its own.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def wait_first_paint(app, widget) -> float:
    """Run the event loop until `widget` has painted once; return time.time() just after.

    The stamp is taken in a zero-timer queued from the first Paint event, i.e. once that paint
    (and the window flush it belongs to) has finished.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    stamp: list[float | None] = []

    def done() -> None:
        stamp[0] = time.time()
        app.exit(0)  # not quit(): in Qt 6 quit() closes every window first

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and not stamp:
                stamp.append(None)
                QTimer.singleShot(0, done)
            return False

    spy = FirstPaint()
    widget.installEventFilter(spy)
    give_up = QTimer(singleShot=True, interval=NO_PAINT_TIMEOUT_S * 1000)
    give_up.timeout.connect(lambda: app.exit(1))
    give_up.start()
    app.exec()
    give_up.stop()
    widget.removeEventFilter(spy)
    if not stamp or stamp[0] is None:
        raise RuntimeError(f"{widget!r} was not painted within {NO_PAINT_TIMEOUT_S} s")
    return stamp[0]


def open_contacts(db: str):
    """Start the app as `siyu --db` would and switch to the contact list (before any paint).

    Returns ui.app.Running. The window opens on the Today page with fresh settings, so the
    contacts page is selected right away: the first thing painted is the list.
    """
    from ui.app import start

    running = start(Path(db))
    if isinstance(running, int):
        raise RuntimeError(f"the app refused to start (exit code {running})")
    running.window.resize(*WINDOW_SIZE)
    running.window.navigation.setCurrentRow(CONTACTS_ROW)
    return running


def settle(running) -> None:
    """Let start-up work queued on the database thread (the deferred integrity check reads the
    whole file) finish and its results arrive, so it does not land inside the first samples."""
    running.runner.wait_idle()
    running.app.processEvents()


def visible_rows(view) -> int:
    return max(1, view.viewport().height() // max(1, view.verticalHeader().defaultSectionSize()))


def show_row(view, row: int) -> None:
    """Put `row` at the top of the viewport and paint the viewport synchronously."""
    from PySide6.QtWidgets import QAbstractItemView

    view.scrollTo(view.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    view.viewport().repaint()


def bare_window() -> dict:
    """The baseline process: PySide6, a QApplication and an empty QMainWindow, first paint."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    t_ready = wait_first_paint(app, window)
    return {"t_ready": t_ready, "peak_rss_mb": peak_rss_mb()}

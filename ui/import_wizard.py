"""The import wizard: choose a file, map its columns to fields, check (a dry run), import.

The pages (ui/import_pages.py) gather the operator's choices and show reports; this module
runs the dry run and the import. Only the preview (the first rows) is read on the UI thread,
which is quick for any file; the whole file is read inside the operation on the database
thread, so a big import never freezes the window and its Cancel really stops it. What matches,
merges or is rejected is decided in desktop.importing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
    QWizard,
)

from desktop.changes import OpResult
from desktop.importing import contacts_import, orders_import, reader
from desktop.importing.report import ImportReport
from desktop.progress import Progress
from ui.import_pages import CheckPage, DonePage, FilePage, MappingPage
from ui.layering_settings import recompute_all
from ui.ops import OpRunner


class ImportWizard(QWizard):
    """Import contacts or orders (`kind`) from one file as one batch that can be undone."""

    _operation_ended = Signal(int, bool, bool)  # run number, dry run, failed
    lost_friends_requested = Signal()  # the result of a full export: show the lost list

    def __init__(self, runner: OpRunner, reader_conn: sqlite3.Connection, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.reader = reader_conn
        self.kind = kind
        self.path: Path | None = None
        self.final_report: ImportReport | None = None
        self._runs = 0     # runs started; each knows its number
        self._pending = 0  # runs not yet ended
        self.setWindowTitle(self.tr("Import contacts") if kind == "contacts"
                            else self.tr("Import orders"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOptions(QWizard.WizardOption.NoBackButtonOnLastPage
                        | QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.done_page):
            self.addPage(page)
        self._operation_ended.connect(self._after_operation,
                                      Qt.ConnectionType.QueuedConnection)
        self.resize(900, 640)

    def choose_file(self) -> bool:
        folder = self.path.parent if self.path else Path.home()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), str(folder),
            self.tr("Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xls);;All files (*)"))
        if not path:
            return False
        self.path = Path(path)
        self.file_page.load(self.path)
        return True

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(self, *, dry_run: bool, on_done: Callable[[ImportReport], None]) -> None:
        """The dry run or the import, on the database thread with progress and Cancel.

        Only the newest run is shown: a check started before the operator went back and
        changed the mapping must not show its outdated report."""
        label = (self.tr("Checking {0}") if dry_run else self.tr("Importing {0}")) \
            .format(self.path.name)
        self._runs += 1
        self._pending += 1
        run_id = self._runs
        self.check_page.completeChanged.emit()

        def done(result: OpResult) -> None:
            if run_id == self._runs:
                on_done(result.value)
        future = self.runner.run_long(self, self._operation(dry_run=dry_run), label=label,
                                      on_done=done)
        # run_long shows an error itself but tells nobody that the run failed; the wizard must
        # unlock and say so. Called on the database thread: the signal hops to the UI thread.
        future.add_done_callback(lambda f: self._operation_ended.emit(
            run_id, dry_run, f.exception() is not None))

    def _operation(self, *, dry_run: bool) -> Callable[[sqlite3.Connection, Progress], OpResult]:
        """Every input is gathered now, on the UI thread: the operation never touches widgets."""
        path, options = self.path, self.file_page.read_options()
        mapping, file_name = self.mapping_page.mapping(), self.path.name
        if self.kind == "contacts":
            overwrite = self.mapping_page.overwrite.isChecked()
            account = self.mapping_page.snapshot_account()

            def work(conn: sqlite3.Connection, progress: Progress) -> OpResult:
                return contacts_import.import_contacts(
                    conn, table=reader.read_table(path, **options), mapping=mapping,
                    overwrite=overwrite, dry_run=dry_run, file_name=file_name,
                    snapshot_account=account, progress=progress)
        else:
            def work(conn: sqlite3.Connection, progress: Progress) -> OpResult:
                return orders_import.import_orders(
                    conn, table=reader.read_table(path, **options), mapping=mapping,
                    dry_run=dry_run, file_name=file_name, progress=progress)
        return work

    def _after_operation(self, run_id: int, dry_run: bool, failed: bool) -> None:
        self._pending -= 1
        if failed and run_id == self._runs:
            self.check_page.operation_failed(dry_run=dry_run)
        self.check_page.completeChanged.emit()

    def commit_import(self) -> bool:
        """Import is pressed: start the import, and move on only once it has succeeded."""
        if self.final_report is not None:
            return True
        if not self.busy:
            self.run(dry_run=False, on_done=self._imported)
        return False

    def _imported(self, report: ImportReport) -> None:
        self.final_report = report
        self.next()
        recompute_all(self, self.runner)

    def reject(self) -> None:
        # While an operation runs, its progress dialog's Cancel is the way to stop it.
        if not self.busy:
            super().reject()


def open_import_wizard(parent: QWidget, runner: OpRunner, reader_conn: sqlite3.Connection,
                       kind: str) -> ImportWizard | None:
    """Ask for a file first; the wizard opens on it (None when the operator cancels)."""
    wizard = ImportWizard(runner, reader_conn, kind, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if not wizard.choose_file():
        wizard.deleteLater()
        return None
    wizard.open()
    return wizard

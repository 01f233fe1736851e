"""导出客户: which contacts, which columns, CSV or Excel, phones masked or not; then a file.

The export only reads, but it runs on the database thread like any operation: the one write
connection lives there, and a 100,000-row export gets progress and Cancel.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import exporting, reads
from desktop.changes import Changes, OpResult
from desktop.progress import Progress
from ui.ops import OpRunner

SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx"}


class ExportDialog(QDialog):
    """Gathers the choices, asks where to save, then starts the export over `parent`."""

    def __init__(self, runner: OpRunner, reader_conn: sqlite3.Connection, *,
                 list_ids: list[int], selected_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ids = {"list": list_ids, "selected": selected_ids, "all": None}
        self.setWindowTitle(self.tr("Export contacts"))

        scope_box = QGroupBox(self.tr("Which contacts"))
        scope_layout = QVBoxLayout(scope_box)
        self.scope = QButtonGroup(self)
        total = reads.count_contacts(reader_conn)
        for key, text, count in (
                ("list", self.tr("The current list ({0})"), len(list_ids)),
                ("selected", self.tr("The selected contacts ({0})"), len(selected_ids)),
                ("all", self.tr("All contacts ({0})"), total)):
            button = QRadioButton(text.format(f"{count:,}"), objectName=f"scope_{key}")
            button.setEnabled(count > 0)
            button.setProperty("scope", key)
            self.scope.addButton(button)
            scope_layout.addWidget(button)
        next(b for b in self.scope.buttons() if b.isEnabled() or b is self.scope.buttons()[-1]
             ).setChecked(True)

        columns_box = QGroupBox(self.tr("Columns"))
        self.columns_list = QListWidget(objectName="export_columns")
        for key, header in exporting.EXPORT_COLUMNS:
            item = QListWidgetItem(header)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.columns_list.addItem(item)
        self._tick(set(exporting.DEFAULT_COLUMNS))
        all_columns = QPushButton(self.tr("All"), objectName="export_all_columns")
        all_columns.setAutoDefault(False)
        all_columns.clicked.connect(lambda: self._tick({k for k, _ in exporting.EXPORT_COLUMNS}))
        defaults = QPushButton(self.tr("Usual columns"), objectName="export_default_columns")
        defaults.setAutoDefault(False)
        defaults.clicked.connect(lambda: self._tick(set(exporting.DEFAULT_COLUMNS)))
        column_buttons = QHBoxLayout()
        column_buttons.addWidget(all_columns)
        column_buttons.addWidget(defaults)
        column_buttons.addStretch()
        columns_layout = QVBoxLayout(columns_box)
        columns_layout.addWidget(self.columns_list)
        columns_layout.addLayout(column_buttons)

        format_box = QGroupBox(self.tr("Format and privacy"))
        format_layout = QVBoxLayout(format_box)
        self.csv = QRadioButton(self.tr("CSV (opens in Excel and WPS)"), objectName="format_csv")
        self.xlsx = QRadioButton(self.tr("Excel workbook (.xlsx)"), objectName="format_xlsx")
        self.csv.setChecked(True)
        format_layout.addWidget(self.csv)
        format_layout.addWidget(self.xlsx)
        self.mask_phone = QCheckBox(self.tr("Mask phone numbers (138****0000)"),
                                    objectName="export_mask_phone")
        format_layout.addWidget(self.mask_phone)
        format_layout.addStretch()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        choices = QVBoxLayout()
        choices.addWidget(scope_box)
        choices.addWidget(format_box, 1)
        body = QHBoxLayout()
        body.addLayout(choices)
        body.addWidget(columns_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self.resize(640, 480)

    def _tick(self, keys: set[str]) -> None:
        for row in range(self.columns_list.count()):
            item = self.columns_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def columns(self) -> list[str]:
        """The ticked columns, in the order the list shows them."""
        items = (self.columns_list.item(row) for row in range(self.columns_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def fmt(self) -> str:
        return "xlsx" if self.xlsx.isChecked() else "csv"

    def accept(self) -> None:
        columns = self.columns()
        if not columns:
            QMessageBox.warning(self, self.tr("Export contacts"),
                                self.tr("Tick at least one column to export."))
            return
        path = self._ask_path()
        if path is None:
            return  # back to the choices
        self._start(path, columns)
        super().accept()

    def _ask_path(self) -> Path | None:
        fmt = self.fmt()
        name = self.tr("Contacts export-{0}").format(datetime.now().strftime("%Y%m%d"))
        default = Path.home() / f"{name}{SUFFIXES[fmt]}"
        filters = {"csv": self.tr("CSV files (*.csv)"),
                   "xlsx": self.tr("Excel workbooks (*.xlsx)")}
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the export as"),
                                                str(default), filters[fmt])
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == SUFFIXES[fmt] else path.with_name(
            path.name + SUFFIXES[fmt])

    def _start(self, path: Path, columns: list[str]) -> None:
        """The operation and its message use no widget of this dialog: it closes right away."""
        parent = self.parentWidget()
        ids = self._ids[self.scope.checkedButton().property("scope")]
        fmt, mask_phone = self.fmt(), self.mask_phone.isChecked()
        title = self.tr("Export finished")
        done_text = self.tr("Exported {0} contacts to\n{1}")

        def work(conn: sqlite3.Connection, progress: Progress) -> OpResult:
            count = exporting.export_contacts(conn, path, fmt=fmt, columns=columns,
                                              mask_phone=mask_phone, contact_ids=ids,
                                              progress=progress)
            return OpResult(Changes(), value=count)

        def done(result: OpResult) -> None:
            QMessageBox.information(parent, title, done_text.format(f"{result.value:,}", path))
        self._runner.run_long(parent, work, label=self.tr("Exporting contacts"), on_done=done)


def open_export_dialog(parent: QWidget, runner: OpRunner, reader_conn: sqlite3.Connection, *,
                       list_ids: list[int], selected_ids: list[int]) -> ExportDialog:
    dialog = ExportDialog(runner, reader_conn, list_ids=list_ids, selected_ids=selected_ids,
                          parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""The import wizard's pages: the file and its preview, the column mapping (with the full-export
option), the check (a dry run's report) and the result. They read the operator's choices and
show reports; the wizard (ui/import_wizard.py) runs the operations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop import reads, snapshots
from desktop.importing import batches, reader
from desktop.importing.fields import FIELDS_BY_KIND, missing_for, recognise
from desktop.importing.report import ImportReport, RowIssue

if TYPE_CHECKING:
    from ui.import_wizard import ImportWizard

PREVIEW_ROWS = 50
SHOWN_ISSUES = 1000  # a table of 100,000 rejected rows would take seconds; the CSV has them all
REJECTED_COLOR = "#C62828"
NOTE_COLOR = "#8D6E00"
ERROR_STYLE = f"color: {REJECTED_COLOR};"
NOTE_STYLE = f"color: {NOTE_COLOR};"


def _plain_label(name: str, *, style: str = "") -> QLabel:
    """File names and cells are the operator's text: never read as markup."""
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def _read_only_table(name: str) -> QTableWidget:
    table = QTableWidget(objectName=name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


class FilePage(QWizardPage):
    """The file, how it was read (encoding, delimiter or sheet, changeable) and its first rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.table: reader.Table | None = None
        self._path: Path | None = None
        self._choice: dict[str, str | None] = {}
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("Check the preview: the text should be readable and each value "
                                 "in its own column. If not, change the encoding or delimiter."))

        self.file_label = _plain_label("import_file_name", style="font-weight: 600;")
        change = QPushButton(self.tr("Choose another file…"), objectName="import_change_file")
        change.setAutoDefault(False)
        change.clicked.connect(wizard.choose_file)
        self.encoding = QComboBox(objectName="import_encoding")
        for codec, label in reader.ENCODING_CHOICES:
            self.encoding.addItem(label, codec)
        self.delimiter = QComboBox(objectName="import_delimiter")
        for char, label in reader.DELIMITER_CHOICES:
            self.delimiter.addItem(label, char)
        self.sheet = QComboBox(objectName="import_sheet")
        self.encoding.currentIndexChanged.connect(lambda: self._choose("encoding", self.encoding))
        self.delimiter.currentIndexChanged.connect(
            lambda: self._choose("delimiter", self.delimiter))
        self.sheet.currentIndexChanged.connect(lambda: self._choose("sheet", self.sheet))
        self._text_options = [QLabel(self.tr("Encoding")), self.encoding,
                              QLabel(self.tr("Delimiter")), self.delimiter]
        self._sheet_options = [QLabel(self.tr("Sheet")), self.sheet]

        self.info = _plain_label("import_preview_info")
        self.warnings = _plain_label("import_read_warnings", style=NOTE_STYLE)
        self.error = _plain_label("import_read_error", style=ERROR_STYLE)
        self.preview = _read_only_table("import_preview")

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(change)
        options = QHBoxLayout()
        for widget in (*self._text_options, *self._sheet_options):
            options.addWidget(widget)
        options.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        layout.addWidget(self.warnings)
        layout.addWidget(self.preview, 1)

    def load(self, path: Path) -> None:
        """A new file: encoding, delimiter and sheet are detected afresh."""
        self._path = path
        self._choice = {}
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._read()

    def _choose(self, option: str, combo: QComboBox) -> None:
        self._choice[option] = combo.currentData()
        self._read()

    def _read(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.table = reader.read_table(self._path, max_rows=PREVIEW_ROWS, **self._choice)
        except reader.ReadError as error:
            self.table = None
            self.error.setText(str(error))
        else:
            self.error.clear()
        finally:
            QApplication.restoreOverrideCursor()
        self._show()
        self.completeChanged.emit()

    def _show(self) -> None:
        table = self.table
        self.error.setVisible(table is None)
        for widget in (self.info, self.warnings, self.preview):
            widget.setVisible(table is not None)
        if table is None:
            return
        excel = bool(table.sheets)
        for widget in self._text_options:
            widget.setVisible(not excel)
        for widget in self._sheet_options:
            widget.setVisible(excel)
        if excel:
            self._select(self.sheet, table.sheet, [(s, s) for s in table.sheets])
        else:
            self._select(self.encoding, table.encoding)
            self._select(self.delimiter, table.delimiter)
        self.info.setText(
            self.tr("Showing the first {0} rows; the whole file is read when checking.")
            .format(len(table.rows)) if table.truncated
            else self.tr("{0} rows in the file.").format(len(table.rows)))
        self.warnings.setText(self._issue_lines(table.warnings))
        self.warnings.setVisible(bool(table.warnings))

        self.preview.clear()
        self.preview.setColumnCount(len(table.headers))
        self.preview.setRowCount(len(table.rows))
        self.preview.setHorizontalHeaderLabels(table.headers)
        self.preview.setVerticalHeaderLabels([str(n) for n in table.row_numbers])
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row[:len(table.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.preview.resizeColumnsToContents()
        for c in range(self.preview.columnCount()):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 240))

    @staticmethod
    def _select(combo: QComboBox, value: str | None,
                items: list[tuple[str, str]] | None = None) -> None:
        """Show what was detected without counting it as the operator's choice."""
        combo.blockSignals(True)
        if items is not None:
            combo.clear()
            for label, data in items:
                combo.addItem(label, data)
        if value is not None and combo.findData(value) < 0:
            combo.addItem(value, value)  # detected, though not one of the usual choices
        combo.setCurrentIndex(combo.findData(value))
        combo.blockSignals(False)

    def _issue_lines(self, issues: list[RowIssue], limit: int = 5) -> str:
        lines = [issue.message for issue in issues[:limit]]  # each names its row
        if len(issues) > limit:
            lines.append(self.tr("… and {0} more").format(len(issues) - limit))
        return "\n".join(lines)

    def read_options(self) -> dict[str, str | None]:
        """How the whole file is read: exactly as the preview was, detected values included."""
        if self.table.sheets:
            return {"sheet": self.table.sheet}
        return {"encoding": self.table.encoding, "delimiter": self.table.delimiter}

    def isComplete(self) -> bool:
        return self.table is not None and bool(self.table.headers)


class MappingPage(QWizardPage):
    """Which column of the file fills which field; a saved mapping or the usual names first."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._fields = FIELDS_BY_KIND[wizard.kind]
        self._headers: list[str] | None = None
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("For each field, choose the column of the file that holds it, "
                                 "or “Do not import”."))

        self.note = _plain_label("import_mapping_note")
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        for column, caption in enumerate((self.tr("Field"), self.tr("Column in the file"),
                                          self.tr("Example from the file"))):
            heading = QLabel(caption)
            heading.setStyleSheet("font-weight: 600;")
            grid.addWidget(heading, 0, column)
        self.combos: dict[str, QComboBox] = {}
        self._samples: dict[str, QLabel] = {}
        for row, field in enumerate(self._fields, start=1):
            combo = QComboBox(objectName=f"map_{field.key}")
            combo.setMinimumWidth(200)
            combo.currentIndexChanged.connect(lambda _i, key=field.key: self._mapping_edited(key))
            sample = _plain_label(f"sample_{field.key}", style="color: #757575;")
            sample.setWordWrap(False)
            grid.addWidget(QLabel(field.header), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(sample, row, 2)
            self.combos[field.key] = combo
            self._samples[field.key] = sample
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self._fields) + 1, 1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(grid_box)

        self.overwrite = QCheckBox(self.tr("Overwrite existing non-empty fields"),
                                   objectName="import_overwrite")
        overwrite_help = _plain_label("import_overwrite_help", style="color: #757575;")
        overwrite_help.setText(self.tr(
            "Off: contacts already in the list keep what they have; only their empty fields are "
            "filled and tags are added. On: values in the file replace theirs."))
        self.full_export = QCheckBox(self.tr("This is a full export of one account's friends"),
                                     objectName="import_full_export")
        self.full_export_help = _plain_label("import_full_export_help", style="color: #757575;")
        self.full_export_help.setText(self.tr(
            "When ticked, the file is compared with this account's previous full export: "
            "friends missing from it are marked lost (they deleted us), new friends get the "
            "welcome task. No customer data is deleted."))
        self.account = QComboBox(objectName="import_snapshot_account", editable=True)
        self.account.lineEdit().setPlaceholderText(self.tr("Choose or type the account"))
        self.account.setMinimumWidth(200)
        self.account.currentTextChanged.connect(lambda _t: self.completeChanged.emit())
        self.full_export.toggled.connect(self._full_export_toggled)
        self.missing = _plain_label("import_mapping_missing", style=ERROR_STYLE)
        save = QPushButton(self.tr("Save mapping…"), objectName="import_save_mapping")
        save.setAutoDefault(False)
        save.clicked.connect(self._save_mapping)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        full_export_row = QHBoxLayout()
        full_export_row.addWidget(self.full_export)
        full_export_row.addWidget(self.account)
        full_export_row.addStretch()
        if wizard.kind == "contacts":
            layout.addWidget(self.overwrite)
            layout.addWidget(overwrite_help)
            layout.addLayout(full_export_row)
            layout.addWidget(self.full_export_help)
        else:
            for widget in (self.overwrite, overwrite_help, self.full_export, self.account,
                           self.full_export_help):
                widget.hide()
        self.account.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.missing, 1)
        bottom.addWidget(save)
        layout.addLayout(bottom)

    def initializePage(self) -> None:
        """Filled again only for a file with other columns: going back to look at the preview
        keeps the choices made here."""
        table = self._wizard.file_page.table
        if table.headers == self._headers:
            return
        self._headers = list(table.headers)
        saved = batches.find_mapping(self._wizard.reader, kind=self._wizard.kind,
                                     headers=self._headers)
        if saved is not None:
            mapping = saved.mapping
            self.note.setText(self.tr("Applied the saved mapping “{0}”.").format(saved.name))
        else:
            mapping = recognise(self._headers, self._wizard.kind)
            self.note.setText(self.tr("{0} columns were recognised by their names. Check them "
                                      "and choose the rest.").format(len(mapping)))
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Do not import"), None)
            for header in self._headers:
                combo.addItem(header, header)
            found = combo.findData(mapping.get(key))
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
            self._show_sample(key)
        self.completeChanged.emit()

    def _mapping_edited(self, key: str) -> None:
        self._show_sample(key)
        if key == "owner":
            self._default_account()
        self.completeChanged.emit()

    def _full_export_toggled(self, on: bool) -> None:
        self.account.setEnabled(on)
        if on:
            self.account.blockSignals(True)
            current = self.account.currentText()
            self.account.clear()
            self.account.addItems([a.name for a in reads.accounts(self._wizard.reader)])
            self.account.setCurrentText(current)
            self.account.blockSignals(False)
            self._default_account()
        self.completeChanged.emit()

    def _default_account(self) -> None:
        """The only account the file's account column names (in the preview), if one."""
        found = snapshots.file_account(self._wizard.file_page.table, self.mapping())
        if found and self.full_export.isChecked():
            self.account.setCurrentText(found)

    def snapshot_account(self) -> str:
        """The account of a full export; '' when the file is not one."""
        return self.account.currentText().strip() if self.full_export.isChecked() else ""

    def _show_sample(self, key: str) -> None:
        """The first non-empty value of the column, so the operator sees what it holds."""
        header = self.combos[key].currentData()
        text = ""
        if header is not None:
            column = self._headers.index(header)
            rows = self._wizard.file_page.table.rows
            text = next((row[column] for row in rows if column < len(row) and row[column]), "")
        self._samples[key].setText(text[:60])
        self._samples[key].setToolTip(text)

    def mapping(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items()
                if combo.currentData() is not None}

    def isComplete(self) -> bool:
        missing = missing_for(self._wizard.kind, self.mapping())
        if not missing and self.full_export.isChecked() and not self.snapshot_account():
            missing = self.tr("Choose which account this is a full export of.")
        self.missing.setText(missing)
        return not missing

    def _save_mapping(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save mapping"),
            self.tr("Name of this mapping (offered again for files with the same columns):"),
            text=self._wizard.path.stem)
        name = name.strip()
        if not ok or not name:
            return
        kind, headers, mapping = self._wizard.kind, list(self._headers), self.mapping()
        saved_text = self.tr("Saved the mapping “{0}”.").format(name)
        self._wizard.runner.run(
            self, lambda conn: batches.save_mapping(conn, name=name, kind=kind, headers=headers,
                                                    mapping=mapping),
            on_done=lambda _result: self.note.setText(saved_text))


class CheckPage(QWizardPage):
    """The dry run: exactly what the import will create, merge and reject, before it writes."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.report: ImportReport | None = None
        self.setTitle(self.tr("Check before importing"))
        self.setSubTitle(self.tr("Nothing has been written yet. Read what the import will do, "
                                 "then press Import."))
        self.setCommitPage(True)

        self.summary = _plain_label("import_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = _plain_label("import_check_status", style=NOTE_STYLE)
        self.issues = _read_only_table("import_issues")
        self.issues.setColumnCount(4)
        self.issues.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"),
                                               self.tr("Result"), self.tr("Reason")])
        self.issues.verticalHeader().hide()
        self.issues.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.issues.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.again = QPushButton(self.tr("Check again"), objectName="import_check_again")
        self.again.setAutoDefault(False)
        self.again.clicked.connect(self._check)
        self.export_rejected = QPushButton(self.tr("Export rejected rows…"),
                                           objectName="import_export_rejected")
        self.export_rejected.setAutoDefault(False)
        self.export_rejected.clicked.connect(self._export_rejected)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(self.issues, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.again)
        buttons.addStretch()
        buttons.addWidget(self.export_rejected)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self._check()

    def _check(self) -> None:
        self.show_report(None)
        self.status.setText(self.tr("Checking the whole file…"))
        self._wizard.run(dry_run=True, on_done=self.show_report)

    def show_report(self, report: ImportReport | None) -> None:
        self.report = report
        self.summary.setText("\n".join(report.lines()) if report else "")
        self.status.clear()
        issues = ([(i, self.tr("Not imported"), REJECTED_COLOR) for i in report.rejected]
                  + [(i, self.tr("Imported"), NOTE_COLOR) for i in report.warnings]
                  ) if report else []
        self.issues.setVisible(bool(issues))
        self.issues.setRowCount(min(len(issues), SHOWN_ISSUES))
        for r, (issue, result, color) in enumerate(issues[:SHOWN_ISSUES]):
            for c, text in enumerate((str(issue.row), issue.column, result, issue.message)):
                self.issues.setItem(r, c, QTableWidgetItem(text))
            self.issues.item(r, 2).setForeground(QColor(color))
        if len(issues) > SHOWN_ISSUES:
            self.status.setText(self.tr("The table shows the first {0} of {1} problems; "
                                        "export the rejected rows to see them all.")
                                .format(SHOWN_ISSUES, len(issues)))
        self.issues.resizeColumnsToContents()
        self.issues.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.export_rejected.setEnabled(bool(report and report.rejected))
        self.completeChanged.emit()

    def operation_failed(self, *, dry_run: bool) -> None:
        self.status.setText(self.tr("The check did not finish. Press “Check again” to retry.")
                            if dry_run else self.tr("Nothing was imported."))

    def _export_rejected(self) -> None:
        source = self._wizard.path
        default = source.with_name(self.tr("{0}-rejected rows.csv").format(source.stem))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export rejected rows"), str(default),
                                              self.tr("CSV files (*.csv)"))
        if not path:
            return
        try:
            self.report.write_rejected_csv(Path(path))
        except OSError as error:
            self.status.setText(self.tr("Could not write {0}: {1}").format(path, error.strerror))
        else:
            self.status.setText(self.tr("Saved the rejected rows to {0}.").format(path))

    def isComplete(self) -> bool:
        self.again.setEnabled(not self._wizard.busy)
        return self.report is not None and not self._wizard.busy

    def validatePage(self) -> bool:
        return self._wizard.commit_import()


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Imported"))
        self.summary = _plain_label("import_done_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = _plain_label("import_done_hint")
        self.lost_button = QPushButton(self.tr("Show lost friends…"),
                                       objectName="import_show_lost")
        self.lost_button.clicked.connect(wizard.lost_friends_requested)
        self.recall_button = QPushButton(objectName="import_recall_lost")
        self.recall_button.clicked.connect(self._create_recall_tasks)
        self._valuable: list[int] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        lost = QHBoxLayout()
        lost.addWidget(self.lost_button)
        lost.addWidget(self.recall_button)
        lost.addStretch()
        layout.addLayout(lost)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addStretch()

    def initializePage(self) -> None:
        report = self._wizard.final_report
        self.setSubTitle(self.tr("Import #{0} is saved.").format(report.batch_id))
        self.summary.setText("\n".join(report.lines()))
        self.hint.setText(self.tr(
            "Changed your mind? Undo this whole import under File → Import history, or press "
            "Ctrl+Z now."))
        has_lost = bool(report.snapshot and report.snapshot.lost)
        self._valuable = snapshots.valuable(snapshots.lost_friends(
            self._wizard.reader, batch_id=report.batch_id)) if has_lost else []
        self.lost_button.setVisible(has_lost)
        self.recall_button.setVisible(bool(self._valuable))
        self.recall_button.setText(self.tr("Create recall tasks for the {0} of them at L3 or "
                                           "above").format(len(self._valuable)))

    def _create_recall_tasks(self) -> None:
        ids = self._valuable
        self.recall_button.setEnabled(False)
        done = self.tr("Created {0} recall tasks, due today.")
        self._wizard.runner.run(
            self, lambda c: snapshots.create_recall_tasks(c, contact_ids=ids),
            on_done=lambda r: self.recall_button.setText(done.format(r.count)))

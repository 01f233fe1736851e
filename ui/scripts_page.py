"""The 话术 page: the library by category with search (also pinyin), the editor with a live
preview, CSV import/export and the starter library; the 序列 tab beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import script_io, scripts, timefmt
from desktop.changes import Changes, OpResult
from ui.ops import OpRunner
from ui.script_editor import ScriptEditor, edit_shop_settings
from ui.script_picker import ScriptRole
from ui.script_sequences import SequencesTab

ALL, FAVOURITES = "", "\x00favourites"  # the two entries above the categories


class ScriptsPage(QWidget):
    def __init__(self, runner: OpRunner, reader: sqlite3.Connection,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__()
        self._runner, self._reader, self._clock = runner, reader, clock
        self.categories = QListWidget(objectName="script_categories")
        self.categories.setMaximumWidth(170)
        self.categories.currentItemChanged.connect(lambda *_: self.reload_list())
        self.search = QLineEdit(objectName="script_page_search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search title, text, pinyin or shortcut"))
        self.search.textChanged.connect(lambda _t: self.reload_list())
        self.table = QTableWidget(0, 5, objectName="script_table")
        self.table.setHorizontalHeaderLabels(["★", self.tr("Title"), self.tr("Category"),
                                              self.tr("Shortcut"), self.tr("Used")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for column, width in ((0, 28), (1, 200), (2, 80), (3, 70), (4, 56)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.editor = ScriptEditor(runner, reader, clock)
        self.editor.saved.connect(lambda script_id: self.reload(select_id=script_id))

        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.table)
        editor_area = QScrollArea(widgetResizable=True)  # a short window scrolls the editor
        editor_area.setWidget(self.editor)
        splitter = QSplitter()
        for widget in (self.categories, middle, editor_area):
            splitter.addWidget(widget)
        splitter.setSizes([150, 460, 520])
        library = QWidget()
        library_layout = QVBoxLayout(library)
        library_layout.addWidget(self._build_toolbar())
        library_layout.addWidget(splitter, 1)

        self.sequences = SequencesTab(runner, reader)
        self.tabs = QTabWidget()
        self.tabs.addTab(library, self.tr("Library"))
        self.tabs.addTab(self.sequences, self.tr("Sequences"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        runner.changes_applied.connect(self._changed)
        self.reload()

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        entries = (
            ("new_action", self.tr("New script"), self.new_script, "Ctrl+N"),
            ("delete_action", self.tr("Delete"), self.delete_script, "Delete"),
            ("favourite_action", self.tr("★ Favourite"), self.toggle_favourite, "Ctrl+D"),
            ("import_action", self.tr("Import CSV…"), self.import_csv, ""),
            ("export_action", self.tr("Export CSV…"), self.export_csv, ""),
            ("starter_action", self.tr("Add starter library"), self.install_starter, ""),
            ("settings_action", self.tr("Script settings…"), self.edit_settings, ""))
        for name, text, slot, key in entries:
            action = QAction(text, self)
            if key:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            toolbar.addAction(action)
            setattr(self, name, action)
        return toolbar

    # -- reading -------------------------------------------------------------------------
    def reload(self, *, select_id: int | None = None) -> None:
        """Categories with counts, then the list; the selected script stays selected."""
        keep = self.categories.currentItem()
        wanted = keep.data(ScriptRole) if keep else ALL
        counts = scripts.category_counts(self._reader)
        favourites = len(scripts.search_scripts(self._reader, favourites_only=True))
        self.categories.blockSignals(True)
        self.categories.clear()
        uncategorised = self.tr("Uncategorised")  # tr() outside the f-string, for lupdate
        for key, text in ((ALL, self.tr("All ({0})").format(sum(counts.values()))),
                          (FAVOURITES, self.tr("★ Favourites ({0})").format(favourites)),
                          *((name, f"{name or uncategorised} ({n})")
                            for name, n in counts.items())):
            item = QListWidgetItem(text)
            item.setData(ScriptRole, key)
            self.categories.addItem(item)
            if key == wanted:
                self.categories.setCurrentItem(item)
        if self.categories.currentRow() < 0:
            self.categories.setCurrentRow(0)
        self.categories.blockSignals(False)
        self.editor.set_categories(list(counts))
        self.reload_list(select_id=select_id)

    def reload_list(self, *, select_id: int | None = None) -> None:
        if select_id is None and self.current_script() is not None:
            select_id = self.current_script().id
        item = self.categories.currentItem()
        key = item.data(ScriptRole) if item else ALL
        found = scripts.search_scripts(
            self._reader, text=self.search.text(),
            category=None if key in (ALL, FAVOURITES) else key,
            favourites_only=key == FAVOURITES)
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(found))
        for row, script in enumerate(found):
            cells = ("★" if script.favourite else "", script.title, script.category,
                     script.shortcut, str(script.usage_count))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ScriptRole, script)
                self.table.setItem(row, column, cell)
            if script.id == select_id:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        if not self.table.selectionModel().hasSelection() and found:
            self.table.selectRow(0)
        self._show_selected()

    def current_script(self) -> scripts.ScriptRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(ScriptRole) if rows else None

    def _show_selected(self) -> None:
        self.editor.show_script(self.current_script())

    def _changed(self, changes: Changes, initiator: object) -> None:
        if changes.scripts:
            self.reload()
            self.sequences.refresh(changes)
        if changes.settings:
            self.editor.reload_settings()

    # -- actions -------------------------------------------------------------------------
    def new_script(self) -> None:
        self.table.clearSelection()
        self.editor.show_script(None)
        self.editor.title.setFocus()

    def delete_script(self) -> None:
        script = self.current_script()
        if script is not None:
            self._runner.run(self, lambda c: scripts.delete_scripts(c, script_ids=[script.id]))

    def toggle_favourite(self) -> None:
        script = self.current_script()
        if script is not None:
            self._runner.run(self, lambda c: scripts.toggle_favourite(c, script_id=script.id))

    def install_starter(self) -> None:
        clock = self._clock

        def done(result: OpResult) -> None:
            QMessageBox.information(self, self.tr("Starter library"), self.tr(
                "{0} starter scripts added (those you already have were left as they are)."
            ).format(result.value))
        self._runner.run(self, lambda c: script_io.install_starter_library(c, clock=clock),
                         on_done=done)

    def import_csv(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Import scripts"), "",
                                                    self.tr("CSV files (*.csv)"))
        if not name:
            return
        clock = self._clock

        def done(result: OpResult) -> None:
            created, updated = result.value
            QMessageBox.information(self, self.tr("Import scripts"), self.tr(
                "{0} scripts added, {1} updated.").format(created, updated))
        self._runner.run(self, lambda c: script_io.import_scripts_csv(c, path=Path(name),
                                                                      clock=clock),
                         on_done=done)

    def export_csv(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export scripts"), QCoreApplication.translate("ScriptsPage",
                                                                        "scripts.csv"),
            self.tr("CSV files (*.csv)"))
        if name:
            self._runner.call_on_db_thread(
                lambda ws: script_io.export_scripts_csv(ws.conn, Path(name)),
                on_done=lambda n: QMessageBox.information(
                    self, self.tr("Export scripts"),
                    self.tr("{0} scripts saved to {1}").format(n, name)))

    def edit_settings(self) -> None:
        edit_shop_settings(self, self._runner, self._reader)

"""客户 page: the list of every contact, the trash, and the detail panel beside them."""

from __future__ import annotations

import sqlite3
from array import array
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import contacts, reads
from desktop.changes import Changes, OpResult
from desktop.contact_query import ContactQuery
from ui.bulk_actions import BulkActions
from ui.contact_detail import ContactDetailPanel
from ui.contact_dialogs import NewContactDialog
from ui.contact_model import (
    COL_LAST,
    COL_NICKNAME,
    COL_TAGS,
    COL_TIER,
    ContactIdRole,
    ContactTableModel,
)
from ui.delegates import AvatarNameDelegate, PlainTextDelegate, TagChipsDelegate, TierBadgeDelegate
from ui.filter_dialog import FilterDialog
from ui.ops import OpRunner
from ui.query_worker import QueryWorker
from ui.segments_panel import SegmentsPanel

ROW_HEIGHT = 32


class ContactsPage(QWidget):
    count_changed = Signal(int)  # live contacts, for the status bar

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self.worker = QueryWorker(runner.workspace, self)
        self.model = ContactTableModel(reader, self.worker, self)

        self.model.reload()  # the default order, by name; enabling sorting below keeps it
        self.view = QTableView(objectName="contact_list")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Fixed row heights let the view skip measuring 100,000 rows.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TAGS, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_NICKNAME, 160), (1, 140), (COL_TIER, 112), (3, 70), (4, 84),
                              (COL_LAST, 110)):
            self.view.setColumnWidth(column, width)
        self.view.setItemDelegate(PlainTextDelegate(self.view))
        self.view.setItemDelegateForColumn(COL_NICKNAME, AvatarNameDelegate(self.view))
        self.view.setItemDelegateForColumn(COL_TIER, TierBadgeDelegate(self.view))
        self.view.setItemDelegateForColumn(COL_TAGS, TagChipsDelegate(self.view))

        self.detail = ContactDetailPanel(runner, reader)
        self._count_label = QLabel(objectName="contact_count")
        self.segments = SegmentsPanel(runner, reader, self.worker)
        self.segments.chosen.connect(self.apply_query)
        self.segments.update_requested.connect(
            lambda segment_id: self.segments.replace_query(segment_id, self.model.query))
        self.bulk = BulkActions(runner, reader, self.selected_ids, self.list_ids, self)
        toolbar = self._build_toolbar()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self._build_search_bar())
        top = QHBoxLayout()
        top.addWidget(toolbar)
        top.addStretch()
        top.addWidget(self._count_label)
        left_layout.addLayout(top)
        self._filter_label = QLabel(objectName="filter_summary", wordWrap=True)
        self._filter_label.setStyleSheet("color: #37474F; background: #FFF8E1; padding: 4px;")
        left_layout.addWidget(self._filter_label)
        left_layout.addWidget(self.view)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3000, 1000])  # the list gets three quarters, so tags have room
        layout = QHBoxLayout(self)
        layout.addWidget(self.segments)
        layout.addWidget(splitter, 1)

        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._show_loaded)
        runner.changes_applied.connect(self.on_changes)
        self._show_loaded()
        self._show_filter()

    def _build_search_bar(self) -> QHBoxLayout:
        self.search_box = QLineEdit(objectName="search_box", clearButtonEnabled=True)
        self.search_box.setPlaceholderText(self.tr(
            "Search name, remark, pinyin or initials, WeChat ID, phone or its last 4 digits"))
        self.search_box.setMinimumHeight(32)
        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.returnPressed.connect(self._go_to_first_result)
        QShortcut(QKeySequence("Escape"), self.search_box, self.search_box.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.filter_button = QPushButton(self.tr("Filter…"), objectName="filter_button")
        self.filter_button.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.filter_button.clicked.connect(self.edit_filter)
        self.clear_filter_button = QPushButton(self.tr("Clear filter"),
                                               objectName="clear_filter")
        self.clear_filter_button.clicked.connect(lambda: self.apply_query(ContactQuery()))
        self.save_segment_button = QPushButton(self.tr("Save as segment…"),
                                               objectName="save_segment")
        self.save_segment_button.clicked.connect(
            lambda: self.segments.save_new(self.model.query))
        bar = QHBoxLayout()
        bar.addWidget(self.search_box, 1)
        for button in (self.filter_button, self.clear_filter_button, self.save_segment_button):
            bar.addWidget(button)
        return bar

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        self.new_action = QAction(self.tr("New contact"), self, shortcut=QKeySequence.New)
        self.new_action.triggered.connect(self.new_contact)
        self.trash_action = QAction(self.tr("Move to trash"), self,
                                    shortcut=QKeySequence.StandardKey.Delete)
        self.trash_action.triggered.connect(self.move_selection_to_trash)
        self.show_trash_action = QAction(self.tr("Trash"), self, checkable=True)
        self.show_trash_action.toggled.connect(self.show_trash)
        self.restore_action = QAction(self.tr("Restore"), self)
        self.restore_action.triggered.connect(self.restore_selection)
        self.purge_action = QAction(self.tr("Delete permanently…"), self,
                                    shortcut=QKeySequence("Shift+Del"))
        self.purge_action.triggered.connect(self.purge_selection)
        self.tagging_action = QAction(self.tr("Tagging session…"), self,
                                      shortcut=QKeySequence("Ctrl+T"))
        self.tagging_action.triggered.connect(self.start_tagging_session)
        self.script_action = QAction(self.tr("Use a script…"), self,
                                     shortcut=QKeySequence("Ctrl+K"))
        self.script_action.triggered.connect(self.use_script)
        self.addAction(self.script_action)  # Ctrl+K from anywhere on the page, not the toolbar
        for action in (self.new_action, self.trash_action, self.show_trash_action,
                       self.restore_action, self.purge_action, self.tagging_action,
                       self.script_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            toolbar.addAction(action)
        self.bulk_button = QToolButton(text=self.bulk.menu.title(), objectName="bulk_button")
        self.bulk_button.setMenu(self.bulk.menu)
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(self.bulk_button)
        self._update_actions()
        return toolbar

    # -- list state ----------------------------------------------------------------------
    def _show_loaded(self) -> None:
        """After every reset of the list (a change, a sort, the trash toggle): counts, and the
        contact that was shown stays selected when it is still in the list."""
        keep = self.detail.contact_id
        count = self.model.rowCount()
        if self.model.searching:
            text = self.tr("{0} found").format(f"{count:,}")
        elif self.model.trashed:
            text = self.tr("{0} in the trash").format(f"{count:,}")
        else:
            text = self.tr("{0} contacts").format(f"{count:,}")
        self._count_label.setText(text)
        self.count_changed.emit(reads.count_contacts(self._reader)
                                if self.model.trashed or self.model.searching else count)
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select_contact(keep)
        else:
            self.detail.show_contact(None)

    def on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.contacts or changes.tags or changes.tiers:
            self.model.reload()  # → modelReset → _show_loaded
        self.detail.refresh(changes)
        self.segments.on_changes(changes)

    # -- search, filter, segments --------------------------------------------------------
    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search_changed(self, text: str) -> None:
        self.model.set_query(replace(self.model.query, text=text))

    def _go_to_first_result(self) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)
            self.view.setFocus()

    def edit_filter(self) -> None:
        dialog = FilterDialog(self._reader, self.model.query, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_query(dialog.query())

    def apply_query(self, query: ContactQuery) -> None:
        """Show the contacts matching `query` (a segment's, or the filter dialog's)."""
        if query.text != self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.setText(query.text)
            self.search_box.blockSignals(False)
        self.model.set_query(query)
        self._show_filter()

    def show_ids(self, ids: list[int], note: str) -> None:
        """Show exactly these contacts (a chart's cell that no filter can express), with `note`
        above the list; the next reload of the list (a change, a search) goes back to the
        query."""
        self.apply_query(ContactQuery())
        self.model.set_ids(array("q", ids))
        self._filter_label.setText(note)
        self._filter_label.setVisible(True)
        self.clear_filter_button.setVisible(True)
        self.model.modelReset.connect(self._show_filter, Qt.ConnectionType.SingleShotConnection)

    def _show_filter(self) -> None:
        query = self.model.query
        self._filter_label.setVisible(query.is_filtered)
        self.clear_filter_button.setVisible(query.is_filtered or bool(query.text))
        if query.is_filtered:
            self._filter_label.setText(self.tr("Filter: {0}").format(
                query.describe(reads.tag_catalogue(self._reader), reads.accounts(self._reader))))

    def start_tagging_session(self) -> None:
        """Walk through the contacts of the list (the selection when several are selected)."""
        from ui.tagging_session import open_tagging_session
        selected = self.selected_ids()
        ids = selected if len(selected) > 1 else self.list_ids()
        if not ids:
            return
        segment = self.segments.segment(self.segments.current_segment_id())
        name = segment.name if segment else self.tr("Contact list")
        open_tagging_session(self, self._runner, self._reader, name=name, contact_ids=ids)

    def _current_changed(self, current, _previous) -> None:
        contact_id = current.data(ContactIdRole) if current.isValid() else None
        if contact_id != self.detail.contact_id:
            self.detail.show_contact(contact_id)

    def use_script(self) -> None:
        """Ctrl+K: the script picker for the contact shown in the detail panel."""
        from ui.script_picker import open_script_picker
        open_script_picker(self, self._runner, self._reader, self.detail.contact_id)

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if self.detail.contact_id != contact_id:
            self.detail.show_contact(contact_id)
        return True

    def open_contact(self, contact_id: int) -> None:
        """Show this contact, leaving the trash view if needed (Today page entries call this)."""
        if self.model.trashed:
            self.show_trash_action.setChecked(False)
        self.select_contact(contact_id)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.contact_id(r) for r in rows]

    def list_ids(self) -> list[int]:
        """Every id of the list in the order shown (as sorted), e.g. to export that list."""
        return self.model.ids()

    def show_trash(self, on: bool) -> None:
        self._update_actions()
        self.model.show_trash(on)  # → modelReset → _show_loaded

    def _update_actions(self) -> None:
        trashed = self.show_trash_action.isChecked()
        self.new_action.setEnabled(not trashed)
        self.trash_action.setEnabled(not trashed)
        self.restore_action.setEnabled(trashed)
        self.purge_action.setEnabled(trashed)
        self.tagging_action.setEnabled(not trashed)
        self.bulk.menu.setEnabled(not trashed)

    # -- actions -------------------------------------------------------------------------
    def new_contact(self) -> None:
        dialog = NewContactDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()

        def select(result: OpResult) -> None:
            self.select_contact(result.value)
        self._runner.run(self, lambda conn: contacts.create_contact(conn, values=values),
                         on_done=select)

    def move_selection_to_trash(self) -> None:
        ids = self.selected_ids()
        if ids and not self.model.trashed:
            self._runner.run(self, lambda conn: contacts.move_to_trash(conn, contact_ids=ids))

    def restore_selection(self) -> None:
        ids = self.selected_ids()
        if ids and self.model.trashed:
            self._runner.run(self, lambda conn: contacts.restore_from_trash(conn,
                                                                            contact_ids=ids))

    def purge_selection(self) -> None:
        """Permanent deletion asks twice: it erases the people and everything about them."""
        ids = self.selected_ids()
        if not ids or not self.model.trashed:
            return
        first = QMessageBox.warning(
            self, self.tr("Delete permanently"),
            self.tr("Permanently delete {0} contacts with their tags, interactions, orders and "
                    "tasks? This cannot be undone.").format(len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if first != QMessageBox.StandardButton.Yes:
            return
        second = QMessageBox.critical(
            self, self.tr("Delete permanently"),
            self.tr("Last check: {0} contacts will be erased for good. Continue?")
            .format(len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if second == QMessageBox.StandardButton.Yes:
            self._runner.run(self, lambda conn: contacts.purge(conn, contact_ids=ids))

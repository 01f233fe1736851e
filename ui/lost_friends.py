"""流失好友: the friends who deleted us (found by comparing full exports, desktop/snapshots.py),
most valuable first, with each account's export history; export, open, create recall tasks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import snapshots, timefmt
from desktop.changes import Changes, OpResult
from ui.labels import STAGE_NAMES, TIER_NAMES, label, money
from ui.ops import OpRunner


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


class LostFriendsDialog(QDialog):
    """Reads through the reader connection; writes (recall tasks) through the runner."""

    open_contact = Signal(int)

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._reader = runner, reader
        self._friends: list[snapshots.LostFriend] = []
        self.setWindowTitle(self.tr("Lost friends"))
        self.account = QComboBox(objectName="lost_account")
        self.account.currentIndexChanged.connect(self.reload)
        self.count = QLabel(objectName="lost_count")
        self.list = _table("lost_list", [
            self.tr("Nickname"), self.tr("Remark"), self.tr("Account"), self.tr("Tier"),
            self.tr("Lifecycle"), self.tr("Total spend"), self.tr("Last order"),
            self.tr("Lost between")])
        self.list.doubleClicked.connect(lambda _i: self._open())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.history = _table("lost_history", [
            self.tr("Date"), self.tr("Account"), self.tr("File"), self.tr("Friends"),
            self.tr("New"), self.tr("Lost"), self.tr("Re-added")])

        self.mask_phone = QCheckBox(self.tr("Mask phone numbers"), objectName="lost_mask_phone")
        self.export_button = QPushButton(self.tr("Export…"), objectName="lost_export")
        self.export_button.clicked.connect(self._export)
        self.open_button = QPushButton(self.tr("Open contact"), objectName="lost_open")
        self.open_button.clicked.connect(self._open)
        self.recall_button = QPushButton(self.tr("Create recall tasks"),
                                         objectName="lost_recall")
        self.recall_button.clicked.connect(self._recall)
        self.status = QLabel(objectName="lost_status", wordWrap=True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Account")))
        top.addWidget(self.account)
        top.addWidget(self.count, 1)
        lost_tab = QWidget()
        lost_layout = QVBoxLayout(lost_tab)
        lost_layout.addLayout(top)
        lost_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recall_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        buttons.addWidget(self.mask_phone)
        buttons.addWidget(self.export_button)
        lost_layout.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.addTab(lost_tab, self.tr("Lost friends"))
        self.tabs.addTab(self.history, self.tr("Full exports"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self._fill_accounts()
        runner.changes_applied.connect(self._changed)
        self.resize(900, 520)

    def _fill_accounts(self) -> None:
        self.account.blockSignals(True)
        self.account.clear()
        self.account.addItem(self.tr("All accounts"), None)
        for account_id, name in snapshots.accounts_with_snapshots(self._reader):
            self.account.addItem(name, account_id)
        self.account.blockSignals(False)
        self.reload()

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.contacts or changes.tiers:
            self.reload()

    def reload(self) -> None:
        account_id = self.account.currentData()
        self._friends = snapshots.lost_friends(self._reader, account_id)
        _fill(self.list, [[f.nickname, f.remark, f.account, label(TIER_NAMES, f.tier),
                           label(STAGE_NAMES, f.stage), money(f.total_spent_fen),
                           timefmt.local_text(f.last_order_at, with_time=False),
                           snapshots.loss_range(f.seen_at, f.missed_at)]
                          for f in self._friends])
        self.count.setText(self.tr("{0} lost friends, most valuable first")
                           .format(len(self._friends)))
        _fill(self.history, [[timefmt.local_text(s.taken_at), s.account, s.file_name,
                              str(s.member_count), str(s.new_count), str(s.lost_count),
                              str(s.readded_count)]
                             for s in snapshots.history(self._reader, account_id)])
        self._update_buttons()

    def selected(self) -> list[snapshots.LostFriend]:
        rows = sorted({i.row() for i in self.list.selectionModel().selectedRows()})
        return [self._friends[r] for r in rows]

    def _update_buttons(self) -> None:
        chosen = bool(self.selected())
        self.open_button.setEnabled(chosen)
        self.recall_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self._friends))

    def _open(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_contact.emit(chosen[0].contact_id)

    def _recall(self) -> None:
        ids = [f.contact_id for f in self.selected()]
        done = self.tr("Created {0} recall tasks (Ctrl+Z undoes).")
        self._runner.run(self, lambda c: snapshots.create_recall_tasks(c, contact_ids=ids),
                         on_done=lambda r: self.status.setText(done.format(r.count)))

    def _export(self) -> None:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, self.tr("Export lost friends"), str(Path.home() / self.tr("lost friends.csv")),
            self.tr("CSV (*.csv);;Excel (*.xlsx)"))
        if not chosen:
            return
        path = Path(chosen)
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" or "xlsx" in chosen_filter else "csv"
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        mask, account_id = self.mask_phone.isChecked(), self.account.currentData()
        done = self.tr("Exported {0} lost friends to {1}")

        def work(conn: sqlite3.Connection) -> OpResult:
            return OpResult(Changes(), value=snapshots.export_lost_friends(
                conn, path, fmt=fmt, mask_phone=mask, account_id=account_id))
        self._runner.run(self, work,
                         on_done=lambda r: self.status.setText(done.format(r.value, path)))


def open_lost_friends(parent: QWidget, runner: OpRunner, reader: sqlite3.Connection
                      ) -> LostFriendsDialog:
    dialog = LostFriendsDialog(runner, reader, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


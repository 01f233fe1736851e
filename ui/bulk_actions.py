"""Bulk edits on the contact list: add / remove tags, set or unpin the tier, set the owner
account, move to trash — on the selected contacts or on every contact the list shows.

Each asks once, saying how many contacts it touches, and is one undo step (desktop/bulk_edit.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMenu,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import bulk_edit, contacts, reads
from desktop.changes import OpResult
from ui import labels
from ui.ops import OpRunner

Operation = Callable[[sqlite3.Connection, list[int]], OpResult]


class TagPicker(QScrollArea):
    """Every tag, grouped, as check boxes."""

    def __init__(self, reader: sqlite3.Connection) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setMinimumHeight(260)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.boxes: dict[int, QCheckBox] = {}
        for group in reads.groups_with_tags(reader):
            if not group.tags:
                continue
            box = QGroupBox(group.name)
            grid = QGridLayout(box)
            for i, tag in enumerate(group.tags):
                check = QCheckBox(tag.name, objectName=f"tag_{tag.id}")
                self.boxes[tag.id] = check
                grid.addWidget(check, i // 5, i % 5)
            layout.addWidget(box)
        layout.addStretch()
        self.setWidget(inner)

    def tag_ids(self) -> list[int]:
        return [tag_id for tag_id, box in self.boxes.items() if box.isChecked()]


class BulkDialog(QDialog):
    """Asks which contacts (the selection or the whole list) and, optionally, one more input."""

    def __init__(self, title: str, question: str, selected: int, listed: int,
                 extra: QWidget | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(question, wordWrap=True))
        if extra is not None:
            layout.addWidget(extra)
        self.only_selected = QRadioButton(
            self.tr("The {0} selected contacts").format(f"{selected:,}"),
            objectName="only_selected")
        self.whole_list = QRadioButton(
            self.tr("All {0} contacts in the list").format(f"{listed:,}"),
            objectName="whole_list")
        # Several selected rows mean the operator picked them; otherwise the list is meant.
        (self.only_selected if selected > 1 else self.whole_list).setChecked(True)
        self.only_selected.setEnabled(selected > 0)
        layout.addWidget(self.only_selected)
        layout.addWidget(self.whole_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class BulkActions(QObject):
    """The 批量操作 menu of the contact list. `selected` and `listed` return ids when asked."""

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection,
                 selected: Callable[[], list[int]], listed: Callable[[], list[int]],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._selected = selected
        self._listed = listed
        self._parent = parent
        self.menu = QMenu(self.tr("Bulk edit"), parent)
        add = self.menu.addAction(self.tr("Add tags…"))
        add.triggered.connect(self.add_tags)
        remove = self.menu.addAction(self.tr("Remove tags…"))
        remove.triggered.connect(self.remove_tags)
        tier_menu = self.menu.addMenu(self.tr("Set tier (pinned)"))
        for tier in range(1, 6):
            action = QAction(labels.label(labels.TIER_NAMES, tier), tier_menu)
            action.triggered.connect(lambda _=False, t=tier: self.set_tier(t))
            tier_menu.addAction(action)
        unpin = self.menu.addAction(self.tr("Unpin tier"))
        unpin.triggered.connect(self.unpin_tier)
        owner = self.menu.addAction(self.tr("Set owner account…"))
        owner.triggered.connect(self.set_owner)
        self.menu.addSeparator()
        trash = self.menu.addAction(self.tr("Move to trash…"))
        trash.triggered.connect(self.move_to_trash)

    def _ask(self, title: str, question: str, extra: QWidget | None = None
             ) -> list[int] | None:
        """The ids the operator confirmed, or None."""
        selected, listed = self._selected(), self._listed()
        if not listed and not selected:
            return None
        dialog = BulkDialog(title, question, len(selected), len(listed), extra, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return selected if dialog.only_selected.isChecked() else listed

    def _run(self, operation: Operation, ids: list[int] | None) -> None:
        if ids:
            self._runner.run(self._parent, lambda conn: operation(conn, ids))

    def add_tags(self) -> None:
        picker = TagPicker(self._reader)
        ids = self._ask(self.tr("Add tags"), self.tr("Add the ticked tags to:"), picker)
        tag_ids = picker.tag_ids()
        if tag_ids:
            self._run(lambda conn, c: bulk_edit.add_tags(conn, contact_ids=c, tag_ids=tag_ids),
                      ids)

    def remove_tags(self) -> None:
        picker = TagPicker(self._reader)
        ids = self._ask(self.tr("Remove tags"), self.tr("Remove the ticked tags from:"), picker)
        tag_ids = picker.tag_ids()
        if tag_ids:
            self._run(lambda conn, c: bulk_edit.remove_tags(conn, contact_ids=c,
                                                            tag_ids=tag_ids), ids)

    def set_tier(self, tier: int) -> None:
        name = labels.label(labels.TIER_NAMES, tier)
        ids = self._ask(self.tr("Set tier"), self.tr(
            "Set the tier to {0} and pin it (recomputing will not change it):").format(name))
        self._run(lambda conn, c: bulk_edit.set_tier(conn, contact_ids=c, tier=tier), ids)

    def unpin_tier(self) -> None:
        ids = self._ask(self.tr("Unpin tier"), self.tr(
            "Let the rules set the tier again for:"))
        self._run(lambda conn, c: bulk_edit.unpin_tier(conn, contact_ids=c), ids)

    def set_owner(self) -> None:
        combo = QComboBox(objectName="owner_account")
        combo.addItem(self.tr("(none)"), None)
        for account in reads.accounts(self._reader):
            combo.addItem(account.name, account.id)
        form = QWidget()
        QFormLayout(form).addRow(self.tr("Owner account"), combo)
        ids = self._ask(self.tr("Set owner account"), self.tr("Set the owner account of:"),
                        form)
        account_id = combo.currentData()
        self._run(lambda conn, c: bulk_edit.set_owner(conn, contact_ids=c,
                                                      account_id=account_id), ids)

    def move_to_trash(self) -> None:
        ids = self._ask(self.tr("Move to trash"), self.tr(
            "Move to the trash (Ctrl+Z brings them back):"))
        self._run(lambda conn, c: contacts.move_to_trash(conn, contact_ids=c), ids)

"""Dialogs of the moments calendar: a post (create/edit), the slot-template table, and the
guard-rail settings. They only gather input; the page runs the operations."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import moments, moments_slots, reads
from desktop.moments_guard import GuardRails
from ui import labels
from ui.moments_cards import thumbnail

IdRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
THUMB = 72


def _combo(choices: dict[str, str], current: str) -> QComboBox:
    combo = QComboBox()
    for code, name in choices.items():
        combo.addItem(QApplication.translate("Labels", name), code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class PostDialog(QDialog):
    """Create or edit a post. `values()`, `images()` (names in the media folder or paths of
    new files) and `tag_ids()` are what the page hands to desktop.moments.save_post."""

    def __init__(self, reader: sqlite3.Connection, media_folder: Path | None,
                 post: moments.Post | None, when: datetime, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._media_folder = media_folder
        self.setWindowTitle(self.tr("Edit post") if post else self.tr("New post"))
        self.resize(620, 640)
        form = QFormLayout()
        self.when = QDateTimeEdit(QDateTime(when.replace(tzinfo=None)), calendarPopup=True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.account = QComboBox()
        self.account.addItem(self.tr("(no account)"), None)
        for account in reads.accounts(reader):
            self.account.addItem(account.name, account.id)
        self.content_type = _combo(labels.CONTENT_TYPE_NAMES,
                                   post.content_type if post else "daily")
        self.status = _combo(labels.POST_STATUS_NAMES, post.status if post else "pending")
        self.campaign = QLineEdit(post.campaign if post else "")
        self.campaign.setPlaceholderText(self.tr("optional, e.g. Double 12"))
        self.body = QPlainTextEdit(post.body if post else "")
        self.body.setPlaceholderText(self.tr("The text to post…"))
        self.visibility = QComboBox()
        for code, text in (("everyone", self.tr("Everyone")),
                           ("only_tags", self.tr("Only contacts with these tags")),
                           ("except_tags", self.tr("Everyone except these tags"))):
            self.visibility.addItem(text, code)
        self.visibility.setCurrentIndex(self.visibility.findData(
            post.visibility if post else "everyone"))
        self.tags = QListWidget(objectName="visibility_tags")
        self.tags.setMaximumHeight(110)
        chosen = set(post.tag_ids if post else ())
        for group in reads.groups_with_tags(reader):
            for tag in group.tags:
                item = QListWidgetItem(f"{group.name} · {tag.name}")
                item.setData(IdRole, tag.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if tag.id in chosen
                                   else Qt.CheckState.Unchecked)
                self.tags.addItem(item)
        self.visibility.currentIndexChanged.connect(self._visibility_changed)
        self.images = QListWidget(objectName="post_images")
        self.images.setViewMode(QListWidget.ViewMode.IconMode)
        self.images.setIconSize(QSize(THUMB, THUMB))
        self.images.setMaximumHeight(THUMB + 34)
        self.images.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for name in post.media if post else ():
            self._add_image(name, name)
        add = QPushButton(self.tr("Add images…"))
        add.clicked.connect(self._choose_images)
        remove = QPushButton(self.tr("Remove"), shortcut=QKeySequence.StandardKey.Delete)
        remove.clicked.connect(lambda: [self.images.takeItem(self.images.row(i))
                                        for i in self.images.selectedItems()])
        image_buttons = QHBoxLayout()
        image_buttons.addWidget(add)
        image_buttons.addWidget(remove)
        image_buttons.addStretch(1)
        if post is not None:
            self.account.setCurrentIndex(max(0, self.account.findData(post.account_id)))

        form.addRow(self.tr("Time"), self.when)
        form.addRow(self.tr("Account"), self.account)
        form.addRow(self.tr("Content type"), self.content_type)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Campaign"), self.campaign)
        form.addRow(self.tr("Text"), self.body)
        form.addRow(self.tr("Images"), self.images)
        form.addRow("", image_buttons)
        form.addRow(self.tr("Visible to"), self.visibility)
        form.addRow("", self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._visibility_changed()
        self.body.setFocus()

    def _visibility_changed(self) -> None:
        self.tags.setEnabled(self.visibility.currentData() != "everyone")

    def _choose_images(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add images"), str(Path.home()),
            self.tr("Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp)"))
        for path in paths:
            self._add_image(path, Path(path).name)

    def _add_image(self, entry: str, caption: str) -> None:
        folder = self._media_folder
        path = Path(entry)
        pixmap = (thumbnail(folder, entry, THUMB) if folder and not path.is_absolute()
                  else thumbnail(path.parent, path.name, THUMB))
        item = QListWidgetItem(QIcon(pixmap), "" if not path.is_absolute() else caption[:10])
        item.setData(NameRole, entry)
        self.images.addItem(item)

    def values(self) -> dict[str, object]:
        return {"planned_at": self.when.dateTime().toString("yyyy-MM-dd HH:mm"),
                "account_id": self.account.currentData(),
                "content_type": self.content_type.currentData(),
                "status": self.status.currentData(),
                "campaign": self.campaign.text(),
                "body": self.body.toPlainText(),
                "visibility": self.visibility.currentData()}

    def image_entries(self) -> list[str]:
        return [self.images.item(i).data(NameRole) for i in range(self.images.count())]

    def tag_ids(self) -> list[int]:
        return [self.tags.item(i).data(IdRole) for i in range(self.tags.count())
                if self.tags.item(i).checkState() == Qt.CheckState.Checked]


class SlotTemplateDialog(QDialog):
    """A template's slots as a table: weekday, time, type, template text; rows added and
    removed with buttons. `slots()` gives them for desktop.moments_slots.save_slots."""

    def __init__(self, name: str, slots: list[moments_slots.Slot],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Slot template: {0}").format(name))
        self.resize(680, 360)
        self.table = QTableWidget(0, 4, objectName="slot_table")
        self.table.setHorizontalHeaderLabels([self.tr("Weekday"), self.tr("Time"),
                                              self.tr("Type"), self.tr("Template text")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for slot in slots:
            self.add_row(slot)
        add = QPushButton(self.tr("Add slot"), shortcut=QKeySequence("Ctrl+N"))
        add.clicked.connect(lambda: self.add_row(moments_slots.Slot(1, "09:00", "daily", "")))
        remove = QPushButton(self.tr("Remove slot"))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def add_row(self, slot: moments_slots.Slot) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        weekday = QComboBox()
        for number, name in enumerate(moments_slots.WEEKDAYS, start=1):
            weekday.addItem(name, number)
        weekday.setCurrentIndex(slot.weekday - 1)
        self.table.setCellWidget(row, 0, weekday)
        self.table.setItem(row, 1, QTableWidgetItem(slot.local_time))
        self.table.setCellWidget(row, 2, _combo(labels.CONTENT_TYPE_NAMES, slot.content_type))
        self.table.setItem(row, 3, QTableWidgetItem(slot.body))

    def slots(self) -> list[moments_slots.Slot]:
        return [moments_slots.Slot(self.table.cellWidget(r, 0).currentData(),
                                   self.table.item(r, 1).text(),
                                   self.table.cellWidget(r, 2).currentData(),
                                   self.table.item(r, 3).text())
                for r in range(self.table.rowCount())]


class GuardRailsDialog(QDialog):
    def __init__(self, rails: GuardRails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Posting limits"))
        self.daily = QSpinBox(minimum=1, maximum=50, value=rails.daily_limit)
        self.daily.setSuffix(self.tr(" posts a day"))
        self.share = QSpinBox(minimum=0, maximum=100, value=rails.hard_ad_max_percent)
        self.share.setSuffix(self.tr(" % hard ads a week"))
        form = QFormLayout(self)
        form.addRow(self.tr("At most"), self.daily)
        form.addRow(self.tr("At most"), self.share)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

"""Small dialogs of the contacts page: new contact, add an interaction, add an order.

They only gather values; the page runs the operation and shows any validation message.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop import timefmt
from ui import labels


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.buttons)
        self.setMinimumWidth(380)


class NewContactDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New contact"), parent)
        self.nickname = QLineEdit(objectName="new_nickname")
        self.remark = QLineEdit(objectName="new_remark")
        self.phone = QLineEdit(objectName="new_phone")
        self.wechat_id = QLineEdit(objectName="new_wechat_id")
        self.form.addRow(self.tr("Nickname *"), self.nickname)
        self.form.addRow(self.tr("Remark"), self.remark)
        self.form.addRow(self.tr("Phone"), self.phone)
        self.form.addRow(self.tr("WeChat ID"), self.wechat_id)
        self.finish_layout()

    def values(self) -> dict[str, str]:
        return {"nickname": self.nickname.text(), "remark": self.remark.text(),
                "phone": self.phone.text(), "wechat_id": self.wechat_id.text()}


class InteractionDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add interaction"), parent)
        self.kind = QComboBox(objectName="interaction_kind")
        for code in labels.INTERACTION_NAMES:
            self.kind.addItem(labels.label(labels.INTERACTION_NAMES, code), code)
        self.occurred_at = QLineEdit(timefmt.now_local_text(), objectName="interaction_time")
        self.note = QPlainTextEdit(objectName="interaction_note")
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("Type"), self.kind)
        self.form.addRow(self.tr("Time"), self.occurred_at)
        self.form.addRow(self.tr("Note"), self.note)
        self.finish_layout()

    def values(self) -> dict[str, str]:
        return {"kind": self.kind.currentData(), "occurred_at": self.occurred_at.text(),
                "note": self.note.toPlainText()}


class OrderDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add order"), parent)
        self.ordered_at = QLineEdit(timefmt.now_local_text(), objectName="order_time")
        self.amount = QLineEdit(objectName="order_amount")
        self.amount.setPlaceholderText("128.00")
        self.item = QLineEdit(objectName="order_item")
        self.category = QLineEdit(objectName="order_category")
        self.channel = QLineEdit(objectName="order_channel")
        self.form.addRow(self.tr("Time"), self.ordered_at)
        self.form.addRow(self.tr("Amount (¥)"), self.amount)
        self.form.addRow(self.tr("Item"), self.item)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Channel"), self.channel)
        self.finish_layout()

    def values(self) -> dict[str, str]:
        return {"ordered_at": self.ordered_at.text(), "amount": self.amount.text(),
                "item": self.item.text(), "category": self.category.text(),
                "channel": self.channel.text()}

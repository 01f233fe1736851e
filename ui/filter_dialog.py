"""The filter form: tags per group (all / any / none), tier, stage, RFM segment, channel, owner
account, added between dates, quiet days, recent orders, has phone / WeChat ID.

It only builds a `ContactQuery`; what the query means is decided in desktop/contact_query.py.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import reads
from desktop.contact_query import ContactQuery, TagCondition
from ui import labels

_MODES = ("any", "all", "none")
_YES_NO = (None, True, False)


class _Checks(QWidget):
    """A grid of check boxes, one per value."""

    def __init__(self, items: list[tuple[object, str]], checked, columns: int = 5) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[object, QCheckBox] = {}
        for i, (value, text) in enumerate(items):
            box = QCheckBox(text, checked=value in checked)
            self.boxes[value] = box
            grid.addWidget(box, i // columns, i % columns)

    def values(self) -> tuple:
        return tuple(v for v, box in self.boxes.items() if box.isChecked())

    def clear(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)


class FilterDialog(QDialog):
    def __init__(self, reader: sqlite3.Connection, query: ContactQuery, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Filter contacts"))
        self.resize(760, 640)
        self._query = query
        form_widget = QWidget()
        form = QVBoxLayout(form_widget)

        catalogue = reads.tag_catalogue(reader)  # a condition belongs to its tags' group
        conditions = {catalogue[c.tag_ids[0]][1].group_id: c for c in query.tag_conditions
                      if c.tag_ids and c.tag_ids[0] in catalogue}
        tags_box = QGroupBox(self.tr("Tags"))
        tags_layout = QFormLayout(tags_box)
        self._tag_rows: list[tuple[QComboBox, _Checks]] = []
        for group in reads.groups_with_tags(reader):
            if not group.tags:
                continue
            condition = conditions.get(group.id)
            mode = QComboBox(objectName=f"tag_mode_{group.id}")
            for code, text in zip(_MODES, (self.tr("has any of"), self.tr("has all of"),
                                           self.tr("has none of")), strict=True):
                mode.addItem(text, code)
            if condition is not None:
                mode.setCurrentIndex(_MODES.index(condition.mode))
            checks = _Checks([(t.id, t.name) for t in group.tags],
                             set(condition.tag_ids) if condition else set(), columns=6)
            row = QHBoxLayout()
            row.addWidget(mode)
            row.addWidget(checks, 1)
            tags_layout.addRow(group.name, row)
            self._tag_rows.append((mode, checks))
        form.addWidget(tags_box)

        layers = QGroupBox(self.tr("Layers"))
        layers_form = QFormLayout(layers)
        self._tiers = _Checks([(t, labels.label(labels.TIER_NAMES, t)) for t in range(1, 6)],
                              set(query.tiers))
        self._stages = _Checks([(code, labels.label(labels.STAGE_NAMES, code))
                                for code in labels.STAGE_NAMES], set(query.stages), columns=6)
        self._segments = _Checks([(code, labels.label(labels.RFM_SEGMENT_NAMES, code))
                                  for code in labels.RFM_SEGMENT_NAMES],
                                 set(query.rfm_segments), columns=4)
        layers_form.addRow(self.tr("Tier"), self._tiers)
        layers_form.addRow(self.tr("Lifecycle"), self._stages)
        layers_form.addRow(self.tr("RFM segment"), self._segments)
        form.addWidget(layers)

        source = QGroupBox(self.tr("Source"))
        source_form = QFormLayout(source)
        channels = reads.channels(reader)
        channels += [c for c in query.channels if c not in channels]
        self._channels = _Checks([(c, c) for c in channels], set(query.channels))
        self._owners = _Checks([(a.id, a.name) for a in reads.accounts(reader)],
                               set(query.owner_account_ids), columns=4)
        self._added_on = QCheckBox(self.tr("Added between"),
                                   checked=bool(query.added_from or query.added_to))
        today = QDate.currentDate()
        self._added_from = _date_edit(query.added_from, today.addMonths(-1))
        self._added_to = _date_edit(query.added_to, today)
        added = QHBoxLayout()
        for widget in (self._added_on, self._added_from, QLabel("—"), self._added_to):
            added.addWidget(widget)
        added.addStretch()
        source_form.addRow(self.tr("Channel"), self._channels)
        source_form.addRow(self.tr("Owner account"), self._owners)
        source_form.addRow(self.tr("Added"), added)
        form.addWidget(source)

        activity = QGroupBox(self.tr("Activity and details"))
        activity_form = QFormLayout(activity)
        self._quiet = _days_spin(query.quiet_days, self.tr("any"), "quiet_days")
        self._ordered = _days_spin(query.ordered_within_days, self.tr("any"),
                                   "ordered_within_days")
        self._has_phone = self._yes_no(query.has_phone, "has_phone")
        self._has_wechat = self._yes_no(query.has_wechat_id, "has_wechat_id")
        activity_form.addRow(self.tr("No interaction for at least (days)"), self._quiet)
        activity_form.addRow(self.tr("Ordered within the last (days)"), self._ordered)
        activity_form.addRow(self.tr("Phone number"), self._has_phone)
        activity_form.addRow(self.tr("WeChat ID"), self._has_wechat)
        form.addWidget(activity)
        form.addStretch()

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Reset).setText(self.tr("Clear all"))
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)

    def _yes_no(self, value: bool | None, name: str) -> QComboBox:
        combo = QComboBox(objectName=name)
        for text in (self.tr("any"), self.tr("has one"), self.tr("has none")):
            combo.addItem(text)
        combo.setCurrentIndex(_YES_NO.index(value))
        return combo

    def clear(self) -> None:
        for mode, checks in self._tag_rows:
            mode.setCurrentIndex(0)
            checks.clear()
        for checks in (self._tiers, self._stages, self._segments, self._channels, self._owners):
            checks.clear()
        self._added_on.setChecked(False)
        self._quiet.setValue(0)
        self._ordered.setValue(0)
        self._has_phone.setCurrentIndex(0)
        self._has_wechat.setCurrentIndex(0)

    def query(self) -> ContactQuery:
        """The query as filled in; the search text and the trash view are kept as they were."""
        conditions = tuple(TagCondition(mode.currentData(), checks.values())
                           for mode, checks in self._tag_rows if checks.values())
        added_on = self._added_on.isChecked()
        return replace(
            self._query, tag_conditions=conditions, tiers=self._tiers.values(),
            stages=self._stages.values(), rfm_segments=self._segments.values(),
            channels=self._channels.values(), owner_account_ids=self._owners.values(),
            added_from=self._added_from.date().toString("yyyy-MM-dd") if added_on else "",
            added_to=self._added_to.date().toString("yyyy-MM-dd") if added_on else "",
            quiet_days=self._quiet.value() or None,
            ordered_within_days=self._ordered.value() or None,
            has_phone=_YES_NO[self._has_phone.currentIndex()],
            has_wechat_id=_YES_NO[self._has_wechat.currentIndex()])


def _date_edit(value: str, default: QDate) -> QDateEdit:
    edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
    edit.setDate(QDate(date.fromisoformat(value)) if value else default)
    return edit


def _days_spin(value: int | None, any_text: str, name: str) -> QSpinBox:
    spin = QSpinBox(objectName=name, minimum=0, maximum=3650)
    spin.setSpecialValueText(any_text)  # 0 shows "any": no condition
    spin.setValue(value or 0)
    return spin

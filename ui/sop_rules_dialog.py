"""自动规则: the built-in and the operator's own SOP rules — switch on/off, edit, add, delete —
and 立即运行规则.

Checks live in desktop.sop_rules (ValidationError reaches the operator through OpRunner's
message box); the dialogs here only gather values. Built-in rules keep their name, trigger and
script category; the core also refuses to delete them.
"""

from __future__ import annotations

import re
import sqlite3

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import reads, sop_rules, timefmt
from desktop.changes import Changes, OpResult
from desktop.sop import run_sop
from ui import labels
from ui.ops import OpRunner

TRIGGER_NAMES = {
    "contact_added": QT_TRANSLATE_NOOP("SopRules", "Contact added"),
    "first_order": QT_TRANSLATE_NOOP("SopRules", "First order"),
    "days_after_last_order": QT_TRANSLATE_NOOP("SopRules", "Days after the last order"),
    "no_interaction": QT_TRANSLATE_NOOP("SopRules", "No interaction for some days"),
    "entered_stage": QT_TRANSLATE_NOOP("SopRules", "Entered a lifecycle stage"),
    "reached_tier": QT_TRANSLATE_NOOP("SopRules", "Reached a tier"),
    "birthday": QT_TRANSLATE_NOOP("SopRules", "Birthday"),
    "tag_added": QT_TRANSLATE_NOOP("SopRules", "Tag added"),
}
# The trigger with its parameters (trigger_text); 'birthday_before' is a birthday with days_before.
TRIGGER_FORMATS = {
    "days_after_last_order": QT_TRANSLATE_NOOP("SopRules", "{0} days after the last order"),
    "no_interaction": QT_TRANSLATE_NOOP("SopRules", "No interaction for {0} days"),
    "entered_stage": QT_TRANSLATE_NOOP("SopRules", "Entered {0}"),
    "reached_tier": QT_TRANSLATE_NOOP("SopRules", "Reached {0}"),
    "birthday": QT_TRANSLATE_NOOP("SopRules", "On the birthday, at {0}"),
    "birthday_before": QT_TRANSLATE_NOOP("SopRules", "{0} days before the birthday, at {1}"),
    "tag_added": QT_TRANSLATE_NOOP("SopRules", "Tag added: {0}"),
}
OWN_CYCLES = QT_TRANSLATE_NOOP("SopRules", " ({0} categories have their own cycle)")
LEARNED_CYCLE = QT_TRANSLATE_NOOP("SopRules", "; a cycle learned from orders comes first; "
                                              "reminded {0} days ahead")
# The delay's unit in minutes, largest first (a delay is shown in the largest that divides it).
DELAY_UNITS = ((24 * 60, QT_TRANSLATE_NOOP("SopRules", "days")),
               (60, QT_TRANSLATE_NOOP("SopRules", "hours")),
               (1, QT_TRANSLATE_NOOP("SopRules", "minutes")))
COL_ENABLED, COL_NAME, COL_TRIGGER, COL_DELAY, COL_TITLE, COL_CATEGORY, COL_KIND = range(7)
IdRole = Qt.ItemDataRole.UserRole + 1


def _t(source: str) -> str:
    return QCoreApplication.translate("SopRules", source)


def tag_names(reader: sqlite3.Connection) -> dict[int, str]:
    """tag id → '组 / 标签', for choosing and describing a 'tag added' rule."""
    return {tag.id: f"{group.name} / {tag.name}" for group in reads.groups_with_tags(reader)
            for tag in group.tags}


def trigger_text(trigger: str, params: dict, tags: dict[int, str]) -> str:
    """The trigger with its parameters, as the operator reads it: '30 天没有互动'."""
    get = params.get
    key = "birthday_before" if trigger == "birthday" and get("days_before") else trigger
    args = {
        "days_after_last_order": (get("default_days", 45),),
        "no_interaction": (get("days", 30),),
        "entered_stage": (labels.label(labels.STAGE_NAMES, get("stage")),),
        "reached_tier": (labels.label(labels.TIER_NAMES, get("tier")),),
        "birthday": (get("local_time", "09:00"),),
        "birthday_before": (get("days_before"), get("local_time", "09:00")),
        "tag_added": (tags.get(get("tag_id"), "?"),),
    }.get(key, ())
    text = _t(TRIGGER_FORMATS.get(key) or TRIGGER_NAMES.get(key, key)).format(*args)
    own = len(get("category_days") or {})
    text += _t(OWN_CYCLES).format(own) if own else ""
    if trigger == "days_after_last_order":
        text += _t(LEARNED_CYCLE).format(get("lead_days", sop_rules.DEFAULT_LEAD_DAYS))
    return text


def delay_parts(minutes: int) -> tuple[int, int]:
    """(number, unit in minutes): 4320 → (3, 1440); 0 → (0, 1), so typing 10 means minutes."""
    unit = next(u for u, _name in DELAY_UNITS if minutes % u == 0) if minutes else 1
    return minutes // unit, unit


def delay_text(minutes: int) -> str:
    if minutes == 0:
        return QCoreApplication.translate("SopRules", "At once")
    number, unit = delay_parts(minutes)
    unit_name = _t(dict(DELAY_UNITS)[unit])
    return QCoreApplication.translate("SopRules", "{0} {1} later").format(number, unit_name)


class RuleEditDialog(QDialog):
    """A new rule, or the edit of one. `values()` is what desktop.sop_rules takes."""

    def __init__(self, reader: sqlite3.Connection, *, rule=None,
                 categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rule = rule
        builtin = bool(rule and rule.builtin)
        self.setWindowTitle(self.tr("Edit rule") if rule else self.tr("New rule"))
        params = rule.params if rule else {}
        self._tags = tag_names(reader)

        self.name = QLineEdit(rule.name if rule else "", objectName="rule_name",
                              enabled=not builtin)
        self.trigger = QComboBox(objectName="rule_trigger", enabled=not builtin)
        for code in sop_rules.TRIGGERS:
            self.trigger.addItem(_t(TRIGGER_NAMES[code]), code)
        self.trigger.setCurrentIndex(self.trigger.findData(rule.trigger if rule else
                                                           "no_interaction"))
        self.params = QStackedWidget(objectName="rule_params")
        self._pages: dict[str, QWidget] = {}
        self._build_params(params)
        self.trigger.currentIndexChanged.connect(self._trigger_changed)

        number, unit = delay_parts(rule.delay_minutes if rule else 0)
        self.delay = QSpinBox(objectName="rule_delay", minimum=0, maximum=527_040, value=number)
        self.delay_unit = QComboBox(objectName="rule_delay_unit")
        for minutes, name in DELAY_UNITS:
            self.delay_unit.addItem(_t(name), minutes)
        self.delay_unit.setCurrentIndex(self.delay_unit.findData(unit))
        delay_row = QHBoxLayout()
        delay_row.addWidget(self.delay)
        delay_row.addWidget(self.delay_unit)
        delay_row.addWidget(QLabel(self.tr("after the trigger (0 = at once)")), 1)

        self.title = QLineEdit(rule.task_title if rule else "", objectName="rule_title")
        self.title.setPlaceholderText(self.tr("e.g. Ask {客户} how the product works"))
        self.category = QComboBox(objectName="rule_category", editable=True,
                                  enabled=not builtin)
        self.category.addItems(categories)
        self.category.setCurrentText(rule.script_category if rule else "")

        form = QFormLayout(self)
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("When"), self.trigger)
        form.addRow("", self.params)
        form.addRow(self.tr("Task due"), delay_row)
        form.addRow(self.tr("Task title *"), self.title)
        form.addRow("", QLabel(self.tr("{客户} in the title becomes the contact's remark or "
                                       "nickname."), wordWrap=True))
        form.addRow(self.tr("Suggested script category"), self.category)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)
        self._trigger_changed()

    def _build_params(self, params: dict) -> None:
        """One page of fields per trigger; the current rule's values fill its page."""
        def page(trigger: str, *rows: tuple[str, QWidget]) -> None:
            widget = QWidget()
            form = QFormLayout(widget)
            form.setContentsMargins(0, 0, 0, 0)
            for caption, field in rows:
                form.addRow(caption, field)
            self._pages[trigger] = widget
            self.params.addWidget(widget)

        def days(name: str, value: int, low: int = 1, high: int = 3650) -> QSpinBox:
            return QSpinBox(objectName=name, minimum=low, maximum=high, value=value,
                            suffix=self.tr(" days"))
        nothing = (("", QLabel(self.tr("Nothing more to set."))),)
        page("contact_added", *nothing)
        page("first_order", *nothing)
        self.default_days = days("param_default_days", params.get("default_days", 45))
        self.category_days = QPlainTextEdit(objectName="param_category_days")
        self.category_days.setPlaceholderText(self.tr("One category per line, e.g.\n面膜 30\n"
                                                      "精华 60"))
        self.category_days.setPlainText("\n".join(
            f"{name} {n}" for name, n in (params.get("category_days") or {}).items()))
        self.category_days.setFixedHeight(70)
        self.lead_days = days("param_lead_days",
                              params.get("lead_days", sop_rules.DEFAULT_LEAD_DAYS), 0, 30)
        self.lead_days.setToolTip(self.tr(
            "The reminder comes this many days before the date the customer is expected to buy "
            "again. That date is the last order plus the customer's own cycle (the median of "
            "their last gaps, from 3 orders on), else the median of the category over all "
            "customers, else the cycles set here."))
        page("days_after_last_order",
             (self.tr("Repurchase cycle when none is learned"), self.default_days),
             (self.tr("Categories with their own cycle"), self.category_days),
             (self.tr("Remind days ahead"), self.lead_days))
        self.quiet_days = days("param_quiet_days", params.get("days", 30))
        page("no_interaction", (self.tr("No interaction for"), self.quiet_days))
        self.stage = QComboBox(objectName="param_stage")
        for code in labels.STAGE_NAMES:
            self.stage.addItem(labels.label(labels.STAGE_NAMES, code), code)
        self.stage.setCurrentIndex(max(0, self.stage.findData(params.get("stage", "declining"))))
        page("entered_stage", (self.tr("Stage"), self.stage))
        self.tier = QComboBox(objectName="param_tier")
        for tier in range(2, 6):
            self.tier.addItem(labels.label(labels.TIER_NAMES, tier), tier)
        self.tier.setCurrentIndex(max(0, self.tier.findData(params.get("tier", 4))))
        page("reached_tier", (self.tr("Tier"), self.tier))
        self.days_before = days("param_days_before", params.get("days_before", 0), 0, 30)
        self.local_time = QTimeEdit(QTime.fromString(params.get("local_time", "09:00"), "HH:mm"),
                                    objectName="param_local_time", displayFormat="HH:mm")
        page("birthday", (self.tr("Days before"), self.days_before),
             (self.tr("At"), self.local_time))
        self.tag = QComboBox(objectName="param_tag")
        for tag_id, name in self._tags.items():
            self.tag.addItem(name, tag_id)
        self.tag.setCurrentIndex(max(0, self.tag.findData(params.get("tag_id"))))
        page("tag_added", (self.tr("Tag"), self.tag))

    def _trigger_changed(self) -> None:
        self.params.setCurrentWidget(self._pages[self.trigger.currentData()])

    def _params(self) -> dict[str, object]:
        trigger = self.trigger.currentData()
        if trigger == "days_after_last_order":
            # "面膜 30" / "面膜：30" per line; the days are checked by the core.
            pairs = (re.split(r"[\s:：=]+", line.strip(), maxsplit=1)
                     for line in self.category_days.toPlainText().splitlines() if line.strip())
            return {"default_days": self.default_days.value(),
                    "lead_days": self.lead_days.value(),
                    "category_days": {p[0]: p[1] if len(p) > 1 else "" for p in pairs}}
        if trigger == "no_interaction":
            return {"days": self.quiet_days.value()}
        if trigger == "entered_stage":
            return {"stage": self.stage.currentData()}
        if trigger == "reached_tier":
            return {"tier": self.tier.currentData()}
        if trigger == "birthday":
            return {"days_before": self.days_before.value(),
                    "local_time": self.local_time.time().toString("HH:mm")}
        if trigger == "tag_added":
            return {"tag_id": self.tag.currentData()}
        return {}

    def values(self) -> dict[str, object]:
        """The fields this rule may change: a built-in one keeps name, trigger and category."""
        values = {"params": self._params(), "task_title": self.title.text(),
                  "delay_minutes": self.delay.value() * self.delay_unit.currentData()}
        if not (self._rule and self._rule.builtin):
            values.update(name=self.name.text(), trigger=self.trigger.currentData(),
                          script_category=self.category.currentText())
        return values


class SopRulesDialog(QDialog):
    """The rule list; every change is an operation, and the list follows `changes_applied`."""

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._clock = clock
        self.rules: list = []
        self.setWindowTitle(self.tr("Automation rules"))
        self.resize(980, 460)
        intro = QLabel(self.tr(
            "Each rule turns an event into a task for the contact, e.g. 30 days without "
            "interaction → a recall task. Rules run by themselves at start, every hour and "
            "after edits; a rule never makes the same task twice."), wordWrap=True)
        self.table = QTableWidget(0, 7, objectName="sop_rules")
        self.table.setHorizontalHeaderLabels([
            self.tr("On"), self.tr("Rule"), self.tr("When"), self.tr("Task due"),
            self.tr("Task title"), self.tr("Script category"), self.tr("Kind")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_rule())
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())

        self.new_button = self._button(self.tr("New rule…"), "rule_new", self.new_rule)
        self.edit_button = self._button(self.tr("Edit…"), "rule_edit", self.edit_rule)
        self.delete_button = self._button(self.tr("Delete"), "rule_delete", self.delete_rule)
        self.run_button = self._button(self.tr("Run rules now"), "rules_run", self.run_now)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.run_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        runner.changes_applied.connect(self._changes_applied)
        self.reload()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, objectName=name, autoDefault=False)
        button.clicked.connect(slot)
        return button

    def reload(self) -> None:
        keep = self.current_rule()
        self.rules = sop_rules.list_rules(self._reader)
        tags = tag_names(self._reader)
        self.table.blockSignals(True)  # filling the switches is not the operator toggling
        self.table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            switch = QTableWidgetItem()
            switch.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                            | Qt.ItemFlag.ItemIsSelectable)
            switch.setCheckState(Qt.CheckState.Checked if rule.enabled
                                 else Qt.CheckState.Unchecked)
            switch.setData(IdRole, rule.id)
            self.table.setItem(row, COL_ENABLED, switch)
            for column, text in ((COL_NAME, rule.name),
                                 (COL_TRIGGER, trigger_text(rule.trigger, rule.params, tags)),
                                 (COL_DELAY, delay_text(rule.delay_minutes)),
                                 (COL_TITLE, rule.task_title),
                                 (COL_CATEGORY, rule.script_category),
                                 (COL_KIND, self.tr("Built-in") if rule.builtin
                                  else self.tr("Own"))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        rows = [r.id for r in self.rules]
        if keep is not None and keep.id in rows:
            self.table.selectRow(rows.index(keep.id))
        self._update_buttons()

    def current_rule(self):
        row = self.table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def _update_buttons(self) -> None:
        rule = self.current_rule()
        self.edit_button.setEnabled(rule is not None)
        self.delete_button.setEnabled(rule is not None and not rule.builtin)

    def _changes_applied(self, changes: Changes, _initiator: object) -> None:
        if changes.settings or changes.tags:  # rules are settings; tag names show in them
            self.reload()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != COL_ENABLED:
            return
        rule_id = item.data(IdRole)
        enabled = item.checkState() == Qt.CheckState.Checked
        self._run(lambda conn: sop_rules.update_rule(conn, rule_id=rule_id,
                                                     values={"enabled": enabled}))

    def _run(self, operation) -> None:
        self._runner.run(self, operation, initiator=self)

    def _categories(self) -> list[str]:
        """The built-in rules' categories, then any others the rules use."""
        seen = dict.fromkeys(b.script_category for b in sop_rules.BUILTIN_RULES)
        seen.update(dict.fromkeys(r.script_category for r in self.rules if r.script_category))
        return list(seen)

    def new_rule(self) -> None:
        dialog = RuleEditDialog(self._reader, categories=self._categories(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self._run(lambda conn: sop_rules.create_rule(conn, values=values))

    def edit_rule(self) -> None:
        rule = self.current_rule()
        if rule is None:
            return
        dialog = RuleEditDialog(self._reader, rule=rule, categories=self._categories(),
                                parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self._run(lambda conn: sop_rules.update_rule(conn, rule_id=rule.id, values=values))

    def delete_rule(self) -> None:
        rule = self.current_rule()
        if rule is None or rule.builtin:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete rule"),
            self.tr("Delete the rule “{0}”? The tasks it made stay.").format(rule.name))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda conn: sop_rules.delete_rule(conn, rule_id=rule.id))

    def run_now(self) -> None:
        title = self.tr("Run rules now")
        text = self.tr("Created {0} new tasks.")

        def done(result: OpResult) -> None:
            QMessageBox.information(self, title, text.format(result.value.total))
        self._runner.run_long(
            self, lambda conn, progress: run_sop(conn, clock=self._clock, progress=progress),
            label=self.tr("Running automation rules"), on_done=done)


def open_sop_rules(parent: QWidget, runner: OpRunner,
                   reader: sqlite3.Connection) -> SopRulesDialog:
    dialog = SopRulesDialog(runner, reader, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

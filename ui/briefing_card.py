"""One briefing card on the 今日 page: who, why, what they bought and said, their tasks, and the
script already rendered for them (unfilled placeholders marked as the Ctrl+K picker marks them).

Shows a desktop.briefing.CardDetail; it reads nothing and writes nothing itself.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import briefing, timefmt
from desktop.contacts import display_name
from ui import labels
from ui.script_picker import highlight_problems


def _escaped(text: str) -> str:
    """The operator's own words as text, never markup ('<满100减20>' shows as typed)."""
    return html.escape(text).replace("\n", "<br>")


class BriefingCard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(objectName="card_title", wordWrap=True)
        self.title.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.pressure = QLabel(objectName="card_pressure", wordWrap=True)
        self.pressure.setStyleSheet("color: #E65100; font-weight: 600;")
        self.body = QLabel(objectName="card_body", wordWrap=True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setStyleSheet("font-size: 14px;")
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.script_caption = QLabel(objectName="card_script_caption", wordWrap=True)
        self.script = QTextEdit(objectName="card_script", readOnly=True)
        self.script.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page's keys stay the page's
        self.script.setStyleSheet("font-size: 15px;")
        self.problems = QLabel(objectName="card_problems", wordWrap=True)
        self.problems.setStyleSheet("color: #C62828;")
        self.buttons = {key: QPushButton(objectName=f"card_{key}")
                        for key in ("copy", "done", "snooze", "next", "open")}
        layout = QVBoxLayout(self)
        for widget in (self.title, self.pressure, self.body, self.script_caption):
            layout.addWidget(widget)
        layout.addWidget(self.script, 1)
        layout.addWidget(self.problems)
        row = QHBoxLayout()
        for button in self.buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        layout.addLayout(row)
        self.detail: briefing.CardDetail | None = None
        self.show_detail(None)

    def show_detail(self, detail: briefing.CardDetail | None) -> None:
        self.detail = detail
        candidate = detail.candidate if detail else None
        is_post = candidate is not None and candidate.post_id is not None
        self.title.setText(self._title(detail))
        self.pressure.setText((detail.pressure_warning or "") if detail else "")
        self.pressure.setVisible(bool(self.pressure.text()))
        self.body.setText(self._body(detail) if detail else self.tr(
            "Nothing left in today's queue."))
        rendered = detail.rendered if detail else None
        if is_post:
            self.script_caption.setText(self.tr("Post text:"))
        elif rendered is not None:
            self.script_caption.setText(self.tr("Suggested script: {0}").format(
                detail.script_title))
        else:
            self.script_caption.setText(self.tr("No suggested script: press Ctrl+K to choose "
                                                "one.") if detail else "")
        self.script.setPlainText(rendered.text if rendered else "")
        self.script.setVisible(rendered is not None)
        if rendered is not None:
            highlight_problems(self.script, rendered)
        self.problems.setText("\n".join(p.message for p in rendered.problems) if rendered
                              else "")
        texts = {"copy": self.tr("Copy text (Enter)") if is_post
                 else self.tr("Copy and log (Enter)"),
                 "done": self.tr("Mark posted (D)") if is_post else self.tr("Done (D)"),
                 "snooze": self.tr("Snooze to tomorrow (S)"), "next": self.tr("Next (N)"),
                 "open": self.tr("Open moments (O)") if is_post else self.tr("Open contact (O)")}
        for key, button in self.buttons.items():
            button.setText(texts[key])
            button.setEnabled(detail is not None)
        self.buttons["copy"].setEnabled(rendered is not None)
        self.buttons["snooze"].setEnabled(bool(candidate and candidate.task_ids and not is_post))
        self.buttons["open"].setEnabled(bool(candidate and (is_post or candidate.contact_id)))

    def _title(self, detail: briefing.CardDetail | None) -> str:
        if detail is None:
            return ""
        contact, candidate = detail.contact, detail.candidate
        if candidate.post_id is not None:
            return self.tr("Moments post · {0}").format(timefmt.local_text(candidate.first_due))
        if contact is None:
            return candidate.title
        name = display_name(contact)
        return f"{name}（{contact.nickname}）" if contact.remark and contact.nickname else name

    def _body(self, detail: briefing.CardDetail) -> str:
        parts = []
        if detail.contact is not None:
            color = labels.TIER_COLORS.get(detail.contact.tier, "#607D8B")
            parts.append(f"<b style='color:{color}'>{html.escape(detail.headline)}</b>")
            why = detail.why
            if why is not None:
                parts += [_escaped(text) for text in (why.tier_reason, why.stage_reason, why.rfm)
                          if text]
        heading = "<b>{0}</b>".format  # the captions are tr() outside f-strings, for lupdate
        parts.append(heading(html.escape(self.tr("Why today"))))
        for task in detail.reasons:
            due = timefmt.local_text(task.due_at)
            line = f"• {_escaped(task.title)} <span style='color:gray'>{due}</span>"
            if task.notes:
                line += f"<br>&nbsp;&nbsp;{_escaped(task.notes)}"
            parts.append(line)
        if detail.contact is None:
            return "<br>".join(parts)
        parts.append(heading(html.escape(self.tr("Last purchase")))
                     + f" {_escaped(detail.last_order_text)}")
        parts.append(heading(html.escape(self.tr("Recent interactions"))))
        parts += [f"• {timefmt.local_text(i.occurred_at)} "
                  f"{html.escape(labels.label(labels.INTERACTION_NAMES, i.kind))} "
                  f"{_escaped(i.note)}" for i in detail.interactions] or [
            html.escape(self.tr("none yet"))]
        parts.append(heading(html.escape(self.tr("Open tasks"))))
        no_due = self.tr("no due time")
        parts += [f"• {timefmt.local_text(t.due_at) or no_due} {_escaped(t.title)}"
                  for t in detail.open_tasks]
        return "<br>".join(parts)

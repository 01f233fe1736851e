"""朋友圈 page: the moments plan as a month or week calendar of post cards.

Drag a card to another day (month: the time stays) or to another hour of a day (week: the
minutes stay) to reschedule — one undo step (Ctrl+Z). ←/→ move by a month or week, T goes to
today, M/W switch the view, N adds a post. Guard-rail warnings show in red on the day cell and
the week header. Posts whose time has come wait in a bar at the top with 复制文案 (text to the
clipboard, this post's images opened in a folder) and 标记已发.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import moments, moments_guard, moments_media, moments_slots, timefmt
from desktop.changes import Changes
from desktop.contacts import ValidationError
from ui.moments_cards import DropCell, PostCard, post_id_of
from ui.moments_dialogs import GuardRailsDialog, PostDialog, SlotTemplateDialog
from ui.ops import OpRunner
from ui.page_reload import ReloadWhenShown

WEEKDAY_KEYS = (QT_TRANSLATE_NOOP("MomentsPage", "Mon"), QT_TRANSLATE_NOOP("MomentsPage", "Tue"),
                QT_TRANSLATE_NOOP("MomentsPage", "Wed"), QT_TRANSLATE_NOOP("MomentsPage", "Thu"),
                QT_TRANSLATE_NOOP("MomentsPage", "Fri"), QT_TRANSLATE_NOOP("MomentsPage", "Sat"),
                QT_TRANSLATE_NOOP("MomentsPage", "Sun"))  # self.tr(key) at runtime
WARNING_STYLE = "color: #c62828; font-size: 11px; font-weight: 600;"
MONTH_CARDS = 4           # cards shown in a month cell before "+N more"
FIRST_HOUR = 6            # the week view's rows: 06:00 … 23:00 (earlier posts join 06:00)


class MomentsPage(ReloadWhenShown, QWidget):
    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._clock = clock
        self.mode = "month"
        self.anchor = clock().astimezone().date()
        self.plan: moments_guard.Plan | None = None
        self.cards: dict[int, PostCard] = {}
        self.cells: list[DropCell] = []
        try:
            self.media_folder: Path | None = moments_media.media_dir(reader)
        except ValidationError:
            self.media_folder = None
        self._due_timer = QTimer(self, singleShot=True)
        self._due_timer.timeout.connect(self._show_due)

        self.title = QLabel(objectName="moments_title")
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.week_warning = QLabel(objectName="week_warning", styleSheet=WARNING_STYLE)
        self.week_warning.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)  # never widens the page
        bar = QHBoxLayout()
        for text, slot, key in ((self.tr("‹"), lambda: self.move(-1), "Left"),
                                (self.tr("Today"), self.go_today, "T"),
                                (self.tr("›"), lambda: self.move(1), "Right")):
            button = QToolButton(text=text)
            button.clicked.connect(slot)
            button.setToolTip(key)
            self._shortcut(slot, key)
            bar.addWidget(button)
        bar.addWidget(self.title)
        bar.addWidget(self.week_warning)
        bar.addStretch(1)
        self.view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        for mode, text, key in (("month", self.tr("Month"), "M"), ("week", self.tr("Week"), "W")):
            button = QPushButton(text, checkable=True, checked=(mode == self.mode))
            button.setToolTip(key)
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self._shortcut(lambda m=mode: self.set_mode(m), key)
            group.addButton(button)
            self.view_buttons[mode] = button
            bar.addWidget(button)
        new = QPushButton(self.tr("New post"), toolTip="N")
        new.clicked.connect(lambda: self.new_post())
        self._shortcut(self.new_post, "N")
        fill = QPushButton(self.tr("Fill week"), toolTip=self.tr(
            "Add drafts for this week from the slot template"))
        fill.clicked.connect(self.fill_week)
        more = QToolButton(text=self.tr("More"), objectName="moments_more",
                           popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        menu.addAction(self.tr("Slot template…"), self.edit_template)
        menu.addAction(self.tr("Posting limits…"), self.edit_limits)
        menu.addAction(self.tr("Export the plan to a calendar (.ics)…"), self.export_ics)
        more.setMenu(menu)
        for widget in (new, fill, more):
            bar.addWidget(widget)

        self.due_bar = QWidget(objectName="due_bar")
        self.due_bar.setStyleSheet("#due_bar { background: #fff4e5; border-radius: 4px; }")
        due_layout = QHBoxLayout(self.due_bar)
        self.due_label = QLabel(objectName="due_label")
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        self.copy_button = QPushButton(self.tr("Copy text"), objectName="copy_text")
        self.copy_button.clicked.connect(lambda: self.copy_text(self._due[0].id))
        self.posted_button = QPushButton(self.tr("Mark posted"), objectName="mark_posted")
        self.posted_button.clicked.connect(
            lambda: self.set_status(self._due[0].id, "posted"))
        due_layout.addWidget(self.due_label, 1)
        due_layout.addWidget(self.copy_button)
        due_layout.addWidget(self.posted_button)
        self._due: list[moments.Post] = []

        self.grid_host = QWidget()
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.due_bar)
        layout.addWidget(self.scroll, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so ←/→/T reach the page
        runner.changes_applied.connect(self._on_changes)
        self.reload_when_shown()   # read when first looked at, not at start

    def _shortcut(self, slot, key: str) -> None:
        action = QAction(self, shortcut=QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: slot())
        self.addAction(action)

    # --- navigation ---------------------------------------------------------------------------

    def first_day(self) -> date:
        if self.mode == "week":
            return moments.week_start(self.anchor)
        return moments.week_start(self.anchor.replace(day=1))

    def days(self) -> int:
        return 7 if self.mode == "week" else 42

    def move(self, step: int) -> None:
        if self.mode == "week":
            self.anchor += timedelta(days=7 * step)
        else:
            month = self.anchor.month - 1 + step
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.reload()

    def go_today(self) -> None:
        self.anchor = self._clock().astimezone().date()
        self.reload()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.view_buttons[mode].setChecked(True)
        self.reload()

    # --- drawing ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the shown range (UI thread, read-only connection) and rebuild the grid."""
        self.plan = moments_guard.load_plan(self._reader, first_day=self.first_day(),
                                            days=self.days())
        replacement = QWidget()
        grid = QGridLayout(replacement)
        grid.setSpacing(3)
        self.cards, self.cells = {}, []
        today = self._clock().astimezone().date()
        for column, key in enumerate(WEEKDAY_KEYS):
            name = self.tr(key)
            header = QLabel(name, alignment=Qt.AlignmentFlag.AlignCenter)
            if self.mode == "week":
                day = self.plan.first_day + timedelta(days=column)
                warning = self.plan.day_warnings.get(day, "")
                header.setText(f"{name} {day:%m-%d}" + (f"\n{warning}" if warning else ""))
                header.setStyleSheet(WARNING_STYLE if warning else
                                     "font-weight: 600;" if day == today else "")
            grid.addWidget(header, 0, column + 1)
        if self.mode == "month":
            self._draw_month(grid, today)
            self.title.setText(self.tr("{0}-{1:02d}").format(self.anchor.year,
                                                              self.anchor.month))
        else:
            self._draw_week(grid)
            end = self.plan.first_day + timedelta(days=6)
            self.title.setText(f"{self.plan.first_day:%Y-%m-%d} — {end:%m-%d}")
        warnings = [w for m, w in sorted(self.plan.week_warnings.items())
                    if self.mode == "month" or m == self.plan.first_day]
        self.week_warning.setText(self.tr("This week: {0}").format(warnings[0])
                                  if self.mode == "week" and warnings else "")
        self.scroll.takeWidget()
        self.grid_host.deleteLater()
        self.grid_host = replacement
        self.scroll.setWidget(replacement)
        if self.mode == "week":
            self.scroll.verticalScrollBar().setValue(0)
        self._show_due()

    def _posts_by_day(self) -> dict[date, list[moments.Post]]:
        by_day: dict[date, list[moments.Post]] = {}
        for post in self.plan.posts:
            by_day.setdefault(moments.local_day(post.planned_at), []).append(post)
        return by_day

    def _card(self, post: moments.Post, compact: bool) -> PostCard:
        card = PostCard(post, self.media_folder, compact=compact)
        card.activated.connect(self.edit_post)
        card.menu_requested.connect(self._card_menu)
        self.cards[post.id] = card
        return card

    def _draw_month(self, grid: QGridLayout, today: date) -> None:
        by_day = self._posts_by_day()
        for index in range(42):
            day = self.plan.first_day + timedelta(days=index)
            row, column = divmod(index, 7)
            if column == 0:
                monday_warning = self.plan.week_warnings.get(day, "")
                side = QLabel(monday_warning.replace("，", "\n"), styleSheet=WARNING_STYLE,
                              wordWrap=True)
                side.setFixedWidth(92)
                grid.addWidget(side, row + 1, 0)
            cell = DropCell(day, None, self.handle_drop)
            outside = day.month != self.anchor.month
            background = "#fafafa" if outside else "white"
            border = "#1e6fd9" if day == today else "#e0e0e0"
            cell.setStyleSheet(f"#drop_cell {{ background: {background}; "
                               f"border: 1px solid {border}; }}")
            head = QHBoxLayout()
            number = QLabel(f"{day.day}" if day.day != 1 else f"{day.month}/{day.day}")
            number.setStyleSheet("color: #999;" if outside else "font-weight: 600;")
            head.addWidget(number)
            warning = self.plan.day_warnings.get(day, "")
            if warning:
                head.addWidget(QLabel(warning, objectName="day_warning",
                                      styleSheet=WARNING_STYLE))
            head.addStretch(1)
            cell.layout_.addLayout(head)
            posts = by_day.get(day, [])
            for post in posts[:MONTH_CARDS]:
                cell.layout_.addWidget(self._card(post, compact=True))
            if len(posts) > MONTH_CARDS:
                more = QLabel(self.tr("+{0} more").format(len(posts) - MONTH_CARDS))
                cell.layout_.addWidget(more)
            cell.layout_.addStretch(1)
            self.cells.append(cell)
            grid.addWidget(cell, row + 1, column + 1)
            # on the grid, not the cell: a cell's own minimum would let its cards be clipped
            grid.setRowMinimumHeight(row + 1, 110)
        for column in range(1, 8):
            grid.setColumnStretch(column, 1)

    def _draw_week(self, grid: QGridLayout) -> None:
        by_hour: dict[tuple[date, int], list[moments.Post]] = {}
        for post in self.plan.posts:
            local = moments.local_datetime(post.planned_at)
            by_hour.setdefault((local.date(), max(FIRST_HOUR, local.hour)), []).append(post)
        for row, hour in enumerate(range(FIRST_HOUR, 24), start=1):
            grid.addWidget(QLabel(f"{hour:02d}:00", alignment=Qt.AlignmentFlag.AlignTop
                                  | Qt.AlignmentFlag.AlignRight), row, 0)
            for column in range(7):
                day = self.plan.first_day + timedelta(days=column)
                cell = DropCell(day, hour, self.handle_drop)
                cell.setStyleSheet("#drop_cell { background: white; "
                                   "border-top: 1px solid #e6e6e6; }")
                for post in by_hour.get((day, hour), []):
                    cell.layout_.addWidget(self._card(post, compact=False))
                self.cells.append(cell)
                grid.addWidget(cell, row, column + 1)
            grid.setRowMinimumHeight(row, 30)
        for column in range(1, 8):
            grid.setColumnStretch(column, 1)

    # --- due posts ----------------------------------------------------------------------------

    def _show_due(self) -> None:
        """The bar of posts whose time has come; re-armed for the next one in the shown range
        (the tray reminder itself is the task loop's)."""
        self._due = moments.due_posts(self._reader, clock=self._clock)
        self.due_bar.setVisible(bool(self._due))
        if self._due:
            first = self._due[0]
            when = timefmt.local_text(first.planned_at)
            more = self.tr(" (and {0} more)").format(len(self._due) - 1) if len(
                self._due) > 1 else ""
            self.due_label.setText(self.tr("Time to post ({0}): {1}{2}").format(
                when, moments.first_line(first.body), more))
        now = timefmt.to_db(self._clock())
        upcoming = [p.planned_at for p in self.plan.posts
                    if p.status == "pending" and p.planned_at > now]
        if upcoming:
            delay = timefmt.from_db(min(upcoming)) - self._clock()
            self._due_timer.start(int(min(delay, timedelta(hours=1)).total_seconds() * 1000)
                                  + 1000)

    def copy_text(self, post_id: int) -> None:
        """复制文案: the text on the clipboard; the post's images (if any) in a folder of
        their own, opened for dragging into WeChat."""
        post = moments.get_post(self._reader, post_id)
        QApplication.clipboard().setText(post.body)
        message = self.tr("Text copied.")
        if post.media and self.media_folder is not None:
            folder = moments_media.share_folder(self.media_folder, post.id, list(post.media))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            message = self.tr("Text copied; the {0} images are in the opened folder.").format(
                len(post.media))
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 8000)

    # --- operations ---------------------------------------------------------------------------

    def handle_drop(self, mime: QMimeData, day: date, hour: int | None) -> None:
        """A card dropped on a day (keeps its time) or an hour (keeps its minutes)."""
        post_id = post_id_of(mime)
        post = next((p for p in self.plan.posts if p.id == post_id), None) if post_id else None
        if post is None:
            return
        local = moments.local_datetime(post.planned_at)
        when = datetime.combine(day, time(local.hour if hour is None else hour, local.minute))
        self._runner.run(self, lambda conn: moments.reschedule_post(
            conn, post_id=post.id, planned_at=when.strftime("%Y-%m-%d %H:%M"),
            clock=self._clock))

    def new_post(self, when: datetime | None = None) -> None:
        if when is None:
            start = max(self.anchor, self._clock().astimezone().date())
            when = datetime.combine(start, time(12, 0))
        self._open_dialog(None, when)

    def edit_post(self, post_id: int) -> None:
        post = moments.get_post(self._reader, post_id)
        self._open_dialog(post, moments.local_datetime(post.planned_at))

    def _open_dialog(self, post: moments.Post | None, when: datetime) -> None:
        dialog = PostDialog(self._reader, self.media_folder, post, when, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, images, tags = dialog.values(), dialog.image_entries(), dialog.tag_ids()
        self._runner.run(self, lambda conn: moments.save_post(
            conn, post_id=post.id if post else None, values=values, images=images,
            tag_ids=tags, clock=self._clock))

    def set_status(self, post_id: int, status: str) -> None:
        self._runner.run(self, lambda conn: moments.set_post_status(
            conn, post_id=post_id, status=status, clock=self._clock))

    def delete(self, post_id: int) -> None:
        self._runner.run(self, lambda conn: moments.delete_post(conn, post_id=post_id))

    def _card_menu(self, post_id: int, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Edit…"), lambda: self.edit_post(post_id))
        menu.addAction(self.tr("Copy text"), lambda: self.copy_text(post_id))
        menu.addSeparator()
        for status, text in (("posted", self.tr("Mark posted")),
                             ("pending", self.tr("Mark to post")),
                             ("draft", self.tr("Back to draft")),
                             ("skipped", self.tr("Skip"))):
            menu.addAction(text, lambda s=status: self.set_status(post_id, s))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete(post_id))
        menu.popup(where)

    def _template(self, then) -> None:
        """The default template installed (once), then the chosen template's id to `then`."""
        def chosen(_result) -> None:
            found = moments_slots.templates(self._reader)
            if len(found) == 1:
                then(*found[0])
                return
            name, ok = QInputDialog.getItem(self, self.tr("Slot template"),
                                            self.tr("Template"), [n for _i, n in found], 0,
                                            False)
            if ok:
                then(*next(t for t in found if t[1] == name))
        self._runner.run(self, moments_slots.ensure_default_template, on_done=chosen)

    def fill_week(self) -> None:
        monday = moments.week_start(self.anchor if self.mode == "week" else
                                    self._clock().astimezone().date())

        def fill(template_id: int, name: str) -> None:
            def done(result) -> None:
                text = (self.tr("{0} drafts added from “{1}”.").format(result.count, name)
                        if result.count else
                        self.tr("This week already has every slot of “{0}”.").format(name))
                QMessageBox.information(self, self.tr("Fill this week"), text)
            self._runner.run(self, lambda conn: moments_slots.fill_week(
                conn, template_id=template_id, week_start_day=monday, clock=self._clock),
                on_done=done)
        self._template(fill)

    def edit_template(self) -> None:
        def edit(template_id: int, name: str) -> None:
            dialog = SlotTemplateDialog(name, moments_slots.template_slots(self._reader,
                                                                           template_id), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                slots = dialog.slots()
                self._runner.run(self, lambda conn: moments_slots.save_slots(
                    conn, template_id=template_id, slots=slots))
        self._template(edit)

    def edit_limits(self) -> None:
        dialog = GuardRailsDialog(moments_guard.load_guard_rails(self._reader), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            daily, share = dialog.daily.value(), dialog.share.value()
            self._runner.run(self, lambda conn: moments_guard.save_guard_rails(
                conn, daily_limit=daily, hard_ad_max_percent=share))

    def export_ics(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the plan to a calendar"),
                                              str(Path.home() / "朋友圈计划.ics"),
                                              self.tr("Calendar (*.ics)"))
        if not path:
            return
        from desktop.moments_ics import export_moments_ics

        def done(count: int) -> None:
            QMessageBox.information(self, self.tr("Export"), self.tr(
                "{0} planned posts exported to {1}.").format(count, path))
        self._runner.call_on_db_thread(lambda ws: export_moments_ics(ws.conn, Path(path),
                                                                     clock=self._clock),
                                       on_done=done)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.moments or changes.settings:
            self.reload_when_shown()

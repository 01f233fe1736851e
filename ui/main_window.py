"""The main window: navigation on the left, one page at a time, status bar, menus."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import briefing, pressure
from desktop.contact_query import ContactQuery
from desktop.whole_setting import WholeSetting
from desktop.workspace import Workspace
from ui.backup_actions import BackupActions
from ui.contacts_page import ContactsPage
from ui.dashboard_page import DashboardPage
from ui.layering_settings import LayeringActions
from ui.moments_page import MomentsPage
from ui.ops import OpRunner
from ui.scripts_page import ScriptsPage
from ui.tasks_page import TasksPage, export_tasks_to_calendar
from ui.today_page import TodayPage

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, runner: OpRunner, reader: sqlite3.Connection,
                 settings: QSettings) -> None:
        super().__init__()
        self._runner = runner
        self._reader = reader
        self._settings = settings
        self.setWindowTitle(self.tr("Siyu Workstation — {0}").format(workspace.path.name))
        self.resize(1280, 800)

        self.contacts_page = ContactsPage(runner, reader)
        self.today_page = TodayPage(runner, reader, self.contacts_page.worker)
        self.tasks_page = TasksPage(runner, reader)
        self.dashboard_page = DashboardPage(runner, self.contacts_page.worker)
        self.moments_page = MomentsPage(runner, reader)
        self.scripts_page = ScriptsPage(runner, reader)
        self.pages = QStackedWidget()
        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setFixedWidth(120)
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 14px; }")
        for title, page in ((self.tr("Today"), self.today_page),
                            (self.tr("Contacts"), self.contacts_page),
                            (self.tr("Tasks"), self.tasks_page),
                            (self.tr("Scripts"), self.scripts_page),
                            (self.tr("Moments"), self.moments_page),
                            (self.tr("Data"), self.dashboard_page)):
            self.navigation.addItem(title)
            self.pages.addWidget(page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.today_page.open_contact.connect(self.open_contact)
        self.today_page.open_moments.connect(
            lambda: self.navigation.setCurrentRow(self.pages.indexOf(self.moments_page)))
        self.today_page.quiet_requested.connect(
            lambda days: self.show_contacts_query(ContactQuery(quiet_days=days)))
        self.tasks_page.open_contact.connect(self.open_contact)
        self.dashboard_page.contacts_requested.connect(self.show_contacts_query)
        self.dashboard_page.ids_requested.connect(self.show_contact_ids)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages)
        self.setCentralWidget(central)

        self.path_label = QLabel(self.tr("Database: {0}").format(workspace.path))
        self.count_label = QLabel(objectName="status_count")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.contacts_page.count_changed.connect(self._show_count)
        self._show_count(self.contacts_page.model.rowCount())
        self._build_menus()
        runner.undo_state_changed.connect(self._undo_state)

        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.navigation.setCurrentRow(int(settings.value("window/page", 0)))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.contacts_page.new_action)
        file_menu.addSeparator()
        self.import_contacts_action = QAction(self.tr("Import contacts…"), self,
                                              shortcut=QKeySequence("Ctrl+I"))
        self.import_contacts_action.triggered.connect(lambda: self.import_file("contacts"))
        self.import_orders_action = QAction(self.tr("Import orders…"), self)
        self.import_orders_action.triggered.connect(lambda: self.import_file("orders"))
        self.export_action = QAction(self.tr("Export contacts…"), self,
                                     shortcut=QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_contacts)
        self.import_history_action = QAction(self.tr("Import history…"), self)
        self.import_history_action.triggered.connect(self.show_import_history)
        file_menu.addActions([self.import_contacts_action, self.import_orders_action,
                              self.export_action, self.import_history_action])
        file_menu.addSeparator()
        self.backup_actions = BackupActions(self, self._runner)
        file_menu.addActions([self.backup_actions.backup_action,
                              self.backup_actions.restore_action])
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = QAction(self.tr("Undo"), self, shortcut=QKeySequence.StandardKey.Undo,
                                   enabled=False)
        self.undo_action.triggered.connect(lambda: self._runner.undo(self))
        self.redo_action = QAction(self.tr("Redo"), self, shortcut=QKeySequence("Ctrl+Shift+Z"),
                                   enabled=False)
        self.redo_action.triggered.connect(lambda: self._runner.redo(self))
        self.history_action = QAction(self.tr("Edit history…"), self,
                                      shortcut=QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(self.show_history)
        edit_menu.addActions([self.undo_action, self.redo_action, self.history_action])
        edit_menu.addSeparator()
        search_action = QAction(self.tr("Find contact"), self,
                                shortcut=QKeySequence.StandardKey.Find)
        search_action.triggered.connect(self.find_contact)
        edit_menu.addAction(search_action)
        edit_menu.addAction(self.contacts_page.tagging_action)
        edit_menu.addMenu(self.contacts_page.bulk.menu)

        contacts_menu = self.menuBar().addMenu(self.tr("&Contacts"))
        self.lost_friends_action = contacts_menu.addAction(self.tr("Lost friends…"))
        self.lost_friends_action.triggered.connect(self.show_lost_friends)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for row, key in enumerate(f"Ctrl+{n}" for n in range(1, self.navigation.count() + 1)):
            action = QAction(self.navigation.item(row).text(), self, shortcut=QKeySequence(key))
            action.triggered.connect(lambda _=False, r=row: self.navigation.setCurrentRow(r))
            view_menu.addAction(action)

        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self.sop_rules_action = QAction(self.tr("Automation rules…"), self)
        self.sop_rules_action.triggered.connect(self.show_sop_rules)
        self.export_tasks_action = QAction(self.tr("Export tasks to calendar (.ics)…"), self)
        self.export_tasks_action.triggered.connect(
            lambda: export_tasks_to_calendar(self, self._runner))
        tools_menu.addActions([self.sop_rules_action, self.export_tasks_action])
        self.layering = LayeringActions(self, self._runner, self._reader)
        tools_menu.addAction(self.layering.recompute_action)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.security_action = settings_menu.addAction(self.tr("Security…"))  # ui/app.py
        settings_menu.addAction(self.backup_actions.settings_action)
        settings_menu.addAction(self.layering.settings_action)
        self.pressure_action = settings_menu.addAction(self.tr("Contact limit…"))
        self.pressure_action.triggered.connect(self.edit_pressure_limit)
        self.briefing_limit_action = settings_menu.addAction(self.tr("Daily briefing limit…"))
        self.briefing_limit_action.triggered.connect(self.edit_briefing_limit)
        language_menu = settings_menu.addMenu(self.tr("Language"))
        group = QActionGroup(self)
        current = self._settings.value("language", "zh_CN")
        for code, name in LANGUAGES:
            action = QAction(name, self, checkable=True, checked=(code == current))
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            language_menu.addAction(action)

    # The import and export modules load pandas and openpyxl: imported on first use, so they
    # cost nothing at start.
    def import_file(self, kind: str) -> None:
        from ui.import_wizard import open_import_wizard
        wizard = open_import_wizard(self, self._runner, self._reader, kind)
        if wizard is not None:
            wizard.lost_friends_requested.connect(self.show_lost_friends)

    def export_contacts(self) -> None:
        from ui.export_dialog import open_export_dialog
        open_export_dialog(self, self._runner, self._reader,
                           list_ids=self.contacts_page.list_ids(),
                           selected_ids=self.contacts_page.selected_ids())

    def show_import_history(self) -> None:
        from ui.import_history import open_import_history
        open_import_history(self, self._runner, self._reader)

    def show_lost_friends(self) -> None:
        from ui.lost_friends import open_lost_friends
        dialog = open_lost_friends(self, self._runner, self._reader)
        dialog.open_contact.connect(self.open_contact)

    def edit_pressure_limit(self) -> None:
        """How many scripts one contact may get in 7 days before the app warns."""
        self._edit_whole_setting(
            pressure.WEEKLY_LIMIT, self.tr("Contact limit"),
            self.tr("Scripts sent to one contact in 7 days before a warning (your own limit: "
                    "WeCom's caps change with its versions):"))

    def edit_briefing_limit(self) -> None:
        """How many cards the 今日 queue holds in a day; the rest wait for tomorrow."""
        self._edit_whole_setting(
            briefing.DAILY_LIMIT, self.tr("Daily briefing limit"),
            self.tr("Cards in the Today queue per day (the rest are moved to tomorrow):"))

    def _edit_whole_setting(self, setting: WholeSetting, title: str, prompt: str) -> None:
        current = setting.load(self._reader)
        value, ok = QInputDialog.getInt(self, title, prompt, current, 1, setting.maximum)
        if ok and value != current:
            self._runner.run(self, lambda conn: setting.save(conn, value))

    def find_contact(self) -> None:
        self.navigation.setCurrentRow(1)
        self.contacts_page.focus_search()

    def show_history(self) -> None:
        from ui.history_dialog import open_history
        open_history(self, self._runner)

    def show_sop_rules(self) -> None:
        from ui.sop_rules_dialog import open_sop_rules
        open_sop_rules(self, self._runner, self._reader)

    def show_tasks(self) -> None:
        self.navigation.setCurrentRow(2)

    def set_task_badge(self, count: int) -> None:
        """Tasks whose reminder has passed, on the navigation: 任务 (3)."""
        self.navigation.item(2).setText(self.tr("Tasks ({0})").format(count) if count
                                        else self.tr("Tasks"))

    def _set_language(self, code: str) -> None:
        self._settings.setValue("language", code)
        QMessageBox.information(self, self.tr("Language"),
                                self.tr("The new language is used from the next start."))

    def _undo_state(self, undo_label: str, redo_label: str) -> None:
        self.undo_action.setEnabled(bool(undo_label))
        self.undo_action.setText(self.tr("Undo {0}").format(undo_label) if undo_label
                                 else self.tr("Undo"))
        self.redo_action.setEnabled(bool(redo_label))
        self.redo_action.setText(self.tr("Redo {0}").format(redo_label) if redo_label
                                 else self.tr("Redo"))

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("{0} contacts").format(f"{count:,}"))

    def open_contact(self, contact_id: int) -> None:
        self.navigation.setCurrentRow(1)
        self.contacts_page.open_contact(contact_id)

    def show_contacts_query(self, query) -> None:
        """A chart's bar or cell: the contacts page with the matching filter."""
        self.navigation.setCurrentRow(self.pages.indexOf(self.contacts_page))
        self.contacts_page.apply_query(query)

    def show_contact_ids(self, ids: list[int], note: str) -> None:
        self.navigation.setCurrentRow(self.pages.indexOf(self.contacts_page))
        self.contacts_page.show_ids(ids, note)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Short operations finish first (long ones hold a modal progress dialog, so the
        # window cannot be closed under them); nothing is cut off half-written.
        self._runner.wait_idle()
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/page", self.navigation.currentRow())
        self._settings.sync()
        super().closeEvent(event)

    def raise_to_front(self) -> None:
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized)
                            | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

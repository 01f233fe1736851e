"""Pages that follow changes only while they are looked at."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent


class ReloadWhenShown:
    """Mixin for a page (before QWidget in the bases) with a `reload()`: a change reloads it at
    once when shown, else when it is next shown — an edit on one page never waits for the
    queries of pages nobody is looking at."""

    _stale = False

    def reload_when_shown(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)

"""Where things live: the user data folder (platformdirs) and the bundled resources."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "SiyuWorkstation"
DB_FILE_NAME = "siyu.db"


def data_dir() -> Path:
    """Per-user data folder, e.g. ~/.local/share/SiyuWorkstation or %APPDATA%\\SiyuWorkstation."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect, so a --db elsewhere keeps its own."""
    return db_path.parent / "backups"


def media_dir(db_path: Path) -> Path:
    """Moments images of one database: siyu.db → siyu.media/ beside it, so each --db keeps its
    own and a backup archive takes them along."""
    return Path(db_path).with_name(Path(db_path).stem + ".media")


def resources_dir() -> Path:
    """The resources/ folder, also inside a PyInstaller bundle (sys._MEIPASS)."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)

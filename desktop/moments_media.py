"""Images of moments posts: copied into the media folder beside the database, named by content.

The folder is desktop.paths.media_dir: `<database stem>.media/` beside the database file
(siyu.db → siyu.media/), which the backup archive takes along; a `--db` elsewhere keeps its own.
A copy is named by the SHA-256 of its bytes (first 20 hex digits + the lower-case extension):
the same picture added twice is stored once, and moving, renaming or deleting the original
afterwards changes nothing. Copies are never deleted when a post is (undo may bring it back,
and another post may share the file).

Thumbnails are the UI's business (Qt reads images); they go to the per-user cache folder,
named after the copy, so they are made once and can be thrown away at any time.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import sqlite3
from pathlib import Path

import platformdirs

from db import moments as moments_db
from desktop import paths
from desktop.contacts import ValidationError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")
_NAME_DIGITS = 20


def media_dir(conn: sqlite3.Connection) -> Path:
    """The media folder of the database `conn` is open on (not created here)."""
    path = moments_db.database_file(conn)
    if path is None:
        raise ValidationError("images", "内存数据库没有图片文件夹")
    return paths.media_dir(path)


def thumbnail_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False)) / "thumbnails"


def store_image(folder: Path, source: Path) -> str:
    """Copy `source` into `folder` under its content name (once) and return that name.
    Raises ValidationError in Chinese when it is missing, unreadable or not an image type."""
    source = Path(source)
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValidationError("images", f"“{source.name}”不是支持的图片格式"
                                        f"（{'、'.join(s[1:] for s in IMAGE_SUFFIXES)}）")
    try:
        data = source.read_bytes()
    except OSError as error:
        raise ValidationError("images", f"读不到图片“{source}”：{error.strerror or error}"
                              ) from error
    name = hashlib.sha256(data).hexdigest()[:_NAME_DIGITS] + source.suffix.lower()
    target = folder / name
    if target.exists():
        return name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        temp.write_bytes(data)
        os.replace(temp, target)  # a half-written copy never carries the real name
    except OSError as error:
        raise ValidationError("images", f"无法把图片复制到“{folder}”：{error.strerror or error}"
                              ) from error
    return name


def store_images(folder: Path, entries: list[str]) -> list[str]:
    """Each entry is a name already in `folder` (kept) or a path to copy in."""
    names = []
    for entry in entries:
        if "/" not in entry and os.sep not in entry and (folder / entry).is_file():
            names.append(entry)
        else:
            names.append(store_image(folder, Path(entry)))
    return names



def share_folder(folder: Path, post_id: int, names: list[str]) -> Path:
    """A folder holding just this post's images as 1.jpg, 2.png … in order, to drag into
    WeChat at post time (the media folder itself holds every post's images under hash names).
    Made afresh in the cache folder each time."""
    target = thumbnail_cache_dir().parent / "to-post" / f"post-{post_id}"
    if target.is_dir():
        for old in target.iterdir():
            old.unlink()
    target.mkdir(parents=True, exist_ok=True)
    for position, name in enumerate(names, start=1):
        source = folder / name
        if source.is_file():
            shutil.copyfile(source, target / f"{position}{source.suffix}")
    return target

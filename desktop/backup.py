"""Backups and restore: automatic rotating snapshots, one-file archives (备份到…), restore.

Automatic backups are snapshots by the online backup API (db/backup.py), taken when the window
closes and once a local day at start, named `<stem>.auto-YYYYMMDD-HHMMSS.db` (local time) in
paths.backups_dir. Rotation (borg's prune rule): walking from the newest backup back, the newest
backup of each of the last `keep_daily` days that have one is kept; then the newest of each of
the last `keep_weekly` ISO weeks that have one *not already kept* by the daily rule; every
other automatic backup is removed. With a backup every day this keeps 7 days + 4 older weeks.

An archive (备份到…) is one zip: `database.db` (a snapshot), `media/…` (the moments images) and
`manifest.json` (format, app and schema version, created_at, counts, sha256 of each file).
Restoring verifies all of it first, keeps the current database as a backup, writes the new file
beside the old one, fsyncs it and swaps it in with os.replace: a crash at any moment leaves
either the old database or the new one, never half of each.

Functions taking `conn` run on the database thread; restore_* need the database closed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from db import backup as backup_db
from db import migrations
from db import settings as settings_db
from db.connection import quick_check
from desktop import paths, timefmt
from desktop.errors import UserFacingError
from desktop.progress import Cancelled, Progress
from desktop.timefmt import Clock, system_clock

KEEP_DAILY_KEY = "backup.keep_daily"
KEEP_WEEKLY_KEY = "backup.keep_weekly"
DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4
ARCHIVE_FORMAT = "siyu-workstation-backup"
ARCHIVE_SUFFIX = ".siyubak"  # a zip; the suffix tells the operator what it is for
MANIFEST = "manifest.json"
DB_MEMBER = "database.db"
MEDIA_PREFIX = "media/"
_AUTO_MARK = ".auto-"
_STAMP = "%Y%m%d-%H%M%S"
_CHUNK = 1 << 20
COUNT_LABELS = {"contacts": "客户", "orders": "订单", "tasks": "任务"}


class BackupError(UserFacingError):
    """A backup cannot be written or an archive cannot be used; nothing was changed."""


@dataclass(frozen=True)
class ArchiveInfo:
    """What a verified archive holds, for the confirmation before a restore."""
    path: Path
    date: datetime             # when it was made (aware)
    counts: dict[str, int]     # contacts / orders / tasks
    schema: int                # schema version of its database
    app_version: str
    media_files: int

    def summary(self) -> str:
        """One line for the operator: date and counts."""
        local = self.date.astimezone().strftime("%Y-%m-%d %H:%M")
        counted = "，".join(f"{COUNT_LABELS[k]} {v:,} 条" for k, v in self.counts.items())
        return f"备份时间 {local}；{counted}；图片 {self.media_files} 个"


@dataclass(frozen=True)
class RestoreResult:
    info: ArchiveInfo | None   # None when restored from a plain automatic backup
    kept: Path                 # where the database as it was before the restore now is


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("siyu-workstation")
    except PackageNotFoundError:
        return "dev"


# -- automatic backups and rotation -----------------------------------------------------
def auto_backup(conn: sqlite3.Connection, db_path: Path, *, clock: Clock = system_clock
                ) -> Path:
    """Snapshot into the backups folder, then rotate. Returns the new backup's path."""
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock().astimezone().strftime(_STAMP)
    target = folder / f"{db_path.stem}{_AUTO_MARK}{stamp}.db"
    _write_snapshot(conn, target)
    rotate(folder, db_path.stem, keep_daily=_setting(conn, KEEP_DAILY_KEY, DEFAULT_KEEP_DAILY),
           keep_weekly=_setting(conn, KEEP_WEEKLY_KEY, DEFAULT_KEEP_WEEKLY))
    return target


def daily_backup_if_due(conn: sqlite3.Connection, db_path: Path, *,
                        clock: Clock = system_clock) -> Path | None:
    """At start: a backup unless one was already made this local day (at start or close).

    The folder itself is the record, so a restored or copied database does not carry a
    stale "done today" mark."""
    today = clock().astimezone().date()
    if any(moment.date() == today for moment, _ in auto_backups(paths.backups_dir(db_path),
                                                                db_path.stem)):
        return None
    return auto_backup(conn, db_path, clock=clock)


def retention(conn: sqlite3.Connection) -> tuple[int, int]:
    """(days, weeks) kept by rotation."""
    return (_setting(conn, KEEP_DAILY_KEY, DEFAULT_KEEP_DAILY),
            _setting(conn, KEEP_WEEKLY_KEY, DEFAULT_KEEP_WEEKLY))


def set_retention(conn: sqlite3.Connection, *, keep_daily: int, keep_weekly: int) -> None:
    """Store how many days / weeks rotation keeps (at least one daily backup is kept)."""
    if not 1 <= keep_daily <= 365 or not 0 <= keep_weekly <= 520:
        raise BackupError("保留的每日备份数应在 1 到 365 之间，每周备份数应在 0 到 520 之间。")
    settings_db.put(conn, KEEP_DAILY_KEY, keep_daily)
    settings_db.put(conn, KEEP_WEEKLY_KEY, keep_weekly)


def _setting(conn: sqlite3.Connection, key: str, default: int) -> int:
    value = settings_db.get(conn, key, default)
    return value if isinstance(value, int) and value >= 0 else default


def auto_backups(folder: Path, stem: str) -> list[tuple[datetime, Path]]:
    """Automatic backups of the database named `stem`, newest first, with their local time."""
    found = []
    prefix = f"{stem}{_AUTO_MARK}"
    for path in folder.glob(f"{prefix}*.db") if folder.is_dir() else ():
        try:
            found.append((datetime.strptime(path.name[len(prefix):-3], _STAMP), path))
        except ValueError:
            continue  # not one of ours after all (a renamed copy): never removed
    return sorted(found, reverse=True)


def kept_by_rotation(moments: Iterable[datetime], *, keep_daily: int, keep_weekly: int
                     ) -> set[datetime]:
    """Which backup times the rotation rule keeps (see the module docstring)."""
    ordered = sorted(set(moments), reverse=True)
    kept: set[datetime] = set()
    for period, limit in ((lambda m: m.date(), keep_daily),
                          (lambda m: m.isocalendar()[:2], keep_weekly)):
        last, taken = None, 0
        for moment in ordered:
            if taken >= limit:
                break
            if period(moment) != last:
                last = period(moment)
                if moment not in kept:
                    kept.add(moment)
                    taken += 1
    return kept


def rotate(folder: Path, stem: str, *, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Remove the automatic backups the rule does not keep; returns the removed ones."""
    backups = auto_backups(folder, stem)
    keep = kept_by_rotation([m for m, _ in backups], keep_daily=max(keep_daily, 1),
                            keep_weekly=keep_weekly)
    removed = [path for moment, path in backups if moment not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


# -- archives ----------------------------------------------------------------------------
def write_archive(conn: sqlite3.Connection, db_path: Path, target: Path, *,
                  clock: Clock = system_clock, progress: Progress | None = None) -> ArchiveInfo:
    """备份到…: the database and its media folder in one zip at `target` with a manifest.

    Written to a temporary file beside `target` and moved into place at the end, so a
    cancelled or failed backup never leaves a half archive under the chosen name."""
    target = Path(target)
    media = paths.media_dir(db_path)
    media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
    counts = backup_db.counts(conn)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".siyu-backup-") as work:
            snapshot = Path(work) / DB_MEMBER
            backup_db.snapshot(conn, snapshot, _reporter(progress, 0.5))
            files: dict[str, str] = {}
            sources = [(DB_MEMBER, snapshot)] + [
                (MEDIA_PREFIX + p.relative_to(media).as_posix(), p) for p in media_files]
            with zipfile.ZipFile(partial, "w") as archive:
                for index, (name, source) in enumerate(sources):
                    files[name] = _add_file(archive, name, source, progress)
                    if progress:
                        progress.report(50 + 50 * (index + 1) // len(sources), 100)
                manifest = {"format": ARCHIVE_FORMAT, "format_version": 1,
                            "app_version": _app_version(),
                            "schema_version": migrations.schema_version(conn),
                            "created_at": timefmt.to_db(clock()), "counts": counts,
                            "encrypted": not backup_db.is_plain_sqlite(snapshot),
                            "files": files}
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        _durable_replace(partial, target)
    except OSError as exc:
        raise BackupError(f"无法写入备份文件“{target}”（{exc.strerror or exc}）。"
                          f"请确认文件夹可写、磁盘有足够空间后重试。") from exc
    finally:
        partial.unlink(missing_ok=True)
    return ArchiveInfo(target, clock(), counts, migrations.schema_version(conn), _app_version(),
                       len(media_files))


def _reporter(progress: Progress | None, share: float) -> Callable[[int, int], None] | None:
    """A snapshot's page progress as the first `share` of the operation, with Cancel."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        if progress.cancel_event.is_set():
            raise Cancelled()
        progress.report(int(100 * share * done / max(total, 1)), 100)
    return report


def _add_file(archive: zipfile.ZipFile, name: str, source: Path,
              progress: Progress | None) -> str:
    """Stream one file into the archive, stored as it is; returns its sha256.

    Not deflated: even at level 1 deflate ran at 27 MB/s on the 2-core machine (10 s for the
    279 MB database of 100,000 contacts, against the 5 s budget); images are compressed
    already. The archive is as big as the database plus its images."""
    info = zipfile.ZipInfo(name, datetime.fromtimestamp(source.stat().st_mtime).timetuple()[:6])
    digest = hashlib.sha256()
    with source.open("rb") as src, archive.open(info, "w", force_zip64=True) as out:
        while chunk := src.read(_CHUNK):
            if progress and progress.cancel_event.is_set():
                raise Cancelled()
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def verify_archive(path: Path) -> ArchiveInfo:
    """Check an archive completely (manifest, every checksum, the database itself) without
    changing anything. Raises BackupError saying what is wrong with it."""
    with tempfile.TemporaryDirectory(prefix="siyu-verify-") as work:
        return _verified(Path(path), Path(work))


def _verified(path: Path, work: Path) -> ArchiveInfo:
    """verify_archive, leaving the checked database at work/database.db and the media files
    under work/media/."""
    foreign = (f"文件“{path}”不是私域工作台的备份文件（请选择用“备份到…”保存的 "
               f"{ARCHIVE_SUFFIX} 文件）。没有做任何改动。")
    damaged = f"备份文件“{path}”已损坏或不完整"
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件“{path}”。") from exc
    except (zipfile.BadZipFile, IsADirectoryError) as exc:
        raise BackupError(foreign) from exc
    except OSError as exc:
        raise BackupError(f"无法读取备份文件“{path}”（{exc.strerror or exc}）。") from exc
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
            raise BackupError(foreign) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(foreign)
        schema = manifest.get("schema_version")
        if not isinstance(schema, int) or schema > migrations.LATEST_VERSION:
            raise BackupError(
                f"备份文件“{path}”来自更新版本的私域工作台（数据结构版本 {schema}，本程序最高支持 "
                f"{migrations.LATEST_VERSION}）。请先升级私域工作台再恢复。没有做任何改动。")
        files = manifest.get("files") or {}
        if DB_MEMBER not in files or not all(_safe_member(n) for n in files):
            raise BackupError(f"{damaged}：缺少数据库或含有不安全的文件名。没有做任何改动。")
        for name, expected in files.items():
            try:
                actual = _extract(archive, name, work / name)
            except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BackupError(f"{damaged}：读不出其中的“{name}”。没有做任何改动。") from exc
            if actual != expected:
                raise BackupError(f"{damaged}：“{name}”的校验值不符（文件被改动或传输中损坏）。"
                                  f"没有做任何改动。")
    database = work / DB_MEMBER
    if backup_db.is_plain_sqlite(database):  # an encrypted one is vouched for by its checksum
        problems, version = backup_db.check_file(database)
        if problems or version != schema:
            raise BackupError(f"{damaged}：其中的数据库没有通过完整性检查。没有做任何改动。")
    elif not manifest.get("encrypted"):
        raise BackupError(f"{damaged}：其中的数据库不是 SQLite 文件。没有做任何改动。")
    try:
        created = timefmt.from_db(str(manifest["created_at"]))
        counts = {k: int(manifest["counts"][k]) for k in COUNT_LABELS}
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{damaged}：说明文件 manifest.json 不完整。没有做任何改动。") from exc
    return ArchiveInfo(path, created, counts, schema, str(manifest.get("app_version", "")),
                       sum(1 for n in files if n.startswith(MEDIA_PREFIX)))


def _safe_member(name: str) -> bool:
    """Only our two kinds of member, never a path that climbs out of the folder."""
    parts = name.split("/")
    return (name == DB_MEMBER or name.startswith(MEDIA_PREFIX)) and not any(
        p in ("", ".", "..") or "\\" in p or ":" in p for p in parts)


def _extract(archive: zipfile.ZipFile, name: str, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with archive.open(name) as src, target.open("wb") as out:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


# -- restore -----------------------------------------------------------------------------
def restore_archive(db_path: Path, archive: Path, *, clock: Clock = system_clock
                    ) -> RestoreResult:
    """从备份恢复: verify `archive`, keep the current database (and media) as a backup, swap
    in the archive's. The database must be closed (its lock is taken here)."""
    db_path = Path(db_path).absolute()
    with _database_lock(db_path), tempfile.TemporaryDirectory(
            dir=db_path.parent, prefix=f".{db_path.name}.restoring-") as work:
        info = _verified(Path(archive), Path(work))
        kept = _keep_current(db_path, clock)
        _swap_in(db_path, Path(work) / DB_MEMBER)
        _swap_media(db_path, Path(work) / MEDIA_PREFIX, clock)
    return RestoreResult(info, kept)


def restore_latest(db_path: Path, *, clock: Clock = system_clock) -> RestoreResult:
    """Replace a (damaged) database with the newest automatic or pre-upgrade backup that
    passes its integrity check. Media are left as they are: those backups hold none."""
    db_path = Path(db_path).absolute()
    with _database_lock(db_path):
        source = newest_good_backup(db_path)
        if source is None:
            raise BackupError(f"在“{paths.backups_dir(db_path)}”里没有找到完好的备份，"
                              f"无法自动恢复。没有做任何改动。")
        with tempfile.TemporaryDirectory(dir=db_path.parent,
                                         prefix=f".{db_path.name}.restoring-") as work:
            copy = Path(work) / DB_MEMBER
            shutil.copyfile(source, copy)  # a closed backup file, not a live database
            kept = _keep_current(db_path, clock)
            _swap_in(db_path, copy)
    return RestoreResult(None, kept)


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest single-file backup of this database whose integrity check passes and whose
    schema this build can open."""
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return None
    candidates = sorted((p for p in folder.glob(f"{db_path.stem}*") if p.is_file()),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        if not backup_db.is_plain_sqlite(candidate):
            continue
        problems, version = backup_db.check_file(candidate)
        if not problems and 0 < version <= migrations.LATEST_VERSION:
            return candidate
    return None


class _database_lock:
    """The lock open_workspace takes (`<db>.lock`): nobody opens the file while it is swapped."""

    def __init__(self, db_path: Path) -> None:
        self._lock = FileLock(str(db_path) + ".lock")
        self._path = db_path

    def __enter__(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            raise BackupError(f"数据库“{self._path}”正在被私域工作台使用。请先关闭窗口再恢复。"
                              ) from exc

    def __exit__(self, *_exc: object) -> None:
        self._lock.release()


def _keep_current(db_path: Path, clock: Clock) -> Path:
    """Keep the database as it is now in the backups folder before it is replaced.

    A sound plain database is copied by the backup API into one file; one that cannot be read
    that way (damaged, or encrypted without its key here) is copied byte for byte with its
    -wal into a folder of its own — safe, as the lock is held and nothing has it open."""
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock().astimezone().strftime(_STAMP)
    if backup_db.is_plain_sqlite(db_path):
        target = _unused(folder / f"{db_path.stem}.before-restore-{stamp}.db")
        source = sqlite3.connect(db_path)
        try:
            if not quick_check(source):
                _write_snapshot(source, target)
                return target
        except sqlite3.DatabaseError:
            pass
        finally:
            source.close()
    keep = _kept_folder(db_path, clock)
    for suffix in ("", "-wal"):
        original = Path(str(db_path) + suffix)
        if original.exists():
            shutil.copy2(original, keep / original.name)
    return keep


def _kept_folder(db_path: Path, clock: Clock) -> Path:
    """backups/before-restore-<stamp>/ for what is kept as it was. Its name does not start with
    the database's, so it is never taken for a single-file backup (corrupt_message)."""
    stamp = clock().astimezone().strftime(_STAMP)
    folder = paths.backups_dir(db_path) / f"before-restore-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _unused(path: Path) -> Path:
    """`path`, or with -2, -3… before the suffix if a file of that name exists already."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _swap_in(db_path: Path, new_file: Path) -> None:
    """Put `new_file` (in the same folder) in place of the database, durably. Its old -wal and
    -shm go first: left behind they would be replayed into the restored file."""
    _fsync(new_file)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(new_file, db_path)
    _fsync_folder(db_path.parent)


def _swap_media(db_path: Path, restored: Path, clock: Clock) -> None:
    """The archive's images replace the media folder; the old folder is kept (moved, not
    copied: same disk) under backups/before-restore-<stamp>/."""
    media = paths.media_dir(db_path)
    if media.exists():
        shutil.move(str(media), str(_unused(_kept_folder(db_path, clock) / media.name)))
    if restored.is_dir():
        shutil.move(str(restored), str(media))


def _write_snapshot(conn: sqlite3.Connection, target: Path) -> None:
    """A snapshot written beside `target` and moved into place once complete and on disk, so
    `target` is never a half-written file (the newest backup is what a damaged start offers)."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        backup_db.snapshot(conn, partial)
        _durable_replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _durable_replace(source: Path, target: Path) -> None:
    _fsync(source)
    os.replace(source, target)
    _fsync_folder(target.parent)


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX); Windows cannot open a folder for this."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

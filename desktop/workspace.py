"""Opening the operator's database safely, and running operations on it.

Opening, in this order, writing nothing until every check has passed:
file sanity (is it SQLite, writable) → single-instance lock → quick_check (or deferred, see
open_workspace) → schema version (refuse a database from a newer build) → backup → pending
migrations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from db import connection, migrations
from desktop import paths
from desktop.changes import OpResult
from desktop.errors import UserFacingError
from desktop.undo import UndoStack


class WorkspaceError(UserFacingError):
    """The database cannot be opened; `message` is for the operator (Chinese, names the file)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _newest_backup(db_path: Path) -> Path | None:
    folder = paths.backups_dir(db_path)
    candidates = sorted(folder.glob(f"{db_path.stem}*"), key=lambda p: p.stat().st_mtime) \
        if folder.is_dir() else []
    return candidates[-1] if candidates else None


def _message_for(error: connection.DatabaseOpenError) -> str:
    path = error.path
    if error.kind == "not_sqlite":
        return (f"文件“{path}”不是私域工作台的数据库（也不是 SQLite 数据库文件），"
                f"程序没有改动它。请检查 --db 指定的路径。")
    if error.kind == "not_ours":
        return (f"文件“{path}”是其他程序的 SQLite 数据库，不是私域工作台的数据库，程序没有改动它。"
                f"请用 --db 指定私域工作台的数据库文件，或一个新的文件名。")
    if error.kind == "read_only":
        return (f"数据库“{path}”或它所在的文件夹是只读的，无法保存修改。"
                f"请把它复制到可写的文件夹（例如“文档”），或修改文件权限后再打开。")
    if error.kind == "missing_folder":
        return f"找不到数据库所在的文件夹“{path.parent}”。请先创建该文件夹，或换一个路径。"
    if error.kind == "corrupt":
        return corrupt_message(path)
    if error.kind == "encrypted":
        return (f"数据库“{path}”已加密，需要密钥才能打开，但本机的系统钥匙串里没有它的密钥"
                f"（例如换了电脑）。请在私域工作台窗口中打开它，并输入启用加密时记下的恢复密码。")
    if error.kind == "wrong_key":
        return f"数据库“{path}”已加密，给出的密钥不属于它，程序没有改动它。"
    if error.kind == "no_cipher":
        return (f"数据库“{path}”已加密，但本机无法加载加密组件 sqlcipher3，因此打不开它。"
                f"请重新安装私域工作台。")
    return (f"数据库“{path}”正被其他程序占用（已锁定），暂时无法打开。"
            f"请关闭正在使用它的程序（例如数据库查看工具）后重试。")


def corrupt_message(path: Path) -> str:
    """What the operator reads about a damaged file: that nothing was changed, and the newest
    backup to restore from."""
    backup = _newest_backup(path)
    advice = (f"最近的备份是“{backup}”：请关闭程序，把损坏的文件移走，再用这个备份替换它。"
              if backup else "没有找到备份。请不要再写入这个文件，并联系技术支持协助恢复。")
    return f"数据库“{path}”已损坏，完整性检查没有通过，程序没有改动它。{advice}"


@dataclass
class Workspace:
    """An open database: the write connection (owned by one thread), the lock, the undo stack.

    `execute` runs an operation on the write connection and records its undo step; call it
    only on the thread that owns the connection (the UI's database thread; tests' main thread).
    """
    path: Path
    conn: sqlite3.Connection
    lock: FileLock
    migration_backup: Path | None = None
    key: bytes | None = field(default=None, repr=False)  # set when the file is encrypted
    undo_stack: UndoStack = field(default_factory=UndoStack)
    broken: str | None = None  # set when the deferred integrity check failed

    def verify_integrity(self) -> None:
        """PRAGMA quick_check on the write connection's thread. On failure every later
        operation is refused, so nothing is written into a damaged file."""
        if connection.quick_check(self.conn):
            self.broken = corrupt_message(self.path)
        if self.broken:
            raise WorkspaceError("corrupt", self.broken)

    def execute(self, operation: Callable[[sqlite3.Connection], OpResult]) -> OpResult:
        if self.broken:
            raise WorkspaceError("corrupt", self.broken)
        result = operation(self.conn)
        if result.is_undo_step:
            return result  # undo/redo moved the step between the stacks themselves
        if result.undo is not None:
            self.undo_stack.record(result)
        elif result.irreversible:
            self.undo_stack.clear()
        return result

    def undo(self) -> OpResult:
        return self.execute(self.undo_stack.undo)

    def redo(self) -> OpResult:
        return self.execute(self.undo_stack.redo)

    def open_reader(self) -> sqlite3.Connection:
        """A read-only connection for the UI thread; WAL lets it read while the writer writes."""
        return connection.connect(self.path, read_only=True, key=self.key)

    def close(self) -> None:
        try:
            connection.close(self.conn)
        finally:
            self.lock.release()


def open_workspace(path: Path, *, check_same_thread: bool = True,
                   defer_integrity_check: bool = False, key: bytes | None = None) -> Workspace:
    """Open (creating if new) the database at `path`. Raises WorkspaceError with a message.

    quick_check reads the whole file (1.3 s at 100,000 contacts). With `defer_integrity_check`
    the window may open first and call `verify_integrity` on the database thread — unless a
    migration is about to write, which must never happen on a damaged file.
    An encrypted file is opened with `key`, or else with the key the keyring holds for it.
    """
    path = Path(path).expanduser().absolute()
    if path == paths.default_db_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    if key is None and connection.is_encrypted(path):
        from desktop import encryption  # keyring is imported only for encrypted files
        key = encryption.stored_key(path)
    try:
        connection.check_file(path, key=key)
    except connection.DatabaseOpenError as exc:
        raise WorkspaceError(exc.kind, _message_for(exc)) from exc

    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise WorkspaceError(
            "already_running",
            f"私域工作台已经打开了数据库“{path}”。同一个数据库一次只能在一个窗口中使用。") from exc
    except OSError as exc:
        raise WorkspaceError("read_only", _message_for(
            connection.DatabaseOpenError("read_only", path, str(exc)))) from exc

    try:
        try:
            conn = connection.connect(path, check_same_thread=check_same_thread, key=key)
        except connection.DatabaseOpenError as exc:
            raise WorkspaceError(exc.kind, _message_for(exc)) from exc
        try:
            _check_before_writing(conn, path, full_check=not defer_integrity_check)
            backup = _migrate(conn, path)
        except BaseException:
            conn.close()
            raise
    except BaseException:
        lock.release()
        raise
    return Workspace(path=path, conn=conn, lock=lock, migration_backup=backup, key=key)


def _check_before_writing(conn: sqlite3.Connection, path: Path, *, full_check: bool) -> None:
    """Refuse a damaged file before anything is written.

    The full quick_check may be left to the caller (see open_workspace), but never when a
    migration is about to write."""
    try:
        if (full_check or migrations.pending(conn)) and connection.quick_check(conn):
            raise WorkspaceError("corrupt", corrupt_message(path))
    except sqlite3.DatabaseError as exc:  # a damaged page met while reading the schema
        raise WorkspaceError("corrupt", corrupt_message(path)) from exc


def _migrate(conn: sqlite3.Connection, path: Path) -> Path | None:
    """Refuse a newer schema; back up an older one before upgrading it. Returns the backup."""
    version = migrations.schema_version(conn)
    if version > migrations.LATEST_VERSION:
        raise WorkspaceError(
            "too_new",
            f"数据库“{path}”来自更新版本的私域工作台（数据结构版本 {version}，"
            f"本程序最高支持 {migrations.LATEST_VERSION}）。程序没有改动它；请先升级私域工作台。")
    if not migrations.pending(conn):
        return None
    backup = None
    if version > 0:
        folder = paths.backups_dir(path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = folder / f"{path.stem}.v{version}-{stamp}.bak"
        connection.backup_to(conn, backup)  # never a file copy of a live database
    try:
        migrations.apply_pending(conn)
    except sqlite3.OperationalError as exc:  # e.g. a full disk; each step rolled back whole
        raise WorkspaceError("upgrade_failed", (
            f"数据库“{path}”升级到新版本时失败（{exc}），已回滚，数据没有改动。"
            + (f"升级前的备份在“{backup}”。" if backup else "")
            + "请确认磁盘有足够空间后重新打开。")) from exc
    return backup

"""The benchmark database: N contacts, 5N orders, 10N interactions, built once and cached.

Building 100k takes tens of seconds, so the result is kept in the cache folder (bench/.cache,
git-ignored; `--cache-dir` or SIYU_BENCH_CACHE elsewhere). The version in the file name is
DATASET_BASE plus a hash of the schema and generator sources, so an edited migration or
demo.py rebuilds the file instead of silently measuring a stale one; older files of the same
size are deleted then (263 MB each at 100k).

Jobs get a fresh copy per app process (`fresh_copy`): the app locks `<db>.lock` and may write,
and the cached file must stay as built. The cache is written with the WAL checkpointed away
(Workspace.close does a TRUNCATE checkpoint), so copying the .db alone is a complete database.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

DATASET_BASE = 1  # bump for a change of this file's parameters
REPO = Path(__file__).resolve().parent.parent
GENERATOR_SOURCES = ("db/migrations/*.sql", "desktop/demo*.py", "resources/demo/*.json",
                     "desktop/pinyin_keys.py", "db/bulk.py")
SEED = 20261123
# A fixed clock makes the file identical on every machine and every day it is rebuilt.
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ORDERS_PER_CONTACT = 5
INTERACTIONS_PER_CONTACT = 10


def default_cache_dir() -> Path:
    env = os.environ.get("SIYU_BENCH_CACHE")
    return Path(env) if env else Path(__file__).resolve().parent / ".cache"


def dataset_version() -> str:
    digest = hashlib.sha1()
    for pattern in GENERATOR_SOURCES:
        for source in sorted(REPO.glob(pattern)):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return f"{DATASET_BASE}-{digest.hexdigest()[:10]}"


def dataset_path(n: int, cache_dir: Path) -> Path:
    """The cached database for N contacts, built now if missing."""
    path = cache_dir / f"contacts-{n}-v{dataset_version()}.db"
    if not path.exists():
        build(n, path)
        for stale in cache_dir.glob(f"contacts-{n}-v*.db"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return path


def build(n: int, path: Path) -> None:
    # Imported here: the bench process never needs the app's data layer unless it builds.
    from desktop.demo import fill_demo
    from desktop.workspace import open_workspace

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".building-{os.getpid()}")
    started = time.perf_counter()
    workspace = open_workspace(partial)
    try:
        summary = fill_demo(workspace.conn, size=n, seed=SEED, now=NOW,
                            orders_per_contact=ORDERS_PER_CONTACT,
                            interactions_per_contact=INTERACTIONS_PER_CONTACT,
                            recompute=False)  # the recompute job times the first one
    finally:
        workspace.close()
    for leftover in (Path(str(partial) + suffix) for suffix in ("-wal", "-shm", ".lock")):
        leftover.unlink(missing_ok=True)
    os.replace(partial, path)  # atomic: a half-built file is never taken for a cached one
    print(f"bench: built {path.name} ({summary.contacts} contacts, {summary.orders} orders, "
          f"{summary.interactions} interactions, {path.stat().st_size / 2**20:.0f} MB) in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


def fresh_copy(source: Path, folder: Path, name: str = "siyu.db") -> Path:
    """A private copy for one app process; only the .db file, which is complete on its own."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    return target

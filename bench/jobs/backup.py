"""backup: 备份到… of the N-contact dataset with a media folder of a few images → one archive.

The time covers `write_archive(conn, db, target)` as the File menu runs it: the online-backup
snapshot, the zip (database deflated at level 1, images stored), the sha256 of every file and
the manifest, written beside the target and moved into place. The media folder holds
IMAGES photos of IMAGE_KB each (random bytes: incompressible, like JPEGs). Not timed: the
interpreter, imports, opening the database, making the images. Baseline, in alternating
processes: a plain `sqlite3` `Connection.backup()` of the same database to a file — no zip,
no media, no checksums.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from bench.result import Result, Target

TARGET = Target("median_s", 5)
IMAGES = 6
IMAGE_KB = 800


def run(ctx) -> Result:
    ctx.child("bench.jobs.backup:child_archive", with_db=True)  # untimed warm-up
    ours, rss, theirs, base_rss = [], [], [], []
    for _ in range(ctx.repeat):
        app = ctx.child("bench.jobs.backup:child_archive", with_db=True)
        ours.append(app.result["seconds"])
        rss.append(app.result["peak_rss_mb"])
        bare = ctx.child("bench.jobs.backup:child_baseline", with_db=True)
        theirs.append(bare.result["seconds"])
        base_rss.append(bare.result["peak_rss_mb"])
    return Result("backup", ctx.n, ours, max(rss), TARGET,
                  baseline="sqlite3 Connection.backup() to a file (no zip, media, checksums)",
                  baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss),
                  extra={"contacts": app.result["contacts"], "media_files": IMAGES,
                         "database_mb": app.result["database_mb"],
                         "archive_mb": app.result["archive_mb"]})


def child_archive(db: str) -> dict:
    from bench import probes
    from desktop import paths
    from desktop.backup import write_archive
    from desktop.workspace import open_workspace

    db_path = Path(db)
    media = paths.media_dir(db_path)
    media.mkdir(exist_ok=True)
    for i in range(IMAGES):
        (media / f"photo{i}.jpg").write_bytes(os.urandom(IMAGE_KB * 1024))
    target = db_path.with_name("bench.siyubak")
    workspace = open_workspace(db_path, defer_integrity_check=True)
    try:
        started = time.perf_counter()
        info = write_archive(workspace.conn, db_path, target)
        seconds = time.perf_counter() - started
    finally:
        workspace.close()
    if info.media_files != IMAGES:
        raise AssertionError(f"archived {info.media_files} images of {IMAGES}")
    return {"seconds": seconds, "contacts": info.counts["contacts"],
            "database_mb": db_path.stat().st_size / 2**20,
            "archive_mb": target.stat().st_size / 2**20, "peak_rss_mb": probes.peak_rss_mb()}


def child_baseline(db: str) -> dict:
    from bench import probes

    source = sqlite3.connect(db)
    target = Path(db).with_name("baseline.db")
    started = time.perf_counter()
    dest = sqlite3.connect(target)
    source.backup(dest)
    dest.close()
    seconds = time.perf_counter() - started
    source.close()
    return {"seconds": seconds, "peak_rss_mb": probes.peak_rss_mb()}

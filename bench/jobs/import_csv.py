"""import_csv: a WeCom-style contacts CSV of N rows → committed into a fresh database.

The time covers what the import wizard runs after the operator presses Import: `read_table`
(encoding and delimiter guessed), `recognise` and `import_contacts` (parse, dedupe, tags,
accounts, pinyin keys, insert, commit). Not timed: the interpreter, module imports and creating
the empty database. Two files (bench/import_files.py): UTF-8 with BOM is the main figure, GB18030
(what Excel on Chinese Windows saves) goes to `extra`. Baseline, in alternating processes:
`pandas.read_csv(engine="pyarrow")` of the same file + one `executemany` of all rows into a
bare table of as many text columns in a fresh SQLite file (WAL, synchronous=NORMAL, as the app),
committed. The import's counts are checked against what the file was made to contain.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench import import_files
from bench.result import Result, Target

TARGET = Target("median_s", 10, goal=3)
RSS_LIMIT_MB = 400  # the second limit, on the peak RSS of the importing process
# variant → the encoding the baseline is told (ours guesses it, as the wizard does)
ENCODINGS = {"utf8bom": "utf-8", "gb18030": "gb18030"}
BASELINE = "pandas read_csv (pyarrow) + executemany + commit"


def run(ctx) -> Result:
    files = {v: str(import_files.input_path(ctx.n, v, ctx.cache_dir)) for v in ENCODINGS}
    # Untimed warm-up of both: bytecode caches written, files and libraries in the page cache.
    ctx.child("bench.jobs.import_csv:child_import", path=files["utf8bom"])
    ctx.child("bench.jobs.import_csv:child_baseline", path=files["utf8bom"],
              encoding=ENCODINGS["utf8bom"])
    runs = {v: ([], [], [], []) for v in ENCODINGS}  # ours, rss, theirs, baseline rss
    for _ in range(ctx.repeat):
        for variant, encoding in ENCODINGS.items():
            ours, rss, theirs, base_rss = runs[variant]
            app = ctx.child("bench.jobs.import_csv:child_import", path=files[variant])
            check_counts(app.result["report"], ctx.n, variant)
            ours.append(app.result["seconds"])
            rss.append(app.result["peak_rss_mb"])
            bare = ctx.child("bench.jobs.import_csv:child_baseline", path=files[variant],
                             encoding=encoding)
            theirs.append(bare.result["seconds"])
            base_rss.append(bare.result["peak_rss_mb"])
    main, gb = (Result("import_csv", ctx.n, ours, max(rss), TARGET, baseline=BASELINE,
                       baseline_samples=theirs, baseline_peak_rss_mb=max(base_rss))
                for ours, rss, theirs, base_rss in runs.values())
    peak = max(main.peak_rss_mb, gb.peak_rss_mb)
    main.extra = {"gb18030": {key: gb.as_dict()[key] for key in
                              ("median_s", "p95_s", "peak_rss_mb", "baseline_median_s", "ratio")},
                  "rss_target": {"max": RSS_LIMIT_MB, "peak_rss_mb": peak,
                                 "passed": peak <= RSS_LIMIT_MB},
                  "report": import_files.plan(ctx.n)}  # what every run reported (checked)
    return main


def check_counts(report: dict, n: int, variant: str) -> None:
    """Fail loudly when the import did not create, fold and reject what the file holds: a
    faster import that drops rows or stops deduplicating must not look like a win."""
    expected = import_files.plan(n)
    if report != expected:
        raise AssertionError(f"{variant}: the import reported {report}, the file holds {expected}")


def child_import(path: str) -> dict:
    """In the child: import `path` into an empty migrated database, as the wizard would."""
    from bench import probes
    from desktop.importing.contacts_import import import_contacts
    from desktop.importing.fields import recognise
    from desktop.importing.reader import read_table
    from desktop.workspace import open_workspace

    with tempfile.TemporaryDirectory(prefix="siyu-bench-import-") as folder:
        workspace = open_workspace(Path(folder) / "siyu.db")
        try:
            started = time.perf_counter()
            table = read_table(Path(path))
            mapping = recognise(table.headers, "contacts")
            report = import_contacts(workspace.conn, table=table, mapping=mapping,
                                     file_name=Path(path).name).value
            seconds = time.perf_counter() - started
            peak = probes.peak_rss_mb()
        finally:
            workspace.close()
    if len(mapping) != len(import_files.HEADERS):  # an unmapped column is work not measured
        raise AssertionError(f"columns not recognised: {table.headers} → {mapping}")
    return {"seconds": seconds, "peak_rss_mb": peak,
            "report": {"rows": report.rows, "created": report.created, "folded": report.folded,
                       "rejected": report.rejected_rows}}


def child_baseline(path: str, encoding: str) -> dict:
    """In the child: the fastest plain route from the same file to committed rows."""
    import pandas

    from bench import probes

    with tempfile.TemporaryDirectory(prefix="siyu-bench-baseline-") as folder:
        conn = sqlite3.connect(Path(folder) / "baseline.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        width = len(import_files.HEADERS)
        conn.execute(f"CREATE TABLE rows ({', '.join(f'c{i} TEXT' for i in range(width))})")
        started = time.perf_counter()
        frame = pandas.read_csv(path, dtype=str, engine="pyarrow", encoding=encoding)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' * width)})",
                         zip(*(frame[column].tolist() for column in frame.columns), strict=True))
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.close()
    return {"seconds": seconds, "peak_rss_mb": probes.peak_rss_mb()}

"""Every job by name. Adding a job = a module in bench/jobs with `run(ctx)` + one line here.

Modules are named, not imported, so `python -m bench start` loads only the start job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

JOBS: dict[str, str] = {
    "start": "bench.jobs.start",
    "scroll": "bench.jobs.scroll",
    "memory": "bench.jobs.memory",
    "import_csv": "bench.jobs.import_csv",
    "import_xlsx": "bench.jobs.import_xlsx",
    "export_csv": "bench.jobs.export_csv",
    "bulk_tag": "bench.jobs.bulk_tag",
    "search": "bench.jobs.search",
    "filter": "bench.jobs.filter",
    "recompute": "bench.jobs.recompute",
    "sop_run": "bench.jobs.sop_run",
    "open_encrypted": "bench.jobs.open_encrypted",
    "backup": "bench.jobs.backup",
    "dashboard": "bench.jobs.dashboard",
    "briefing": "bench.jobs.briefing",
    "import_snapshot": "bench.jobs.import_snapshot",
}


def job(name: str) -> Callable:
    return importlib.import_module(JOBS[name]).run

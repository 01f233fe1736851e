"""What a job gets from the runner: the size, the repeat count, the dataset and child processes.

Every measured process is a child: the parent stays free of Qt and of the app's imports, so one
job cannot warm up or bloat the next, and start-up is measured as a user would feel it.
A child runs `python -m bench.child module:function '<json kwargs>'` in its own temporary folder
(its own database copy and its own XDG_DATA_HOME, so the app's settings start from defaults).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import dataset
from bench.child import RESULT_MARK

REPO = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 1800


class ChildFailed(RuntimeError):
    pass


@dataclass
class ChildRun:
    t_spawn: float      # parent's time.time() just before the process was created
    result: dict        # what the child function returned

    def since_spawn(self, key: str) -> float:
        """Seconds from spawn to a time.time() stamp the child recorded."""
        return self.result[key] - self.t_spawn


@dataclass
class Context:
    n: int
    repeat: int
    cache_dir: Path
    _dataset: Path | None = field(default=None, repr=False)

    @property
    def dataset(self) -> Path:
        """The cached database for `n` contacts (built on first use; never write to it)."""
        if self._dataset is None:
            self._dataset = dataset.dataset_path(self.n, self.cache_dir)
        return self._dataset

    def child(self, target: str, *, with_db: bool = False, **kwargs) -> ChildRun:
        """Run `target` ("module:function") in a fresh process and return what it reported.

        with_db: pass a private copy of the dataset as the `db` keyword argument.
        """
        with tempfile.TemporaryDirectory(prefix="siyu-bench-") as folder:
            folder = Path(folder)
            if with_db:
                kwargs["db"] = str(dataset.fresh_copy(self.dataset, folder))
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       XDG_DATA_HOME=str(folder / "xdg-data"), PYTHONIOENCODING="utf-8")
            # Bytecode cached as in an installed app, even where the shell disables it.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            command = [sys.executable, "-X", "faulthandler", "-m", "bench.child", target,
                       json.dumps(kwargs)]
            t_spawn = time.time()
            done = subprocess.run(command, env=env, cwd=REPO, capture_output=True,
                                  encoding="utf-8", errors="replace", timeout=CHILD_TIMEOUT_S)
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode != 0 or not lines:
            raise ChildFailed(f"{target} exited with {done.returncode}:\n"
                              f"{done.stderr[-3000:]}{done.stdout[-1000:]}")
        result = json.loads(lines[-1][len(RESULT_MARK):])
        return ChildRun(t_spawn, result)

"""`siyu --self-check` from source: every step passes on a temporary database and says so in one
line; a broken step is named with its error and the exit code is 1; the operator's data
folder is never touched. (`make test-dist` runs the same check in the built app.)"""

from __future__ import annotations

import io
import re

from desktop import cli, paths, self_check


def _run() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return self_check.run(out=out, err=err), out.getvalue(), err.getvalue()


def test_every_step_passes_with_one_line_each_and_leaves_the_data_folder_alone():
    before = sorted(paths.data_dir().rglob("*")) if paths.data_dir().exists() else []

    code, out, err = _run()

    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("私域工作台自检（源码")
    for name, _step in self_check.STEPS:
        assert any(re.fullmatch(rf"[✓–] {name}.*", line) for line in lines), (name, out)
    assert not any(line.startswith("✗") for line in lines)
    assert re.search(rf"✓ 演示数据 {self_check.DEMO_SIZE} 位客户.* \d+\.\d s$", out, re.M)
    assert "拒绝 2 行" in out            # the sample's two broken rows, reported not fatal
    assert "曾娜英" in out                # found by pinyin with its surname reading
    assert re.search(r"✓ 窗口 offscreen，\d+ 个页面，客户列表 \d+ 行，界面中文", out)
    assert lines[-1].startswith("自检通过")
    after = sorted(paths.data_dir().rglob("*")) if paths.data_dir().exists() else []
    assert after == before
    assert paths.data_dir is not None and paths.data_dir.__name__ == "data_dir"  # restored


def test_a_failing_step_is_named_with_its_error_and_ends_the_check(monkeypatch):
    real = paths.resource
    monkeypatch.setattr(paths, "resource", lambda *parts: real("samples", "missing.csv")
                        if parts == self_check.SAMPLE else real(*parts))

    code, out, err = _run()

    assert code == 1
    assert "✓ 演示数据" in out
    failed = [line for line in out.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and failed[0].startswith("✗ 导入样例：")
    assert "missing.csv" in failed[0]
    assert "Traceback" in err
    assert "✓ 搜索" not in out and "自检通过" not in out  # nothing after the failure


def test_the_command_line_runs_it(monkeypatch):
    monkeypatch.setattr(self_check, "run", lambda: 7)
    assert cli.main(["--self-check"]) == 7

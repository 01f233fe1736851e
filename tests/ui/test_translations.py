"""Every string the code marks for translation has a finished zh_CN translation, and the
compiled .qm that ships is up to date with the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop import paths

TS = paths.resource("i18n", "siyu_zh_CN.ts")
QM = paths.resource("i18n", "siyu_zh_CN.qm")
UI = Path(__file__).resolve().parents[2] / "ui"


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else shutil.which(name)


def messages(ts_path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts_path)
    return {(ctx.findtext("name"), m.findtext("source")): m.find("translation")
            for ctx in tree.iter("context") for m in ctx.iter("message")}


def test_every_code_string_is_translated(tmp_path):
    extracted = tmp_path / "from_code.ts"
    subprocess.run([_tool("pyside6-lupdate"), *map(str, sorted(UI.glob("*.py"))), "-ts",
                    str(extracted), "-locations", "none"], check=True, capture_output=True)
    in_code = set(messages(extracted))
    assert in_code, "lupdate found no strings: is the code still using tr()?"
    shipped = messages(TS)
    missing = sorted(in_code - set(shipped))
    assert not missing, f"run `make translations` and translate: {missing[:10]}"
    unfinished = sorted(key for key in in_code
                        if shipped[key].get("type") == "unfinished" or not shipped[key].text)
    assert not unfinished, f"untranslated in {TS.name}: {unfinished[:10]}"


def test_compiled_translation_matches_the_source(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(fresh)], check=True,
                   capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run `make translations` to rebuild the .qm"


def test_no_tr_call_hides_inside_an_f_string():
    """lupdate does not look inside f-strings: a tr() there stays English on a Chinese screen."""
    import re
    import tokenize

    hidden = []
    for path in sorted(UI.glob("*.py")):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if (token.type == tokenize.STRING and re.match(r"[rRbB]*[fF]", token.string)
                        and re.search(r"\btr\(", token.string)):
                    hidden.append(f"{path.name}:{token.start[0]}")
    assert hidden == []

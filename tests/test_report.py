"""``synthcode report`` on result files shaped as ``synthcode eval`` writes them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from synthcode.cli import main
from synthcode.evaluation.run import result_name

pytest.importorskip("matplotlib")


def write_result(root: Path, model: str, mix: str, stage: str, step: int, groups: dict, parameters: int) -> None:
    info = {"model": model, "mix": mix, "stage": stage, "step": step, "tokens": step * 1000, "parameters": parameters}
    result = {**info, "groups": groups, "code": {"humaneval": {"pass@1": groups["code"], "passed": 1, "n": 10}},
              "lm_eval": {"tasks": {"boolq": {"group": "reasoning", "metric": "acc,none",
                                              "value": groups["reasoning"]}}}}
    (root / f"{result_name(info)}.json").write_text(json.dumps(result))


@pytest.fixture
def results(tmp_path) -> Path:
    root = tmp_path / "results"
    root.mkdir()
    for model, size in (("tiny", 1), ("470m", 470)):
        for mix, code in (("text-only", 0.10), ("code-25", 0.20)):
            write_result(root, model, mix, "continue", 50, {"code": code, "reasoning": 0.5, "knowledge": 0.2}, size)
            write_result(root, model, mix, "continue", 10, {"code": 0.01, "reasoning": 0.1, "knowledge": 0.1}, size)
            cooled = {"code": code * 1.5, "reasoning": 0.55, "knowledge": 0.2}
            write_result(root, model, mix, "cooldown", 60, cooled, size)
    (root / "notes.json").write_text('{"unrelated": true}')
    return root


def test_report_writes_table_and_plots(results, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", str(results), "--out", str(out), "--baseline", "text-only"]) == 0
    for name in ("table.md", "table.csv", "benchmarks.csv", "relative_change.png", "cooldown.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "relative_change.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.DictReader((out / "table.csv").open()))
    assert [r["model"] for r in rows][:1] == ["tiny"] and len(rows) == 8   # latest step per stage only
    code = next(r for r in rows if r["model"] == "470m" and r["mix"] == "code-25" and r["stage"] == "cooldown")
    assert float(code["code vs text-only"]) == pytest.approx(100.0)
    assert float(code["step"]) == 60
    table = (out / "table.md").read_text()
    assert "+100.0%" in table and "| 470m | code-25 | continue | 50 |" in table
    assert len(list(csv.DictReader((out / "benchmarks.csv").open()))) == 12


def test_unknown_baseline_is_a_one_line_error(results, tmp_path, capsys):
    assert main(["report", str(results), "--out", str(tmp_path / "r"), "--baseline", "text"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 'text-only'" in err[0]
    assert main(["report", str(tmp_path / "missing"), "--out", str(tmp_path / "r")]) == 2

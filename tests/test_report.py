"""``synthcode report`` on result files shaped as ``synthcode eval`` writes them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from synthcode.cli import main
from synthcode.evaluation.run import result_name

pytest.importorskip("matplotlib")


def write_result(root: Path, model: str, mix: str, stage: str, step: int, groups: dict, parameters: int,
                 mix_preset: str | None = None) -> None:
    info = {"model": model, "mix": mix, "mix_preset": mix_preset, "stage": stage, "step": step, "tokens": step * 1000,
            "parameters": parameters}
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


@pytest.mark.slow
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


def test_changes_that_cannot_be_computed_read_n_a_with_the_reason(tmp_path):
    root = tmp_path / "results"
    root.mkdir()
    write_result(root, "tiny", "text-only", "pretrain", 10, {"code": 0.0, "reasoning": 0.5, "knowledge": 0.2}, 1)
    write_result(root, "tiny", "code-25", "pretrain", 10, {"code": 0.1, "reasoning": 0.6, "knowledge": 0.3}, 1)
    write_result(root, "tiny", "code-25", "continue", 20, {"code": 0.2, "reasoning": 0.6, "knowledge": 0.3}, 1)
    out = tmp_path / "report"
    assert main(["report", str(root), "--out", str(out)]) == 0
    table = (out / "table.md").read_text()
    footnotes = dict(line.split(" n/a: ", 1) for line in table.splitlines() if line.startswith("["))
    rows = {tuple(c.strip() for c in line.split("|")[2:4]): [c.strip() for c in line.split("|")[1:-1]]
            for line in table.splitlines() if line.startswith("| tiny")}
    pretrain = rows[("code-25", "pretrain")]
    assert pretrain[-3:-1] == [pretrain[-3], "+20.0%"] and pretrain[-3].startswith("n/a [")
    assert "scores 0" in footnotes[pretrain[-3].removeprefix("n/a ")]
    continued = rows[("code-25", "continue")]
    assert all(c.startswith("n/a [") for c in continued[-3:])
    assert footnotes[continued[-1].removeprefix("n/a ")] == "no text-only result for tiny at stage continue"
    assert "" not in [c for row in rows.values() for c in row]
    csv_rows = {(r["mix"], r["stage"]): r for r in csv.DictReader((out / "table.csv").open())}
    assert csv_rows[("code-25", "pretrain")]["code vs text-only"] == "n/a"
    assert "code: the text-only result scores 0" in csv_rows[("code-25", "pretrain")]["notes"]
    assert not (out / "cooldown.png").exists()
    assert "cooldown.png not written: no result is from a cooldown stage (stages: pretrain, continue)." in table


def test_cooldown_without_an_earlier_stage_says_why_no_plot(tmp_path):
    root = tmp_path / "results"
    root.mkdir()
    for mix in ("text-only", "code-25"):
        write_result(root, "tiny", mix, "cooldown", 30, {"code": 0.1, "reasoning": 0.5, "knowledge": 0.2}, 1)
    out = tmp_path / "report"
    assert main(["report", str(root), "--out", str(out)]) == 0
    assert not (out / "cooldown.png").exists()
    assert "cooldown.png not written: the cooldown results (tiny code-25, tiny text-only) have no result from " \
           "an earlier stage" in (out / "table.md").read_text()


def test_baseline_may_be_the_preset_a_mix_was_built_from(tmp_path, capsys):
    root = tmp_path / "results"
    root.mkdir()
    for mix, preset, code in (("mix-7f3a", "text-only", 0.1), ("mix-91bc", "code-25", 0.2)):
        write_result(root, "tiny", mix, "pretrain", 10, {"code": code, "reasoning": 0.5, "knowledge": 0.2}, 1,
                     mix_preset=preset)
    (root / "tiny__mix-91bc__pretrain__step-20.partial.json").write_text(json.dumps(
        {"model": "tiny", "mix": "mix-91bc", "stage": "pretrain", "step": 20, "groups": {"code": 0.9}}))
    out = tmp_path / "report"
    assert main(["report", str(root), "--out", str(out), "--baseline", "text-only"]) == 0
    rows = {r["mix"]: r for r in csv.DictReader((out / "table.csv").open())}
    assert rows["mix-91bc"]["preset"] == "code-25" and rows["mix-91bc"]["step"] == "10"   # partial skipped
    assert float(rows["mix-91bc"]["code vs text-only"]) == pytest.approx(100.0)
    assert "Skipped 1 unfinished evaluation(s)" in (out / "table.md").read_text()
    assert main(["report", str(root), "--out", str(out), "--baseline", "mix-7f3a"]) == 0   # the directory name
    assert main(["report", str(root), "--out", str(out), "--baseline", "text-onyl"]) == 2
    assert "did you mean 'text-only'" in capsys.readouterr().err


def test_a_preset_naming_two_mixes_of_one_model_is_ambiguous(tmp_path, capsys):
    root = tmp_path / "results"
    root.mkdir()
    for mix in ("mix-a", "mix-b"):
        write_result(root, "tiny", mix, "pretrain", 10, {"code": 0.1, "reasoning": 0.5, "knowledge": 0.2}, 1,
                     mix_preset="text-only")
    assert main(["report", str(root), "--out", str(tmp_path / "r"), "--baseline", "text-only"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "several mixes built from that preset (mix-a, mix-b)" in err[0]

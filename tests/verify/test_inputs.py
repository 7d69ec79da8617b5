from __future__ import annotations

import json

import pytest

from synthcode.analysis import AnalysisError, analyze
from synthcode.errors import InputError
from synthcode.verify.inputs import load_samples
from synthcode.sample import Level, Sample, StageResult, Status


def test_tests_are_parameterless_top_level_test_functions():
    info = analyze(
        "def test_a():\n    pass\n"
        "def test_duplicate(xs):\n    return xs\n"
        "async def test_async():\n    pass\n"
        "class TestX:\n    def test_method(self):\n        pass\n"
        "def helper():\n    def test_inner():\n        pass\n"
        "def test_b(*args):\n    pass\n"
        "def test_a():\n    assert True\n"
    )
    assert info.tests == ["test_a"]
    assert info.functions == ["test_duplicate", "helper", "test_b"]
    assert "test_async" in info.skipped_tests and "test_duplicate" in info.skipped_tests


@pytest.mark.parametrize("code, message", [
    ("", "empty"), ("def (:", "syntax error"), ("x = '\0'", "syntax error"),
])
def test_analysis_errors(code, message):
    with pytest.raises(AnalysisError, match=message):
        analyze(code)


def test_jsonl_fields(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": 7, "code": "x", "reference": "y", "entry_point": "f", "topic": "t"})
                    + "\n\n" + json.dumps({"code": "z"}) + "\n")
    first, second = load_samples(path)
    assert (first.id, first.code, first.reference, first.entry_point) == ("7", "x", "y", "f")
    assert first.metadata == {"topic": "t"} and first.origin == f"{path}:1"
    assert second.id == "batch-3"


def test_jsonl_wrong_types_become_unusable_samples_or_stop_a_strict_read(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"code": "x", "reference": 3}) + "\n[1, 2]\n" + json.dumps({"code": "y"}) + "\n")
    first, second, third = load_samples(path)
    assert first.unusable and second.unusable and not third.unusable
    assert (first.id, first.status) == ("b-1", "error")
    assert first.reason == f"input: {path}:1: field 'reference' must be a string"
    assert (second.id, second.origin) == ("b-2", f"{path}:2")
    assert second.reason == f"input: {path}:2: expected a JSON object, got list"
    assert third.code == "y" and third.stages == []
    with pytest.raises(InputError, match="'reference' must be a string"):
        list(load_samples(path, strict=True))


def test_an_unusable_sample_passes_through_the_verifier_untouched():
    from synthcode.verify.inputs import unusable
    from synthcode.verify import Verifier, VerifyConfig

    bad = unusable("x", "b.jsonl:1", "b.jsonl:1: not valid JSON")
    good = Sample(id="g", code="def test_a():\n    assert True\n")
    with Verifier(VerifyConfig(stages=["tests"], workers=1)) as verifier:
        done = {s.id: s for s in verifier.verify_many(iter([bad, good]))}
        assert verifier.verify(unusable("y", "f.py", "f.py: not valid UTF-8 (byte 0)")).reason == \
            "input: f.py: not valid UTF-8 (byte 0)"
    assert done["x"].result_dict()["stages"] == [{"stage": "input", "status": "error",
                                                  "detail": "b.jsonl:1: not valid JSON", "seconds": 0.0}]
    assert done["g"].status == "accepted"


def test_verdict_is_derived_from_stage_results():
    sample = Sample(id="s", code="")
    assert sample.status == "rejected" and "nothing to check" in sample.reason
    sample.stages = [StageResult("parse", Status.PASSED), StageResult("tests", Status.PASSED, level=Level.TESTED)]
    assert (sample.status, sample.level) == ("accepted", Level.TESTED)
    sample.stages.append(StageResult("symbolic", Status.TIMEOUT, "budget spent"))
    assert (sample.status, sample.level) == ("rejected", Level.REJECTED)
    assert sample.reason == "symbolic: budget spent"
    sample.stages[-1] = StageResult("symbolic", Status.ERROR, "crashed")
    assert sample.status == "error"
    sample.stages[-1] = StageResult("symbolic", Status.SKIPPED, "no contracts")
    assert sample.level is Level.TESTED


def test_stage_result_round_trip():
    result = StageResult("tests", Status.FAILED, "test_x failed", 0.5, test="test_x", assertion="assert f()",
                         tools={"python": "3.11"})
    assert StageResult.from_dict(result.to_dict()) == result
    assert Level.from_label("property-checked") is Level.PROPERTY_CHECKED
    with pytest.raises(ValueError, match="unknown level"):
        Level.from_label("certain")


def test_reason_line_adds_the_failing_assertion_on_one_short_line():
    sample = Sample(id="s", code="")
    sample.stages = [StageResult("parse", Status.PASSED),
                     StageResult("tests", Status.FAILED, "test_f failed: AssertionError", test="test_f",
                                 assertion="assert f(2) == 5")]
    assert sample.reason_line == "tests: test_f failed: AssertionError [assert f(2) == 5]"
    sample.stages[-1].assertion = "assert f(\n    2) == " + "5" * 1000
    line = sample.reason_line
    assert "\n" not in line and len(line) <= 400 and line.endswith("...]")
    sample.stages[-1].assertion = None
    assert sample.reason_line == sample.reason == "tests: test_f failed: AssertionError"


def test_a_file_that_cannot_be_read_is_an_unusable_sample_in_a_directory(tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "a.py").write_text("def test_a():\n    assert True\n")
    (tmp_path / "b.py").write_text("def test_b():\n    assert True\n")
    real = Path.read_bytes

    def read_bytes(path):  # as for a file of another user's, which root (running the tests) can read
        if path.name == "a.py":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    a, b = load_samples(tmp_path)
    assert (a.id, a.status) == ("a.py", "error")
    assert a.reason == f"input: {tmp_path / 'a.py'}: cannot read it: Permission denied"
    assert not b.unusable and b.code.startswith("def test_b")
    with pytest.raises(InputError, match="a.py: cannot read it: Permission denied"):
        list(load_samples(tmp_path, strict=True))

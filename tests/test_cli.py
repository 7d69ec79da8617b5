"""The `synthcode verify` command as a user runs it: exit codes, one-line answers, batches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fakes.cli import run_synthcode as synthcode

GOOD = '''
def add(a: int, b: int) -> int:
    return a + b

def test_duplicate(xs):  # takes a parameter, so it is a solution, not a test
    return len(set(xs)) != len(xs)

def test_add():
    assert add(2, 3) == 5
    assert test_duplicate([1, 1])
'''

BAD = '''
def add(a, b):
    return a - b

def test_add():
    assert add(2, 3) == 5, "add is wrong"
'''


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_accepted_file_exits_0_with_one_line(tmp_path):
    result = synthcode("verify", str(write(tmp_path / "good.py", GOOD)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("ACCEPTED (tested) good.py")


def test_rejected_file_names_the_test_and_assertion(tmp_path):
    result = synthcode("verify", str(write(tmp_path / "bad.py", BAD)))
    assert result.returncode == 1
    assert "test_add failed: AssertionError: add is wrong" in result.stdout
    assert 'assert add(2, 3) == 5, "add is wrong"' in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_json_verdict(tmp_path):
    result = synthcode("verify", "--json", str(write(tmp_path / "bad.py", BAD)))
    verdict = json.loads(result.stdout)
    assert result.returncode == 1
    assert verdict["status"] == "rejected" and verdict["level"] == "rejected"
    tests = next(s for s in verdict["stages"] if s["stage"] == "tests")
    assert tests["status"] == "failed" and tests["test"] == "test_add"
    assert tests["seconds"] > 0


@pytest.mark.parametrize("content, reason", [
    ("def f(:\n", "syntax error: line 1"),
    (b"\xff\xfe\x00def", "not valid UTF-8"),
    ("", "the module is empty"),
    ("   \n# only a comment\n", "the module is empty"),
    ("def f():\n    return 1\n", "nothing to check"),
    ("def test_takes(x):\n    assert x\n", "nothing to check"),
])
def test_unusable_files_exit_2_without_traceback(tmp_path, content, reason):
    result = synthcode("verify", str(write(tmp_path / "f.py", content)))
    assert result.returncode == 2
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, reason", [
    (["verify", "/no/such/file.py"], "does not exist"),
    (["verify", "{tmp}/data.txt"], "expected a .py file"),
    (["verify", "{tmp}/empty_dir"], "holds no .py files"),
    (["verify", "{tmp}/good.py", "--stages", "tets"], "Did you mean 'tests'"),
    (["verify", "{tmp}/good.py", "--sandbox", "dokcer"], "Did you mean 'docker'"),
    (["verify", "{tmp}/good.py", "--sandbox", "unsafe"], "--confirm-run-unsafe-code"),
    (["verify", "{tmp}/good.py", "--workers", "0"], "workers must be at least 1"),
    (["verify", "{tmp}/good.py", "--timeout", "-1"], "timeout must be positive"),
    (["verify", "{tmp}/bad.jsonl"], "not valid JSON"),
    (["verify", "{tmp}/nocode.jsonl"], "missing string field 'code'"),
    (["verify", "{tmp}/dup.jsonl"], "duplicate id 'x'"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, args, reason):
    write(tmp_path / "good.py", GOOD)
    write(tmp_path / "data.txt", "x")
    (tmp_path / "empty_dir").mkdir()
    write(tmp_path / "bad.jsonl", '{"code": "x"}\n{not json\n')
    write(tmp_path / "nocode.jsonl", '{"id": "a", "text": "x"}\n')
    write(tmp_path / "dup.jsonl", json.dumps({"id": "x", "code": GOOD}) + "\n" + json.dumps({"id": "x", "code": GOOD}) + "\n")
    result = synthcode(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2, result
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_a_subcommand_loads_only_its_own_module():
    probe = ("import sys; from synthcode.cli import build_parser; build_parser({argv!r}); "
             "print(sorted(m for m in ('synthcode.generate.cli', 'synthcode.mix.cli', 'synthcode.report') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe.format(argv=["-v", "verify", "x.py"])],
                            capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
    loaded = subprocess.run([sys.executable, "-c", probe.format(argv=["mix", "--help"])],
                            capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['synthcode.mix.cli']"


def test_a_mistyped_subcommand_lists_every_command():
    result = synthcode("verfy", "x.py")
    assert result.returncode == 2
    assert all(name in result.stderr for name in ("verify", "generate", "export", "mix", "train", "eval", "report"))
    assert "Traceback" not in result.stderr


def test_unsafe_backend_runs_only_when_confirmed(tmp_path):
    result = synthcode("verify", str(write(tmp_path / "good.py", GOOD)), "--sandbox", "unsafe",
                       "--confirm-run-unsafe-code")
    assert result.returncode == 0
    assert "NO isolation" in result.stderr


@pytest.mark.parametrize("sandbox", ["process", "unsafe"])
def test_a_samples_tests_can_import_the_installed_libraries_with_only_the_tests_stage(tmp_path, sandbox):
    code = "import hypothesis\n\ndef test_version():\n    assert hypothesis.__version__\n"
    result = synthcode("verify", str(write(tmp_path / "uses_hypothesis.py", code)), "--stages", "tests",
                       "--sandbox", sandbox, "--confirm-run-unsafe-code")
    assert result.returncode == 0, result.stdout + result.stderr


def test_batch_over_directory_and_jsonl(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    write(src / "good.py", GOOD)
    write(src / "sub" / "bad.py", BAD)
    write(src / "broken.py", "def f(:\n")
    out = tmp_path / "results.jsonl"
    result = synthcode("verify", str(src), "--out", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"good.py", "sub/bad.py", "broken.py"}
    assert records["good.py"]["status"] == "accepted" and records["good.py"]["level"] == "tested"
    assert records["sub/bad.py"]["status"] == "rejected"
    assert records["broken.py"]["stages"][0] == {
        "stage": "parse", "status": "failed", "detail": "syntax error: line 1: invalid syntax",
        "seconds": records["broken.py"]["stages"][0]["seconds"], "tools": records["broken.py"]["stages"][0]["tools"]}
    for record in records.values():
        for stage in record["stages"]:
            assert {"stage", "status", "detail", "seconds"} <= set(stage)

    jsonl = write(tmp_path / "in.jsonl", "\n".join(json.dumps(r) for r in [
        {"id": "g", "code": GOOD, "entry_point": "add", "source": "unit"},
        {"code": BAD},
    ]) + "\n")
    result = synthcode("verify", str(jsonl), "--json")
    assert result.returncode == 0
    verdicts = {v["id"]: v for v in map(json.loads, result.stdout.splitlines())}
    assert verdicts["g"]["status"] == "accepted"
    assert verdicts["in-2"]["status"] == "rejected"  # an id derived from the line number


@pytest.mark.parametrize("source, error", [
    ("return 1\n", "SyntaxError: 'return' outside function (sample.py, line 1)"),
    ("def f():\n    nonlocal q\n", "SyntaxError: no binding for nonlocal 'q' found (sample.py, line 2)"),
])
def test_errors_only_the_compiler_finds_reject_as_a_failed_load(tmp_path, source, error):
    """ast.parse accepts these; the sandbox compiles the sample (before forking) and says why it failed."""
    path = write(tmp_path / "sample.py", source + "\n\ndef test_x():\n    assert True\n")
    result = synthcode("verify", str(path), "--stages", "tests")
    assert result.returncode == 1, result.stderr
    assert f"module failed to load: {error}" in result.stdout


@pytest.mark.slow
def test_default_runs_every_stage_that_applies():
    """No --stages: every stage runs, cheapest first; those with nothing to check skip and say why."""
    example = Path(__file__).parent.parent / "examples" / "verify" / "isqrt.py"
    result = synthcode("verify", str(example), "--json")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    stages = {s["stage"]: s for s in verdict["stages"]}
    assert list(stages) == ["parse", "tests", "consistency", "mutation", "properties", "differential", "symbolic", "z3"]
    assert stages["mutation"]["status"] == "passed" and stages["mutation"]["evidence"]["mutation_score"] >= 0.5
    assert stages["differential"]["status"] == "skipped" and "reference" in stages["differential"]["detail"]
    assert stages["z3"]["status"] == "skipped" and "while" in stages["z3"]["detail"]
    assert stages["properties"]["status"] == "passed" and verdict["level"] in ("symbolic", "proved")

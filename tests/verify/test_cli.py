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


@pytest.mark.parametrize("content, status, code, reason", [
    (GOOD, "accepted", 0, "verified (tested) by tests"),
    (BAD, "rejected", 1, "tests: test_add failed: AssertionError: add is wrong"),
    ("def f(:\n", "rejected", 1, "parse: syntax error: line 1"),
    ("", "rejected", 1, "parse: the module is empty"),
    ("   \n# only a comment\n", "rejected", 1, "the module is empty"),
    ("def f():\n    return 1\n", "rejected", 1, "nothing to check"),
    ("def test_takes(x):\n    assert x\n", "rejected", 1, "nothing to check"),
    (b"\xff\xfe\x00def", "error", 3, "input: {path}: not valid UTF-8 (byte 0)"),
], ids=["accepted", "rejected", "syntax-error", "empty", "comment-only", "no-tests", "test-with-parameter",
        "undecodable"])
def test_one_file_gets_the_same_verdict_and_exit_code_in_text_and_json(tmp_path, content, status, code, reason):
    """accepted 0, rejected 1 (a file that does not parse is a rejected sample), error 3 (the
    input is unusable): one verdict on stdout in both modes, nothing on stderr, never a traceback."""
    path = write(tmp_path / "f.py", content)
    reason = reason.format(path=path)
    text = synthcode("verify", str(path))
    as_json = synthcode("verify", str(path), "--json")
    assert text.returncode == as_json.returncode == code, (text, as_json)
    assert text.stdout.count("\n") == 1 and text.stdout.startswith(f"{status.upper()} (rejected) f.py: " if code
                                                                    else "ACCEPTED (tested) f.py: ")
    assert reason in text.stdout
    verdict = json.loads(as_json.stdout)
    assert verdict["status"] == status and reason in verdict["reason"]
    assert text.stderr == as_json.stderr == ""
    if status == "error":
        assert verdict["stages"] == [{"stage": "input", "status": "error", "detail": reason.removeprefix("input: "),
                                      "seconds": 0.0}]


@pytest.mark.parametrize("mode", [[], ["--json"]], ids=["text", "json"])
def test_a_missing_file_is_a_usage_error_in_both_modes(tmp_path, mode):
    result = synthcode("verify", str(tmp_path / "missing.py"), *mode)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {tmp_path / 'missing.py'} does not exist\n"


@pytest.mark.parametrize("args, reason", [
    (["verify", "/no/such/file.py"], "does not exist"),
    (["verify", "{tmp}/data.txt"], "expected a .py file"),
    (["verify", "{tmp}/empty_dir"], "holds no .py files"),
    (["verify", "{tmp}/good.py", "--stages", "tets"], "Did you mean 'tests'"),
    (["verify", "{tmp}/good.py", "--sandbox", "dokcer"], "Did you mean 'docker'"),
    (["verify", "{tmp}/good.py", "--sandbox", "unsafe"], "--confirm-run-unsafe-code"),
    (["verify", "{tmp}/good.py", "--workers", "0"], "workers must be at least 1"),
    (["verify", "{tmp}/good.py", "--timeout", "-1"], "timeout must be positive"),
    (["verify", "{tmp}/bad.jsonl", "--strict"], "{tmp}/bad.jsonl:2: not valid JSON"),
    (["verify", "{tmp}/nocode.jsonl", "--strict"], "{tmp}/nocode.jsonl:1: missing string field 'code'"),
    (["verify", "{tmp}/dup.jsonl", "--strict"], "{tmp}/dup.jsonl:2: duplicate id 'x'"),
    (["verify", "{tmp}/undecodable.py", "--strict"], "{tmp}/undecodable.py: not valid UTF-8 (byte 0)"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, args, reason):
    write(tmp_path / "good.py", GOOD)
    write(tmp_path / "data.txt", "x")
    (tmp_path / "empty_dir").mkdir()
    write(tmp_path / "bad.jsonl", '{"code": "x"}\n{not json\n')
    write(tmp_path / "nocode.jsonl", '{"id": "a", "text": "x"}\n')
    write(tmp_path / "dup.jsonl", json.dumps({"id": "x", "code": GOOD}) + "\n" + json.dumps({"id": "x", "code": GOOD}) + "\n")
    write(tmp_path / "undecodable.py", b"\xff")
    result = synthcode(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2, result
    assert reason.format(tmp=tmp_path) in result.stderr
    assert [line for line in result.stderr.splitlines() if not line.startswith("warning: ")] == \
        [result.stderr.splitlines()[-1]] and result.stderr.startswith(("error: ", "warning: ")), result.stderr
    assert "Traceback" not in result.stderr


BAD_LINES = [
    ("{not json", "not valid JSON (Expecting property name"),
    ("[1, 2]", "expected a JSON object, got list"),
    (json.dumps({"id": "no-code", "text": "x"}), "missing string field 'code'"),
    (json.dumps({"id": "code-is-a-number", "code": 7}), "field 'code' must be a string"),
    (json.dumps({"code": GOOD, "reference": 3}), "field 'reference' must be a string"),
    (json.dumps({"id": {"a": 1}, "code": GOOD}), "field 'id' must be a string or a number"),
    (json.dumps({"id": "g", "code": BAD}), "duplicate id 'g'"),
]


def bad_batch(tmp_path: Path) -> Path:
    """Line 1 good, line 2 rejected, then one bad line of each kind, then a good line."""
    lines = [json.dumps({"id": "g", "code": GOOD}), json.dumps({"id": "r", "code": BAD}),
             *(line for line, _ in BAD_LINES), json.dumps({"id": "last", "code": GOOD})]
    return write(tmp_path / "batch.jsonl", "\n".join(lines).encode() + b"\n\xff\n")  # and an undecodable line


def check_bad_batch(verdicts: dict, batch: Path) -> None:
    assert verdicts.pop("g")["status"] == verdicts.pop("last")["status"] == "accepted"
    assert verdicts.pop("r")["status"] == "rejected"
    expected = {number: why for number, (_, why) in enumerate(BAD_LINES, start=3)}
    expected[len(BAD_LINES) + 4] = "not valid JSON"  # the undecodable last line
    by_line = {int(v["origin"].rsplit(":", 1)[1]): v for v in verdicts.values()}
    assert sorted(by_line) == sorted(expected)
    for number, why in expected.items():
        verdict = by_line[number]
        assert verdict["status"] == "error" and verdict["level"] == "rejected"
        assert verdict["reason"].startswith(f"input: {batch}:{number}: {why}"), verdict
        assert [s["stage"] for s in verdict["stages"]] == ["input"]
    assert by_line[5]["id"] == "no-code"  # a bad record keeps its own id when it is usable
    assert by_line[3]["id"] == "batch-3" and by_line[9]["id"] == "batch-9"  # else its line's


@pytest.mark.slow
def test_bad_lines_become_error_records_and_the_batch_goes_on(tmp_path):
    batch = bad_batch(tmp_path)
    as_json = synthcode("verify", str(batch), "--json", "--workers", "2")
    assert as_json.returncode == 3, as_json.stderr
    check_bad_batch({v["id"]: v for v in map(json.loads, as_json.stdout.splitlines())}, batch)
    assert as_json.stderr == "accepted 2 · rejected 1 · error 8\n"

    text = synthcode("verify", str(batch), "--workers", "2")
    assert text.returncode == 3 and text.stderr == as_json.stderr
    lines = sorted(text.stdout.splitlines())
    assert len(lines) == 11
    assert f"ERROR (rejected) batch-3: input: {batch}:3: not valid JSON" in text.stdout
    assert sum(line.startswith("ERROR (rejected) ") for line in lines) == 8

    out = tmp_path / "results.jsonl"
    first = synthcode("verify", str(batch), "--out", str(out), "--workers", "2")
    assert first.returncode == 3, first.stderr
    check_bad_batch({v["id"]: v for v in map(json.loads, out.read_text().splitlines())}, batch)
    again = synthcode("verify", str(batch), "--out", str(out))
    assert again.returncode == 3 and "0 verified this run" in again.stderr  # the inputs are still bad
    assert len(out.read_text().splitlines()) == 11


@pytest.mark.slow
def test_a_batch_of_good_input_exits_0_whatever_the_verdicts(tmp_path):
    batch = write(tmp_path / "b.jsonl", json.dumps({"code": GOOD}) + "\n" + json.dumps({"code": BAD}) + "\n")
    for mode in ([], ["--json"], ["--out", str(tmp_path / "r.jsonl")]):
        result = synthcode("verify", str(batch), *mode)
        assert result.returncode == 0, (mode, result.stderr)


def test_strict_stops_before_verifying_what_follows_the_bad_line(tmp_path):
    batch = write(tmp_path / "b.jsonl", "{not json\n" + json.dumps({"code": GOOD}) + "\n")
    for mode in ([], ["--json"]):
        result = synthcode("verify", str(batch), "--strict", *mode)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {batch}:1: not valid JSON (") and result.stderr.count("\n") == 1


def test_an_undecodable_file_in_a_directory_is_an_error_record(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src / "good.py", GOOD)
    write(src / "latin1.py", "# caf\xe9\ndef test_a():\n    assert True\n".encode("latin-1"))
    result = synthcode("verify", str(src), "--json", "--workers", "1")
    assert result.returncode == 3, result.stderr
    verdicts = {v["id"]: v for v in map(json.loads, result.stdout.splitlines())}
    assert verdicts["good.py"]["status"] == "accepted"
    assert verdicts["latin1.py"]["status"] == "error"
    assert verdicts["latin1.py"]["reason"] == f"input: {src / 'latin1.py'}: not valid UTF-8 (byte 5)"


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
    example = Path(__file__).parents[2] / "examples" / "verify" / "isqrt.py"
    result = synthcode("verify", str(example), "--json")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    stages = {s["stage"]: s for s in verdict["stages"]}
    assert list(stages) == ["parse", "tests", "consistency", "mutation", "properties", "differential", "symbolic", "z3",
                            "proof"]
    assert stages["mutation"]["status"] == "passed" and stages["mutation"]["evidence"]["mutation_score"] >= 0.5
    assert stages["differential"]["status"] == "skipped" and "reference" in stages["differential"]["detail"]
    assert stages["z3"]["status"] == "skipped" and "while" in stages["z3"]["detail"]
    assert stages["properties"]["status"] == "passed" and verdict["level"] in ("symbolic", "proved")

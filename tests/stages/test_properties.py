"""The properties stage (Hypothesis in the sandbox's ``properties`` harness), on real sandboxes.

``tests/corpus/prop_*.py`` hold contract-bearing functions, correct or with a planted bug that
the file's own unit tests miss; every case runs on both backends (docker ones are marked).
"""

from __future__ import annotations

import importlib.metadata
import textwrap
from pathlib import Path

import pytest

from synthcode.sample import Level, Sample, Status
from synthcode.stages.base import Budget
from synthcode.verify import VerifyConfig

CORPUS = Path(__file__).parents[1] / "corpus"


@pytest.fixture
def verify(backend, verifier_for):
    """Verify source text through ``stages`` with the properties stage's budget."""
    def run(code: str, stages: tuple[str, ...] = ("properties",), seconds: float = 5.0,
            examples: int = 100) -> Sample:
        config = VerifyConfig(stages=list(stages), sandbox=backend, workers=1,
                              budgets={"properties": Budget(seconds=seconds, examples=examples)})
        return verifier_for(config).verify(Sample(id="s", code=textwrap.dedent(code)))
    return run


def stage(sample: Sample, name: str = "properties"):
    return next(r for r in sample.stages if r.stage == name)


def corpus(name: str) -> str:
    return (CORPUS / f"{name}.py").read_text()


def load(name: str) -> dict:
    """Our own corpus file, executed on the host (it is trusted)."""
    namespace: dict = {}
    exec(compile(corpus(name), name, "exec"), namespace)
    return namespace


def unit_tests_pass(name: str, verify) -> bool:
    """The file's own unit tests (``def test_*()``) pass: through the tests stage, or, for a file
    that imports hypothesis, on the host (whether a worker's tests stage sees the host's
    site-packages depends on which harnesses that worker served before)."""
    if "hypothesis" not in corpus(name):
        return stage(verify(corpus(name), stages=("tests",)), "tests").status in (Status.PASSED, Status.SKIPPED)
    namespace = load(name)
    for test in [v for k, v in namespace.items() if k.startswith("test_") and not hasattr(v, "hypothesis")]:
        test()
    return True


def breaks_postcondition(name: str, function: str, example: dict[str, str], condition: str) -> bool:
    """Re-run the counterexample on the host and evaluate the condition."""
    namespace = load(name)
    args = {k: eval(v) for k, v in example.items() if k != "__return__"}
    result = namespace[function](**args)
    return not eval(condition, {**namespace, **args, "__return__": result})


# file -> (status of the properties stage, the item that fails, a parameter of its counterexample)
CASES = {
    "prop_dedupe_planted": (Status.FAILED, "dedupe", "xs"),
    "prop_given_planted": (Status.FAILED, "test_adjacent_runs_differ", "s"),
    "prop_ok": (Status.PASSED, None, None),
    "prop_unsatisfiable": (Status.SKIPPED, None, None),
    "prop_no_hints": (Status.SKIPPED, None, None),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus(verify, name):
    status, item, parameter = CASES[name]
    assert unit_tests_pass(name, verify)  # the planted bugs get past the file's own unit tests
    sample = verify(corpus(name), stages=("properties",))
    result = stage(sample)
    assert result.status is status, result
    assert result.tools["hypothesis"] == importlib.metadata.version("hypothesis")
    if status is Status.FAILED:
        assert result.test == item and parameter in result.counterexample, result
        assert sample.level is Level.REJECTED
    if status is Status.PASSED:
        assert result.level is Level.PROPERTY_CHECKED and sample.level is Level.PROPERTY_CHECKED
        assert "100 examples" in result.detail
    if status is Status.SKIPPED:  # earns nothing
        assert result.level is None and sample.level is Level.REJECTED and sample.status == "rejected"


def test_counterexample_breaks_the_contract_and_is_reproducible(verify):
    first = stage(verify(corpus("prop_dedupe_planted")))
    second = stage(verify(corpus("prop_dedupe_planted")))
    assert first.counterexample == second.counterexample  # derandomized, no example database
    assert first.assertion == "sorted(__return__) == sorted(set(xs))"
    assert breaks_postcondition("prop_dedupe_planted", "dedupe", first.counterexample, first.assertion)
    assert "does not hold for xs=" in first.detail


def test_skips_name_why(verify):
    unsatisfiable = stage(verify(corpus("prop_unsatisfiable")))
    assert "lucky: precondition rejects almost every generated input" in unsatisfiable.detail
    hints = stage(verify(corpus("prop_no_hints")))
    assert "double: parameter 'x' of double has no type hint" in hints.detail
    nothing = stage(verify("def f(x):\n    return x\n"))
    assert nothing.status is Status.SKIPPED and "no @given tests and no contracts" in nothing.detail


def test_undeclared_exception_fails_and_declared_one_passes(verify):
    code = '''
    def parse(text: str) -> int:
        """{raises}post: __return__ == int(text)"""
        return int(text)
    '''
    undeclared = stage(verify(code.format(raises="")))
    assert undeclared.status is Status.FAILED and "raised ValueError" in undeclared.detail
    assert "text" in undeclared.counterexample
    declared = stage(verify(code.format(raises="raises: ValueError\n        ")))
    assert declared.status is Status.PASSED, declared


def test_example_budget_is_respected(verify):
    result = stage(verify(corpus("prop_ok"), examples=7))
    assert result.status is Status.PASSED and "7 examples" in result.detail and "100" not in result.detail


@pytest.mark.slow
@pytest.mark.parametrize("seconds", [0.05, 1.0])
def test_time_budget_ends_in_timeout_never_pass(verify, seconds):
    """Each call takes 30 ms of CPU: 100 examples cannot fit in the budget."""
    verify('def f(x: int) -> int:\n    """post: True"""\n    return x\n', seconds=seconds)  # loads hypothesis
    sample = verify(corpus("prop_slow"), seconds=seconds)
    result = stage(sample)
    assert result.status is Status.TIMEOUT and sample.status == "rejected", result
    assert "rerun" not in result.evidence  # the CPU budget ended it, not the wall-clock safety net
    if seconds == 1.0:
        assert "budget ran out after" in result.detail  # the harness stopped itself, with a count


@pytest.mark.slow
def test_a_slow_example_is_no_verdict(verify):
    """No per-example deadline: an input that costs 20 ms of CPU (Hypothesis' old deadline
    rejected it on a busy machine) is judged by its result; only the budget's CPU seconds count."""
    code = '''
    import time

    def settle(x: int) -> int:
        """post: __return__ == x"""
        if x > 1000:
            started = time.process_time()
            while time.process_time() - started < 0.02:
                pass
        return x
    '''
    result = stage(verify(code, stages=("properties",), seconds=5.0))
    assert result.status is Status.PASSED and "100 examples" in result.detail, result


def test_module_that_fails_to_load_fails(verify):
    result = stage(verify("import no_such_module_here\n\ndef f(x: int) -> int:\n    '''post: True'''\n    return x\n"))
    assert result.status is Status.FAILED and "ModuleNotFoundError" in result.detail


GIVEN_TEST = '''
from hypothesis import given, strategies as st

def add(a: int, b: int) -> int:
    return a + b

@given(st.integers(), st.integers())
def test_commutes(a, b):
    assert add(a, b) == add(b, a)

def test_small():
    assert add(1, 2) == 3
'''


def test_a_file_that_imports_hypothesis_passes_the_tests_stage_of_a_fresh_worker(verify_source):
    """The libraries load lazily for the harnesses, yet a sample can import them on any worker."""
    sample = verify_source(GIVEN_TEST, fresh=True)
    assert sample.status == "accepted", sample.reason
    broken = verify_source(GIVEN_TEST.replace("return a + b", "return a - b"), fresh=True)
    assert broken.status == "rejected" and broken.failure.test == "test_small"


UNICODE_CHECK = """
import os, sys, unicodedata
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.internal import charmap

set_hypothesis_home_dir(sys.argv[2])  # empty: Hypothesis computes its tables, as in a fresh sandbox
computed = list(charmap.charmap().items())
codec = charmap.intervals_from_codec("utf-8").intervals
charmap._charmap = None
charmap.intervals_from_codec.cache_clear()
set_hypothesis_home_dir(sys.argv[3])  # empty again: the harness seeds it when the zygote imports it
sys.path.insert(0, sys.argv[1])
import runner
sys.modules["synthcode_runner"] = runner
import harnesses.properties
assert list(charmap.charmap().items()) == computed, "another table, or its categories in another order"
assert charmap.intervals_from_codec("utf-8").intervals == codec
shipped = os.path.join(sys.argv[1], "unicode", unicodedata.unidata_version, "charmap.json.gz")
with open(shipped, "rb") as a, open(charmap.charmap_file(), "rb") as b:
    assert a.read() == b.read(), "Hypothesis computed the table instead of loading the shipped one"
print(unicodedata.unidata_version)
"""


@pytest.mark.slow
def test_the_shipped_unicode_tables_are_the_ones_hypothesis_computes(tmp_path):
    """The properties harness seeds Hypothesis' storage with the shipped tables (a second saved
    in every new worker); draws stay the same only if they are exactly what it would compute."""
    import subprocess
    import sys

    from synthcode.sandbox.base import RUNNER_DIR

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    done = subprocess.run([sys.executable, "-B", "-c", UNICODE_CHECK, str(RUNNER_DIR), str(tmp_path / "a"),
                           str(tmp_path / "b")], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("14.0.0", "15.0.0", "15.1.0")

"""The symbolic stage (CrossHair in the sandbox's ``symbolic`` harness), on real sandboxes.

``tests/corpus/sym_*.py`` hold contract-bearing functions, correct or with a planted bug that the
file's own unit tests miss; every case runs on both backends (docker ones are marked). Budgets are
small: CrossHair stops at its per-condition timeout, so a case costs at most its budget.
"""

from __future__ import annotations

import ast
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
    """Verify source text through ``stages``, the symbolic stage with ``seconds`` of budget."""
    def run(code: str, stages: tuple[str, ...] = ("symbolic",), seconds: float = 3.0) -> Sample:
        config = VerifyConfig(stages=list(stages), sandbox=backend, workers=1,
                              budgets={"symbolic": Budget(seconds=seconds), "properties": Budget(seconds=5.0)})
        return verifier_for(config).verify(Sample(id="s", code=textwrap.dedent(code)))
    return run


def stage(sample: Sample, name: str = "symbolic"):
    return next(r for r in sample.stages if r.stage == name)


def corpus(name: str) -> str:
    return (CORPUS / f"{name}.py").read_text()


# file -> (status of the symbolic stage, the level it earns, or the function and a parameter of the
# counterexample it finds)
CASES = {
    "sym_clamp_proved": (Status.PASSED, Level.PROVED, None),
    "sym_asserts_mixed": (Status.PASSED, Level.PROVED, None),
    "sym_loop_symbolic": (Status.PASSED, Level.SYMBOLIC, None),
    "sym_magic_planted": (Status.FAILED, None, ("leap_days", "year")),
    "sym_divide_planted": (Status.FAILED, None, ("average", "xs")),
    "sym_vacuous": (Status.FAILED, None, ("halve", None)),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus(verify, name):
    status, level, found = CASES[name]
    sample = verify(corpus(name), stages=("tests", "symbolic"))
    assert stage(sample, "tests").status is Status.PASSED  # the unit tests see nothing wrong
    result = stage(sample)
    assert result.status is status, result
    assert result.tools["crosshair"] == importlib.metadata.version("crosshair-tool")
    if status is Status.PASSED:
        assert result.level is level and sample.level is level, result
    else:
        function, parameter = found
        assert result.test == function and sample.level is Level.REJECTED
        if parameter is not None:
            assert parameter in result.counterexample, result


def test_counterexample_is_the_planted_input(verify):
    result = stage(verify(corpus("sym_magic_planted")))
    assert result.counterexample == {"year": "48611", "__return__": "364"}
    assert result.assertion == "__return__ in (365, 366)"
    assert "does not hold for year=48611" in result.detail


def test_finds_what_hypothesis_misses(verify):
    """A bug behind one magic input: 100 generated inputs miss it, the path search does not."""
    sample = verify(corpus("sym_magic_planted"), stages=("tests", "properties", "symbolic"))
    assert [(r.stage, r.status) for r in sample.stages] == [
        ("parse", Status.PASSED), ("tests", Status.PASSED), ("properties", Status.PASSED),
        ("symbolic", Status.FAILED)]


def test_proved_outranks_property_checked(verify):
    sample = verify(corpus("sym_clamp_proved"), stages=("tests", "properties", "symbolic"))
    assert [r.level for r in sample.stages[1:]] == [Level.TESTED, Level.PROPERTY_CHECKED, Level.PROVED]
    assert sample.level is Level.PROVED and sample.status == "accepted"


def test_vacuous_only_when_the_paths_ran_out(verify):
    vacuous = stage(verify(corpus("sym_vacuous")))
    assert "precondition can never be met" in vacuous.detail and "vacuous" in vacuous.detail


@pytest.mark.parametrize("seconds", [0.05, 0.3])
def test_small_budget_is_skipped_never_passed(verify, seconds):
    """The loop cannot be confirmed; too little search is not evidence, so the stage skips."""
    sample = verify(corpus("sym_loop_symbolic"), seconds=seconds)
    result = stage(sample)
    assert result.status is Status.SKIPPED and sample.status == "rejected", result
    assert result.level is None and sample.level is Level.REJECTED
    assert "sum_of_squares" in result.detail


def test_confirmation_without_a_postcondition_is_not_a_proof(verify):
    code = '''
    def halve(x: int) -> int:
        assert x % 2 == 0
        return x // 2
    '''
    result = stage(verify(code))
    assert result.status is Status.PASSED and result.level is Level.SYMBOLIC, result
    assert "no postcondition to prove" in result.detail


def test_skips_name_why(verify):
    no_hints = stage(verify('def f(x):\n    """post: __return__ == x"""\n    return x\n'))
    assert no_hints.status is Status.SKIPPED and "f: parameter 'x' has no type annotation" in no_hints.detail
    nothing = stage(verify("def f(x: int) -> int:\n    return x\n"))
    assert nothing.status is Status.SKIPPED and nothing.detail == "no contracts"


@pytest.mark.slow
def test_module_that_hangs_while_loading_times_out(verify):
    result = stage(verify("while True:\n    pass\n\ndef f(x: int) -> int:\n    '''post: True'''\n    return x\n",
                          seconds=0.5))
    assert result.status is Status.TIMEOUT and "while loading" in result.detail, result


def test_crosshair_crash_is_an_error(verify):
    """A sample that breaks CrossHair itself gets no verdict on its contract: error, not a pass."""
    code = '''
    import crosshair.core

    crosshair.core.analyze_calltree = None

    def f(x: int) -> int:
        """post: __return__ == x"""
        return x
    '''
    sample = verify(code)
    result = stage(sample)
    assert result.status is Status.ERROR and "CrossHair crashed" in result.detail, result
    assert sample.status == "error"


# --------------------------------------------------------------------------- diffbehavior with a reference

CLIP_REFERENCE = """
def clip(x: int, lo: int, hi: int) -> int:
    return lo if x < lo else (hi if x > hi else x)
"""
CLIP = """
def clip(x: int, lo: int, hi: int) -> int:
    if x < lo:
        return lo
    if x > hi + 1:
        return hi
    return x

def test_clip():
    assert clip(5, 0, 10) == 5 and clip(-3, 0, 10) == 0 and clip(20, 0, 10) == 10
"""


@pytest.fixture
def compare(backend, verifier_for):
    """Verify ``code`` against ``reference`` through the tests and symbolic stages."""
    def run(code: str, reference: str, seconds: float = 4.0, entry_point: str | None = None) -> Sample:
        verifier = verifier_for(VerifyConfig(stages=["tests", "symbolic"], sandbox=backend, workers=1,
                                             budgets={"symbolic": Budget(seconds=seconds)}))
        sample = Sample(id="s", code=textwrap.dedent(code), reference=textwrap.dedent(reference),
                        entry_point=entry_point)
        return verifier.verify(sample)
    return run


def test_diffbehavior_finds_the_input_where_the_reference_differs(compare):
    sample = compare(CLIP, CLIP_REFERENCE)
    result = stage(sample)
    assert stage(sample, "tests").status is Status.PASSED
    assert result.status is Status.FAILED and "differs from the reference" in result.detail, result
    example = result.counterexample
    x, lo, hi = (int(example[k]) for k in ("x", "lo", "hi"))
    expected = lo if x < lo else (hi if x > hi else x)
    assert int(example["reference"]) == expected and int(example["__return__"]) != expected


def test_diffbehavior_passes_an_equivalent_rewrite_at_symbolic(compare):
    sample = compare(CLIP.replace("x > hi + 1", "x > hi"), CLIP_REFERENCE)
    result = stage(sample)
    assert result.status is Status.PASSED and sample.level is Level.SYMBOLIC, result
    assert "behaves as the reference" in result.detail


def test_inputs_the_reference_rejects_are_outside_the_domain(compare):
    reference = "def ratio(a: int, b: int) -> int:\n    return a // b\n"
    guarded = "def ratio(a: int, b: int) -> int:\n    return 0 if b == 0 else a // b\n\n" \
              "def test_ratio():\n    assert ratio(6, 3) == 2\n"
    assert stage(compare(guarded, reference)).status is Status.PASSED
    wrong = guarded.replace("a // b", "a // b + (a == 7)")
    result = stage(compare(wrong, reference))
    assert result.status is Status.FAILED and result.counterexample["a"] == "7", result


def test_diffbehavior_needs_type_hints_and_says_so(compare):
    unhinted = CLIP_REFERENCE.replace("x: int, lo: int, hi: int) -> int", "x, lo, hi)")
    sample = compare(CLIP.replace("x: int, lo: int, hi: int", "x, lo, hi"), unhinted)
    result = stage(sample)
    assert result.status is Status.SKIPPED and "has no type annotation" in result.detail
    assert sample.level is Level.TESTED


def test_a_sample_without_hints_takes_the_references():
    from synthcode.stages.symbolic import with_reference_hints

    code = "import typing\n\ndef f(xs, k=0, *rest):\n    return xs\n"
    node = ast.parse(code).body[1]
    reference = "from typing import List, Optional\n\ndef f(a: List[int], b: Optional[str]) -> int:\n    pass\n"
    hinted = code.replace("f(xs, k=0", "f(xs: list[int], k: str | None=0")
    assert with_reference_hints(code, node, reference, "f") == hinted
    assert with_reference_hints(code, node, "def f(a: Widget, b): pass\n", "f") == code  # nothing to write


def test_the_references_hints_let_crosshair_compare_an_unhinted_sample(compare):
    sample = compare(CLIP.replace("x: int, lo: int, hi: int", "x, lo, hi"), CLIP_REFERENCE)
    result = stage(sample)
    assert result.status is Status.FAILED and "differs from the reference" in result.detail, result


def test_a_difference_outside_the_inferred_domain_is_not_judged(backend, verifier_for):
    """The differential stage infers ``n >= 0`` from the tests; CrossHair's ``n = -2``, where the
    closed formula and the reference's loop differ, is recorded in the detail."""
    verifier = verifier_for(VerifyConfig(stages=["tests", "differential", "symbolic"], sandbox=backend, workers=1,
                                         budgets={"symbolic": Budget(seconds=4.0)}))
    code = ("def cube_sum(n: int) -> int:\n    return (n * (n + 1) // 2) ** 2\n\n"
            "def test_cube_sum():\n    assert cube_sum(2) == 9\n    assert cube_sum(3) == 36\n"
            "    assert cube_sum(4) == 100\n")
    reference = "def cube_sum(n: int) -> int:\n    return sum(i ** 3 for i in range(1, n + 1))\n"
    sample = verifier.verify(Sample(id="s", code=code, reference=reference))
    result = stage(sample)
    assert sample.status == "accepted", sample.reason
    assert "outside the inferred domain, not judged (e.g. cube_sum(n=-" in result.detail, result.detail


def test_a_proof_of_the_contracts_keeps_its_level_beside_the_comparison(compare):
    code = corpus("sym_clamp_proved")
    sample = compare(code, code, entry_point="clamp")
    result = stage(sample)
    assert result.status is Status.PASSED and result.level is Level.PROVED, result
    assert "behaves as the reference" in result.detail


def test_a_run_killed_at_the_budget_in_teardown_is_a_skip_naming_what_crosshair_found():
    """Decided on the trusted side from the events alone (the harness finished, teardown ran out of time)."""
    from synthcode.analysis import analyze
    from synthcode.contracts import extract_contracts
    from synthcode.sandbox.base import RunResult
    from synthcode.stages.base import StageContext
    from synthcode.stages.properties import contracted
    from synthcode.stages.symbolic import SymbolicStage

    code = corpus("sym_clamp_proved")
    info = analyze(code)
    functions = contracted(extract_contracts(info.tree))
    events = [{"event": "import"}]
    for name in functions:
        events += [{"event": "start", "item": name}, {"event": "read", "item": name, "conditions": 1}]
    events += [{"event": "condition", "item": name, "condition": "", "state": "confirmed", "paths": 3,
                "exhausted": True, "budget": 1.0} for name in functions]
    context = StageContext(worker=None, budget=Budget(seconds=0.05), info=info)
    stage_ = SymbolicStage()
    timed_out = stage_.judge(RunResult(events=events, timed_out=True), functions, [], context, 0.05)
    assert timed_out.status is Status.SKIPPED and "ran out in teardown" in timed_out.detail
    assert all(name in timed_out.detail for name in functions)
    finished = stage_.judge(RunResult(events=[*events, {"event": "done"}], exit_code=0), functions, [], context, 0.05)
    assert finished.status is Status.PASSED and finished.level is Level.PROVED
    tampered = stage_.judge(RunResult(events=[*events, {"event": "pass", "test": "x"}], timed_out=True),
                            functions, [], context, 0.05)
    assert tampered.status is not Status.SKIPPED and tampered.status is not Status.PASSED


def test_the_parsed_stage_preamble_rejects_a_contract_that_does_not_parse_before_any_sandbox():
    """The stage's preamble is ``ParsedStage``'s (as for properties and z3): with no worker at all, a
    broken ``post:`` line fails the sample, with a reference to compare with or without."""
    from synthcode.analysis import analyze
    from synthcode.stages.base import ParsedStage, StageContext
    from synthcode.stages.symbolic import SymbolicStage

    code = 'def f(x: int) -> int:\n    """post: __return__ >"""\n    return x\n'
    assert issubclass(SymbolicStage, ParsedStage) and SymbolicStage.reads_contracts
    for reference in (None, "def f(x: int) -> int:\n    return x\n"):
        context = StageContext(worker=None, budget=Budget(seconds=1.0), info=analyze(code))
        result = SymbolicStage().run(Sample(id="s", code=code, reference=reference), context)
        assert result.status is Status.FAILED
        assert result.detail.startswith("contract does not parse: line 2: f: post:")

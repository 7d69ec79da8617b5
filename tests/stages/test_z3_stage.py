"""The z3 stage on a corpus of contract-bearing functions, with the real solver.

Correct functions are proved; functions with planted bugs that their own unit tests miss are
rejected, and each counterexample is replayed in-process (this is our own code, so running it
here is fine) to show it really breaks the contract.
"""

from __future__ import annotations

import gc
import random
import re
import textwrap

import pytest
import z3

from synthcode.analysis import analyze
from synthcode.sample import Level, Sample, StageResult, Status
from synthcode.stages.base import Budget, StageContext
from synthcode.stages.z3 import Z3Stage, python_divmod
from synthcode.verify import Verifier, VerifyConfig


def run_stage(code: str, timeout: float = 10.0) -> StageResult:
    code = textwrap.dedent(code)
    context = StageContext(worker=None, budget=Budget(seconds=timeout), info=analyze(code))
    return Z3Stage().run(Sample(id="s", code=code), context)


def load(code: str) -> dict:
    namespace: dict = {}
    exec(compile(textwrap.dedent(code), "<corpus>", "exec"), namespace)
    return namespace


# -- Python's // and % ---------------------------------------------------------------------------

CANONICAL = [(-7, 2), (7, -2), (-7, -2), (7, 2), (0, -3), (-6, 3), (6, -3)]


def test_python_divmod_matches_python_on_literals():
    for a in range(-9, 10):
        for b in [d for d in range(-5, 6) if d]:
            q, r, definitions = python_divmod(z3.IntVal(a), z3.IntVal(b))
            assert definitions == []
            assert (z3.simplify(q).as_long(), z3.simplify(r).as_long()) == (a // b, a % b), (a, b)


def test_python_divmod_matches_python_on_symbols_and_is_unique():
    ctx = z3.Context()
    a, b = z3.Int("a", ctx), z3.Int("b", ctx)
    q, r, definitions = python_divmod(a, b)
    for x in range(-7, 8):
        for y in [d for d in range(-4, 5) if d]:
            solver = z3.Solver(ctx=ctx)
            solver.add(*definitions, a == x, b == y)
            solver.add(z3.Or(q != x // y, r != x % y))
            assert solver.check() == z3.unsat, (x, y)  # Python's answer is the only one


def test_z3_native_division_is_euclidean_which_is_why_we_encode_python():
    assert z3.simplify(z3.IntVal(-7) / z3.IntVal(-2)).as_long() == 4 != -7 // -2
    assert z3.simplify(z3.IntVal(7) % z3.IntVal(-2)).as_long() == 1 != 7 % -2


@pytest.mark.parametrize("a,b", CANONICAL)
@pytest.mark.parametrize("op", ["//", "%"])
def test_floor_division_and_modulo_on_negatives_through_the_stage(a, b, op):
    expected = eval(f"{a} {op} {b}")
    template = '''
        def f(a: int, b: int) -> int:
            """
            pre: a == {a} and b == {b}
            post: __return__ == {claim}
            """
            return a {op} b
    '''
    right = run_stage(template.format(a=a, b=b, op=op, claim=expected))
    assert right.status is Status.PASSED and right.level is Level.PROVED, right.detail
    wrong = run_stage(template.format(a=a, b=b, op=op, claim=expected + 1))
    assert wrong.status is Status.FAILED and wrong.counterexample == {"a": a, "b": b}
    literal = run_stage(f'''
        def g() -> int:
            """post: __return__ == {expected}"""
            return ({a}) {op} ({b})
    ''')
    assert literal.status is Status.PASSED, literal.detail


# -- the corpus: correct functions are proved -----------------------------------------------------

CORRECT = {
    "clamp": '''
        def clamp(x: int, lo: int, hi: int) -> int:
            """
            pre: lo <= hi
            post: lo <= __return__ <= hi
            post: __return__ == x or not lo <= x <= hi
            """
            if x < lo:
                return lo
            elif x > hi:
                return hi
            return x
    ''',
    "floor_div_from_truncation": '''
        def floor_div(a: int, b: int) -> int:
            """
            pre: b != 0
            post: __return__ == a // b
            """
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                if q * abs(b) != abs(a):
                    q += 1
                q = -q
            return q
    ''',
    "mod_from_floor_div": '''
        def py_mod(a: int, b: int) -> int:
            """
            pre: b != 0
            post: __return__ == a % b
            post: b > 0 and 0 <= __return__ < b or b < 0 and b < __return__ <= 0
            """
            return a - b * (a // b)
    ''',
    "is_odd_python_semantics": '''
        def is_odd(n: int) -> bool:
            """post: __return__ == (n % 2 != 0)"""
            return n % 2 == 1
    ''',
    "ceil_div": '''
        def ceil_div(a: int, b: int) -> int:
            """
            pre: b > 0
            post: __return__ == -(-a // b)
            """
            return (a + b - 1) // b
    ''',
    "is_leap": '''
        def is_leap(year: int) -> bool:
            """
            pre: year > 0
            post: __return__ == (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
            """
            if year % 400 == 0:
                return True
            if year % 100 == 0:
                return False
            return year % 4 == 0
    ''',
    "sign": '''
        def sign(x: int) -> int:
            """
            post: __return__ in (-1, 0, 1)
            post: (__return__ > 0) == (x > 0) and (__return__ < 0) == (x < 0)
            """
            if x > 0:
                return 1
            elif x < 0:
                return -1
            return 0
    ''',
    "value_semantics_of_or": '''
        def first_nonzero(a: int, b: int) -> int:
            """post: __return__ == (a if a != 0 else b)"""
            return a or b
    ''',
    "bools": '''
        def implies(p: bool, q: bool) -> bool:
            """post: __return__ == (not p or q)"""
            if p:
                return q
            return True
    ''',
    "assert_precondition": '''
        def midpoint(lo: int, hi: int) -> int:
            """post: lo <= __return__ <= hi"""
            assert lo <= hi, "empty range"
            return lo + (hi - lo) // 2
    ''',
    "icontract": '''
        import icontract

        @icontract.require(lambda a, b: a != b)
        @icontract.ensure(lambda result, a, b: result >= a and result >= b)
        @icontract.ensure(lambda result, a, b: result == a or result == b)
        def max2(a: int, b: int) -> int:
            if a > b:
                return a
            return b
    ''',
    "declared_raise": '''
        def checked_div(a: int, b: int) -> int:
            """
            post: b < 0 or __return__ * b <= a < (__return__ + 1) * b
            raises: ValueError
            """
            if b == 0:
                raise ValueError("b must not be zero")
            return a // b
    ''',
    "tuple_swap_and_augmented_assignment": '''
        def diff(a: int, b: int) -> int:
            """post: __return__ == b - a"""
            a, b = b, a
            a -= b
            return a
    ''',
    "old_values": '''
        def bump(x: int) -> int:
            """post: __return__ > __old__.x"""
            x = x + 1
            return x
    ''',
    "lists": '''
        def last(xs: list[int]) -> int:
            """
            pre: len(xs) > 0
            post: __return__ in xs
            post: __return__ == xs[len(xs) - 1]
            """
            return xs[-1]
    ''',
    "min_max_abs_pow_shift": '''
        def spread(a: int, b: int) -> int:
            """post: __return__ == abs(a - b) ** 2 + (a << 1) - 2 * a"""
            return (max(a, b) - min(a, b)) ** 2
    ''',
}


@pytest.mark.parametrize("name", CORRECT)
def test_correct_functions_are_proved(name):
    result = run_stage(CORRECT[name])
    assert result.status is Status.PASSED, result.detail
    assert result.level is Level.PROVED
    assert "proved" in result.detail
    assert result.tools["z3"] == z3.get_version_string() and "python" in result.tools


# -- planted bugs that the functions' own unit tests miss -----------------------------------------

BUGGY = {
    "truncating_division": ('''
        def div(a: int, b: int) -> int:
            """
            pre: b != 0
            post: __return__ == a // b
            """
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q
    ''', ["div(7, 2) == 3", "div(9, 3) == 3", "div(0, 5) == 0", "div(-6, 3) == -2"]),
    "off_by_one_at_the_upper_bound": ('''
        def clamp(x: int, lo: int, hi: int) -> int:
            """
            pre: lo <= hi
            post: lo <= __return__ <= hi
            """
            if x < lo:
                return lo
            if x > hi + 1:
                return hi
            return x
    ''', ["clamp(5, 0, 10) == 5", "clamp(-3, 0, 10) == 0", "clamp(50, 0, 10) == 10"]),
    "wrong_only_for_negatives": ('''
        def last_digit(n: int) -> int:
            """post: __return__ == n % 10"""
            return abs(n) % 10
    ''', ["last_digit(123) == 3", "last_digit(7) == 7", "last_digit(0) == 0"]),
    "missing_400_rule": ('''
        def is_leap(year: int) -> bool:
            """
            pre: year > 0
            post: __return__ == (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
            """
            return year % 4 == 0 and year % 100 != 0
    ''', ["is_leap(2024)", "not is_leap(2023)", "not is_leap(1900)"]),
}


@pytest.mark.parametrize("name", BUGGY)
def test_planted_bugs_are_rejected_with_a_real_counterexample(name):
    code, unit_tests = BUGGY[name]
    namespace = load(code)
    for check in unit_tests:
        assert eval(check, namespace), check  # the function's own tests do not notice
    result = run_stage(code)
    assert result.status is Status.FAILED and result.level is None
    assert result.counterexample, result.detail
    assert re.search(r"postcondition `.+` fails for \w+=", result.detail), result.detail
    (function,) = [v for k, v in namespace.items() if callable(v) and not k.startswith("__")]
    returned = function(**result.counterexample)
    assert not eval(result.assertion, {**result.counterexample, "__return__": returned})
    assert f"(returns {returned!r})" in result.detail


RAISING = {
    "division_by_zero_allowed_by_the_precondition": ('''
        def average(total: int, count: int) -> int:
            """
            pre: count >= 0
            post: __return__ * count <= total
            """
            return total // count
    ''', ["average(10, 2) == 5", "average(7, 7) == 1"], ZeroDivisionError, "can raise ZeroDivisionError at line 7"),
    "falls_off_the_end": ('''
        def sign(x: int) -> int:
            """post: __return__ in (-1, 0, 1)"""
            if x > 0:
                return 1
            elif x < 0:
                return -1
    ''', ["sign(5) == 1", "sign(-2) == -1"], None, "can return None"),
    "index_error_on_empty_list": ('''
        def last(xs: list[int]) -> int:
            """post: __return__ in xs"""
            return xs[-1]
    ''', ["last([1, 2, 3]) == 3"], IndexError, "can raise IndexError at line 4"),
    "undeclared_raise": ('''
        def safe_div(a: int, b: int) -> int:
            """post: True or __return__ == 0"""
            if b == 0:
                raise ValueError("zero")
            return a // b
    ''', ["safe_div(6, 3) == 2"], ValueError, "can raise ValueError at line 5"),
    "failing_assert_in_the_body": ('''
        def halve(n: int) -> int:
            """post: __return__ * 2 == n"""
            m = n // 2
            assert m * 2 == n
            return m
    ''', ["halve(4) == 2"], AssertionError, "can raise AssertionError at line 5"),
    "unbound_local": ('''
        def pick(x: int) -> int:
            """post: __return__ == x"""
            if x > 0:
                y = x
            return y
    ''', ["pick(3) == 3"], UnboundLocalError, "can raise UnboundLocalError at line 6"),
}


@pytest.mark.parametrize("name", RAISING)
def test_bodies_that_can_raise_or_return_none_are_rejected(name):
    code, unit_tests, exception, detail = RAISING[name]
    namespace = load(code)
    for check in unit_tests:
        assert eval(check, namespace), check
    result = run_stage(code)
    assert result.status is Status.FAILED, result.detail
    assert detail in result.detail
    (function,) = [v for k, v in namespace.items() if callable(v) and not k.startswith("__")]
    if exception is None:
        assert function(**result.counterexample) is None
    else:
        with pytest.raises(exception):
            function(**result.counterexample)


def test_contracts_that_can_raise():
    # An input for which the precondition raises is not a valid input (y == 0 here) ...
    assert run_stage('''
        def f(x: int, y: int) -> int:
            """
            pre: x // y > 0
            post: x // __return__ >= 0
            """
            return y
    ''').status is Status.PASSED
    # ... but a postcondition that raises for the returned value does not hold.
    result = run_stage('''
        def f(x: int, y: int) -> int:
            """post: x // __return__ == x // __return__"""
            return y
    ''')
    assert result.status is Status.FAILED and result.counterexample["y"] == 0


# -- preconditions that can never hold, postconditions that say nothing ---------------------------

def test_vacuous_precondition_is_rejected():
    result = run_stage('''
        def f(x: int) -> int:
            """
            pre: x > 0 and x < 0
            post: __return__ == 1
            """
            return 1
    ''')
    assert result.status is Status.FAILED
    assert result.detail == "f: vacuous precondition `x > 0 and x < 0` can never hold"


def test_vacuous_preconditions_are_named_and_the_body_does_not_matter():
    result = run_stage('''
        def f(x: int, y: int) -> int:
            """
            pre: y != 3
            pre: x > 5
            pre: x < 3
            post: __return__ == 1
            """
            for _ in range(x):
                pass
            return 1
    ''')
    assert result.status is Status.FAILED
    assert result.detail == "f: vacuous preconditions: `x > 5` and `x < 3` can never hold together"


def test_a_postcondition_that_constrains_nothing_is_flagged_and_not_counted():
    result = run_stage('''
        def inc(x: int) -> int:
            """
            post: x + 1 > x
            post: __return__ == x + 1
            """
            return x + 1
    ''')
    assert result.status is Status.PASSED
    assert "proved 1 postcondition" in result.detail
    assert "`x + 1 > x` constrains nothing" in result.detail


@pytest.mark.parametrize("posts", [
    ["__return__ == __return__"],
    ["x + 1 > x", "__return__ == __return__ or x > 0"],
    ["x >= 0"],  # implied by the precondition
])
def test_only_postconditions_that_constrain_nothing_is_a_skip(posts):
    lines = "\n".join(f"    post: {p}" for p in posts)
    result = run_stage(f'def f(x: int) -> int:\n    """\n    pre: x > 0\n{lines}\n    """\n    return x\n')
    assert result.status is Status.SKIPPED and result.level is None
    assert "every postcondition constrains nothing" in result.detail


def test_preconditions_only_is_a_skip_but_the_body_is_still_checked():
    assert run_stage('''
        def f(x: int) -> int:
            assert x > 0
            return 10 // x
    ''').status is Status.SKIPPED
    result = run_stage('''
        def f(x: int) -> int:
            assert x >= 0
            return 10 // x
    ''')
    assert result.status is Status.FAILED and result.counterexample == {"x": 0}


# -- outside the fragment: skipped with the construct named, never passed -------------------------

OUTSIDE = {
    "for_loop": ('''
        def total(n: int) -> int:
            """
            pre: n >= 0
            post: __return__ >= 0
            """
            s = 0
            for i in range(n):
                s += i
            return s
    ''', "outside the Z3 fragment: `for` loop at line {line}", "for i in"),
    "while_loop": ('''
        def f(n: int) -> int:
            """post: __return__ == 0"""
            while n > 0:
                n -= 1
            return 0
    ''', "`while` loop at line {line}", "while n"),
    "call_to_a_helper": ('''
        def helper(x: int) -> int:
            return x

        def f(x: int) -> int:
            """post: __return__ == x"""
            return helper(x)
    ''', "call to `helper` at line {line}", "return helper"),
    "attribute_access": ('''
        import math

        def f(x: int) -> int:
            """post: __return__ >= x"""
            return math.floor(x)
    ''', "call to `math.floor` at line {line}", "return math"),
    "true_division": ('''
        def f(x: int) -> int:
            """post: __return__ >= 0"""
            return x / 2
    ''', "true division `/` (float result) at line {line}", "x / 2"),
    "unannotated_parameter": ('''
        def f(x) -> int:
            """post: __return__ == x"""
            return x
    ''', "parameter `x` has no int/bool annotation", None),
    "str_parameter": ('''
        def f(s: str) -> int:
            """post: __return__ >= 0"""
            return len(s)
    ''', "parameter `s: str` (not int, bool or list[int])", None),
    "other_decorator": ('''
        import functools

        @functools.cache
        def f(x: int) -> int:
            """post: __return__ == x"""
            return x
    ''', "decorator `@functools.cache` at line {line}", "@functools"),
    "shadowed_builtin": ('''
        def abs(x):
            return 0

        def f(x: int) -> int:
            """post: __return__ >= 0"""
            return abs(x)
    ''', "call to `abs` at line {line}", "return abs"),
    "contract_outside_the_fragment": ('''
        def f(x: int) -> int:
            """post: str(__return__) == str(x)"""
            return x
    ''', "postcondition `str(__return__) == str(x)` is outside the Z3 fragment: call to `str`", None),
}


@pytest.mark.parametrize("name", OUTSIDE)
def test_outside_the_fragment_is_skipped_with_the_construct_named(name):
    code, detail, marker = OUTSIDE[name]
    if marker is not None:
        lines = textwrap.dedent(code).splitlines()
        detail = detail.format(line=next(i for i, text in enumerate(lines, 1) if marker in text))
    result = run_stage(code)
    assert result.status is Status.SKIPPED and result.level is None, result.detail
    assert detail in result.detail


def test_a_precondition_outside_the_fragment_only_widens_the_inputs():
    proved = run_stage('''
        def ok(x: int) -> bool:
            return x > 0

        def f(x: int) -> int:
            """
            pre: ok(x)
            post: __return__ == x * 2
            """
            return x + x
    ''')
    assert proved.status is Status.PASSED
    assert "without precondition `ok(x)`" in proved.detail
    unsure = run_stage('''
        def ok(x: int) -> bool:
            return x > 0

        def f(x: int) -> int:
            """
            pre: ok(x)
            post: __return__ > 0
            """
            return x
    ''')
    # The counterexample may break ok(x), so it is no proof of a bug: skipped, not failed.
    assert unsure.status is Status.SKIPPED
    assert "but that input may break precondition `ok(x)`" in unsure.detail


def test_no_contracts_is_skipped():
    result = run_stage("def f(x: int) -> int:\n    return x\n")
    assert result.status is Status.SKIPPED and result.detail == "no contracts"


def test_a_contract_that_does_not_parse_is_rejected():
    result = run_stage('''
        def f(x: int) -> int:
            """post: __return__ >"""
            return x
    ''')
    assert result.status is Status.FAILED
    assert result.detail.startswith("contract does not parse: line 3: f: post:")


def test_every_function_with_a_contract_must_be_proved():
    result = run_stage(CORRECT["clamp"] + OUTSIDE["for_loop"][0])
    assert result.status is Status.SKIPPED
    assert result.detail.startswith("total: outside the Z3 fragment")
    assert "clamp: proved 2 postconditions" in result.detail


def test_solver_timeout_is_a_skip_never_a_pass():
    result = run_stage('''
        def f(x: int, y: int, z: int) -> int:
            """
            pre: x > 0 and y > 0 and z > 0
            post: x * x * x + y * y * y != z * z * z
            """
            return 0
    ''', timeout=0.5)
    assert result.status is Status.SKIPPED and result.level is None
    assert "z3 could not decide" in result.detail


def test_the_stage_leaves_no_z3_objects_in_reference_cycles():
    # z3 objects have __del__; run by the cycle collector inside another worker thread's
    # ast.parse, that trips CPython 3.11's "AST constructor recursion depth mismatch".
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for code in [CORRECT["clamp"], BUGGY["truncating_division"][0], OUTSIDE["for_loop"][0],
                     OUTSIDE["contract_outside_the_fragment"][0], RAISING["index_error_on_empty_list"][0]]:
            run_stage(code)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        leaked = [type(o).__name__ for o in gc.garbage if type(o).__module__.startswith("z3")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert leaked == []


# -- through the real pipeline ---------------------------------------------------------------------

@pytest.mark.slow
def test_the_pipeline_proves_and_rejects():
    samples = [Sample(id=f"ok-{name}", code=textwrap.dedent(code)) for name, code in CORRECT.items()]
    samples += [Sample(id=f"bug-{name}", code=textwrap.dedent(code)) for name, (code, _) in BUGGY.items()]
    with Verifier(VerifyConfig(stages=["z3"], workers=2)) as verifier:
        assert verifier.sandbox is None  # the stage runs on the host and never executes the sample
        done = {s.id: s for s in verifier.verify_many(samples)}
    assert len(done) == len(samples)
    for sample_id, sample in done.items():
        if sample_id.startswith("ok-"):
            assert sample.status == "accepted" and sample.level is Level.PROVED, sample.reason
            assert sample.reason == "verified (proved) by z3"
        else:
            assert sample.status == "rejected" and sample.level is Level.REJECTED
            (parse, stage) = sample.stages
            assert stage.stage == "z3" and stage.counterexample, stage.detail
            assert sample.result_dict()["stages"][1]["counterexample"] == stage.counterexample


def test_the_return_annotation_is_not_trusted():
    result = run_stage('''
        def f(x: int) -> bool:
            """post: __return__ == True or __return__ == False"""
            return 5
    ''')
    assert result.status is Status.FAILED and "(returns 5)" in result.detail


# -- differential: random straight-line programs agree with Python --------------------------------

class _RandomProgram:
    """Random loop-free programs over a, b, c: int and xs: list[int], in the fragment."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def expr(self, depth: int) -> str:
        rng = self.rng
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(["a", "b", "c", "u", str(rng.randint(-4, 4)), "True", "len(xs)", "xs[b]"])
        e = self.expr
        return rng.choice([
            lambda: f"({e(depth - 1)} {rng.choice(['+', '-', '*', '//', '%'])} {e(depth - 1)})",
            lambda: f"({e(depth - 1)} {rng.choice(['<', '<=', '==', '!='])} {e(depth - 1)} < {e(depth - 1)})",
            lambda: f"({e(depth - 1)} {rng.choice(['and', 'or'])} {e(depth - 1)})",
            lambda: f"({e(depth - 1)} if {e(depth - 1)} else {e(depth - 1)})",
            lambda: f"{rng.choice(['min', 'max'])}({e(depth - 1)}, {e(depth - 1)})",
            lambda: f"(not {e(depth - 1)}) + abs({e(depth - 1)})",
            lambda: f"({e(depth - 1)} in xs)",
        ])()

    def block(self, depth: int, pad: str) -> list[str]:
        lines: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            kind = self.rng.randint(0, 7)
            if kind <= 2:
                lines.append(f"{pad}{self.rng.choice(['u', 'a', 'b'])} = {self.expr(2)}")
            elif kind == 3:
                lines.append(f"{pad}u {self.rng.choice(['+=', '-=', '//=', '%='])} {self.expr(1)}")
            elif kind <= 5 and depth:
                lines += [f"{pad}if {self.expr(2)}:", *self.block(depth - 1, pad + "    ")]
                if self.rng.random() < 0.6:
                    lines += [f"{pad}else:", *self.block(depth - 1, pad + "    ")]
            elif kind == 6:
                lines.append(f"{pad}return {self.expr(2)}")
            else:
                lines.append(f"{pad}a, b = b, a")
        return lines

    def source(self, pre: str, post: str) -> tuple[str, str]:
        body = ["    u = c", *self.block(2, "    "), f"    return {self.expr(2)}"]
        head = "def f(a: int, b: int, c: int, xs: list[int]) -> int:\n"
        plain = head + "\n".join(body) + "\n"
        return plain, head + f'    """\n    pre: {pre}\n    post: {post}\n    """\n' + "\n".join(body) + "\n"


@pytest.mark.parametrize("seed", range(3))
def test_random_programs_pinned_to_one_input_agree_with_python(seed):
    rng = random.Random(seed)
    for _ in range(12):
        program = _RandomProgram(rng.randrange(10**9))
        inputs = dict(a=rng.randint(-4, 4), b=rng.randint(-3, 3), c=rng.randint(-4, 4),
                      xs=[rng.randint(-3, 3) for _ in range(rng.randint(0, 3))])
        pre = " and ".join(f"{k} == {v!r}" for k, v in inputs.items())
        state = program.rng.getstate()
        plain, _ = program.source(pre, "True")
        program.rng.setstate(state)
        try:
            expected, raised = load(plain)["f"](**inputs), None
        except Exception as exc:  # our own generated code: any exception is the expected verdict
            expected, raised = None, type(exc).__name__
        for claim in ([int(expected), int(expected) + 1] if raised is None else [0]):
            program.rng.setstate(state)
            _, code = program.source(pre, f"__return__ == {claim}")
            result = run_stage(code)
            if raised is not None:
                assert result.status is Status.FAILED and f"raise {raised}" in result.detail, (code, result.detail)
            elif claim == expected:
                assert result.status is Status.PASSED, (code, result.detail)
            else:
                assert result.status is Status.FAILED and result.counterexample == inputs, (code, result.detail)
                assert f"(returns {expected!r})" in result.detail or f"(returns {int(expected)})" in result.detail

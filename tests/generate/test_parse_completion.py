"""Parsing model completions: every bad answer is a rejection with a category, never an exception."""

from __future__ import annotations

import pytest
from fakes.scripted_model import fence, problem_text
from hypothesis import given, settings
from hypothesis import strategies as st

from synthcode.generate.assemble import verify_file, with_docstring
from synthcode.generate.parse import Problem, Rejection, parse_problem, parse_solution, parse_tests

GOOD = problem_text("Add two integers.", "def add(a: int, b: int) -> int:", "post: __return__ == a + b",
                    ">>> add(1, 2)\n3", "st.tuples(st.integers(), st.integers())")


def test_a_good_problem_parses_into_its_parts():
    problem = parse_problem(GOOD)
    assert isinstance(problem, Problem)
    assert (problem.entry_point, problem.params) == ("add", ("a", "b"))
    assert problem.signature == "def add(a: int, b: int) -> int:"
    assert problem.contracts == "post: __return__ == a + b"
    assert problem.strategy == "st.tuples(st.integers(), st.integers())"
    assert problem.examples == ">>> add(1, 2)\n3"


@pytest.mark.parametrize("text, finish, category", [
    (GOOD, "length", "truncated"),
    ("", "stop", "empty"),
    (None, "stop", "empty"),
    ("I'm sorry, I can't do that.", "stop", "refusal"),
    ("As an AI language model, I cannot write problems.", "stop", "refusal"),
    ("lorem ipsum \x00\x01", "stop", "missing-section"),
    (GOOD.replace("<strategy>", "<strat>"), "stop", "missing-section"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "def add(a: int,\n b: int) -> int:"), "stop", "bad-signature"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "class Add:"), "stop", "bad-signature"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "def add(a, b: int) -> int:"), "stop", "bad-signature"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "def add() -> int:"), "stop", "bad-signature"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "def add(*xs: int) -> int:"), "stop", "bad-signature"),
    (GOOD.replace("def add(a: int, b: int) -> int:", "def test_add(a: int) -> int:"), "stop", "bad-signature"),
    (GOOD.replace("post: __return__ == a + b", "ensure that it adds"), "stop", "bad-contract"),
    (GOOD.replace("post: __return__ == a + b", "post: __return__ ==="), "stop", "bad-contract"),
    (GOOD.replace("st.tuples(st.integers(), st.integers())", "st.tuples(("), "stop", "bad-strategy"),
    (GOOD.replace("st.tuples(st.integers(), st.integers())", "[1, 2]"), "stop", "bad-strategy"),
])
def test_bad_problems_are_rejected_with_a_category(text, finish, category):
    result = parse_problem(text, finish)
    assert isinstance(result, Rejection) and result.category == category, result
    assert "\n" not in result.detail


def test_signature_in_a_fence_and_without_colon_is_accepted():
    text = GOOD.replace("def add(a: int, b: int) -> int:", "```python\ndef add(a: int, b: int) -> int\n```")
    assert parse_problem(text).signature == "def add(a: int, b: int) -> int:"


SOLUTION = "def add(a: int, b: int) -> int:\n    return a + b\n"


@pytest.mark.parametrize("text, finish, category", [
    (fence(SOLUTION), "length", "truncated"),
    ("Sorry, I cannot help with that.", "stop", "refusal"),
    ("return a + b", "stop", "no-code-block"),
    (fence(SOLUTION) + "\n" + fence("print(add(1, 2))"), "stop", "several-code-blocks"),
    (fence("def add(a, b):\n    return a +"), "stop", "syntax-error"),
    (fence("def plus(a, b):\n    return a + b"), "stop", "wrong-name"),
    (fence("x = 1"), "stop", "wrong-name"),
    (fence(SOLUTION + "\ndef test_add():\n    assert add(1, 2) == 3\n"), "stop", "several-code-blocks"),
])
def test_bad_solutions_are_rejected_with_a_category(text, finish, category):
    result = parse_solution(text, finish, "add")
    assert isinstance(result, Rejection) and result.category == category, result


def test_a_solution_keeps_helpers_and_imports():
    code = "import math\n\n\ndef helper(x):\n    return x\n\n\n" + SOLUTION
    assert parse_solution("Sure:\n" + fence(code) + "\nDone.", "stop", "add") == code


def test_tests_keep_only_tests_and_imports_and_must_call_the_function():
    text = fence("import math\nfrom solution import add\n\n"
                 "def add(a, b):\n    return 0\n\n"
                 "def test_one():\n    assert add(1, 2) == 3\n\nprint('hi')\n")
    assert parse_tests(text, "stop", "add").category == "no-tests"  # redefines the function
    text = fence("import math\nfrom solution import add\n\ndef test_one():\n    assert add(1, 2) == 3\n\nprint('hi')\n")
    assert parse_tests(text, "stop", "add") == "import math\n\n\ndef test_one():\n    assert add(1, 2) == 3\n"
    assert parse_tests(fence("def test_one():\n    assert True\n"), "stop", "add").category == "no-tests"
    assert parse_tests(fence("def test_one(x):\n    assert add(x, 1)\n"), "stop", "add").category == "no-tests"
    # Keyword-only and positional-only parameters make it no test either, as for the verifier.
    for params in ("*, x", "x, /"):
        text = fence(f"def test_one({params}):\n    assert add(x, 1)\n")
        assert parse_tests(text, "stop", "add").category == "no-tests", params


def test_the_verify_file_carries_docstring_contracts_and_a_property_test():
    problem = parse_problem(GOOD)
    code = verify_file(problem, 'from __future__ import annotations\n\ndef add(a, b):\n    """Old."""\n    return a + b\n',
                       "def test_one():\n    assert add(1, 2) == 3\n")
    assert code.startswith("from __future__ import annotations\n")
    assert '"""\n    Add two integers.\n\n    post: __return__ == a + b\n    """' in code and "Old." not in code
    assert "@given(st.tuples(st.integers(), st.integers()))\ndef test_property_strategy(args):\n" \
           "    (a, b) = args\n    __return__ = add(a, b)\n    assert __return__ == a + b\n" in code
    compile(code, "<verify>", "exec")


def test_docstring_goes_in_with_the_body_indentation_and_one_line_defs_stay():
    code = with_docstring("def f(x):\n        # why\n        return x\n", "f", 'say """hi"""')
    assert code == 'def f(x):\n        # why\n        """\n        say \\"\\"\\"hi\\"\\"\\"\n        """\n        return x\n'
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["f"].__doc__.strip() == 'say """hi"""'
    assert with_docstring("def f(x): return x\n", "f", "doc") == "def f(x): return x\n"
    compile(with_docstring('def f(x):\n    "only a docstring"\n', "f", "doc"), "<f>", "exec")


PIECES = list("<>/`\n :()[]-\x00") + ["def f(x: int) -> int:", "post", "pre", "<statement>", "</statement>",
                                       "```python\n", "<signature>", "</signature>", "<strategy>", "</strategy>",
                                       "st.", "add", "return", "def add(a, b):\n    "]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.sampled_from(["stop", "length"]))
def test_no_completion_crashes_the_parsers(text, finish):
    assert isinstance(parse_problem(text, finish), (Problem, Rejection))
    assert isinstance(parse_solution(text, finish, "add"), (str, Rejection))
    assert isinstance(parse_tests(text, finish, "add"), (str, Rejection))


@pytest.mark.parametrize("code", ["-" * 100000 + "1", "a." * 100000 + "b", "x = 1\x00"])
def test_pathological_code_is_a_syntax_error_not_a_crash(code):
    assert parse_solution(fence(code), "stop", "add").category == "syntax-error"
    text = GOOD.replace("post: __return__ == a + b", "post: " + code)
    assert parse_problem(text).category == "bad-contract"

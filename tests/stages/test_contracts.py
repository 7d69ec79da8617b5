"""Contract extraction: docstring (PEP 316 / CrossHair), leading asserts, icontract; nothing runs."""

from __future__ import annotations

import ast
import textwrap

from synthcode.contracts import RETURN, extract_contracts


def contracts_of(source: str):
    return extract_contracts(ast.parse(textwrap.dedent(source)))


def sources(conditions) -> list[str]:
    return [c.source for c in conditions]


def test_docstring_lines_become_conditions_with_their_source_lines():
    source = textwrap.dedent('''
        def clamp(x: int, lo: int, hi: int) -> int:
            """Clamp x into [lo, hi].

            pre: lo <= hi
            post: lo <= __return__ <= hi
            post: __return__ == x or not lo <= x <= hi
            """
            return max(lo, min(x, hi))
    ''')
    found = extract_contracts(ast.parse(source))
    assert not found.problems
    c = found.functions["clamp"]
    assert c.params == ["x", "lo", "hi"]
    assert c.annotations == {"x": "int", "lo": "int", "hi": "int"}
    assert c.returns == "int"
    assert sources(c.pre) == ["lo <= hi"]
    assert sources(c.post) == ["lo <= __return__ <= hi", "__return__ == x or not lo <= x <= hi"]
    lines = source.splitlines()
    for cond in c.pre + c.post:
        assert cond.origin == "docstring"
        assert cond.expr.lineno == cond.line
        assert cond.source in lines[cond.line - 1]
    assert c.post[0].mentions(RETURN) and not c.pre[0].mentions(RETURN)


def test_crosshair_variants_sections_brackets_and_raises():
    c = contracts_of('''
        def f(xs: list[int], k: int) -> int:
            """
            :pre: k >= 0
            pre::
                len(xs) > 0
                # a comment line inside a section is skipped
                k < len(xs)
            post[xs]:
                __return__ in xs
            raises: IndexError, ValueError
            """
            return xs[k]
    ''').functions["f"]
    assert sources(c.pre) == ["k >= 0", "len(xs) > 0", "k < len(xs)"]
    assert sources(c.post) == ["__return__ in xs"]
    assert c.raises == ["IndexError", "ValueError"]


def test_old_is_recorded():
    c = contracts_of('''
        def bump(x: int) -> int:
            """post: __return__ > __old__.x"""
            return x + 1
    ''').functions["bump"]
    assert c.post[0].uses_old


def test_a_contract_line_that_does_not_parse_is_a_problem_not_a_crash():
    found = contracts_of('''
        def f(x: int) -> int:
            """
            pre: x is a positive number
            post: __return__ >= x
            """
            return x
    ''')
    (problem,) = found.problems
    assert problem.function == "f" and problem.line == 4 and problem.invalid
    assert "x is a positive number" in str(problem) and "line 4" in str(problem)
    assert sources(found.functions["f"].post) == ["__return__ >= x"]  # the rest is still read


def test_leading_asserts_on_parameters_are_preconditions():
    c = contracts_of('''
        LIMIT = 10

        def f(n: int, xs: list[int]) -> int:
            """Sum of the first n items."""
            assert isinstance(n, int)
            assert 0 <= n <= len(xs), "n in range"
            assert all(v >= 0 for v in xs)
            assert n < LIMIT
            assert n > 1
            return n
    ''').functions["f"]
    # `n < LIMIT` reads a global: scanning stops there, so `n > 1` is not a precondition either.
    assert sources(c.pre) == ["isinstance(n, int)", "0 <= n <= len(xs)", "all((v >= 0 for v in xs))"]
    assert all(cond.origin == "assert" for cond in c.pre)
    assert c.pre[1].line == 7


def test_asserts_after_other_statements_are_not_preconditions():
    found = contracts_of('''
        def f(n: int) -> int:
            m = n + 1
            assert m > 0
            return m
    ''')
    assert found.functions == {}


def test_icontract_decorators():
    c = contracts_of('''
        import icontract

        @icontract.require(lambda x: x > 0, "x must be positive")
        @icontract.require(lambda x, y: x < y)
        @icontract.ensure(lambda result, x: result > x)
        @icontract.ensure(lambda OLD, result, y: result <= OLD.y)
        def f(x: int, y: int) -> int:
            return y
    ''').functions["f"]
    assert sources(c.pre) == ["x < y", "x > 0"]
    assert sources(c.post) == ["__return__ <= __old__.y", "__return__ > x"]
    assert all(cond.origin == "icontract" for cond in c.pre + c.post)
    assert c.post[0].uses_old
    assert c.other_decorators == []


def test_icontract_aliases_and_from_imports():
    found = contracts_of('''
        import icontract as ic
        from icontract import require, ensure as after

        @ic.require(lambda a: a >= 0)
        @require(lambda a: a < 100)
        @after(lambda result: result >= 0)
        def g(a: int) -> int:
            return a
    ''')
    c = found.functions["g"]
    assert sources(c.pre) == ["a < 100", "a >= 0"]
    assert sources(c.post) == ["__return__ >= 0"]


def test_a_bare_require_not_imported_from_icontract_is_just_a_decorator():
    found = contracts_of('''
        from mylib import require

        @require(lambda a: a >= 0)
        def g(a: int) -> int:
            return a
    ''')
    assert found.functions == {} and found.problems == []


def test_icontract_problems():
    found = contracts_of('''
        import icontract

        def positive(x):
            return x > 0

        @icontract.require(positive)
        @icontract.require(lambda z: z > 0)
        @icontract.ensure(lambda result: result > 0)
        def f(x: int) -> int:
            return x
    ''')
    by_message = {p.message: p for p in found.problems}
    assert not by_message["icontract.require condition is not a lambda"].invalid
    assert by_message["icontract.require lambda takes 'z', which is not a parameter of f"].invalid
    assert sources(found.functions["f"].post) == ["__return__ > 0"]


def test_other_decorators_are_kept_for_later_stages():
    c = contracts_of('''
        import functools

        @functools.cache
        def f(x: int) -> int:
            """post: __return__ == x"""
            return x
    ''').functions["f"]
    assert [ast.unparse(d) for d in c.other_decorators] == ["functools.cache"]


def test_only_top_level_functions_with_contracts_and_the_last_definition_wins():
    found = contracts_of('''
        def plain(x):
            return x

        def twice(x: int) -> int:
            """post: __return__ == 2 * x"""
            return 2 * x

        def twice(x: int) -> int:
            return 2 * x

        def again(x: int) -> int:
            """pre: x ("""
            return x

        def again(x: int) -> int:
            """post: __return__ == x"""
            return x

        class C:
            def method(self, x: int) -> int:
                """post: __return__ == x"""
                return x

        async def coro(x: int) -> int:
            """post: __return__ == x"""
            return x
    ''')
    assert list(found.functions) == ["again"]
    assert found.problems == []  # the broken first `again` was replaced


def test_nothing_in_the_sample_is_executed(tmp_path):
    marker = tmp_path / "ran"
    found = contracts_of(f'''
        open({str(marker)!r}, "w").write("ran")
        raise SystemExit(3)

        def f(x: int) -> int:
            """post: __return__ == x"""
            return x
    ''')
    assert "f" in found.functions
    assert not marker.exists()

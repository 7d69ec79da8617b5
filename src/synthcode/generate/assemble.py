"""Putting a problem, one candidate solution and the tests together into one verify file.

The problem's statement and PEP 316 contracts become the entry point's docstring (replacing any
the model wrote), so the verifier's contract-reading stages see them; the problem's Hypothesis
strategy becomes an ``@given`` test that assumes the preconditions and asserts the
postconditions on every drawn input::

    code = verify_file(problem, solution_code, tests_code)
    Sample(id=..., code=code, entry_point=problem.entry_point)
"""

from __future__ import annotations

import ast

from synthcode.analysis import parse
from synthcode.generate.parse import Problem

PROPERTY_TEST = "test_property_strategy"


def _docstring_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def docstring(problem: Problem) -> str:
    """The entry point's docstring body: the statement, then the contract lines."""
    parts = [problem.statement.strip()]
    if problem.contracts.strip():
        parts.append(problem.contracts.strip())
    return "\n\n".join(parts)


def with_docstring(code: str, entry_point: str, text: str) -> str:
    """``code`` with ``entry_point``'s docstring replaced by ``text`` (edited as text: comments stay)."""
    tree = parse(code)
    node = next(n for n in reversed(tree.body)  # type: ignore[attr-defined]
                if isinstance(n, ast.FunctionDef) and n.name == entry_point)
    lines = code.splitlines()
    first = node.body[0]
    if node.body[0].lineno == node.lineno:  # `def f(x): return x` on one line
        return code
    indent = lines[first.lineno - 1][: len(lines[first.lineno - 1]) - len(lines[first.lineno - 1].lstrip())]
    body = "\n".join(indent + line if line.strip() else "" for line in _docstring_safe(text).splitlines())
    doc = [f'{indent}"""', body, f'{indent}"""']
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
        first.value.value, str)
    if has_doc:
        if len(node.body) == 1:  # a docstring-only body would lose its only statement
            doc.append(f"{indent}...")
        lines[first.lineno - 1: first.end_lineno] = doc
    else:
        lines[first.lineno - 1: first.lineno - 1] = doc
    return "\n".join(lines) + "\n"


def property_test(problem: Problem) -> str:
    """An ``@given`` test over the problem's strategy that checks its contracts on every input."""
    pre, post = [], []
    for line in problem.contracts.splitlines():
        kind, _, expr = line.partition(":")
        if kind == "pre":
            pre.append(expr.strip())
        elif kind == "post" and "__old__" not in expr:
            post.append(expr.strip())
    params = ", ".join(problem.params) + ("," if len(problem.params) == 1 else "")
    body = [f"    ({params}) = args"]
    body += [f"    assume({expr})" for expr in pre]
    body.append(f"    __return__ = {problem.entry_point}({', '.join(problem.params)})")
    body += [f"    assert {expr}" for expr in post]
    return (f"@given({problem.strategy})\n"
            f"def {PROPERTY_TEST}(args):\n" + "\n".join(body) + "\n")


def verify_file(problem: Problem, solution: str, tests: str, *, strategy: bool = True) -> str:
    """The module the verifier runs: imports, the solution (with the problem's docstring), tests.

    ``strategy=False`` leaves out the property test and its Hypothesis import: the file the
    generation job screens every candidate with (only the tests run on it), so each run forks a
    zygote that needs no Hypothesis instead of importing it (about 0.3 CPU seconds a run)."""
    solution = with_docstring(solution, problem.entry_point, docstring(problem))
    future = [line for line in solution.splitlines() if line.startswith("from __future__ ")]
    solution = "\n".join(line for line in solution.splitlines() if line not in future)
    if not strategy:
        return "".join(line + "\n" for line in future) + f"{solution.strip()}\n\n\n{tests.strip()}\n"
    return (
        "".join(line + "\n" for line in future) +
        "from hypothesis import assume, given\n"
        "from hypothesis import strategies as st\n\n\n"
        f"{solution.strip()}\n\n\n"
        f"{tests.strip()}\n\n\n"
        f"{property_test(problem)}"
    )

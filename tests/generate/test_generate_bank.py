"""The scripted model's bank parses as scripted (tests/fakes/scripted_model.py).

Run as a script, it writes the committed demo cache (``examples/generate-cache/``) by running the
real job against a loopback server with the scripted model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fakes.scripted_model import BAD_PROBLEMS, BANK, make_demo_cache

from synthcode.generate.parse import Rejection, parse_problem, parse_solution, parse_tests


def test_bank_parses_as_scripted():
    for name, entry in BANK.items():
        problem = parse_problem(entry["problem"], "stop")
        assert not isinstance(problem, Rejection), (name, problem)
        assert problem.entry_point == name
        tests = parse_tests(entry["tests"], "stop", name)
        assert isinstance(tests, Rejection) == (name == "reverse_words"), name
        verdicts = [parse_solution(s, "stop", name) for s in entry["solutions"]]
        if name == "clamp_all":
            assert [getattr(v, "category", "ok") for v in verdicts] == ["wrong-name", "syntax-error", "ok"]
        elif name == "squares":
            assert all(getattr(v, "category", "") == "several-code-blocks" for v in verdicts)
        else:
            assert not any(isinstance(v, Rejection) for v in verdicts), name
    assert parse_problem(BAD_PROBLEMS["refusal"]).category == "refusal"
    assert parse_problem(BAD_PROBLEMS["truncated"], "length").category == "truncated"
    assert parse_problem(BAD_PROBLEMS["garbage"]).category == "missing-section"


if __name__ == "__main__":
    make_demo_cache(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "examples/generate-cache")

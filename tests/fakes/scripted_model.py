"""A scripted model for the generation tests: answers problem, solution and tests prompts from a bank.

The bank plays a model with every kind of answer the job must handle: good problems with several
correct solutions, a buggy candidate that passes the weak tests (only the differential stage
among candidates catches it), a refusal, a truncation, garbage, a wrong function name, a syntax
error, several code blocks, a duplicate of an earlier problem and a copy of HumanEval/0.

The problem request of index ``i`` is told apart by its sampling seed (the job derives it from the
run's seed and ``i``); solution and tests requests by the function name in their prompt::

    model = ScriptedModel(seed=0, count=12)
    with FakeOpenAIServer(model) as server:
        ...

:func:`make_demo_cache` writes the committed demo cache (``examples/generate-cache/``) by running the
real job against a loopback server with this model (``PYTHONPATH=tests python tests/generate/test_generate_bank.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

from synthcode.generate.problems import sub_seed


def fence(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


def problem_text(statement: str, signature: str, contracts: str, examples: str, strategy: str) -> str:
    return (f"<statement>\n{statement}\n</statement>\n<signature>\n{signature}\n</signature>\n"
            f"<contracts>\n{contracts}\n</contracts>\n<examples>\n{examples}\n</examples>\n"
            f"<strategy>\n{strategy}\n</strategy>\n")


LONGEST_RUN = dict(
    problem=problem_text(
        "Return the length of the longest run of equal adjacent values in a list of integers "
        "(0 for an empty list).",
        "def longest_run(xs: list[int]) -> int:",
        "post: 0 <= __return__ <= len(xs)\npost: (__return__ == 0) == (len(xs) == 0)",
        ">>> longest_run([1, 1, 2, 2, 2, 3])\n3",
        "st.tuples(st.lists(st.integers(min_value=0, max_value=3), max_size=20))"),
    solutions=[
        "Here is my solution:\n\n" + fence("""
def longest_run(xs: list[int]) -> int:
    best = current = 0
    for i, x in enumerate(xs):
        current = current + 1 if i and xs[i - 1] == x else 1
        best = max(best, current)
    return best
"""),
        fence("""
import itertools


def longest_run(xs: list[int]) -> int:
    return max((len(list(group)) for _, group in itertools.groupby(xs)), default=0)
"""),
        fence("""
def longest_run(xs: list[int]) -> int:
    if not xs:
        return 0
    best, run = 1, 1
    for a, b in zip(xs, xs[1:]):
        run = run + 1 if a == b else 1
        if run > best:
            best = run
    return best
"""),
    ],
    tests=fence("""
def test_examples():
    assert longest_run([1, 1, 2, 2, 2, 3]) == 3
    assert longest_run([]) == 0


def test_single():
    assert longest_run([7]) == 1
"""),
)

SUM_EVENS = dict(
    problem=problem_text(
        "Return the sum of the even numbers in a list of integers (negative ones included).",
        "def sum_evens(xs: list[int]) -> int:",
        "post: __return__ % 2 == 0",
        ">>> sum_evens([1, 2, 3, 4])\n6",
        "st.tuples(st.lists(st.integers(min_value=-50, max_value=50), max_size=20))"),
    solutions=[
        # The first candidate is wrong (drops negative evens), yet passes the weak tests; the
        # second carries a loop invariant that proves its contract (with the proof stage: `proved`).
        fence("""
def sum_evens(xs: list[int]) -> int:
    return sum(x for x in xs if x % 2 == 0 and x > 0)
"""),
        fence("""
def sum_evens(xs: list[int]) -> int:
    total = 0
    for x in xs:
        # invariant: total % 2 == 0
        if x % 2 == 0:
            total += x
    return total
"""),
        fence("""
def sum_evens(xs: list[int]) -> int:
    return sum(x for x in xs if x % 2 == 0)
"""),
    ],
    tests=fence("""
def test_examples():
    assert sum_evens([1, 2, 3, 4]) == 6
    assert sum_evens([]) == 0
"""),
)

CLAMP_ALL = dict(
    problem=problem_text(
        "Clamp every value of a list into the closed interval [lo, hi].",
        "```python\ndef clamp_all(xs: list[int], lo: int, hi: int) -> list[int]\n```",
        "pre: lo <= hi\npost: len(__return__) == len(xs)\npost: all(lo <= y <= hi for y in __return__)",
        ">>> clamp_all([1, 5, 9], 2, 6)\n[2, 5, 6]",
        "st.tuples(st.lists(st.integers(-20, 20), max_size=20), st.integers(-10, 0), st.integers(0, 10))"),
    solutions=[
        fence("""
def clamp(xs: list[int], lo: int, hi: int) -> list[int]:
    return [min(max(x, lo), hi) for x in xs]
"""),
        fence("""
def clamp_all(xs: list[int], lo: int, hi: int) -> list[int]:
    return [min(max(x, lo), hi) for x in xs
"""),
        fence("""
def clamp_all(xs: list[int], lo: int, hi: int) -> list[int]:
    return [lo if x < lo else hi if x > hi else x for x in xs]
"""),
    ],
    tests=fence("""
def test_examples():
    assert clamp_all([1, 5, 9], 2, 6) == [2, 5, 6]
    assert clamp_all([], 0, 1) == []
"""),
)

# The same problem as LONGEST_RUN, reworded and renamed: a duplicate.
MAX_EQUAL_RUN = dict(
    problem=problem_text(
        "Give the length of the longest stretch of equal neighbouring values in a list of integers "
        "(0 when the list is empty).",
        "def max_equal_run(values: list[int]) -> int:",
        "post: 0 <= __return__ <= len(values)",
        ">>> max_equal_run([4, 4, 4, 1])\n3",
        "st.tuples(st.lists(st.integers(0, 3), max_size=20))"),
    solutions=[fence("""
def max_equal_run(values: list[int]) -> int:
    longest = streak = 0
    for k, v in enumerate(values):
        streak = streak + 1 if k and values[k - 1] == v else 1
        longest = max(longest, streak)
    return longest
""")] * 3,
    tests=fence("""
def test_examples():
    assert max_equal_run([4, 4, 4, 1]) == 3
"""),
)

# HumanEval/0, statement and solution copied: decontamination must catch it.
HAS_CLOSE = dict(
    problem=problem_text(
        "Check if in given list of numbers, are any two numbers closer to each other than given threshold.\n"
        ">>> has_close_elements([1.0, 2.0, 3.0], 0.5)\nFalse\n"
        ">>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)\nTrue",
        "def has_close_elements(numbers: list[float], threshold: float) -> bool:",
        "",
        ">>> has_close_elements([1.0, 2.0, 3.0], 0.5)\nFalse",
        "st.tuples(st.lists(st.floats(-10, 10), max_size=10), st.floats(0, 1))"),
    solutions=[fence("""
def has_close_elements(numbers: list[float], threshold: float) -> bool:
    for idx, elem in enumerate(numbers):
        for idx2, elem2 in enumerate(numbers):
            if idx != idx2:
                distance = abs(elem - elem2)
                if distance < threshold:
                    return True

    return False
""")] * 3,
    tests=fence("""
def test_examples():
    assert has_close_elements([1.0, 2.0, 3.0], 0.5) is False
"""),
)

# Every candidate fails its tests.
DIGIT_SUM = dict(
    problem=problem_text(
        "Return the sum of the decimal digits of a non-negative integer.",
        "def digit_sum(n: int) -> int:",
        "pre: n >= 0\npost: __return__ >= 0",
        ">>> digit_sum(1234)\n10",
        "st.tuples(st.integers(min_value=0, max_value=10**6))"),
    solutions=[fence("""
def digit_sum(n: int) -> int:
    return len(str(n))
""")] * 3,
    tests=fence("""
def test_examples():
    assert digit_sum(1234) == 10
    assert digit_sum(0) == 0
"""),
)

# Good problem, but every tests answer is prose without code.
REVERSE_WORDS = dict(
    problem=problem_text(
        "Reverse the order of the words of a sentence (words are separated by single spaces).",
        "def reverse_words(text: str) -> str:",
        "post: len(__return__) == len(text)",
        ">>> reverse_words('a b c')\n'c b a'",
        "st.tuples(st.text(alphabet='ab ', max_size=10))"),
    solutions=[fence("""
def reverse_words(text: str) -> str:
    return " ".join(reversed(text.split(" ")))
""")] * 3,
    tests="You should test it with a few sentences, for example 'a b c'.",
)

# Two code blocks per solution answer.
SQUARES = dict(
    problem=problem_text(
        "Return the squares of the numbers of a list, in the same order.",
        "def squares(xs: list[int]) -> list[int]:",
        "post: len(__return__) == len(xs)\npost: all(y >= 0 for y in __return__)",
        ">>> squares([1, -2])\n[1, 4]",
        "st.tuples(st.lists(st.integers(-100, 100), max_size=20))"),
    solutions=[fence("def squares(xs: list[int]) -> list[int]:\n    return [x * x for x in xs]")
               + "\n\nUsage:\n\n" + fence("print(squares([1, 2]))")] * 3,
    tests=fence("""
def test_examples():
    assert squares([1, -2]) == [1, 4]
"""),
)

BANK = {name: entry for name, entry in [
    ("longest_run", LONGEST_RUN), ("sum_evens", SUM_EVENS), ("clamp_all", CLAMP_ALL),
    ("max_equal_run", MAX_EQUAL_RUN), ("has_close_elements", HAS_CLOSE), ("digit_sum", DIGIT_SUM),
    ("reverse_words", REVERSE_WORDS), ("squares", SQUARES)]}

# What problem index i gets (cycling): a bank entry's name, or a scripted bad answer.
SCRIPT = [
    "longest_run", "refusal", "sum_evens", "truncated", "clamp_all", "garbage", "max_equal_run",
    "has_close_elements", "digit_sum", "reverse_words", "squares", "no-signature",
]

EXPECTED = {
    "longest_run": "accepted", "refusal": "refusal", "sum_evens": "accepted", "truncated": "truncated",
    "clamp_all": "accepted", "garbage": "missing-section", "max_equal_run": "duplicate",
    "has_close_elements": "contaminated", "digit_sum": "tests-failed", "reverse_words": "no-code-block",
    "squares": "several-code-blocks", "no-signature": "missing-section",
}
"""The row category each script entry must end as."""

BAD_PROBLEMS = {
    "refusal": "I'm sorry, but I can't help with writing that problem.",
    "truncated": "<statement>\nReturn the number of " + "very " * 60,
    "garbage": "\x00\x01 ]]} <<<statement lorem ipsum",
    "no-signature": problem_text("Add two numbers.", "", "", "", "st.tuples(st.integers(), st.integers())"),
}


class ScriptedModel:
    """The responder for ``FakeOpenAIServer``: ``model(body) -> text`` or ``(text, finish_reason)``."""

    def __init__(self, seed: int = 0, count: int = 64) -> None:
        self.by_seed = {sub_seed(seed, i, "problem"): i for i in range(count)}

    def __call__(self, body: dict) -> str | tuple[str, str]:
        user = body["messages"][-1]["content"]
        choice = body.get("_choice", 0)
        if user.startswith("Write one new Python programming problem"):
            index = self.by_seed.get(body.get("seed"))
            if index is None:
                return "I cannot tell which problem this is."
            name = SCRIPT[index % len(SCRIPT)]
            if name == "truncated":
                return BAD_PROBLEMS[name], "length"
            return BAD_PROBLEMS.get(name) or BANK[name]["problem"]
        match = re.search(r"`(\w+)`", user)
        entry = BANK.get(match.group(1)) if match else None
        if entry is None:
            return "Sorry, I do not know this function."
        if user.startswith("Write unit tests"):
            return entry["tests"]
        solutions = entry["solutions"]
        return solutions[choice % len(solutions)]


def make_demo_cache(target: Path, count: int = len(SCRIPT)) -> None:
    """Run the real job against a loopback server playing this model; keep only its cache."""
    import shutil
    import tempfile

    from fakes.openai_server import FakeOpenAIServer

    from synthcode.config import load_config
    from synthcode.generate.config import ROOT, GenerateConfig
    from synthcode.generate.job import GenerateJob

    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer(ScriptedModel(0, count), model="scripted-coder") as server:
        config = load_config(GenerateConfig, ROOT / "configs/generate/demo.yaml", {
            "out": tmp, "num_problems": count,
            "model": {"backend": "openai", "model": "scripted-coder", "endpoints": [server.url]}})
        config.resolve_paths(ROOT / "configs/generate")
        config.seed_cache = None
        GenerateJob(config).run()
        target.mkdir(parents=True, exist_ok=True)
        db = Path(tmp) / "cache" / "responses.sqlite"
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("VACUUM")
        conn.close()
        shutil.copy(db, target / "responses.sqlite")

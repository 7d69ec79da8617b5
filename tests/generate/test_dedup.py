"""Exact (normalized AST) and near-duplicate (MinHash LSH) detection across problems."""

from __future__ import annotations

import pytest

from synthcode.errors import ConfigError
from synthcode.generate.dedup import DedupConfig, DedupIndex, normalize_code

SUM = '''import math


def total(xs: list[int]) -> int:
    """Add them up."""
    acc = 0  # running sum
    for x in xs:
        acc += x
    return acc
'''

SUM_RENAMED = '''def add_all(values):
    s = 0
    for v in values:
        s += v
    return s
'''

STATEMENT = ("Given a list of integer temperatures for consecutive days, return for each day how many days "
             "you would have to wait until a warmer temperature, or zero when there is no warmer day. The input "
             "may be empty, in which case the answer is an empty list; temperatures are between thirty and one "
             "hundred degrees and the list holds at most ten thousand of them.")


def test_normalization_ignores_names_docstrings_comments_and_hints_but_not_logic():
    assert normalize_code(SUM) == normalize_code(SUM_RENAMED)
    assert normalize_code(SUM) != normalize_code(SUM_RENAMED.replace("s += v", "s -= v"))
    assert normalize_code(SUM) != normalize_code(SUM_RENAMED.replace("s = 0", "s = 1"))
    # Builtins keep their names: sum() and max() are different programs.
    assert normalize_code("def f(x):\n    return sum(x)\n") != normalize_code("def f(x):\n    return max(x)\n")
    assert normalize_code("def f(:") == "def f(:"  # unparsable code is compared as text


def test_exact_and_near_duplicates_across_problems_only():
    index = DedupIndex(DedupConfig())
    assert index.check("p1", "Sum a list.", "def total(xs: list[int]) -> int:", [SUM, SUM]) is None
    index.add("p1", "Sum a list.", "def total(xs: list[int]) -> int:", [SUM, SUM])
    # The same problem id is never its own duplicate (a rerun re-adds it).
    assert index.check("p1", "Sum a list.", "def total(xs: list[int]) -> int:", [SUM]) is None
    hit = index.check("p2", "Add up the numbers.", "def g(v: list[int]) -> int:", [SUM_RENAMED])
    assert hit and "exact duplicate (normalized AST)" in hit and "p1" in hit
    assert "exact duplicate of problem p1" in index.check("p3", "  SUM a list ", "def total(ys: list[int]) -> int:",
                                                          ["def total(ys):\n    return 0\n"])

    index.add("p4", STATEMENT, "def wait_days(t: list[int]) -> list[int]:", ["def wait_days(t):\n    return t\n"])
    near = STATEMENT.replace("thirty", "twenty")
    hit = index.check("p5", near, "def warmer(t: list[int]) -> list[int]:", ["def warmer(t):\n    return [0]\n"])
    assert hit and hit.startswith("near duplicate (MinHash) of problem p4")
    other = "Return the number of distinct words in a sentence, ignoring case and punctuation marks entirely."
    assert index.check("p6", other, "def distinct(s: str) -> int:",
                       ["def distinct(s):\n    return len(set(s.lower().split()))\n"]) is None


def test_config_is_validated():
    with pytest.raises(ConfigError, match="near_threshold"):
        DedupConfig(near_threshold=1.5)
    with pytest.raises(ConfigError, match="num_perm"):
        DedupConfig(num_perm=4)

from __future__ import annotations

import math

import pytest

from synthcode.mutation import generate_inputs, parse_repr


def test_generation_is_deterministic_distinct_and_shape_aware():
    seeds = [(3, [1, 2], "abc", (1, "x"), {"k": 2})]
    first = generate_inputs(seeds, 200, seed=7)
    assert first == generate_inputs(seeds, 200, seed=7)
    assert first != generate_inputs(seeds, 200, seed=8)
    assert len(first) == 200 and len({repr(a) for a in first}) == 200
    assert all(repr(a) != repr(seeds[0]) for a in first)
    for n, xs, s, pair, mapping in first:
        assert isinstance(n, int) and isinstance(s, str) and isinstance(mapping, dict)
        assert isinstance(xs, list) and all(isinstance(x, int) for x in xs)
        assert isinstance(pair, tuple) and len(pair) == 2  # tuples keep their shape
    assert any(n < 0 for n, *_ in first) and any(n == 0 for n, *_ in first)
    assert any(xs == [] for _, xs, *_ in first) and any(len(xs) > 2 for _, xs, *_ in first)


def test_no_seeds_or_no_arguments_give_nothing():
    assert generate_inputs([], 10) == []
    assert generate_inputs([()], 10) == []


@pytest.mark.parametrize("value", [
    0, -3, 2.5, -0.0, math.inf, -math.inf, "it's", b"\x00", None, True, (1, "a", [None]), {"a": [1.0]},
    {1, 2}, set(), frozenset({3}), 1 + 2j, [[], {}],
])
def test_parse_repr_round_trips(value):
    assert repr(parse_repr(repr(value))) == repr(value)


def test_parse_repr_handles_nan_and_refuses_code():
    assert math.isnan(parse_repr("nan")) and math.isnan(parse_repr("float('nan')"))
    for text in ("__import__('os').system('x')", "open('f')", "x", "[i for i in ()]", "<object at 0x1>"):
        with pytest.raises(ValueError, match="not a literal"):
            parse_repr(text)

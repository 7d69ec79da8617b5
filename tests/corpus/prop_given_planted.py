"""Planted bug that the file's unit test misses and its own @given test catches, even though the
file asks Hypothesis for a single explicit-phase example: the stage's settings override it."""

from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st


def run_length(s: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch in s:
        if out and out[-1][0] == ch and out[-1][1] < 3:  # the planted bug: runs capped at 3
            out[-1] = (ch, out[-1][1] + 1)
        elif out and out[-1][0] == ch:
            out.append((ch, 1))
        else:
            out.append((ch, 1))
    return out


def test_run_length():
    assert run_length("aaab") == [("a", 3), ("b", 1)]


@settings(max_examples=1, phases=[Phase.explicit], database=None)
@example("")
@given(st.text(alphabet="ab"))
def test_adjacent_runs_differ(s):
    runs = run_length(s)
    assert all(a[0] != b[0] for a, b in zip(runs, runs[1:]))

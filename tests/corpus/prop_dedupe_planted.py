"""Planted bug the unit test misses: dedupe drops an element when a value repeats three times.

Caught by the properties stage (the contract's postcondition, on inputs from the type hints)."""


def dedupe(xs: list[int]) -> list[int]:
    """Remove repeated values, keeping the first occurrence of each.

    post: sorted(__return__) == sorted(set(xs))
    post: len(__return__) == len(set(xs))
    """
    seen: set[int] = set()
    out = []
    for x in xs:
        if x in seen:
            if xs.count(x) >= 3:
                out = out[:-1]  # the planted bug
            continue
        seen.add(x)
        out.append(x)
    return out


def test_dedupe():
    assert dedupe([3, 1, 3, 2, 1]) == [3, 1, 2]
    assert dedupe([]) == []

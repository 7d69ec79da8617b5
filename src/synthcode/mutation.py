"""Type- and shape-aware mutation of example inputs (in the spirit of EvalPlus).

Differential testing needs inputs beyond the few a file's tests use, and must work without type
hints. Starting from the argument tuples the tests actually passed (the *seeds*), each new input
mutates one seed: numbers move to neighbours, signs and zero; strings gain, lose or swap
characters; containers gain, lose, reorder or mutate elements, keeping their element types; values
seen anywhere in the seeds (the *ingredients*) are spliced in. Generation is deterministic for a
given seed::

    inputs = generate_inputs([(3, [1, 2])], count=50, seed=0)
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

from synthcode.analysis import parse
from synthcode.sandbox.harnesses import literals

MAX_INT = 10**6
MAX_LEN = 64


def _ingredients(values: Iterable[Any], pool: dict[type, list[Any]]) -> None:
    for value in values:
        kind = type(value)
        if kind in (int, float, str, bool) and value not in pool.setdefault(kind, []):
            if len(pool[kind]) < 200:
                pool[kind].append(value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            _ingredients(value, pool)
        elif isinstance(value, dict):
            _ingredients(value.keys(), pool)
            _ingredients(value.values(), pool)


class Mutator:
    def __init__(self, seeds: list[tuple], rng: random.Random) -> None:
        self.rng = rng
        self.pool: dict[type, list[Any]] = {}
        for args in seeds:
            _ingredients(args, self.pool)

    def _from_pool(self, kind: type, fallback: Any) -> Any:
        values = self.pool.get(kind)
        return self.rng.choice(values) if values else fallback

    def mutate(self, value: Any, depth: int = 0) -> Any:
        rng = self.rng
        if isinstance(value, bool):
            return not value if rng.random() < 0.7 else value
        if isinstance(value, int):
            choice = rng.randrange(7)
            if choice == 0:
                return value + 1
            if choice == 1:
                return value - 1
            if choice == 2:
                return -value
            if choice == 3:
                return 0
            if choice == 4:
                return max(-MAX_INT, min(MAX_INT, value * 2 + rng.choice((-1, 1))))
            if choice == 5:
                return self._from_pool(int, value)
            return rng.randint(-abs(value) - 10, abs(value) + 10)
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return rng.uniform(-10, 10)
            choice = rng.randrange(5)
            if choice == 0:
                return value + rng.choice((-1.0, 1.0, 0.5, -0.5))
            if choice == 1:
                return -value
            if choice == 2:
                return 0.0
            if choice == 3:
                return self._from_pool(float, value * 1.5)
            return round(rng.uniform(-abs(value) - 10, abs(value) + 10), 3)
        if isinstance(value, str):
            return self._mutate_str(value)
        if isinstance(value, list):
            return self._mutate_sequence(value, depth)
        if isinstance(value, tuple):
            # Tuples are often fixed-shape records: keep the length, mutate one field.
            if not value:
                return value
            i = rng.randrange(len(value))
            return value[:i] + (self.mutate(value[i], depth + 1),) + value[i + 1:]
        if isinstance(value, (set, frozenset)):
            return type(value)(self._mutate_sequence(list(value), depth))
        if isinstance(value, dict):
            return self._mutate_dict(value, depth)
        return value

    def _mutate_str(self, value: str) -> str:
        rng = self.rng
        alphabet = "".join(sorted(set(value))) or "ab"
        choice = rng.randrange(7)
        if choice == 0 and value:
            i = rng.randrange(len(value))
            return value[:i] + value[i + 1:]
        if choice == 1:
            i = rng.randrange(len(value) + 1)
            return (value[:i] + rng.choice(alphabet + " aZ9") + value[i:])[:MAX_LEN * 4]
        if choice == 2 and len(value) > 1:
            chars = list(value)
            i, j = rng.randrange(len(chars)), rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
            return "".join(chars)
        if choice == 3:
            return value.swapcase()
        if choice == 4:
            return ""
        if choice == 5:
            return self._from_pool(str, value[::-1])
        return (value + value[: rng.randrange(len(value) + 1)])[:MAX_LEN * 4]

    def _mutate_sequence(self, value: list, depth: int) -> list:
        rng = self.rng
        items = list(value)
        choice = rng.randrange(6)
        if choice == 0 and items:
            i = rng.randrange(len(items))
            items[i] = self.mutate(items[i], depth + 1)
        elif choice == 1 and items:
            del items[rng.randrange(len(items))]
        elif choice == 2 and items and len(items) < MAX_LEN:
            template = rng.choice(items)
            items.insert(rng.randrange(len(items) + 1), self.mutate(template, depth + 1))
        elif choice == 3:
            rng.shuffle(items)
        elif choice == 4 and items:
            items = [self.mutate(x, depth + 1) if rng.random() < 0.3 else x for x in items]
        else:
            items = items[: rng.randrange(len(items) + 1)] if items else items
        return items

    def _mutate_dict(self, value: dict, depth: int) -> dict:
        rng = self.rng
        items = dict(value)
        if not items:
            return items
        key = rng.choice(list(items))
        choice = rng.randrange(3)
        if choice == 0:
            items[key] = self.mutate(items[key], depth + 1)
        elif choice == 1:
            del items[key]
        elif len(items) < MAX_LEN:
            new_key = self.mutate(key, depth + 1)
            try:
                items[new_key] = self.mutate(items[key], depth + 1)
            except TypeError:  # an unhashable mutated key
                pass
        return items


def _key(args: tuple) -> str:
    return repr(args)


def generate_inputs(seeds: list[tuple], count: int, seed: int = 0, max_tries: int | None = None) -> list[tuple]:
    """Up to ``count`` new argument tuples, distinct from each other and from the seeds.

    Each is one or more mutation steps away from a seed (later inputs may mutate earlier ones, so
    inputs wander further from the seeds as generation goes on).
    """
    if not seeds:
        return []
    rng = random.Random(seed)
    mutator = Mutator(seeds, rng)
    seen = {_key(s) for s in seeds}
    corpus = list(seeds)
    out: list[tuple] = []
    tries = max_tries or count * 20
    while len(out) < count and tries > 0:
        tries -= 1
        base = rng.choice(corpus)
        if not base:
            break  # a function without arguments has nothing to mutate
        args = list(base)
        for _ in range(1 + (rng.random() < 0.3)):
            i = rng.randrange(len(args))
            args[i] = mutator.mutate(args[i])
        candidate = tuple(args)
        key = _key(candidate)
        if key in seen:
            continue
        seen.add(key)
        out.append(candidate)
        corpus.append(candidate)
    return out


def parse_repr(text: str) -> Any:
    """Rebuild a value from its ``repr`` without evaluating code.

    Accepts what ``repr`` gives for literals, plus ``nan``/``inf``, ``set()``, ``frozenset({...})``
    and ``float('nan')``; anything else raises ``ValueError`` (compare such values as text).
    """
    return literals.parse_repr(text, parse=parse)

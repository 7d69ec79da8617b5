"""The diversity taxonomy: topics, concepts, data structures and difficulty, one drawn per problem.

Read from YAML (``configs/taxonomy/default.yaml``); each axis is a list (uniform) or a mapping of
value -> weight. Draws use a RNG seeded by the run's seed and the problem's index, so problem
``i`` gets the same node in every run::

    taxonomy = Taxonomy.load("configs/taxonomy/default.yaml")
    node = taxonomy.draw(random.Random(f"{seed}:{index}"))
    node.path     # "string processing/sliding window/list of integers/easy"
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from synthcode.config import read_yaml
from synthcode.errors import ConfigError

AXES = ("topics", "concepts", "data_structures", "difficulty")


@dataclass(frozen=True, slots=True)
class Node:
    topic: str
    concept: str
    data_structure: str
    difficulty: str

    @property
    def path(self) -> str:
        return f"{self.topic}/{self.concept}/{self.data_structure}/{self.difficulty}"


class Taxonomy:
    def __init__(self, axes: dict[str, list[tuple[str, float]]]) -> None:
        self.axes = axes

    @classmethod
    def load(cls, path: str | Path) -> Taxonomy:
        data = read_yaml(Path(path))
        axes: dict[str, list[tuple[str, float]]] = {}
        for axis in AXES:
            raw = data.get(axis)
            if isinstance(raw, list):
                entries = [(str(v), 1.0) for v in raw]
            elif isinstance(raw, dict):
                entries = [(str(k), v) for k, v in raw.items()]
            else:
                raise ConfigError(f"{path}: taxonomy axis {axis!r} must be a list or a mapping of weights, "
                                  f"got {raw!r}")
            if not entries:
                raise ConfigError(f"{path}: taxonomy axis {axis!r} is empty")
            for name, weight in entries:
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                    raise ConfigError(f"{path}: {axis}.{name}: weight must be a positive number, got {weight!r}")
            axes[axis] = entries
        unknown = sorted(set(data) - set(AXES))
        if unknown:
            raise ConfigError(f"{path}: unknown taxonomy axis {unknown[0]!r}; expected {', '.join(AXES)}")
        return cls(axes)

    def draw(self, rng: random.Random) -> Node:
        picks = []
        for axis in AXES:
            names, weights = zip(*self.axes[axis])
            picks.append(rng.choices(names, weights=weights)[0])
        return Node(*picks)

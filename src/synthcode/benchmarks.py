"""Public code benchmarks (HumanEval, MBPP) as data, and as synthcode verify files.

The files ship inside the package (``synthcode/data/benchmarks/``, with their licenses and
provenance), so decontamination and evaluation work offline from a bare clone or a wheel; pass
another path to read other copies::

    problems = load_humaneval()                  # the shipped HumanEval, 164 problems
    records = list(load_mbpp(Path("mbpp.jsonl")))
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from synthcode.errors import InputError

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "benchmarks"
"""The package's own copies: ``HumanEval.jsonl.gz`` and ``mbpp.jsonl`` (see the README there)."""


@dataclass(frozen=True, slots=True)
class HumanEvalProblem:
    task_id: str
    prompt: str
    canonical_solution: str
    test: str
    entry_point: str

    def verify_file(self, solution: str | None = None) -> str:
        """A verify file: the prompt with a solution body, HumanEval's ``check``, and a test."""
        body = self.canonical_solution if solution is None else solution
        return (
            f"{self.prompt}{body}\n\n"
            f"{self.test}\n\n"
            f"def test_{_identifier(self.task_id)}():\n"
            f"    check({self.entry_point})\n"
        )


def _identifier(task_id: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in task_id).lower()


def load_humaneval(path: Path | None = None) -> list[HumanEvalProblem]:
    path = path or SHIPPED_DIR / "HumanEval.jsonl.gz"
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
    except OSError as exc:
        raise InputError(f"cannot read HumanEval from {path}: {exc}") from None
    fields = HumanEvalProblem.__dataclass_fields__
    return [HumanEvalProblem(**{k: row[k] for k in fields}) for row in rows]


def load_mbpp(path: Path | None = None) -> Iterator[dict]:
    """MBPP records (``task_id``, ``text``, ``code``, ``test_list``, ...)."""
    path = path or SHIPPED_DIR / "mbpp.jsonl"
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    except OSError as exc:
        raise InputError(f"cannot read MBPP from {path}: {exc}") from None

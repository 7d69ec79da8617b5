"""Decontamination: drop generated samples that overlap a public benchmark, by n-gram overlap.

Text is reduced to lower-cased word tokens (``\\w+``: identifiers, keywords, numbers and words;
punctuation and whitespace ignored), which makes the check blind to formatting and quoting. A
sample (its statement, signature, contracts, examples and solution together) is *contaminated*
when the share of its n-grams (default 10-grams) that also occur in a benchmark reaches
``threshold`` (default 0.2). Ten consecutive identical tokens is the window common practice uses
for code (StarCoder, the Llama reports use 8-13); requiring a share rather than a single hit keeps
ubiquitous idioms (``for i in range len ...``) from flagging ordinary code, while a benchmark
problem copied or lightly paraphrased shares most of its n-grams. Samples shorter than ``ngram``
tokens are compared as one n-gram.

Benchmarks: ``humaneval`` (prompt + canonical solution) and ``mbpp`` (text + code), the copies
shipped in the package (:data:`synthcode.benchmarks.SHIPPED_DIR`) or those in ``benchmark_dir``, plus any JSONL/JSON file named in
``files`` (every string field of each record is benchmark text)::

    index = BenchmarkIndex.build(DecontamConfig(benchmarks=["humaneval", "mbpp"]))
    hit = index.check(text)        # None, or e.g. "humaneval: 64% of 10-grams (HumanEval/12)"
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from synthcode.errors import ConfigError, InputError

_WORD = re.compile(r"\w+")
KNOWN = ("humaneval", "mbpp")


@dataclass(kw_only=True, slots=True)
class DecontamConfig:
    benchmarks: list[str] = field(default_factory=lambda: list(KNOWN))
    """Built-in benchmarks to check against: ``humaneval``, ``mbpp`` (empty: none)."""
    files: list[str] = field(default_factory=list)
    """More benchmark files (``.jsonl``, ``.jsonl.gz`` or a ``.json`` list); every string field counts."""
    benchmark_dir: str | None = None
    """Where ``HumanEval.jsonl.gz`` and ``mbpp.jsonl`` are; None: the copies shipped in the package."""
    ngram: int = 10
    """Tokens per n-gram."""
    threshold: float = 0.2
    """Share of a sample's n-grams found in one benchmark at or above which it is contaminated."""

    def __post_init__(self) -> None:
        for name in self.benchmarks:
            if name not in KNOWN:
                raise ConfigError(f"decontamination.benchmarks: unknown benchmark {name!r}; "
                                  f"choose from {', '.join(KNOWN)} (or name a file in 'files')")
        if self.ngram < 3:
            raise ConfigError(f"decontamination.ngram must be at least 3, got {self.ngram!r}")
        if not 0 < self.threshold <= 1:
            raise ConfigError(f"decontamination.threshold must be in (0, 1], got {self.threshold!r}")

    @property
    def names(self) -> list[str]:
        return [*self.benchmarks, *(Path(f).name for f in self.files)]


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(words: list[str], n: int) -> set[int]:
    if len(words) < n:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i: i + n])) for i in range(len(words) - n + 1)}


def _read_records(path: Path) -> list[dict]:
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            return data if isinstance(data, list) else [data]
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError as exc:
        raise InputError(f"cannot read benchmark file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InputError(f"benchmark file {path} is not JSON/JSONL: {exc}") from None


def _strings(record: object) -> list[str]:
    if isinstance(record, str):
        return [record]
    if isinstance(record, dict):
        return [s for v in record.values() for s in _strings(v)]
    if isinstance(record, list):
        return [s for v in record for s in _strings(v)]
    return []


class BenchmarkIndex:
    """The n-grams of each benchmark, with the first item each n-gram came from."""

    def __init__(self, config: DecontamConfig) -> None:
        self.config = config
        self.grams: dict[str, dict[int, str]] = {}

    def add(self, benchmark: str, item: str, text: str) -> None:
        grams = self.grams.setdefault(benchmark, {})
        for gram in ngrams(tokens(text), self.config.ngram):
            grams.setdefault(gram, item)

    @classmethod
    def build(cls, config: DecontamConfig) -> BenchmarkIndex:
        from synthcode import benchmarks

        index = cls(config)
        where = Path(config.benchmark_dir) if config.benchmark_dir else benchmarks.SHIPPED_DIR
        if "humaneval" in config.benchmarks:
            for problem in benchmarks.load_humaneval(where / "HumanEval.jsonl.gz"):
                index.add("humaneval", problem.task_id, problem.prompt + "\n" + problem.canonical_solution)
        if "mbpp" in config.benchmarks:
            for record in benchmarks.load_mbpp(where / "mbpp.jsonl"):
                index.add("mbpp", f"mbpp/{record.get('task_id')}",
                          f"{record.get('text', '')}\n{record.get('code', '')}")
        for name in config.files:
            path = Path(name)
            for number, record in enumerate(_read_records(path)):
                item = record.get("task_id", number) if isinstance(record, dict) else number
                index.add(path.name, f"{path.name}/{item}", "\n".join(_strings(record)))
        return index

    def check(self, text: str) -> str | None:
        """None when ``text`` is clean; otherwise which benchmark it overlaps, how much, and the item."""
        grams = ngrams(tokens(text), self.config.ngram)
        if not grams:
            return None
        for benchmark, table in self.grams.items():
            hits = [table[g] for g in grams if g in table]
            share = len(hits) / len(grams)
            if share >= self.config.threshold:
                item = max(set(hits), key=hits.count)
                return f"{benchmark}: {share:.0%} of {self.config.ngram}-grams ({item})"
        return None

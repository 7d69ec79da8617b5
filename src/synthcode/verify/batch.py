"""Batches: verify samples into an append-only results file that a restarted batch resumes from.

::

    counts = run_batch(samples, VerifyConfig(), Path("results.jsonl"))   # {"accepted": 3, ...}

:class:`ResultsFile` writes one JSON line per sample, appended as each sample completes and
flushed, so a killed run loses at most the samples in flight; a rerun with the same file skips
every id already there and writes each id exactly once. It sits above :mod:`synthcode.executors`
(which run the :class:`~synthcode.verify.verifier.Verifier` here or on Ray), so neither imports
the other's floor.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.executors import ExecutorConfig, build_executor
from synthcode.sample import Sample, Status
from synthcode.verify.verifier import VerifyConfig

log = logging.getLogger(__name__)


def count_key(record: dict[str, Any]) -> str:
    """Which count a verdict goes to: its status, except that a sample rejected because a stage
    ran out of its budget (``timeout``: not a failure of the code) is counted apart."""
    status = str(record.get("status", "error"))
    if status == "rejected" and any(isinstance(s, dict) and s.get("status") == Status.TIMEOUT.value
                                    for s in record.get("stages") or ()):
        return "timeout"
    return status


class ResultsFile:
    """An append-only JSONL of verdicts that a restarted batch resumes from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        self.counts: dict[str, int] = {"accepted": 0, "rejected": 0, "error": 0}
        if path.exists():
            self._recover()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("ab")

    def _recover(self) -> None:
        data = self.path.read_bytes()
        good = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # a line cut off by a kill: drop it, it will be redone
            try:
                record = json.loads(line)
                sample_id = record["id"]
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{self.path} is not a synthcode results file "
                                 f"(bad line at byte {good}); choose another --out") from None
            if sample_id not in self.done:
                self.done.add(sample_id)
                key = count_key(record)
                self.counts[key] = self.counts.get(key, 0) + 1
            good += len(line)
        if good < len(data):
            with self.path.open("r+b") as f:
                f.truncate(good)

    def write(self, record: dict[str, Any]) -> None:
        self._handle.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
        self._handle.flush()  # one write per record: a kill can only cut the last line
        self.done.add(record["id"])
        key = count_key(record)
        self.counts[key] = self.counts.get(key, 0) + 1

    def close(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()


def run_batch(
    samples: Iterable[Sample],
    config: VerifyConfig,
    out: Path,
    on_result: Callable[[Sample | None, dict[str, int]], None] | None = None,
    executor: ExecutorConfig | None = None,
) -> dict[str, int]:
    """Verify ``samples`` into ``out``, skipping ids already there; return the status counts.

    ``on_result`` is called with each newly verified sample, and once with ``None`` per sample
    skipped because it was already done. ``executor`` says where verification runs (this
    machine by default, or a Ray cluster); this process stays the only writer of ``out``.
    """
    results = ResultsFile(out)
    try:
        def todo() -> Iterator[Sample]:
            for sample in samples:
                if sample.id in results.done:
                    if on_result:
                        on_result(None, results.counts)
                    continue
                yield sample

        with build_executor(executor or ExecutorConfig(), config) as running:
            for sample in running.verify_stream(todo()):
                if sample.id in results.done:  # never write an id twice, whatever the executor yields
                    log.error("executor %s yielded sample %s twice; its second verdict is dropped",
                              running.config.name, sample.id)
                    continue
                results.write(sample.result_dict())
                if on_result:
                    on_result(sample, results.counts)
    finally:
        results.close()
    return dict(results.counts)

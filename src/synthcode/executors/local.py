"""Verification on this machine: one sandbox worker per ``workers``, fed by threads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from synthcode.executors.base import Executor, ExecutorConfig
from synthcode.sample import Sample
from synthcode.verify.verifier import Verifier, VerifyConfig


class LocalExecutor(Executor):
    def __init__(self, config: ExecutorConfig, verify: VerifyConfig) -> None:
        super().__init__(config)
        self.verifier = Verifier(verify)

    def verify_stream(self, samples: Iterable[Sample]) -> Iterator[Sample]:
        return self.verifier.verify_many(samples)

    def verify_one(self, sample: Sample) -> Sample:
        # The calling thread's own sandbox worker (started once, closed with the others): a stream
        # of one would start a worker per call on fresh threads.
        return self.verifier.verify(sample)

    def close(self) -> None:
        self.verifier.close()

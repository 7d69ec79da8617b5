"""The executor interface; executors are registered by name in :data:`synthcode.registry.EXECUTORS`."""

from __future__ import annotations

import argparse
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synthcode.errors import ConfigError
from synthcode.registry import EXECUTORS

if TYPE_CHECKING:
    from synthcode.sample import Sample
    from synthcode.verify.verifier import VerifyConfig


@dataclass(kw_only=True, slots=True)
class ExecutorConfig:
    name: str = "local"
    """``local`` (sandbox workers on this machine) or ``ray``."""
    address: str | None = None
    """Ray cluster address (``ray start --head`` prints it); None starts or joins a local one."""
    cpus_per_worker: float = 1.0
    """Ray only: CPUs each verification actor (one sandbox worker) reserves on its node."""

    def __post_init__(self) -> None:
        if not self.cpus_per_worker > 0:
            raise ConfigError(f"cpus_per_worker must be positive, got {self.cpus_per_worker}")
        if self.address is not None and self.name != "ray":
            raise ConfigError(f"a Ray address ({self.address}) needs the ray executor "
                              f"(--executor ray, or executor.name: ray), not {self.name}")


def add_executor_arguments(parser: argparse.ArgumentParser, default: str | None) -> None:
    """``--executor`` and ``--ray-address``, as every command that verifies takes them."""
    shown = default or "local"
    parser.add_argument("--executor", choices=EXECUTORS.names(), default=default,
                        help=f"where verification runs: this machine, or a Ray cluster [default: {shown}]")
    parser.add_argument("--ray-address", metavar="ADDR",
                        help="Ray cluster to join (host:port, auto, or ray://host:10001) [default: RAY_ADDRESS, "
                             "the cluster started on this machine, or a private one]")


class Executor(ABC):
    """Verifies samples somewhere; yields each verified sample once, in completion order.

    Implementations keep a bounded number of samples in flight, so memory stays flat however
    long the input iterable is, and close their workers in ``close``.
    """

    def __init__(self, config: ExecutorConfig) -> None:
        self.config = config

    @abstractmethod
    def verify_stream(self, samples: Iterable[Sample]) -> Iterator[Sample]:
        """Verify every sample; yield them as they complete."""

    def verify_one(self, sample: Sample) -> Sample:
        """Verify one sample now, on the calling thread, outside any stream: for a caller that
        decides from one stream's result what to verify next (a stream pulls its next sample on
        the thread that consumes its results, so that thread cannot feed the stream itself)."""
        return next(iter(self.verify_stream([sample])))

    def close(self) -> None:
        """Release workers; the executor is unusable afterwards."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_executor(config: ExecutorConfig, verify: VerifyConfig) -> Executor:
    return EXECUTORS.load(config.name)(config, verify)

"""Executors: where verification runs (this machine's sandbox workers, or a Ray cluster).

The batch verifier and the generation job hand samples to an :class:`~synthcode.executors.base.Executor`
and read verified samples back; neither knows where the work ran::

    with build_executor(ExecutorConfig(name="local"), verify_config) as executor:
        for sample in executor.verify_stream(samples):   # completion order, bounded in flight
            ...
"""

from synthcode.executors.base import Executor, ExecutorConfig, build_executor

__all__ = ["Executor", "ExecutorConfig", "build_executor"]

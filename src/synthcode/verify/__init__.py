"""Verification: the stage pipeline over samples on a pool of sandbox workers, and batches of it.

::

    from synthcode.verify import Verifier, VerifyConfig

    config = VerifyConfig(stages=["tests"], workers=2)
    with Verifier(config) as verifier:
        sample = verifier.verify(Sample(id="a", code=source))

The package's floors, lowest first: :mod:`~synthcode.verify.inputs` (reading what ``synthcode
verify`` is given), :mod:`~synthcode.verify.verifier` (the config, the pool, one sample at a time),
:mod:`synthcode.executors` (where the pool runs: here or on Ray), :mod:`~synthcode.verify.batch`
(a resumable results file fed by an executor), :mod:`~synthcode.verify.cli` (the command).

The public names load on first use, so that ``synthcode.verify.cli`` (imported to build the
command line) stays as light as the other commands' parsers.
"""

from __future__ import annotations

from typing import Any

_VERIFIER = ("DEFAULT_MIN_MUTATION_SCORE", "DEFAULT_STAGES", "Gate", "ProofConfig", "Verifier", "VerifyConfig")
_BATCH = ("ResultsFile", "count_key", "run_batch")

__all__ = [*_VERIFIER, *_BATCH]


def __getattr__(name: str) -> Any:
    if name in _VERIFIER:
        from synthcode.verify import verifier

        return getattr(verifier, name)
    if name in _BATCH:
        from synthcode.verify import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'synthcode.verify' has no attribute {name!r}")

"""Verification: the stage pipeline over samples on a pool of sandbox workers, and batches of it.

::

    config = VerifyConfig(stages=["tests"], workers=2)
    with Verifier(config) as verifier:
        sample = verifier.verify(Sample(id="a", code=source))

The package's floors, lowest first: :mod:`~synthcode.verify.inputs` (reading what ``synthcode
verify`` is given), :mod:`~synthcode.verify.verifier` (the config, the pool, one sample at a time),
:mod:`synthcode.executors` (where the pool runs: here or on Ray), :mod:`~synthcode.verify.batch`
(a resumable results file fed by an executor), :mod:`~synthcode.verify.cli` (the command).
"""

from synthcode.verify.verifier import (
    DEFAULT_MIN_MUTATION_SCORE,
    DEFAULT_STAGES,
    Gate,
    Verifier,
    VerifyConfig,
)

__all__ = ["DEFAULT_MIN_MUTATION_SCORE", "DEFAULT_STAGES", "Gate", "Verifier", "VerifyConfig"]

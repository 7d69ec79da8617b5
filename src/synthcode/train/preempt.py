"""Training as a preemptible job: SIGTERM or SIGINT ends the run after the current optimizer step.

A cluster scheduler (SLURM, Kubernetes, a spot-instance reclaim) sends SIGTERM and, after a grace
period, SIGKILL; Ctrl-C sends SIGINT. Instead of dying mid-step and losing every step since the
last periodic checkpoint, the loop asks :meth:`Preemption.stop` after each step; when it answers a
signal, the loop writes a checkpoint and ends, and ``synthcode train`` exits 128 + the signal's
number (143 for SIGTERM, 130 for SIGINT)::

    with Preemption() as preempt:
        for step in range(start, stop):
            ...                                  # one optimizer step
            if preempt.stop(dist, device):       # every rank gets the same answer
                save(step + 1)
                break

Under ``torchrun`` each process may see the signal at a different moment (or only some of them may
see it), so :meth:`Preemption.stop` all-reduces (max) the signal number over the processes: every
rank stops after the same step and the checkpoint is consistent.

A second signal aborts at once (the handler that was installed before, so SIGINT raises
``KeyboardInterrupt`` and SIGTERM kills the process); the checkpoint being written, if any, is
left as its temporary directory and the previous one stays usable. A repeat within
:data:`REPEAT_WINDOW_S` of the first does not count: ``torchrun`` forwards the SIGINT that Ctrl-C
already sent to the whole process group, and ``kill`` of a process group reaches every process.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)
REPEAT_WINDOW_S = 2.0
"""A second signal this soon after the first is taken as the same request, not as "abort now"."""


def exit_code(signum: int) -> int:
    """What a shell reports for a process ended by ``signum``: 143 for SIGTERM, 130 for SIGINT."""
    return 128 + signum


def signal_name(signum: int) -> str:
    return signal.Signals(signum).name


class Preemption:
    """Records SIGTERM/SIGINT while installed (a context manager); restores the old handlers after.

    Handlers can only be installed from the main thread; elsewhere (a library caller's worker
    thread) the run is simply not preemptible and :meth:`stop` only ever answers None.
    """

    def __init__(self, signals: tuple[int, ...] = SIGNALS) -> None:
        self.signals = signals
        self.received: int | None = None
        self._at = 0.0
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Preemption:
        if threading.current_thread() is threading.main_thread():
            for signum in self.signals:
                if signal.getsignal(signum) is signal.SIG_IGN:  # e.g. SIGINT of a `cmd &` job: keep ignoring
                    continue
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()

    def _restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        now = time.monotonic()
        if self.received is None:
            self.received, self._at = signum, now
            log.warning("%s received: stopping after the current step (send it again to abort at once)",
                        signal_name(signum))
            return
        if now - self._at < REPEAT_WINDOW_S:
            return
        previous = self._previous.get(signum, signal.SIG_DFL)
        self._restore()
        if callable(previous):
            previous(signum, frame)
        else:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    def stop(self, dist: Any = None, device: Any = None) -> int | None:
        """The signal that asks every process to stop now, or None to go on.

        With ``dist`` (the trainer's :class:`~synthcode.train.trainer.Dist`) over several processes
        this is a collective: every rank must call it after the same step.
        """
        received = self.received or 0
        if dist is not None and dist.world > 1:
            import torch

            flag = torch.tensor([received], dtype=torch.int64, device=device)
            dist.dist.all_reduce(flag, op=dist.dist.ReduceOp.MAX)
            received = int(flag.item())
        return received or None

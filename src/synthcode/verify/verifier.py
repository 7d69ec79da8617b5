"""Verification: run the stage pipeline over samples on a pool of sandbox workers.

::

    config = VerifyConfig(stages=["tests"], workers=2)
    with Verifier(config) as verifier:
        sample = verifier.verify(Sample(id="a", code=source))
        for done in verifier.verify_many(samples):   # completion order, bounded memory
            ...

Batches to a resumable results file are :mod:`synthcode.verify.batch`'s.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import logging
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from synthcode.config import path_field
from synthcode.domain import DifferentialConfig
from synthcode.errors import ConfigError
from synthcode.registry import SANDBOXES, STAGES
from synthcode.sample import STOPPING, Sample, StageResult, Status
from synthcode.sandbox.base import Limits, RunRequest, Sandbox, SandboxError, Worker
from synthcode.stages.base import RERUN_WALL_FACTOR, Budget, Stage, StageContext

log = logging.getLogger(__name__)

DEFAULT_STAGES = tuple(name for name in STAGES.defaults() if name != "parse")
"""Every registered stage but the optional ones, in the registry's pipeline order (cheapest first);
a stage with nothing to check in a sample (no contracts, no reference) skips it and says why."""
DEFAULT_MIN_MUTATION_SCORE = 0.5
"""Chosen from measurement (BENCHMARKS.md, "Mutation analysis"): every HumanEval canonical solution
scores at least 0.61 with its own tests, so all stay accepted with a margin; MBPP's reference
solutions with their three asserts lose 9 of 974."""


@dataclass(kw_only=True, slots=True)
class ProofConfig:
    """Settings of the ``proof`` stage (``proof:`` in a verify config)."""

    nagini: str = path_field(default="")
    """Nagini's virtualenv (relative to the config file that names it); empty: ``SYNTHCODE_NAGINI``,
    else ``/opt/synthcode/nagini`` (where ``scripts/setup.sh`` puts it)."""
    servers: int = 1
    """Warm Nagini servers (one JVM each, about 0.5 GB resident and up to a 2 GB heap) that proofs
    share; with ``workers`` above 1, more servers let proofs run side by side instead of in turn.
    Each starts on its first proof (about a minute of CPU)."""

    def __post_init__(self) -> None:
        if isinstance(self.servers, bool) or not isinstance(self.servers, int) or self.servers < 1:
            raise ConfigError(f"proof.servers must be a positive integer, got {self.servers!r}")


@dataclass(kw_only=True, slots=True)
class VerifyConfig:
    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    """Stages to run, cheapest first; ``parse`` always runs first and need not be named."""
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Sandbox workers, one sample each at a time."""
    sandbox: str = "process"
    """Backend name: process, docker, or unsafe (no isolation; needs ``allow_unsafe``)."""
    allow_unsafe: bool = field(default=False, init=False)
    """Set only from the command line (--confirm-run-unsafe-code), never from a file."""
    timeout: float = 10.0
    """CPU seconds of the sample per stage, for a stage without a budget in ``budgets``."""
    wall_factor: float = 3.0
    """The wall-clock safety net of a request: this many times its CPU limit, plus two seconds.
    Verdicts are decided by budgets that count work (CPU seconds, examples, paths, mutants); a
    request that still runs into this net (a sample sleeping or blocked, or a machine so busy that
    its CPU second takes more than this many) is run again alone, on a fresh worker, with
    ``RERUN_WALL_FACTOR`` times the net, and only then judged (``timeout`` if it hits it again)."""
    limits: Limits = field(default_factory=Limits)
    budgets: dict[str, Budget] = field(default_factory=dict)
    """Per-stage budgets by stage name; a stage without one gets ``timeout`` CPU seconds and the
    default examples, paths and mutants."""
    min_mutation_score: float = DEFAULT_MIN_MUTATION_SCORE
    """The ``mutation`` stage rejects a sample whose tests kill fewer than this share of the
    mutants that are not likely equivalent (``weak-tests: ...``); 0 only measures."""
    differential: DifferentialConfig = field(default_factory=DifferentialConfig)
    """Settings of the differential stage: ``domain: inferred`` (the default) judges only inputs
    inside the task's domain (from ``pre:`` contracts, else inferred from the tests' arguments);
    ``any`` judges every input the reference answers."""

    proof: ProofConfig = field(default_factory=lambda: ProofConfig())
    """Settings of the proof stage: ``nagini``, Nagini's virtualenv."""

    def copy_with(self, **changes: Any) -> VerifyConfig:
        """A checked copy with ``changes``; unlike ``dataclasses.replace`` it keeps ``allow_unsafe``."""
        config = copy.copy(self)
        for name, value in changes.items():
            setattr(config, name, value)
        config.__post_init__()
        return config

    def budget(self, stage: str) -> Budget:
        """``stage``'s budget, its seconds the config's ``timeout`` where it names none."""
        budget = self.budgets.get(stage)
        if budget is None:
            return Budget(seconds=self.timeout)
        return budget if budget.seconds is not None else dataclasses.replace(budget, seconds=self.timeout)

    def settings(self, stage: str) -> Any:
        """A stage's own settings (see :attr:`StageContext.settings`), or None."""
        return {"differential": self.differential, "proof": self.proof}.get(stage)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if not self.timeout > 0:
            raise ConfigError(f"timeout must be positive, got {self.timeout}")
        if not self.wall_factor >= 1:
            raise ConfigError(f"wall_factor must be at least 1, got {self.wall_factor!r}")
        if not self.stages:
            raise ConfigError("no stages selected")
        if not 0.0 <= self.min_mutation_score <= 1.0:
            raise ConfigError(f"min_mutation_score must be between 0 and 1, got {self.min_mutation_score!r}")
        for name in [*self.stages, *self.budgets]:
            STAGES.check(name)  # unknown names fail here, with a suggestion
        SANDBOXES.load(self.sandbox)

    def shadowed(self, written: dict[str, Any], flags: dict[str, Any]) -> list[str]:
        """The settings among ``written`` (what the user's file and flags set) that change nothing,
        one line each (:func:`synthcode.config.warn_shadowed` logs them): ``timeout`` when every
        selected stage's budget names its own seconds, and a stage's budget or settings when that
        stage is not selected (unless the flags chose the stages, narrowing a file on purpose)."""
        selected = [name for name in dict.fromkeys(self.stages) if name != "parse"]
        lines = []
        if "timeout" in written and selected and all(
                self.budgets.get(name) is not None and self.budgets[name].seconds is not None for name in selected):
            lines.append(f"timeout: {self.timeout:g} has no effect: every selected stage's budget names its own "
                         f"seconds ({', '.join(selected)}); drop a budget's seconds to let timeout set it")
        if "stages" not in flags:
            idle = [f"budgets.{name}" for name in written.get("budgets") or {} if name not in selected]
            idle += [key for key, stage in (("min_mutation_score", "mutation"), ("differential", "differential"))
                     if key in written and stage not in selected]
            if idle:
                lines.append(f"{', '.join(idle)} {'has' if len(idle) == 1 else 'have'} no effect: "
                             f"the stages run are {', '.join(selected)}")
        return lines

    def reconcile(self, stages: list[Stage]) -> None:
        """Say where a stage's budget takes its requests past the sandbox's CPU limit: the budget
        wins (its requests carry their own limit, :meth:`Budget.cpu_limit`), since a budget the
        sandbox then kills (SIGXCPU) would turn into an ``error`` verdict."""
        for stage in stages:
            if not stage.needs_sandbox or not stage.budgeted:
                continue
            budget = self.budget(stage.name)
            if budget.cpu_limit() > self.limits.cpu_seconds:
                log.warning("stage %s: its budget of %g CPU seconds needs a CPU limit of %d s, more than "
                            "limits.cpu_seconds=%d: raised for its requests", stage.name, budget.seconds,
                            budget.cpu_limit(), self.limits.cpu_seconds)

    def build_stages(self) -> list[Stage]:
        names = ["parse"] + [n for n in dict.fromkeys(self.stages) if n != "parse"]
        return [STAGES.load(name)() for name in names]

    def build_sandbox(self, preload: tuple[str, ...] = ()) -> Sandbox:
        if self.sandbox == "unsafe" and not self.allow_unsafe:
            raise ConfigError("--sandbox unsafe runs untrusted code with no isolation; "
                              "add --confirm-run-unsafe-code if that is really what you want")
        sandbox = SANDBOXES.load(self.sandbox)(limits=self.limits, preload=preload)
        sandbox.check()
        return sandbox


class Gate:
    """The verifier's requests run side by side, except a re-run, which runs alone: it waits until
    no other request of this verifier is in flight (those sent ahead included) and holds new ones
    back until it is done."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._owner: threading.Thread | None = None
        self._local = threading.local()

    def _blocked(self) -> bool:
        return self._owner is not None and self._owner is not threading.current_thread()

    @contextlib.contextmanager
    def request(self, request: RunRequest) -> Iterator[None]:
        """Around one request on this thread; a request sent ahead was counted when it was sent."""
        ahead = getattr(self._local, "ahead", None)
        if ahead is request:
            self._local.ahead = None
        else:
            if ahead is not None:  # sent ahead for a run that never came: this run collects it first
                self.drop_ahead()
            with self._cond:
                while self._blocked():
                    self._cond.wait()
                self._active += 1
        try:
            yield
        finally:
            self._leave()

    def _leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def send_ahead(self, worker: Worker, request: RunRequest) -> bool:
        """:meth:`Worker.send_ahead`, counted as in flight from now; never while a re-run waits."""
        with self._cond:
            if self._owner is not None:
                return False
            self._active += 1
        if worker.send_ahead(request):
            self._local.ahead = request
            return True
        self._leave()
        return False

    def drop_ahead(self) -> None:
        """This thread's request sent ahead will never be collected (its worker was retired)."""
        if getattr(self._local, "ahead", None) is not None:
            self._local.ahead = None
            self._leave()

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        """Hold the gate alone; this thread's own request sent ahead (the next sample's first, in
        flight while a host-side stage such as ``proof`` re-runs) is not waited for: it would wait
        for itself."""
        own = 1 if getattr(self._local, "ahead", None) is not None else 0
        with self._cond:
            while self._owner is not None:
                self._cond.wait()
            self._owner = threading.current_thread()
            while self._active > own:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._owner = None
                self._cond.notify_all()


class Verifier:
    """Owns the sandbox and a lazily started worker per thread."""

    def __init__(self, config: VerifyConfig) -> None:
        self.config = config
        self.stages = config.build_stages()
        config.reconcile(self.stages)
        self.gate = Gate()
        # Only the differential stage sends a sample's reference to run, so only it is worth
        # compiling ahead (other stages pass the reference as data).
        self._sends_reference = any(stage.name == "differential" for stage in self.stages)
        # A sample's first request may be sent while its worker runs the previous sample's last
        # one, when no other stage can stop the sample between the parse and that request.
        # And only while the sample's last sandboxed stage runs its one request: a stage that may
        # send several (differential, symbolic) would find the queued request in its way.
        sandboxed = [stage for stage in self.stages if stage.needs_sandbox]
        self._first_request = self.stages[1] if len(self.stages) > 1 and self.stages[1].needs_sandbox else None
        self._last_request = sandboxed[-1] if sandboxed and sandboxed[-1].one_request else None
        preload = tuple(dict.fromkeys(m for s in self.stages for m in s.preload))
        self.sandbox = config.build_sandbox(preload) if any(s.needs_sandbox for s in self.stages) else None
        self._local = threading.local()
        self._workers: list[Worker] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()
        if self.sandbox is not None:
            self.sandbox.close()

    def _local_worker(self) -> Worker | None:
        """This thread's worker, if it has one."""
        return getattr(self._local, "worker", None)

    def _worker(self) -> Worker:
        """This thread's worker, started now if it has none or its last one died or was retired
        (see :class:`Worker`: a worker is never reused after a request it failed to answer)."""
        worker = self._local_worker()
        if worker is not None and worker.alive():
            return worker
        if worker is not None:
            if worker.retired is None:
                log.warning("sandbox worker %s died; starting a new one", worker.name)
            worker.close()
            with self._lock:
                self._workers.remove(worker)
        assert self.sandbox is not None
        worker = self.sandbox.start_worker()
        worker.replacement = self.sandbox.start_worker  # for a stage's next request after a retirement
        with self._lock:
            self._workers.append(worker)
        self._local.worker = worker
        return worker

    def begin(self, sample: Sample) -> StageContext:
        """Run the ``parse`` stage (always the first): what a worker thread does for its next sample
        while its worker still runs the current one (see :meth:`verify_many`). Only parse: another
        host-side stage (z3) can take seconds, which would hold up the current sample.
        :meth:`verify` goes on from the first stage without a result. An unusable input (see
        :mod:`synthcode.verify.inputs`) keeps its error verdict: nothing runs on it."""
        context = StageContext(worker=None, min_mutation_score=self.config.min_mutation_score,
                               compares_reference=self._sends_reference and bool(sample.reference),
                               wall_factor=self.config.wall_factor, gate=self.gate)
        if sample.unusable:
            return context
        sample.stages = []
        self._run_stage(self.stages[0], sample, context)
        return context

    def verify(self, sample: Sample, context: StageContext | None = None,
               while_waiting: Callable[[], None] | None = None) -> Sample:
        """Run the pipeline on one sample, stopping at the first stage that does not pass.

        ``context`` is what :meth:`begin` returned for this sample; ``while_waiting`` runs on this
        thread while the sandbox works on each of its requests.
        """
        if context is None:
            context = self.begin(sample)
        if sample.failure is not None:  # a host-side stage already stopped the pipeline
            return sample
        try:
            for stage in self.stages[len(sample.stages):]:
                # A fresh worker too when the last stage's was retired (its sample passed that
                # stage but left more than its zygote clears).
                if stage.needs_sandbox and (context.worker is None or not context.worker.alive()):
                    if context.worker is not None:
                        context.worker.while_waiting = None
                    try:
                        context.worker = self._worker()
                    except SandboxError as exc:
                        sample.stages.append(StageResult(stage=stage.name, status=Status.ERROR, detail=str(exc)))
                        break
                    context.worker.while_waiting = while_waiting
                overrun = context.worker.overrun_seconds if context.worker is not None else 0.0
                # This sample sends nothing more after this request: the look-ahead may then
                # send the next sample's first request (see verify_many).
                self._local.sending_last = stage is self._last_request
                if context.worker is not None:  # set again only if this stage runs a request sent ahead
                    context.worker.ahead_seconds = None
                passed = self._run_stage(stage, sample, context)
                self._local.sending_last = False
                if context.wall_hit and context.worker is not None:
                    passed = self._rerun_alone(stage, sample, context, while_waiting)
                    overrun = context.worker.overrun_seconds if context.worker is not None else 0.0
                if context.worker is not None:  # the next sample's work is not this stage's time
                    result = sample.stages[-1]
                    result.seconds = max(0.0, result.seconds - (context.worker.overrun_seconds - overrun))
                    if context.worker.ahead_seconds is not None:  # it started before the stage did
                        result.seconds = max(result.seconds, context.worker.ahead_seconds)
                if not passed:
                    break
        finally:
            if context.worker is not None:
                context.worker.while_waiting = None
        return sample

    def _rerun_alone(self, stage: Stage, sample: Sample, context: StageContext,
                     while_waiting: Callable[[], None] | None) -> bool:
        """Run ``stage`` again after one of its requests hit the wall-clock safety net: on a fresh
        worker, with nothing else of this verifier running, under ``RERUN_WALL_FACTOR`` times the
        net. Its verdict replaces the first one (``timeout`` when it hits the net again).

        Only requests to the sandbox set ``wall_hit``; the host-side ``proof`` stage re-runs its own
        Nagini call under the same gate and factor (:mod:`synthcode.stages.proof`)."""
        first = sample.stages.pop()
        log.warning("stage %s on %s hit its wall-clock limit (%s); running it again alone",
                    stage.name, sample.id, first.detail)
        assert self.sandbox is not None and context.worker is not None
        old = context.worker
        old.while_waiting = None
        old.close()  # a late answer, or a request sent ahead, must never reach another stage
        with self._lock:
            if old in self._workers:
                self._workers.remove(old)
        self.gate.drop_ahead()
        self._local.worker = context.worker = None
        with self.gate.alone():
            try:
                fresh = self.sandbox.start_worker()
            except SandboxError as exc:
                sample.stages.append(StageResult(stage=stage.name, status=Status.ERROR, detail=str(exc)))
                return False
            fresh.replacement = self.sandbox.start_worker
            with self._lock:
                self._workers.append(fresh)
            self._local.worker = context.worker = fresh
            context.wall_factor = self.config.wall_factor * RERUN_WALL_FACTOR
            context.wall_hit = False
            try:
                passed = self._run_stage(stage, sample, context)
            finally:
                context.wall_factor = self.config.wall_factor
                context.wall_hit = False
        sample.stages[-1].evidence.setdefault("rerun", f"run again alone after: {first.detail}")
        fresh.while_waiting = while_waiting
        return passed

    def _run_stage(self, stage: Stage, sample: Sample, context: StageContext) -> bool:
        """Run one stage into ``sample``; False when the pipeline stops here."""
        context.wall_hit = False
        context.budget = self.config.budget(stage.name)
        context.settings = self.config.settings(stage.name)
        result = stage.run(sample, context)
        sample.stages.append(result)
        return result.status not in STOPPING

    def verify_many(self, samples: Iterable[Sample]) -> Iterator[Sample]:
        """Verify on ``config.workers`` threads; yields samples as they complete.

        Each thread takes its next sample while its worker runs the current one, and parses it
        and compiles it for the worker in that time, so the worker is sent the next request as
        soon as it answers (a worker that waits on the host is a core left idle). The queue holds
        three samples per worker, so that one is there to take ahead even before the caller's thread
        (which refills it only after a result) has run. Memory stays bounded: at most five times
        as many samples as workers are held at once (queued, current, and taken ahead).
        """
        todo: queue.Queue[Sample | None] = queue.Queue(maxsize=self.config.workers * 3)
        done: queue.Queue[Sample | BaseException] = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            if self.sandbox is not None:
                try:  # start it now, while the first samples are read and parsed
                    self._worker()
                except SandboxError:
                    pass  # verify() tries again, and records why on the sample
            # The sample taken ahead, and its context once begun (None if begin() crashed:
            # verify() then redoes it). Only the caller's thread puts the end sentinel, after
            # setting ``stop``, so a look-ahead that takes it has nothing to keep.
            ahead: tuple[Sample, StageContext | None] | None = None

            def look_ahead() -> None:
                nonlocal ahead
                if ahead is not None or stop.is_set():
                    return
                try:
                    sample = todo.get_nowait()
                except queue.Empty:
                    return
                if sample is None:
                    return
                ahead = (sample, None)
                context = self.begin(sample)
                ahead = (sample, context)
                worker = self._local_worker()
                if worker is None or sample.failure is not None:
                    return
                if self._first_request is None or self._first_request.compiles_plainly:
                    worker.prepare(sample.code, sample.reference if self._sends_reference else None,
                                   tree=context.info.tree if context.info is not None else None)
                if self._first_request is not None and getattr(self._local, "sending_last", False):
                    context.budget = self.config.budget(self._first_request.name)
                    request = self._first_request.request_ahead(sample, context)
                    if request is not None:
                        self.gate.send_ahead(worker, request)

            while not stop.is_set():
                if ahead is not None:
                    (sample, context), ahead = ahead, None
                else:
                    sample, context = todo.get(), None
                    if sample is None:
                        return
                try:
                    done.put(self.verify(sample, context, while_waiting=look_ahead))
                except BaseException as exc:  # hand any crash to the caller's thread
                    done.put(exc)
                    return

        threads = [threading.Thread(target=work, daemon=True, name=f"verify-{i}")
                   for i in range(self.config.workers)]
        for thread in threads:
            thread.start()
        pending = 0
        source = iter(samples)
        exhausted = False
        try:
            while True:
                # Top the queue up; afterwards it is full, or the source is exhausted, or as many
                # samples as memory allows are pending (so a result is on its way): blocking on a
                # result below cannot starve the workers.
                while not exhausted and pending < 5 * self.config.workers and not todo.full():
                    try:
                        todo.put(next(source))
                        pending += 1
                    except StopIteration:
                        exhausted = True
                if not pending:
                    break
                item = done.get()
                pending -= 1
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while True:  # unblock the workers and let them finish their current sample
                try:
                    todo.get_nowait()
                except queue.Empty:
                    break
            for _ in threads:
                try:
                    todo.put_nowait(None)
                except queue.Full:
                    break

"""The stage interface: one abstract method, the base class does the bookkeeping.

A stage implements :meth:`Stage.check` and returns a :class:`Finding`; :meth:`Stage.run` times
it, turns an unexpected exception into an ``error`` result instead of crashing the batch, stamps
the level the stage earns when it passed, and records tool versions. Stages run cheapest first,
and the pipeline stops at the first stage that did not pass.
"""

from __future__ import annotations

import logging
import math
import platform
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from synthcode.analysis import ModuleInfo
from synthcode.mutants import MAX_MUTANTS
from synthcode.sample import Level, Sample, StageResult, Status
from synthcode.sandbox.base import RunRequest, RunResult, Worker

if TYPE_CHECKING:
    from synthcode.contracts import ModuleContracts

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Finding:
    """What a stage found; :meth:`Stage.run` turns it into a :class:`StageResult`."""

    status: Status
    detail: str = ""
    test: str | None = None
    assertion: str | None = None
    counterexample: dict[str, Any] | None = None
    level: Level | None = None
    """The level a pass earns when it differs from the stage's class-level one (a prover that
    could only check some paths passes below what a full proof earns)."""
    evidence: dict[str, Any] = field(default_factory=dict)
    """Measurements behind the verdict (see :attr:`synthcode.sample.StageResult.evidence`)."""


CPU_MARGIN = 1
"""CPU seconds a request's limit allows beyond its stage's budget: the harness stops itself at the
budget and reports; the kernel's limit (SIGXCPU) is only for a sample that never lets it."""
WALL_SLACK = 2.0
"""Wall-clock seconds a request's safety net adds to ``wall_factor`` times its CPU limit (starting
the child, loading the sample, reporting)."""
RERUN_WALL_FACTOR = 2.0
"""A stage re-run alone after hitting its wall-clock safety net gets this many times ``wall_factor``
(twice the net, less the slack): alone, a CPU second takes no longer than it did, so this is for a
machine busier than ``wall_factor`` allows; a sample that sleeps or blocks costs the net and then
this one. The verifier's re-run of a sandboxed stage and the ``proof`` stage's of its Nagini call
both use it."""


_CPU_MODEL: str | None = None


def cpu_model() -> str:
    """The CPU's model name (``/proc/cpuinfo``), recorded with every verdict: budgets count work,
    and how much work a CPU second holds depends on the CPU."""
    global _CPU_MODEL
    if _CPU_MODEL is None:
        _CPU_MODEL = platform.processor() or platform.machine() or "unknown"
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("model name"):
                        _CPU_MODEL = line.partition(":")[2].strip()
                        break
        except OSError:
            pass
    return _CPU_MODEL


DEFAULT_SECONDS = 10.0
"""A stage's CPU seconds when neither its budget nor a config sets them."""


@dataclass(kw_only=True, slots=True)
class Budget:
    """What one stage may spend on one sample. Every field counts work, never wall-clock time, so
    a verdict does not depend on how busy the machine is (wall-clock limits are only a safety net,
    see :attr:`synthcode.verify.VerifyConfig.wall_factor`)."""

    seconds: float | None = None
    """CPU seconds of the sample (its sandboxed process, ``time.process_time``); running out is a
    ``timeout`` (or ``skipped`` for a prover), never a pass. The sample's CPU limit for the stage's
    requests follows from it (:meth:`cpu_limit`), whatever the sandbox's ``limits.cpu_seconds``.
    None (not set): the verify config's ``timeout`` (:meth:`VerifyConfig.budget` fills it in), so
    a ``timeout`` in a derived config or on the command line reaches every stage that does not
    name its own seconds; a bare ``Budget()`` counts :data:`DEFAULT_SECONDS`."""
    examples: int = 100
    """Generated inputs or examples, for stages that generate them (Hypothesis' ``max_examples``)."""
    paths: int = 100
    """Paths CrossHair may explore per postcondition (its ``max_iterations``; symbolic stage)."""
    mutants: int = MAX_MUTANTS
    """Mutants made and run per sample (mutation stage)."""

    def __post_init__(self) -> None:
        if self.seconds is not None and (isinstance(self.seconds, bool) or not isinstance(self.seconds, (int, float))
                                         or not self.seconds > 0):
            raise ValueError(f"budget seconds must be positive, got {self.seconds!r}")
        for name in ("examples", "paths", "mutants"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"budget {name} must be a positive integer, got {value!r}")

    def cpu_limit(self, seconds: float | None = None) -> int:
        """The sample's CPU limit (RLIMIT_CPU) for a request that may spend ``seconds`` of this
        budget (all of it by default): the one place a budget and the sandbox's limit meet. The
        kernel counts whole seconds: a budget of at most half a second gets one, whose other half
        is the margin (with ``CPU_MARGIN`` on top, a looping candidate screened with 0.5 s would
        spend 2 s before SIGXCPU)."""
        seconds = self.cpu_seconds if seconds is None else seconds
        return 1 if seconds <= 0.5 else math.ceil(seconds) + CPU_MARGIN

    @property
    def cpu_seconds(self) -> float:
        """:attr:`seconds`, or :data:`DEFAULT_SECONDS` when it was left to the config."""
        return DEFAULT_SECONDS if self.seconds is None else self.seconds

    def describe(self) -> dict[str, str]:
        """The budget as recorded in a verdict's ``tools``."""
        return {"budget_cpu_seconds": f"{self.cpu_seconds:g}", "budget_examples": str(self.examples),
                "budget_paths": str(self.paths), "budget_mutants": str(self.mutants)}


@dataclass(slots=True)
class StageContext:
    """What a stage may use besides the sample: the sandbox worker and the static analysis."""

    worker: Worker | None
    budget: Budget = field(default_factory=Budget)
    info: ModuleInfo | None = None
    scratch: dict[str, Any] = field(default_factory=dict)
    min_mutation_score: float = 0.0
    """The mutation stage's floor (``VerifyConfig.min_mutation_score``)."""
    compares_reference: bool = False
    """The differential stage runs on this sample (it has a reference and the stage is selected):
    the reference, not the tests alone, is then the oracle of its behaviour."""
    settings: Any = None
    """The running stage's own settings from the verify config (``VerifyConfig.differential`` for
    the differential stage), or None for a stage without any."""
    wall_factor: float = 3.0
    """A request's wall-clock safety net is this many times its CPU limit (plus ``WALL_SLACK``);
    the verifier raises it for a re-run (see :meth:`synthcode.verify.Verifier.verify`)."""
    wall_hit: bool = False
    """Set when a request of the running stage ran into its wall-clock safety net (or its worker
    stopped answering): the verifier then runs the stage again, alone, before judging."""
    gate: Any = None
    """The verifier's gate around requests (``synthcode.verify.Gate``), or None."""

    @property
    def timeout(self) -> float:
        """This stage's CPU budget in seconds."""
        return self.budget.cpu_seconds

    def limits(self, seconds: float | None = None) -> dict[str, Any]:
        """``RunRequest`` limits for a request that may spend ``seconds`` of the stage's CPU budget
        (all of it by default): ``cpu_seconds`` decides, ``timeout`` is the wall-clock safety net."""
        cpu = self.budget.cpu_limit(seconds)
        return {"cpu_seconds": cpu, "timeout": self.wall_factor * cpu + WALL_SLACK}

    def run(self, request: RunRequest) -> RunResult:
        """Run ``request`` on the worker, noting a run that hit the wall-clock safety net."""
        assert self.worker is not None
        if self.gate is not None:
            with self.gate.request(request):
                result = self.worker.run(request)
        else:
            result = self.worker.run(request)
        if result.timed_out or (result.worker_died or "").startswith("sandbox worker stopped answering"):
            self.wall_hit = True
        return result

    def contracts(self) -> ModuleContracts:
        """The sample's contracts, read once and shared by the stages that check them."""
        if "contracts" not in self.scratch:
            from synthcode.contracts import extract_contracts  # only contract stages need it

            assert self.info is not None, "the parse stage runs first"
            self.scratch["contracts"] = extract_contracts(self.info.tree, self.info.lines)
        return self.scratch["contracts"]

    def unparsable_contract(self) -> Finding | None:
        """A failure when a contract line does not parse (every contract stage rejects the sample)."""
        invalid = [p for p in self.contracts().problems if p.invalid]
        return Finding(Status.FAILED, f"contract does not parse: {invalid[0]}") if invalid else None
class Stage(ABC):
    name: ClassVar[str]
    level: ClassVar[Level | None] = None
    """The level a sample reaches when this stage passes."""
    needs_sandbox: ClassVar[bool] = True
    budgeted: ClassVar[bool] = True
    """False for a stage that spends no budget (parse): its verdicts do not record one."""
    compiles_plainly: ClassVar[bool] = True
    """False when the stage's first request sends a rewrite of the sample, not its plain code
    (the tests stage's guards): the verifier then does not compile the plain code ahead for it."""
    one_request: ClassVar[bool] = False
    """True when the stage sends its worker exactly one request per sample; then, as a sample's
    last sandboxed stage, the next sample's first request may be queued behind it (see
    :meth:`Worker.send_ahead`). A stage that may send more would find that request in its way."""
    preload: ClassVar[tuple[str, ...]] = ()
    """Libraries this stage's harness needs in the sandbox (e.g. ``("hypothesis",)``); workers
    import them once, on the first request for a harness, and put site-packages on their path."""

    def tools(self) -> dict[str, str]:
        return {"python": platform.python_version()}

    @abstractmethod
    def check(self, sample: Sample, context: StageContext) -> Finding:
        """Judge one sample. Expected failures are Findings, not exceptions."""

    def request_ahead(self, sample: Sample, context: StageContext) -> RunRequest | None:
        """The request :meth:`check` will send first, built before the stage runs, or None.

        The verifier sends it while the worker still runs the previous sample (see
        :meth:`Worker.send_ahead`), so a stage that returns one must send that very object.
        By default a stage's requests are only built when it runs.
        """
        return None

    def run(self, sample: Sample, context: StageContext) -> StageResult:
        started = time.perf_counter()
        try:
            finding = self.check(sample, context)
        except Exception as exc:  # a bug in a stage is an error verdict, not a crashed batch
            log.exception("stage %s crashed on %s", self.name, sample.id)
            finding = Finding(Status.ERROR, f"stage crashed: {type(exc).__name__}: {exc}")
        return StageResult(
            stage=self.name,
            status=finding.status,
            detail=finding.detail,
            seconds=time.perf_counter() - started,
            test=finding.test,
            assertion=finding.assertion,
            counterexample=finding.counterexample,
            level=(finding.level if finding.level is not None else self.level)
            if finding.status is Status.PASSED else None,
            tools={**self.tools(), "cpu": cpu_model(),
                   **(context.budget.describe() if self.budgeted else {})},
            evidence=finding.evidence,
        )


class ParsedStage(Stage):
    """A stage that judges the parse stage's analysis: the contract and test-driven stages.

    The base does their shared preamble, in this order: the parse stage's
    :class:`~synthcode.analysis.ModuleInfo` must be there; a stage that ``reads_contracts`` fails
    a sample with a contract line that does not parse; a stage with a ``needs_tests`` reason skips
    a sample without test functions, saying that reason. Subclasses implement :meth:`judge_parsed`.
    """

    reads_contracts: ClassVar[bool] = False
    needs_tests: ClassVar[str | None] = None
    """The skip reason for a sample without test functions, or None when the stage needs none."""

    def check(self, sample: Sample, context: StageContext) -> Finding:
        info = context.info
        assert info is not None, "the parse stage runs first"
        if self.reads_contracts:
            problem = context.unparsable_contract()
            if problem is not None:
                return problem
        if self.needs_tests is not None and not info.tests:
            return Finding(Status.SKIPPED, self.needs_tests)
        return self.judge_parsed(sample, context, info)

    @abstractmethod
    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        """Judge one sample after the preamble let it through."""

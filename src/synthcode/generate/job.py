"""The generation job: model requests on an event loop, verification on executor workers, rows out.

One record, a :class:`~synthcode.generate.task.Task`, flows through it. For each problem index ``i``:

1. :class:`~synthcode.generate.problems.ProblemMaker` asks the model for a problem, ``k``
   solutions and unit tests, parses them, drops duplicates of earlier problems and
   benchmark-contaminated ones, and makes the task, with a verify file per candidate (solution +
   tests + a property test over the problem's strategy), or its rejection;
2. the job hands the candidates to the executor through a bounded queue, and the model goes on to
   the next problem: it waits only when that queue is full;
3. when ``differential`` is among the stages and k > 1, each candidate that passed the others is
   run once more, on one input set per problem (the ``outputs`` stage), and the outputs are
   compared on the host into clusters of agreeing candidates (:mod:`synthcode.generate.agreement`):
   the canonical solution comes from the largest cluster, ties and disagreements are decided by
   evidence, and the decision is the row's ``agreement`` stage result; every candidate is kept in
   ``alternatives`` with its verdict, level, mutation score and cluster;
4. exactly one row per problem goes to ``accepted/`` or ``rejected/`` (the reason names why).

A rerun with the same config and ``out`` skips the problems already in the shards; every model
answer is in ``out/cache``, so redoing the problems a kill interrupted asks the model nothing it
had answered::

    stats = GenerateJob(config).run()          # returns what stats.json holds
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from synthcode.files import write_atomic
from synthcode.generate import agreement, assemble
from synthcode.generate.config import GenerateConfig
from synthcode.generate.parse import Rejection
from synthcode.generate.problems import ProblemMaker, Sources, problem_id
from synthcode.generate.rows import Alternative, GeneratedRow, compact_outputs, candidate_record, mutation_score
from synthcode.generate.stats import STEPS, budgets_of, compute_stats
from synthcode.generate.task import Task
from synthcode.sample import Level, Sample, StageResult, Status
from synthcode.verify import VerifyConfig

log = logging.getLogger(__name__)



SCREEN_SECONDS = 0.5
"""CPU seconds of a candidate's tests when every candidate is screened (k > 1 with agreement): a
wrong candidate that loops would otherwise spend the tests' whole budget (and its wall-clock
re-run) before it is rejected; a candidate whose tests need more is rejected as ``tests-timeout``
(the kernel's limit for it is one CPU second, see :meth:`Budget.cpu_limit`)."""


def _sha(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def _samples(tasks: queue.Queue[Task | None], attribute: str) -> Iterator[Sample]:
    """The samples in each task's ``attribute`` (candidates or pairs), until a None on ``tasks``."""
    while True:
        task = tasks.get()
        if task is None:
            return
        yield from getattr(task, attribute).values()


class Progress:
    """Counters the CLI shows; updated from the job's threads."""

    def __init__(self, total: int, done: int) -> None:
        self.total = total
        self.done = done
        self.accepted = 0
        self.fresh = 0
        self.tokens = 0
        self.started = time.monotonic()
        self.lock = threading.Lock()


class GenerateJob:
    def __init__(self, config: GenerateConfig, on_progress: Callable[[Progress], None] | None = None) -> None:
        self.config = config
        self.out = Path(config.out)
        self.on_progress = on_progress
        self.verify_stages = [s for s in config.verify.stages if s != "differential"] or ["tests"]
        self.agree = "differential" in config.verify.stages and config.solutions_per_problem > 1
        self.later_stages: list[str] = []
        if self.agree:
            # Every candidate: the first stage (the tests), then its one run on the problem's inputs.
            # The rest only for the candidate the agreement chooses (and, to break a tie, the
            # heads of the tied clusters): they cost most and decide nothing the agreement does.
            self.later_stages = self.verify_stages[1:]
            self.verify_stages = [*self.verify_stages[:1], "outputs"]
        self._error: BaseException | None = None

    # --- set-up ---------------------------------------------------------------------------------

    def _prepare(self) -> Sources:
        """What generating needs beyond the output: only built when problems are left to do. The
        dedup index starts with the problems a resumed run already has (their duplicates are dropped)."""
        from synthcode.generate import prompts
        from synthcode.generate.cache import ResponseCache
        from synthcode.generate.decontam import BenchmarkIndex
        from synthcode.generate.dedup import DedupIndex
        from synthcode.generate.rows import read_generated
        from synthcode.generate.taxonomy import Taxonomy

        config = self.config
        for name in dataclasses.astuple(config.templates):
            prompts.check_template(name)
        taxonomy = Taxonomy.load(config.taxonomy)
        snippets = None
        if config.seeds.dataset:
            from synthcode.generate.seeds import SeedSnippets

            snippets = SeedSnippets.load(config.seeds)
        benchmarks = BenchmarkIndex.build(config.decontamination)
        self.cache = ResponseCache(self.out / "cache")
        if config.seed_cache:
            self.cache.merge(config.seed_cache)
        dedup = DedupIndex(config.dedup)
        for row in read_generated(self.out, ["problem_id", "statement", "signature", "solution", "alternatives",
                                             "provenance"]):
            if STEPS.index(row.reached) >= STEPS.index("deduplicated"):
                dedup.add(row.problem_id, row.statement, row.signature, row.solutions)
        return Sources(taxonomy=taxonomy, snippets=snippets, dedup=dedup, benchmarks=benchmarks)

    # --- the run --------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        from synthcode.generate.writer import ShardWriter

        config = self.config
        self.writer = ShardWriter(self.out, shard_rows=config.shard_rows, flush_seconds=config.flush_seconds)
        try:
            done = {row["problem_id"] for row in self.writer.existing_rows(["problem_id"])}
            todo = [i for i in range(config.num_problems) if problem_id(config.seed, i) not in done]
            self.progress = Progress(total=config.num_problems, done=config.num_problems - len(todo))
            # A finished run asks no model, starts no sandbox and builds no benchmark index.
            model = self._generate_all(todo) if todo else None
        finally:
            self.writer.close()
        if self._error is not None:
            raise self._error
        stats = compute_stats(self.out, config, model=model)
        write_atomic(self.out / "stats.json", json.dumps(stats, indent=2, sort_keys=False) + "\n")
        return stats

    def _generate_all(self, todo: list[int]) -> str:
        """Generate and verify the problems ``todo``; the model's name."""
        from synthcode.executors import build_executor
        from synthcode.generate.backends import build_backend

        config = self.config
        sources = self._prepare()
        try:
            backend = build_backend(config.model, cache=self.cache)
            problems = ProblemMaker(config, backend, sources, agree=self.agree, strategy=not self.later_stages,
                                    on_tokens=self._count_tokens)
            self._budgets = budgets_of(config)
            self.queue: queue.Queue[Task | None] = queue.Queue(maxsize=config.queue_size)
            self.tasks: dict[str, Task] = {}
            self.tasks_lock = threading.Lock()
            self.later: queue.Queue[tuple[Task, list[int]] | None] = queue.Queue()
            with build_executor(config.executor, self._verify_config(self.verify_stages)) as executor:
                later = None
                if self.later_stages:
                    later = build_executor(config.executor, self._verify_config(self.later_stages))
                try:
                    threads = [threading.Thread(target=self._guard, args=(self._verify_loop, executor),
                                                name="generate-verify", daemon=True)]
                    if later is not None:
                        threads.append(threading.Thread(target=self._guard, args=(self._later_loop, later),
                                                        name="generate-verify-chosen", daemon=True))
                    for thread in threads:
                        thread.start()
                    try:
                        asyncio.run(problems.produce(todo, self._deliver, lambda: self._error is not None))
                    finally:
                        self._put_blocking(self.queue, None)
                        for thread in threads:
                            thread.join()
                finally:
                    if later is not None:
                        later.close()
        finally:
            self.cache.close()
        return backend.model

    def _verify_config(self, stages: list[str]) -> VerifyConfig:
        verify = self.config.verify
        budgets = dict(verify.budgets)
        if "outputs" in stages and "differential" in budgets:  # the agreement run spends what pairs did
            budgets.setdefault("outputs", budgets["differential"])
        if "outputs" in stages and stages[0] != "outputs":  # the screening: every candidate's tests
            budget = verify.budget(stages[0])
            budgets[stages[0]] = dataclasses.replace(budget, seconds=min(budget.cpu_seconds, SCREEN_SECONDS))
        return verify.copy_with(stages=stages, budgets=budgets)

    def _guard(self, loop: Callable[[Any], None], executor: Any) -> None:
        try:
            loop(executor)
        except BaseException as exc:  # surfaced by run() on the main thread
            log.debug("verification thread failed", exc_info=True)
            if self._error is None:
                self._error = exc
            self._drain()

    def _drain(self) -> None:
        """After a failure: keep the producer from blocking on a full queue."""
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                return

    def _put_blocking(self, q: queue.Queue, item: Any) -> None:
        while True:
            try:
                q.put(item, timeout=0.1)
                return
            except queue.Full:
                if self._error is not None:
                    self._drain()

    # --- generation (the problem maker's event loop) --------------------------------------------

    def _count_tokens(self, tokens: int) -> None:
        with self.progress.lock:
            self.progress.tokens += tokens

    async def _deliver(self, task: Task) -> None:
        """A task from the problem maker: its rejection's row, or its candidates to verification."""
        if task.rejection is not None:
            return self._reject(task)
        task.pending = len(task.candidates)
        with self.tasks_lock:
            self.tasks[task.id] = task
        while True:  # the only place generation waits on verification: a full queue
            if self._error is not None:
                raise self._error
            try:
                self.queue.put_nowait(task)
                return
            except queue.Full:
                await asyncio.sleep(0.02)

    # --- verification (executor threads) --------------------------------------------------------

    def _verify_loop(self, executor: Any) -> None:
        try:
            for sample in executor.verify_stream(_samples(self.queue, "candidates")):
                with self.tasks_lock:
                    task = self.tasks[sample.metadata["problem_id"]]
                task.candidates[sample.metadata["j"]] = sample
                task.pending -= 1
                if task.pending == 0:
                    self._screened(task)
        finally:
            if self.later_stages:
                self._put_blocking(self.later, None)

    def _screened(self, task: Task) -> None:
        """Every candidate ran the first stages: decide, or send the chosen one on."""
        if not self.later_stages:
            return self._finish(task)
        passed = [j for j, s in task.candidates.items() if s.status == "accepted"]
        if not passed:
            return self._finish(task)
        task.screened = set(passed)
        decision = self._decide(task)
        if decision.result.status is Status.FAILED and decision.canonical is not None:
            return self._finish(task)  # too few agree (min_agreement): nothing more to learn
        if decision.canonical is None:  # a tie: the later stages' evidence of each tied head decides
            top = agreement.evidence_key(task.inputs_or_empty, decision.clusters[0])
            heads = [max(g, key=agreement.strength).index for g in decision.clusters
                     if agreement.evidence_key(task.inputs_or_empty, g) == top]
            task.tie = True
            return self._send_later(task, heads)
        task.tie = False
        self._send_later(task, [decision.canonical.index])

    def _send_later(self, task: Task, indices: list[int]) -> None:
        task.pending = len(indices)
        self.later.put((task, indices))

    def _later_samples(self) -> Iterator[Sample]:
        while True:
            item = self.later.get()
            if item is None:  # the first stages are done: nothing more comes
                return
            task, indices = item
            for j in indices:
                yield self._later_sample(task, j)

    def _later_sample(self, task: Task, j: int) -> Sample:
        """Candidate ``j``'s file for the later stages (with the property test)."""
        assert task.problem is not None
        first, solution = task.candidates[j], task.solutions[j]
        assert isinstance(solution, str)
        return Sample(id=first.id, code=assemble.verify_file(task.problem, solution, task.tests),
                      entry_point=first.entry_point, metadata={"problem_id": task.id, "j": j})

    def _merge_later(self, task: Task, sample: Sample) -> int:
        """One record per candidate: the first stages, then the later ones (their parse result is
        the same); the candidate's index."""
        j = sample.metadata["j"]
        first = task.candidates[j]
        outputs = [r for r in first.stages if r.stage == "outputs"]
        first.code = sample.code  # the whole file, with the property test
        first.stages = ([r for r in first.stages if r.stage != "outputs"]
                        + [r for r in sample.stages if r.stage != "parse"] + outputs)
        task.later_done.add(j)
        return j

    def _later_loop(self, executor: Any) -> None:
        for sample in executor.verify_stream(self._later_samples()):
            with self.tasks_lock:
                task = self.tasks[sample.metadata["problem_id"]]
            j = self._merge_later(task, sample)
            task.pending -= 1
            if not task.pending:
                if not task.tie:
                    self._next_of_cluster(executor, task, j)
                task.tie = False  # a tie is decided again in _finish, with the heads' full evidence
                self._finish(task)

    def _next_of_cluster(self, executor: Any, task: Task, j: int) -> None:
        """While the chosen candidate ``j`` fails a later stage (mutation, properties, ...), the
        next member of its cluster by evidence runs them, until one passes or none is left: its
        agreeing peers are as right as it is, and their own code may pass where its did not. A
        peer of the same :func:`~synthcode.generate.agreement.shape` as one that failed is not
        tried (it would fail alike: the same mutants survive, the same input crashes it), nor is
        another cluster (it disagrees with the one the evidence chose).

        Each retry is verified here, on the thread that consumes the later stream's results, with
        :meth:`Executor.verify_one`: that thread is also the one the stream pulls its next sample
        on, so a retry sent into the stream could wait behind the stream's end, or forever."""
        while task.candidates[j].status != "accepted":
            decision = self._decide(task)
            group = next((g for g in decision.clusters if any(c.index == j for c in g)), [])
            failed = {agreement.shape(str(task.solutions[i])) for i in task.later_done}
            rest = [c for c in sorted(group, key=agreement.strength, reverse=True)
                    if c.index not in task.later_done and agreement.shape(str(task.solutions[c.index])) not in failed]
            if not rest:
                return
            j = self._merge_later(task, executor.verify_one(self._later_sample(task, rest[0].index)))

    def _decide(self, task: Task) -> agreement.Decision:
        """Clusters of the candidates that passed the first stages; a later stage's verdict is
        evidence (a candidate that failed one has level ``rejected``), never a change of cluster."""
        records = [candidate_record(j, task.candidates[j], task.solutions[j]).candidate for j in sorted(task.screened)]
        return agreement.decide(task.inputs_or_empty, records, self.config.min_agreement)

    # --- rows -----------------------------------------------------------------------------------

    def _finish(self, task: Task) -> None:
        """Pick the canonical candidate (by agreement, then evidence) and write the problem's row."""
        problem = task.problem
        assert problem is not None
        candidates = task.candidates
        records = {j: candidate_record(j, s, task.solutions[j]) for j, s in candidates.items()}
        passed = sorted(task.screened)
        decision = None
        if self.agree and passed:
            decision = agreement.decide(task.inputs_or_empty, [records[j].candidate for j in passed],
                                        self.config.min_agreement)
            for number, group in enumerate(decision.clusters):
                for member in group:
                    records[member.index].cluster = number
        if decision is not None and decision.canonical is not None:
            best = decision.canonical.index
            done = [c for c in decision.clusters[0] if c.index in task.later_done]
            if self.later_stages and best not in task.later_done and done:
                best = max(done, key=agreement.strength).index  # only a fully verified one is canonical
        elif decision is not None:  # undecided: the row names the strongest of the first cluster
            best = max(decision.clusters[0], key=agreement.strength).index
        else:  # no agreement asked: the strongest by evidence, never by candidate order
            best = max(candidates, key=lambda j: (candidates[j].status == "accepted", records[j].rank))
        sample = candidates[best]
        stages = [compact_outputs(r) for r in sample.stages]
        if decision is not None:
            stages.append(decision.result)
        final = Sample(id=sample.id, code=sample.code, entry_point=sample.entry_point, stages=stages)
        alternatives = [records[j].entry(records[best].cluster) for j in sorted(candidates) if j != best]
        for j, s in enumerate(task.solutions):
            if isinstance(s, Rejection):
                alternatives.append(Alternative(candidate=j, status="rejected", level=Level.REJECTED.label,
                                                reason=str(s)))
        alternatives.sort(key=lambda a: a.candidate)

        solution = task.solutions[best]
        assert isinstance(solution, str)
        failure = final.failure
        if final.status == "accepted":
            category, reason = "accepted", final.reason
        elif failure is not None and failure.stage == agreement.STAGE:
            undecided = (failure.evidence or {}).get("decided_by") == "undecided"
            category, reason = ("disagreement" if undecided else "min-agreement"), failure.detail
        elif failure is not None:
            category = f"{failure.stage}-{failure.status.value}"
            reason = final.reason_line  # with the failing assertion's source, e.g. [assert f(2) == 5]
        else:
            category, reason = "not-checked", final.reason_line
        row = self._row(task, status="accepted" if category == "accepted" else "rejected",
                        level=final.level.label if category == "accepted" else Level.REJECTED.label,
                        reason=reason if category == "accepted" else f"{category}: {reason}",
                        solution=solution, code=final.code, stages=stages, alternatives=alternatives)
        self._emit(task, row)

    def _reject(self, task: Task) -> None:
        """The row of a task the problem maker rejected (its parsed solutions listed as unverified)."""
        alternatives = [Alternative(candidate=j, status="rejected", level=Level.REJECTED.label, reason=str(s))
                        if isinstance(s, Rejection) else
                        Alternative(candidate=j, status="unverified", level=Level.REJECTED.label, solution=s)
                        for j, s in enumerate(task.solutions)]
        row = self._row(task, status="rejected", level=Level.REJECTED.label, reason=str(task.rejection),
                        solution="", code="", stages=[], alternatives=alternatives)
        self._emit(task, row)

    def _row(self, task: Task, *, status: str, level: str, reason: str, solution: str, code: str,
             stages: list[StageResult], alternatives: list[Alternative]) -> GeneratedRow:
        from synthcode.generate.dedup import normalize_code

        p = task.problem
        tools: dict[str, str] = {}
        for result in stages:  # versions; each stage's budget is in "budgets", per stage
            tools.update((k, v) for k, v in result.tools.items() if not k.startswith("budget_"))
        return GeneratedRow(
            id=_sha(task.id, normalize_code(solution) if solution else reason), problem_id=task.id,
            status=status, level=level, reason=reason, mutation_score=mutation_score(stages),
            statement=p.statement if p else "", entry_point=p.entry_point if p else "",
            signature=p.signature if p else "", contracts=p.contracts if p else "",
            examples=p.examples if p else "", solution=solution, tests=task.tests,
            property_strategy=p.strategy if p else "", code=code, text="", stages=stages,
            alternatives=alternatives, tools=tools, budgets=self._budgets, provenance=task.provenance)

    def _emit(self, task: Task, row: GeneratedRow) -> None:
        self.writer.write(row.to_parquet_row())
        with self.tasks_lock:
            self.tasks.pop(task.id, None)
        with self.progress.lock:
            self.progress.done += 1
            self.progress.fresh += 1
            self.progress.accepted += row.status == "accepted"
        if self.on_progress is not None:
            self.on_progress(self.progress)

"""From a problem index to a :class:`~synthcode.generate.task.Task` with its candidates, or a rejection.

The model side of the generation job, on one asyncio event loop. For each problem index ``i`` (id
deterministic from the config seed and ``i``, :func:`problem_id`):

1. draw a taxonomy node (and a seed snippet), ask for a problem (``prompts/problem``), parse it;
2. ask for ``k`` solutions (one request, ``n=k``) and for unit tests, at the same time; parse them;
3. drop exact and near duplicates of earlier problems (in index order), then benchmark-contaminated
   ones;
4. annotate each solution from the problem's signature and build its verify file (a
   :class:`~synthcode.sample.Sample`), with the problem's agreement inputs when candidates are
   compared.

Every task, rejected or not, goes to the ``deliver`` coroutine the job passes to
:meth:`ProblemMaker.produce`; what happens to it then (a row, the verification queue) is the job's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from synthcode.generate import agreement, assemble
from synthcode.generate.config import GenerateConfig
from synthcode.generate.parse import Rejection, parse_problem, parse_solution, parse_tests
from synthcode.generate.task import Task
from synthcode.sample import Sample

if TYPE_CHECKING:
    from synthcode.generate.backends import Backend
    from synthcode.generate.decontam import BenchmarkIndex
    from synthcode.generate.dedup import DedupIndex
    from synthcode.generate.seeds import SeedSnippets
    from synthcode.generate.taxonomy import Taxonomy


def problem_id(seed: int, index: int) -> str:
    return "p-" + hashlib.sha256(f"synthcode-problem:{seed}:{index}".encode()).hexdigest()[:16]


def sub_seed(seed: int, index: int, kind: str) -> int:
    """The sampling seed of problem ``index``'s ``kind`` request (problem, solution, tests)."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{index}:{kind}".encode()).digest()[:4], "big")


def _clean(text: str | None) -> str:
    """A completion as valid UTF-8 text (a lone surrogate from a JSON escape cannot be written to Parquet)."""
    return (text or "").encode("utf-8", "replace").decode("utf-8")


@dataclass(slots=True)
class Sources:
    """What problems are drawn from (taxonomy, seed snippets) and checked against (the problems
    before them, benchmarks); the job builds them, with the problems a resumed run already has."""

    taxonomy: Taxonomy
    snippets: SeedSnippets | None
    dedup: DedupIndex
    benchmarks: BenchmarkIndex


class _Slot:
    """A concurrency slot released at most once."""

    def __init__(self, semaphore: asyncio.Semaphore) -> None:
        self.semaphore = semaphore
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.semaphore.release()


@dataclass
class ProblemMaker:
    """Asks ``backend`` for problems, solutions and tests, and makes each index a :class:`Task`.

    ``agree``: candidates are compared (each task gets its agreement input set); ``strategy``: the
    property test goes into the candidates' first verify file (without later stages, it is there
    from the start); ``on_tokens``: completion tokens of each answer not from the cache."""

    config: GenerateConfig
    backend: Backend
    sources: Sources
    _: dataclasses.KW_ONLY
    agree: bool
    strategy: bool
    on_tokens: Callable[[int], None]

    async def produce(self, todo: list[int], deliver: Callable[[Task], Awaitable[None]],
                      stopped: Callable[[], bool]) -> None:
        """Make the tasks of ``todo`` and ``deliver`` each; start no new one once ``stopped()``
        (verification failed). The first failure (a model request, ``deliver``) is raised; the
        backend is closed at the end."""
        concurrency = max(1, self.config.model.concurrency)
        limit = asyncio.Semaphore(concurrency)
        # Problems alive at once: asking the model (limit), waiting for an earlier problem's dedup
        # turn, or waiting for room in the verification queue. When that queue stays full, this
        # runs out and generation pauses: the only way verification slows the model down.
        live = asyncio.Semaphore(2 * concurrency + self.config.queue_size)
        running: set[asyncio.Task] = set()
        # Dedup runs in index order (problem i waits for i-1's verdict), so which of two
        # duplicates survives does not depend on which answer came back first.
        self._turns = {index: asyncio.Event() for index in todo}
        self._previous = dict(zip(todo[1:], todo))
        failures: list[BaseException] = []

        def finished(t: asyncio.Task, slot: _Slot) -> None:
            running.discard(t)
            slot.release()
            live.release()
            if not t.cancelled() and t.exception() is not None:  # retrieving it here: no asyncio warning
                failures.append(t.exception())  # type: ignore[arg-type]

        try:
            for index in todo:
                if stopped() or failures:
                    break
                await live.acquire()
                await limit.acquire()
                slot = _Slot(limit)
                task = asyncio.create_task(self._problem(index, slot, deliver))
                running.add(task)
                task.add_done_callback(lambda t, slot=slot: finished(t, slot))
            while running and not failures:
                await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            if failures:
                raise failures[0]
        finally:
            for t in running:
                t.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
            await self.backend.aclose()

    async def _ask(self, kind: str, index: int, messages: tuple[tuple[str, str], ...], n: int):
        from synthcode.generate.backends import BackendError, Request

        sampling = getattr(self.config.sampling, kind)
        request = Request(messages=messages, n=n, temperature=sampling.temperature, top_p=sampling.top_p,
                          max_tokens=sampling.max_tokens, seed=sub_seed(self.config.seed, index, kind))
        try:
            completion = await self.backend.complete(request)
        except BackendError as exc:
            raise BackendError(f"model request failed ({kind} request of problem {index}): {exc}") from None
        if not completion.cached:
            self.on_tokens(int(completion.usage.get("completion_tokens", 0)))
        params = {k: v for k, v in request.to_dict().items() if k not in ("messages", "prompt")}
        return completion, params

    async def _problem(self, index: int, slot: _Slot, deliver: Callable[[Task], Awaitable[None]]) -> None:
        try:
            await deliver(await self._make(index, slot))
        finally:
            # A problem rejected before dedup still passes its turn on only after its predecessor.
            previous = self._previous.get(index)
            if previous is not None and not self._turns[index].is_set():
                await self._turns[previous].wait()
            self._turns[index].set()

    async def _make(self, index: int, slot: _Slot) -> Task:
        from synthcode.generate.prompts import render_messages

        config = self.config
        pid = problem_id(config.seed, index)
        rng = random.Random(f"{config.seed}:{index}")
        node = self.sources.taxonomy.draw(rng)
        snippets = self.sources.snippets
        snippet_id, snippet = snippets.draw(rng) if snippets is not None else (None, "")
        provenance: dict[str, Any] = {
            "index": index, "seed": config.seed, "taxonomy": node.path, "seed_snippet": snippet_id,
            "templates": dataclasses.asdict(config.templates), "backend": config.model.backend,
            "model": None, "sampling": {}, "reached": "requested",
        }
        task = Task(id=pid, provenance=provenance)
        messages = render_messages(config.templates.problem, topic=node.topic, concept=node.concept,
                                   data_structure=node.data_structure, difficulty=node.difficulty, snippet=snippet)
        completion, params = await self._ask("problem", index, messages, 1)
        provenance["model"] = completion.model
        provenance["sampling"]["problem"] = params
        text, reason = _clean(completion.texts[0]), completion.finish_reasons[0]
        if text and text.strip():
            provenance["reached"] = "generated"
        problem = parse_problem(text, reason)
        if isinstance(problem, Rejection):
            return _rejected(task, problem.category, f"problem: {problem.detail}")
        task.problem = problem
        values = dict(statement=problem.statement, signature=problem.signature, contracts=problem.contracts,
                      examples=problem.examples, entry_point=problem.entry_point)
        (solutions, s_params), (tests, t_params) = await asyncio.gather(
            self._ask("solution", index, render_messages(config.templates.solution, **values),
                      config.solutions_per_problem),
            self._ask("tests", index, render_messages(config.templates.tests, **values), 1))
        provenance["sampling"]["solution"] = s_params
        provenance["sampling"]["tests"] = t_params
        parsed_tests = parse_tests(_clean(tests.texts[0]), tests.finish_reasons[0], problem.entry_point)
        task.solutions = [parse_solution(_clean(t), r, problem.entry_point)
                          for t, r in zip(solutions.texts, solutions.finish_reasons)]
        if isinstance(parsed_tests, Rejection):
            return _rejected(task, parsed_tests.category, f"tests: {parsed_tests.detail}")
        task.tests = parsed_tests
        good = [s for s in task.solutions if isinstance(s, str)]
        if not good:
            first = task.solutions[0]
            assert isinstance(first, Rejection)
            return _rejected(task, first.category, f"no usable solution; first: {first.detail}")
        provenance["reached"] = "parsed"

        slot.release()  # waiting for an earlier problem's turn must not hold back the model
        previous = self._previous.get(index)
        if previous is not None:
            await self._turns[previous].wait()
        duplicate = self.sources.dedup.admit(pid, problem.statement, problem.signature, good)
        if duplicate is not None:
            return _rejected(task, "duplicate", duplicate)
        self._turns[index].set()
        provenance["reached"] = "deduplicated"

        text = "\n".join([problem.statement, problem.signature, problem.contracts, problem.examples, *good])
        contamination = self.sources.benchmarks.check(text)
        if contamination is not None:
            return _rejected(task, "contaminated", contamination)
        provenance["reached"] = "decontaminated"

        metadata: dict[str, Any] = {}
        if self.agree and len(good) > 1:
            budget = config.verify.budget("differential")
            task.inputs = agreement.input_set(problem, task.tests, budget.examples, seed=sub_seed(config.seed, index,
                                                                                                   "inputs"))
            metadata = {agreement.INPUTS: task.inputs.inputs, agreement.PRE: task.inputs.domain.pre}
        for j, code in enumerate(task.solutions):
            if isinstance(code, str):
                code = agreement.annotate(code, problem)  # hints from the signature: CrossHair and Z3 can run
                task.solutions[j] = code
                solution = assemble.with_docstring(code, problem.entry_point, assemble.docstring(problem))
                task.candidates[j] = Sample(id=f"{pid}-{j}", code=assemble.verify_file(problem, code, task.tests,
                                                                                     strategy=self.strategy),
                                            entry_point=problem.entry_point,
                                            metadata={"problem_id": pid, "j": j, **metadata,
                                                      **({agreement.SOLUTION: solution} if metadata else {})})
        return task


def _rejected(task: Task, category: str, detail: str) -> Task:
    task.rejection = Rejection(category, detail)
    return task

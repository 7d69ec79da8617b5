"""Code pass@1 on HumanEval and MBPP: greedy completions, each verified in synthcode's sandbox.

Every completion becomes a synthcode verify file (the problem's prompt and the completion, then
the benchmark's own tests as a ``test_*`` function) and goes through the same
:class:`~synthcode.executors.Executor` as generated data does, so untrusted model output never runs
outside the sandbox. pass@1 with greedy decoding is the fraction of problems accepted; a timeout,
crash or sandbox error counts as a failure.

::

    problems = code_problems("humaneval", CodeConfig(limit=10))
    scores = score(problems, [p.reference for p in problems], CodeConfig())   # canonical: pass@1 == 1.0
    result = evaluate_benchmark(model, tokenizer, problems, CodeConfig())     # greedy completions, verified
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.evaluation.config import CodeConfig

HUMANEVAL_STOPS = ("\nclass ", "\ndef ", "\n#", "\n@", "\nprint(", "\nif __name__", "\n```")
MBPP_STOPS = ("\nclass ", "\nassert ", '\n"""', "\nprint(", "\nif __name__", "\n```")
MBPP_TEST_IDS = range(11, 511)


@dataclass(slots=True)
class CodeProblem:
    benchmark: str
    task_id: str
    prompt: str
    """What the model continues."""
    reference: str
    """The canonical completion (for checking the harness itself)."""
    stops: tuple[str, ...]
    verify_file: Callable[[str], str]
    """completion -> verify file source."""


def _local_file(setting: str | None, key: str, default: str) -> Path | None:
    """The benchmark file ``code.<key>`` names, else the package's copy of ``default`` if it is
    there; None means fetch the benchmark from the Hub."""
    from synthcode.benchmarks import SHIPPED_DIR

    path = Path(setting) if setting else SHIPPED_DIR / default
    if path.exists():
        return path
    if setting is None:
        return None
    raise InputError(f"code.{key} {path} does not exist")


def _humaneval(config: CodeConfig) -> list[CodeProblem]:
    from synthcode.benchmarks import load_humaneval

    path = _local_file(config.humaneval_path, "humaneval_path", "HumanEval.jsonl.gz")
    problems = load_humaneval(path) if path is not None else _humaneval_from_hub()
    return [CodeProblem(benchmark="humaneval", task_id=p.task_id, prompt=p.prompt, reference=p.canonical_solution,
                        stops=HUMANEVAL_STOPS, verify_file=p.verify_file) for p in problems]


def _humaneval_from_hub() -> list[Any]:
    from datasets import load_dataset

    from synthcode.benchmarks import HumanEvalProblem

    rows = load_dataset("openai_humaneval", split="test")
    return [HumanEvalProblem(**{k: r[k] for k in HumanEvalProblem.__dataclass_fields__}) for r in rows]


def _mbpp_file(row: dict[str, Any]) -> Callable[[str], str]:
    setup = row.get("test_setup_code") or ""
    checks = "\n".join("    " + t for t in [*setup.splitlines(), *row["test_list"]] if t.strip())

    def build(completion: str) -> str:
        return f"{completion}\n\n\ndef test_mbpp_{row['task_id']}():\n{checks}\n"
    return build


def _mbpp(config: CodeConfig) -> list[CodeProblem]:
    from synthcode.benchmarks import load_mbpp

    path = _local_file(config.mbpp_path, "mbpp_path", "mbpp.jsonl")
    if path is not None:
        rows = list(load_mbpp(path))
    else:
        from datasets import load_dataset

        rows = [dict(r) for r in load_dataset("mbpp", split="test")]
    rows = [r for r in rows if r["task_id"] in MBPP_TEST_IDS] or rows
    return [CodeProblem(benchmark="mbpp", task_id=f"mbpp/{r['task_id']}",
                        prompt=f'"""\n{r["text"]}\n{r["test_list"][0]}\n"""\n',
                        reference=r["code"].replace("\r\n", "\n"), stops=MBPP_STOPS, verify_file=_mbpp_file(r))
            for r in rows]


def code_problems(benchmark: str, config: CodeConfig) -> list[CodeProblem]:
    problems = _humaneval(config) if benchmark == "humaneval" else _mbpp(config)
    return problems[:config.limit] if config.limit else problems


def score(problems: list[CodeProblem], completions: list[str], config: CodeConfig,
          on_verdict: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Verify each completion in the sandbox; pass@1 and the per-problem verdicts (status, the
    verifier's level and reason, the completion). ``on_verdict(done, passing)`` follows progress."""
    from synthcode.executors import ExecutorConfig, build_executor
    from synthcode.sample import Sample
    from synthcode.verify import VerifyConfig

    verify = VerifyConfig(stages=["tests"], workers=config.workers, sandbox=config.sandbox, timeout=config.timeout)
    samples = [Sample(id=p.task_id, code=p.verify_file(c), metadata={"benchmark": p.benchmark})
               for p, c in zip(problems, completions, strict=True)]
    verdicts: dict[str, dict[str, Any]] = {}
    with build_executor(ExecutorConfig(name="local"), verify) as executor:
        for sample in executor.verify_stream(samples):
            verdicts[sample.id] = {"status": str(sample.status), "level": sample.level.label, "reason": sample.reason}
            if on_verdict is not None:
                on_verdict(len(verdicts), sum(v["status"] == "accepted" for v in verdicts.values()))
    passed = sum(v["status"] == "accepted" for v in verdicts.values())
    missing = {"status": "error", "level": None, "reason": "no verdict from the executor"}
    return {"pass@1": passed / len(problems) if problems else 0.0, "passed": passed, "n": len(problems),
            "results": [{"task_id": p.task_id, **verdicts.get(p.task_id, missing), "completion": c}
                        for p, c in zip(problems, completions)]}


def evaluate_benchmark(model: Any, tokenizer: Any, problems: list[CodeProblem], config: CodeConfig,
                       progress: Callable[[str, int, int, int | None], None] | None = None) -> dict[str, Any]:
    """Greedy completions of ``problems`` (one benchmark), then their verdicts.
    ``progress(phase, done, total, passing)`` is called after each generate batch (phase
    ``generated``, passing None) and each verdict (phase ``verified``)."""
    from synthcode.evaluation.generation import complete

    total = len(problems)
    completions = [""] * total  # in the problems' order, whatever the grouping
    generated = 0
    for stops in dict.fromkeys(p.stops for p in problems):  # one generate pass per set of stop strings
        group = [i for i, p in enumerate(problems) if p.stops == stops]
        for start in range(0, len(group), config.batch_size):
            batch = group[start:start + config.batch_size]
            texts = complete(model, tokenizer, [problems[i].prompt for i in batch], config.max_new_tokens, stops,
                             config.batch_size)
            for i, text in zip(batch, texts, strict=True):
                completions[i] = text
            generated += len(batch)
            if progress is not None:
                progress("generated", generated, total, None)
    return score(problems, completions, config,
                 None if progress is None else lambda done, passing: progress("verified", done, total, passing))

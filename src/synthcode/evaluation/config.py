"""Settings of ``synthcode eval`` (``configs/eval/*.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from synthcode.config import path_field
from synthcode.errors import ConfigError

SUITES = ("code", "lm_eval", "judge")
CODE_BENCHMARKS = ("humaneval", "mbpp")


@dataclass(kw_only=True, slots=True)
class CodeConfig:
    benchmarks: list[str] = field(default_factory=lambda: list(CODE_BENCHMARKS))
    """Which of humaneval and mbpp to run."""
    humaneval_path: str | None = path_field(None)
    """HumanEval.jsonl(.gz); None means the copy shipped in the package, then the Hub (openai_humaneval)."""
    mbpp_path: str | None = path_field(None)
    """MBPP jsonl; None means the copy shipped in the package, then the Hub (mbpp). Tasks 11-510 (the test split) are scored."""
    limit: int | None = None
    """Score only the first N problems of each benchmark (smoke runs)."""
    max_new_tokens: int = 384
    """Completion length cap (greedy decoding)."""
    batch_size: int = 8
    """Prompts per generate call."""
    sandbox: str = "process"
    """Verify sandbox for the completions (process or docker)."""
    workers: int = 2
    """Sandbox workers."""
    timeout: float = 10.0
    """Seconds per problem in the sandbox."""

    def __post_init__(self) -> None:
        for name in self.benchmarks:
            if name not in CODE_BENCHMARKS:
                raise ConfigError(f"code.benchmarks: unknown benchmark {name!r}; choose from humaneval, mbpp")
        if self.limit is not None and self.limit < 1:
            raise ConfigError(f"code.limit must be at least 1, got {self.limit}")


@dataclass(kw_only=True, slots=True)
class HarnessConfig:
    tasks: dict[str, list[str]] = field(default_factory=lambda: {
        "reasoning": ["boolq", "piqa", "sciq", "social_iqa", "hellaswag", "winogrande", "arc_easy", "copa",
                      "storycloze_2016"],
        "knowledge": ["triviaqa", "nq_open"],
    })
    """Benchmark group -> lm-eval task names; a group's score is the mean of its tasks' scores."""
    include_path: str | None = path_field(None)
    """A directory of task YAMLs (``TaskManager(include_path=...)``), e.g. tasks reading local files
    with ``dataset_path: json`` and ``dataset_kwargs: {data_files: ...}``; a relative ``data_files``
    path there is relative to the task YAML's folder (configs/eval/local-tasks/smoke/ ships two)."""
    metrics: list[str] = field(default_factory=lambda: ["acc_norm", "acc", "exact_match", "em", "f1"])
    """Per task, the first of these metrics that the task reports is its score."""
    num_fewshot: int | None = None
    """Few-shot examples (None: each task's default)."""
    limit: int | None = None
    """Documents per task (smoke runs)."""
    batch_size: int = 8
    """lm-eval batch size."""


@dataclass(kw_only=True, slots=True)
class JudgeConfig:
    endpoint: str
    """OpenAI-compatible base URL of the judge (``http://host:8000/v1``)."""
    model: str
    """The judge model's name on that server."""
    prompts: str = path_field()
    """JSONL of instructions (``prompt`` field) the evaluated model answers."""
    baseline: str = path_field()
    """JSONL of the baseline model's answers (``prompt``, ``answer``), e.g. the ``.answers.jsonl``
    an earlier ``synthcode eval`` wrote for the baseline."""
    max_new_tokens: int = 256
    """Length cap of the evaluated model's answers."""
    batch_size: int = 8
    """Prompts per generate call when the evaluated model answers."""
    limit: int | None = None
    """Judge only the first N prompts."""


@dataclass(kw_only=True, slots=True)
class EvalConfig:
    suites: list[str] = field(default_factory=lambda: list(SUITES))
    """Which of code, lm_eval, judge to run (judge only when ``judge`` is set)."""
    device: str | None = None
    """cuda, cpu, ...; None picks cuda when available."""
    dtype: str = "bf16"
    """Weights for evaluation: bf16 or fp32."""
    code: CodeConfig = field(default_factory=CodeConfig)
    lm_eval: HarnessConfig = field(default_factory=HarnessConfig)
    judge: JudgeConfig | None = None
    seed: int = 0
    """Seeds sampling in lm-eval."""

    def __post_init__(self) -> None:
        for suite in self.suites:
            if suite not in SUITES:
                raise ConfigError(f"suites: unknown suite {suite!r}; choose from {', '.join(SUITES)}")
        if self.dtype not in ("bf16", "fp32"):
            raise ConfigError(f"dtype must be bf16 or fp32, got {self.dtype!r}")

"""The generation job's settings: one typed config, read from YAML with command-line overrides.

::

    config = load_config(GenerateConfig, "configs/generate/default.yaml",
                         {"num_problems": 10, "model": {"endpoints": ["http://127.0.0.1:8000/v1"]}})
    config.resolve_paths(Path("configs/generate"))   # relative paths are relative to the file
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synthcode.errors import ConfigError
from synthcode.executors.base import ExecutorConfig
from synthcode.generate.backends.base import ModelConfig, Request
from synthcode.generate.decontam import DecontamConfig
from synthcode.generate.dedup import DedupConfig
from synthcode.paths import project_dir
from synthcode.verify import VerifyConfig

ROOT = project_dir()
"""Where the templates and the default taxonomy live (a checkout's root, or their installed copies)."""


@dataclass(kw_only=True, slots=True)
class Sampling:
    """Sampling parameters of one kind of request."""

    temperature: float = 0.8
    """Sampling temperature; 0 is greedy."""
    top_p: float = 0.95
    """Nucleus sampling mass."""
    max_tokens: int = 1024
    """Most new tokens per answer; an answer cut there is rejected as ``truncated``."""

    def __post_init__(self) -> None:
        # Checked when the config loads, not at the first request of a run: a request of these
        # settings says what is wrong, as it would mid-run.
        Request(prompt="x", temperature=self.temperature, top_p=self.top_p, max_tokens=self.max_tokens)


@dataclass(kw_only=True, slots=True)
class SamplingConfig:
    """Sampling parameters per request kind."""

    problem: Sampling = field(default_factory=lambda: Sampling(temperature=1.0))
    """For the problem request (high temperature: diversity)."""
    solution: Sampling = field(default_factory=Sampling)
    """For the k candidate solutions (one request with ``n=k``)."""
    tests: Sampling = field(default_factory=lambda: Sampling(temperature=0.2))
    """For the unit tests (low temperature: exactness)."""


@dataclass(kw_only=True, slots=True)
class Templates:
    """Prompt templates, by path under ``prompts/`` (the path is the version)."""

    problem: str = "problem/v2.j2"
    """Template under ``prompts/`` for the problem request; its path is the recorded version."""
    solution: str = "solution/v2.j2"
    """Template for the solution request."""
    tests: str = "tests/v1.j2"
    """Template for the tests request."""


@dataclass(kw_only=True, slots=True)
class SeedsConfig:
    """Seed snippets for the problem prompt, from a code corpus."""

    dataset: str | None = None
    """Seed snippets (OSS-Instruct style): a ``datasets`` Hub id or a local path (a data file or a
    folder ``load_dataset`` reads); None: no snippets."""
    split: str = "train"
    """Split to read."""
    column: str = "content"
    """Column holding the code."""
    limit: int = 10000
    """Read at most this many rows (the first ones)."""
    max_chars: int = 1500
    """Longer snippets are cut to this many characters (at a line end)."""


@dataclass(kw_only=True, slots=True)
class GenerateConfig:
    """Everything ``synthcode generate`` needs; every field has a YAML key of the same name."""

    num_problems: int = 100
    """Problems to request; problem ``i`` always has the same id, so a rerun continues a run."""
    seed: int = 0
    """Seeds every request's sampling seed, the taxonomy draws and the snippet draws."""
    solutions_per_problem: int = 4
    """k: candidate solutions per problem (one request with ``n=k``)."""
    min_agreement: int = 0
    """Other passing candidates that must agree (differential stage) with the canonical solution;
    0 accepts a lone passing candidate."""
    queue_size: int = 64
    """Problems waiting for verification; the model is throttled only when this queue is full."""
    taxonomy: str = "configs/taxonomy/default.yaml"
    """Taxonomy YAML (topics, concepts, data structures, difficulty); relative paths are found beside
    the config file, else under the repository root (as for every path in this config)."""
    templates: Templates = field(default_factory=Templates)
    """Prompt templates under ``prompts/``."""
    sampling: SamplingConfig = field(default_factory=SamplingConfig)
    """Sampling parameters per request kind."""
    model: ModelConfig = field(default_factory=ModelConfig)
    """The model backend (openai, vllm, transformers, replay) and how to reach it."""
    seeds: SeedsConfig = field(default_factory=SeedsConfig)
    """Optional seed snippets from a code corpus."""
    dedup: DedupConfig = field(default_factory=DedupConfig)
    """Exact and near-duplicate removal."""
    decontamination: DecontamConfig = field(default_factory=DecontamConfig)
    """Benchmarks whose problems must not leak into the data."""
    verify: VerifyConfig = field(default_factory=lambda: VerifyConfig(stages=["tests", "mutation", "properties", "differential"]))
    """Verification; ``differential`` in ``stages`` runs last, between the candidates that passed the
    rest, on a second executor of the same size (so up to twice ``workers`` sandbox workers)."""
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)
    """Where verification runs (local workers or a Ray cluster)."""
    out: str = "out/generate"
    """Output directory: accepted/, rejected/, stats.json, cache/."""
    seed_cache: str | None = None
    """A response-cache directory copied into ``OUT/cache`` before the run (answers already there
    win), e.g. a committed cache that the ``replay`` backend runs from offline."""
    shard_rows: int = 500
    """Rows per Parquet shard."""
    flush_seconds: float = 60.0
    """A shard is also written when its oldest buffered row is this old, bounding the work a kill loses."""

    def __post_init__(self) -> None:
        for name in ("num_problems", "solutions_per_problem", "queue_size", "shard_rows"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer, got {value!r}")
        if self.min_agreement < 0 or self.min_agreement >= self.solutions_per_problem:
            raise ConfigError(f"min_agreement must be in [0, solutions_per_problem), got {self.min_agreement!r}")
        if not self.flush_seconds > 0:
            raise ConfigError(f"flush_seconds must be positive, got {self.flush_seconds!r}")

    def resolve_paths(self, base: Path) -> None:
        """Make relative file paths absolute: relative to ``base`` (the config file's folder) when
        the path exists there, else to the repository root."""
        def resolve(path: str) -> str:
            p = Path(path).expanduser()
            if p.is_absolute():
                return str(p)
            for candidate in (base / p, ROOT / p):
                if candidate.exists():
                    return str(candidate.resolve())
            return str((base / p).resolve())

        self.taxonomy = resolve(self.taxonomy)
        if self.seed_cache:
            self.seed_cache = resolve(self.seed_cache)
        self.decontamination.files = [resolve(f) for f in self.decontamination.files]
        if self.decontamination.benchmark_dir:
            self.decontamination.benchmark_dir = resolve(self.decontamination.benchmark_dir)
        if self.seeds.dataset and (base / self.seeds.dataset).exists():
            self.seeds.dataset = str((base / self.seeds.dataset).resolve())
